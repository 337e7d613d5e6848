//! The real [`Services`] of a station: session directory, browser, processes and X11 windows.

use std::path::PathBuf;
use std::process::Child;
use std::time::{Duration, Instant};

use nix::sys::wait::{WaitPidFlag, waitpid};
use nix::unistd::Pid as NixPid;

use crate::config::BrowserChoice;
use crate::domain::{Problem, ProblemKind, TextSize};
use crate::services::browser::BrowserProgram;
use crate::services::guest::GuestMode;
use crate::services::policy::Policies;
use crate::services::printing::SessionPrints;
use crate::services::processes::{SessionProcesses, SpawnError};
use crate::services::sandbox::KeyAccess;
use crate::services::session_dir::{SessionDir, SessionDirs};
use crate::services::settings_store::SettingsStore;
use crate::services::speech::Speaker;
use crate::services::staff_store::StaffStore;
use crate::services::usage_log::{SessionRecord, UsageLog};
use crate::services::usb;
use crate::services::x11::X11Desktop;
use crate::supervisor::Services;

mod browser;
mod checks;
mod prints;
mod records;
mod session;

/// What the services need to know, decided once at start.
#[derive(Clone, Debug)]
pub struct ServiceSettings {
    /// The browser to start, if one is installed.
    pub browser: Option<BrowserProgram>,
    /// Who the browser runs as.
    pub guest: GuestMode,
    /// Where session directories are made.
    pub session_root: PathBuf,
    /// Height of the bar in physical pixels: the browser goes below it.
    pub bar_height_px: u32,
    /// How long processes get to stop after SIGTERM.
    pub stop_grace: Duration,
    /// The browsers' policies the config calls for, checked before every session; `None` in
    /// demonstration mode, which says on screen that it is not locked down.
    pub policies: Option<Policies>,
    /// The system root the policies are installed under: `/` on a station.
    pub policy_root: PathBuf,
    /// The station's config file when the kiosk could not load it and runs out of service on
    /// the embedded default: looked at again until it is valid.
    pub broken_config: Option<PathBuf>,
    /// The browser the config asks for, looked for again while none is installed.
    pub browser_choice: BrowserChoice,
    /// Where the notes of running sessions are kept on disk (beside the usage log), so that a
    /// power cut, which erases the in-memory session directories, is still counted.
    pub open_notes: Option<PathBuf>,
    /// Whether the browser runs in its sandbox ([`sandbox`]): always on a station; a
    /// demonstration on a machine without bubblewrap goes without.
    pub sandbox: bool,
    /// What the browser may do with USB keys.
    pub usb_keys: KeyAccess,
}

struct Running {
    dir: SessionDir,
    processes: SessionProcesses,
    browser: Option<Child>,
    /// The session's D-Bus daemon and its address.
    bus: Option<(Child, String)>,
    /// The person's files as last listed for the save screen: what a copy takes.
    listed: Vec<usb::PersonFile>,
    /// Short-lived browser processes that handed a new site to the running browser; reaped
    /// later so that the station never waits for them.
    handovers: Vec<Child>,
    /// When the on-disk note of the session was last renewed.
    noted_at: Instant,
    /// Whether the browser's profile and sandbox files were written (once, before any process
    /// of the guest).
    prepared: bool,
    /// How the running browser draws and reads pages (`None`: none started yet).
    look: Option<crate::services::browser::PageLook>,
    /// What the session printed so far.
    prints: SessionPrints,
    /// Whether a failure to ask CUPS was logged already (once per session, not every second).
    prints_unknown: bool,
}

/// How often the on-disk note of a running session is renewed: the error on the duration of a
/// session that a power cut ended.
const KEEP_NOTE_EVERY: Duration = Duration::from_secs(60);

/// Below this much free space (or 2 % of it), the session's space counts as full.
const SPACE_FULL_BELOW_BYTES: u64 = 16 * 1024 * 1024;

/// Why a station with no browser serves nobody.
#[must_use]
pub fn no_browser() -> Problem {
    Problem {
        kind: ProblemKind::NoBrowser,
        detail: "apt install chromium chromium-l10n".into(),
    }
}

/// How many sessions wait in memory while the usage log refuses them (a day of a busy station).
const UNSAVED_SESSIONS: usize = 200;

/// The services of a real station.
pub struct StationServices {
    settings: ServiceSettings,
    dirs: SessionDirs,
    desktop: Option<X11Desktop>,
    session: Option<Running>,
    /// The anonymous usage log, if it could be opened.
    usage: Option<UsageLog>,
    /// Sessions the usage log refused (locked, disk full), oldest first, saved with the next.
    unsaved: Vec<SessionRecord>,
    /// Pids known to belong to the session, to recognise its windows without scanning every
    /// process every second.
    window_pids: Vec<u32>,
    /// The staff PINs; `None` lets nobody in.
    staff: Option<StaffStore>,
    /// Whether the browser was given the keyboard since it last came above the shell.
    browser_has_keyboard: bool,
    /// The config the admin edits, and the smallest count its reports show.
    settings_store: Option<(SettingsStore, u32)>,
    /// Reads Borne's sentences aloud.
    speaker: Speaker,
    /// The text size the person chose: the bar grows with it.
    text_size: TextSize,
}

impl StationServices {}

/// Why the session's browser did not start.
#[derive(Debug, thiserror::Error)]
enum BrowserStartError {
    /// Its profile, sandbox or folders could not be made ready.
    #[error("cannot prepare {what}: {cause}")]
    Prepare {
        /// What.
        what: String,
        /// Why.
        cause: std::io::Error,
    },
    /// The browser, bubblewrap or sudo could not be started.
    #[error(transparent)]
    Spawn(#[from] SpawnError),
}

fn clear_failed(detail: &dyn std::fmt::Display) -> Problem {
    Problem {
        kind: ProblemKind::ClearFailed,
        detail: detail.to_string(),
    }
}

/// Reaps with `reap` until no zombie child is left, for at most 2 s. What the guest helper
/// stopped, or what stopped before we looked, was reparented to the kiosk (a subreaper) and
/// waits for us: the proof counts unreaped zombies. A zombie whose parent is still exiting
/// (sudo, a shell killed with its child) is ours a moment later.
fn reap_until_settled(reap: &mut dyn FnMut()) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        reap();
        // A /proc that cannot be listed is the proof's to report.
        let none_left = crate::services::wipe::own_zombies().is_ok_and(|zombies| zombies == 0);
        if none_left || std::time::Instant::now() >= until {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Reaps every child that has exited, ours and the orphans we adopted as subreaper.
fn reap_children() {
    while let Ok(status) = waitpid(NixPid::from_raw(-1), Some(WaitPidFlag::WNOHANG)) {
        if status == nix::sys::wait::WaitStatus::StillAlive {
            break;
        }
    }
}

impl Services for StationServices {}
