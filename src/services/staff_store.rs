//! The staff side of the real services: PINs typed on the pad checked against the secrets
//! file, new PINs saved. A secrets file that cannot be read lets nobody in and never shows the
//! setup screen (that would let whoever stands at the station choose the PINs).

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::domain::pin::Role;
use crate::domain::{
    PinCheck, PinEntry, PinProblem, SetupNeed, StoreCause, StoreFailure, SystemCause,
};
use crate::services::secrets::{SecretStore, SecretsError, VerifyError};

/// The PINs of the station, as the kiosk uses them.
pub struct StaffStore {
    secrets: Result<SecretStore, StoreFailure>,
}

impl StaffStore {
    /// Opens the secrets file at `path`. A damaged or exposed file is kept as an error: the pad
    /// then says staff cannot get in, and the error goes to the journal.
    pub fn open(path: impl Into<PathBuf>) -> Self {
        let secrets = SecretStore::open(path).map_err(|error| {
            log::error!("staff PINs unavailable: {error}");
            failure(&error)
        });
        Self { secrets }
    }

    /// Which PINs exist. When the file cannot be read, both count as set: no setup screen.
    pub fn setup_need(&self) -> SetupNeed {
        match &self.secrets {
            Ok(store) => SetupNeed {
                admin_set: store.is_set(Role::Admin),
                volunteer_set: store.is_set(Role::Volunteer),
            },
            Err(_) => SetupNeed {
                admin_set: true,
                volunteer_set: true,
            },
        }
    }

    /// Checks a PIN typed on the pad.
    pub fn check_pin(&mut self, pin: &PinEntry, now: DateTime<Utc>) -> PinCheck {
        let Ok(store) = self.secrets.as_mut() else {
            return PinCheck::Unavailable;
        };
        match store.verify(pin.digits(), now) {
            Ok(Some(role)) => PinCheck::Accepted(role),
            // A wrong PIN that starts a wait shows the wait at once.
            Ok(None) => match store.wait_left(now) {
                Ok(Some(wait)) => PinCheck::Wait(wait),
                Ok(None) => PinCheck::Wrong,
                Err(error) => unavailable(&error),
            },
            Err(VerifyError::LockedOut { wait }) => PinCheck::Wait(wait),
            Err(VerifyError::NoPinSet) => PinCheck::Unavailable,
            Err(VerifyError::Store(error)) => unavailable(&error),
        }
    }

    /// Saves new PINs. A `proof` must be the PIN of the role that is not being set; a wrong
    /// proof counts as a wrong PIN on the pad.
    pub fn save_pins(
        &mut self,
        admin: Option<&PinEntry>,
        volunteer: Option<&PinEntry>,
        proof: Option<&PinEntry>,
        now: DateTime<Utc>,
    ) -> Result<(), PinProblem> {
        let store = self
            .secrets
            .as_mut()
            .map_err(|error| PinProblem::Store(error.clone()))?;
        // What is set now, not at start: `borne set-pin` may have run meanwhile. Without a
        // proof, only a station with no PIN at all may choose both (the first start).
        store.reload().map_err(store_problem)?;
        let need = SetupNeed {
            admin_set: store.is_set(Role::Admin),
            volunteer_set: store.is_set(Role::Volunteer),
        };
        if admin.is_some() && volunteer.is_some() && (need.admin_set || need.volunteer_set) {
            return Err(PinProblem::Changed(need));
        }
        if let Some(proof) = proof {
            let expected = match (admin, volunteer) {
                (Some(_), None) => Role::Volunteer,
                (None, Some(_)) => Role::Admin,
                _ => return Err(PinProblem::WrongProof),
            };
            match store.verify(proof.digits(), now) {
                Ok(Some(role)) if role == expected => {}
                Ok(_) | Err(VerifyError::LockedOut { .. } | VerifyError::NoPinSet) => {
                    return Err(PinProblem::WrongProof);
                }
                Err(VerifyError::Store(error)) => return Err(store_problem(error)),
            }
        }
        let saved = match (admin, volunteer) {
            (Some(admin), Some(volunteer)) => store.set_both(admin.digits(), volunteer.digits()),
            (Some(admin), None) => store.set_pin(Role::Admin, admin.digits()),
            (None, Some(volunteer)) => store.set_pin(Role::Volunteer, volunteer.digits()),
            (None, None) => Ok(()),
        };
        saved.map_err(store_problem)
    }
}

fn unavailable(error: &SecretsError) -> PinCheck {
    log::error!("staff PINs unavailable: {error}");
    PinCheck::Unavailable
}

fn store_problem(error: SecretsError) -> PinProblem {
    match error {
        SecretsError::Rule(rule) => PinProblem::Rule(rule),
        other => {
            log::error!("staff PINs not saved: {other}");
            PinProblem::Store(failure(&other))
        }
    }
}

/// What the staff's screen says of a secrets error, in its own language.
fn failure(error: &SecretsError) -> StoreFailure {
    let (path, cause) = match error {
        SecretsError::Read { path, source } => (path, StoreCause::Read(system_cause(source))),
        SecretsError::Write { path, source } => (path, StoreCause::Write(system_cause(source))),
        SecretsError::Corrupt { path, .. } => (path, StoreCause::Damaged),
        SecretsError::NotAFile { path } => (path, StoreCause::NotAFile),
        SecretsError::Exposed { path, .. } => (path, StoreCause::Exposed),
        SecretsError::UnsafeDirectory { dir } => (dir, StoreCause::UnsafeDirectory),
        SecretsError::Hash { path, .. } => (path, StoreCause::Hash),
        // A rule is said as a rule (`store_problem`); never here.
        SecretsError::Rule(_) => {
            return StoreFailure {
                path: String::new(),
                cause: StoreCause::Hash,
            };
        }
    };
    StoreFailure {
        path: path.display().to_string(),
        cause,
    }
}

fn system_cause(error: &std::io::Error) -> SystemCause {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::PermissionDenied => SystemCause::Denied,
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SystemCause::Full,
        ErrorKind::ReadOnlyFilesystem => SystemCause::ReadOnly,
        ErrorKind::NotFound | ErrorKind::NotADirectory => SystemCause::Missing,
        _ => SystemCause::Other(error.raw_os_error().unwrap_or(0)),
    }
}
