//! The rules of the sessions: their durations, warnings, idle prompt, questions and printing.

use std::time::Duration;

use crate::domain::Language;
use crate::domain::hours::OpeningHours;

use super::SessionKind;

impl Rules {
    /// The longest a session of `kind` can last: its length and every extension.
    #[must_use]
    pub fn longest(&self, kind: SessionKind) -> Duration {
        let length = match kind {
            SessionKind::DropIn => self.drop_in,
            SessionKind::Assisted => self.assisted,
        };
        length + self.extension * self.max_extensions
    }
}

/// The rules of the station's sessions, with their durations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Length of a drop-in session.
    pub drop_in: Duration,
    /// Length of an assisted session.
    pub assisted: Duration,
    /// Time a volunteer adds to a running session.
    pub extension: Duration,
    /// How many times a session may be extended.
    pub max_extensions: u32,
    /// When sessions may run.
    pub hours: OpeningHours,
    /// Time left at which the person is warned, longest first.
    pub warn_at_left: Vec<Duration>,
    /// Time without any input before the idle prompt.
    pub idle: Duration,
    /// How long the idle prompt waits for an answer.
    pub idle_grace: Duration,
    /// How long "Au revoir" stays on screen.
    pub goodbye: Duration,
    /// The language of the welcome screen.
    pub default_language: Language,
    /// Ask "Vous venez pour..." at the start of a session.
    pub ask_purpose: bool,
    /// Ask "Avez-vous trouvé ce que vous cherchiez ?" when the person ends a session.
    pub ask_found: bool,
    /// Whether people may print: what a session prints is then counted.
    pub printing: bool,
    /// The most pages a session may print; `None`: no limit.
    pub page_limit: Option<u32>,
}
