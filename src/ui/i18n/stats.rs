//! The texts of the usage statistics in French and in English: the admin's statistics screen and
//! the exports (CSV, table, JSON) say the same things in the same words, from here.

use crate::domain::{EndReason, Found, Language, Purpose};
use crate::services::usage_log::{Cell, DurationBucket, Period, PeriodRow, Report};
use crate::ui::i18n::Catalogue;

/// A fixed text of the statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsText {
    /// "Période".
    Period,
    /// "Début".
    FirstDay,
    /// "Fin".
    LastDay,
    /// "Totaux du mois".
    MonthTotals,
    /// "Sessions".
    Sessions,
    /// "Accompagnées".
    Assisted,
    /// "Part accompagnées (%)".
    AssistedPercent,
    /// "En autonomie": drop-in sessions (the Standard des lieux de médiation numérique's
    /// `modalites_accompagnement`).
    DropInModality,
    /// "Thématique" (La Coop de la médiation numérique's).
    Thematique,
    /// "Antenne".
    Antenna,
    /// "Durée totale (min)".
    TotalMinutes,
    /// "Durée médiane (min)".
    MedianMinutes,
    /// "Prolongations".
    Extensions,
    /// "Pages imprimées".
    PagesPrinted,
    /// "Total".
    Total,
    /// "oui".
    Yes,
    /// "non".
    No,
    /// "Jour".
    Day,
    /// "h".
    Hour,
    /// "Événement".
    Event,
    /// "Nombre".
    Count,
    /// "Note".
    Note,
    /// "Fin des sessions".
    EndReasonsTitle,
    /// "Langue".
    LanguagesTitle,
    /// "Vous venez pour...".
    PurposesTitle,
    /// "Avez-vous trouvé ce que vous cherchiez ?".
    FoundTitle,
    /// "Durée des sessions".
    DurationsTitle,
    /// "Raccourcis".
    ShortcutsTitle,
    /// "sessions / ouvertures".
    ShortcutsDetail,
    /// "Sessions par heure de début".
    HoursTitle,
    /// "Événements du poste".
    EventsTitle,
    /// "Sans réponse".
    NoAnswer,
    /// "Hors service".
    OutOfService,
    /// "Remis en service".
    BackInService,
    /// "Échec de l'effacement".
    WipeFailed,
    /// "Réglage modifié".
    ConfigChanged,
    /// "Démarrage après interruption".
    StartAfterInterruption,
    /// "Statistiques illisibles, reprises à zéro".
    DatabaseReset,
    /// "Statistiques d'utilisation".
    Title,
    /// "Aucune session sur cette période.".
    NoSession,
    /// "Raccourcis ouverts (sessions)".
    ShortcutsOpened,
    /// "Les nombres masqués ne sont pas dessinés.".
    HiddenNotDrawn,
    /// "Mises hors service".
    TimesOutOfService,
    /// "Échecs de l'effacement".
    WipeFailures,
    /// "Démarrages après interruption".
    StartsAfterInterruption,
    /// "Réglages modifiés".
    SettingsChanged,
}

fn fr(text: StatsText) -> &'static str {
    match text {
        StatsText::Period => "Période",
        StatsText::FirstDay => "Début",
        StatsText::LastDay => "Fin",
        StatsText::MonthTotals => "Totaux du mois",
        StatsText::Sessions => "Sessions",
        StatsText::Assisted => "Accompagnées",
        StatsText::AssistedPercent => "Part accompagnées (%)",
        StatsText::DropInModality => "En autonomie",
        StatsText::Thematique => "Thématique",
        StatsText::Antenna => "Antenne",
        StatsText::TotalMinutes => "Durée totale (min)",
        StatsText::MedianMinutes => "Durée médiane (min)",
        StatsText::Extensions => "Prolongations",
        StatsText::PagesPrinted => "Pages imprimées",
        StatsText::Total => "Total",
        StatsText::Yes => "oui",
        StatsText::No => "non",
        StatsText::Day => "Jour",
        StatsText::Hour => "h",
        StatsText::Event => "Événement",
        StatsText::Count => "Nombre",
        StatsText::Note => "Note",
        StatsText::EndReasonsTitle => "Fin des sessions",
        StatsText::LanguagesTitle => "Langue",
        StatsText::PurposesTitle => "Vous venez pour...",
        StatsText::FoundTitle => "Avez-vous trouvé ce que vous cherchiez ?",
        StatsText::DurationsTitle => "Durée des sessions",
        StatsText::ShortcutsTitle => "Raccourcis",
        StatsText::ShortcutsDetail => "sessions / ouvertures",
        StatsText::HoursTitle => "Sessions par heure de début",
        StatsText::EventsTitle => "Événements du poste",
        StatsText::NoAnswer => "Sans réponse",
        StatsText::OutOfService => "Hors service",
        StatsText::BackInService => "Remis en service",
        StatsText::WipeFailed => "Échec de l'effacement",
        StatsText::ConfigChanged => "Réglage modifié",
        StatsText::StartAfterInterruption => "Démarrage après interruption",
        StatsText::DatabaseReset => "Statistiques illisibles, reprises à zéro",
        StatsText::Title => "Statistiques d'utilisation",
        StatsText::NoSession => "Aucune session sur cette période.",
        StatsText::ShortcutsOpened => "Raccourcis ouverts (sessions)",
        StatsText::HiddenNotDrawn => "Les nombres masqués ne sont pas dessinés.",
        StatsText::TimesOutOfService => "Mises hors service",
        StatsText::WipeFailures => "Échecs de l'effacement",
        StatsText::StartsAfterInterruption => "Démarrages après interruption",
        StatsText::SettingsChanged => "Réglages modifiés",
    }
}

fn en(text: StatsText) -> &'static str {
    match text {
        StatsText::Period => "Period",
        StatsText::FirstDay => "First day",
        StatsText::LastDay => "Last day",
        StatsText::MonthTotals => "Month totals",
        StatsText::Sessions => "Sessions",
        StatsText::Assisted => "Assisted",
        StatsText::AssistedPercent => "Assisted share (%)",
        StatsText::DropInModality => "On their own",
        StatsText::Thematique => "Topic",
        StatsText::Antenna => "Antenna",
        StatsText::TotalMinutes => "Total duration (min)",
        StatsText::MedianMinutes => "Median duration (min)",
        StatsText::Extensions => "Extensions",
        StatsText::PagesPrinted => "Pages printed",
        StatsText::Total => "Total",
        StatsText::Yes => "yes",
        StatsText::No => "no",
        StatsText::Day => "Day",
        StatsText::Hour => "h",
        StatsText::Event => "Event",
        StatsText::Count => "Count",
        StatsText::Note => "Note",
        StatsText::EndReasonsTitle => "How sessions ended",
        StatsText::LanguagesTitle => "Language",
        StatsText::PurposesTitle => "You came for...",
        StatsText::FoundTitle => "Did you find what you were looking for?",
        StatsText::DurationsTitle => "Session durations",
        StatsText::ShortcutsTitle => "Shortcuts",
        StatsText::ShortcutsDetail => "sessions / opens",
        StatsText::HoursTitle => "Sessions by starting hour",
        StatsText::EventsTitle => "Station events",
        StatsText::NoAnswer => "No answer",
        StatsText::OutOfService => "Out of service",
        StatsText::BackInService => "Back in service",
        StatsText::WipeFailed => "Wipe failed",
        StatsText::ConfigChanged => "Setting changed",
        StatsText::StartAfterInterruption => "Start after an interruption",
        StatsText::DatabaseReset => "Statistics unreadable, started afresh",
        StatsText::Title => "Usage statistics",
        StatsText::NoSession => "No session in this period.",
        StatsText::ShortcutsOpened => "Shortcuts opened (sessions)",
        StatsText::HiddenNotDrawn => "Hidden counts are not drawn.",
        StatsText::TimesOutOfService => "Put out of service",
        StatsText::WipeFailures => "Wipe failures",
        StatsText::StartsAfterInterruption => "Starts after an interruption",
        StatsText::SettingsChanged => "Settings changed",
    }
}

/// The statistics' texts in one language.
#[derive(Clone, Copy, Debug)]
pub struct StatsCatalogue(pub Language);

impl StatsCatalogue {
    /// The text `text` in this language.
    pub fn get(self, text: StatsText) -> &'static str {
        match self.0 {
            Language::Fr => fr(text),
            Language::En => en(text),
        }
    }

    /// Between a name and its figure: French puts a space before the colon.
    pub fn colon(self) -> &'static str {
        match self.0 {
            Language::Fr => " : ",
            Language::En => ": ",
        }
    }

    /// "Du ... au ...".
    pub fn range(self, report: &Report) -> String {
        let (from, to) = (report.query.from, report.query.to);
        match self.0 {
            Language::Fr => format!("Du {from} au {to}."),
            Language::En => format!("From {from} to {to}."),
        }
    }

    /// The totals of the range in one sentence.
    pub fn summary(self, report: &Report) -> String {
        let min = report.query.min_cell;
        let total = &report.total;
        let sessions = cell_text(total.sessions, min);
        let percent = cell_text(total.assisted_percent, min);
        let median = minutes_text(total.median_duration_secs, min);
        let hours = match total.total_duration_secs {
            Cell::Value(secs) => ((secs + 1800) / 3600).to_string(),
            other => cell_text(other, min),
        };
        let pages = cell_text(total.pages_printed, min);
        match self.0 {
            Language::Fr => format!(
                "{sessions} sessions, {percent} % accompagnées, durée médiane {median} min, {hours} h en tout, {pages} pages imprimées."
            ),
            Language::En => format!(
                "{sessions} sessions, {percent} % assisted, median length {median} min, {hours} h in all, {pages} pages printed."
            ),
        }
    }

    /// The title of the sessions chart.
    pub fn sessions_title(self, period: Period) -> String {
        match (self.0, period) {
            (Language::Fr, Period::Day) => "Sessions par jour".to_owned(),
            (Language::Fr, Period::Week) => "Sessions par semaine".to_owned(),
            (Language::Fr, Period::Month) => "Sessions par mois".to_owned(),
            (Language::En, Period::Day) => "Sessions per day".to_owned(),
            (Language::En, Period::Week) => "Sessions per week".to_owned(),
            (Language::En, Period::Month) => "Sessions per month".to_owned(),
        }
    }

    /// The sessions chart said in words.
    pub fn sessions_figures(self, report: &Report) -> String {
        let min = report.query.min_cell;
        let busiest = report
            .rows
            .iter()
            .filter_map(|row| row.sessions.value().map(|n| (n, row)))
            .max_by_key(|(n, _)| *n)
            .filter(|(n, _)| *n > 0);
        let periods = report.rows.len();
        let total = cell_text(report.total.sessions, min);
        match (self.0, busiest) {
            (Language::Fr, Some((n, row))) => format!(
                "{total} sessions sur {periods} périodes ; la plus chargée : {} ({n}).",
                self.axis_label(row, report.query.period)
            ),
            (Language::Fr, None) => format!("{total} sessions sur {periods} périodes."),
            (Language::En, Some((n, row))) => format!(
                "{total} sessions over {periods} periods; the busiest: {} ({n}).",
                self.axis_label(row, report.query.period)
            ),
            (Language::En, None) => format!("{total} sessions over {periods} periods."),
        }
    }

    /// The hour-of-week chart said in words.
    pub fn hours_figures(self, report: &Report) -> String {
        let min = report.query.min_cell;
        let mut busiest: Vec<(u64, usize, usize)> = report
            .hour_of_week
            .iter()
            .enumerate()
            .flat_map(|(day, cells)| {
                cells
                    .iter()
                    .enumerate()
                    .filter_map(move |(hour, cell)| cell.value().map(|n| (n, day, hour)))
            })
            .filter(|(n, _, _)| *n > 0)
            .collect();
        busiest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let list = busiest
            .iter()
            .take(3)
            .map(|(n, day, hour)| format!("{} {hour} h ({n})", self.weekday(*day)))
            .collect::<Vec<_>>()
            .join(", ");
        let hidden = report
            .hour_of_week
            .iter()
            .flatten()
            .filter(|cell| matches!(cell, Cell::Suppressed | Cell::Withheld))
            .count();
        let busiest = match (self.0, list.is_empty()) {
            (Language::Fr, false) => format!("Heures les plus fréquentées : {list}."),
            (Language::Fr, true) => format!("Aucune heure à {min} sessions ou plus."),
            (Language::En, false) => format!("Busiest hours: {list}."),
            (Language::En, true) => format!("No hour with {min} sessions or more."),
        };
        let hidden = match (self.0, hidden) {
            (_, 0) => String::new(),
            (Language::Fr, 1) => format!(" 1 heure à moins de {min} sessions, en gris."),
            (Language::Fr, n) => format!(" {n} heures à moins de {min} sessions, en gris."),
            (Language::En, 1) => format!(" 1 hour with fewer than {min} sessions, in grey."),
            (Language::En, n) => format!(" {n} hours with fewer than {min} sessions, in grey."),
        };
        busiest + &hidden
    }

    /// A short name of a row's period for a chart's axis: `08/01`, `S02`, `01/2024`.
    pub fn axis_label(self, row: &PeriodRow, period: Period) -> String {
        use chrono::Datelike as _;
        let day = row.first_day;
        match (self.0, period, row.month_totals) {
            (_, Period::Month, _) | (_, _, true) => day.format("%m/%Y").to_string(),
            (Language::Fr, Period::Day, false) => day.format("%d/%m").to_string(),
            (Language::En, Period::Day, false) => day.format("%d %b").to_string(),
            (Language::Fr, Period::Week, false) => format!("S{:02}", day.iso_week().week()),
            (Language::En, Period::Week, false) => format!("W{:02}", day.iso_week().week()),
        }
    }

    /// The name of a weekday (0 is Monday).
    pub fn weekday(self, day: usize) -> &'static str {
        weekday_name(self.0, day)
    }

    /// An answer to "Vous venez pour..." in a chart: short words.
    pub fn purpose_short(self, purpose: Option<Purpose>) -> &'static str {
        match (self.0, purpose) {
            (Language::Fr, Some(Purpose::Demarches)) => "Démarches",
            _ => self.purpose(purpose),
        }
    }

    /// An answer to "Avez-vous trouvé ce que vous cherchiez ?", or none.
    pub fn found(self, found: Option<Found>) -> &'static str {
        match found {
            Some(found) => Catalogue(self.0).found(found),
            None => self.get(StatsText::NoAnswer),
        }
    }

    /// The title of an export.
    pub fn title(self, report: &Report) -> String {
        let language = self.0;
        let query = &report.query;
        match (language, query.period) {
            (Language::Fr, period) => format!(
                "Utilisation du poste du {} au {}, par {}",
                query.from,
                query.to,
                match period {
                    Period::Day => "jour",
                    Period::Week => "semaine",
                    Period::Month => "mois",
                }
            ),
            (Language::En, period) => format!(
                "Station usage from {} to {}, by {}",
                query.from,
                query.to,
                match period {
                    Period::Day => "day",
                    Period::Week => "week",
                    Period::Month => "month",
                }
            ),
        }
    }

    /// What "< N" means, and how many counts were hidden.
    pub fn hidden_note(self, report: &Report) -> String {
        let language = self.0;
        let min = report.query.min_cell;
        let hidden = report.suppressed_cells;
        match (language, min) {
            (Language::Fr, 0 | 1) => {
                "Aucun nombre n'est masqué (seuil de masquage : 1).".to_owned()
            }
            (Language::Fr, _) => format!(
                "« < {min} » : un nombre de 1 à {}, masqué pour que personne ne puisse être reconnu ; « * » : masqué pour qu'un tel nombre ne se retrouve pas par soustraction ({hidden} cases masquées).",
                min - 1
            ),
            (Language::En, 0 | 1) => "No count is hidden (hiding threshold: 1).".to_owned(),
            (Language::En, _) => format!(
                "\"< {min}\": a count from 1 to {}, hidden so that nobody can be recognised; \"*\": hidden so that such a count cannot be found by subtraction ({hidden} cells hidden).",
                min - 1
            ),
        }
    }

    /// The note on hidden counts, and on month totals if the range reaches them.
    pub fn notes(self, report: &Report) -> Vec<String> {
        let language = self.0;
        let mut notes = vec![self.hidden_note(report)];
        if let Some(thematique) = report.thematique {
            notes.push(match language {
                Language::Fr => format!(
                    "Seules les sessions de la thématique « {} » ({}) sont comptées : une session compte pour chaque thématique qu'elle a touchée, par un raccourci ou par sa réponse. Pour elles, seuls la modalité et la durée sont connus.",
                    thematique.label(),
                    thematique.code()
                ),
                Language::En => format!(
                    "Only the sessions of the thématique \"{}\" ({}) are counted: a session counts for each thématique it touched, by a shortcut or by its answer. Only their modality and duration are known.",
                    thematique.label(),
                    thematique.code()
                ),
            });
        }
        if let Some(before) = report.month_totals_before {
            notes.push(match language {
                Language::Fr => format!(
                    "Avant le {before}, seuls les totaux par mois sont conservés : ces mois sont comptés en entier."
                ),
                Language::En => format!(
                    "Before {before}, only month totals are kept: those months are counted whole."
                ),
            });
        }
        notes
    }

    /// How a session ended, as the statistics count it.
    pub fn end_reason(self, reason: EndReason) -> &'static str {
        let language = self.0;
        match (language, reason) {
            (Language::Fr, EndReason::User) => "Par la personne",
            (Language::Fr, EndReason::TimeUp) => "Temps écoulé",
            (Language::Fr, EndReason::Idle) => "Inactivité",
            (Language::Fr, EndReason::Staff) => "Par un bénévole",
            (Language::Fr, EndReason::Shutdown) => "Arrêt du poste",
            (Language::Fr, EndReason::Interruption) => "Interruption",
            (Language::En, EndReason::User) => "By the person",
            (Language::En, EndReason::TimeUp) => "Time up",
            (Language::En, EndReason::Idle) => "Idle",
            (Language::En, EndReason::Staff) => "By staff",
            (Language::En, EndReason::Shutdown) => "Shutdown",
            (Language::En, EndReason::Interruption) => "Interruption",
        }
    }

    /// An answer to "Vous venez pour...", or none.
    pub fn purpose(self, purpose: Option<Purpose>) -> &'static str {
        let language = self.0;
        match (language, purpose) {
            (Language::Fr, Some(Purpose::Emploi)) => "Emploi",
            (Language::Fr, Some(Purpose::Demarches)) => "Démarches administratives",
            (Language::Fr, Some(Purpose::Emails)) => "E-mails",
            (Language::Fr, Some(Purpose::Formation)) => "Formation",
            (Language::Fr, Some(Purpose::Autre)) => "Autre",
            (Language::En, Some(Purpose::Emploi)) => "Job",
            (Language::En, Some(Purpose::Demarches)) => "Paperwork",
            (Language::En, Some(Purpose::Emails)) => "E-mail",
            (Language::En, Some(Purpose::Formation)) => "Training",
            (Language::En, Some(Purpose::Autre)) => "Other",
            (_, None) => self.get(StatsText::NoAnswer),
        }
    }

    /// A name of the row's period in an export: `2024-03-05`, `2024-S10`, `2024-03`.
    pub fn period_label(self, row: &PeriodRow, period: Period) -> String {
        let language = self.0;
        use chrono::Datelike as _;
        if row.month_totals && period != Period::Month {
            return match language {
                Language::Fr => format!("{} (mois)", row.first_day.format("%Y-%m")),
                Language::En => format!("{} (month)", row.first_day.format("%Y-%m")),
            };
        }
        match period {
            Period::Day => row.first_day.to_string(),
            Period::Week => {
                let week = row.first_day.iso_week();
                let letter = match language {
                    Language::Fr => 'S',
                    Language::En => 'W',
                };
                format!("{}-{letter}{:02}", week.year(), week.week())
            }
            Period::Month => row.first_day.format("%Y-%m").to_string(),
        }
    }

    /// A duration bucket: `0-15 min`, `120+ min`.
    pub fn bucket(bucket: DurationBucket) -> String {
        match bucket.to_minutes {
            Some(to) => format!("{}-{to} min", bucket.from_minutes),
            None => format!("{}+ min", bucket.from_minutes),
        }
    }
}

/// The name of a weekday (0 is Monday) in reports and charts.
pub fn weekday_name(language: Language, index: usize) -> &'static str {
    const FR: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let names = match language {
        Language::Fr => FR,
        Language::En => EN,
    };
    names.get(index).copied().unwrap_or_default()
}

/// A count as shown: the number, `< N` when hidden, `*` when hidden so that another cannot be
/// found by subtraction, `-` when it means nothing.
pub fn cell_text(cell: Cell, min_cell: u32) -> String {
    match cell {
        Cell::Value(value) => value.to_string(),
        Cell::Suppressed => format!("< {min_cell}"),
        Cell::Undefined => "-".to_owned(),
        Cell::Withheld => "*".to_owned(),
    }
}

/// A number of seconds in whole minutes, rounded down, or the hidden or empty cell.
pub fn minutes_text(cell: Cell, min_cell: u32) -> String {
    match cell {
        Cell::Value(secs) => (secs / 60).to_string(),
        other => cell_text(other, min_cell),
    }
}
