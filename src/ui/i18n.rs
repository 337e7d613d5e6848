//! Every text the public reads, in French and in English. Each language is an exhaustive
//! `match`, so a text missing in one language does not compile.

use crate::domain::{EndReason, Found, Language, ProblemKind, Purpose};

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
            (Language::En, ProblemKind::SessionSetup) => "A session could not be prepared.",
            (Language::En, ProblemKind::ClearFailed) => {
                "The previous session could not be fully erased."
            }
            (Language::En, ProblemKind::BrowserFailed) => "The browser does not start.",
            (Language::En, ProblemKind::PolicyMismatch) => {
                "The browser is not locked down: its policy does not match the config."
            }
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
