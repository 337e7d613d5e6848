//! Every text the public reads, in French and in English. Each language is an exhaustive
//! `match`, so a text missing in one language does not compile.

use crate::domain::hours::{Opening, time_text};
use crate::domain::pin::PinRuleError;
use crate::domain::{
    Closure, EndReason, Found, Language, ProblemKind, Purpose, StoreCause, StoreFailure,
    SystemCause,
};

mod console;
mod en;
mod fr;
mod stats;
mod text;

pub use console::ConsoleText;
use en::en;
use fr::fr;
pub use stats::{StatsCatalogue, StatsText, cell_text, minutes_text, weekday_name};
pub use text::Text;

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
            // French keeps 0 and 1 singular.
            Language::Fr if secs <= 1 => {
                format!("Sans réponse, la session se termine dans {secs} seconde.")
            }
            Language::Fr => format!("Sans réponse, la session se termine dans {secs} secondes."),
            Language::En if secs == 1 => "Without an answer, the session ends in 1 second.".into(),
            Language::En => format!("Without an answer, the session ends in {secs} seconds."),
        }
    }

    /// Why the session ended, on the goodbye screen.
    pub fn end_reason(self, reason: EndReason) -> &'static str {
        match (self.0, reason) {
            (Language::Fr, EndReason::TimeUp) => "Le temps de la session est fini.",
            (Language::Fr, EndReason::Idle) => {
                "Personne n'utilisait le poste. La session est terminée."
            }
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
                "La copie s'est arrêtée. {} Réessayez ou demandez à un bénévole.",
                match copied {
                    0 => "Aucun fichier copié.".to_owned(),
                    1 => "1 fichier copié.".to_owned(),
                    n => format!("{n} fichiers copiés."),
                }
            ),
            Language::En => format!(
                "The copy stopped. {} Try again or ask a volunteer.",
                match copied {
                    0 => "No file copied.".to_owned(),
                    1 => "1 file copied.".to_owned(),
                    n => format!("{n} files copied."),
                }
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

pub(crate) fn duration_fr(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 1) => "1 minute".to_owned(),
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 heure".to_owned(),
        (h, 0) => format!("{h} heures"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

pub(crate) fn duration_en(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 1) => "1 minute".to_owned(),
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".to_owned(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m:02}"),
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
