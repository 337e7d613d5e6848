#!/usr/bin/env python3
"""Drives the test VM of scripts/vm-test (python3 standard library only).

Two channels, both unix sockets opened by QEMU in server mode:
  * QMP: screendump, keys (send-key), typed text, mouse clicks (input-send-event on the
    usb-tablet), power cut (quit);
  * the serial port ttyS0, where a root shell is logged in automatically (the image's
    serial-getty drop-in) with echo off and no prompt: a command is sent base64-encoded and
    its output is read between two unique markers, followed by its exit status.

Usage (see `qmp.py --help`):
  qmp.py --qmp SOCK screendump OUT.png
  qmp.py --qmp SOCK keys ctrl-alt-f1 [ret ...]
  qmp.py --qmp SOCK type 482916
  qmp.py --qmp SOCK click X Y --size 1024x768
  qmp.py --qmp SOCK quit
  qmp.py --serial SOCK wait-shell --timeout 300
  qmp.py --serial SOCK run 'systemctl is-active borne' [--timeout 60]
"""

import argparse
import base64
import json
import os
import re
import secrets
import socket
import sys
import time


class QmpError(Exception):
    pass


class Qmp:
    """A QMP client (one connection; QEMU accepts the next one after we close)."""

    def __init__(self, path, timeout=30.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.settimeout(timeout)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.file = self.sock.makefile("rwb")
        greeting = self._read()
        if "QMP" not in greeting:
            raise QmpError(f"not a QMP greeting: {greeting}")
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.file.readline()
        if not line:
            raise QmpError("QMP connection closed")
        return json.loads(line)

    def cmd(self, name, **arguments):
        message = {"execute": name}
        if arguments:
            message["arguments"] = arguments
        self.file.write(json.dumps(message).encode() + b"\n")
        self.file.flush()
        while True:
            try:
                reply = self._read()
            except QmpError:
                if name == "quit":
                    return {}
                raise
            if "event" in reply:
                continue
            if "error" in reply:
                raise QmpError(f"{name}: {reply['error']}")
            return reply.get("return")

    def close(self):
        try:
            self.file.close()
            self.sock.close()
        except OSError:
            pass


# Characters typed with `type`, as QEMU key codes (a US layout in the guest; digits only are
# used for PINs, and they sit on the same keys in every layout's number row with or without
# shift, so `type` sends digits with the keypad when asked).
CHAR_KEYS = {
    " ": ["spc"],
    "\n": ["ret"],
    ".": ["dot"],
    "-": ["minus"],
    "/": ["slash"],
    ":": ["shift", "semicolon"],
    "_": ["shift", "minus"],
}


def keys_for(char, keypad):
    if char.isdigit():
        return [f"kp_{char}"] if keypad else [char]
    if "a" <= char <= "z":
        return [char]
    if "A" <= char <= "Z":
        return ["shift", char.lower()]
    if char in CHAR_KEYS:
        return CHAR_KEYS[char]
    raise SystemExit(f"qmp.py: no key for {char!r}")


def send_combo(qmp, combo, hold_ms=120):
    keys = [{"type": "qcode", "data": k} for k in combo.split("-")] if combo != "-" else [
        {"type": "qcode", "data": "minus"}
    ]
    qmp.cmd("send-key", keys=keys, **{"hold-time": hold_ms})


def click(qmp, x, y, size, button="left"):
    width, height = size
    ax = max(0, min(0x7FFF, round(x * 0x7FFF / max(1, width - 1))))
    ay = max(0, min(0x7FFF, round(y * 0x7FFF / max(1, height - 1))))
    move = [
        {"type": "abs", "data": {"axis": "x", "value": ax}},
        {"type": "abs", "data": {"axis": "y", "value": ay}},
    ]
    qmp.cmd("input-send-event", events=move)
    # The pointer hovers for a frame or two before the press (frames are slow without KVM).
    time.sleep(0.6)
    for down in (True, False):
        qmp.cmd(
            "input-send-event",
            events=move + [{"type": "btn", "data": {"down": down, "button": button}}],
        )
        time.sleep(0.12)


class Serial:
    """The root shell on ttyS0."""

    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buffer = b""

    def send(self, text):
        self.sock.sendall(text.encode())

    def read_until(self, pattern, timeout):
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.buffer)
            if match:
                return match
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(min(left, 1.0))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise ConnectionError("serial socket closed")
            self.buffer += chunk

    def wait_shell(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            tag = secrets.token_hex(4)
            # The quotes keep an echoed command line from matching the marker.
            self.send(f"\necho @@RE''ADY{tag}\n")
            if self.read_until(rb"@@READY" + tag.encode(), min(3.0, deadline - time.monotonic())):
                self.buffer = b""
                return True
        return False

    def run(self, command, timeout):
        tag = secrets.token_hex(6)
        script = base64.b64encode(command.encode()).decode()
        chunks = [script[i : i + 2048] for i in range(0, len(script), 2048)]
        path = f"/tmp/.vmtest-{tag}"
        self.buffer = b""
        for i, chunk in enumerate(chunks):
            self.send(f"echo {chunk} {'>' if i == 0 else '>>'} {path}.b64\n")
        self.send(
            f"base64 -d {path}.b64 > {path}; echo @@B''{tag}; "
            f"bash {path} </dev/null 2>&1; echo @@E''{tag} $?; rm -f {path} {path}.b64\n"
        )
        end = self.read_until(rb"@@E" + tag.encode() + rb" (\d+)\r?\n", timeout)
        if not end:
            raise TimeoutError(f"no answer within {timeout}s to: {command[:200]}")
        begin = re.search(rb"@@B" + tag.encode() + rb"\r?\n", self.buffer)
        start = begin.end() if begin else 0
        output = self.buffer[start : end.start()].replace(b"\r", b"")
        return int(end.group(1)), output.decode(errors="replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--qmp", help="QMP socket")
    parser.add_argument("--serial", help="serial console socket")
    sub = parser.add_subparsers(dest="action", required=True)
    p = sub.add_parser("screendump")
    p.add_argument("out")
    p = sub.add_parser("keys", help="key combos such as ctrl-alt-f1, ret, tab")
    p.add_argument("combos", nargs="+")
    p.add_argument("--hold", type=int, default=120)
    p.add_argument("--gap", type=float, default=0.25)
    p = sub.add_parser("type", help="type text key by key")
    p.add_argument("text")
    p.add_argument("--keypad", action="store_true", help="digits from the numeric keypad")
    p.add_argument("--gap", type=float, default=0.15)
    p = sub.add_parser("click")
    p.add_argument("x", type=float)
    p.add_argument("y", type=float)
    p.add_argument("--size", default="1024x768", help="screen size WxH")
    p.add_argument("--button", default="left")
    sub.add_parser("quit")
    p = sub.add_parser("hmp", help="a human monitor command")
    p.add_argument("line")
    p = sub.add_parser("wait-shell")
    p.add_argument("--timeout", type=float, default=300)
    p = sub.add_parser("run")
    p.add_argument("command")
    p.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()

    if args.action in ("wait-shell", "run"):
        if not args.serial:
            parser.error("--serial is needed")
        try:
            serial = Serial(args.serial)
        except OSError as error:
            print(f"qmp.py: serial socket {args.serial}: {error}", file=sys.stderr)
            return 125
        if args.action == "wait-shell":
            return 0 if serial.wait_shell(args.timeout) else 1
        try:
            status, output = serial.run(args.command, args.timeout)
        except TimeoutError as error:
            print(f"qmp.py: {error}", file=sys.stderr)
            return 124
        sys.stdout.write(output)
        return status

    if not args.qmp:
        parser.error("--qmp is needed")
    try:
        qmp = Qmp(args.qmp, timeout=5 if args.action == "quit" else 30)
    except (OSError, QmpError) as error:
        print(f"qmp.py: QMP socket {args.qmp}: {error}", file=sys.stderr)
        return 125
    try:
        if args.action == "screendump":
            tmp = args.out + ".tmp"
            qmp.cmd("screendump", filename=os.path.abspath(tmp), format="png")
            os.replace(tmp, args.out)
        elif args.action == "keys":
            for combo in args.combos:
                send_combo(qmp, combo, args.hold)
                time.sleep(args.gap)
        elif args.action == "type":
            for char in args.text:
                send_combo(qmp, "-".join(keys_for(char, args.keypad)))
                time.sleep(args.gap)
        elif args.action == "click":
            width, height = (int(v) for v in args.size.split("x"))
            click(qmp, args.x, args.y, (width, height), args.button)
        elif args.action == "hmp":
            print(qmp.cmd("human-monitor-command", **{"command-line": args.line}))
        elif args.action == "quit":
            qmp.cmd("quit")
    finally:
        qmp.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
