//! What comes into the station and what goes out: [`Command`]s from the screens and the system,
//! [`Event`]s (commands, time, and the results of effects), and the [`Effect`]s the supervisor
//! carries out.

use std::sync::Arc;
use std::time::Duration;

use crate::config::edit::ConfigEdit;
use crate::services::usage_log::Report;

use crate::domain::pin::Role;
use crate::domain::{
    Closure, Found, Language, PinCheck, PinEntry, PinProblem, Purpose, SettingsProblem,
};

use super::{
    AntennaAnswer, AntennaCommand, CopyFailure, DriveSummary, EndReason, FileSummary, PrintStatus,
    Problem, SavedSettings, SessionKind, SessionSummary, TextSize,
};

/// What the person, a volunteer or the system asks of the station: the public's commands and
/// the staff's go to their own handlers (public.rs, staff.rs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// What the person at the station asks, on the public screens.
    Public(PublicCommand),
    /// What staff ask in the staff panel (and at the first start, the setup of the PINs).
    Staff(StaffCommand),
    /// What the antenna's staff console asks from afar (a signed request).
    Antenna(AntennaCommand),
    /// The kiosk must stop: end any session the normal way, then exit.
    Shutdown,
}

impl From<PublicCommand> for Command {
    fn from(command: PublicCommand) -> Self {
        Self::Public(command)
    }
}

impl From<StaffCommand> for Command {
    fn from(command: StaffCommand) -> Self {
        Self::Staff(command)
    }
}

/// What the person at the station asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicCommand {
    /// "Commencer" on the welcome screen: a drop-in session.
    Start,
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
    /// "Contraste élevé" on (`true`) or off, in the accessibility menu.
    SetHighContrast(bool),
    /// Read each new screen aloud (`true`), or stop.
    SetReadAloud(bool),
    /// "Clavier à l'écran": a keyboard on the screen under the browser, for a touch screen.
    SetOnScreenKeyboard(bool),
    /// « Changer aussi les pages ? » answered: now (`true`), or at the browser's next start.
    Restyle(bool),
    /// "Écouter", or a new screen while reading aloud: say this sentence of the screen.
    Speak(String),
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
}

/// What staff ask: the panel itself (open, PIN, close), then what an unlocked role may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffCommand {
    /// "Personnel": show the PIN pad.
    OpenStaff,
    /// Close the staff panel (and lock it).
    CloseStaff,
    /// "Valider" on the PIN pad.
    SubmitPin(PinEntry),
    /// A volunteer starts an assisted session.
    StartAssisted,
    /// Staff give the running session more time.
    Extend,
    /// Staff end the session without asking.
    StaffEnd,
    /// Staff close the station to the public.
    CloseStation(Closure),
    /// Staff open the station to the public again.
    ReopenStation,
    /// The admin leaves the kiosk for maintenance: any session ends the normal way first.
    MaintenanceExit,
    /// The admin saves changes of the settings, in one write.
    SaveSettings(Vec<ConfigEdit>),
    /// The admin opens the statistics.
    LoadReport,
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
    /// The usage statistics an admin asked for; `None` if they cannot be read.
    ReportLoaded(Option<Arc<Report>>),
    /// The admin's change of the settings was saved, or why not.
    SettingsSaved(Box<Result<SavedSettings, SettingsProblem>>),
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
    /// The person agreed to reload the pages with their new accessibility choices: start the
    /// running browser again with its tabs if the choices that reach the pages changed (text
    /// size, contrast, reading aloud, on-screen keyboard), then send [`Event::BrowserOpened`]
    /// (nothing if nothing changed).
    RestyleBrowser,
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
    /// Answer the console's command (always the first effect of an [`AntennaCommand`]).
    AnswerAntenna(AntennaAnswer),
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
    /// Save the admin's changes of the settings in one write and bring the browser policy in
    /// line, then send [`Event::SettingsSaved`].
    SaveSettings(Vec<ConfigEdit>),
    /// Read the usage statistics of the last twelve months, then send [`Event::ReportLoaded`].
    LoadReport,
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
