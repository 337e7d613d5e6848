//! The public's commands: start, language, the accessibility menu, the session and its end,
//! leaving "Au revoir", retrying a wipe; and the kiosk's shutdown.

use std::time::{Duration, Instant};

use super::session::session_command;
use super::{Effect, EndReason, ProblemKind, PublicCommand, SessionKind, State, Station};

impl Station {
    pub(super) fn public_command(&mut self, command: PublicCommand, now: Instant) -> Vec<Effect> {
        if self.staff.is_some() {
            // The panel covers the screen: only a language change passes.
            if !matches!(command, PublicCommand::SetLanguage(_)) {
                return Vec::new();
            }
        }
        if let Some(effects) = self.assist_command(&command) {
            return effects;
        }
        let closing_now = self.closing_now(now);
        match (&mut self.state, command) {
            (State::Welcome, PublicCommand::Start) if closing_now => {
                // Less than a minute before closing: no session.
                Vec::new()
            }
            (State::Welcome, PublicCommand::Start) => self.start(SessionKind::DropIn),
            (
                State::Welcome | State::Closed(_) | State::InSession(_),
                PublicCommand::SetLanguage(language),
            ) => {
                self.language = language;
                Vec::new()
            }
            // A key still pressed when the time ran out must not skip "Au revoir" unread: it
            // takes a second on screen first.
            (State::Goodbye { until, .. }, PublicCommand::LeaveGoodbye)
                if now + self.rules.goodbye >= *until + Duration::from_secs(1) =>
            {
                self.welcome();
                Vec::new()
            }
            // The end of a session, step by step: in ending.rs.
            (State::InSession(_), PublicCommand::ConfirmEnd) => self.end_confirmed(),
            (State::InSession(_), PublicCommand::AnswerFound(found)) => self.found_answered(found),
            (State::InSession(_), PublicCommand::EraseAndEnd) => self.erase_and_end(now),
            (State::OutOfService(problem), PublicCommand::RetryClear)
                if problem.kind == ProblemKind::ClearFailed =>
            {
                // Wiping again is always safe: success is what lets the next person in.
                self.state = State::Ending {
                    reason: EndReason::Staff,
                    then_exit: false,
                };
                vec![Effect::ClearSession(EndReason::Staff)]
            }
            (State::InSession(session), command) => {
                session_command(session, command).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// A session of `kind` starts: its directory is made first.
    pub(super) fn start(&mut self, kind: SessionKind) -> Vec<Effect> {
        self.state = State::Preparing(kind);
        vec![Effect::PrepareSession(kind)]
    }

    /// The kiosk must stop: a session ends the normal way first (its files offered for a key
    /// are not: the wipe is what matters), then the program exits.
    pub(super) fn shutdown(&mut self, now: Instant) -> Vec<Effect> {
        match &mut self.state {
            State::Welcome
            | State::Closed(_)
            | State::Setup { .. }
            | State::Goodbye { .. }
            | State::OutOfService(_) => {
                self.state = State::Exited;
                vec![Effect::Exit]
            }
            State::Preparing(_) | State::InSession(_) => self.end(EndReason::Shutdown, true, now),
            State::Ending { then_exit, .. } => {
                *then_exit = true;
                Vec::new()
            }
            State::Exited => Vec::new(),
        }
    }
}
