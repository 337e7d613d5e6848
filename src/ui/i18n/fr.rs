//! The screens' fixed texts in French.

use super::Text;

pub(super) fn fr(text: Text) -> &'static str {
    match text {
        Text::Start => "Commencer",
        Text::WelcomeIntro => "À la fin, le poste efface tout ce que vous avez fait ici.",
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
        Text::BrowserFailed => "Le site ne s'ouvre pas. Réessayez ou demandez à un bénévole.",
        Text::SpaceFull => {
            "Il n'y a plus de place pour vos fichiers : le dernier téléchargement est trop gros et n'a pas pu être enregistré. Vous pouvez continuer. Pour garder vos fichiers, touchez « Terminer » : le poste propose de les copier sur une clé USB."
        }
        Text::PrinterWaiting => {
            "Votre impression attend. L'imprimante est peut-être éteinte ou sans papier. Demandez à un bénévole."
        }
        Text::ConfirmEndQuestion => "Terminer la session ?",
        Text::RestyleQuestion => "Changer aussi les pages ?",
        Text::RestyleDetail => "Les pages se ferment un instant. Elles reviennent ensuite.",
        Text::RestyleYes => "Oui, changer",
        Text::RestyleNo => "Non, plus tard",
        Text::ConfirmEndDetail => "Le poste va effacer vos fichiers.",
        Text::ConfirmEndYes => "Oui, terminer",
        Text::ConfirmEndNo => "Non, continuer",
        Text::StillThereQuestion => "Êtes-vous toujours là ?",
        Text::StillThereYes => "Oui, je continue",
        Text::WarningAdvice => "Pensez à enregistrer votre travail.",
        Text::WarningOk => "J'ai compris",
        Text::Preparing => "Préparation de votre session…",
        Text::Ending => "Le poste efface la session…",
        Text::Goodbye => "Au revoir !",
        Text::GoodbyeDetail => {
            "Le poste a effacé tout ce que vous avez fait ici. Merci de votre visite."
        }
        Text::OutOfServiceTitle => "Poste en maintenance",
        Text::OutOfServiceAsk => "Demandez à un bénévole.",
        Text::SaveTitle => "Avant de partir : vos fichiers",
        Text::SaveExplain => {
            "Le poste va tout effacer. Copiez sur une clé USB ce que vous voulez garder."
        }
        Text::PlugKey => "Branchez votre clé USB pour copier vos fichiers.",
        Text::CopyToKey => "Copier sur ma clé USB",
        Text::Copying => "Copie en cours… Laissez la clé branchée.",
        Text::RemoveKey => "Vous pouvez retirer la clé.",
        Text::KeyReadOnly => {
            "Votre clé est protégée en écriture (vérifiez son petit verrou) : rien n'a été copié."
        }
        Text::KeyGone => {
            "Vous avez retiré la clé avant la fin de la copie. Rebranchez la clé et réessayez."
        }
        Text::BackToSession => "Revenir à ma session",
        Text::EraseAndEnd => "Tout effacer et terminer",
        Text::RetryClear => "Réessayer l'effacement",
        Text::PurposeQuestion => "Vous venez pour…",
        Text::FoundQuestion => "Avez-vous trouvé ce que vous cherchiez ?",
        Text::QuestionNote => "Votre réponse est anonyme. Elle nous aide à améliorer ce lieu.",
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
        Text::HighContrastLabel => "Contraste élevé",
        Text::ReadAloudLabel => "Lire à voix haute",
        Text::OnScreenKeyboardLabel => "Clavier à l'écran",
        Text::ChoiceYes => "Oui",
        Text::ChoiceNo => "Non",
        Text::AssistDetail => "Ces choix valent seulement pour vous.",
        // One idea a line; the colon stays with its words (a no-break space before it).
        Text::AssistDetailHomeKey => {
            "Ces choix valent seulement pour vous.\nTouche F1 du clavier\u{a0}: retour à l'accueil."
        }
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
