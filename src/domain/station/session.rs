//! A running session: how it starts, its countdown and warnings, the idle prompt, extensions, and
//! the commands inside it that do not end it.

use std::time::{Duration, Instant};

use crate::domain::{
    ExtendOffer, Found, PadRefusal, Purpose, STAFF_IDLE_LOCK, StaffNotice, StaffPanel,
};

use super::out_of_service::RECHECK_EVERY;
use super::{CopyState, Effect, EndReason, Problem, PublicCommand, SaveFiles, State, Station};

/// The two kinds of session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    /// A person on their own: the drop-in duration.
    DropIn,
    /// Unlocked by a volunteer: the longer assisted duration.
    Assisted,
}

/// What a session shows under the bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    /// The big shortcut buttons.
    Home,
    /// The choices of one shortcut (the webmail providers of "Mes e-mails"), by shortcut id.
    Chooser(String),
    /// The browser window, below the bar.
    Browser,
}

/// A message shown inside a session, on top of the current view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The browser did not start.
    BrowserFailed,
    /// The session's space (its tmpfs) is full: a download or a file could not be written.
    SpaceFull,
    /// The session printed its limit of pages (this many): what comes next is cancelled.
    PageLimit(u32),
    /// A print job was cancelled: the session had printed its limit of pages (this many).
    PrintCancelled(u32),
    /// A print job has been waiting for a while: the printer may be off or out of paper.
    PrinterWaiting,
}

/// An optional question, with fixed answers and "Passer".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// "Vous venez pour..." at the start.
    Purpose,
    /// "Avez-vous trouvé ce que vous cherchiez ?" at the end.
    Found,
}

/// A running session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Its random reference, which the antenna's console names in its commands.
    pub reference: super::SessionRef,
    /// Drop-in or assisted.
    pub kind: SessionKind,
    /// When it started.
    pub started: Instant,
    /// When it ends.
    pub deadline: Instant,
    /// How many of the warnings (longest first) were given.
    pub warnings_given: usize,
    /// The time left announced by the banner on screen, if one is shown.
    pub warning: Option<Duration>,
    /// What is under the bar.
    pub view: View,
    /// Whether the browser runs (a site was opened in this session).
    pub browser_open: bool,
    /// "Terminer" was pressed and awaits confirmation.
    pub confirm_end: bool,
    /// The accessibility choices last asked of the running browser's pages: those it started
    /// with, or those the person was asked about since (`None`: no browser runs).
    pub page_choices: Option<super::Assist>,
    /// The person changed those choices over a running browser: « Changer aussi les pages ? »
    /// awaits an answer.
    pub confirm_restyle: bool,
    /// When the idle prompt ends the session, if it is shown.
    pub idle_answer_by: Option<Instant>,
    /// A message about the session (the browser did not start).
    pub notice: Option<Notice>,
    /// The save screen, once the person confirmed the end and has files.
    pub saving: Option<SaveFiles>,
    /// Shortcut ids opened in this session, with counts, for the usage log.
    pub opened: Vec<(String, u32)>,
    /// The optional question on screen, if any.
    pub question: Option<Question>,
    /// The answer to "Vous venez pour...".
    pub purpose: Option<Purpose>,
    /// The answer to "Avez-vous trouvé ce que vous cherchiez ?".
    pub found: Option<Found>,
    /// Whether "Avez-vous trouvé..." was asked already (answered or passed).
    pub found_asked: bool,
    /// How many times staff extended it.
    pub extensions: u32,
    /// When the station closes, if it does: extensions stop there.
    pub closes_at: Option<Instant>,
    /// The closing time (minute of the day) when it shortened the session.
    pub closing_minute: Option<u16>,
    /// Pages printed so far.
    pub pages_printed: u32,
    /// Whether the person was told that the page limit is reached.
    pub page_limit_told: bool,
    /// The newest job that had printed when the limit was reached: jobs after it are cancelled.
    pub limit_reached_at_job: Option<i32>,
    /// The newest job cancelled for the limit: each job is cancelled, and told, once.
    pub stopped_job: Option<i32>,
    /// Whether a print job waits for the printer (the person is told when this starts).
    pub printer_waiting: bool,
    /// Why the session will end once the person has been through its end (question, files):
    /// the person's "Oui, terminer", or staff ending it from the antenna's console.
    pub ending_by: EndReason,
}

/// What covers a session's view, one at a time, in the order [`Session::overlay`] gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay<'a> {
    /// "Êtes-vous toujours là ?": the idle prompt, over everything.
    StillThere,
    /// The save screen before the end.
    Saving(&'a SaveFiles),
    /// "Terminer la session ?".
    ConfirmEnd,
    /// « Changer aussi les pages ? ».
    ConfirmRestyle,
    /// An optional question.
    Question(Question),
    /// A time warning, with the time left it announces.
    Warning(Duration),
}

/// How pressing the time is, for the colour of the bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Plenty of time.
    Calm,
    /// Past the first warning.
    Warned,
    /// Past the last warning.
    Urgent,
}

impl Session {
    /// Whether the browser is what the person sees under the bar, with nothing over it.
    pub fn shows_browser(&self) -> bool {
        self.view == View::Browser
            && self.browser_open
            && self.notice.is_none()
            && self.overlay().is_none()
    }

    /// What covers the view, if anything. The one place that orders the session's overlays:
    /// the screen draws this one, "Écouter" reads it, the browser goes under it, and the
    /// accessibility menu never covers it.
    #[must_use]
    pub fn overlay(&self) -> Option<Overlay<'_>> {
        if self.idle_answer_by.is_some() {
            Some(Overlay::StillThere)
        } else if let Some(saving) = &self.saving {
            Some(Overlay::Saving(saving))
        } else if self.confirm_end {
            Some(Overlay::ConfirmEnd)
        } else if self.confirm_restyle {
            Some(Overlay::ConfirmRestyle)
        } else if let Some(question) = self.question {
            Some(Overlay::Question(question))
        } else {
            self.warning.map(Overlay::Warning)
        }
    }

    /// Time left, rounded up to the second, as shown in the bar.
    pub fn secs_left(&self, now: Instant) -> u64 {
        ceil_secs(self.deadline.saturating_duration_since(now))
    }

    /// Seconds left to answer the idle prompt, if shown.
    pub fn idle_secs_left(&self, now: Instant) -> Option<u64> {
        self.idle_answer_by
            .map(|by| ceil_secs(by.saturating_duration_since(now)))
    }
}

/// A command inside a running session that does not end it.
pub(super) fn session_command(session: &mut Session, command: PublicCommand) -> Option<Effect> {
    if session.idle_answer_by.is_some() {
        // The idle prompt covers everything: only its answer counts.
        if command == PublicCommand::StillHere {
            session.idle_answer_by = None;
        }
        return None;
    }
    if session.question == Some(Question::Purpose) {
        // The question covers the shortcuts until it is answered or passed; "Terminer" works.
        match command {
            PublicCommand::AnswerPurpose(purpose) => {
                session.purpose = purpose;
                session.question = None;
                return None;
            }
            PublicCommand::AskEnd | PublicCommand::CancelEnd => {}
            _ => return None,
        }
    }
    match command {
        PublicCommand::OpenSite { shortcut_id, url } => {
            match session.opened.iter_mut().find(|(id, _)| *id == shortcut_id) {
                Some((_, count)) => *count += 1,
                None => session.opened.push((shortcut_id.clone(), 1)),
            }
            session.view = View::Browser;
            session.warning = None;
            session.notice = None;
            return Some(Effect::OpenSite { shortcut_id, url });
        }
        PublicCommand::ShowHome => {
            session.view = View::Home;
            session.notice = None;
            session.warning = None;
            session.confirm_end = false;
        }
        PublicCommand::ShowChooser(id) => session.view = View::Chooser(id),
        PublicCommand::ShowBrowser if session.browser_open => {
            session.view = View::Browser;
            session.warning = None;
            session.notice = None;
        }
        PublicCommand::AskEnd => session.confirm_end = true,
        PublicCommand::CancelEnd => {
            session.confirm_end = false;
            // Back to the session from the save screen, unless a copy is under way.
            if !matches!(
                session.saving.as_ref().map(|s| s.copy),
                Some(CopyState::Copying { .. })
            ) {
                session.saving = None;
            }
        }
        PublicCommand::CopyToDrive(mount_point) => {
            let saving = session.saving.as_mut()?;
            if matches!(saving.copy, CopyState::Copying { .. }) {
                return None;
            }
            saving.copy = CopyState::Copying {
                done_bytes: 0,
                total_bytes: saving.files.iter().map(|f| f.size_bytes).sum(),
            };
            return Some(Effect::CopyFiles(mount_point));
        }
        PublicCommand::DismissWarning => session.warning = None,
        _ => {}
    }
    None
}

pub(super) fn ceil_secs(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

impl Station {
    /// The session directory is ready (the session starts now), or could not be made.
    pub(super) fn session_prepared(&mut self, result: Result<(), Problem>, now: Instant) {
        let State::Preparing(kind) = self.state else {
            return;
        };
        match result {
            Ok(()) => {
                let reference = self.references.next();
                self.state = State::InSession(self.new_session(kind, reference, now));
            }
            Err(problem) => self.state = State::OutOfService(problem),
        }
    }

    /// The browser opened the site, or did not start: the person is told, over the shortcuts
    /// if no site was open yet.
    pub(super) fn browser_opened(&mut self, opened: bool) {
        let State::InSession(session) = &mut self.state else {
            return;
        };
        if opened {
            session.browser_open = true;
            // What a new browser was started with (a site opened in the running one changes
            // nothing).
            if session.page_choices.is_none() {
                session.page_choices = Some(self.assist.for_pages());
            }
        } else {
            session.notice = Some(Notice::BrowserFailed);
            if !session.browser_open {
                session.view = View::Home;
            }
        }
    }

    /// The browser is gone: the next shortcut starts a new one on the same profile.
    pub(super) fn browser_closed(&mut self) {
        if let State::InSession(session) = &mut self.state {
            session.browser_open = false;
            session.page_choices = None;
            session.confirm_restyle = false;
            if session.view == View::Browser {
                session.view = View::Home;
            }
        }
    }

    /// The session's space is full: told over the browser, where the download failed (the
    /// shell comes on top), and the session goes on.
    pub(super) fn session_space_full(&mut self) {
        if let State::InSession(session) = &mut self.state {
            session.notice = Some(Notice::SpaceFull);
            session.view = View::Home;
            session.confirm_end = false;
        }
    }

    pub(super) fn new_session(
        &self,
        kind: SessionKind,
        reference: super::SessionRef,
        now: Instant,
    ) -> Session {
        let length = match kind {
            SessionKind::DropIn => self.rules.drop_in,
            SessionKind::Assisted => self.rules.assisted,
        };
        // Never past closing time: the session is shortened, and says so.
        let closes_at = self
            .closes_at(now)
            .filter(|closes_at| *closes_at < now + length);
        let length = closes_at.map_or(length, |at| at.saturating_duration_since(now));
        // Warnings for times longer than the session itself would greet the person with a
        // countdown: count them as given.
        let warnings_given = self
            .rules
            .warn_at_left
            .iter()
            .filter(|left| **left >= length)
            .count();
        Session {
            reference,
            kind,
            started: now,
            deadline: now + length,
            warnings_given,
            warning: None,
            view: View::Home,
            browser_open: false,
            confirm_end: false,
            page_choices: None,
            confirm_restyle: false,
            idle_answer_by: None,
            notice: None,
            saving: None,
            opened: Vec::new(),
            question: self.rules.ask_purpose.then_some(Question::Purpose),
            purpose: None,
            found: None,
            found_asked: false,
            extensions: 0,
            closes_at: self.closes_at(now),
            closing_minute: closes_at.and_then(|_| self.closing_minute(length)),
            pages_printed: 0,
            page_limit_told: false,
            limit_reached_at_job: None,
            stopped_job: None,
            printer_waiting: false,
            ending_by: EndReason::User,
        }
    }

    pub(super) fn tick(&mut self, idle: Duration, now: Instant) -> Vec<Effect> {
        if self.rechecks() {
            let due = self.next_recheck.is_none_or(|at| now >= at);
            if due {
                self.next_recheck = Some(now + RECHECK_EVERY);
                return vec![Effect::RecheckStation];
            }
        } else {
            self.next_recheck = None;
        }
        match &mut self.staff {
            Some(_) if idle >= STAFF_IDLE_LOCK => self.staff = None,
            Some(StaffPanel::Pad { refusal }) => {
                if matches!(refusal, Some(PadRefusal::Wait { until }) if now >= *until) {
                    *refusal = None;
                }
            }
            _ => {}
        }
        self.forget_choices_if_left(idle);
        match &mut self.state {
            State::InSession(session) => {
                if now >= session.deadline {
                    return self.end(EndReason::TimeUp, false, now);
                }
                if let Some(answer_by) = session.idle_answer_by {
                    if now >= answer_by {
                        return self.end(EndReason::Idle, false, now);
                    }
                    return Vec::new();
                }
                let left = session.deadline - now;
                let passed = self
                    .rules
                    .warn_at_left
                    .iter()
                    .take_while(|at| left <= **at)
                    .count()
                    .max(session.warnings_given);
                if passed > session.warnings_given {
                    session.warnings_given = passed;
                    session.warning = Some(self.rules.warn_at_left[passed - 1]);
                }
                if idle >= self.rules.idle {
                    session.idle_answer_by = Some(now + self.rules.idle_grace);
                    session.confirm_end = false;
                }
                Vec::new()
            }
            State::Goodbye { until, .. } if now >= *until => {
                self.welcome();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// What extending the running session would give.
    pub fn extend_offer(&self, now: Instant) -> ExtendOffer {
        let State::InSession(session) = &self.state else {
            return ExtendOffer::NoSession;
        };
        if session.extensions >= self.rules.max_extensions {
            return ExtendOffer::MaxReached;
        }
        let deadline = session.deadline.max(now);
        let mut extended = deadline + self.rules.extension;
        if let Some(closes_at) = session.closes_at {
            extended = extended.min(closes_at);
        }
        let added = extended.saturating_duration_since(deadline);
        if added < Duration::from_secs(60) {
            return ExtendOffer::Closing;
        }
        ExtendOffer::Available {
            minutes: added.as_secs() / 60,
        }
    }

    /// One more extension. A volunteer at the station (`at_station`) shows the person is there:
    /// the idle prompt goes. From the antenna's console nobody knows: it stays.
    pub(super) fn extend(&mut self, at_station: bool, now: Instant) {
        let ExtendOffer::Available { minutes } = self.extend_offer(now) else {
            return;
        };
        let State::InSession(session) = &mut self.state else {
            return;
        };
        session.deadline = session.deadline.max(now) + Duration::from_secs(minutes * 60);
        session.extensions += 1;
        // The warnings come again as the new time runs out.
        let left = session.deadline - now;
        session.warnings_given = self
            .rules
            .warn_at_left
            .iter()
            .filter(|at| left <= **at)
            .count();
        session.warning = None;
        if at_station {
            session.idle_answer_by = None;
        }
        let minutes_left = session.secs_left(now) / 60;
        if let Some(StaffPanel::Unlocked { notice, .. }) = &mut self.staff {
            *notice = Some(StaffNotice::Extended { minutes_left });
        }
    }

    /// Whether the supervisor must measure idle time at each tick: in a session, while the
    /// staff panel is open (it locks itself when nobody touches the station), and while the
    /// welcome screen keeps someone's choices (they are forgotten when nobody touches it).
    pub fn watches_idle(&self) -> bool {
        self.in_session() || self.staff.is_some() || self.choices_made()
    }

    /// How pressing the time is.
    pub fn urgency(&self, now: Instant) -> Urgency {
        let State::InSession(session) = &self.state else {
            return Urgency::Calm;
        };
        let left = session.deadline.saturating_duration_since(now);
        let warns = &self.rules.warn_at_left;
        match (warns.first(), warns.last()) {
            (_, Some(last)) if left <= *last => Urgency::Urgent,
            (Some(first), _) if left <= *first => Urgency::Warned,
            _ => Urgency::Calm,
        }
    }
}
