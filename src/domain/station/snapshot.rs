//! What the screen draws: the station's state with its times counted in seconds, and what is in
//! front during a session.

use std::time::Instant;

use crate::domain::hours::Opening;
use crate::domain::{
    ExtendOffer, Language, PadRefusal, PinProblem, SetupNeed, StaffPanel, StaffScreen,
};

use super::session::ceil_secs;
use super::{
    Assist, EndReason, Notice, Overlay, Problem, Question, SaveFiles, SessionKind, SessionRef,
    State, Station, Urgency, View,
};

/// What the screen draws: the station's state with its times already counted in seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The language of the screens.
    pub language: Language,
    /// The screen to show.
    pub screen: Screen,
    /// The staff panel over it, if open.
    pub staff: Option<StaffScreen>,
    /// The closing time (minute of the day) if the station closes before a drop-in session
    /// started now would end.
    pub closing_minute: Option<u16>,
    /// Today's closing time (minute of the day), if the station closes within a day.
    pub closes_today: Option<u16>,
    /// An admin asked to leave the kiosk for maintenance: an installed station then shows a
    /// console instead of starting the kiosk again.
    pub maintenance: bool,
    /// The person's accessibility choices.
    pub assist: Assist,
}

/// The screens of the station.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Choose the staff PINs that are missing.
    Setup {
        /// Which PINs exist.
        need: SetupNeed,
        /// Why the last try was refused.
        problem: Option<PinProblem>,
    },
    /// "Commencer".
    Welcome,
    /// Outside opening hours, and when the station opens again.
    Closed(Option<Opening>),
    /// Between "Commencer" and the session.
    Preparing,
    /// A session runs.
    Session(SessionScreen),
    /// The session ended; everything is being wiped.
    Ending,
    /// "Au revoir", and why the session ended.
    Goodbye(EndReason),
    /// Nobody can use the station until staff act.
    OutOfService(Problem),
    /// The kiosk is leaving.
    Exited,
}

/// What the screen shows of a running session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionScreen {
    /// The session's random reference (for the antenna's console, never drawn).
    pub reference: SessionRef,
    /// Drop-in or assisted.
    pub kind: SessionKind,
    /// Time left in whole seconds, rounded up.
    pub secs_left: u64,
    /// The colour of the bar.
    pub urgency: Urgency,
    /// What is under the bar.
    pub view: View,
    /// Whether a site was opened (the bar offers to go back to it).
    pub browser_open: bool,
    /// What covers the view, if anything: the one the domain put in front.
    pub overlay: Option<OverlayScreen>,
    /// A message about the session.
    pub notice: Option<Notice>,
    /// The closing time (minute of the day) when it shortened the session.
    pub closing_minute: Option<u16>,
    /// What one more extension would give.
    pub extend: ExtendOffer,
}

/// What is in front during a session, in the order it takes the screen: what the screen draws
/// and what "Écouter" reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionLayer<'a> {
    /// "Êtes-vous toujours là ?", with the seconds left to answer.
    StillThere(u64),
    /// The save screen before the end.
    Saving(&'a SaveFiles),
    /// "Terminer la session ?".
    ConfirmEnd,
    /// « Changer aussi les pages ? ».
    ConfirmRestyle,
    /// An optional question.
    Question(Question),
    /// A time warning, in minutes left.
    Warning(u64),
    /// The session's own view: home, a chooser or the site.
    View(&'a View),
}

impl SessionScreen {
    /// What is in front.
    #[must_use]
    pub fn layer(&self) -> SessionLayer<'_> {
        match &self.overlay {
            Some(OverlayScreen::StillThere(secs)) => SessionLayer::StillThere(*secs),
            Some(OverlayScreen::Saving(saving)) => SessionLayer::Saving(saving),
            Some(OverlayScreen::ConfirmEnd) => SessionLayer::ConfirmEnd,
            Some(OverlayScreen::ConfirmRestyle) => SessionLayer::ConfirmRestyle,
            Some(OverlayScreen::Question(question)) => SessionLayer::Question(*question),
            Some(OverlayScreen::Warning(minutes)) => SessionLayer::Warning(*minutes),
            None => SessionLayer::View(&self.view),
        }
    }
}

/// What covers a session's view, as the screen draws it: an [`Overlay`] with its figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverlayScreen {
    /// "Êtes-vous toujours là ?", with the seconds left to answer.
    StillThere(u64),
    /// The save screen before the end.
    Saving(SaveFiles),
    /// "Terminer la session ?".
    ConfirmEnd,
    /// « Changer aussi les pages ? ».
    ConfirmRestyle,
    /// An optional question.
    Question(Question),
    /// A time warning, in minutes left.
    Warning(u64),
}

impl Station {
    /// What the screen must show at instant `now`.
    pub fn snapshot(&self, now: Instant) -> Snapshot {
        let screen = match &self.state {
            State::Setup { need, problem } => Screen::Setup {
                need: *need,
                problem: problem.clone(),
            },
            State::Welcome => Screen::Welcome,
            State::Closed(opens) => Screen::Closed(*opens),
            State::Preparing(_) => Screen::Preparing,
            State::InSession(session) => Screen::Session(SessionScreen {
                reference: session.reference,
                kind: session.kind,
                secs_left: session.secs_left(now),
                urgency: self.urgency(now),
                view: session.view.clone(),
                browser_open: session.browser_open,
                overlay: session.overlay().map(|overlay| match overlay {
                    Overlay::StillThere => {
                        OverlayScreen::StillThere(session.idle_secs_left(now).unwrap_or(0))
                    }
                    Overlay::Saving(saving) => OverlayScreen::Saving(saving.clone()),
                    Overlay::ConfirmEnd => OverlayScreen::ConfirmEnd,
                    Overlay::ConfirmRestyle => OverlayScreen::ConfirmRestyle,
                    Overlay::Question(question) => OverlayScreen::Question(question),
                    Overlay::Warning(left) => OverlayScreen::Warning(ceil_secs(left).div_ceil(60)),
                }),
                notice: session.notice,
                closing_minute: session.closing_minute,
                extend: self.extend_offer(now),
            }),
            State::Ending { .. } => Screen::Ending,
            State::Goodbye { reason, .. } => Screen::Goodbye(*reason),
            State::OutOfService(problem) => Screen::OutOfService(problem.clone()),
            State::Exited => Screen::Exited,
        };
        let staff = self.staff.as_ref().map(|panel| match panel {
            StaffPanel::Pad { refusal } => StaffScreen::Pad {
                refusal: *refusal,
                wait_secs: match refusal {
                    Some(PadRefusal::Wait { until }) => {
                        Some(ceil_secs(until.saturating_duration_since(now)))
                    }
                    _ => None,
                },
            },
            StaffPanel::Unlocked {
                role,
                notice,
                report,
            } => StaffScreen::Menu {
                report: report.clone(),
                role: *role,
                notice: notice.clone(),
                extend: self.extend_offer(now),
            },
        });
        Snapshot {
            language: self.language,
            screen,
            staff,
            closing_minute: self.closing_minute(self.rules.drop_in),
            closes_today: self.closing_minute(std::time::Duration::from_secs(24 * 3600)),
            maintenance: self.maintenance,
            assist: Assist {
                menu_open: self.assist_menu_shown(),
                ..self.assist
            },
        }
    }
}
