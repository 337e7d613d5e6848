//! The public's commands outside the staff panel: start, language, the end of a session, leaving
//! "Au revoir", retrying a wipe.

use std::time::{Duration, Instant};

use super::session::session_command;
use super::{Command, Effect, EndReason, ProblemKind, State, Station};

impl Station {
    pub(super) fn public_command(&mut self, command: Command, now: Instant) -> Vec<Effect> {
        if self.staff.is_some() {
            // The panel covers the screen: only the shutdown and a language change pass.
            if !matches!(command, Command::Shutdown | Command::SetLanguage(_)) {
                return Vec::new();
            }
        }
        if let Some(effects) = self.assist_command(&command) {
            return effects;
        }
        let closing_now = self.closing_now(now);
        match (&mut self.state, command) {
            (State::Welcome, Command::Start(_)) if closing_now => {
                // Less than a minute before closing: no session.
                Vec::new()
            }
            (State::Welcome, Command::Start(kind)) => {
                self.state = State::Preparing(kind);
                vec![Effect::PrepareSession(kind)]
            }
            (
                State::Welcome | State::Closed(_) | State::InSession(_),
                Command::SetLanguage(language),
            ) => {
                self.language = language;
                Vec::new()
            }
            (
                State::Welcome
                | State::Closed(_)
                | State::Setup { .. }
                | State::Goodbye { .. }
                | State::OutOfService(_),
                Command::Shutdown,
            ) => {
                self.state = State::Exited;
                vec![Effect::Exit]
            }
            // A key still pressed when the time ran out must not skip "Au revoir" unread: it
            // takes a second on screen first.
            (State::Goodbye { until, .. }, Command::LeaveGoodbye)
                if now + self.rules.goodbye >= *until + Duration::from_secs(1) =>
            {
                self.welcome();
                Vec::new()
            }
            (State::Preparing(_), Command::Shutdown) => self.end(EndReason::Shutdown, true, now),
            (State::InSession(_), Command::Shutdown) => self.end(EndReason::Shutdown, true, now),
            (State::Ending { then_exit, .. }, Command::Shutdown) => {
                *then_exit = true;
                Vec::new()
            }
            // The end of a session, step by step: in ending.rs.
            (State::InSession(_), Command::ConfirmEnd) => self.end_confirmed(),
            (State::InSession(_), Command::AnswerFound(found)) => self.found_answered(found),
            (State::InSession(_), Command::EraseAndEnd) => self.erase_and_end(now),
            (State::OutOfService(problem), Command::RetryClear)
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
}
