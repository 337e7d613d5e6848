//! The accessibility menu (text size, contrast, reading aloud, on-screen keyboard), for the
//! person at the station only.

use std::time::Duration;

use super::{Effect, PublicCommand, State, Station};

/// How long the welcome screen keeps a person's choices (another language, the accessibility
/// menu and its choices) with no input at all: whoever comes next starts from the defaults,
/// as after a session.
pub const FORGET_CHOICES_AFTER: Duration = Duration::from_secs(120);

/// How the person asked the screens to be, for their visit only: the next person starts from
/// the defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Assist {
    /// Text size: normal, larger or largest.
    pub text_size: TextSize,
    /// Each new screen's main sentence is read aloud.
    pub read_aloud: bool,
    /// "Contraste élevé": white on black, for Borne's screens.
    pub high_contrast: bool,
    /// "Clavier à l'écran": a keyboard drawn under the browser's pages (Debian `onboard`).
    pub on_screen_keyboard: bool,
    /// The accessibility menu is open.
    pub menu_open: bool,
}

/// The three text sizes of the accessibility menu.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextSize {
    /// As designed.
    #[default]
    Normal,
    /// 15 % larger.
    Larger,
    /// 30 % larger.
    Largest,
}

impl Assist {
    /// The choices that reach the browser's pages (the menu being open does not).
    #[must_use]
    pub fn for_pages(self) -> Self {
        Self {
            menu_open: false,
            ..self
        }
    }
}

impl TextSize {
    /// The three sizes, smallest first.
    pub const ALL: [Self; 3] = [Self::Normal, Self::Larger, Self::Largest];

    /// How much larger than designed everything is drawn (the screens and the browser's
    /// pages), on a screen `height_px` high: a screen must keep 660 points of height for
    /// Borne's screens to fit, so a small screen gets less.
    #[must_use]
    pub fn zoom(self, height_px: f32) -> f32 {
        let most = (height_px / 660.0).max(1.0);
        match self {
            Self::Normal => 1.0,
            Self::Larger => 1.15_f32.min(most),
            Self::Largest => 1.3_f32.min(most),
        }
    }
}

impl Station {
    /// The accessibility menu and reading aloud, on every screen the public sees.
    pub(super) fn assist_command(&mut self, command: &PublicCommand) -> Option<Vec<Effect>> {
        let public = matches!(
            self.state,
            State::Welcome
                | State::Closed(_)
                | State::Preparing(_)
                | State::InSession(_)
                | State::Ending { .. }
                | State::Goodbye { .. }
        );
        let effects = match command {
            PublicCommand::ShowAssist(open) => {
                let closed = self.assist.menu_open && !open;
                self.assist.menu_open = *open && public;
                // The running browser's pages could take the new choices now: starting it
                // again closes the pages for a moment, so the person is asked first.
                let pages = self.assist.for_pages();
                if closed
                    && let State::InSession(session) = &mut self.state
                    && session.browser_open
                    && session.page_choices.is_some_and(|drawn| drawn != pages)
                {
                    session.confirm_restyle = true;
                }
                Vec::new()
            }
            PublicCommand::Restyle(now) => {
                let pages = self.assist.for_pages();
                let State::InSession(session) = &mut self.state else {
                    return Some(Vec::new());
                };
                if !std::mem::take(&mut session.confirm_restyle) {
                    return Some(Vec::new());
                }
                // Asked once for these choices, whatever the answer: « Non » is not asked again
                // until the person changes something else (the browser keeps its own look
                // until it starts again).
                session.page_choices = Some(pages);
                if *now {
                    vec![Effect::RestyleBrowser]
                } else {
                    Vec::new()
                }
            }
            PublicCommand::SetTextSize(size) if public => {
                self.assist.text_size = *size;
                Vec::new()
            }
            PublicCommand::SetHighContrast(on) if public => {
                self.assist.high_contrast = *on;
                Vec::new()
            }
            PublicCommand::SetOnScreenKeyboard(on) if public => {
                self.assist.on_screen_keyboard = *on;
                Vec::new()
            }
            PublicCommand::SetReadAloud(on) if public => {
                self.assist.read_aloud = *on;
                // "Non" stops the sentence being said too: an empty sentence.
                if *on {
                    Vec::new()
                } else {
                    vec![Effect::Speak {
                        text: String::new(),
                        language: self.language,
                    }]
                }
            }
            PublicCommand::Speak(text) if public && !text.trim().is_empty() => {
                vec![Effect::Speak {
                    text: text.clone(),
                    language: self.language,
                }]
            }
            PublicCommand::SetTextSize(_)
            | PublicCommand::SetHighContrast(_)
            | PublicCommand::SetReadAloud(_)
            | PublicCommand::SetOnScreenKeyboard(_)
            | PublicCommand::Speak(_) => Vec::new(),
            _ => return None,
        };
        Some(effects)
    }

    /// Whether someone made choices on the welcome screen (another language, the
    /// accessibility menu or its choices) that the next person should not inherit.
    pub(super) fn choices_made(&self) -> bool {
        matches!(self.state, State::Welcome | State::Closed(_))
            && (self.language != self.rules.default_language || self.assist != Assist::default())
    }

    /// The person who made choices on the welcome screen walked away without starting: the
    /// screen goes back to the defaults after [`FORGET_CHOICES_AFTER`] without input.
    pub(super) fn forget_choices_if_left(&mut self, idle: Duration) {
        if idle >= FORGET_CHOICES_AFTER && self.staff.is_none() && self.choices_made() {
            self.language = self.rules.default_language;
            self.assist = Assist::default();
        }
    }

    /// The accessibility choices of the person at the station.
    pub fn assist(&self) -> Assist {
        self.assist
    }

    /// Whether the accessibility menu is on screen: asked for, and over a screen that can
    /// wait (the welcome screen, the session's home or site), never over a question that
    /// needs an answer, the end of a session or "out of service".
    pub(super) fn assist_menu_shown(&self) -> bool {
        self.assist.menu_open
            && match &self.state {
                State::Welcome | State::Closed(_) => true,
                State::InSession(session) => session.overlay().is_none(),
                _ => false,
            }
    }
}
