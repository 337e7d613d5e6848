//! The end of a session, step by step: "Oui, terminer", the optional question, the person's files
//! (none, or the save screen), the anonymous summary, the wipe, and "Au revoir" (or out of
//! service on any doubt).

use std::time::{Duration, Instant};

use crate::domain::{Found, Language, Purpose};

use super::{
    CopyState, Effect, FileSummary, Problem, Question, SaveFiles, SessionKind, State, Station,
};

/// Why a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// The person pressed "Terminer" and confirmed.
    User,
    /// The session time ran out.
    TimeUp,
    /// Nobody answered the idle prompt.
    Idle,
    /// A volunteer or an admin ended it.
    Staff,
    /// The kiosk was asked to stop (SIGTERM, shutdown of the machine).
    Shutdown,
    /// The kiosk stopped without ending it (a crash, a power cut): found at the next start.
    Interruption,
}

/// What the usage log keeps of a session that ended: nothing about the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSummary {
    /// Drop-in or assisted.
    pub kind: SessionKind,
    /// Why it ended.
    pub end_reason: EndReason,
    /// The language on screen at the end.
    pub language: Language,
    /// How long it lasted.
    pub duration: Duration,
    /// Which shortcuts (and choices) were opened, by id, and how many times.
    pub shortcuts: Vec<(String, u32)>,
    /// The answer to "Vous venez pour...", if asked and answered.
    pub purpose: Option<Purpose>,
    /// The answer to "Avez-vous trouvé ce que vous cherchiez ?", if asked and answered.
    pub found: Option<Found>,
    /// How many times staff extended it.
    pub extensions: u32,
    /// Pages printed.
    pub pages_printed: u32,
}

impl Station {
    /// The wipe's answer: "Au revoir" on success, out of service on any doubt, or the exit
    /// that was waiting for it.
    pub(super) fn session_cleared(
        &mut self,
        result: Result<(), Problem>,
        now: Instant,
    ) -> Vec<Effect> {
        let State::Ending { then_exit, reason } = self.state else {
            return Vec::new();
        };
        match result {
            _ if then_exit => {
                self.state = State::Exited;
                vec![Effect::Exit]
            }
            Err(problem) => {
                self.state = State::OutOfService(problem);
                Vec::new()
            }
            Ok(()) => {
                self.state = State::Goodbye {
                    reason,
                    until: now + self.rules.goodbye,
                };
                Vec::new()
            }
        }
    }

    pub(super) fn end(&mut self, reason: EndReason, then_exit: bool, now: Instant) -> Vec<Effect> {
        // The panel never outlives the session it was opened in: the next person must not find
        // it unlocked. Nor does the accessibility menu stay over the end.
        self.staff = None;
        self.assist.menu_open = false;
        let summary = match &self.state {
            State::InSession(session) => Some(SessionSummary {
                kind: session.kind,
                end_reason: reason,
                language: self.language,
                duration: now.saturating_duration_since(session.started),
                shortcuts: session.opened.clone(),
                purpose: session.purpose,
                found: session.found,
                extensions: session.extensions,
                pages_printed: session.pages_printed,
            }),
            _ => None,
        };
        self.state = State::Ending { reason, then_exit };
        let mut effects = vec![Effect::ClearSession(reason)];
        effects.extend(summary.map(Effect::RecordSession));
        effects
    }

    /// "Oui, terminer": the optional question first, then the person's files are listed.
    pub(super) fn end_confirmed(&mut self) -> Vec<Effect> {
        let ask_found = self.rules.ask_found;
        let State::InSession(session) = &mut self.state else {
            return Vec::new();
        };
        if !session.confirm_end {
            return Vec::new();
        }
        if ask_found && !session.found_asked {
            session.confirm_end = false;
            session.question = Some(Question::Found);
            return Vec::new();
        }
        vec![Effect::ListFiles]
    }

    /// An answer to "Avez-vous trouvé ce que vous cherchiez ?" (or "Passer"): then the files.
    pub(super) fn found_answered(&mut self, found: Option<Found>) -> Vec<Effect> {
        let State::InSession(session) = &mut self.state else {
            return Vec::new();
        };
        if session.question != Some(Question::Found) {
            return Vec::new();
        }
        session.found = found;
        session.found_asked = true;
        session.question = None;
        vec![Effect::ListFiles]
    }

    /// The person's files after they confirmed the end: none ends the session, some show the
    /// save screen.
    pub(super) fn files_listed(&mut self, files: Vec<FileSummary>, now: Instant) -> Vec<Effect> {
        let State::InSession(session) = &mut self.state else {
            return Vec::new();
        };
        if files.is_empty() {
            let reason = session.ending_by;
            return self.end(reason, false, now);
        }
        session.confirm_end = false;
        session.saving = Some(SaveFiles {
            files,
            drives: Vec::new(),
            copy: CopyState::NotStarted,
        });
        Vec::new()
    }

    /// "Tout effacer et terminer" on the save screen.
    pub(super) fn erase_and_end(&mut self, now: Instant) -> Vec<Effect> {
        match &self.state {
            State::InSession(session) if session.saving.is_some() => {
                let reason = session.ending_by;
                self.end(reason, false, now)
            }
            _ => Vec::new(),
        }
    }
}
