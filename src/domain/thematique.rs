//! La Coop de la médiation numérique's `thematiques`: the national words for what a session was
//! about, used by the network's reports. The codes are La Coop's API values
//! (inclusion-numerique/coop-mediation-numerique, `thematiqueApiValues`), in its order.

use super::Purpose;

/// One thématique of La Coop de la médiation numérique.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Thematique(u8);

/// La Coop's API values, in its order: a [`Thematique`] is a position in this list.
const CODES: [&str; 19] = [
    "diagnostic_numerique",
    "prendre_en_main_du_materiel",
    "maintenance_de_materiel",
    "gere_ses_contenus_numeriques",
    "navigation_sur_internet",
    "email",
    "bureautique",
    "reseaux_sociaux",
    "sante",
    "banque_et_achats_en_ligne",
    "entrepreneuriat",
    "insertion_professionnelle",
    "securite_numerique",
    "parentalite",
    "scolarite_et_numerique",
    "creer_avec_le_numerique",
    "culture_numerique",
    "intelligence_artificielle",
    "aide_aux_demarches_administratives",
];

/// La Coop's French labels (`thematiqueLabels` and `thematiquesNonAdministrativesLabels`), in
/// the order of [`CODES`].
const LABELS: [&str; 19] = [
    "Diagnostic numérique",
    "Prendre en main du matériel",
    "Maintenance de matériel",
    "Gérer ses contenus numériques",
    "Navigation sur internet",
    "E-mail",
    "Bureautique",
    "Réseaux sociaux communication",
    "Santé",
    "Banque et achats en ligne",
    "Entrepreneuriat",
    "Insertion professionnelle",
    "Prévention en sécurité numérique",
    "Parentalité",
    "Scolarité et numérique",
    "Créer avec le numérique",
    "Culture numérique",
    "Intelligence artificielle",
    "Aide aux démarches administratives",
];

impl Thematique {
    /// How many thématiques there are.
    pub const COUNT: usize = CODES.len();

    /// Every thématique, in La Coop's order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..CODES.len())
            .filter_map(|i| u8::try_from(i).ok())
            .map(Self)
    }

    /// La Coop's API value, e.g. `insertion_professionnelle`.
    pub fn code(self) -> &'static str {
        CODES.get(self.index()).copied().unwrap_or("")
    }

    /// La Coop's French label, e.g. « Insertion professionnelle ».
    pub fn label(self) -> &'static str {
        LABELS.get(self.index()).copied().unwrap_or("")
    }

    /// The thématique with this API value, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::all().find(|t| t.code() == code)
    }

    /// Its position in La Coop's list, as the usage log stores it.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The thématique at this position, if any.
    pub fn from_index(index: usize) -> Option<Self> {
        (index < CODES.len())
            .then(|| u8::try_from(index).ok().map(Self))
            .flatten()
    }

    /// Every API value, comma-separated, for error messages.
    pub fn codes() -> String {
        CODES.join(", ")
    }
}

impl Purpose {
    /// The thématique an answer to "Vous venez pour..." counts for. « Formation » and
    /// « Autre » have no sure equivalent and count for none.
    pub fn thematique(self) -> Option<Thematique> {
        let code = match self {
            Self::Emploi => "insertion_professionnelle",
            Self::Demarches => "aide_aux_demarches_administratives",
            Self::Emails => "email",
            Self::Formation | Self::Autre => return None,
        };
        Thematique::from_code(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        assert_eq!(Thematique::all().count(), 19);
        for t in Thematique::all() {
            assert_eq!(Thematique::from_code(t.code()), Some(t));
            assert_eq!(Thematique::from_index(t.index()), Some(t));
        }
        assert_eq!(Thematique::from_code("emploi"), None);
        assert_eq!(Thematique::from_index(19), None);
    }

    #[test]
    fn the_answers_map_to_la_coop() {
        let code = |p: Purpose| p.thematique().map(Thematique::code);
        assert_eq!(code(Purpose::Emploi), Some("insertion_professionnelle"));
        assert_eq!(
            code(Purpose::Demarches),
            Some("aide_aux_demarches_administratives")
        );
        assert_eq!(code(Purpose::Emails), Some("email"));
        assert_eq!(code(Purpose::Formation), None);
    }
}
