//! The staff PINs, the checks that let the station serve, and the admin's settings.

use crate::config::Config;
use crate::config::edit::ConfigEdit;
use crate::domain::{
    PinCheck, PinEntry, PinProblem, PolicyState, Problem, ProblemKind, SettingsProblem,
};
use crate::services::browser::BrowserProgram;
use crate::services::guest::GuestMode;
use crate::services::policy::Policies;
use crate::services::sandbox;
use crate::services::usage_log::StationEvent;
use crate::supervisor::{StaffPins, StationChecks};

use super::{StationServices, no_browser};

impl StationServices {
    /// Whether the browsers' installed policies match the config: never open a session with a
    /// browser that is not locked down.
    pub(super) fn check_policies(&self) -> Result<(), Problem> {
        let Some(policies) = &self.settings.policies else {
            return Ok(());
        };
        policies
            .check(&self.settings.policy_root)
            .map_err(|e| Problem {
                kind: ProblemKind::PolicyMismatch,
                detail: e.to_string(),
            })
    }
}

impl StaffPins for StationServices {
    fn check_pin(&mut self, pin: &PinEntry, wall: chrono::DateTime<chrono::Utc>) -> PinCheck {
        self.staff
            .as_mut()
            .map_or(PinCheck::Unavailable, |staff| staff.check_pin(pin, wall))
    }

    fn save_pins(
        &mut self,
        admin: Option<&PinEntry>,
        volunteer: Option<&PinEntry>,
        proof: Option<&PinEntry>,
        wall: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), PinProblem> {
        let Some(staff) = self.staff.as_mut() else {
            return Err(PinProblem::Store(crate::domain::StoreFailure {
                path: String::new(),
                cause: crate::domain::StoreCause::Write(crate::domain::SystemCause::Missing),
            }));
        };
        staff.save_pins(admin, volunteer, proof, wall)
    }
}

impl StationChecks for StationServices {
    fn check_station(&mut self) -> Result<(), Problem> {
        // Never a browser that sees the machine: no sandbox, no session.
        if self.settings.sandbox {
            sandbox::probe(match &self.settings.guest {
                // As root, the probe runs as the guest; through sudo, the guest's side runs
                // its own.
                GuestMode::AsRoot(guest) => Some((guest.uid, guest.gid)),
                _ => None,
            })
            .map_err(|error| Problem {
                kind: ProblemKind::SessionSetup,
                detail: error.to_string(),
            })?;
        }
        if let Some(helper) = self.settings.guest.helper() {
            helper.ready().map_err(|error| Problem {
                kind: ProblemKind::SessionSetup,
                detail: error.to_string(),
            })?;
        }
        self.check_policies()
    }

    fn recheck_station(&mut self) -> Result<(), Problem> {
        if let Some(path) = &self.settings.broken_config {
            return crate::config::load(path)
                .map(|_| ())
                .map_err(|error| Problem {
                    kind: ProblemKind::ConfigInvalid,
                    detail: error.to_string(),
                });
        }
        if self.settings.browser.is_none() {
            let path = std::env::var_os("PATH");
            return match BrowserProgram::find(self.settings.browser_choice, path.as_deref()) {
                Some(_) => Ok(()),
                None => Err(no_browser()),
            };
        }
        self.check_policies()
    }

    fn save_settings(
        &mut self,
        edits: &[ConfigEdit],
    ) -> Result<(Config, PolicyState), SettingsProblem> {
        let Some((store, min_cell)) = self.settings_store.as_mut() else {
            return Err(SettingsProblem {
                key: None,
                message: "this kiosk has no settings to change".into(),
            });
        };
        let config = store.save(edits)?;
        *min_cell = config.stats.min_cell;
        let install_command = format!(
            "borne --config {} install-policies",
            store.path().map_or_else(
                || "/etc/borne/borne.toml".into(),
                |p| p.display().to_string()
            )
        );
        if let Some(usage) = self.usage.as_mut() {
            let mut parts: Vec<&'static str> = edits.iter().map(|e| e.part().as_str()).collect();
            parts.dedup();
            for setting in parts {
                let event = StationEvent::ConfigChanged { setting };
                if let Err(error) = usage.record_event(event, chrono::Utc::now()) {
                    log::warn!("usage log: {error:#}");
                }
            }
        }
        let root = self.settings.policy_root.clone();
        let policy = match self.settings.policies.as_mut() {
            None => PolicyState::Matches,
            Some(policies) => {
                *policies = Policies::for_config(&config);
                let matches = policies.check(&root).is_ok()
                    || (nix::unistd::geteuid().is_root()
                        && policies.install(&root).is_ok()
                        && policies.check(&root).is_ok());
                if matches {
                    PolicyState::Matches
                } else {
                    PolicyState::ToInstall(install_command)
                }
            }
        };
        Ok((config, policy))
    }
}
