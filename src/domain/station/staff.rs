//! The staff panel: the PIN pad, what staff may do once it is unlocked, and the PINs saved.

use std::sync::Arc;
use std::time::Instant;

use crate::domain::pin::Role;
use crate::domain::{PadRefusal, PinCheck, PinProblem, StaffNotice, StaffPanel};
use crate::services::usage_log::Report;

use super::{Effect, EndReason, Problem, ProblemKind, SessionKind, StaffCommand, State, Station};

impl Station {
    /// The staff panel, if open.
    pub fn staff(&self) -> Option<&StaffPanel> {
        self.staff.as_ref()
    }

    /// The role the staff panel is unlocked for, if it is.
    pub fn staff_role(&self) -> Option<Role> {
        self.staff.as_ref().and_then(StaffPanel::role)
    }

    /// The staff panel's commands: opening it and the PIN for anyone, the rest for the role it
    /// is unlocked for (the first-start setup for whoever sets the PINs).
    pub(super) fn staff_command(&mut self, command: StaffCommand, now: Instant) -> Vec<Effect> {
        let role = self.staff_role();
        match command {
            StaffCommand::OpenStaff => {
                let open_to_staff = matches!(
                    self.state,
                    State::Welcome
                        | State::Closed(_)
                        | State::InSession(_)
                        | State::Goodbye { .. }
                        | State::OutOfService(_)
                );
                if open_to_staff && self.staff.is_none() {
                    self.staff = Some(StaffPanel::Pad { refusal: None });
                }
                Vec::new()
            }
            StaffCommand::CloseStaff => {
                self.staff = None;
                Vec::new()
            }
            StaffCommand::SubmitPin(pin) => match &self.staff {
                Some(StaffPanel::Pad {
                    refusal: Some(PadRefusal::Wait { until }),
                }) if now < *until => Vec::new(),
                Some(StaffPanel::Pad { .. }) => vec![Effect::CheckPin(pin)],
                _ => Vec::new(),
            },
            StaffCommand::StartAssisted => {
                if role.is_none() || self.state != State::Welcome || self.closing_now(now) {
                    return Vec::new();
                }
                self.staff = None;
                self.start(SessionKind::Assisted)
            }
            StaffCommand::Extend => {
                if role.is_some() {
                    self.extend(true, now);
                }
                Vec::new()
            }
            StaffCommand::StaffEnd => {
                if role.is_none() || !self.in_session() {
                    return Vec::new();
                }
                self.staff = None;
                self.end(EndReason::Staff, false, now)
            }
            StaffCommand::CloseStation(closure) => {
                if role.is_some() && self.state == State::Welcome {
                    self.staff = None;
                    self.state = State::OutOfService(Problem {
                        kind: ProblemKind::Closed(closure),
                        detail: String::new(),
                    });
                }
                Vec::new()
            }
            StaffCommand::ReopenStation => match &self.state {
                // A failed wipe is only left by wiping again ("Réessayer l'effacement").
                State::OutOfService(problem)
                    if role.is_some() && problem.kind != ProblemKind::ClearFailed =>
                {
                    vec![Effect::CheckStation]
                }
                _ => Vec::new(),
            },
            StaffCommand::MaintenanceExit => {
                if role != Some(Role::Admin) {
                    return Vec::new();
                }
                self.staff = None;
                self.maintenance = true;
                self.shutdown(now)
            }
            StaffCommand::ChangePin { role: whose, pin } => {
                if role != Some(Role::Admin) {
                    return Vec::new();
                }
                self.changing_pin = Some(whose);
                let (admin, volunteer) = match whose {
                    Role::Admin => (Some(pin), None),
                    Role::Volunteer => (None, Some(pin)),
                };
                vec![Effect::SavePins {
                    admin,
                    volunteer,
                    proof: None,
                }]
            }
            StaffCommand::SaveSettings(edits) => {
                if role != Some(Role::Admin) {
                    return Vec::new();
                }
                vec![Effect::SaveSettings(edits)]
            }
            StaffCommand::LoadReport => {
                if role != Some(Role::Admin) {
                    return Vec::new();
                }
                vec![Effect::LoadReport]
            }
            StaffCommand::SetupPins {
                admin,
                volunteer,
                proof,
            } => match self.state {
                // Every missing PIN, and the proof exactly when one PIN exists already.
                State::Setup { need, .. }
                    if (need.admin_set || admin.is_some())
                        && (need.volunteer_set || volunteer.is_some())
                        && proof.is_some() == need.proof_role().is_some() =>
                {
                    vec![Effect::SavePins {
                        admin,
                        volunteer,
                        proof,
                    }]
                }
                _ => Vec::new(),
            },
        }
    }

    pub(super) fn pin_checked(&mut self, check: PinCheck, now: Instant) {
        let Some(StaffPanel::Pad { .. }) = self.staff else {
            return;
        };
        let refusal = match check {
            PinCheck::Accepted(role) => {
                self.staff = Some(StaffPanel::Unlocked {
                    role,
                    notice: None,
                    report: None,
                });
                return;
            }
            PinCheck::Wrong => PadRefusal::Wrong,
            PinCheck::Wait(wait) => PadRefusal::Wait { until: now + wait },
            PinCheck::Unavailable => PadRefusal::Unavailable,
        };
        self.staff = Some(StaffPanel::Pad {
            refusal: Some(refusal),
        });
    }

    pub(super) fn pins_saved(&mut self, result: Result<(), PinProblem>) {
        if let State::Setup { need, problem } = &mut self.state {
            match result {
                Ok(()) => {
                    self.setup = None;
                    self.welcome();
                }
                Err(PinProblem::Changed(now_set)) if now_set.is_done() => {
                    self.setup = None;
                    self.welcome();
                }
                Err(PinProblem::Changed(now_set)) => {
                    *need = now_set;
                    *problem = Some(PinProblem::Changed(now_set));
                    self.setup = Some(now_set);
                }
                Err(refused) => *problem = Some(refused),
            }
            return;
        }
        let changed = self.changing_pin.take();
        if let Some(StaffPanel::Unlocked { notice, .. }) = &mut self.staff {
            *notice = match (result, changed) {
                (Ok(()), Some(role)) => Some(StaffNotice::PinChanged(role)),
                (Ok(()), None) => None,
                (Err(problem), _) => Some(StaffNotice::PinRefused(problem)),
            };
        }
    }

    /// The statistics an admin asked for: kept with the panel, and gone with it.
    pub(super) fn report_loaded(&mut self, report: Option<Arc<Report>>) {
        if let Some(StaffPanel::Unlocked {
            role: Role::Admin,
            report: shown,
            ..
        }) = &mut self.staff
        {
            *shown = Some(report);
        }
    }
}
