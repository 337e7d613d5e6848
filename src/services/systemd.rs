//! What the kiosk tells systemd: `READY=1` once its first frame is on screen, and
//! `WATCHDOG=1` while its supervisor thread keeps time, so that a hung kiosk is restarted.
//!
//! The unit (`borne.service`) starts `xinit`, which starts Xorg and then the kiosk: the kiosk
//! is not the unit's main process, so the unit has `NotifyAccess=all`, and `WATCHDOG_PID`
//! (xinit's) is not compared with our own pid the way `sd_notify::watchdog_enabled` does.
//! Outside systemd (`NOTIFY_SOCKET` unset) every call does nothing.

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
        eprintln!("borne: cannot tell systemd the kiosk's state: {error}");
    }
}
