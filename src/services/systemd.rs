//! What the kiosk tells systemd: `READY=1` once its first frame is on screen, and
//! `WATCHDOG=1` while its supervisor thread keeps time, so that a hung kiosk is restarted.
//!
//! The unit (`borne.service`) starts `borne session`, the relay (see [`relay_session`]), which
//! starts `xinit`, which starts Xorg and then the kiosk: `WATCHDOG_PID` is not the kiosk's, so it
//! is not compared with our own pid the way `sd_notify::watchdog_enabled` does. Outside systemd
//! (`NOTIFY_SOCKET` unset) every call does nothing.

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::time::Duration;

use sd_notify::NotifyState;

/// Tells systemd that the kiosk is up: its first frame is drawn.
pub fn notify_ready() {
    send(&[NotifyState::Ready]);
}

/// Tells systemd's watchdog that the kiosk still keeps time.
pub fn notify_watchdog() {
    send(&[NotifyState::Watchdog]);
}

/// How often the watchdog wants news: half its `WatchdogSec`, or `None` without a watchdog.
#[must_use]
pub fn watchdog_every() -> Option<Duration> {
    let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.parse().ok()?;
    (usec > 0).then(|| Duration::from_micros(usec / 2))
}

fn send(state: &[NotifyState<'_>]) {
    if std::env::var_os("NOTIFY_SOCKET").is_none() {
        return;
    }
    if let Err(error) = sd_notify::notify(state) {
        log::warn!("cannot tell systemd the kiosk's state: {error}");
    }
}

/// Runs the station's X session (`xinit ...`) as a child and relays its `READY=1` and
/// `WATCHDOG=1` to systemd; returns the session's exit code.
///
/// Why a relay: `borne.service` opens a logind session (`PAMName=login`, so that Xorg may
/// open the VT and the input devices without root), and logind moves the unit's processes into
/// that session's scope. systemd then drops notifications from every process but the unit's
/// main one, whatever `NotifyAccess=` says. This process is the main one: it hands the kiosk a
/// socket of its own (in a folder only this user can enter) and repeats what arrives there.
/// SIGTERM, SIGINT and SIGHUP are passed on to the session, which ends the person's session
/// the normal way.
///
/// # Errors
/// The session could not be started.
pub fn relay_session(program: &OsStr, args: &[OsString]) -> io::Result<i32> {
    let mut command = std::process::Command::new(program);
    command.args(args).env_remove("WATCHDOG_PID");
    let relay = match std::env::var_os("NOTIFY_SOCKET") {
        Some(_) => Some(Relay::bind()?),
        None => None,
    };
    if let Some(relay) = &relay {
        command.env("NOTIFY_SOCKET", &relay.path);
    }
    let mut child = command.spawn()?;
    if let Some(relay) = &relay {
        let socket = relay.socket.try_clone()?;
        std::thread::Builder::new()
            .name("notify-relay".into())
            .spawn(move || relay_messages(&socket))?;
    }
    forward_signals(child.id())?;
    let status = child.wait()?;
    drop(relay);
    // A session killed by a signal is a failure for systemd too (it restarts either way).
    Ok(status.code().unwrap_or(1))
}

/// The kiosk's notification socket: `<tmp>/borne-notify-<pid>/socket`, in a folder of mode
/// 0700 so that no other account (the guest above all) can feed the watchdog.
struct Relay {
    socket: UnixDatagram,
    path: PathBuf,
}

impl Relay {
    fn bind() -> io::Result<Self> {
        use std::os::unix::fs::DirBuilderExt as _;
        let dir = std::env::temp_dir().join(format!("borne-notify-{}", std::process::id()));
        // Left by an earlier process with the same number: ours to replace.
        std::fs::remove_dir_all(&dir).ok();
        std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
        let path = dir.join("socket");
        let socket = UnixDatagram::bind(&path)?;
        Ok(Self { socket, path })
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(dir) = self.path.parent() {
            // Best effort: a leftover folder holds nothing and is replaced next time.
            std::fs::remove_dir_all(dir).ok();
        }
    }
}

fn relay_messages(socket: &UnixDatagram) {
    let mut buffer = [0_u8; 4096];
    while let Ok(length) = socket.recv(&mut buffer) {
        let text = String::from_utf8_lossy(&buffer[..length]);
        for line in text.lines() {
            match line {
                "READY=1" => notify_ready(),
                "WATCHDOG=1" => notify_watchdog(),
                // Nothing else is the kiosk's to say for the unit.
                _ => {}
            }
        }
    }
}

fn forward_signals(child: u32) -> io::Result<()> {
    use nix::sys::signal::{Signal, kill};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    let Ok(pid) = i32::try_from(child) else {
        return Ok(());
    };
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if let Ok(signal) = Signal::try_from(signal) {
                    // The session may be gone already: nothing left to tell.
                    kill(nix::unistd::Pid::from_raw(pid), signal).ok();
                }
            }
        })?;
    Ok(())
}
