//! The admin's change of the settings, applied at once, failing closed on a policy that no longer
//! matches.

use crate::domain::{SettingsProblem, StaffNotice, StaffPanel};

use super::{Problem, ProblemKind, Rules, State, Station};

/// The outcome of a saved change of the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedSettings {
    /// The rules of the new settings, which apply at once.
    pub rules: Rules,
    /// Whether the browser policies match the new settings.
    pub policy: PolicyState,
}

/// Whether the installed browser policies match the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyState {
    /// They match (installed by the kiosk, or nothing changed for them).
    Matches,
    /// They no longer match and the kiosk could not install them: staff must run this command
    /// as root.
    ToInstall(String),
}

impl Station {
    pub(super) fn settings_saved(&mut self, result: Result<SavedSettings, SettingsProblem>) {
        let notice = match result {
            Ok(saved) => {
                self.rules = saved.rules;
                if self.state == State::Welcome {
                    self.language = self.rules.default_language;
                }
                match saved.policy {
                    PolicyState::Matches => StaffNotice::SettingsSaved,
                    PolicyState::ToInstall(command) => {
                        // Fail closed: no session until the policy matches. A running session
                        // keeps its browser; the next one is refused by the check before it.
                        // A failed wipe or a staff closure keeps its own, stronger reason.
                        let replace = match &self.state {
                            State::Welcome | State::Closed(_) => true,
                            State::OutOfService(problem) => {
                                problem.kind == ProblemKind::PolicyMismatch
                            }
                            _ => false,
                        };
                        if replace {
                            self.state = State::OutOfService(Problem {
                                kind: ProblemKind::PolicyMismatch,
                                detail: command.clone(),
                            });
                        }
                        StaffNotice::PolicyToInstall(command)
                    }
                }
            }
            Err(problem) => StaffNotice::SettingsRefused(problem),
        };
        if let Some(StaffPanel::Unlocked { notice: shown, .. }) = &mut self.staff {
            *shown = Some(notice);
        }
    }
}
