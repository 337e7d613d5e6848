//! Exports of a [`Report`]: a table for the terminal, CSV for a spreadsheet, JSON for a
//! program. Every export shows hidden counts as `< 3` (with the report's threshold) and says
//! once why.

use std::fmt::Write as _;

use super::report::{Cell, DurationBucket, PeriodRow, Report};
use super::{Found, Period, Purpose};
use crate::domain::{EndReason, Language};

/// The format of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Aligned text blocks, for a terminal.
    #[default]
    Table,
    /// Semicolon-separated values for LibreOffice Calc or Excel.
    Csv,
    /// JSON, for another program.
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Self; 3] = [Self::Table, Self::Csv, Self::Json];

    /// The code used on the command line: `table`, `csv`, `json`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// The format with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Writes `report` in `format`, with headers and notes in `language` (JSON keys and codes are
/// always the English identifiers).
///
/// The CSV opens cleanly in LibreOffice with a French locale: it starts with a UTF-8 byte
/// order mark, separates fields with `;`, ends lines with CRLF, writes dates as ISO 8601
/// (`2024-03-01`), and holds only plain integers, never a decimal: durations are whole
/// minutes (the total rounded half up), shares are whole percents. It has four sections
/// separated by an empty line: one row per period and a total row; the sessions by hour of the
/// week; the station events; the note on hidden counts (and on month totals, if any).
pub fn render(report: &Report, format: Format, language: Language) -> String {
    match format {
        Format::Table => table(report, language),
        Format::Csv => csv(report, language),
        Format::Json => json(report, language),
    }
}

/// The fixed texts of the exports.
#[derive(Clone, Copy, Debug)]
enum Text {
    Period,
    FirstDay,
    LastDay,
    MonthTotals,
    Sessions,
    Assisted,
    AssistedPercent,
    TotalMinutes,
    MedianMinutes,
    Extensions,
    PagesPrinted,
    Total,
    Yes,
    No,
    Day,
    Hour,
    Event,
    Count,
    Note,
    EndReasonsTitle,
    LanguagesTitle,
    PurposesTitle,
    FoundTitle,
    DurationsTitle,
    ShortcutsTitle,
    ShortcutsDetail,
    HoursTitle,
    EventsTitle,
    NoAnswer,
    OutOfService,
    BackInService,
    WipeFailed,
    ConfigChanged,
    StartAfterInterruption,
    DatabaseReset,
}

fn text(language: Language, text: Text) -> &'static str {
    match language {
        Language::Fr => fr(text),
        Language::En => en(text),
    }
}

fn fr(text: Text) -> &'static str {
    match text {
        Text::Period => "Période",
        Text::FirstDay => "Début",
        Text::LastDay => "Fin",
        Text::MonthTotals => "Totaux du mois",
        Text::Sessions => "Sessions",
        Text::Assisted => "Accompagnées",
        Text::AssistedPercent => "Part accompagnées (%)",
        Text::TotalMinutes => "Durée totale (min)",
        Text::MedianMinutes => "Durée médiane (min)",
        Text::Extensions => "Prolongations",
        Text::PagesPrinted => "Pages imprimées",
        Text::Total => "Total",
        Text::Yes => "oui",
        Text::No => "non",
        Text::Day => "Jour",
        Text::Hour => "h",
        Text::Event => "Événement",
        Text::Count => "Nombre",
        Text::Note => "Note",
        Text::EndReasonsTitle => "Fin des sessions",
        Text::LanguagesTitle => "Langue",
        Text::PurposesTitle => "Vous venez pour...",
        Text::FoundTitle => "Avez-vous trouvé ce que vous cherchiez ?",
        Text::DurationsTitle => "Durée des sessions",
        Text::ShortcutsTitle => "Raccourcis",
        Text::ShortcutsDetail => "sessions / ouvertures",
        Text::HoursTitle => "Sessions par heure de début",
        Text::EventsTitle => "Événements du poste",
        Text::NoAnswer => "Sans réponse",
        Text::OutOfService => "Hors service",
        Text::BackInService => "Remis en service",
        Text::WipeFailed => "Échec de l'effacement",
        Text::ConfigChanged => "Réglage modifié",
        Text::StartAfterInterruption => "Démarrage après interruption",
        Text::DatabaseReset => "Statistiques illisibles, reprises à zéro",
    }
}

fn en(text: Text) -> &'static str {
    match text {
        Text::Period => "Period",
        Text::FirstDay => "First day",
        Text::LastDay => "Last day",
        Text::MonthTotals => "Month totals",
        Text::Sessions => "Sessions",
        Text::Assisted => "Assisted",
        Text::AssistedPercent => "Assisted share (%)",
        Text::TotalMinutes => "Total duration (min)",
        Text::MedianMinutes => "Median duration (min)",
        Text::Extensions => "Extensions",
        Text::PagesPrinted => "Pages printed",
        Text::Total => "Total",
        Text::Yes => "yes",
        Text::No => "no",
        Text::Day => "Day",
        Text::Hour => "h",
        Text::Event => "Event",
        Text::Count => "Count",
        Text::Note => "Note",
        Text::EndReasonsTitle => "How sessions ended",
        Text::LanguagesTitle => "Language",
        Text::PurposesTitle => "You came for...",
        Text::FoundTitle => "Did you find what you were looking for?",
        Text::DurationsTitle => "Session durations",
        Text::ShortcutsTitle => "Shortcuts",
        Text::ShortcutsDetail => "sessions / opens",
        Text::HoursTitle => "Sessions by starting hour",
        Text::EventsTitle => "Station events",
        Text::NoAnswer => "No answer",
        Text::OutOfService => "Out of service",
        Text::BackInService => "Back in service",
        Text::WipeFailed => "Wipe failed",
        Text::ConfigChanged => "Setting changed",
        Text::StartAfterInterruption => "Start after an interruption",
        Text::DatabaseReset => "Statistics unreadable, started afresh",
    }
}

fn title(report: &Report, language: Language) -> String {
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

/// What "< N" means in every output, and how many counts were hidden: the same words in the
/// exports and on the admin's screen.
pub fn hidden_note(report: &Report, language: Language) -> String {
    let min = report.query.min_cell;
    let hidden = report.suppressed_cells;
    match (language, min) {
        (Language::Fr, 0 | 1) => "Aucun nombre n'est masqué (seuil de masquage : 1).".to_owned(),
        (Language::Fr, _) => format!(
            "« < {min} » : un nombre de 1 à {}, masqué pour que personne ne puisse être reconnu ({hidden} cases masquées).",
            min - 1
        ),
        (Language::En, 0 | 1) => "No count is hidden (hiding threshold: 1).".to_owned(),
        (Language::En, _) => format!(
            "\"< {min}\": a count from 1 to {}, hidden so that nobody can be recognised ({hidden} cells hidden).",
            min - 1
        ),
    }
}

/// The note on hidden counts, and on month totals if the range reaches them: the same words
/// in the exports and on the admin's statistics screen.
pub fn notes(report: &Report, language: Language) -> Vec<String> {
    let mut notes = vec![hidden_note(report, language)];
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

fn end_reason(language: Language, reason: EndReason) -> &'static str {
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

fn language_name(language: Language) -> &'static str {
    match language {
        Language::Fr => "Français",
        Language::En => "English",
    }
}

fn purpose(language: Language, purpose: Option<Purpose>) -> &'static str {
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
        (_, None) => text(language, Text::NoAnswer),
    }
}

/// The words of an answer to "Avez-vous trouvé ce que vous cherchiez ?" in reports and charts.
pub fn found_label(language: Language, found: Option<Found>) -> &'static str {
    match (language, found) {
        (Language::Fr, Some(Found::Oui)) => "Oui",
        (Language::Fr, Some(Found::EnPartie)) => "En partie",
        (Language::Fr, Some(Found::Non)) => "Non",
        (Language::En, Some(Found::Oui)) => "Yes",
        (Language::En, Some(Found::EnPartie)) => "Partly",
        (Language::En, Some(Found::Non)) => "No",
        (_, None) => text(language, Text::NoAnswer),
    }
}

fn bucket(bucket: DurationBucket) -> String {
    match bucket.to_minutes {
        Some(to) => format!("{}-{to} min", bucket.from_minutes),
        None => format!("{}+ min", bucket.from_minutes),
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

/// A short name of the row's period: `2024-03-05`, `2024-S10`, `2024-03`.
fn period_label(row: &PeriodRow, period: Period, language: Language) -> String {
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

/// The event counts with their labels.
fn events(report: &Report, language: Language) -> [(&'static str, &'static str, u64); 6] {
    let e = report.events;
    [
        (
            "out_of_service",
            text(language, Text::OutOfService),
            e.out_of_service,
        ),
        (
            "back_in_service",
            text(language, Text::BackInService),
            e.back_in_service,
        ),
        (
            "wipe_failed",
            text(language, Text::WipeFailed),
            e.wipe_failed,
        ),
        (
            "config_changed",
            text(language, Text::ConfigChanged),
            e.config_changed,
        ),
        (
            "start_after_interruption",
            text(language, Text::StartAfterInterruption),
            e.start_after_interruption,
        ),
        (
            "database_reset",
            text(language, Text::DatabaseReset),
            e.database_reset,
        ),
    ]
}

/// Whole minutes of a number of seconds, rounded half up.
fn minutes(cell: Cell) -> Cell {
    match cell {
        Cell::Value(secs) => Cell::Value((secs + 30) / 60),
        other => other,
    }
}

fn cell(cell: Cell, min_cell: u32, undefined: &str) -> String {
    match cell {
        Cell::Value(value) => value.to_string(),
        Cell::Suppressed => format!("< {min_cell}"),
        Cell::Undefined => undefined.to_owned(),
    }
}

/// The columns of one row for CSV: everything, in a fixed order.
fn csv_header(report: &Report, language: Language) -> Vec<String> {
    let t = |x| text(language, x).to_owned();
    let mut header = vec![
        t(Text::Period),
        t(Text::FirstDay),
        t(Text::LastDay),
        t(Text::MonthTotals),
        t(Text::Sessions),
        t(Text::Assisted),
        t(Text::AssistedPercent),
        t(Text::TotalMinutes),
        t(Text::MedianMinutes),
        t(Text::Extensions),
        t(Text::PagesPrinted),
    ];
    let row = &report.total;
    let colon = match language {
        Language::Fr => " : ",
        Language::En => ": ",
    };
    let group = |title: Text, name: &str| format!("{}{colon}{name}", text(language, title));
    header.extend(
        row.end_reasons
            .iter()
            .map(|(r, _)| group(Text::EndReasonsTitle, end_reason(language, *r))),
    );
    header.extend(
        row.languages
            .iter()
            .map(|(l, _)| group(Text::LanguagesTitle, language_name(*l))),
    );
    header.extend(
        row.purposes
            .iter()
            .map(|(p, _)| group(Text::PurposesTitle, purpose(language, *p))),
    );
    header.extend(
        row.found
            .iter()
            .map(|(f, _)| group(Text::FoundTitle, found_label(language, *f))),
    );
    header.extend(
        row.durations
            .iter()
            .map(|(b, _)| group(Text::DurationsTitle, &bucket(*b))),
    );
    for shortcut in &row.shortcuts {
        let (sessions, opens) = match language {
            Language::Fr => ("sessions", "ouvertures"),
            Language::En => ("sessions", "opens"),
        };
        header.push(format!("{} ({sessions})", shortcut.id));
        header.push(format!("{} ({opens})", shortcut.id));
    }
    header
}

fn csv_row(report: &Report, row: &PeriodRow, label: String, language: Language) -> Vec<String> {
    let min = report.query.min_cell;
    let c = |x: Cell| cell(x, min, "");
    let mut fields = vec![
        label,
        row.first_day.to_string(),
        row.last_day.to_string(),
        text(
            language,
            if row.month_totals {
                Text::Yes
            } else {
                Text::No
            },
        )
        .to_owned(),
        c(row.sessions),
        c(row.assisted),
        c(row.assisted_percent),
        c(minutes(row.total_duration_secs)),
        c(minutes(row.median_duration_secs)),
        c(row.extensions),
        c(row.pages_printed),
    ];
    fields.extend(row.end_reasons.iter().map(|(_, x)| c(*x)));
    fields.extend(row.languages.iter().map(|(_, x)| c(*x)));
    fields.extend(row.purposes.iter().map(|(_, x)| c(*x)));
    fields.extend(row.found.iter().map(|(_, x)| c(*x)));
    fields.extend(row.durations.iter().map(|(_, x)| c(*x)));
    for shortcut in &row.shortcuts {
        fields.push(c(shortcut.sessions));
        fields.push(c(shortcut.opens));
    }
    fields
}

/// A CSV field: quoted only if it needs to be.
fn csv_field(field: &str) -> String {
    if field.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn csv(report: &Report, language: Language) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |fields: &[String]| {
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    };
    line(&csv_header(report, language));
    for row in &report.rows {
        let label = period_label(row, report.query.period, language);
        line(&csv_row(report, row, label, language));
    }
    line(&csv_row(
        report,
        &report.total,
        text(language, Text::Total).to_owned(),
        language,
    ));
    line(&[]);
    let mut hours = vec![text(language, Text::Day).to_owned()];
    hours.extend((0..24).map(|h| format!("{h} {}", text(language, Text::Hour))));
    line(&hours);
    for (day, cells) in report.hour_of_week.iter().enumerate() {
        let mut fields = vec![weekday_name(language, day).to_owned()];
        fields.extend(cells.iter().map(|x| cell(*x, report.query.min_cell, "")));
        line(&fields);
    }
    line(&[]);
    line(&[
        text(language, Text::Event).to_owned(),
        text(language, Text::Count).to_owned(),
    ]);
    for (_, label, count) in events(report, language) {
        line(&[label.to_owned(), count.to_string()]);
    }
    line(&[]);
    for note in notes(report, language) {
        line(&[text(language, Text::Note).to_owned(), note]);
    }
    out
}

/// Aligned columns: the first to the left, the others to the right.
fn text_block(out: &mut String, title: &str, header: &[String], rows: &[Vec<String>]) {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, field) in widths.iter_mut().zip(row) {
            *width = (*width).max(field.chars().count());
        }
    }
    out.push('\n');
    out.push_str(title);
    out.push('\n');
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let mut line = String::new();
        for (index, (field, width)) in row.iter().zip(&widths).enumerate().take(columns) {
            let pad = width.saturating_sub(field.chars().count());
            if index == 0 {
                line.push_str(field);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(field);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// `12 h 05` from a number of seconds.
fn hours_minutes(cell: Cell, min_cell: u32) -> String {
    match minutes(cell) {
        Cell::Value(total) => format!("{} h {:02}", total / 60, total % 60),
        other => self::cell(other, min_cell, "-"),
    }
}

fn table(report: &Report, language: Language) -> String {
    let min = report.query.min_cell;
    let c = |x: Cell| cell(x, min, "-");
    let t = |x| text(language, x).to_owned();
    let labelled: Vec<(String, &PeriodRow)> = report
        .rows
        .iter()
        .map(|row| (period_label(row, report.query.period, language), row))
        .chain(std::iter::once((t(Text::Total), &report.total)))
        .collect();
    let block = |out: &mut String,
                 title: &str,
                 columns: Vec<String>,
                 cells: &dyn Fn(&PeriodRow) -> Vec<String>| {
        let mut header = vec![t(Text::Period)];
        header.extend(columns);
        let rows: Vec<Vec<String>> = labelled
            .iter()
            .map(|(label, row)| {
                let mut fields = vec![label.clone()];
                fields.extend(cells(row));
                fields
            })
            .collect();
        text_block(out, title, &header, &rows);
    };

    let mut out = title(report, language);
    out.push('\n');
    for note in notes(report, language) {
        out.push_str(&note);
        out.push('\n');
    }
    block(
        &mut out,
        &t(Text::Sessions),
        vec![
            t(Text::Sessions),
            t(Text::Assisted),
            t(Text::AssistedPercent),
            match language {
                Language::Fr => "Durée totale".to_owned(),
                Language::En => "Total duration".to_owned(),
            },
            t(Text::MedianMinutes),
            t(Text::Extensions),
            t(Text::PagesPrinted),
        ],
        &|row| {
            vec![
                c(row.sessions),
                c(row.assisted),
                c(row.assisted_percent),
                hours_minutes(row.total_duration_secs, min),
                c(minutes(row.median_duration_secs)),
                c(row.extensions),
                c(row.pages_printed),
            ]
        },
    );
    let total = &report.total;
    block(
        &mut out,
        &t(Text::EndReasonsTitle),
        total
            .end_reasons
            .iter()
            .map(|(r, _)| end_reason(language, *r).to_owned())
            .collect(),
        &|row| row.end_reasons.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(Text::LanguagesTitle),
        total
            .languages
            .iter()
            .map(|(l, _)| language_name(*l).to_owned())
            .collect(),
        &|row| row.languages.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(Text::PurposesTitle),
        total
            .purposes
            .iter()
            .map(|(p, _)| purpose(language, *p).to_owned())
            .collect(),
        &|row| row.purposes.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(Text::FoundTitle),
        total
            .found
            .iter()
            .map(|(f, _)| found_label(language, *f).to_owned())
            .collect(),
        &|row| row.found.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(Text::DurationsTitle),
        total.durations.iter().map(|(b, _)| bucket(*b)).collect(),
        &|row| row.durations.iter().map(|(_, x)| c(*x)).collect(),
    );
    if !total.shortcuts.is_empty() {
        block(
            &mut out,
            &format!("{} ({})", t(Text::ShortcutsTitle), t(Text::ShortcutsDetail)),
            total.shortcuts.iter().map(|s| s.id.clone()).collect(),
            &|row| {
                row.shortcuts
                    .iter()
                    .map(|s| format!("{} / {}", c(s.sessions), c(s.opens)))
                    .collect()
            },
        );
    }
    let mut header = vec![t(Text::Day)];
    header.extend((0..24).map(|h| h.to_string()));
    let rows: Vec<Vec<String>> = report
        .hour_of_week
        .iter()
        .enumerate()
        .map(|(day, cells)| {
            let mut fields = vec![weekday_name(language, day).to_owned()];
            fields.extend(cells.iter().map(|x| c(*x)));
            fields
        })
        .collect();
    text_block(&mut out, &t(Text::HoursTitle), &header, &rows);
    let rows: Vec<Vec<String>> = events(report, language)
        .into_iter()
        .map(|(_, label, count)| vec![label.to_owned(), count.to_string()])
        .collect();
    text_block(
        &mut out,
        &t(Text::EventsTitle),
        &[t(Text::Event), t(Text::Count)],
        &rows,
    );
    out
}

/// A JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                write!(out, "\\u{:04x}", u32::from(c)).ok();
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A cell in JSON: a number, `"< 3"` when hidden, `null` when undefined.
fn json_cell(cell: Cell, min_cell: u32) -> String {
    match cell {
        Cell::Value(value) => value.to_string(),
        Cell::Suppressed => json_string(&format!("< {min_cell}")),
        Cell::Undefined => "null".to_owned(),
    }
}

fn json_object<'a>(fields: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let fields: Vec<String> = fields
        .into_iter()
        .map(|(key, value)| format!("{}: {value}", json_string(key)))
        .collect();
    format!("{{{}}}", fields.join(", "))
}

fn end_reason_code(reason: EndReason) -> &'static str {
    match reason {
        EndReason::User => "user",
        EndReason::TimeUp => "time_up",
        EndReason::Idle => "idle",
        EndReason::Staff => "staff",
        EndReason::Shutdown => "shutdown",
        EndReason::Interruption => "interruption",
    }
}

fn json_row(row: &PeriodRow, min: u32) -> String {
    let c = |x: Cell| json_cell(x, min);
    let answers = |code: Option<&'static str>| code.unwrap_or("no_answer");
    let durations: Vec<(String, String)> = row
        .durations
        .iter()
        .map(|(b, x)| {
            let key = match b.to_minutes {
                Some(to) => format!("{}-{to}", b.from_minutes),
                None => format!("{}+", b.from_minutes),
            };
            (key, c(*x))
        })
        .collect();
    json_object([
        ("first_day", json_string(&row.first_day.to_string())),
        ("last_day", json_string(&row.last_day.to_string())),
        ("month_totals", row.month_totals.to_string()),
        ("sessions", c(row.sessions)),
        ("assisted", c(row.assisted)),
        ("assisted_percent", c(row.assisted_percent)),
        ("total_duration_secs", c(row.total_duration_secs)),
        ("median_duration_secs", c(row.median_duration_secs)),
        ("extensions", c(row.extensions)),
        ("pages_printed", c(row.pages_printed)),
        (
            "end_reasons",
            json_object(
                row.end_reasons
                    .iter()
                    .map(|(r, x)| (end_reason_code(*r), c(*x))),
            ),
        ),
        (
            "languages",
            json_object(row.languages.iter().map(|(l, x)| (l.code(), c(*x)))),
        ),
        (
            "purposes",
            json_object(
                row.purposes
                    .iter()
                    .map(|(p, x)| (answers(p.map(Purpose::code)), c(*x))),
            ),
        ),
        (
            "found",
            json_object(
                row.found
                    .iter()
                    .map(|(f, x)| (answers(f.map(Found::code)), c(*x))),
            ),
        ),
        (
            "durations_minutes",
            json_object(durations.iter().map(|(k, v)| (k.as_str(), v.clone()))),
        ),
        (
            "shortcuts",
            json_object(row.shortcuts.iter().map(|s| {
                (
                    s.id.as_str(),
                    json_object([("sessions", c(s.sessions)), ("opens", c(s.opens))]),
                )
            })),
        ),
    ])
}

fn json(report: &Report, language: Language) -> String {
    let min = report.query.min_cell;
    let rows: Vec<String> = report.rows.iter().map(|r| json_row(r, min)).collect();
    let hours: Vec<String> = report
        .hour_of_week
        .iter()
        .map(|cells| {
            let cells: Vec<String> = cells.iter().map(|x| json_cell(*x, min)).collect();
            format!("[{}]", cells.join(", "))
        })
        .collect();
    let notes: Vec<String> = notes(report, language)
        .iter()
        .map(|n| json_string(n))
        .collect();
    let mut out = json_object([
        ("from", json_string(&report.query.from.to_string())),
        ("to", json_string(&report.query.to.to_string())),
        ("period", json_string(report.query.period.code())),
        ("min_cell", min.to_string()),
        ("suppressed_cells", report.suppressed_cells.to_string()),
        (
            "month_totals_before",
            report
                .month_totals_before
                .map_or_else(|| "null".to_owned(), |d| json_string(&d.to_string())),
        ),
        ("notes", format!("[{}]", notes.join(", "))),
        ("rows", format!("[\n{}\n]", rows.join(",\n"))),
        ("total", json_row(&report.total, min)),
        (
            "hour_of_week_monday_first",
            format!("[{}]", hours.join(", ")),
        ),
        (
            "events",
            json_object(
                events(report, language)
                    .into_iter()
                    .map(|(code, _, n)| (code, n.to_string())),
            ),
        ),
    ]);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001é\"");
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("< 3"), "< 3");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
