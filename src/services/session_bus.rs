//! The session's private D-Bus bus (Debian's `dbus-daemon`), in one place for both ways it is
//! started (by the kiosk, or as the guest through `borne guest bus`): where its socket and
//! config go in the session's TMPDIR, its arguments, and the wait for its socket.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The D-Bus daemon of Debian's `dbus-daemon` package.
pub const DBUS_DAEMON: &str = "/usr/bin/dbus-daemon";

/// How long a new bus gets to open its socket.
const READY_WITHIN: Duration = Duration::from_secs(3);

/// The bus of one session.
pub struct SessionBus {
    /// Its socket.
    pub socket: PathBuf,
    /// Its config file.
    pub config: PathBuf,
}

impl SessionBus {
    /// The bus of the session whose TMPDIR is `tmp`.
    #[must_use]
    pub fn in_tmp(tmp: &Path) -> Self {
        Self {
            socket: tmp.join("bus"),
            config: tmp.join("bus.conf"),
        }
    }

    /// Writes its config file, and removes the socket of a bus that ran before in the session
    /// (the browser started again for the person's choices): [`SessionBus::wait_address`] then
    /// waits for the new one. The session's TMPDIR is the guest's: the file is replaced, never
    /// written through a link the guest left there.
    ///
    /// # Errors
    /// The file could not be written, or the old socket removed.
    pub fn write_config(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.socket) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        crate::services::atomic::write(
            &self.config,
            config_text(&self.socket).as_bytes(),
            0o644,
            None,
        )
    }

    /// The daemon's arguments.
    #[must_use]
    pub fn args(&self) -> [String; 2] {
        [
            format!("--config-file={}", self.config.display()),
            "--nofork".to_owned(),
        ]
    }

    /// Waits (a few seconds at most) for the daemon's socket, then gives the bus's address.
    #[must_use]
    pub fn wait_address(&self) -> String {
        let until = Instant::now() + READY_WITHIN;
        while !self.socket.exists() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        format!("unix:path={}", self.socket.display())
    }
}

/// The session's private D-Bus bus: Firefox hands a new site to its running window over D-Bus
/// (without a bus, a second start says "Firefox is already running"), and Chromium stops
/// complaining. The bus activates no service: no desktop program can be started through it.
fn config_text(socket: &Path) -> String {
    format!(
        "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\"\n \
         \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n\
         <busconfig>\n  <type>session</type>\n  <listen>unix:path={}</listen>\n  \
         <auth>EXTERNAL</auth>\n  <policy context=\"default\">\n    \
         <allow send_destination=\"*\" eavesdrop=\"true\"/>\n    <allow eavesdrop=\"true\"/>\n    \
         <allow own=\"*\"/>\n  </policy>\n</busconfig>\n",
        socket.display()
    )
}
