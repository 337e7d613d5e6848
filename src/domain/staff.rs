//! Staff at the station: the PIN pad, what an unlocked volunteer or admin is offered, and the
//! first-start setup of both PINs. The PIN itself is checked by the secrets service; the station
//! only learns the answer.

use std::sync::Arc;

use crate::services::usage_log::Report;
use std::fmt;
use std::time::{Duration, Instant};

use super::pin::{PinRuleError, Role};

/// How long an unlocked staff panel stays open without any input on the station: a volunteer
/// called away must not leave the settings open to the next person.
pub const STAFF_IDLE_LOCK: Duration = Duration::from_secs(90);

/// Digits typed on the pad. Never printed, not even in debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct PinEntry(String);

impl PinEntry {
    /// The digits typed.
    pub fn new(digits: impl Into<String>) -> Self {
        Self(digits.into())
    }

    /// The digits, for the secrets store only.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PinEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PinEntry(…)")
    }
}

/// What the secrets store answered about a PIN typed on the pad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinCheck {
    /// The PIN of this role.
    Accepted(Role),
    /// No PIN matches; the failure is counted.
    Wrong,
    /// Too many wrong PINs: the pad takes no PIN for this long.
    Wait(Duration),
    /// The secrets file cannot be read: nobody can be let in.
    Unavailable,
}

/// Why the pad did not let someone in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PadRefusal {
    /// The last PIN was wrong.
    Wrong,
    /// Too many wrong PINs: wait until then.
    Wait {
        /// When the pad takes a PIN again.
        until: Instant,
    },
    /// The secrets file cannot be read.
    Unavailable,
}

/// Why staff closed the station to the public: what its screen says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closure {
    /// "En maintenance".
    Maintenance,
    /// "Réservé à un atelier".
    Workshop,
}

/// Why new PINs were not saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinProblem {
    /// The new PIN breaks a rule.
    Rule(PinRuleError),
    /// The PIN asked as proof is not the other role's PIN.
    WrongProof,
    /// The secrets file could not be used; it names the file, never a PIN.
    Store(StoreFailure),
    /// A PIN was set meanwhile (`borne set-pin` from a terminal): the setup asks again, for
    /// what is still missing and with the proof that is now needed.
    Changed(SetupNeed),
}

/// Why the secrets file could not be used, said on the staff's screen in its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreFailure {
    /// The file (or its directory) at fault.
    pub path: String,
    /// What went wrong.
    pub cause: StoreCause,
}

/// What went wrong with the secrets file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreCause {
    /// It could not be read.
    Read(SystemCause),
    /// It could not be written.
    Write(SystemCause),
    /// It is not a complete, valid secrets file.
    Damaged,
    /// It is a link, a directory or a device.
    NotAFile,
    /// Other users can read it.
    Exposed,
    /// Anyone can write in its directory.
    UnsafeDirectory,
    /// A PIN could not be hashed or checked.
    Hash,
}

/// What the system answered when a file could not be read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemCause {
    /// Permission denied.
    Denied,
    /// The disk is full.
    Full,
    /// The file system is read-only.
    ReadOnly,
    /// The file or a directory is missing.
    Missing,
    /// Anything else, with the system's error number if there is one.
    Other(i32),
}

/// Why a change of the settings was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsProblem {
    /// The dotted key of the value at fault (`session.drop_in_minutes`), if one is.
    pub key: Option<String>,
    /// What is wrong, with the same words as a mistake in `borne.toml`.
    pub message: String,
}

/// A message on the staff panel about what was just done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffNotice {
    /// The session was extended; it now ends in this many minutes.
    Extended {
        /// Minutes left after the extension.
        minutes_left: u64,
    },
    /// The settings were saved and apply now.
    SettingsSaved,
    /// The settings were refused.
    SettingsRefused(SettingsProblem),
    /// The settings were saved, but the browser policy no longer matches and the kiosk cannot
    /// install it: run this command as root.
    PolicyToInstall(String),
    /// The PIN of this role was changed.
    PinChanged(Role),
    /// A new PIN was refused.
    PinRefused(PinProblem),
}

/// The staff panel over the current screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffPanel {
    /// The PIN pad.
    Pad {
        /// Why the last PIN did not open it, if it did not.
        refusal: Option<PadRefusal>,
    },
    /// Unlocked for a volunteer or an admin.
    Unlocked {
        /// Who typed their PIN.
        role: Role,
        /// What was just done.
        notice: Option<StaffNotice>,
        /// The usage statistics, once an admin asked for them (`Some(None)`: unavailable).
        report: Option<Option<Arc<Report>>>,
    },
}

impl StaffPanel {
    /// The role the panel is unlocked for.
    pub fn role(&self) -> Option<Role> {
        match self {
            Self::Unlocked { role, .. } => Some(*role),
            Self::Pad { .. } => None,
        }
    }
}

/// Which PINs exist, for the setup screen shown until both are set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetupNeed {
    /// The admin PIN is set.
    pub admin_set: bool,
    /// The volunteer PIN is set.
    pub volunteer_set: bool,
}

impl SetupNeed {
    /// Whether both PINs are set: no setup is needed.
    pub fn is_done(self) -> bool {
        self.admin_set && self.volunteer_set
    }

    /// The role whose PIN must be typed to set the other one, when exactly one is set: whoever
    /// stands at the station must not choose a PIN next to an existing one without proving it.
    pub fn proof_role(self) -> Option<Role> {
        match (self.admin_set, self.volunteer_set) {
            (true, false) => Some(Role::Admin),
            (false, true) => Some(Role::Volunteer),
            _ => None,
        }
    }
}

/// What the station can offer to extend the running session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtendOffer {
    /// No session runs.
    NoSession,
    /// The session can get this many more minutes.
    Available {
        /// Minutes added (fewer than the step when the station closes first).
        minutes: u64,
    },
    /// The session was extended the most times allowed.
    MaxReached,
    /// The session already ends when the station closes.
    Closing,
}

/// What the screen shows of the staff panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffScreen {
    /// The PIN pad.
    Pad {
        /// Why the last PIN did not open it.
        refusal: Option<PadRefusal>,
        /// Seconds left before the pad takes a PIN again, during a back-off.
        wait_secs: Option<u64>,
    },
    /// The staff menu.
    Menu {
        /// Volunteer or admin.
        role: Role,
        /// What was just done.
        notice: Option<StaffNotice>,
        /// Whether the running session can be extended.
        extend: ExtendOffer,
        /// The usage statistics, once an admin asked for them (`Some(None)`: unavailable).
        report: Option<Option<Arc<Report>>>,
    },
}
