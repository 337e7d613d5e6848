//! The person's aids inside the browser's sandbox, as they chose them in the accessibility
//! menu: the Orca screen reader (Debian `orca`) for the pages, and an on-screen keyboard
//! (Debian `onboard`) under them.
//!
//! The sandboxed browser is started through a small starter ([`STARTER_FILE`], in the
//! opener's folder): `aids READER KEYBOARD BROWSER [ARGS...]`.
//! - READER `on` starts Orca once for the session: the AT-SPI bus launcher on the session's
//!   private D-Bus bus, the registry, then Orca; and asks both browsers for their pages'
//!   accessibility. `off` stops a running Orca (the bus and its registry, which read nothing,
//!   stay until the browser starts again or the session ends). A pid file is believed only if
//!   it names a live process of the expected name.
//! - KEYBOARD `WIDTHxHEIGHT+X+Y` starts the keyboard there once; `-` stops it.
//! - Then it becomes the browser (same process).
//!
//! Both run as the guest, in the sandbox, and are processes of the session like the browser:
//! they end with the session at the latest, and the wipe's proof counts them. Neither writes
//! what it reads or what is typed (their settings stay in memory or in the session's HOME).

use crate::services::sandbox::{HOME, SandboxPaths, opener_on_host};
use crate::services::x11::Rect;

/// The screen reader (Debian `orca`).
pub const ORCA: &str = "/usr/bin/orca";
/// The on-screen keyboard (Debian `onboard`).
pub const ONBOARD: &str = "/usr/bin/onboard";

/// Whether the screen reader can be started for the pages: installed, and the browser in its
/// sandbox (where the starter runs).
#[must_use]
pub fn screen_reader_can_start(sandboxed: bool) -> bool {
    sandboxed && std::path::Path::new(ORCA).exists()
}

/// Whether the on-screen keyboard can be started: installed, and the browser in its sandbox.
#[must_use]
pub fn keyboard_can_start(sandboxed: bool) -> bool {
    sandboxed && std::path::Path::new(ONBOARD).exists()
}

/// The starter, in the opener's folder (bound read-only at `/tmp/.borne`).
pub const STARTER_FILE: &str = "bin/aids";

/// The password and group files of the sandbox, in the opener's folder, bound over the
/// station's.
pub const ACCOUNT_FILES: [&str; 2] = ["etc/passwd", "etc/group"];

/// The starter, a shell script.
const STARTER: &str = r#"#!/bin/sh
# Borne: the person's aids in the browser's sandbox (see src/services/aids.rs).
#   aids READER KEYBOARD BROWSER [ARGS...]
reader="$1"
keyboard="$2"
shift 2
# Whether the pid in file $1 is a live process called $2 (a stale or odd file is not).
running() {
  pid=$(cat "$1" 2>/dev/null)
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}
stop() {
  if running "$1" "$2"; then kill "$pid"; fi
  rm -f "$1"
}
# Runs "$@" until it succeeds, five seconds at most.
within_5s() {
  tries=0
  until "$@"; do
    [ "$tries" -ge 50 ] && return 1
    sleep 0.1
    tries=$((tries + 1))
  done
}
a11y_bus_answers() {
  a11y_bus=$(dbus-send --session --print-reply=literal --dest=org.a11y.Bus /org/a11y/bus \
    org.a11y.Bus.GetAddress 2>/dev/null | tr -d ' ')
  [ -n "$a11y_bus" ] && dbus-send --bus="$a11y_bus" --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.Peer.Ping 2>/dev/null
}
registry_answers() {
  dbus-send --bus="$a11y_bus" --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.a11y.atspi.Registry 2>/dev/null | grep -q true
}
orca_pid="$TMPDIR/.borne-orca.pid"
if [ "$reader" = on ]; then
  export GNOME_ACCESSIBILITY=1 ACCESSIBILITY_ENABLED=1
  if ! running "$orca_pid" orca && [ -x /usr/bin/orca ] && [ -n "$DBUS_SESSION_BUS_ADDRESS" ]; then
    # The accessibility bus, on the session's private bus.
    if ! a11y_bus_answers; then
      /usr/libexec/at-spi-bus-launcher --launch-immediately </dev/null >/dev/null 2>&1 &
    fi
    # The registry of accessible applications, started here and waited for: Orca stops at
    # once if it cannot register.
    if within_5s a11y_bus_answers; then
      if ! registry_answers; then
        /usr/libexec/at-spi2-registryd </dev/null >/dev/null 2>&1 &
      fi
      within_5s registry_answers
    fi
    # Digits typed are not said aloud: a volunteer's PIN typed on the keyboard during the
    # session stays silent. Letters are, for the person typing.
    settings="$XDG_DATA_HOME/orca/user-settings.conf"
    if [ -n "$XDG_DATA_HOME" ] && [ ! -e "$settings" ]; then
      mkdir -p "${settings%/*}"
      echo '{"general": {"enableNumericKeys": false}, "profiles": {"default": {"profile":' \
        '["Default", "default"], "pronunciations": {}, "keybindings": {},' \
        '"enableNumericKeys": false}}, "pronunciations": {}, "keybindings": {}}' > "$settings"
    fi
    /usr/bin/orca </dev/null >/dev/null 2>&1 &
    echo "$!" > "$orca_pid"
  fi
else
  stop "$orca_pid" orca
fi
keyboard_pid="$TMPDIR/.borne-onboard.pid"
if [ "$keyboard" != - ]; then
  if ! running "$keyboard_pid" onboard && [ -x /usr/bin/onboard ]; then
    at="${keyboard#*+}"
    # Settings in memory: nothing of the keyboard is kept.
    GSETTINGS_BACKEND=memory /usr/bin/onboard --size="${keyboard%%+*}" -x "${at%%+*}" \
      -y "${at#*+}" </dev/null >/dev/null 2>&1 &
    echo "$!" > "$keyboard_pid"
  fi
else
  stop "$keyboard_pid" onboard
fi
exec "$@"
"#;

/// The starter's first two arguments for a browser whose person asked for `screen_reader`
/// and `keyboard` (where the keyboard goes).
#[must_use]
pub fn starter_args(screen_reader: bool, keyboard: Option<Rect>) -> [String; 2] {
    [
        if screen_reader { "on" } else { "off" }.to_owned(),
        keyboard.map_or_else(
            || "-".to_owned(),
            |r| format!("{}x{}+{}+{}", r.width, r.height, r.x, r.y),
        ),
    ]
}

/// Writes the starter in the session's opener folder. Run again for each new site, maybe
/// while another start runs it: replaced, never changed in place.
///
/// # Errors
/// The I/O error of writing it.
pub fn write_starter(paths: &SandboxPaths) -> std::io::Result<()> {
    let starter = opener_on_host(paths).join(STARTER_FILE);
    if let Some(dir) = starter.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::services::atomic::write_if_changed(&starter, STARTER.as_bytes(), 0o755)
}

/// Writes the sandbox's password and group files: root and the account the browser runs as
/// (`uid`, `gid`), under its name on the station, HOME [`HOME`], no shell. Nothing else of the
/// station's accounts is seen. Without them, a D-Bus daemon in the sandbox (the screen
/// reader's accessibility bus) cannot find its own user and answers no one.
///
/// # Errors
/// The I/O error of writing them.
pub fn write_accounts(paths: &SandboxPaths, uid: u32, gid: u32) -> std::io::Result<()> {
    use nix::unistd::{Gid, Group, Uid, User};
    let user = User::from_uid(Uid::from_raw(uid))
        .ok()
        .flatten()
        .map_or_else(|| format!("u{uid}"), |user| user.name);
    let group = Group::from_gid(Gid::from_raw(gid))
        .ok()
        .flatten()
        .map_or_else(|| format!("g{gid}"), |group| group.name);
    let mut passwd = "root:x:0:0:root:/root:/usr/sbin/nologin\n".to_owned();
    let mut groups = "root:x:0:\n".to_owned();
    if uid != 0 {
        passwd.push_str(&format!("{user}:x:{uid}:{gid}::{HOME}:/usr/sbin/nologin\n"));
    }
    if gid != 0 {
        groups.push_str(&format!("{group}:x:{gid}:\n"));
    }
    std::fs::create_dir_all(opener_on_host(paths).join("etc"))?;
    for (file, text) in ACCOUNT_FILES.iter().zip([passwd, groups]) {
        crate::services::atomic::write_if_changed(
            &opener_on_host(paths).join(file),
            text.as_bytes(),
            0o644,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt as _;

    use super::*;

    /// The script names the very programs the kiosk checks for before asking for them.
    #[test]
    fn the_starter_starts_the_programs_the_kiosk_looks_for() {
        for program in [ORCA, ONBOARD] {
            assert!(
                STARTER.contains(&format!("[ -x {program} ]")),
                "{program} checked"
            );
            assert!(
                STARTER.contains(&format!("{program} </dev/null"))
                    || STARTER.contains(&format!("{program} --size")),
                "{program} started"
            );
        }
    }

    #[test]
    fn the_starter_becomes_the_browser() {
        let root = std::env::temp_dir().join(format!("borne-aids-{}", std::process::id()));
        let paths = SandboxPaths::under(&root);
        std::fs::create_dir_all(&paths.tmp).unwrap();
        write_starter(&paths).unwrap();
        let starter = opener_on_host(&paths).join(STARTER_FILE);
        let keyboard = Rect {
            x: 0,
            y: 520,
            width: 1280,
            height: 280,
        };
        assert_eq!(
            starter_args(true, Some(keyboard)),
            ["on".to_owned(), "1280x280+0+520".to_owned()]
        );
        // Without a bus there is no screen reader to start, and a test machine may have no
        // keyboard program: the browser starts all the same, with its arguments as they were,
        // and asked for its accessibility when reading aloud.
        for (reader, asked) in [(true, "1"), (false, "")] {
            let output = std::process::Command::new(&starter)
                .args(starter_args(reader, None))
                .args([
                    "/bin/sh",
                    "-c",
                    "printf '%s|%s' \"$1\" \"$GNOME_ACCESSIBILITY\"",
                    "sh",
                    "--an arg",
                ])
                .env_clear()
                .env("TMPDIR", &paths.tmp)
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&output.stdout),
                format!("--an arg|{asked}"),
                "reader {reader}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        // A keyboard asked and then no longer: its process is stopped. A pid file that names
        // another process (a pid used again) or no pid at all stops nothing.
        let pid_file = paths.tmp.join(".borne-onboard.pid");
        let keyboard = root.join("onboard");
        std::fs::copy("/bin/sleep", &keyboard).unwrap();
        let stop_keyboard = || {
            let status = std::process::Command::new(&starter)
                .args(starter_args(false, None))
                .arg("/bin/true")
                .env_clear()
                .env("TMPDIR", &paths.tmp)
                .status()
                .unwrap();
            assert!(status.success());
        };
        let mut other = std::process::Command::new("/bin/sleep")
            .arg("30")
            .spawn()
            .unwrap();
        for odd in [other.id().to_string(), "-1".to_owned(), "1 2".to_owned()] {
            std::fs::write(&pid_file, odd).unwrap();
            stop_keyboard();
            assert!(
                other.try_wait().unwrap().is_none(),
                "another process was stopped"
            );
        }
        other.kill().unwrap();
        other.wait().unwrap();
        let mut stand_in = std::process::Command::new(&keyboard)
            .arg("30")
            .spawn()
            .unwrap();
        std::fs::write(&pid_file, stand_in.id().to_string()).unwrap();
        stop_keyboard();
        assert!(
            stand_in.wait().unwrap().signal().is_some(),
            "the keyboard still runs"
        );
        assert!(!pid_file.exists());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
