//! Exports of a [`Report`]: a table for the terminal, CSV for a spreadsheet, JSON for a
//! program. Every export shows hidden counts as `< 3` (with the report's threshold) and says
//! once why.

use strum::{EnumString, IntoStaticStr};

use super::report::{Cell, PeriodRow, Report};
use crate::domain::Language;
use crate::ui::i18n::{Catalogue, StatsCatalogue, StatsText, weekday_name};

mod csv;
mod json;

pub use csv::cells;
use csv::*;
use json::*;

/// The format of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, IntoStaticStr, EnumString)]
#[strum(serialize_all = "lowercase")]
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
        self.into()
    }

    /// The format with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
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
    render_labelled(report, None, format, language)
}

/// A report whose rows are groups (the antennas or stations of a network) rather than periods,
/// as CSV or JSON, each row named by its label; a report by period as [`render`] gives it.
pub fn render_labelled(
    report: &Report,
    labels: Option<&[String]>,
    format: Format,
    language: Language,
) -> String {
    match format {
        Format::Table => table(report, language),
        Format::Csv => csv(report, labels, language),
        Format::Json => json(report, labels, language),
    }
}

/// The event counts with their labels.
fn events(report: &Report, language: Language) -> [(&'static str, &'static str, u64); 6] {
    let tr = StatsCatalogue(language);
    let e = report.events;
    [
        (
            "out_of_service",
            tr.get(StatsText::OutOfService),
            e.out_of_service,
        ),
        (
            "back_in_service",
            tr.get(StatsText::BackInService),
            e.back_in_service,
        ),
        ("wipe_failed", tr.get(StatsText::WipeFailed), e.wipe_failed),
        (
            "config_changed",
            tr.get(StatsText::ConfigChanged),
            e.config_changed,
        ),
        (
            "start_after_interruption",
            tr.get(StatsText::StartAfterInterruption),
            e.start_after_interruption,
        ),
        (
            "database_reset",
            tr.get(StatsText::DatabaseReset),
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
        Cell::Withheld => "*".to_owned(),
    }
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
    let tr = StatsCatalogue(language);
    let min = report.query.min_cell;
    let c = |x: Cell| cell(x, min, "-");
    let t = |x| tr.get(x).to_owned();
    let labelled: Vec<(String, &PeriodRow)> = report
        .rows
        .iter()
        .map(|row| (tr.period_label(row, report.query.period), row))
        .chain(std::iter::once((t(StatsText::Total), &report.total)))
        .collect();
    let block = |out: &mut String,
                 title: &str,
                 columns: Vec<String>,
                 cells: &dyn Fn(&PeriodRow) -> Vec<String>| {
        let mut header = vec![t(StatsText::Period)];
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

    let mut out = tr.title(report);
    out.push('\n');
    for note in tr.notes(report) {
        out.push_str(&note);
        out.push('\n');
    }
    block(
        &mut out,
        &t(StatsText::Sessions),
        vec![
            t(StatsText::Sessions),
            t(StatsText::DropInModality),
            t(StatsText::Assisted),
            t(StatsText::AssistedPercent),
            match language {
                Language::Fr => "Durée totale".to_owned(),
                Language::En => "Total duration".to_owned(),
            },
            t(StatsText::MedianMinutes),
            t(StatsText::Extensions),
            t(StatsText::PagesPrinted),
        ],
        &|row| {
            vec![
                c(row.sessions),
                c(row.drop_in),
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
        &t(StatsText::EndReasonsTitle),
        total
            .end_reasons
            .iter()
            .map(|(r, _)| tr.end_reason(*r).to_owned())
            .collect(),
        &|row| row.end_reasons.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(StatsText::LanguagesTitle),
        total
            .languages
            .iter()
            .map(|(l, _)| Catalogue::language_name(*l).to_owned())
            .collect(),
        &|row| row.languages.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(StatsText::PurposesTitle),
        total
            .purposes
            .iter()
            .map(|(p, _)| tr.purpose(*p).to_owned())
            .collect(),
        &|row| row.purposes.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(StatsText::FoundTitle),
        total
            .found
            .iter()
            .map(|(f, _)| tr.found(*f).to_owned())
            .collect(),
        &|row| row.found.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(StatsText::DurationsTitle),
        total
            .durations
            .iter()
            .map(|(b, _)| StatsCatalogue::bucket(*b))
            .collect(),
        &|row| row.durations.iter().map(|(_, x)| c(*x)).collect(),
    );
    if !total.shortcuts.is_empty() {
        block(
            &mut out,
            &format!(
                "{} ({})",
                t(StatsText::ShortcutsTitle),
                t(StatsText::ShortcutsDetail)
            ),
            total.shortcuts.iter().map(|s| s.id.clone()).collect(),
            &|row| {
                row.shortcuts
                    .iter()
                    .map(|s| format!("{} / {}", c(s.sessions), c(s.opens)))
                    .collect()
            },
        );
    }
    let mut header = vec![t(StatsText::Day)];
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
    text_block(&mut out, &t(StatsText::HoursTitle), &header, &rows);
    let rows: Vec<Vec<String>> = events(report, language)
        .into_iter()
        .map(|(_, label, count)| vec![label.to_owned(), count.to_string()])
        .collect();
    text_block(
        &mut out,
        &t(StatsText::EventsTitle),
        &[t(StatsText::Event), t(StatsText::Count)],
        &rows,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("< 3"), "< 3");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
