//! The station state machine: welcome, a timed session, the idle prompt, the end, "Au revoir",
//! out of service. [`Station::handle`] is pure: it takes an [`Event`] and the current instant and
//! returns the [`Effect`]s the supervisor must carry out; their results come back as events.

use std::time::{Duration, Instant};

use super::{Found, Language, Purpose};

/// The two kinds of session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    /// A person on their own: the drop-in duration.
    DropIn,
    /// Unlocked by a volunteer: the longer assisted duration.
    Assisted,
}

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

/// Something that keeps the station from serving the public. The text shown is chosen by the UI;
/// `detail` is for staff and never holds anything about the person (no file name, no URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What went wrong.
    pub kind: ProblemKind,
    /// Technical detail for staff.
    pub detail: String,
}

/// The kinds of [`Problem`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The session directory could not be created.
    SessionSetup,
    /// The last session could not be cleared: processes survived or files remain.
    ClearFailed,
    /// The browser did not start (reported inside the session, not out of service).
    BrowserFailed,
    /// The browsers' installed policy is missing or does not match the config: a browser
    /// would not be locked down.
    PolicyMismatch,
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
}

/// What kind of file, for its pictogram on the save screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A PDF (a CV, a certificate).
    Pdf,
    /// A text document or a spreadsheet.
    Document,
    /// A picture.
    Image,
    /// Anything else.
    Other,
}

/// One of the person's files, as the save screen lists it. Shown on screen only, never written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's name.
    pub name: String,
    /// Its size.
    pub size_bytes: u64,
    /// Its kind.
    pub kind: FileKind,
}

/// A USB key the person plugged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriveSummary {
    /// Where it is mounted: what the copy is told.
    pub mount_point: String,
    /// Its name, for the button.
    pub label: String,
    /// Free space on it.
    pub free_bytes: u64,
}

/// Why a copy to a USB key failed, in terms the person can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyFailure {
    /// The key is too full.
    NotEnoughSpace {
        /// Bytes needed.
        needed_bytes: u64,
        /// Bytes free.
        free_bytes: u64,
    },
    /// The key cannot be written (its lock switch, or a read-only file system).
    ReadOnly,
    /// The key was pulled out.
    DriveGone,
    /// Something else went wrong while copying.
    Failed {
        /// Files copied before the failure.
        copied: u32,
    },
}

/// Where the copy to a USB key stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyState {
    /// Nothing copied yet.
    NotStarted,
    /// Copying.
    Copying {
        /// Bytes copied.
        done_bytes: u64,
        /// Bytes to copy.
        total_bytes: u64,
    },
    /// Copied and synced: the key can be removed.
    Done {
        /// Files copied.
        files: u32,
    },
    /// The copy failed.
    Failed(CopyFailure),
}

/// The screen before the end that offers to take one's files on a USB key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveFiles {
    /// The person's files.
    pub files: Vec<FileSummary>,
    /// The keys plugged in now.
    pub drives: Vec<DriveSummary>,
    /// The copy.
    pub copy: CopyState,
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
}

/// The rules of the station's sessions, with their durations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Length of a drop-in session.
    pub drop_in: Duration,
    /// Length of an assisted session.
    pub assisted: Duration,
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
}

/// An optional question, with fixed answers and "Passer".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// "Vous venez pour..." at the start.
    Purpose,
    /// "Avez-vous trouvé ce que vous cherchiez ?" at the end.
    Found,
}

/// What the person, a volunteer or the system asks of the station.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// "Commencer" on the welcome screen, or a volunteer starting an assisted session.
    Start(SessionKind),
    /// The language switch.
    SetLanguage(Language),
    /// "Accueil": back to the shortcuts.
    ShowHome,
    /// A shortcut with several choices (webmail providers).
    ShowChooser(String),
    /// A shortcut or a choice that opens a site.
    OpenSite {
        /// The id of the shortcut or choice, for the usage statistics.
        shortcut_id: String,
        /// Where the browser goes.
        url: String,
    },
    /// Back to the browser already open, from home or a banner.
    ShowBrowser,
    /// "Terminer": ask the person to confirm.
    AskEnd,
    /// "Non, je continue" on the confirmation.
    CancelEnd,
    /// "Oui, terminer" on the confirmation.
    ConfirmEnd,
    /// Staff end the session without asking.
    StaffEnd,
    /// "Oui, je continue" on the idle prompt.
    StillHere,
    /// "J'ai compris" on a time warning.
    DismissWarning,
    /// "Copier sur ma clé USB" on the save screen, for the key mounted there.
    CopyToDrive(String),
    /// "Tout effacer et terminer" on the save screen.
    EraseAndEnd,
    /// An answer to "Vous venez pour..."; `None` is "Passer".
    AnswerPurpose(Option<Purpose>),
    /// An answer to "Avez-vous trouvé ce que vous cherchiez ?"; `None` is "Passer".
    AnswerFound(Option<Found>),
    /// "Réessayer l'effacement" on the out-of-service screen after a failed wipe.
    RetryClear,
    /// The kiosk must stop: end any session the normal way, then exit.
    Shutdown,
}

/// What the station learns: commands and the results of effects, and the passing of time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A command from the screen or the system.
    Command(Command),
    /// Time passed; `idle` is how long the whole desktop has had no input.
    Tick {
        /// Time since the last keyboard or mouse input anywhere.
        idle: Duration,
    },
    /// The session directory is ready, or could not be made.
    SessionPrepared(Result<(), Problem>),
    /// The browser opened the site, or did not start.
    BrowserOpened(Result<(), Problem>),
    /// The person's files, listed after they confirmed the end.
    FilesListed(Vec<FileSummary>),
    /// The USB keys plugged in now (polled while the save screen is shown).
    DrivesSeen(Vec<DriveSummary>),
    /// Progress of the copy.
    CopyProgress {
        /// Bytes copied.
        done_bytes: u64,
        /// Bytes to copy.
        total_bytes: u64,
    },
    /// The copy ended: files copied, or why not.
    CopyFinished(Result<u32, CopyFailure>),
    /// The browser and every process of the session are stopped and the session directory is
    /// removed, or something of the session remains.
    SessionCleared(Result<(), Problem>),
}

/// What the supervisor must do for the station.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Create a fresh session directory, then send [`Event::SessionPrepared`].
    PrepareSession(SessionKind),
    /// Open the site in the session's browser (starting it if needed), then send
    /// [`Event::BrowserOpened`].
    OpenSite {
        /// The id of the shortcut or choice.
        shortcut_id: String,
        /// Where the browser goes.
        url: String,
    },
    /// List the person's files, then send [`Event::FilesListed`].
    ListFiles,
    /// Copy the person's files to the key mounted there, sending [`Event::CopyProgress`] and
    /// then [`Event::CopyFinished`].
    CopyFiles(String),
    /// The session ended: stop the browser and every process of the session, remove the
    /// session directory, verify, then send [`Event::SessionCleared`].
    ClearSession(EndReason),
    /// Keep the anonymous summary of a session that ended.
    RecordSession(SessionSummary),
    /// Leave the program: the shutdown is complete.
    Exit,
}

/// A running session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
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
}

/// The states of the station.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Waiting for someone: the welcome screen.
    Welcome,
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

/// The station: its rules, its state and the language chosen on screen.
#[derive(Clone, Debug)]
pub struct Station {
    rules: Rules,
    state: State,
    language: Language,
}

impl Station {
    /// A station showing its welcome screen.
    pub fn new(rules: Rules) -> Self {
        let language = rules.default_language;
        Self {
            rules,
            state: State::Welcome,
            language,
        }
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

    /// Applies one event at instant `now` and returns what must be done.
    #[must_use]
    pub fn handle(&mut self, event: Event, now: Instant) -> Vec<Effect> {
        match event {
            Event::Command(command) => self.command(command, now),
            Event::Tick { idle } => self.tick(idle, now),
            Event::SessionPrepared(result) => {
                let State::Preparing(kind) = self.state else {
                    return Vec::new();
                };
                match result {
                    Ok(()) => self.state = State::InSession(self.new_session(kind, now)),
                    Err(problem) => self.state = State::OutOfService(problem),
                }
                Vec::new()
            }
            Event::BrowserOpened(result) => {
                if let State::InSession(session) = &mut self.state {
                    match result {
                        Ok(()) => session.browser_open = true,
                        Err(_) => {
                            session.notice = Some(Notice::BrowserFailed);
                            if !session.browser_open {
                                session.view = View::Home;
                            }
                        }
                    }
                }
                Vec::new()
            }
            Event::FilesListed(files) => {
                let State::InSession(session) = &mut self.state else {
                    return Vec::new();
                };
                if files.is_empty() {
                    return self.end(EndReason::User, false, now);
                }
                session.confirm_end = false;
                session.saving = Some(SaveFiles {
                    files,
                    drives: Vec::new(),
                    copy: CopyState::NotStarted,
                });
                Vec::new()
            }
            Event::DrivesSeen(drives) => {
                if let Some(saving) = self.saving_mut() {
                    saving.drives = drives;
                }
                Vec::new()
            }
            Event::CopyProgress {
                done_bytes,
                total_bytes,
            } => {
                if let Some(saving) = self.saving_mut() {
                    saving.copy = CopyState::Copying {
                        done_bytes,
                        total_bytes,
                    };
                }
                Vec::new()
            }
            Event::CopyFinished(result) => {
                if let Some(saving) = self.saving_mut() {
                    saving.copy = match result {
                        Ok(files) => CopyState::Done { files },
                        Err(failure) => CopyState::Failed(failure),
                    };
                }
                Vec::new()
            }
            Event::SessionCleared(result) => {
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
        }
    }

    fn saving_mut(&mut self) -> Option<&mut SaveFiles> {
        match &mut self.state {
            State::InSession(session) => session.saving.as_mut(),
            _ => None,
        }
    }

    /// Whether the save screen is up: the supervisor then looks for USB keys every tick.
    pub fn wants_drives(&self) -> bool {
        matches!(&self.state, State::InSession(session) if session.saving.is_some())
    }

    fn new_session(&self, kind: SessionKind, now: Instant) -> Session {
        let length = match kind {
            SessionKind::DropIn => self.rules.drop_in,
            SessionKind::Assisted => self.rules.assisted,
        };
        // Warnings for times longer than the session itself would greet the person with a
        // countdown: count them as given.
        let warnings_given = self
            .rules
            .warn_at_left
            .iter()
            .filter(|left| **left >= length)
            .count();
        Session {
            kind,
            started: now,
            deadline: now + length,
            warnings_given,
            warning: None,
            view: View::Home,
            browser_open: false,
            confirm_end: false,
            idle_answer_by: None,
            notice: None,
            saving: None,
            opened: Vec::new(),
            question: self.rules.ask_purpose.then_some(Question::Purpose),
            purpose: None,
            found: None,
            found_asked: false,
        }
    }

    fn command(&mut self, command: Command, now: Instant) -> Vec<Effect> {
        match (&mut self.state, command) {
            (State::Welcome, Command::Start(kind)) => {
                self.state = State::Preparing(kind);
                vec![Effect::PrepareSession(kind)]
            }
            (State::Welcome | State::InSession(_), Command::SetLanguage(language)) => {
                self.language = language;
                Vec::new()
            }
            (
                State::Welcome | State::Goodbye { .. } | State::OutOfService(_),
                Command::Shutdown,
            ) => {
                self.state = State::Exited;
                vec![Effect::Exit]
            }
            (State::Preparing(_), Command::Shutdown) => self.end(EndReason::Shutdown, true, now),
            (State::InSession(_), Command::Shutdown) => self.end(EndReason::Shutdown, true, now),
            (State::Ending { then_exit, .. }, Command::Shutdown) => {
                *then_exit = true;
                Vec::new()
            }
            (State::InSession(session), Command::ConfirmEnd) if session.confirm_end => {
                if self.rules.ask_found && !session.found_asked {
                    session.confirm_end = false;
                    session.question = Some(Question::Found);
                    return Vec::new();
                }
                vec![Effect::ListFiles]
            }
            (State::InSession(session), Command::AnswerFound(found))
                if session.question == Some(Question::Found) =>
            {
                session.found = found;
                session.found_asked = true;
                session.question = None;
                vec![Effect::ListFiles]
            }
            (State::InSession(session), Command::EraseAndEnd) if session.saving.is_some() => {
                self.end(EndReason::User, false, now)
            }
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
            (State::InSession(_), Command::StaffEnd) => self.end(EndReason::Staff, false, now),
            (State::InSession(session), command) => {
                session_command(session, command).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    fn end(&mut self, reason: EndReason, then_exit: bool, now: Instant) -> Vec<Effect> {
        let summary = match &self.state {
            State::InSession(session) => Some(SessionSummary {
                kind: session.kind,
                end_reason: reason,
                language: self.language,
                duration: now.saturating_duration_since(session.started),
                shortcuts: session.opened.clone(),
                purpose: session.purpose,
                found: session.found,
            }),
            _ => None,
        };
        self.state = State::Ending { reason, then_exit };
        let mut effects = vec![Effect::ClearSession(reason)];
        effects.extend(summary.map(Effect::RecordSession));
        effects
    }

    fn tick(&mut self, idle: Duration, now: Instant) -> Vec<Effect> {
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
                self.state = State::Welcome;
                // The next person starts in the station's language.
                self.language = self.rules.default_language;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The next instant at which the station needs a [`Event::Tick`]: every second of a session
    /// (the countdown and the idle check), the end of "Au revoir"; `None` when only a command can
    /// change anything, so that the welcome screen costs nothing.
    pub fn next_tick(&self, now: Instant) -> Option<Instant> {
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
            _ => None,
        }
    }

    /// Whether the shell must be above the browser: always, except while the person works in the
    /// browser with nothing to tell them.
    pub fn shell_on_top(&self) -> bool {
        match &self.state {
            State::InSession(session) => !session.shows_browser(),
            _ => true,
        }
    }

    /// Whether a session owns the station (time runs, idle is watched).
    pub fn in_session(&self) -> bool {
        matches!(self.state, State::InSession(_))
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

/// What the screen draws: the station's state with its times already counted in seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The language of the screens.
    pub language: Language,
    /// The screen to show.
    pub screen: Screen,
}

/// The screens of the station.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// "Commencer".
    Welcome,
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
    /// Minutes left announced by a banner, if one is shown.
    pub warning_minutes: Option<u64>,
    /// "Terminer" awaits confirmation.
    pub confirm_end: bool,
    /// Seconds left to answer "Êtes-vous toujours là ?", if asked.
    pub idle_secs_left: Option<u64>,
    /// A message about the session.
    pub notice: Option<Notice>,
    /// The save screen before the end.
    pub saving: Option<SaveFiles>,
    /// An optional question on screen.
    pub question: Option<Question>,
}

impl Station {
    /// What the screen must show at instant `now`.
    pub fn snapshot(&self, now: Instant) -> Snapshot {
        let screen = match &self.state {
            State::Welcome => Screen::Welcome,
            State::Preparing(_) => Screen::Preparing,
            State::InSession(session) => Screen::Session(SessionScreen {
                kind: session.kind,
                secs_left: session.secs_left(now),
                urgency: self.urgency(now),
                view: session.view.clone(),
                browser_open: session.browser_open,
                warning_minutes: session.warning.map(|left| ceil_secs(left).div_ceil(60)),
                confirm_end: session.confirm_end,
                idle_secs_left: session.idle_secs_left(now),
                notice: session.notice,
                saving: session.saving.clone(),
                question: session.question,
            }),
            State::Ending { .. } => Screen::Ending,
            State::Goodbye { reason, .. } => Screen::Goodbye(*reason),
            State::OutOfService(problem) => Screen::OutOfService(problem.clone()),
            State::Exited => Screen::Exited,
        };
        Snapshot {
            language: self.language,
            screen,
        }
    }
}

impl Session {
    /// Whether the browser is what the person sees under the bar, with nothing over it.
    pub fn shows_browser(&self) -> bool {
        self.view == View::Browser
            && self.browser_open
            && self.warning.is_none()
            && !self.confirm_end
            && self.idle_answer_by.is_none()
            && self.notice.is_none()
            && self.saving.is_none()
            && self.question.is_none()
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
fn session_command(session: &mut Session, command: Command) -> Option<Effect> {
    if session.idle_answer_by.is_some() {
        // The idle prompt covers everything: only its answer counts.
        if command == Command::StillHere {
            session.idle_answer_by = None;
        }
        return None;
    }
    if session.question == Some(Question::Purpose) {
        // The question covers the shortcuts until it is answered or passed; "Terminer" works.
        match command {
            Command::AnswerPurpose(purpose) => {
                session.purpose = purpose;
                session.question = None;
                return None;
            }
            Command::AskEnd | Command::CancelEnd => {}
            _ => return None,
        }
    }
    match command {
        Command::OpenSite { shortcut_id, url } => {
            match session.opened.iter_mut().find(|(id, _)| *id == shortcut_id) {
                Some((_, count)) => *count += 1,
                None => session.opened.push((shortcut_id.clone(), 1)),
            }
            session.view = View::Browser;
            session.warning = None;
            session.notice = None;
            return Some(Effect::OpenSite { shortcut_id, url });
        }
        Command::ShowHome => {
            session.view = View::Home;
            session.notice = None;
            session.warning = None;
            session.confirm_end = false;
        }
        Command::ShowChooser(id) => session.view = View::Chooser(id),
        Command::ShowBrowser if session.browser_open => {
            session.view = View::Browser;
            session.warning = None;
            session.notice = None;
        }
        Command::AskEnd => session.confirm_end = true,
        Command::CancelEnd => {
            session.confirm_end = false;
            // Back to the session from the save screen, unless a copy is under way.
            if !matches!(
                session.saving.as_ref().map(|s| s.copy),
                Some(CopyState::Copying { .. })
            ) {
                session.saving = None;
            }
        }
        Command::CopyToDrive(mount_point) => {
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
        Command::DismissWarning => session.warning = None,
        _ => {}
    }
    None
}

fn ceil_secs(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn rules() -> Rules {
        Rules {
            drop_in: 45 * MIN,
            assisted: 120 * MIN,
            warn_at_left: vec![5 * MIN, MIN],
            idle: 5 * MIN,
            idle_grace: Duration::from_secs(60),
            goodbye: Duration::from_secs(6),
            default_language: Language::Fr,
            ask_purpose: false,
            ask_found: false,
        }
    }

    /// A station and a fake clock.
    struct Rig {
        station: Station,
        t0: Instant,
        now: Instant,
    }

    impl Rig {
        fn new() -> Self {
            let t0 = Instant::now();
            Self {
                station: Station::new(rules()),
                t0,
                now: t0,
            }
        }

        fn cmd(&mut self, command: Command) -> Vec<Effect> {
            self.station.handle(Event::Command(command), self.now)
        }

        fn send(&mut self, event: Event) -> Vec<Effect> {
            self.station.handle(event, self.now)
        }

        /// Advance the clock to `at` after the start of the rig, with the given idle time.
        fn tick_at(&mut self, at: Duration, idle: Duration) -> Vec<Effect> {
            self.now = self.t0 + at;
            self.station.handle(Event::Tick { idle }, self.now)
        }

        fn started(kind: SessionKind) -> Self {
            let mut rig = Self::new();
            assert_eq!(
                rig.cmd(Command::Start(kind)),
                vec![Effect::PrepareSession(kind)]
            );
            assert!(rig.send(Event::SessionPrepared(Ok(()))).is_empty());
            rig
        }

        fn session(&self) -> &Session {
            match self.station.state() {
                State::InSession(session) => session,
                other => panic!("not in session: {other:?}"),
            }
        }

        fn open_site(&mut self) -> Vec<Effect> {
            self.cmd(Command::OpenSite {
                shortcut_id: "france-travail".into(),
                url: "https://www.francetravail.fr/".into(),
            })
        }
    }

    fn problem() -> Problem {
        Problem {
            kind: ProblemKind::ClearFailed,
            detail: "1 process survived".into(),
        }
    }

    #[test]
    fn welcome_needs_no_tick() {
        let rig = Rig::new();
        assert_eq!(rig.station.state(), &State::Welcome);
        assert_eq!(rig.station.next_tick(rig.now), None);
        assert!(rig.station.shell_on_top());
    }

    #[test]
    fn start_prepares_then_runs_a_drop_in_session_of_the_configured_length() {
        let rig = Rig::started(SessionKind::DropIn);
        let session = rig.session();
        assert_eq!(session.kind, SessionKind::DropIn);
        assert_eq!(session.view, View::Home);
        assert_eq!(session.secs_left(rig.now), 45 * 60);
    }

    #[test]
    fn assisted_session_is_longer() {
        let rig = Rig::started(SessionKind::Assisted);
        assert_eq!(rig.session().secs_left(rig.now), 120 * 60);
    }

    #[test]
    fn failed_preparation_puts_the_station_out_of_service() {
        let mut rig = Rig::new();
        let _ = rig.cmd(Command::Start(SessionKind::DropIn));
        let err = Problem {
            kind: ProblemKind::SessionSetup,
            detail: "disk full".into(),
        };
        let _ = rig.send(Event::SessionPrepared(Err(err.clone())));
        assert_eq!(rig.station.state(), &State::OutOfService(err));
        // Out of service opens nothing.
        assert!(rig.cmd(Command::Start(SessionKind::DropIn)).is_empty());
    }

    #[test]
    fn opening_a_site_shows_the_browser_and_home_comes_back() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let effects = rig.open_site();
        assert_eq!(
            effects,
            vec![Effect::OpenSite {
                shortcut_id: "france-travail".into(),
                url: "https://www.francetravail.fr/".into()
            }]
        );
        let _ = rig.send(Event::BrowserOpened(Ok(())));
        assert!(rig.session().shows_browser());
        assert!(!rig.station.shell_on_top());
        let _ = rig.cmd(Command::ShowHome);
        assert_eq!(rig.session().view, View::Home);
        assert!(rig.station.shell_on_top());
        let _ = rig.cmd(Command::ShowBrowser);
        assert!(!rig.station.shell_on_top());
    }

    #[test]
    fn show_browser_does_nothing_before_a_site_was_opened() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::ShowBrowser);
        assert_eq!(rig.session().view, View::Home);
    }

    #[test]
    fn chooser_then_choice_opens_the_site() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::ShowChooser("emails".into()));
        assert_eq!(rig.session().view, View::Chooser("emails".into()));
        assert_eq!(rig.open_site().len(), 1);
        assert_eq!(rig.session().view, View::Browser);
    }

    #[test]
    fn browser_failure_returns_home_with_a_notice() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.open_site();
        let _ = rig.send(Event::BrowserOpened(Err(problem())));
        assert_eq!(rig.session().view, View::Home);
        assert_eq!(rig.session().notice, Some(Notice::BrowserFailed));
        assert!(rig.station.shell_on_top());
        let _ = rig.cmd(Command::ShowHome);
        assert_eq!(rig.session().notice, None);
    }

    #[test]
    fn warnings_come_once_each_at_their_time() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.open_site();
        let _ = rig.send(Event::BrowserOpened(Ok(())));
        let _ = rig.tick_at(39 * MIN, Duration::ZERO);
        assert_eq!(rig.session().warning, None);
        assert_eq!(rig.station.urgency(rig.now), Urgency::Calm);
        let _ = rig.tick_at(40 * MIN, Duration::ZERO);
        assert_eq!(rig.session().warning, Some(5 * MIN));
        assert!(rig.station.shell_on_top(), "a warning covers the browser");
        assert_eq!(rig.station.urgency(rig.now), Urgency::Warned);
        let _ = rig.cmd(Command::DismissWarning);
        assert_eq!(rig.session().warning, None);
        let _ = rig.tick_at(41 * MIN, Duration::ZERO);
        assert_eq!(
            rig.session().warning,
            None,
            "the 5-minute warning is given once"
        );
        let _ = rig.tick_at(44 * MIN, Duration::ZERO);
        assert_eq!(rig.session().warning, Some(MIN));
        assert_eq!(rig.station.urgency(rig.now), Urgency::Urgent);
        let _ = rig.cmd(Command::ShowBrowser);
        assert!(!rig.station.shell_on_top());
    }

    #[test]
    fn late_tick_gives_the_last_passed_warning_only() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.tick_at(44 * MIN + Duration::from_secs(30), Duration::ZERO);
        assert_eq!(rig.session().warning, Some(MIN));
        assert_eq!(rig.session().warnings_given, 2);
    }

    #[test]
    fn warnings_longer_than_the_session_are_skipped() {
        let mut rules = rules();
        rules.drop_in = 3 * MIN;
        let mut station = Station::new(rules);
        let now = Instant::now();
        let _ = station.handle(Event::Command(Command::Start(SessionKind::DropIn)), now);
        let _ = station.handle(Event::SessionPrepared(Ok(())), now);
        let _ = station.handle(
            Event::Tick {
                idle: Duration::ZERO,
            },
            now + Duration::from_secs(1),
        );
        let State::InSession(session) = station.state() else {
            panic!("not in session")
        };
        assert_eq!(session.warning, None);
    }

    #[test]
    fn time_up_ends_the_session_and_goodbye_leads_to_welcome() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::SetLanguage(Language::En));
        let effects = rig.tick_at(45 * MIN, Duration::ZERO);
        assert_eq!(effects[0], Effect::ClearSession(EndReason::TimeUp));
        let _ = rig.send(Event::SessionCleared(Ok(())));
        assert!(matches!(rig.station.state(), State::Goodbye { .. }));
        assert_eq!(
            rig.station.language(),
            Language::En,
            "goodbye in the person's language"
        );
        assert_eq!(
            rig.station.next_tick(rig.now),
            Some(rig.now + Duration::from_secs(6))
        );
        let _ = rig.tick_at(45 * MIN + Duration::from_secs(5), Duration::ZERO);
        assert!(matches!(rig.station.state(), State::Goodbye { .. }));
        let _ = rig.tick_at(45 * MIN + Duration::from_secs(6), Duration::ZERO);
        assert_eq!(rig.station.state(), &State::Welcome);
        assert_eq!(
            rig.station.language(),
            Language::Fr,
            "the next person gets the default"
        );
    }

    #[test]
    fn a_failed_clear_puts_the_station_out_of_service() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::AskEnd);
        assert_eq!(rig.cmd(Command::ConfirmEnd), vec![Effect::ListFiles]);
        let _ = rig.send(Event::FilesListed(Vec::new()));
        let _ = rig.send(Event::SessionCleared(Err(problem())));
        assert_eq!(rig.station.state(), &State::OutOfService(problem()));
        let _ = rig.tick_at(10 * MIN, Duration::ZERO);
        assert_eq!(rig.station.state(), &State::OutOfService(problem()));
    }

    #[test]
    fn terminer_asks_once_and_can_be_cancelled() {
        let mut rig = Rig::started(SessionKind::DropIn);
        assert!(rig.cmd(Command::AskEnd).is_empty());
        assert!(rig.session().confirm_end);
        let _ = rig.cmd(Command::CancelEnd);
        assert!(!rig.session().confirm_end);
        let _ = rig.cmd(Command::AskEnd);
        assert_eq!(rig.cmd(Command::ConfirmEnd), vec![Effect::ListFiles]);
        let effects = rig.send(Event::FilesListed(Vec::new()));
        assert_eq!(effects[0], Effect::ClearSession(EndReason::User));
        assert!(matches!(
            rig.station.state(),
            State::Ending {
                reason: EndReason::User,
                ..
            }
        ));
    }

    #[test]
    fn staff_end_does_not_ask() {
        let mut rig = Rig::started(SessionKind::Assisted);
        assert_eq!(
            rig.cmd(Command::StaffEnd)[0],
            Effect::ClearSession(EndReason::Staff)
        );
    }

    #[test]
    fn idle_prompt_then_still_here_continues() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.open_site();
        let _ = rig.send(Event::BrowserOpened(Ok(())));
        let _ = rig.tick_at(10 * MIN, 5 * MIN - Duration::from_secs(1));
        assert_eq!(rig.session().idle_answer_by, None);
        let _ = rig.tick_at(10 * MIN + Duration::from_secs(1), 5 * MIN);
        assert_eq!(rig.session().idle_secs_left(rig.now), Some(60));
        assert!(rig.station.shell_on_top());
        // Nothing but the answer counts while the prompt is shown.
        let _ = rig.cmd(Command::ShowHome);
        assert_eq!(rig.session().view, View::Browser);
        let _ = rig.tick_at(
            10 * MIN + Duration::from_secs(31),
            5 * MIN + Duration::from_secs(30),
        );
        assert_eq!(rig.session().idle_secs_left(rig.now), Some(30));
        let _ = rig.cmd(Command::StillHere);
        assert_eq!(rig.session().idle_answer_by, None);
        assert!(!rig.station.shell_on_top(), "back to the browser");
        let _ = rig.tick_at(10 * MIN + Duration::from_secs(40), Duration::ZERO);
        assert!(rig.station.in_session());
    }

    #[test]
    fn idle_prompt_without_answer_ends_the_session() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::AskEnd);
        let _ = rig.tick_at(5 * MIN, 5 * MIN);
        assert!(
            !rig.session().confirm_end,
            "the prompt replaces the question"
        );
        let _ = rig.tick_at(5 * MIN + Duration::from_secs(59), 6 * MIN);
        assert!(rig.station.in_session());
        let effects = rig.tick_at(6 * MIN, 6 * MIN);
        assert_eq!(effects[0], Effect::ClearSession(EndReason::Idle));
    }

    #[test]
    fn time_up_during_the_idle_prompt_is_time_up() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.tick_at(44 * MIN + Duration::from_secs(30), 5 * MIN);
        let effects = rig.tick_at(45 * MIN, 5 * MIN);
        assert_eq!(effects[0], Effect::ClearSession(EndReason::TimeUp));
    }

    #[test]
    fn shutdown_at_welcome_exits_at_once() {
        let mut rig = Rig::new();
        assert_eq!(rig.cmd(Command::Shutdown), vec![Effect::Exit]);
        assert_eq!(rig.station.state(), &State::Exited);
    }

    #[test]
    fn shutdown_in_session_clears_then_exits() {
        let mut rig = Rig::started(SessionKind::DropIn);
        assert_eq!(
            rig.cmd(Command::Shutdown)[0],
            Effect::ClearSession(EndReason::Shutdown)
        );
        assert_eq!(rig.send(Event::SessionCleared(Ok(()))), vec![Effect::Exit]);
    }

    #[test]
    fn shutdown_while_ending_exits_after_the_clear() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.tick_at(45 * MIN, Duration::ZERO);
        assert!(rig.cmd(Command::Shutdown).is_empty());
        assert_eq!(
            rig.send(Event::SessionCleared(Err(problem()))),
            vec![Effect::Exit]
        );
    }

    #[test]
    fn commands_out_of_place_are_ignored() {
        let mut rig = Rig::new();
        for command in [
            Command::ShowHome,
            Command::AskEnd,
            Command::ConfirmEnd,
            Command::StillHere,
            Command::DismissWarning,
            Command::StaffEnd,
        ] {
            assert!(rig.cmd(command).is_empty());
            assert_eq!(rig.station.state(), &State::Welcome);
        }
        let mut rig = Rig::started(SessionKind::DropIn);
        assert!(rig.cmd(Command::Start(SessionKind::DropIn)).is_empty());
        assert!(rig.send(Event::SessionPrepared(Ok(()))).is_empty());
    }

    #[test]
    fn ticks_fall_on_whole_seconds_of_the_countdown() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.tick_at(Duration::from_millis(300), Duration::ZERO);
        assert_eq!(rig.session().secs_left(rig.now), 45 * 60);
        let next = rig.station.next_tick(rig.now).unwrap();
        assert_eq!(next - rig.t0, Duration::from_secs(1));
        let _ = rig.tick_at(Duration::from_secs(1), Duration::ZERO);
        assert_eq!(rig.session().secs_left(rig.now), 45 * 60 - 1);
        let next = rig.station.next_tick(rig.now).unwrap();
        assert_eq!(next - rig.t0, Duration::from_secs(2));
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    fn rules() -> Rules {
        Rules {
            drop_in: Duration::from_secs(45 * 60),
            assisted: Duration::from_secs(120 * 60),
            warn_at_left: vec![Duration::from_secs(300)],
            idle: Duration::from_secs(300),
            idle_grace: Duration::from_secs(60),
            goodbye: Duration::from_secs(6),
            default_language: Language::Fr,
            ask_purpose: false,
            ask_found: false,
        }
    }

    #[test]
    fn the_summary_counts_shortcuts_and_duration_and_nothing_else() {
        let t0 = Instant::now();
        let mut station = Station::new(rules());
        let _ = station.handle(Event::Command(Command::Start(SessionKind::DropIn)), t0);
        let _ = station.handle(Event::SessionPrepared(Ok(())), t0);
        for id in ["ft", "cv", "ft"] {
            let open = Command::OpenSite {
                shortcut_id: id.into(),
                url: format!("https://{id}.fr/"),
            };
            let _ = station.handle(Event::Command(open), t0);
        }
        let _ = station.handle(Event::Command(Command::AskEnd), t0);
        let _ = station.handle(Event::Command(Command::ConfirmEnd), t0);
        let effects = station.handle(
            Event::FilesListed(Vec::new()),
            t0 + Duration::from_secs(600),
        );
        assert_eq!(
            effects[1],
            Effect::RecordSession(SessionSummary {
                kind: SessionKind::DropIn,
                end_reason: EndReason::User,
                language: Language::Fr,
                duration: Duration::from_secs(600),
                shortcuts: vec![("ft".into(), 2), ("cv".into(), 1)],
                purpose: None,
                found: None,
            })
        );
    }

    #[test]
    fn a_failed_wipe_can_be_retried_and_success_reopens_the_station() {
        let t0 = Instant::now();
        let problem = Problem {
            kind: ProblemKind::ClearFailed,
            detail: "1 process survived".into(),
        };
        let mut station = Station::out_of_service(rules(), problem.clone());
        let effects = station.handle(Event::Command(Command::RetryClear), t0);
        assert_eq!(effects, vec![Effect::ClearSession(EndReason::Staff)]);
        let _ = station.handle(Event::SessionCleared(Err(problem)), t0);
        assert!(matches!(station.state(), State::OutOfService(_)));
        let _ = station.handle(Event::Command(Command::RetryClear), t0);
        let _ = station.handle(Event::SessionCleared(Ok(())), t0);
        assert!(matches!(station.state(), State::Goodbye { .. }));
        // A policy problem is not fixed by wiping.
        let policy = Problem {
            kind: ProblemKind::PolicyMismatch,
            detail: "stale".into(),
        };
        let mut station = Station::out_of_service(rules(), policy);
        assert!(
            station
                .handle(Event::Command(Command::RetryClear), t0)
                .is_empty()
        );
    }

    #[test]
    fn the_optional_questions_are_asked_once_and_answers_go_to_the_summary() {
        let t0 = Instant::now();
        let mut rules = rules();
        rules.ask_purpose = true;
        rules.ask_found = true;
        let mut station = Station::new(rules);
        let _ = station.handle(Event::Command(Command::Start(SessionKind::DropIn)), t0);
        let _ = station.handle(Event::SessionPrepared(Ok(())), t0);
        let question = |s: &Station| match s.state() {
            State::InSession(session) => session.question,
            _ => None,
        };
        assert_eq!(question(&station), Some(Question::Purpose));
        assert!(station.shell_on_top());
        // The shortcuts wait for the answer.
        let open = Command::OpenSite {
            shortcut_id: "ft".into(),
            url: "https://ft.fr/".into(),
        };
        assert!(station.handle(Event::Command(open), t0).is_empty());
        let _ = station.handle(
            Event::Command(Command::AnswerPurpose(Some(Purpose::Emploi))),
            t0,
        );
        assert_eq!(question(&station), None);
        let _ = station.handle(Event::Command(Command::AskEnd), t0);
        assert!(
            station
                .handle(Event::Command(Command::ConfirmEnd), t0)
                .is_empty()
        );
        assert_eq!(question(&station), Some(Question::Found));
        let effects = station.handle(Event::Command(Command::AnswerFound(None)), t0);
        assert_eq!(effects, vec![Effect::ListFiles]);
        let effects = station.handle(Event::FilesListed(Vec::new()), t0);
        let Effect::RecordSession(summary) = &effects[1] else {
            panic!("{effects:?}")
        };
        assert_eq!(
            (summary.purpose, summary.found),
            (Some(Purpose::Emploi), None)
        );
    }

    #[test]
    fn a_copy_goes_through_progress_to_done_and_blocks_a_second_copy() {
        let t0 = Instant::now();
        let mut station = Station::new(rules());
        let _ = station.handle(Event::Command(Command::Start(SessionKind::DropIn)), t0);
        let _ = station.handle(Event::SessionPrepared(Ok(())), t0);
        let _ = station.handle(Event::Command(Command::AskEnd), t0);
        let _ = station.handle(Event::Command(Command::ConfirmEnd), t0);
        let file = FileSummary {
            name: "cv.pdf".into(),
            size_bytes: 1000,
            kind: FileKind::Pdf,
        };
        assert!(
            station
                .handle(Event::FilesListed(vec![file]), t0)
                .is_empty()
        );
        assert!(station.wants_drives());
        let copy = Command::CopyToDrive("/media/key".into());
        assert_eq!(
            station.handle(Event::Command(copy.clone()), t0),
            vec![Effect::CopyFiles("/media/key".into())]
        );
        assert!(
            station.handle(Event::Command(copy), t0).is_empty(),
            "one copy at a time"
        );
        let _ = station.handle(Event::CopyFinished(Ok(1)), t0);
        let Screen::Session(session) = station.snapshot(t0).screen else {
            panic!()
        };
        assert_eq!(session.saving.unwrap().copy, CopyState::Done { files: 1 });
        let effects = station.handle(Event::Command(Command::EraseAndEnd), t0);
        assert_eq!(effects[0], Effect::ClearSession(EndReason::User));
    }
}
