//! The station state machine: welcome, a timed session, the idle prompt, the end, "Au revoir",
//! out of service. [`Station::handle`] is pure: it takes an [`Event`] and the current instant and
//! returns the [`Effect`]s the supervisor must carry out; their results come back as events.

use std::time::{Duration, Instant};

use super::hours::{OpenNow, Opening, OpeningHours, WallTime};
use super::pin::Role;
use super::staff::{
    Closure, ExtendOffer, PadRefusal, PinCheck, PinEntry, PinProblem, STAFF_IDLE_LOCK,
    SettingsProblem, SetupNeed, StaffNotice, StaffPanel, StaffScreen,
};
use super::{Found, Language, Purpose};

/// How often an out-of-service station looks whether its problem went away (a policy
/// reinstalled by the root service takes a second or two after an admin's save).
const RECHECK_EVERY: Duration = Duration::from_secs(3);

/// When the admin moves the closing time during a session, the session still gets this long.
const LAST_MINUTES_AFTER_CHANGE: Duration = Duration::from_secs(5 * 60);

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
    /// The station's config file is missing or invalid (the detail is `borne check-config`'s
    /// message); the kiosk runs on the embedded default only to say so.
    ConfigInvalid,
    /// Neither Chromium nor Firefox ESR is installed.
    NoBrowser,
    /// Staff closed the station to the public, for this reason.
    Closed(Closure),
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

/// What the session printed so far, as the print service last saw it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrintStatus {
    /// Pages printed by the session's jobs.
    pub pages: u32,
    /// The session's jobs that are not finished (waiting or printing).
    pub unfinished: u32,
    /// Whether one of them has been waiting too long for the printer.
    pub waiting: bool,
    /// The newest of the session's jobs that printed a page (its id on the print server).
    pub newest_printed: Option<i32>,
    /// The newest of the session's jobs that is not finished.
    pub newest_unfinished: Option<i32>,
}

/// How the person asked the screens to be, for their visit only: the next person starts from
/// the defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Assist {
    /// Text size: normal, larger or largest.
    pub text_size: TextSize,
    /// Each new screen's main sentence is read aloud.
    pub read_aloud: bool,
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
    /// How many times staff extended it.
    pub extensions: u32,
    /// Pages printed.
    pub pages_printed: u32,
}

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
    /// A tap or a key on "Au revoir": the welcome screen at once, for the next person.
    LeaveGoodbye,
    /// "Accessibilité": open (`true`) or close the accessibility menu.
    ShowAssist(bool),
    /// A text size chosen in the accessibility menu.
    SetTextSize(TextSize),
    /// Read each new screen aloud (`true`), or stop.
    SetReadAloud(bool),
    /// "Écouter", or a new screen while reading aloud: say this sentence of the screen.
    Speak(String),
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
    /// "Personnel": show the PIN pad.
    OpenStaff,
    /// Close the staff panel (and lock it).
    CloseStaff,
    /// "Valider" on the PIN pad.
    SubmitPin(PinEntry),
    /// Staff give the running session more time.
    Extend,
    /// Staff close the station to the public.
    CloseStation(Closure),
    /// Staff open the station to the public again.
    ReopenStation,
    /// The admin leaves the kiosk for maintenance: any session ends the normal way first.
    MaintenanceExit,
    /// The admin sets a new PIN for a role.
    ChangePin {
        /// Whose PIN.
        role: Role,
        /// The new PIN.
        pin: PinEntry,
    },
    /// The first-start setup: the PINs not set yet, and the PIN of the role already set as proof.
    SetupPins {
        /// The new admin PIN, if it was not set.
        admin: Option<PinEntry>,
        /// The new volunteer PIN, if it was not set.
        volunteer: Option<PinEntry>,
        /// The PIN of the role already set, if one is.
        proof: Option<PinEntry>,
    },
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
    /// The secrets store's answer about a PIN typed on the pad.
    PinChecked(PinCheck),
    /// New PINs were saved, or why not.
    PinsSaved(Result<(), PinProblem>),
    /// The station was checked before it serves again (browser policy, leftovers).
    StationChecked(Result<(), Problem>),
    /// The periodic look at an out-of-service station: `Ok` when its problem is gone.
    StationRechecked(Result<(), Problem>),
    /// The session's space just became full (a huge download): the person is told, and the
    /// session goes on.
    SessionSpaceFull,
    /// The session's browser is gone (it crashed, was killed, or its last tab was closed).
    BrowserClosed,
    /// What the session printed so far (looked at every second of a session with printing).
    PrintsSeen(PrintStatus),
    /// The admin's change of the settings was saved, or why not.
    SettingsSaved(Box<Result<SavedSettings, SettingsProblem>>),
}

/// The outcome of a saved change of the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedSettings {
    /// The rules of the new settings, which apply at once.
    pub rules: Rules,
    /// `Err(command)` if the browser policy no longer matches and the kiosk could not install
    /// it: staff must run the command as root.
    pub policy: Result<(), String>,
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
    /// Check a PIN typed on the pad, then send [`Event::PinChecked`].
    CheckPin(PinEntry),
    /// Save new PINs (after checking the proof, if any), then send [`Event::PinsSaved`].
    SavePins {
        /// The new admin PIN.
        admin: Option<PinEntry>,
        /// The new volunteer PIN.
        volunteer: Option<PinEntry>,
        /// The PIN of the other role, which must match before anything is saved.
        proof: Option<PinEntry>,
    },
    /// Cancel the session's unfinished print jobs: its page limit is reached.
    StopPrinting,
    /// Say a sentence of the screen aloud, in the language on screen, cutting any sentence
    /// still being said; an empty one only stops it.
    Speak {
        /// Borne's own sentence (never anything the person typed or a site showed).
        text: String,
        /// Its language.
        language: Language,
    },
    /// Check that the station can serve (browser policy), then send [`Event::StationChecked`].
    CheckStation,
    /// Look again, unasked, whether what keeps the station out of service was fixed (the
    /// policies reinstalled by the root service, the config file corrected, a browser
    /// installed), then send [`Event::StationRechecked`].
    RecheckStation,
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
}

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
        }
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

    /// Looks at the wall clock: the supervisor calls this before every event, so that opening
    /// hours count. The only way wall-clock time enters the station.
    pub fn observe_wall(&mut self, wall: WallTime, now: Instant) {
        self.open = self.rules.hours.status(wall);
        let minute = u16::try_from(wall.secs_of_day / 60).map_or(1439, |m| m.min(1439));
        self.minute_of_day = minute;
        if let State::Welcome | State::Closed(_) = self.state {
            self.state = match self.open {
                OpenNow::Open { .. } => State::Welcome,
                OpenNow::Closed { opens } => State::Closed(opens),
            };
        }
        // Hours changed by the admin during a session: it ends at the new closing time, but
        // never sooner than a few minutes from now, so that the person is warned first.
        let closes_at = self.closes_at(now);
        let notice = closes_at.map(|at| at.max(now + LAST_MINUTES_AFTER_CHANGE));
        let closing_minute = closes_at.and_then(|at| {
            self.closing_minute(at.saturating_duration_since(now) + Duration::from_secs(1))
        });
        if let State::InSession(session) = &mut self.state {
            session.closes_at = closes_at;
            if let Some(end) = notice
                && end < session.deadline
            {
                session.deadline = end;
                session.closing_minute = closing_minute.or(session.closing_minute);
            }
        }
    }

    /// When the station closes, seen from `now`, if it closes at all.
    fn closes_at(&self, now: Instant) -> Option<Instant> {
        match self.open {
            OpenNow::Open { closes_in } => closes_in.map(|left| now + left),
            OpenNow::Closed { .. } => Some(now),
        }
    }

    /// Whether the station closes within a minute: no session starts then.
    fn closing_now(&self, now: Instant) -> bool {
        self.closes_at(now)
            .is_some_and(|at| at < now + Duration::from_secs(60))
    }

    /// The closing time as a minute of the day, if the station closes within `within`.
    fn closing_minute(&self, within: Duration) -> Option<u16> {
        match self.open {
            OpenNow::Open {
                closes_in: Some(left),
            } if left <= within => {
                let minutes = u16::try_from(left.as_secs().div_ceil(60)).unwrap_or(u16::MAX);
                Some((self.minute_of_day.saturating_add(minutes)) % 1440)
            }
            _ => None,
        }
    }

    /// The staff panel, if open.
    pub fn staff(&self) -> Option<&StaffPanel> {
        self.staff.as_ref()
    }

    /// The role the staff panel is unlocked for, if it is.
    pub fn staff_role(&self) -> Option<Role> {
        self.staff.as_ref().and_then(StaffPanel::role)
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
            Event::PinChecked(check) => {
                self.pin_checked(check, now);
                Vec::new()
            }
            Event::PinsSaved(result) => {
                self.pins_saved(result);
                Vec::new()
            }
            Event::StationChecked(result) => {
                if matches!(self.state, State::OutOfService(_)) {
                    // Either way the panel closes: staff see the welcome screen, or the
                    // out-of-service screen with what still stands in the way.
                    self.staff = None;
                    match result {
                        Ok(()) => self.welcome(),
                        Err(problem) => self.state = State::OutOfService(problem),
                    }
                }
                Vec::new()
            }
            Event::StationRechecked(result) => self.station_rechecked(result),
            Event::BrowserClosed => {
                if let State::InSession(session) = &mut self.state {
                    // The next shortcut starts a new browser on the same profile.
                    session.browser_open = false;
                    if session.view == View::Browser {
                        session.view = View::Home;
                    }
                }
                Vec::new()
            }
            Event::PrintsSeen(status) => self.prints_seen(status),
            Event::SessionSpaceFull => {
                if let State::InSession(session) = &mut self.state {
                    // Over the browser, where the download failed: the shell comes on top.
                    session.notice = Some(Notice::SpaceFull);
                    session.view = View::Home;
                    session.confirm_end = false;
                }
                Vec::new()
            }
            Event::SettingsSaved(result) => {
                self.settings_saved(*result);
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

    /// The accessibility menu and reading aloud, on every screen the public sees.
    fn assist_command(&mut self, command: &Command) -> Option<Vec<Effect>> {
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
            Command::ShowAssist(open) => {
                self.assist.menu_open = *open && public;
                Vec::new()
            }
            Command::SetTextSize(size) if public => {
                self.assist.text_size = *size;
                Vec::new()
            }
            Command::SetReadAloud(on) if public => {
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
            Command::Speak(text) if public && !text.trim().is_empty() => vec![Effect::Speak {
                text: text.clone(),
                language: self.language,
            }],
            Command::SetTextSize(_) | Command::SetReadAloud(_) | Command::Speak(_) => Vec::new(),
            _ => return None,
        };
        Some(effects)
    }

    /// The accessibility choices of the person at the station.
    pub fn assist(&self) -> Assist {
        self.assist
    }

    /// Whether the accessibility menu is on screen: asked for, and over a screen that can
    /// wait (the welcome screen, the session's home or site), never over a question that
    /// needs an answer, the end of a session or "out of service".
    fn assist_menu_shown(&self) -> bool {
        self.assist.menu_open
            && match &self.state {
                State::Welcome | State::Closed(_) => true,
                State::InSession(session) => {
                    session.idle_answer_by.is_none()
                        && session.warning.is_none()
                        && session.saving.is_none()
                        && !session.confirm_end
                        && session.question.is_none()
                }
                _ => false,
            }
    }

    /// Whether the supervisor should look at what the session prints: only in a session on a
    /// station where people may print.
    pub fn watches_printing(&self) -> bool {
        self.rules.printing && self.in_session()
    }

    /// Counts the session's pages; past its limit, cancels what comes next and says why; tells
    /// the person when a job waits for the printer. Both messages come over the browser, where
    /// the person printed.
    fn prints_seen(&mut self, status: PrintStatus) -> Vec<Effect> {
        let limit = self.rules.page_limit;
        let State::InSession(session) = &mut self.state else {
            return Vec::new();
        };
        session.pages_printed = session.pages_printed.max(status.pages);
        let tell = |session: &mut Session, notice| {
            session.notice = Some(notice);
            session.view = View::Home;
            session.confirm_end = false;
        };
        if let Some(limit) = limit.filter(|limit| session.pages_printed >= *limit) {
            // Told once when the limit is reached; the jobs that printed up to it may finish.
            if !session.page_limit_told {
                session.page_limit_told = true;
                session.limit_reached_at_job = status.newest_printed;
                tell(session, Notice::PageLimit(limit));
            }
            // A job sent after that is cancelled, once, and the person told why; never a
            // loop of cancels while CUPS takes a moment to let it go.
            if let Some(job) = status.newest_unfinished
                && Some(job) > session.limit_reached_at_job
                && Some(job) > session.stopped_job
            {
                session.stopped_job = Some(job);
                tell(session, Notice::PrintCancelled(limit));
                return vec![Effect::StopPrinting];
            }
        } else if status.waiting && !session.printer_waiting {
            tell(session, Notice::PrinterWaiting);
        }
        session.printer_waiting = status.waiting;
        Vec::new()
    }

    fn new_session(&self, kind: SessionKind, now: Instant) -> Session {
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
            extensions: 0,
            closes_at: self.closes_at(now),
            closing_minute: closes_at.and_then(|_| self.closing_minute(length)),
            pages_printed: 0,
            page_limit_told: false,
            limit_reached_at_job: None,
            stopped_job: None,
            printer_waiting: false,
        }
    }

    fn command(&mut self, command: Command, now: Instant) -> Vec<Effect> {
        match self.staff_command(command, now) {
            Ok(effects) => effects,
            Err(command) => self.public_command(command, now),
        }
    }

    /// Commands that need the staff panel. `Err` hands back any other command.
    fn staff_command(&mut self, command: Command, now: Instant) -> Result<Vec<Effect>, Command> {
        let role = self.staff_role();
        let effects = match command {
            Command::OpenStaff => {
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
            Command::CloseStaff => {
                self.staff = None;
                Vec::new()
            }
            Command::SubmitPin(pin) => match &self.staff {
                Some(StaffPanel::Pad {
                    refusal: Some(PadRefusal::Wait { until }),
                }) if now < *until => Vec::new(),
                Some(StaffPanel::Pad { .. }) => vec![Effect::CheckPin(pin)],
                _ => Vec::new(),
            },
            Command::Start(SessionKind::Assisted) => {
                if role.is_none() || self.state != State::Welcome || self.closing_now(now) {
                    return Ok(Vec::new());
                }
                self.staff = None;
                return Err(Command::Start(SessionKind::Assisted));
            }
            Command::Extend => {
                if role.is_some() {
                    self.extend(now);
                }
                Vec::new()
            }
            Command::StaffEnd => {
                if role.is_none() || !self.in_session() {
                    return Ok(Vec::new());
                }
                self.staff = None;
                self.end(EndReason::Staff, false, now)
            }
            Command::CloseStation(closure) => {
                if role.is_some() && self.state == State::Welcome {
                    self.staff = None;
                    self.state = State::OutOfService(Problem {
                        kind: ProblemKind::Closed(closure),
                        detail: String::new(),
                    });
                }
                Vec::new()
            }
            Command::ReopenStation => match &self.state {
                // A failed wipe is only left by wiping again ("Réessayer l'effacement").
                State::OutOfService(problem)
                    if role.is_some() && problem.kind != ProblemKind::ClearFailed =>
                {
                    vec![Effect::CheckStation]
                }
                _ => Vec::new(),
            },
            Command::MaintenanceExit => {
                if role != Some(Role::Admin) {
                    return Ok(Vec::new());
                }
                self.staff = None;
                self.maintenance = true;
                return Err(Command::Shutdown);
            }
            Command::ChangePin { role: whose, pin } => {
                if role != Some(Role::Admin) {
                    return Ok(Vec::new());
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
            Command::SetupPins {
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
            other => return Err(other),
        };
        Ok(effects)
    }

    fn public_command(&mut self, command: Command, now: Instant) -> Vec<Effect> {
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
            (State::InSession(session), command) => {
                session_command(session, command).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    fn end(&mut self, reason: EndReason, then_exit: bool, now: Instant) -> Vec<Effect> {
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

    fn tick(&mut self, idle: Duration, now: Instant) -> Vec<Effect> {
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

    fn pin_checked(&mut self, check: PinCheck, now: Instant) {
        let Some(StaffPanel::Pad { .. }) = self.staff else {
            return;
        };
        let refusal = match check {
            PinCheck::Accepted(role) => {
                self.staff = Some(StaffPanel::Unlocked { role, notice: None });
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

    fn pins_saved(&mut self, result: Result<(), PinProblem>) {
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

    fn settings_saved(&mut self, result: Result<SavedSettings, SettingsProblem>) {
        let notice = match result {
            Ok(saved) => {
                self.rules = saved.rules;
                if self.state == State::Welcome {
                    self.language = self.rules.default_language;
                }
                match saved.policy {
                    Ok(()) => StaffNotice::SettingsSaved,
                    Err(command) => {
                        // Fail closed: no session until the policy matches. A running session
                        // keeps its browser; the next one is refused by the check before it.
                        // A failed wipe or a staff closure keeps its own, stronger reason.
                        let replace = match &self.state {
                            State::Welcome | State::Closed(_) => true,
                            State::OutOfService(problem) => {
                                problem.kind == ProblemKind::PolicyMismatch
                            }
                            _ => false,
                        };
                        if replace {
                            self.state = State::OutOfService(Problem {
                                kind: ProblemKind::PolicyMismatch,
                                detail: command.clone(),
                            });
                        }
                        StaffNotice::PolicyToInstall(command)
                    }
                }
            }
            Err(problem) => StaffNotice::SettingsRefused(problem),
        };
        if let Some(StaffPanel::Unlocked { notice: shown, .. }) = &mut self.staff {
            *shown = Some(notice);
        }
    }

    /// Whether the station is out of service for a reason that can go away with no one at the
    /// screen: the root service reinstalls the policies after an admin's edit, an admin fixes
    /// the config from a console or installs a browser.
    fn rechecks(&self) -> bool {
        matches!(&self.state, State::OutOfService(problem) if matches!(
            problem.kind,
            ProblemKind::PolicyMismatch | ProblemKind::ConfigInvalid | ProblemKind::NoBrowser
        ))
    }

    fn station_rechecked(&mut self, result: Result<(), Problem>) -> Vec<Effect> {
        let State::OutOfService(problem) = &self.state else {
            return Vec::new();
        };
        match (problem.kind, result) {
            (ProblemKind::PolicyMismatch, Ok(())) => {
                self.staff = None;
                self.welcome();
                Vec::new()
            }
            // The kiosk runs on the embedded default or without a browser: only a new start
            // (by systemd, at once) serves with the corrected station.
            (ProblemKind::ConfigInvalid | ProblemKind::NoBrowser, Ok(())) => vec![Effect::Exit],
            // Still wrong, or wrong in another way: the screen says the newest reason, and
            // an open staff panel stays open.
            (
                ProblemKind::PolicyMismatch | ProblemKind::ConfigInvalid | ProblemKind::NoBrowser,
                Err(found),
            ) => {
                self.state = State::OutOfService(found);
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

    fn extend(&mut self, now: Instant) {
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
        // The volunteer is at the station: the person is there.
        session.idle_answer_by = None;
        let minutes_left = session.secs_left(now) / 60;
        if let Some(StaffPanel::Unlocked { notice, .. }) = &mut self.staff {
            *notice = Some(StaffNotice::Extended { minutes_left });
        }
    }

    /// Whether the supervisor must measure idle time at each tick: in a session, and while the
    /// staff panel is open (it locks itself when nobody touches the station).
    pub fn watches_idle(&self) -> bool {
        self.in_session() || self.staff.is_some()
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
    /// The staff panel over it, if open.
    pub staff: Option<StaffScreen>,
    /// The closing time (minute of the day) if the station closes before a drop-in session
    /// started now would end.
    pub closing_minute: Option<u16>,
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
    /// The closing time (minute of the day) when it shortened the session.
    pub closing_minute: Option<u16>,
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
        if let Some(secs) = self.idle_secs_left {
            SessionLayer::StillThere(secs)
        } else if let Some(saving) = &self.saving {
            SessionLayer::Saving(saving)
        } else if self.confirm_end {
            SessionLayer::ConfirmEnd
        } else if let Some(question) = self.question {
            SessionLayer::Question(question)
        } else if let Some(minutes) = self.warning_minutes {
            SessionLayer::Warning(minutes)
        } else {
            SessionLayer::View(&self.view)
        }
    }
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
                closing_minute: session.closing_minute,
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
            StaffPanel::Unlocked { role, notice } => StaffScreen::Menu {
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
            maintenance: self.maintenance,
            assist: Assist {
                menu_open: self.assist_menu_shown(),
                ..self.assist
            },
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
            extension: 15 * MIN,
            max_extensions: 2,
            hours: OpeningHours::always(),
            ask_purpose: false,
            ask_found: false,
            printing: true,
            page_limit: None,
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
            if kind == SessionKind::Assisted {
                rig.unlock(Role::Volunteer);
            }
            assert_eq!(
                rig.cmd(Command::Start(kind)),
                vec![Effect::PrepareSession(kind)]
            );
            assert!(rig.send(Event::SessionPrepared(Ok(()))).is_empty());
            rig
        }

        /// Opens the staff panel and answers the PIN check with `role`.
        fn unlock(&mut self, role: Role) {
            let _ = self.cmd(Command::OpenStaff);
            let pin = PinEntry::new("246813");
            assert_eq!(
                self.cmd(Command::SubmitPin(pin.clone())),
                vec![Effect::CheckPin(pin)]
            );
            let _ = self.send(Event::PinChecked(PinCheck::Accepted(role)));
            assert_eq!(self.station.staff_role(), Some(role));
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

    /// What CUPS says: `pages` printed, jobs 1 to `printed` printed a page, job
    /// `unfinished` is not finished yet.
    fn prints(pages: u32, printed: i32, unfinished: Option<i32>, waiting: bool) -> Event {
        Event::PrintsSeen(PrintStatus {
            pages,
            unfinished: u32::from(unfinished.is_some()),
            waiting,
            newest_printed: (printed > 0).then_some(printed),
            newest_unfinished: unfinished,
        })
    }

    #[test]
    fn the_page_limit_is_told_once_then_stops_each_job_that_comes_after() {
        let mut rig = Rig::new();
        rig.station.rules.page_limit = Some(3);
        let _ = rig.cmd(Command::Start(SessionKind::DropIn));
        let _ = rig.send(Event::SessionPrepared(Ok(())));
        let _ = rig.open_site();
        let _ = rig.send(Event::BrowserOpened(Ok(())));
        assert!(rig.station.watches_printing());
        assert!(rig.send(prints(2, 1, None, false)).is_empty());
        assert!(
            rig.session().shows_browser(),
            "under the limit, nothing shows"
        );
        // The limit is reached by job 2, still finishing: told once, over the browser, and
        // job 2 may finish.
        assert!(rig.send(prints(3, 2, Some(2), false)).is_empty());
        assert_eq!(rig.session().notice, Some(Notice::PageLimit(3)));
        assert!(!rig.session().shows_browser());
        let _ = rig.cmd(Command::ShowBrowser);
        assert!(
            rig.send(prints(3, 2, None, false)).is_empty(),
            "not told twice"
        );
        assert!(rig.session().shows_browser());
        // The next job is stopped, and the person told why, once: CUPS may still list it a
        // moment, and the person can go back to the site meanwhile.
        assert_eq!(
            rig.send(prints(3, 2, Some(3), false)),
            vec![Effect::StopPrinting]
        );
        assert_eq!(rig.session().notice, Some(Notice::PrintCancelled(3)));
        let _ = rig.cmd(Command::ShowBrowser);
        assert!(rig.send(prints(3, 2, Some(3), false)).is_empty());
        assert!(rig.session().shows_browser());
        // Another one after it is stopped too.
        assert_eq!(
            rig.send(prints(3, 2, Some(4), false)),
            vec![Effect::StopPrinting]
        );
        // What the session printed is counted when it ends.
        let _ = rig.cmd(Command::AskEnd);
        let effects = rig.cmd(Command::ConfirmEnd);
        let effects = if effects.contains(&Effect::ListFiles) {
            rig.send(Event::FilesListed(Vec::new()))
        } else {
            effects
        };
        assert!(effects.iter().any(
            |effect| matches!(effect, Effect::RecordSession(summary) if summary.pages_printed == 3)
        ));
    }

    #[test]
    fn without_a_limit_pages_are_only_counted_and_a_waiting_job_is_told_once() {
        let mut rig = Rig::started(SessionKind::DropIn);
        assert!(rig.send(prints(40, 1, Some(2), false)).is_empty());
        assert_eq!(rig.session().pages_printed, 40);
        assert_eq!(rig.session().notice, None);
        assert!(rig.send(prints(40, 1, Some(2), true)).is_empty());
        assert_eq!(rig.session().notice, Some(Notice::PrinterWaiting));
        let _ = rig.cmd(Command::ShowHome);
        let _ = rig.cmd(Command::ShowBrowser);
        let _ = rig.send(prints(40, 1, Some(2), true));
        assert_eq!(rig.session().notice, None, "told once while it waits");
        // A count never goes down (CUPS forgot a job).
        let _ = rig.send(prints(12, 1, None, false));
        assert_eq!(rig.session().pages_printed, 40);
    }

    #[test]
    fn a_station_without_printing_does_not_watch_it() {
        let mut rig = Rig::new();
        rig.station.rules.printing = false;
        let _ = rig.cmd(Command::Start(SessionKind::DropIn));
        let _ = rig.send(Event::SessionPrepared(Ok(())));
        assert!(!rig.station.watches_printing());
        assert!(
            !Rig::new().station.watches_printing(),
            "not outside a session"
        );
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
    fn a_full_session_space_is_told_over_the_browser_and_the_session_goes_on() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::OpenSite {
            shortcut_id: "cv".into(),
            url: "https://cv.example".into(),
        });
        let _ = rig.send(Event::BrowserOpened(Ok(())));
        assert!(!rig.station.shell_on_top());
        assert!(rig.send(Event::SessionSpaceFull).is_empty());
        assert_eq!(rig.session().notice, Some(Notice::SpaceFull));
        assert!(rig.station.shell_on_top(), "the message must be seen");
        // Back to the site: the session goes on, the message goes.
        let _ = rig.cmd(Command::ShowBrowser);
        assert_eq!(rig.session().notice, None);
        assert!(matches!(rig.station.state(), State::InSession(_)));
        // Outside a session it means nothing.
        let mut station = Station::new(rules());
        assert!(
            station
                .handle(Event::SessionSpaceFull, Instant::now())
                .is_empty()
        );
        assert_eq!(station.state(), &State::Welcome);
    }

    #[test]
    fn a_browser_that_closes_returns_home_and_the_next_shortcut_starts_another() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let open = Command::OpenSite {
            shortcut_id: "cv".into(),
            url: "https://cv.example".into(),
        };
        let _ = rig.cmd(open.clone());
        let _ = rig.send(Event::BrowserOpened(Ok(())));
        assert!(rig.station.browser_expected());
        assert!(rig.send(Event::BrowserClosed).is_empty());
        assert_eq!(rig.session().view, View::Home);
        assert!(
            rig.station.shell_on_top(),
            "the home screen, not an empty window"
        );
        assert!(!rig.station.browser_expected());
        assert!(matches!(rig.cmd(open)[..], [Effect::OpenSite { .. }]));
        assert!(matches!(rig.station.state(), State::InSession(_)));
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
    fn the_accessibility_menu_never_covers_a_question_or_the_end() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::ShowAssist(true));
        assert!(rig.station.snapshot(rig.now).assist.menu_open);
        assert!(rig.station.shell_on_top());
        // "Êtes-vous toujours là ?" needs an answer: it comes first.
        let _ = rig.tick_at(Duration::from_secs(1), 5 * MIN);
        assert!(!rig.station.snapshot(rig.now).assist.menu_open);
        let _ = rig.cmd(Command::StillHere);
        assert!(rig.station.snapshot(rig.now).assist.menu_open);
        // The end closes it for good.
        let _ = rig.cmd(Command::AskEnd);
        let _ = rig.cmd(Command::ConfirmEnd);
        let _ = rig.send(Event::FilesListed(Vec::new()));
        let _ = rig.send(Event::SessionCleared(Err(Problem {
            kind: ProblemKind::ClearFailed,
            detail: "1 process".into(),
        })));
        assert!(matches!(rig.station.state(), State::OutOfService(_)));
        assert!(!rig.station.snapshot(rig.now).assist.menu_open);
        assert!(!rig.station.assist().menu_open);
    }

    #[test]
    fn a_tap_on_goodbye_shows_the_welcome_screen_at_once() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::AskEnd);
        let _ = rig.cmd(Command::ConfirmEnd);
        let _ = rig.send(Event::FilesListed(Vec::new()));
        let _ = rig.send(Event::SessionCleared(Ok(())));
        assert!(matches!(rig.station.state(), State::Goodbye { .. }));
        assert!(rig.cmd(Command::LeaveGoodbye).is_empty());
        assert!(
            matches!(rig.station.state(), State::Goodbye { .. }),
            "a key still pressed does not skip it unread"
        );
        rig.now += Duration::from_secs(1);
        assert!(rig.cmd(Command::LeaveGoodbye).is_empty());
        assert_eq!(rig.station.state(), &State::Welcome);
        assert_eq!(
            rig.cmd(Command::Start(SessionKind::DropIn)),
            vec![Effect::PrepareSession(SessionKind::DropIn)]
        );
        // Anywhere else, it means nothing.
        assert!(rig.cmd(Command::LeaveGoodbye).is_empty());
        assert_eq!(rig.station.state(), &State::Preparing(SessionKind::DropIn));
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
        assert!(
            rig.cmd(Command::Start(SessionKind::DropIn)).is_empty(),
            "no session from the goodbye screen itself"
        );
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
    fn staff_end_does_not_ask_but_needs_the_panel_unlocked() {
        let mut rig = Rig::started(SessionKind::Assisted);
        assert!(rig.cmd(Command::StaffEnd).is_empty(), "locked: nothing");
        rig.unlock(Role::Volunteer);
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

    fn station_with(hours: OpeningHours) -> Station {
        Station::new(Rules { hours, ..rules() })
    }

    fn open_9_to_17() -> OpeningHours {
        let day = vec![crate::domain::hours::Span {
            open_min: 9 * 60,
            close_min: 17 * 60,
        }];
        OpeningHours::weekly(std::array::from_fn(|_| day.clone())).unwrap()
    }

    fn at(hour: u32, minute: u32) -> WallTime {
        WallTime {
            weekday: 0,
            secs_of_day: hour * 3600 + minute * 60,
        }
    }

    #[test]
    fn assisted_sessions_need_an_unlocked_panel() {
        let mut rig = Rig::new();
        assert!(rig.cmd(Command::Start(SessionKind::Assisted)).is_empty());
        assert_eq!(rig.station.state(), &State::Welcome);
        rig.unlock(Role::Volunteer);
        assert_eq!(
            rig.cmd(Command::Start(SessionKind::Assisted)),
            vec![Effect::PrepareSession(SessionKind::Assisted)]
        );
        assert_eq!(
            rig.station.staff(),
            None,
            "the panel closes for the session"
        );
    }

    #[test]
    fn a_wrong_pin_then_a_wait_refuses_until_it_is_over() {
        let mut rig = Rig::new();
        let _ = rig.cmd(Command::OpenStaff);
        let pin = PinEntry::new("111112");
        let _ = rig.send(Event::PinChecked(PinCheck::Wrong));
        assert_eq!(
            rig.station.staff(),
            Some(&StaffPanel::Pad {
                refusal: Some(PadRefusal::Wrong)
            })
        );
        let _ = rig.send(Event::PinChecked(PinCheck::Wait(Duration::from_secs(30))));
        assert!(
            rig.cmd(Command::SubmitPin(pin.clone())).is_empty(),
            "no check while waiting"
        );
        let snapshot = rig.station.snapshot(rig.now);
        assert!(matches!(
            snapshot.staff,
            Some(StaffScreen::Pad {
                wait_secs: Some(30),
                ..
            })
        ));
        assert!(
            rig.station.next_tick(rig.now).is_some(),
            "the countdown ticks"
        );
        let _ = rig.tick_at(Duration::from_secs(30), Duration::ZERO);
        assert_eq!(
            rig.cmd(Command::SubmitPin(pin.clone())),
            vec![Effect::CheckPin(pin)]
        );
    }

    #[test]
    fn the_panel_locks_itself_when_nobody_touches_the_station() {
        let mut rig = Rig::new();
        rig.unlock(Role::Admin);
        assert!(rig.station.watches_idle());
        let _ = rig.tick_at(Duration::from_secs(10), STAFF_IDLE_LOCK);
        assert_eq!(rig.station.staff(), None);
        assert!(!rig.station.watches_idle());
    }

    #[test]
    fn the_public_cannot_act_under_the_panel() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.cmd(Command::OpenStaff);
        assert!(rig.open_site().is_empty());
        assert!(rig.station.shell_on_top());
        let _ = rig.cmd(Command::CloseStaff);
        assert_eq!(rig.open_site().len(), 1);
    }

    #[test]
    fn extensions_add_the_step_up_to_the_maximum_and_warn_again() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let _ = rig.tick_at(41 * MIN, Duration::ZERO);
        assert_eq!(rig.session().warning, Some(5 * MIN));
        rig.unlock(Role::Volunteer);
        assert_eq!(
            rig.station.extend_offer(rig.now),
            ExtendOffer::Available { minutes: 15 }
        );
        let _ = rig.cmd(Command::Extend);
        assert_eq!(rig.session().secs_left(rig.now), 19 * 60);
        assert_eq!(rig.session().warning, None);
        assert_eq!(
            rig.session().warnings_given,
            0,
            "the 5 and 1 minute warnings come again"
        );
        let _ = rig.cmd(Command::Extend);
        assert_eq!(rig.session().extensions, 2);
        assert_eq!(rig.station.extend_offer(rig.now), ExtendOffer::MaxReached);
        let _ = rig.cmd(Command::Extend);
        assert_eq!(rig.session().secs_left(rig.now), 34 * 60);
        let _ = rig.cmd(Command::CloseStaff);
        let _ = rig.cmd(Command::AskEnd);
        let _ = rig.cmd(Command::ConfirmEnd);
        let effects = rig.send(Event::FilesListed(Vec::new()));
        assert!(
            matches!(&effects[1], Effect::RecordSession(s) if s.extensions == 2),
            "{effects:?}"
        );
    }

    #[test]
    fn staff_close_and_reopen_the_station_after_a_check() {
        let mut rig = Rig::new();
        rig.unlock(Role::Volunteer);
        let _ = rig.cmd(Command::CloseStation(Closure::Workshop));
        assert!(matches!(
            rig.station.state(),
            State::OutOfService(Problem {
                kind: ProblemKind::Closed(Closure::Workshop),
                ..
            })
        ));
        assert!(rig.cmd(Command::Start(SessionKind::DropIn)).is_empty());
        assert!(
            rig.cmd(Command::ReopenStation).is_empty(),
            "the panel closed"
        );
        rig.unlock(Role::Volunteer);
        assert_eq!(rig.cmd(Command::ReopenStation), vec![Effect::CheckStation]);
        let policy = Problem {
            kind: ProblemKind::PolicyMismatch,
            detail: "stale".into(),
        };
        let _ = rig.send(Event::StationChecked(Err(policy.clone())));
        assert_eq!(rig.station.state(), &State::OutOfService(policy));
        let _ = rig.cmd(Command::ReopenStation);
        let _ = rig.send(Event::StationChecked(Ok(())));
        assert_eq!(rig.station.state(), &State::Welcome);
    }

    #[test]
    fn a_failed_wipe_is_not_reopened_without_wiping() {
        let mut rig = Rig::new();
        rig.station = Station::out_of_service(rules(), problem());
        rig.unlock(Role::Admin);
        assert!(rig.cmd(Command::ReopenStation).is_empty());
    }

    #[test]
    fn only_an_admin_leaves_the_kiosk_or_changes_pins() {
        let mut rig = Rig::new();
        rig.unlock(Role::Volunteer);
        assert!(rig.cmd(Command::MaintenanceExit).is_empty());
        let pin = PinEntry::new("975312");
        let change = Command::ChangePin {
            role: Role::Volunteer,
            pin: pin.clone(),
        };
        assert!(rig.cmd(change.clone()).is_empty());
        let _ = rig.cmd(Command::CloseStaff);
        rig.unlock(Role::Admin);
        assert_eq!(rig.cmd(change).len(), 1);
        let _ = rig.send(Event::PinsSaved(Ok(())));
        assert!(matches!(
            rig.station.staff(),
            Some(StaffPanel::Unlocked {
                notice: Some(StaffNotice::PinChanged(Role::Volunteer)),
                ..
            })
        ));
        assert_eq!(rig.cmd(Command::MaintenanceExit), vec![Effect::Exit]);
    }

    #[test]
    fn setup_comes_first_and_needs_every_missing_pin() {
        let need = SetupNeed {
            admin_set: true,
            volunteer_set: false,
        };
        let mut station = Station::new(rules()).with_setup(need);
        let now = Instant::now();
        assert!(matches!(station.state(), State::Setup { .. }));
        assert!(
            station
                .handle(Event::Command(Command::Start(SessionKind::DropIn)), now)
                .is_empty()
        );
        let without_proof = Command::SetupPins {
            admin: None,
            volunteer: Some(PinEntry::new("975312")),
            proof: None,
        };
        assert!(
            station
                .handle(Event::Command(without_proof), now)
                .is_empty()
        );
        let with_proof = Command::SetupPins {
            admin: None,
            volunteer: Some(PinEntry::new("975312")),
            proof: Some(PinEntry::new("246813")),
        };
        assert_eq!(station.handle(Event::Command(with_proof), now).len(), 1);
        let _ = station.handle(Event::PinsSaved(Err(PinProblem::WrongProof)), now);
        assert!(matches!(
            station.state(),
            State::Setup {
                problem: Some(PinProblem::WrongProof),
                ..
            }
        ));
        let _ = station.handle(Event::PinsSaved(Ok(())), now);
        assert_eq!(station.state(), &State::Welcome);
    }

    #[test]
    fn outside_opening_hours_the_station_is_closed_and_says_when_it_opens() {
        let mut station = station_with(open_9_to_17());
        station.observe_wall(at(8, 0), Instant::now());
        assert!(
            matches!(station.state(), State::Closed(Some(opens)) if opens.minute_of_day == 540)
        );
        let now = Instant::now();
        assert!(
            station
                .handle(Event::Command(Command::Start(SessionKind::DropIn)), now)
                .is_empty()
        );
        station.observe_wall(at(9, 0), Instant::now());
        assert_eq!(station.state(), &State::Welcome);
    }

    #[test]
    fn a_session_started_ten_minutes_before_closing_is_shortened_and_warned() {
        let mut station = station_with(open_9_to_17());
        station.observe_wall(at(16, 50), Instant::now());
        let now = Instant::now();
        assert_eq!(station.snapshot(now).closing_minute, Some(17 * 60));
        let _ = station.handle(Event::Command(Command::Start(SessionKind::DropIn)), now);
        let _ = station.handle(Event::SessionPrepared(Ok(())), now);
        let State::InSession(session) = station.state() else {
            panic!("no session");
        };
        assert_eq!(session.secs_left(now), 10 * 60);
        assert_eq!(session.closing_minute, Some(17 * 60));
        assert_eq!(
            session.warnings_given, 0,
            "the 5 and 1 minute warnings still come"
        );
        // No extension past closing.
        assert_eq!(station.extend_offer(now), ExtendOffer::Closing);
        // The warnings come at 5 and 1 minute before closing.
        let tick = |station: &mut Station, at: Duration| {
            station.handle(
                Event::Tick {
                    idle: Duration::ZERO,
                },
                now + at,
            )
        };
        let _ = tick(&mut station, 5 * MIN);
        let State::InSession(session) = station.state() else {
            panic!("no session");
        };
        assert_eq!(session.warning, Some(5 * MIN));
        let _ = tick(&mut station, 9 * MIN);
        let State::InSession(session) = station.state() else {
            panic!("no session");
        };
        assert_eq!(session.warning, Some(MIN));
        // The session ends at closing time.
        let effects = station.handle(
            Event::Tick {
                idle: Duration::ZERO,
            },
            now + 10 * MIN,
        );
        assert_eq!(effects[0], Effect::ClearSession(EndReason::TimeUp));
    }

    #[test]
    fn an_extension_stops_at_closing_time() {
        let mut station = station_with(open_9_to_17());
        station.observe_wall(at(16, 0), Instant::now());
        let now = Instant::now();
        let _ = station.handle(Event::Command(Command::Start(SessionKind::DropIn)), now);
        let _ = station.handle(Event::SessionPrepared(Ok(())), now);
        // 45 minutes to 16:45; 15 more would be 17:00: allowed, then nothing more.
        assert_eq!(
            station.extend_offer(now),
            ExtendOffer::Available { minutes: 15 }
        );
        let _ = station.handle(Event::Command(Command::OpenStaff), now);
        let _ = station.handle(Event::PinChecked(PinCheck::Accepted(Role::Volunteer)), now);
        let _ = station.handle(Event::Command(Command::Extend), now);
        assert_eq!(station.extend_offer(now), ExtendOffer::Closing);
    }

    #[test]
    fn a_stale_policy_after_a_save_never_hides_a_failed_wipe_or_a_closure() {
        for kind in [
            ProblemKind::ClearFailed,
            ProblemKind::Closed(Closure::Workshop),
        ] {
            let mut rig = Rig::new();
            rig.station = Station::out_of_service(
                rules(),
                Problem {
                    kind,
                    detail: String::new(),
                },
            );
            rig.unlock(Role::Admin);
            let _ = rig.send(Event::SettingsSaved(Box::new(Ok(SavedSettings {
                rules: rules(),
                policy: Err("borne install-policies".into()),
            }))));
            assert!(
                matches!(rig.station.state(), State::OutOfService(p) if p.kind == kind),
                "{kind:?} kept"
            );
        }
        let mut rig = Rig::new();
        rig.unlock(Role::Admin);
        let _ = rig.send(Event::SettingsSaved(Box::new(Ok(SavedSettings {
            rules: rules(),
            policy: Err("borne install-policies".into()),
        }))));
        assert!(matches!(
            rig.station.state(),
            State::OutOfService(Problem {
                kind: ProblemKind::PolicyMismatch,
                ..
            })
        ));
    }

    #[test]
    fn an_assisted_session_in_the_last_minute_before_closing_keeps_the_panel() {
        let mut station = station_with(open_9_to_17());
        station.observe_wall(
            WallTime {
                weekday: 0,
                secs_of_day: 17 * 3600 - 30,
            },
            Instant::now(),
        );
        let now = Instant::now();
        let _ = station.handle(Event::Command(Command::OpenStaff), now);
        let _ = station.handle(Event::PinChecked(PinCheck::Accepted(Role::Volunteer)), now);
        assert!(
            station
                .handle(Event::Command(Command::Start(SessionKind::Assisted)), now)
                .is_empty()
        );
        assert_eq!(station.staff_role(), Some(Role::Volunteer));
    }

    #[test]
    fn hours_changed_during_a_session_shorten_it_with_time_to_be_warned() {
        let mut rig = Rig::started(SessionKind::DropIn);
        rig.unlock(Role::Admin);
        let _ = rig.send(Event::SettingsSaved(Box::new(Ok(SavedSettings {
            rules: Rules {
                hours: open_9_to_17(),
                ..rules()
            },
            policy: Ok(()),
        }))));
        // 16:58: closing in 2 minutes; the session keeps 5 so that the warnings come.
        rig.station.observe_wall(
            WallTime {
                weekday: 0,
                secs_of_day: 16 * 3600 + 58 * 60,
            },
            rig.now,
        );
        assert_eq!(rig.session().secs_left(rig.now), 5 * 60);
        assert_eq!(rig.station.extend_offer(rig.now), ExtendOffer::Closing);
    }

    #[test]
    fn a_pin_never_shows_in_debug_output() {
        let command = Command::SubmitPin(PinEntry::new("246813"));
        assert!(!format!("{command:?}").contains("246813"));
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
            extension: Duration::from_secs(15 * 60),
            max_extensions: 2,
            hours: OpeningHours::always(),
            ask_purpose: false,
            ask_found: false,
            printing: true,
            page_limit: None,
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
                extensions: 0,
                pages_printed: 0,
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
    fn a_stale_policy_is_looked_at_again_and_the_station_reopens_by_itself() {
        let t0 = Instant::now();
        let policy = Problem {
            kind: ProblemKind::PolicyMismatch,
            detail: "stale".into(),
        };
        let mut station = Station::out_of_service(rules(), policy.clone());
        assert_eq!(station.next_tick(t0), Some(t0));
        let tick = |station: &mut Station, at: Duration| {
            station.handle(
                Event::Tick {
                    idle: Duration::ZERO,
                },
                t0 + at,
            )
        };
        assert_eq!(
            tick(&mut station, Duration::ZERO),
            vec![Effect::RecheckStation]
        );
        // Not again before the interval.
        assert!(tick(&mut station, Duration::from_secs(1)).is_empty());
        assert_eq!(
            station.next_tick(t0 + Duration::from_secs(1)),
            Some(t0 + RECHECK_EVERY)
        );
        // Still stale: the screen stays, and so does a staff panel that is open.
        let _ = station.handle(Event::Command(Command::OpenStaff), t0);
        assert!(
            station
                .handle(Event::StationRechecked(Err(policy)), t0)
                .is_empty()
        );
        assert!(matches!(station.state(), State::OutOfService(_)));
        assert!(station.staff.is_some());
        assert_eq!(
            tick(&mut station, RECHECK_EVERY),
            vec![Effect::RecheckStation]
        );
        // The root service reinstalled the policies: open to the public, no one at the screen.
        assert!(
            station
                .handle(Event::StationRechecked(Ok(())), t0)
                .is_empty()
        );
        assert_eq!(station.state(), &State::Welcome);
        assert_eq!(station.next_tick(t0), None);
    }

    #[test]
    fn a_fixed_config_or_an_installed_browser_restarts_the_kiosk_and_a_closure_is_never_rechecked()
    {
        let t0 = Instant::now();
        for kind in [ProblemKind::ConfigInvalid, ProblemKind::NoBrowser] {
            let problem = Problem {
                kind,
                detail: "browser.program: line 3".into(),
            };
            let mut station = Station::out_of_service(rules(), problem);
            let tick = Event::Tick {
                idle: Duration::ZERO,
            };
            assert_eq!(station.handle(tick, t0), vec![Effect::RecheckStation]);
            assert_eq!(
                station.handle(Event::StationRechecked(Ok(())), t0),
                vec![Effect::Exit]
            );
        }
        for kind in [
            ProblemKind::ClearFailed,
            ProblemKind::Closed(Closure::Maintenance),
        ] {
            let problem = Problem {
                kind,
                detail: String::new(),
            };
            let mut station = Station::out_of_service(rules(), problem);
            let tick = Event::Tick {
                idle: Duration::ZERO,
            };
            assert!(station.handle(tick, t0).is_empty());
            assert!(
                station
                    .handle(Event::StationRechecked(Ok(())), t0)
                    .is_empty()
            );
            assert!(matches!(station.state(), State::OutOfService(_)));
        }
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
