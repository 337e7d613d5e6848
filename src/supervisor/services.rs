//! What the station needs from the world, as small traits named after what they do. The real
//! ones drive X11, the browser, the session directory and processes
//! ([`StationServices`](crate::services::station_services::StationServices)); tests use a fake.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::config::edit::ConfigEdit;
use crate::domain::{
    Assist, CopyFailure, DriveSummary, FileSummary, Language, PinCheck, PinEntry, PinProblem,
    PolicyState, PrintStatus, Problem, ProblemKind, SessionKind, SessionSummary, SettingsProblem,
    TextSize,
};
use crate::services::usage_log::Report;

/// The session's place: its directory, made fresh for each session and wiped after it.
pub trait SessionPlace {
    /// Creates a fresh session directory.
    /// `longest` is the most it can last (length and extensions): a crash's note caps the
    /// duration it counts with it.
    fn prepare_session(&mut self, kind: SessionKind, longest: Duration) -> Result<(), Problem>;
    /// Stops every process of the session, removes the session directory, and checks that
    /// nothing of the session remains.
    fn clear_session(&mut self) -> Result<(), Problem>;
    /// Whether the session's space (its tmpfs) is all but full.
    fn session_space_full(&mut self) -> bool;
    /// Renews, now and then, the on-disk note that counts the session if a power cut ends it.
    fn keep_session_noted(&mut self);
}

/// The session's browser.
pub trait Browser {
    /// Opens `url` in the session's browser, starting it if needed, in `language`.
    /// The pages are drawn at the person's `text_size` when the browser starts.
    fn open_site(&mut self, url: &str, language: Language, assist: Assist) -> Result<(), Problem>;
    /// Starts the running browser again with its tabs if the pages must be drawn or read
    /// otherwise for `assist` (text size, contrast, reading aloud, on-screen keyboard).
    /// `Ok(false)`: nothing to do (no browser runs, or nothing changed).
    fn restyle_browser(&mut self, language: Language, assist: Assist) -> Result<bool, Problem>;
    /// Whether the session's browser still runs (it may crash, be killed, or close itself).
    fn browser_running(&mut self) -> bool;
}

/// The X desktop: input and the order of the windows.
pub trait Desktop {
    /// How long the whole desktop has had no keyboard or mouse input.
    fn idle(&mut self) -> Duration;
    /// Puts the shell above everything (`true`) or the browser below the bar above the shell
    /// (`false`). Called when this changes, and every tick while the browser is shown so that
    /// windows opened later are placed too.
    /// `text_size`: the bar is drawn larger with a larger text, and the browser goes below it.
    fn arrange_windows(&mut self, shell_on_top: bool, text_size: TextSize);
}

/// The person's files and their USB keys, for the save screen.
pub trait PersonFiles {
    /// The person's files, for the save screen before the end.
    fn list_files(&mut self) -> Vec<FileSummary>;
    /// The USB keys plugged in now.
    fn drives(&mut self) -> Vec<DriveSummary>;
    /// Copies the person's files to the key mounted at `mount_point`, reporting progress, and
    /// syncs it so that it can be pulled out. Returns the number of files copied.
    fn copy_files(
        &mut self,
        mount_point: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u32, CopyFailure>;
}

/// The anonymous usage log.
pub trait UsageRecords {
    /// Keeps the anonymous summary of a session that ended. Never stops the station: a failure
    /// is logged by the service.
    fn record_session(&mut self, summary: &SessionSummary);
    /// Notes that the station went out of service, and why.
    fn record_out_of_service(&mut self, kind: ProblemKind);
    /// Notes that the station serves the public again.
    fn record_back_in_service(&mut self);
    /// The usage statistics of the last twelve months, for the admin's screen.
    fn usage_report(&mut self) -> Option<Report>;
}

/// The staff PINs.
pub trait StaffPins {
    /// Checks a PIN typed on the pad against the secrets store, counting a wrong one. A wrong
    /// PIN that starts a back-off answers [`PinCheck::Wait`].
    fn check_pin(&mut self, pin: &PinEntry, wall: DateTime<Utc>) -> PinCheck;
    /// Saves new PINs in one write. With a `proof`, it must first match the PIN of the role
    /// that is not being set.
    fn save_pins(
        &mut self,
        admin: Option<&PinEntry>,
        volunteer: Option<&PinEntry>,
        proof: Option<&PinEntry>,
        wall: DateTime<Utc>,
    ) -> Result<(), PinProblem>;
}

/// The checks that let a station serve the public, and the admin's settings.
pub trait StationChecks {
    /// Checks that the station can serve the public again: the browser policy matches.
    fn check_station(&mut self) -> Result<(), Problem>;
    /// Looks again whether what keeps the station out of service is gone: the policies match,
    /// the config file the kiosk could not load is valid now, a browser is installed.
    fn recheck_station(&mut self) -> Result<(), Problem>;
    /// Applies the admin's changes of the settings in order and saves them in one write, records
    /// that it happened (what,
    /// never who), and brings the browser policy in line. Returns the new config, and whether
    /// the policy matches or must be installed by root.
    fn save_settings(
        &mut self,
        edits: &[ConfigEdit],
    ) -> Result<(Config, PolicyState), SettingsProblem>;
}

/// What a session prints.
pub trait Printing {
    /// What the running session printed so far; `None` if it cannot be known (no CUPS).
    fn print_status(&mut self) -> Option<PrintStatus>;
    /// Cancels the running session's unfinished print jobs (its page limit is reached).
    fn stop_printing(&mut self);
}

/// Reading Borne's sentences aloud.
pub trait Speech {
    /// Says `text` aloud in `language`, cutting what is still being said. Never fails the
    /// station: a missing voice is logged.
    fn speak(&mut self, text: &str, language: Language);
}

/// Everything the supervisor needs, in one box: every small trait above. The real services and
/// the tests' fake each say they are all of it.
pub trait Services:
    SessionPlace
    + Browser
    + Desktop
    + PersonFiles
    + UsageRecords
    + StaffPins
    + StationChecks
    + Printing
    + Speech
    + Send
{
}
