//! The JSON export: codes rather than words, for other programs.

use super::*;

/// A JSON string literal.
pub(super) fn json_string(text: &str) -> String {
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
pub(super) fn json_cell(cell: Cell, min_cell: u32) -> String {
    match cell {
        Cell::Value(value) => value.to_string(),
        Cell::Suppressed => json_string(&format!("< {min_cell}")),
        Cell::Undefined => "null".to_owned(),
    }
}

pub(super) fn json_object<'a>(fields: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let fields: Vec<String> = fields
        .into_iter()
        .map(|(key, value)| format!("{}: {value}", json_string(key)))
        .collect();
    format!("{{{}}}", fields.join(", "))
}

pub(super) fn end_reason_code(reason: EndReason) -> &'static str {
    match reason {
        EndReason::User => "user",
        EndReason::TimeUp => "time_up",
        EndReason::Idle => "idle",
        EndReason::Staff => "staff",
        EndReason::Shutdown => "shutdown",
        EndReason::Interruption => "interruption",
    }
}

pub(super) fn json_row(row: &PeriodRow, min: u32) -> String {
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

pub(super) fn json(report: &Report, language: Language) -> String {
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
