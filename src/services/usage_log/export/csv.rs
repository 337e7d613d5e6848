//! The CSV export: one row per period, every column, in a fixed order, `;` between fields and
//! CRLF between lines, as French spreadsheets read it. Written by hand rather than with the
//! `csv` crate: the export's blocks are separated by empty lines, which that crate writes as
//! `""`, and all it needs of quoting is [`csv_field`]'s five lines.

use crate::domain::Language;
use crate::ui::i18n::{Catalogue, StatsCatalogue, StatsText, weekday_name};

use super::super::report::{Cell, PeriodRow, Report};
use super::{cell, events, minutes};

/// The columns of one row for CSV: everything, in a fixed order.
pub(super) fn csv_header(report: &Report, language: Language) -> Vec<String> {
    let tr = StatsCatalogue(language);
    let t = |x| tr.get(x).to_owned();
    let mut header = vec![
        t(StatsText::Period),
        t(StatsText::FirstDay),
        t(StatsText::LastDay),
        t(StatsText::MonthTotals),
        t(StatsText::Sessions),
        t(StatsText::DropInModality),
        t(StatsText::Assisted),
        t(StatsText::AssistedPercent),
    ];
    let optional = [
        StatsText::TotalMinutes,
        StatsText::MedianMinutes,
        StatsText::Extensions,
        StatsText::PagesPrinted,
    ];
    for (title, shown) in optional.into_iter().zip(shown_figures(report)) {
        if shown {
            header.push(t(title));
        }
    }
    let row = &report.total;
    let colon = tr.colon();
    let group = |title: StatsText, name: &str| format!("{}{colon}{name}", tr.get(title));
    header.extend(
        row.end_reasons
            .iter()
            .map(|(r, _)| group(StatsText::EndReasonsTitle, tr.end_reason(*r))),
    );
    header.extend(
        row.languages
            .iter()
            .map(|(l, _)| group(StatsText::LanguagesTitle, Catalogue::language_name(*l))),
    );
    header.extend(
        row.purposes
            .iter()
            .map(|(p, _)| group(StatsText::PurposesTitle, tr.purpose(*p))),
    );
    header.extend(
        row.found
            .iter()
            .map(|(f, _)| group(StatsText::FoundTitle, tr.found(*f))),
    );
    header.extend(
        row.durations
            .iter()
            .map(|(b, _)| group(StatsText::DurationsTitle, &StatsCatalogue::bucket(*b))),
    );
    if !row.thematiques.is_empty() {
        header.extend(
            row.thematiques
                .iter()
                .map(|(t, _)| group(StatsText::Thematique, t.code())),
        );
    }
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

pub(super) fn csv_row(
    report: &Report,
    row: &PeriodRow,
    label: String,
    language: Language,
) -> Vec<String> {
    let tr = StatsCatalogue(language);
    let min = report.query.min_cell;
    let c = |x: Cell| cell(x, min, "");
    let mut fields = vec![
        label,
        row.first_day.to_string(),
        row.last_day.to_string(),
        tr.get(if row.month_totals {
            StatsText::Yes
        } else {
            StatsText::No
        })
        .to_owned(),
        c(row.sessions),
        c(row.drop_in),
        c(row.assisted),
        c(row.assisted_percent),
    ];
    let optional = [
        minutes(row.total_duration_secs),
        minutes(row.median_duration_secs),
        row.extensions,
        row.pages_printed,
    ];
    for (figure, shown) in optional.into_iter().zip(shown_figures(report)) {
        if shown {
            fields.push(c(figure));
        }
    }
    fields.extend(row.end_reasons.iter().map(|(_, x)| c(*x)));
    fields.extend(row.languages.iter().map(|(_, x)| c(*x)));
    fields.extend(row.purposes.iter().map(|(_, x)| c(*x)));
    fields.extend(row.found.iter().map(|(_, x)| c(*x)));
    fields.extend(row.durations.iter().map(|(_, x)| c(*x)));
    if !row.thematiques.is_empty() {
        fields.extend(row.thematiques.iter().map(|(_, x)| c(*x)));
    }
    for shortcut in &row.shortcuts {
        fields.push(c(shortcut.sessions));
        fields.push(c(shortcut.opens));
    }
    fields
}

/// Whether the total and median durations, the extensions and the pages have a column. The
/// network's reports have no durations but La Coop's buckets, and a report by thématique
/// knows nothing but kinds and durations: their columns would stay empty.
fn shown_figures(report: &Report) -> [bool; 4] {
    let network = !report.total.thematiques.is_empty() || report.thematique.is_some();
    let by_thematique = report.thematique.is_some();
    [!network, !network, !by_thematique, !by_thematique]
}

/// A CSV field: quoted only if it needs to be.
pub(super) fn csv_field(field: &str) -> String {
    if field.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// The report's main table: its header, one line per row (named by `labels`, or by period),
/// and the total, as the CSV export and the hub's page show it.
pub fn cells(report: &Report, labels: Option<&[String]>, language: Language) -> Vec<Vec<String>> {
    let tr = StatsCatalogue(language);
    let mut header = csv_header(report, language);
    if let (Some(_), Some(first)) = (labels, header.first_mut()) {
        *first = tr.get(StatsText::Antenna).to_owned();
    }
    let mut lines = vec![header];
    for (i, row) in report.rows.iter().enumerate() {
        let label = labels
            .and_then(|labels| labels.get(i).cloned())
            .unwrap_or_else(|| tr.period_label(row, report.query.period));
        lines.push(csv_row(report, row, label, language));
    }
    lines.push(csv_row(
        report,
        &report.total,
        tr.get(StatsText::Total).to_owned(),
        language,
    ));
    lines
}

pub(super) fn csv(report: &Report, labels: Option<&[String]>, language: Language) -> String {
    let tr = StatsCatalogue(language);
    let mut out = String::from("\u{feff}");
    let mut line = |fields: &[String]| {
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    };
    for fields in cells(report, labels, language) {
        line(&fields);
    }
    line(&[]);
    let mut hours = vec![tr.get(StatsText::Day).to_owned()];
    hours.extend((0..24).map(|h| format!("{h} {}", tr.get(StatsText::Hour))));
    line(&hours);
    for (day, cells) in report.hour_of_week.iter().enumerate() {
        let mut fields = vec![weekday_name(language, day).to_owned()];
        fields.extend(cells.iter().map(|x| cell(*x, report.query.min_cell, "")));
        line(&fields);
    }
    line(&[]);
    line(&[
        tr.get(StatsText::Event).to_owned(),
        tr.get(StatsText::Count).to_owned(),
    ]);
    for (_, label, count) in events(report, language) {
        line(&[label.to_owned(), count.to_string()]);
    }
    line(&[]);
    for note in tr.notes(report) {
        line(&[tr.get(StatsText::Note).to_owned(), note]);
    }
    out
}
