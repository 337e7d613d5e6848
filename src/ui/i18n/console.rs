//! The texts of the antenna's console (`borne console`), in French and in English. The buttons
//! it shares with the staff panel (close, reopen, end, the closure reasons) come from [`Text`].

use crate::antenna::protocol::{ErrorCode, Kind, Outcome, StationState};
use crate::domain::{Language, ProblemKind};
use crate::ui::i18n::{Catalogue, Text, duration_en, duration_fr, weekday_name};

/// A fixed text of the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleText {
    /// The window's title.
    Title,
    /// Under the title: what the console does.
    Intro,
    /// Before the first answer.
    Asking,
    /// The station does not answer.
    Unreachable,
    /// Something answers, but not a station.
    NotAStation,
    /// The end of a session from afar: what the person will see.
    EndQuestion,
    /// A command is on its way.
    Sending,
    /// No answer to a command.
    NoAnswer,
}

impl Catalogue {
    /// A fixed text of the console.
    pub fn console(self, text: ConsoleText) -> &'static str {
        match (self.0, text) {
            (Language::Fr, ConsoleText::Title) => "Borne — console de l'antenne",
            (Language::Fr, ConsoleText::Intro) => {
                "Les postes de l'antenne, mis à jour toutes les quelques secondes. Chaque poste \
                 continue de servir le public si cette console est fermée."
            }
            (Language::Fr, ConsoleText::Asking) => "Connexion…",
            (Language::Fr, ConsoleText::Unreachable) => {
                "Injoignable : le poste est peut-être éteint ou débranché du réseau."
            }
            (Language::Fr, ConsoleText::NotAStation) => {
                "Ce qui répond à cette adresse n'est pas un poste Borne."
            }
            (Language::Fr, ConsoleText::EndQuestion) => {
                "Terminer la session ? La personne verra la fin habituelle : la question, ses \
                 fichiers, puis l'effacement."
            }
            (Language::Fr, ConsoleText::Sending) => "Envoi…",
            (Language::Fr, ConsoleText::NoAnswer) => {
                "Pas de réponse du poste : la commande n'a peut-être pas été reçue."
            }
            (Language::En, ConsoleText::Title) => "Borne — antenna console",
            (Language::En, ConsoleText::Intro) => {
                "The antenna's stations, updated every few seconds. Each station goes on serving \
                 the public when this console is closed."
            }
            (Language::En, ConsoleText::Asking) => "Connecting…",
            (Language::En, ConsoleText::Unreachable) => {
                "Unreachable: the station may be off or unplugged from the network."
            }
            (Language::En, ConsoleText::NotAStation) => {
                "What answers at this address is not a Borne station."
            }
            (Language::En, ConsoleText::EndQuestion) => {
                "End the session? The person will see the usual end: the question, their files, \
                 then the wipe."
            }
            (Language::En, ConsoleText::Sending) => "Sending…",
            (Language::En, ConsoleText::NoAnswer) => {
                "No answer from the station: the command may not have been received."
            }
        }
    }

    /// What a station is doing, in a few words.
    pub fn console_state(self, state: &StationState) -> String {
        let fr = self.0 == Language::Fr;
        match state {
            StationState::Free => if fr { "Libre" } else { "Free" }.to_owned(),
            StationState::Starting => if fr {
                "Une session commence"
            } else {
                "A session is starting"
            }
            .to_owned(),
            StationState::InSession {
                kind, secs_left, ..
            } => {
                let kind = match (fr, kind) {
                    (true, Kind::DropIn) => "Session libre",
                    (true, Kind::Assisted) => "Session accompagnée",
                    (false, Kind::DropIn) => "Drop-in session",
                    (false, Kind::Assisted) => "Assisted session",
                };
                let minutes = secs_left.div_ceil(60);
                if fr {
                    format!("{kind} — reste {}", duration_fr(minutes))
                } else {
                    format!("{kind} — {} left", duration_en(minutes))
                }
            }
            StationState::Ending => if fr {
                "Fin de session : effacement"
            } else {
                "Session ending: wiping"
            }
            .to_owned(),
            StationState::ClosedByStaff { reason } => {
                let reason = self.closure((*reason).into());
                if fr {
                    format!("Fermé au public : {reason}")
                } else {
                    format!("Closed to the public: {reason}")
                }
            }
            StationState::ClosedByHours { opens } => match (fr, opens) {
                (true, Some((day, at))) => {
                    format!(
                        "Fermé (horaires) — ouvre {} à {at}",
                        weekday_name(self.0, usize::from(*day))
                    )
                }
                (true, None) => "Fermé (horaires)".to_owned(),
                (false, Some((day, at))) => {
                    format!(
                        "Closed (hours) — opens {} at {at}",
                        weekday_name(self.0, usize::from(*day))
                    )
                }
                (false, None) => "Closed (hours)".to_owned(),
            },
            StationState::OutOfService { reason } => {
                let what = ProblemKind::from_code(reason)
                    .map_or(reason.as_str(), |kind| self.problem(kind));
                if fr {
                    format!("Hors service : {what}")
                } else {
                    format!("Out of service: {what}")
                }
            }
            StationState::Setup => if fr {
                "Codes du personnel à choisir, au poste"
            } else {
                "Staff PINs to set, at the station"
            }
            .to_owned(),
        }
    }

    /// How many stations are in each state, in one line.
    pub fn console_summary(self, views: &[crate::antenna::console::StationView]) -> String {
        use crate::antenna::console::Reach;
        let count = |test: &dyn Fn(&crate::antenna::console::StationView) -> bool| {
            views.iter().filter(|view| test(view)).count()
        };
        let answers = |view: &crate::antenna::console::StationView,
                       state: fn(&StationState) -> bool| {
            view.reach == Reach::Answers && view.status.as_ref().is_some_and(|s| state(&s.state))
        };
        let in_session = count(&|v| {
            answers(v, |s| {
                matches!(
                    s,
                    StationState::InSession { .. } | StationState::Starting | StationState::Ending
                )
            })
        });
        let free = count(&|v| answers(v, |s| *s == StationState::Free));
        let unreachable = count(&|v| {
            matches!(
                v.reach,
                Reach::Unreachable { .. }
                    | Reach::Refused(_)
                    | Reach::NotAStation
                    | Reach::OtherStation(_)
            )
        });
        // Not yet asked: in none of the counts, for the second it lasts.
        let other = count(&|v| v.reach == Reach::Answers) - in_session - free;
        match self.0 {
            Language::Fr => format!(
                "{} postes : {in_session} en session, {free} libres, {other} fermés ou hors service, {unreachable} injoignables",
                views.len()
            ),
            Language::En => format!(
                "{} stations: {in_session} in session, {free} free, {other} closed or out of service, {unreachable} unreachable",
                views.len()
            ),
        }
    }

    /// Another station answers at this one's address.
    pub fn console_other_station(self, name: &str) -> String {
        match self.0 {
            Language::Fr => format!(
                "À cette adresse répond « {name} », pas ce poste : vérifiez l'adresse dans la \
                 configuration de la console."
            ),
            Language::En => format!(
                "\u{201c}{name}\u{201d} answers at this address, not this station: check the \
                 address in the console's configuration."
            ),
        }
    }

    /// The closing time of the day.
    pub fn console_closes(self, at: &str) -> String {
        match self.0 {
            Language::Fr => format!("Ferme à {at}"),
            Language::En => format!("Closes at {at}"),
        }
    }

    /// A command the station did.
    pub fn console_done(self, outcome: Outcome) -> String {
        let fr = self.0 == Language::Fr;
        match outcome {
            Outcome::Extended { secs_left } => {
                let minutes = secs_left.div_ceil(60);
                if fr {
                    format!("Fait : il reste {}.", duration_fr(minutes))
                } else {
                    format!("Done: {} left.", duration_en(minutes))
                }
            }
            Outcome::Ending => if fr {
                "Fait : la session se termine."
            } else {
                "Done: the session is ending."
            }
            .to_owned(),
            Outcome::Closed => if fr {
                "Fait : le poste est fermé au public."
            } else {
                "Done: the station is closed to the public."
            }
            .to_owned(),
            Outcome::Reopening => if fr {
                "Fait : le poste vérifie qu'il peut servir, puis rouvre."
            } else {
                "Done: the station checks it can serve, then opens."
            }
            .to_owned(),
            Outcome::AlreadyOpen => if fr {
                "Le poste était déjà ouvert."
            } else {
                "The station was open already."
            }
            .to_owned(),
        }
    }

    /// Why a station refused a request, for staff.
    pub fn console_refusal(self, code: ErrorCode) -> &'static str {
        match (self.0, code) {
            (Language::Fr, ErrorCode::NoSession) => "Refusé : aucune session en cours.",
            (Language::Fr, ErrorCode::OtherSession) => {
                "Refusé : cette session est finie, une autre a commencé. Rien n'a changé."
            }
            (Language::Fr, ErrorCode::MaxExtensions) => self.get(Text::ExtendMax),
            (Language::Fr, ErrorCode::Closing) => self.get(Text::ExtendClosing),
            (Language::Fr, ErrorCode::Busy) => {
                "Refusé : une session est en cours. Fermez le poste quand il est libre."
            }
            (Language::Fr, ErrorCode::ClearFailed) => {
                "Refusé : le dernier effacement a échoué. Il faut le relancer au poste."
            }
            (Language::Fr, ErrorCode::OutOfService) => "Refusé : le poste est hors service.",
            (Language::Fr, ErrorCode::Setup) => {
                "Refusé : les codes du personnel ne sont pas encore choisis."
            }
            (Language::Fr, ErrorCode::WrongStation) => {
                "Refusé : ce poste porte un autre nom que celui de la console."
            }
            (Language::Fr, ErrorCode::Stale) => {
                "Refusé : l'horloge de la console et celle du poste diffèrent de plus d'une minute."
            }
            (Language::Fr, ErrorCode::Unsigned | ErrorCode::BadSignature | ErrorCode::Replayed) => {
                "Refusé : le poste n'a pas la clé publique de cette console."
            }
            (Language::Fr, ErrorCode::Unavailable) => {
                "Le poste est occupé (une copie sur clé USB) : réessayez dans un moment."
            }
            (Language::Fr, _) => {
                "Refusé par le poste : la console et le poste ne se comprennent pas."
            }
            (Language::En, ErrorCode::NoSession) => "Refused: no session is running.",
            (Language::En, ErrorCode::OtherSession) => {
                "Refused: that session is over and another one started. Nothing changed."
            }
            (Language::En, ErrorCode::MaxExtensions) => self.get(Text::ExtendMax),
            (Language::En, ErrorCode::Closing) => self.get(Text::ExtendClosing),
            (Language::En, ErrorCode::Busy) => {
                "Refused: a session is running. Close the station once it is free."
            }
            (Language::En, ErrorCode::ClearFailed) => {
                "Refused: the last wipe failed. It must be started again at the station."
            }
            (Language::En, ErrorCode::OutOfService) => "Refused: the station is out of service.",
            (Language::En, ErrorCode::Setup) => "Refused: the staff PINs are not set yet.",
            (Language::En, ErrorCode::WrongStation) => {
                "Refused: this station has another name than the console's."
            }
            (Language::En, ErrorCode::Stale) => {
                "Refused: the console's clock and the station's differ by more than a minute."
            }
            (Language::En, ErrorCode::Unsigned | ErrorCode::BadSignature | ErrorCode::Replayed) => {
                "Refused: the station does not have this console's public key."
            }
            (Language::En, ErrorCode::Unavailable) => {
                "The station is busy (a copy to a USB key): try again in a moment."
            }
            (Language::En, _) => {
                "Refused by the station: the console and the station do not understand each other."
            }
        }
    }
}
