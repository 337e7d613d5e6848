//! Every text the public reads, in French and in English. Each language is an exhaustive
//! `match`, so a text missing in one language does not compile.

use crate::domain::hours::{Opening, time_text};
use crate::domain::pin::PinRuleError;
use crate::domain::{
    Closure, EndReason, Found, Language, ProblemKind, Purpose, StoreCause, StoreFailure,
    SystemCause,
};
use crate::services::usage_log::weekday_name;

/// A fixed text of the screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// Welcome screen: the main button.
    Start,
    /// Welcome screen: what happens to the person's work.
    WelcomeIntro,
    /// Welcome screen: nobody sees what you do.
    WelcomePrivacy,
    /// Label of the language switch.
    LanguageSwitch,
    /// Demonstration mode warning.
    DemoMode,
    /// Demonstration mode: leave the program.
    QuitDemo,
    /// Bar: time left label.
    TimeLeft,
    /// The accessibility button and the title of its menu.
    Accessibility,
    /// Reads the screen's main sentence aloud.
    Listen,
    /// Accessibility menu: the text size choice.
    TextSizeLabel,
    /// Text size: as designed.
    TextNormal,
    /// Text size: larger.
    TextLarger,
    /// Text size: largest.
    TextLargest,
    /// Accessibility menu: read every screen aloud.
    ReadAloudLabel,
    /// Yes (a choice).
    ChoiceYes,
    /// No (a choice).
    ChoiceNo,
    /// Accessibility menu: what stays and what goes.
    AssistDetail,
    /// Bar: back to the shortcuts.
    Home,
    /// Bar: back to the site already open.
    BackToSite,
    /// Bar: end the session.
    End,
    /// Home: what to do.
    HomeTitle,
    /// Chooser: title above the webmail providers.
    ChooseProvider,
    /// Chooser: back to the shortcuts.
    Back,
    /// The browser did not open.
    BrowserFailed,
    /// The session's space is full.
    SpaceFull,
    /// A print job waits for the printer.
    PrinterWaiting,
    /// Confirmation of the end: the question.
    ConfirmEndQuestion,
    /// Confirmation of the end: what happens.
    ConfirmEndDetail,
    /// Confirmation: yes.
    ConfirmEndYes,
    /// Confirmation: no.
    ConfirmEndNo,
    /// Idle prompt: the question.
    StillThereQuestion,
    /// Idle prompt: the answer.
    StillThereYes,
    /// Warning banner: advice.
    WarningAdvice,
    /// Warning banner: dismiss.
    WarningOk,
    /// Preparing a session.
    Preparing,
    /// Clearing a session.
    Ending,
    /// "Au revoir".
    Goodbye,
    /// Goodbye detail.
    GoodbyeDetail,
    /// Out of service: title.
    OutOfServiceTitle,
    /// Out of service: what to do.
    OutOfServiceAsk,
    /// Save screen: title.
    SaveTitle,
    /// Save screen: what happens.
    SaveExplain,
    /// Save screen: no key yet.
    PlugKey,
    /// Save screen: the copy button.
    CopyToKey,
    /// Save screen: copying.
    Copying,
    /// Save screen: the key can go.
    RemoveKey,
    /// Save screen: read-only key.
    KeyReadOnly,
    /// Save screen: the key was pulled out.
    KeyGone,
    /// Save screen: back to the session.
    BackToSession,
    /// Save screen: erase and end.
    EraseAndEnd,
    /// Out of service after a failed wipe: try again.
    RetryClear,
    /// "Vous venez pour..."
    PurposeQuestion,
    /// "Avez-vous trouvé ce que vous cherchiez ?"
    FoundQuestion,
    /// Under a question: it is optional and anonymous.
    QuestionNote,
    /// "Passer".
    Skip,
    /// "Personnel": the button that opens the PIN pad.
    Staff,
    /// PIN pad: title.
    PinTitle,
    /// PIN pad: the masked entry, for screen readers.
    PinDigits,
    /// PIN pad: clear the entry.
    PinClear,
    /// PIN pad: check the entry.
    PinValidate,
    /// PIN pad: wrong PIN.
    PinWrong,
    /// PIN pad: the secrets file cannot be read.
    PinUnavailable,
    /// Close a panel.
    Close,
    /// Cancel a question.
    Cancel,
    /// Staff menu title for a volunteer.
    RoleVolunteer,
    /// Staff menu title for an admin.
    RoleAdmin,
    /// Staff: start an assisted session.
    StartAssisted,
    /// Staff: close the station to the public.
    CloseStation,
    /// Closure reason: maintenance.
    ClosedMaintenance,
    /// Closure reason: workshop.
    ClosedWorkshop,
    /// Staff: choose the reason shown to the public.
    ChooseClosure,
    /// Staff: open the station again.
    Reopen,
    /// Staff: end the running session.
    StaffEndSession,
    /// Staff: confirm ending the session.
    StaffEndQuestion,
    /// Staff: confirm the end.
    YesEnd,
    /// Staff: no more extensions.
    ExtendMax,
    /// Staff: the station closes first.
    ExtendClosing,
    /// Admin: the settings.
    Settings,
    /// Admin: the statistics.
    Statistics,
    /// Admin: change the PINs.
    ChangePins,
    /// Admin: leave the kiosk.
    MaintenanceExit,
    /// Admin: confirm leaving.
    MaintenanceQuestion,
    /// Admin: confirm leaving.
    YesQuit,
    /// Admin: saved.
    SettingsSaved,
    /// Admin: save.
    Save,
    /// Setup: title.
    SetupTitle,
    /// Setup: the rules.
    SetupExplain,
    /// Setup: the admin PIN.
    AdminPin,
    /// Setup: the volunteer PIN.
    VolunteerPin,
    /// Setup: type it again.
    ConfirmPin,
    /// Setup: the two entries differ.
    PinsDiffer,
    /// Setup: the existing admin PIN as proof.
    CurrentAdminPin,
    /// Setup: the existing volunteer PIN as proof.
    CurrentVolunteerPin,
    /// Setup: the proof is wrong.
    WrongProof,
    /// Setup: a PIN was set meanwhile from a terminal.
    PinsChanged,
    /// Admin settings tab.
    TabDurations,
    /// Admin settings tab.
    TabHours,
    /// Admin settings tab.
    TabLanguage,
    /// Admin settings tab.
    TabSites,
    /// Admin settings tab.
    TabShortcuts,
    /// Admin: field.
    DropInMinutes,
    /// Admin: field.
    AssistedMinutes,
    /// Admin: field.
    ExtensionMinutes,
    /// Admin: field.
    MaxExtensions,
    /// Admin: field.
    IdleSecs,
    /// Admin: field.
    IdleGraceSecs,
    /// Admin: field.
    WarnAt,
    /// Admin: hours.
    AlwaysOpen,
    /// Admin: hours.
    HoursHint,
    /// Admin: sites.
    SitesField,
    /// Admin: button field.
    ShortcutId,
    /// Admin: button field.
    ShortcutLabelFr,
    /// Admin: button field.
    ShortcutLabelEn,
    /// Admin: button field.
    ShortcutIcon,
    /// Admin: button field.
    ShortcutUrl,
    /// Admin: button field.
    ShortcutAlsoAllow,
    /// Admin: the form for a new button.
    NewShortcut,
    /// Admin: move a button up.
    MoveUp,
    /// Admin: move a button down.
    MoveDown,
    /// Admin: edit a button.
    EditShortcut,
    /// Admin: remove a button.
    RemoveShortcut,
    /// Admin: confirm removing.
    YesRemove,
    /// Admin: save the admin PIN.
    SaveAdminPin,
    /// Admin: save the volunteer PIN.
    SaveVolunteerPin,
    /// Admin statistics: being read.
    StatsLoading,
    /// Admin statistics: the usage log cannot be read.
    StatsUnavailable,
    /// Admin: the admin PIN changed.
    PinChangedAdmin,
    /// Admin: the volunteer PIN changed.
    PinChangedVolunteer,
    /// Admin: the policy must be installed by root.
    PolicyToInstall,
    /// Welcome when closed: title.
    ClosedTitle,
    /// Admin: back to the staff menu.
    BackToMenu,
}

/// The texts in one language.
#[derive(Clone, Copy, Debug)]
pub struct Catalogue(pub Language);

impl Catalogue {
    /// The text `text` in this language.
    pub fn get(self, text: Text) -> &'static str {
        match self.0 {
            Language::Fr => fr(text),
            Language::En => en(text),
        }
    }

    /// Welcome screen: how long the session lasts.
    pub fn session_length(self, minutes: u64) -> String {
        match self.0 {
            Language::Fr => format!("Ce poste est à vous pendant {}.", duration_fr(minutes)),
            Language::En => format!("This computer is yours for {}.", duration_en(minutes)),
        }
    }

    /// The warning banner: how long is left, in words.
    pub fn minutes_left(self, minutes: u64) -> String {
        match (self.0, minutes) {
            (Language::Fr, 1) => "Il vous reste 1 minute.".to_owned(),
            (Language::Fr, n) => format!("Il vous reste {n} minutes."),
            (Language::En, 1) => "You have 1 minute left.".to_owned(),
            (Language::En, n) => format!("You have {n} minutes left."),
        }
    }

    /// The idle prompt: when the session ends without an answer.
    pub fn idle_countdown(self, secs: u64) -> String {
        match self.0 {
            Language::Fr => format!("Sans réponse, la session se termine dans {secs} s."),
            Language::En => format!("Without an answer, the session ends in {secs} s."),
        }
    }

    /// Why the session ended, on the goodbye screen.
    pub fn end_reason(self, reason: EndReason) -> &'static str {
        match (self.0, reason) {
            (Language::Fr, EndReason::TimeUp) => "Le temps de la session est écoulé.",
            (Language::Fr, EndReason::Idle) => "La session s'est terminée faute d'activité.",
            (Language::Fr, _) => "La session est terminée.",
            (Language::En, EndReason::TimeUp) => "The session time is over.",
            (Language::En, EndReason::Idle) => "The session ended because nobody was using it.",
            (Language::En, _) => "The session has ended.",
        }
    }

    /// Out of service: the cause, for staff.
    pub fn problem(self, kind: ProblemKind) -> &'static str {
        match (self.0, kind) {
            (Language::Fr, ProblemKind::SessionSetup) => "Impossible de préparer une session.",
            (Language::Fr, ProblemKind::ClearFailed) => {
                "La session précédente n'a pas pu être effacée entièrement."
            }
            (Language::Fr, ProblemKind::BrowserFailed) => "Le navigateur ne démarre pas.",
            (Language::Fr, ProblemKind::PolicyMismatch) => {
                "Le navigateur n'est pas verrouillé : sa politique ne correspond pas à la configuration."
            }
            (Language::Fr, ProblemKind::ConfigInvalid) => {
                "Le fichier de configuration de la borne est invalide :"
            }
            (Language::Fr, ProblemKind::NoBrowser) => {
                "Aucun navigateur n'est installé (Chromium ou Firefox ESR). En root :"
            }
            (Language::En, ProblemKind::SessionSetup) => "A session could not be prepared.",
            (Language::En, ProblemKind::ConfigInvalid) => "The station's config file is invalid:",
            (Language::En, ProblemKind::NoBrowser) => {
                "No browser is installed (Chromium or Firefox ESR). As root:"
            }
            (Language::En, ProblemKind::ClearFailed) => {
                "The previous session could not be fully erased."
            }
            (Language::En, ProblemKind::BrowserFailed) => "The browser does not start.",
            (Language::En, ProblemKind::PolicyMismatch) => {
                "The browser is not locked down: its policy does not match the config."
            }
            (_, ProblemKind::Closed(closure)) => self.closure(closure),
        }
    }

    /// Why staff closed the station, as the public reads it.
    pub fn closure(self, closure: Closure) -> &'static str {
        match closure {
            Closure::Maintenance => self.get(Text::ClosedMaintenance),
            Closure::Workshop => self.get(Text::ClosedWorkshop),
        }
    }

    /// Why a new PIN is refused.
    pub fn pin_rule(self, error: PinRuleError) -> &'static str {
        match (self.0, error) {
            (Language::Fr, PinRuleError::TooShort) => "Le code doit avoir au moins 6 chiffres.",
            (Language::Fr, PinRuleError::TooLong) => "Le code doit avoir au plus 16 chiffres.",
            (Language::Fr, PinRuleError::NotDigits) => "Le code ne doit contenir que des chiffres.",
            (Language::Fr, PinRuleError::AllSame) => "Le code ne doit pas répéter le même chiffre.",
            (Language::Fr, PinRuleError::Sequence) => {
                "Le code ne doit pas être une suite de chiffres (123456)."
            }
            (Language::Fr, PinRuleError::SameForBothRoles) => {
                "Le code bénévole et le code administrateur doivent être différents."
            }
            (Language::En, PinRuleError::TooShort) => "The code must have at least 6 digits.",
            (Language::En, PinRuleError::TooLong) => "The code must have at most 16 digits.",
            (Language::En, PinRuleError::NotDigits) => "The code must have digits only.",
            (Language::En, PinRuleError::AllSame) => "The code must not repeat the same digit.",
            (Language::En, PinRuleError::Sequence) => {
                "The code must not be a sequence of digits (123456)."
            }
            (Language::En, PinRuleError::SameForBothRoles) => {
                "The volunteer code and the admin code must differ."
            }
        }
    }

    /// PIN pad: the back-off countdown.
    pub fn pin_wait(self, secs: u64) -> String {
        let clock = format!("{}:{:02}", secs / 60, secs % 60);
        match self.0 {
            Language::Fr => format!("Trop d'essais. Réessayez dans {clock}."),
            Language::En => format!("Too many tries. Try again in {clock}."),
        }
    }

    /// Closed: when the station opens again.
    pub fn opens(self, opens: Option<Opening>) -> String {
        let Some(opens) = opens else {
            return match self.0 {
                Language::Fr => "Il n'a pas d'heure d'ouverture prévue.".to_owned(),
                Language::En => "It has no opening time planned.".to_owned(),
            };
        };
        let at = time_text(opens.minute_of_day);
        let day = usize::from(opens.weekday % 7);
        match (self.0, opens.days_ahead) {
            (Language::Fr, 0) => format!("Il ouvre aujourd'hui à {at}."),
            (Language::Fr, 1) => format!("Il ouvre demain à {at}."),
            (Language::Fr, _) => format!("Il ouvre {} à {at}.", weekday_name(self.0, day)),
            (Language::En, 0) => format!("It opens today at {at}."),
            (Language::En, 1) => format!("It opens tomorrow at {at}."),
            (Language::En, _) => format!("It opens on {} at {at}.", weekday_name(self.0, day)),
        }
    }

    /// Welcome and session: the station closes at this time, which ends the session.
    pub fn closes_at(self, minute_of_day: u16) -> String {
        let at = time_text(minute_of_day);
        match self.0 {
            Language::Fr => format!("Le poste ferme à {at} : la session s'arrêtera à cette heure."),
            Language::En => format!("The station closes at {at}: the session will stop then."),
        }
    }

    /// Admin: a button's action, with the button's name for screen readers.
    pub fn about(self, action: Text, name: &str) -> String {
        format!("{} : {name}", self.get(action))
    }

    /// Admin: the question before a button is removed.
    pub fn remove_question(self, name: &str) -> String {
        match self.0 {
            Language::Fr => format!(
                "Supprimer le bouton « {name} » ? Son adresse et ses sites autorisés seront retirés."
            ),
            Language::En => {
                format!("Remove the button \"{name}\"? Its address and allowed sites go with it.")
            }
        }
    }

    /// Admin: the title of the form editing button `number`.
    pub fn edit_shortcut_title(self, number: usize) -> String {
        match self.0 {
            Language::Fr => format!("Modifier le bouton {number}"),
            Language::En => format!("Edit button {number}"),
        }
    }

    /// Admin: a value that should be a whole number.
    pub fn not_a_number(self, found: &str) -> String {
        match self.0 {
            Language::Fr => format!("« {found} » n'est pas un nombre entier."),
            Language::En => format!("\"{found}\" is not a whole number."),
        }
    }

    /// Staff: the button that starts an assisted session of `minutes`.
    pub fn start_assisted(self, minutes: u64) -> String {
        match self.0 {
            Language::Fr => format!("Ouvrir une session accompagnée ({})", duration_fr(minutes)),
            Language::En => format!("Start an assisted session ({})", duration_en(minutes)),
        }
    }

    /// Staff: the button that extends the session by `minutes`.
    pub fn extend(self, minutes: u64) -> String {
        match self.0 {
            Language::Fr => format!("Ajouter {}", duration_fr(minutes)),
            Language::En => format!("Add {}", duration_en(minutes)),
        }
    }

    /// Why the staff PINs could not be saved or read: the file, and what the system said.
    pub fn store_failure(self, failure: &StoreFailure) -> String {
        let path = &failure.path;
        let system = |cause: SystemCause| match (self.0, cause) {
            (Language::Fr, SystemCause::Denied) => "permission refusée".to_owned(),
            (Language::Fr, SystemCause::Full) => "le disque est plein".to_owned(),
            (Language::Fr, SystemCause::ReadOnly) => "le disque est en lecture seule".to_owned(),
            (Language::Fr, SystemCause::Missing) => "le dossier n'existe pas".to_owned(),
            (Language::Fr, SystemCause::Other(code)) => format!("erreur du système n° {code}"),
            (Language::En, SystemCause::Denied) => "permission denied".to_owned(),
            (Language::En, SystemCause::Full) => "the disk is full".to_owned(),
            (Language::En, SystemCause::ReadOnly) => "the disk is read-only".to_owned(),
            (Language::En, SystemCause::Missing) => "the folder does not exist".to_owned(),
            (Language::En, SystemCause::Other(code)) => format!("system error {code}"),
        };
        match (self.0, failure.cause) {
            (Language::Fr, StoreCause::Read(cause)) => {
                format!(
                    "Impossible de lire le fichier des codes {path} : {}.",
                    system(cause)
                )
            }
            (Language::Fr, StoreCause::Write(cause)) => format!(
                "Impossible d'enregistrer le fichier des codes {path} : {}.",
                system(cause)
            ),
            (Language::Fr, StoreCause::Damaged) => format!(
                "Le fichier des codes {path} est abîmé. Supprimez-le, puis choisissez les deux codes avec « borne set-pin »."
            ),
            (Language::Fr, StoreCause::NotAFile) => {
                format!("Le fichier des codes {path} n'est pas un fichier ordinaire.")
            }
            (Language::Fr, StoreCause::Exposed) => format!(
                "D'autres comptes peuvent lire le fichier des codes {path}. Faites « chmod 600 » dessus et changez les deux codes."
            ),
            (Language::Fr, StoreCause::UnsafeDirectory) => format!(
                "Tout le monde peut écrire dans le dossier {path} du fichier des codes. Faites « chmod o-w » dessus."
            ),
            (Language::Fr, StoreCause::Hash) => {
                format!("Impossible de chiffrer le code pour le fichier {path}.")
            }
            (Language::En, StoreCause::Read(cause)) => {
                format!("Cannot read the PIN file {path}: {}.", system(cause))
            }
            (Language::En, StoreCause::Write(cause)) => {
                format!("Cannot save the PIN file {path}: {}.", system(cause))
            }
            (Language::En, StoreCause::Damaged) => format!(
                "The PIN file {path} is damaged. Remove it, then choose both PINs with \"borne set-pin\"."
            ),
            (Language::En, StoreCause::NotAFile) => {
                format!("The PIN file {path} is not a plain file.")
            }
            (Language::En, StoreCause::Exposed) => format!(
                "Other accounts can read the PIN file {path}. Run \"chmod 600\" on it and change both PINs."
            ),
            (Language::En, StoreCause::UnsafeDirectory) => format!(
                "Anyone can write in the folder {path} of the PIN file. Run \"chmod o-w\" on it."
            ),
            (Language::En, StoreCause::Hash) => {
                format!("Cannot hash the PIN for the file {path}.")
            }
        }
    }

    /// The session printed its limit of `pages`; a job that came after was `cancelled`.
    pub fn page_limit(self, pages: u32, cancelled: bool) -> String {
        let plural = if pages > 1 { "s" } else { "" };
        match (self.0, cancelled) {
            (Language::Fr, false) => format!(
                "Vous avez imprimé {pages}\u{a0}page{plural}. C'est le maximum pour une session."
            ),
            (Language::Fr, true) => format!(
                "Votre impression est annulée. Vous avez déjà imprimé {pages}\u{a0}page{plural}\u{a0}: c'est le maximum pour une session."
            ),
            (Language::En, false) => {
                format!("You printed {pages}\u{a0}page{plural}. That is the most for one session.")
            }
            (Language::En, true) => format!(
                "Your printing is cancelled. You already printed {pages}\u{a0}page{plural}: that is the most for one session."
            ),
        }
    }

    /// Staff: the session was extended.
    pub fn extended(self, minutes_left: u64) -> String {
        match self.0 {
            Language::Fr => format!(
                "Session prolongée : il reste {}.",
                duration_fr(minutes_left)
            ),
            Language::En => format!("Session extended: {} left.", duration_en(minutes_left)),
        }
    }

    /// An answer to "Vous venez pour...".
    pub fn purpose(self, purpose: Purpose) -> &'static str {
        match (self.0, purpose) {
            (Language::Fr, Purpose::Emploi) => "Chercher un emploi",
            (Language::Fr, Purpose::Demarches) => "Une démarche administrative",
            (Language::Fr, Purpose::Emails) => "Mes e-mails",
            (Language::Fr, Purpose::Formation) => "Une formation",
            (Language::Fr, Purpose::Autre) => "Autre chose",
            (Language::En, Purpose::Emploi) => "Looking for a job",
            (Language::En, Purpose::Demarches) => "An official procedure",
            (Language::En, Purpose::Emails) => "My e-mails",
            (Language::En, Purpose::Formation) => "A training course",
            (Language::En, Purpose::Autre) => "Something else",
        }
    }

    /// An answer to "Avez-vous trouvé ce que vous cherchiez ?".
    pub fn found(self, found: Found) -> &'static str {
        match (self.0, found) {
            (Language::Fr, Found::Oui) => "Oui",
            (Language::Fr, Found::EnPartie) => "En partie",
            (Language::Fr, Found::Non) => "Non",
            (Language::En, Found::Oui) => "Yes",
            (Language::En, Found::EnPartie) => "Partly",
            (Language::En, Found::Non) => "No",
        }
    }

    /// A file size people read: "850 Ko", "2,4 Mo".
    pub fn size(self, bytes: u64) -> String {
        #[expect(clippy::cast_precision_loss, reason = "a size shown with one decimal")]
        let mb = bytes as f64 / 1_000_000.0;
        match self.0 {
            Language::Fr if bytes < 1_000_000 => format!("{} Ko", bytes.div_ceil(1000)),
            Language::Fr => format!("{mb:.1} Mo").replace('.', ","),
            Language::En if bytes < 1_000_000 => format!("{} KB", bytes.div_ceil(1000)),
            Language::En => format!("{mb:.1} MB"),
        }
    }

    /// Save screen: how many files were copied.
    pub fn copied(self, files: u32) -> String {
        match (self.0, files) {
            (Language::Fr, 1) => "1 fichier copié sur votre clé.".to_owned(),
            (Language::Fr, n) => format!("{n} fichiers copiés sur votre clé."),
            (Language::En, 1) => "1 file copied to your key.".to_owned(),
            (Language::En, n) => format!("{n} files copied to your key."),
        }
    }

    /// Save screen: the key is too full.
    pub fn key_full(self, needed: u64, free: u64) -> String {
        match self.0 {
            Language::Fr => format!(
                "Votre clé est trop pleine : il faut {}, il reste {}. Libérez de la place ou \
                 essayez une autre clé.",
                self.size(needed),
                self.size(free)
            ),
            Language::En => format!(
                "Your key is too full: {} needed, {} free. Make room or try another key.",
                self.size(needed),
                self.size(free)
            ),
        }
    }

    /// Save screen: the copy failed part-way.
    pub fn copy_failed(self, copied: u32) -> String {
        match self.0 {
            Language::Fr => format!(
                "La copie n'a pas pu se terminer ({copied} fichier(s) copié(s)). Réessayez ou \
                 demandez à un bénévole."
            ),
            Language::En => format!(
                "The copy could not finish ({copied} file(s) copied). Try again or ask a volunteer."
            ),
        }
    }

    /// The name of a language, written in that language, for the switch.
    pub fn language_name(language: Language) -> &'static str {
        match language {
            Language::Fr => "Français",
            Language::En => "English",
        }
    }
}

fn duration_fr(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 1) => "1 minute".to_owned(),
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 heure".to_owned(),
        (h, 0) => format!("{h} heures"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

fn duration_en(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 1) => "1 minute".to_owned(),
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".to_owned(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

fn fr(text: Text) -> &'static str {
    match text {
        Text::Start => "Commencer",
        Text::WelcomeIntro => "À la fin, tout ce que vous avez fait ici est effacé.",
        Text::WelcomePrivacy => "Personne ne garde vos mots de passe ni vos fichiers.",
        Text::LanguageSwitch => "Langue",
        Text::DemoMode => {
            "Mode démonstration : ce poste n'est pas verrouillé. Ne l'utilisez pas avec le public."
        }
        Text::QuitDemo => "Quitter la démonstration",
        Text::TimeLeft => "Temps restant",
        Text::Home => "Accueil",
        Text::BackToSite => "Retour au site",
        Text::End => "Terminer",
        Text::HomeTitle => "Que voulez-vous faire ?",
        Text::ChooseProvider => "Choisissez votre messagerie",
        Text::Back => "Retour",
        Text::BrowserFailed => "Le site n'a pas pu s'ouvrir. Réessayez ou demandez à un bénévole.",
        Text::SpaceFull => {
            "Il n'y a plus de place pour vos fichiers : le dernier téléchargement est trop gros et n'a pas pu être enregistré. Vous pouvez continuer. Pour garder vos fichiers, touchez « Terminer » : la borne propose de les copier sur une clé USB."
        }
        Text::PrinterWaiting => {
            "Votre impression attend. L'imprimante est peut-être éteinte ou sans papier. Demandez à un bénévole."
        }
        Text::ConfirmEndQuestion => "Terminer la session ?",
        Text::ConfirmEndDetail => "Vos fichiers seront effacés.",
        Text::ConfirmEndYes => "Oui, terminer",
        Text::ConfirmEndNo => "Non, continuer",
        Text::StillThereQuestion => "Êtes-vous toujours là ?",
        Text::StillThereYes => "Oui, je continue",
        Text::WarningAdvice => "Pensez à enregistrer votre travail.",
        Text::WarningOk => "J'ai compris",
        Text::Preparing => "Préparation de votre session…",
        Text::Ending => "Effacement de la session…",
        Text::Goodbye => "Au revoir !",
        Text::GoodbyeDetail => {
            "Tout ce que vous avez fait ici a été effacé. Merci de votre visite."
        }
        Text::OutOfServiceTitle => "Poste en maintenance",
        Text::OutOfServiceAsk => "Demandez à un bénévole.",
        Text::SaveTitle => "Avant de partir : vos fichiers",
        Text::SaveExplain => {
            "Tout va être effacé. Copiez sur une clé USB ce que vous voulez garder."
        }
        Text::PlugKey => "Branchez votre clé USB pour copier vos fichiers.",
        Text::CopyToKey => "Copier sur ma clé USB",
        Text::Copying => "Copie en cours… ne retirez pas la clé.",
        Text::RemoveKey => "Vous pouvez retirer la clé.",
        Text::KeyReadOnly => {
            "Votre clé est protégée en écriture (vérifiez son petit verrou) : rien n'a été copié."
        }
        Text::KeyGone => {
            "La clé a été retirée avant la fin de la copie. Rebranchez-la et réessayez."
        }
        Text::BackToSession => "Revenir à ma session",
        Text::EraseAndEnd => "Tout effacer et terminer",
        Text::RetryClear => "Réessayer l'effacement",
        Text::PurposeQuestion => "Vous venez pour…",
        Text::FoundQuestion => "Avez-vous trouvé ce que vous cherchiez ?",
        Text::QuestionNote => "Votre réponse est anonyme et vous aide à améliorer ce lieu.",
        Text::Skip => "Passer",
        Text::Staff => "Personnel",
        Text::PinTitle => "Code du personnel",
        Text::PinDigits => "Chiffres saisis",
        Text::PinClear => "Effacer",
        Text::PinValidate => "Valider",
        Text::PinWrong => "Code incorrect. Réessayez.",
        Text::PinUnavailable => {
            "Les codes ne peuvent pas être lus. L'administrateur doit vérifier le fichier des codes (voir le journal)."
        }
        Text::Close => "Fermer",
        Text::Accessibility => "Accessibilité",
        Text::Listen => "Écouter",
        Text::TextSizeLabel => "Taille du texte",
        Text::TextNormal => "Normale",
        Text::TextLarger => "Plus grande",
        Text::TextLargest => "Très grande",
        Text::ReadAloudLabel => "Lire chaque écran à voix haute",
        Text::ChoiceYes => "Oui",
        Text::ChoiceNo => "Non",
        Text::AssistDetail => "Ces choix durent jusqu'à la fin de votre session.",
        Text::Cancel => "Annuler",
        Text::RoleVolunteer => "Bénévole",
        Text::RoleAdmin => "Administration",
        Text::StartAssisted => "Ouvrir une session accompagnée",
        Text::CloseStation => "Fermer le poste au public",
        Text::ClosedMaintenance => "En maintenance",
        Text::ClosedWorkshop => "Réservé à un atelier",
        Text::ChooseClosure => "Quel message afficher au public ?",
        Text::Reopen => "Remettre en service",
        Text::StaffEndSession => "Terminer la session",
        Text::StaffEndQuestion => {
            "Terminer la session maintenant ? Tout ce que la personne a fait sera effacé, sans proposer la clé USB."
        }
        Text::YesEnd => "Oui, terminer",
        Text::ExtendMax => "La session a déjà été prolongée le nombre de fois permis.",
        Text::ExtendClosing => "Le poste ferme avant : la session ne peut pas être prolongée.",
        Text::Settings => "Réglages",
        Text::Statistics => "Statistiques",
        Text::ChangePins => "Codes du personnel",
        Text::MaintenanceExit => "Quitter Borne (maintenance)",
        Text::MaintenanceQuestion => {
            "Quitter Borne ? Le poste ne sera plus verrouillé jusqu'au redémarrage de Borne."
        }
        Text::YesQuit => "Oui, quitter",
        Text::SettingsSaved => "Enregistré. Les réglages s'appliquent dès maintenant.",
        Text::Save => "Enregistrer",
        Text::SetupTitle => "Première mise en route : choisissez les codes du personnel",
        Text::SetupExplain => {
            "Au moins 6 chiffres, pas tous identiques, pas une suite (123456). Les deux codes doivent être différents."
        }
        Text::AdminPin => "Code administrateur",
        Text::VolunteerPin => "Code bénévole",
        Text::ConfirmPin => "Retapez-le",
        Text::PinsDiffer => "Les deux saisies ne sont pas identiques.",
        Text::CurrentAdminPin => "Code administrateur actuel",
        Text::CurrentVolunteerPin => "Code bénévole actuel",
        Text::WrongProof => "Le code actuel est incorrect.",
        Text::TabDurations => "Durées",
        Text::TabHours => "Horaires",
        Text::TabLanguage => "Langue",
        Text::TabSites => "Sites autorisés",
        Text::TabShortcuts => "Boutons",
        Text::DropInMinutes => "Session en libre accès (minutes)",
        Text::AssistedMinutes => "Session accompagnée (minutes)",
        Text::ExtensionMinutes => "Prolongation (minutes)",
        Text::MaxExtensions => "Prolongations au plus",
        Text::IdleSecs => "Inactivité avant la question (secondes)",
        Text::IdleGraceSecs => "Temps pour répondre (secondes)",
        Text::WarnAt => "Avertir quand il reste (minutes, séparées par des virgules)",
        Text::AlwaysOpen => "Ouvert à toute heure",
        Text::HoursHint => "Par exemple 09:00-12:30, 13:30-17:30 ; vide = fermé.",
        Text::SitesField => "Un site par ligne : nom d'hôte (exemple.fr) ou *.exemple.fr",
        Text::ShortcutId => "Identifiant (a-z, 0-9, -)",
        Text::ShortcutLabelFr => "Texte du bouton (français)",
        Text::ShortcutLabelEn => "Texte du bouton (anglais, facultatif)",
        Text::ShortcutIcon => "Pictogramme",
        Text::ShortcutUrl => "Adresse (https://...)",
        Text::ShortcutAlsoAllow => "Autres sites autorisés (un par ligne)",
        Text::NewShortcut => "Nouveau bouton",
        Text::MoveUp => "Monter",
        Text::MoveDown => "Descendre",
        Text::EditShortcut => "Modifier",
        Text::RemoveShortcut => "Supprimer",
        Text::YesRemove => "Oui, supprimer",
        Text::SaveAdminPin => "Enregistrer le code administrateur",
        Text::SaveVolunteerPin => "Enregistrer le code bénévole",
        Text::StatsLoading => "Lecture des statistiques...",
        Text::StatsUnavailable => {
            "Les statistiques ne peuvent pas être lues (voir le journal de la borne)."
        }
        Text::PinsChanged => {
            "Un code a été choisi entre-temps depuis un terminal. Tapez-le pour choisir l'autre."
        }
        Text::PinChangedAdmin => "Le code administrateur a été changé.",
        Text::PinChangedVolunteer => "Le code bénévole a été changé.",
        Text::PolicyToInstall => {
            "Enregistré. Le navigateur est en cours de reconfiguration : le poste rouvre tout seul dans quelques secondes. S'il reste fermé, un administrateur doit lancer, en root :"
        }
        Text::ClosedTitle => "Le poste est fermé.",
        Text::BackToMenu => "Retour au menu",
    }
}

fn en(text: Text) -> &'static str {
    match text {
        Text::Start => "Start",
        Text::WelcomeIntro => "At the end, everything you did here is erased.",
        Text::WelcomePrivacy => "Nobody keeps your passwords or your files.",
        Text::LanguageSwitch => "Language",
        Text::DemoMode => {
            "Demonstration mode: this computer is not locked down. Do not use it with the public."
        }
        Text::QuitDemo => "Leave the demonstration",
        Text::TimeLeft => "Time left",
        Text::Home => "Home",
        Text::BackToSite => "Back to the site",
        Text::End => "Finish",
        Text::HomeTitle => "What would you like to do?",
        Text::ChooseProvider => "Choose your e-mail service",
        Text::Back => "Back",
        Text::BrowserFailed => "The site could not open. Try again or ask a volunteer.",
        Text::SpaceFull => {
            "There is no more room for your files: the last download is too big and could not be saved. You can go on. To keep your files, touch \"End\": the station offers to copy them to a USB key."
        }
        Text::PrinterWaiting => {
            "Your printing is waiting. The printer may be off or out of paper. Ask a volunteer."
        }
        Text::ConfirmEndQuestion => "End the session?",
        Text::ConfirmEndDetail => "Your files will be erased.",
        Text::ConfirmEndYes => "Yes, end it",
        Text::ConfirmEndNo => "No, keep going",
        Text::StillThereQuestion => "Are you still there?",
        Text::StillThereYes => "Yes, I'm still here",
        Text::WarningAdvice => "Remember to save your work.",
        Text::WarningOk => "I understand",
        Text::Preparing => "Preparing your session…",
        Text::Ending => "Erasing the session…",
        Text::Goodbye => "Goodbye!",
        Text::GoodbyeDetail => "Everything you did here has been erased. Thank you for coming.",
        Text::OutOfServiceTitle => "Out of service",
        Text::OutOfServiceAsk => "Please ask a volunteer.",
        Text::SaveTitle => "Before you go: your files",
        Text::SaveExplain => "Everything will be erased. Copy what you want to keep to a USB key.",
        Text::PlugKey => "Plug in your USB key to copy your files.",
        Text::CopyToKey => "Copy to my USB key",
        Text::Copying => "Copying… do not remove the key.",
        Text::RemoveKey => "You can remove the key.",
        Text::KeyReadOnly => {
            "Your key is write-protected (check its small switch): nothing was copied."
        }
        Text::KeyGone => "The key was removed before the copy finished. Plug it in and try again.",
        Text::BackToSession => "Back to my session",
        Text::EraseAndEnd => "Erase everything and finish",
        Text::RetryClear => "Try the erasing again",
        Text::PurposeQuestion => "You came here for…",
        Text::FoundQuestion => "Did you find what you were looking for?",
        Text::QuestionNote => "Your answer is anonymous and helps improve this place.",
        Text::Skip => "Skip",
        Text::Staff => "Staff",
        Text::PinTitle => "Staff code",
        Text::PinDigits => "Digits typed",
        Text::PinClear => "Clear",
        Text::PinValidate => "OK",
        Text::PinWrong => "Wrong code. Try again.",
        Text::PinUnavailable => {
            "The codes cannot be read. The admin must check the code file (see the journal)."
        }
        Text::Close => "Close",
        Text::Accessibility => "Accessibility",
        Text::Listen => "Listen",
        Text::TextSizeLabel => "Text size",
        Text::TextNormal => "Normal",
        Text::TextLarger => "Larger",
        Text::TextLargest => "Largest",
        Text::ReadAloudLabel => "Read every screen aloud",
        Text::ChoiceYes => "Yes",
        Text::ChoiceNo => "No",
        Text::AssistDetail => "These choices last until the end of your session.",
        Text::Cancel => "Cancel",
        Text::RoleVolunteer => "Volunteer",
        Text::RoleAdmin => "Admin",
        Text::StartAssisted => "Start an assisted session",
        Text::CloseStation => "Close the station to the public",
        Text::ClosedMaintenance => "Under maintenance",
        Text::ClosedWorkshop => "Reserved for a workshop",
        Text::ChooseClosure => "Which message should the public see?",
        Text::Reopen => "Open to the public again",
        Text::StaffEndSession => "End the session",
        Text::StaffEndQuestion => {
            "End the session now? Everything the person did will be erased, without offering the USB key."
        }
        Text::YesEnd => "Yes, end it",
        Text::ExtendMax => "The session was already extended as many times as allowed.",
        Text::ExtendClosing => "The station closes first: the session cannot be extended.",
        Text::Settings => "Settings",
        Text::Statistics => "Statistics",
        Text::ChangePins => "Staff codes",
        Text::MaintenanceExit => "Quit Borne (maintenance)",
        Text::MaintenanceQuestion => {
            "Quit Borne? The station will not be locked down until Borne starts again."
        }
        Text::YesQuit => "Yes, quit",
        Text::SettingsSaved => "Saved. The settings apply now.",
        Text::Save => "Save",
        Text::SetupTitle => "First start: choose the staff codes",
        Text::SetupExplain => {
            "At least 6 digits, not all the same, not a sequence (123456). The two codes must differ."
        }
        Text::AdminPin => "Admin code",
        Text::VolunteerPin => "Volunteer code",
        Text::ConfirmPin => "Type it again",
        Text::PinsDiffer => "The two entries are not the same.",
        Text::CurrentAdminPin => "Current admin code",
        Text::CurrentVolunteerPin => "Current volunteer code",
        Text::WrongProof => "The current code is wrong.",
        Text::TabDurations => "Durations",
        Text::TabHours => "Opening hours",
        Text::TabLanguage => "Language",
        Text::TabSites => "Allowed sites",
        Text::TabShortcuts => "Buttons",
        Text::DropInMinutes => "Drop-in session (minutes)",
        Text::AssistedMinutes => "Assisted session (minutes)",
        Text::ExtensionMinutes => "Extension (minutes)",
        Text::MaxExtensions => "Extensions at most",
        Text::IdleSecs => "Idle time before the prompt (seconds)",
        Text::IdleGraceSecs => "Time to answer (seconds)",
        Text::WarnAt => "Warn when this is left (minutes, separated by commas)",
        Text::AlwaysOpen => "Open at all times",
        Text::HoursHint => "For example 09:00-12:30, 13:30-17:30; empty = closed.",
        Text::SitesField => "One site per line: a host name (example.org) or *.example.org",
        Text::ShortcutId => "Identifier (a-z, 0-9, -)",
        Text::ShortcutLabelFr => "Button text (French)",
        Text::ShortcutLabelEn => "Button text (English, optional)",
        Text::ShortcutIcon => "Pictogram",
        Text::ShortcutUrl => "Address (https://...)",
        Text::ShortcutAlsoAllow => "Other allowed sites (one per line)",
        Text::NewShortcut => "New button",
        Text::MoveUp => "Up",
        Text::MoveDown => "Down",
        Text::EditShortcut => "Edit",
        Text::RemoveShortcut => "Remove",
        Text::YesRemove => "Yes, remove",
        Text::SaveAdminPin => "Save the admin code",
        Text::SaveVolunteerPin => "Save the volunteer code",
        Text::StatsLoading => "Reading the statistics...",
        Text::StatsUnavailable => "The statistics cannot be read (see the kiosk's journal).",
        Text::PinsChanged => {
            "A code was set meanwhile from a terminal. Type it to choose the other one."
        }
        Text::PinChangedAdmin => "The admin code was changed.",
        Text::PinChangedVolunteer => "The volunteer code was changed.",
        Text::PolicyToInstall => {
            "Saved. The browser is being reconfigured: the station reopens by itself in a few seconds. If it stays closed, an admin must run, as root:"
        }
        Text::ClosedTitle => "The station is closed.",
        Text::BackToMenu => "Back to the menu",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(
            Catalogue(Language::Fr).session_length(45),
            "Ce poste est à vous pendant 45 minutes."
        );
        assert_eq!(
            Catalogue(Language::Fr).session_length(120),
            "Ce poste est à vous pendant 2 heures."
        );
        assert_eq!(
            Catalogue(Language::En).session_length(90),
            "This computer is yours for 1 h 30."
        );
        assert_eq!(
            Catalogue(Language::Fr).minutes_left(1),
            "Il vous reste 1 minute."
        );
    }
}
