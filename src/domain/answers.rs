//! The fixed answers of the optional questions: never free text.

use strum::{EnumString, IntoStaticStr};

/// The answers to "Vous venez pour..." at the start of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, IntoStaticStr, EnumString)]
#[strum(serialize_all = "lowercase")]
pub enum Purpose {
    /// Emploi: looking for a job.
    Emploi,
    /// Démarches administratives.
    Demarches,
    /// E-mails.
    Emails,
    /// Formation: training.
    Formation,
    /// Autre: something else.
    Autre,
}

impl Purpose {
    /// Every answer, in the order of the buttons.
    pub const ALL: [Self; 5] = [
        Self::Emploi,
        Self::Demarches,
        Self::Emails,
        Self::Formation,
        Self::Autre,
    ];

    /// The code used in exports: `emploi`, `demarches`, `emails`, `formation`, `autre`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The position of the answer, as the usage log stores it.
    pub fn index(self) -> usize {
        match self {
            Self::Emploi => 0,
            Self::Demarches => 1,
            Self::Emails => 2,
            Self::Formation => 3,
            Self::Autre => 4,
        }
    }
}

/// The answers to "Avez-vous trouvé ce que vous cherchiez ?" at the end of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, IntoStaticStr, EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum Found {
    /// Oui.
    Oui,
    /// En partie.
    EnPartie,
    /// Non.
    Non,
}

impl Found {
    /// Every answer, in the order of the buttons.
    pub const ALL: [Self; 3] = [Self::Oui, Self::EnPartie, Self::Non];

    /// The code used in exports: `oui`, `en-partie`, `non`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The position of the answer, as the usage log stores it.
    pub fn index(self) -> usize {
        match self {
            Self::Oui => 0,
            Self::EnPartie => 1,
            Self::Non => 2,
        }
    }
}
