//! Exports of a [`Report`]: a table for the terminal, CSV for a spreadsheet, JSON for a
//! program. Every export shows hidden counts as `< 3` (with the report's threshold) and says
//! once why.

use std::fmt::Write as _;

use super::report::{Cell, PeriodRow, Report};
use super::{Found, Purpose};
use crate::domain::{EndReason, Language};
use crate::ui::i18n::{Catalogue, StatsCatalogue, StatsText, weekday_name};

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

/// The event counts with their labels.
fn events(report: &Report, language: Language) -> [(&'static str, &'static str, u64); 6] {
    let e = report.events;
    [
        (
            "out_of_service",
            StatsCatalogue(language).get(StatsText::OutOfService),
            e.out_of_service,
        ),
        (
            "back_in_service",
            StatsCatalogue(language).get(StatsText::BackInService),
            e.back_in_service,
        ),
        (
            "wipe_failed",
            StatsCatalogue(language).get(StatsText::WipeFailed),
            e.wipe_failed,
        ),
        (
            "config_changed",
            StatsCatalogue(language).get(StatsText::ConfigChanged),
            e.config_changed,
        ),
        (
            "start_after_interruption",
            StatsCatalogue(language).get(StatsText::StartAfterInterruption),
            e.start_after_interruption,
        ),
        (
            "database_reset",
            StatsCatalogue(language).get(StatsText::DatabaseReset),
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
    let t = |x| StatsCatalogue(language).get(x).to_owned();
    let mut header = vec![
        t(StatsText::Period),
        t(StatsText::FirstDay),
        t(StatsText::LastDay),
        t(StatsText::MonthTotals),
        t(StatsText::Sessions),
        t(StatsText::Assisted),
        t(StatsText::AssistedPercent),
        t(StatsText::TotalMinutes),
        t(StatsText::MedianMinutes),
        t(StatsText::Extensions),
        t(StatsText::PagesPrinted),
    ];
    let row = &report.total;
    let tr = StatsCatalogue(language);
    let colon = tr.colon();
    let group = |title: StatsText, name: &str| format!("{}{colon}{name}", tr.get(title));
    header.extend(row.end_reasons.iter().map(|(r, _)| {
        group(
            StatsText::EndReasonsTitle,
            StatsCatalogue(language).end_reason(*r),
        )
    }));
    header.extend(
        row.languages
            .iter()
            .map(|(l, _)| group(StatsText::LanguagesTitle, Catalogue::language_name(*l))),
    );
    header.extend(row.purposes.iter().map(|(p, _)| {
        group(
            StatsText::PurposesTitle,
            StatsCatalogue(language).purpose(*p),
        )
    }));
    header.extend(
        row.found
            .iter()
            .map(|(f, _)| group(StatsText::FoundTitle, StatsCatalogue(language).found(*f))),
    );
    header.extend(
        row.durations
            .iter()
            .map(|(b, _)| group(StatsText::DurationsTitle, &StatsCatalogue::bucket(*b))),
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
        StatsCatalogue(language)
            .get(if row.month_totals {
                StatsText::Yes
            } else {
                StatsText::No
            })
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
        let label = StatsCatalogue(language).period_label(row, report.query.period);
        line(&csv_row(report, row, label, language));
    }
    line(&csv_row(
        report,
        &report.total,
        StatsCatalogue(language).get(StatsText::Total).to_owned(),
        language,
    ));
    line(&[]);
    let mut hours = vec![StatsCatalogue(language).get(StatsText::Day).to_owned()];
    hours.extend((0..24).map(|h| format!("{h} {}", StatsCatalogue(language).get(StatsText::Hour))));
    line(&hours);
    for (day, cells) in report.hour_of_week.iter().enumerate() {
        let mut fields = vec![weekday_name(language, day).to_owned()];
        fields.extend(cells.iter().map(|x| cell(*x, report.query.min_cell, "")));
        line(&fields);
    }
    line(&[]);
    line(&[
        StatsCatalogue(language).get(StatsText::Event).to_owned(),
        StatsCatalogue(language).get(StatsText::Count).to_owned(),
    ]);
    for (_, label, count) in events(report, language) {
        line(&[label.to_owned(), count.to_string()]);
    }
    line(&[]);
    for note in StatsCatalogue(language).notes(report) {
        line(&[
            StatsCatalogue(language).get(StatsText::Note).to_owned(),
            note,
        ]);
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
    let t = |x| StatsCatalogue(language).get(x).to_owned();
    let labelled: Vec<(String, &PeriodRow)> = report
        .rows
        .iter()
        .map(|row| {
            (
                StatsCatalogue(language).period_label(row, report.query.period),
                row,
            )
        })
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

    let mut out = StatsCatalogue(language).title(report);
    out.push('\n');
    for note in StatsCatalogue(language).notes(report) {
        out.push_str(&note);
        out.push('\n');
    }
    block(
        &mut out,
        &t(StatsText::Sessions),
        vec![
            t(StatsText::Sessions),
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
            .map(|(r, _)| StatsCatalogue(language).end_reason(*r).to_owned())
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
            .map(|(p, _)| StatsCatalogue(language).purpose(*p).to_owned())
            .collect(),
        &|row| row.purposes.iter().map(|(_, x)| c(*x)).collect(),
    );
    block(
        &mut out,
        &t(StatsText::FoundTitle),
        total
            .found
            .iter()
            .map(|(f, _)| StatsCatalogue(language).found(*f).to_owned())
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
    let notes: Vec<String> = StatsCatalogue(language)
        .notes(report)
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
