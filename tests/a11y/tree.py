# A real assistive client (pyatspi, the library of the Orca screen reader) reads the kiosk with
# process id ARGV[1] over AT-SPI, and prints its accessible tree: depth, role and name of each
# node, one per line, tab-separated. With "press NAME", it first does the action of the button
# called NAME (as a screen reader user would), then waits a moment.
import sys
import time

import pyatspi


def find_app(pid):
    for app in pyatspi.Registry.getDesktop(0):
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            pass
    return None


def walk(node, depth, out):
    out.append((depth, node.getRoleName(), node.name or ""))
    for child in node:
        if child is not None:
            walk(child, depth + 1, out)


def press(node, name):
    if node.getRoleName() in ("push button", "toggle button") and node.name == name:
        node.queryAction().doAction(0)
        return True
    return any(press(child, name) for child in node if child is not None)


pid = int(sys.argv[1])
deadline = time.time() + 30
app = find_app(pid)
while app is None and time.time() < deadline:
    time.sleep(0.3)
    app = find_app(pid)
if app is None:
    print("no application with pid", pid, "on the accessibility bus")
    sys.exit(1)
if len(sys.argv) > 3 and sys.argv[2] == "press":
    if not press(app, sys.argv[3]):
        print("no button named", sys.argv[3])
        sys.exit(2)
    time.sleep(1.5)
out = []
walk(app, 0, out)
for depth, role, name in out:
    print(f"{depth}\t{role}\t{name}")
