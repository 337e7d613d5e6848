//! The admin's change of the settings, applied at once, failing closed on a policy that no longer
//! matches.

use crate::domain::{SettingsProblem, StaffNotice, StaffPanel};

use super::{Problem, ProblemKind, Rules, State, Station};

/// The outcome of a saved change of the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedSettings {
    /// The rules of the new settings, which apply at once.
    pub rules: Rules,
    /// `Err(command)` if the browser policy no longer matches and the kiosk could not install
    /// it: staff must run the command as root.
    pub policy: Result<(), String>,
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
                    Ok(()) => StaffNotice::SettingsSaved,
                    Err(command) => {
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
