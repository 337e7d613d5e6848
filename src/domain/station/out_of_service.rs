//! Out of service: what keeps the station from serving, and the checks that let it serve again.

use std::time::Duration;

use crate::domain::Closure;

use super::{Effect, State, Station};

/// How often an out-of-service station looks whether its problem went away (a policy
/// reinstalled by the root service takes a second or two after an admin's save).
pub(super) const RECHECK_EVERY: Duration = Duration::from_secs(3);

/// Something that keeps the station from serving the public. The text shown is chosen by the UI;
/// `detail` is for staff and never holds anything about the person (no file name, no URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What went wrong.
    pub kind: ProblemKind,
    /// Technical detail for staff.
    pub detail: String,
}

/// The kinds of [`Problem`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The session directory could not be created.
    SessionSetup,
    /// The last session could not be cleared: processes survived or files remain.
    ClearFailed,
    /// The browser did not start (reported inside the session, not out of service).
    BrowserFailed,
    /// The browsers' installed policy is missing or does not match the config: a browser
    /// would not be locked down.
    PolicyMismatch,
    /// The station's config file is missing or invalid (the detail is `borne check-config`'s
    /// message); the kiosk runs on the embedded default only to say so.
    ConfigInvalid,
    /// Neither Chromium nor Firefox ESR is installed.
    NoBrowser,
    /// Staff closed the station to the public, for this reason.
    Closed(Closure),
}

impl ProblemKind {
    /// Its name in the usage log and in the antenna's status.
    pub fn code(self) -> &'static str {
        match self {
            Self::SessionSetup => "session-setup",
            Self::ClearFailed => "clear-failed",
            Self::PolicyMismatch => "browser-policy",
            Self::ConfigInvalid => "config",
            Self::NoBrowser => "no-browser",
            Self::Closed(_) => "staff",
            Self::BrowserFailed => "other",
        }
    }

    /// The kind named `code` (staff closing it has no single code: `None`).
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::SessionSetup,
            Self::ClearFailed,
            Self::PolicyMismatch,
            Self::ConfigInvalid,
            Self::NoBrowser,
            Self::BrowserFailed,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }
}

impl Station {
    /// The check asked for by "Rouvrir": either way the panel closes, and staff see the
    /// welcome screen or the out-of-service screen with what still stands in the way.
    pub(super) fn station_checked(&mut self, result: Result<(), Problem>) {
        if matches!(self.state, State::OutOfService(_)) {
            self.staff = None;
            match result {
                Ok(()) => self.welcome(),
                Err(problem) => self.state = State::OutOfService(problem),
            }
        }
    }

    /// Whether the station is out of service for a reason that can go away with no one at the
    /// screen: the root service reinstalls the policies after an admin's edit, an admin fixes
    /// the config from a console or installs a browser.
    pub(super) fn rechecks(&self) -> bool {
        matches!(&self.state, State::OutOfService(problem) if matches!(
            problem.kind,
            ProblemKind::PolicyMismatch | ProblemKind::ConfigInvalid | ProblemKind::NoBrowser
        ))
    }

    pub(super) fn station_rechecked(&mut self, result: Result<(), Problem>) -> Vec<Effect> {
        let State::OutOfService(problem) = &self.state else {
            return Vec::new();
        };
        match (problem.kind, result) {
            (ProblemKind::PolicyMismatch, Ok(())) => {
                self.staff = None;
                self.welcome();
                Vec::new()
            }
            // The kiosk runs on the embedded default or without a browser: only a new start
            // (by systemd, at once) serves with the corrected station.
            (ProblemKind::ConfigInvalid | ProblemKind::NoBrowser, Ok(())) => vec![Effect::Exit],
            // Still wrong, or wrong in another way: the screen says the newest reason, and
            // an open staff panel stays open.
            (
                ProblemKind::PolicyMismatch | ProblemKind::ConfigInvalid | ProblemKind::NoBrowser,
                Err(found),
            ) => {
                self.state = State::OutOfService(found);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
