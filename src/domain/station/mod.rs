//! The station state machine: welcome, a timed session, the idle prompt, the end, "Au revoir",
//! out of service. [`Station::handle`] is pure: it takes an [`Event`] and the current instant and
//! returns the [`Effect`]s the supervisor must carry out; their results come back as events.

mod antenna;
mod assist;
mod ending;
mod opening;
mod out_of_service;
mod printing;
mod protocol;
mod public;
mod rules;
mod save_files;
mod session;
mod settings;
mod snapshot;
mod staff;
#[cfg(test)]
mod tests;

pub use antenna::{AntennaAnswer, AntennaCommand, AntennaRefusal, SessionRef};
pub use assist::{Assist, FORGET_CHOICES_AFTER, TextSize};
pub use ending::{EndReason, SessionSummary};
pub use out_of_service::{Problem, ProblemKind};
pub use printing::PrintStatus;
pub use protocol::{Command, Effect, Event, PublicCommand, StaffCommand};
pub use rules::Rules;
pub use save_files::{CopyFailure, CopyState, DriveSummary, FileKind, FileSummary, SaveFiles};
pub use session::{Notice, Overlay, Question, Session, SessionKind, Urgency, View};
pub use settings::{PolicyState, SavedSettings};
pub use snapshot::{OverlayScreen, Screen, SessionLayer, SessionScreen, Snapshot};

use std::time::{Duration, Instant};

use crate::domain::hours::{OpenNow, Opening};

use crate::domain::pin::Role;
use crate::domain::{Language, PinProblem, SetupNeed, StaffPanel};
use antenna::References;

/// The states of the station.
#[derive(Clone, Debug, PartialEq, Eq)]
#[expect(
    clippy::large_enum_variant,
    reason = "a station holds one state, and a session is its usual one: a box would buy nothing"
)]
pub enum State {
    /// No staff PIN is set yet: the setup screen, until both are.
    Setup {
        /// Which PINs exist.
        need: SetupNeed,
        /// Why the last try was refused.
        problem: Option<PinProblem>,
    },
    /// Waiting for someone: the welcome screen.
    Welcome,
    /// Outside opening hours: when the station opens again, if it does.
    Closed(Option<Opening>),
    /// "Commencer" was pressed; the session directory is being made.
    Preparing(SessionKind),
    /// A session runs.
    InSession(Session),
    /// The session ended; the browser is being stopped and everything wiped.
    Ending {
        /// Why it ended.
        reason: EndReason,
        /// Leave the program once cleared.
        then_exit: bool,
    },
    /// "Au revoir", until the welcome screen comes back.
    Goodbye {
        /// Why the session ended.
        reason: EndReason,
        /// When the welcome screen comes back.
        until: Instant,
    },
    /// The station serves nobody until staff act.
    OutOfService(Problem),
    /// The kiosk is leaving.
    Exited,
}

/// The station: its rules, its state and the language chosen on screen.
#[derive(Clone, Debug)]
pub struct Station {
    rules: Rules,
    state: State,
    language: Language,
    staff: Option<StaffPanel>,
    /// The PINs still to set once the station leaves its current state for the welcome screen.
    setup: Option<SetupNeed>,
    /// The role whose PIN the admin is changing, until the answer comes.
    changing_pin: Option<Role>,
    /// The opening hours as of the last look at the wall clock.
    open: OpenNow,
    /// The wall-clock minute of the day at the last look, to say closing times.
    minute_of_day: u16,
    /// When an out-of-service station next looks whether its problem went away by itself.
    next_recheck: Option<Instant>,
    /// An admin asked to leave the kiosk for maintenance.
    maintenance: bool,
    /// The accessibility choices of the person at the station.
    assist: Assist,
    /// Where each session's random reference comes from.
    references: References,
}

impl Station {
    /// A station showing its welcome screen.
    pub fn new(rules: Rules) -> Self {
        let language = rules.default_language;
        Self {
            rules,
            state: State::Welcome,
            language,
            staff: None,
            setup: None,
            changing_pin: None,
            open: OpenNow::Open { closes_in: None },
            minute_of_day: 0,
            next_recheck: None,
            maintenance: false,
            assist: Assist::default(),
            references: References::new(0),
        }
    }

    /// A station whose sessions' references come from `seed`: the kiosk draws it at random
    /// when it starts, so that no reference repeats across restarts.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.references = References::new(seed);
        self
    }

    /// A station that first asks staff to choose the PINs that are missing (`need`), unless
    /// both are set.
    pub fn with_setup(mut self, need: SetupNeed) -> Self {
        if !need.is_done() {
            self.setup = Some(need);
            if self.state == State::Welcome {
                self.state = State::Setup {
                    need,
                    problem: None,
                };
            }
        }
        self
    }

    /// A station that serves nobody until staff act.
    pub fn out_of_service(rules: Rules, problem: Problem) -> Self {
        Self {
            state: State::OutOfService(problem),
            ..Self::new(rules)
        }
    }

    /// The current state.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The language of the screens.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The rules in force.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Applies one event at instant `now` and returns what must be done: the one door into
    /// the station, each event handled by the file of its concern.
    #[must_use]
    pub fn handle(&mut self, event: Event, now: Instant) -> Vec<Effect> {
        match event {
            Event::Command(command) => self.command(command, now),
            Event::Tick { idle } => self.tick(idle, now),
            Event::SessionPrepared(result) => {
                self.session_prepared(result, now);
                Vec::new()
            }
            Event::BrowserOpened(result) => {
                self.browser_opened(result.is_ok());
                Vec::new()
            }
            Event::BrowserClosed => {
                self.browser_closed();
                Vec::new()
            }
            Event::SessionSpaceFull => {
                self.session_space_full();
                Vec::new()
            }
            Event::PrintsSeen(status) => self.prints_seen(status),
            Event::FilesListed(files) => self.files_listed(files, now),
            Event::DrivesSeen(drives) => {
                self.drives_seen(drives);
                Vec::new()
            }
            Event::CopyProgress {
                done_bytes,
                total_bytes,
            } => {
                self.copy_progress(done_bytes, total_bytes);
                Vec::new()
            }
            Event::CopyFinished(result) => {
                self.copy_finished(result);
                Vec::new()
            }
            Event::SessionCleared(result) => self.session_cleared(result, now),
            Event::PinChecked(check) => {
                self.pin_checked(check, now);
                Vec::new()
            }
            Event::PinsSaved(result) => {
                self.pins_saved(result);
                Vec::new()
            }
            Event::ReportLoaded(report) => {
                self.report_loaded(report);
                Vec::new()
            }
            Event::SettingsSaved(result) => {
                self.settings_saved(*result);
                Vec::new()
            }
            Event::StationChecked(result) => {
                self.station_checked(result);
                Vec::new()
            }
            Event::StationRechecked(result) => self.station_rechecked(result),
        }
    }

    fn command(&mut self, command: Command, now: Instant) -> Vec<Effect> {
        match command {
            Command::Public(command) => self.public_command(command, now),
            Command::Staff(command) => self.staff_command(command, now),
            Command::Antenna(command) => self.antenna_command(command, now),
            Command::Shutdown => self.shutdown(now),
        }
    }

    /// The welcome screen for the next person, in the station's language; the setup screen
    /// instead while a PIN is missing.
    fn welcome(&mut self) {
        self.staff = None;
        self.state = match self.setup {
            Some(need) => State::Setup {
                need,
                problem: None,
            },
            None => match self.open {
                OpenNow::Open { .. } => State::Welcome,
                OpenNow::Closed { opens } => State::Closed(opens),
            },
        };
        self.language = self.rules.default_language;
        self.assist = Assist::default();
    }

    /// The next instant at which the station needs a [`Event::Tick`]: every second of a session
    /// (the countdown and the idle check) or while the staff panel is open, the end of
    /// "Au revoir"; `None` when only a command can change anything, so that the welcome screen
    /// costs nothing.
    pub fn next_tick(&self, now: Instant) -> Option<Instant> {
        let staff = self.staff.as_ref().map(|_| now + Duration::from_secs(1));
        let state = self.state_next_tick(now);
        match (state, staff) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn state_next_tick(&self, now: Instant) -> Option<Instant> {
        match &self.state {
            State::InSession(session) => {
                let left = session.deadline.saturating_duration_since(now);
                let to_whole_second = Duration::from_nanos(u64::from(left.subsec_nanos()));
                let step = if to_whole_second.is_zero() {
                    Duration::from_secs(1)
                } else {
                    to_whole_second
                };
                let mut next = now + step;
                if let Some(answer_by) = session.idle_answer_by {
                    next = next.min(answer_by.max(now));
                }
                Some(next)
            }
            State::Goodbye { until, .. } => Some(*until),
            _ if self.rechecks() => Some(self.next_recheck.unwrap_or(now).max(now)),
            // Someone's choices on the welcome screen: a look every 5 s at how long nobody
            // touched anything, to forget them.
            State::Welcome | State::Closed(_) if self.choices_made() => {
                Some(now + Duration::from_secs(5))
            }
            // The welcome screen follows the opening hours: a look every half minute.
            State::Welcome | State::Closed(_) if !self.rules.hours.is_always() => {
                Some(now + Duration::from_secs(30))
            }
            _ => None,
        }
    }

    /// Whether the shell must be above the browser: always, except while the person works in the
    /// browser with nothing to tell them.
    pub fn shell_on_top(&self) -> bool {
        if self.staff.is_some() || self.assist_menu_shown() {
            return true;
        }
        match &self.state {
            State::InSession(session) => !session.shows_browser(),
            _ => true,
        }
    }

    /// Whether a session owns the station (time runs, idle is watched).
    pub fn in_session(&self) -> bool {
        matches!(self.state, State::InSession(_))
    }

    /// Whether the session's browser was started and should still run.
    pub fn browser_expected(&self) -> bool {
        matches!(&self.state, State::InSession(session) if session.browser_open)
    }
}
