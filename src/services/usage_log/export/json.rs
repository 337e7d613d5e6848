//! The JSON export: codes rather than words, for other programs. Written with `serde_json`, its
//! keys in the order below (the `preserve_order` feature).

use serde_json::{Map, Value, json};

use crate::domain::{EndReason, Language};
use crate::ui::i18n::StatsCatalogue;

use super::super::report::{Cell, PeriodRow, Report};
use super::super::{Found, Purpose};
use super::events;

/// A cell in JSON: a number, `"< 3"` when hidden, `"*"` when hidden so that another cannot be
/// found by subtraction, `null` when undefined.
fn json_cell(cell: Cell, min_cell: u32) -> Value {
    match cell {
        Cell::Value(value) => value.into(),
        Cell::Suppressed => format!("< {min_cell}").into(),
        Cell::Undefined => Value::Null,
        Cell::Withheld => "*".into(),
    }
}

/// An object of `(key, value)` pairs, in their order.
fn object<K: Into<String>>(fields: impl IntoIterator<Item = (K, Value)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(key, value)| (key.into(), value))
            .collect::<Map<_, _>>(),
    )
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

/// A row as JSON; `national` adds the national vocabulary's names (the network's reports).
fn json_row(row: &PeriodRow, label: Option<&String>, min: u32, national: bool) -> Value {
    let c = |x: Cell| json_cell(x, min);
    let answers = |code: Option<&'static str>| code.unwrap_or("no_answer");
    let durations = row.durations.iter().map(|(b, x)| {
        let key = match b.to_minutes {
            Some(to) => format!("{}-{to}", b.from_minutes),
            None => format!("{}+", b.from_minutes),
        };
        (key, c(*x))
    });
    let mut value = json!({
        "first_day": row.first_day.to_string(),
        "last_day": row.last_day.to_string(),
        "month_totals": row.month_totals,
        "sessions": c(row.sessions),
        "drop_in": c(row.drop_in),
        "assisted": c(row.assisted),
        "assisted_percent": c(row.assisted_percent),
        "total_duration_secs": c(row.total_duration_secs),
        "median_duration_secs": c(row.median_duration_secs),
        "extensions": c(row.extensions),
        "pages_printed": c(row.pages_printed),
        "end_reasons": object(row.end_reasons.iter().map(|(r, x)| (end_reason_code(*r), c(*x)))),
        "languages": object(row.languages.iter().map(|(l, x)| (l.code(), c(*x)))),
        "purposes": object(
            row.purposes
                .iter()
                .map(|(p, x)| (answers(p.map(Purpose::code)), c(*x)))
        ),
        "found": object(
            row.found
                .iter()
                .map(|(f, x)| (answers(f.map(Found::code)), c(*x)))
        ),
        "durations_minutes": object(durations),
        "shortcuts": object(row.shortcuts.iter().map(|s| {
            (
                s.id.as_str(),
                json!({ "sessions": c(s.sessions), "opens": c(s.opens) }),
            )
        })),
    });
    if let Some(fields) = value.as_object_mut() {
        if let Some(label) = label {
            fields.insert("label".to_owned(), label.as_str().into());
        }
        if national {
            fields.insert(
                "modalites_accompagnement".to_owned(),
                json!({ "en_autonomie": c(row.drop_in), "accompagnement_individuel": c(row.assisted) }),
            );
        }
        if !row.thematiques.is_empty() {
            fields.insert(
                "thematiques".to_owned(),
                object(row.thematiques.iter().map(|(t, x)| (t.code(), c(*x)))),
            );
        }
    }
    value
}

pub(super) fn json(report: &Report, labels: Option<&[String]>, language: Language) -> String {
    let tr = StatsCatalogue(language);
    let min = report.query.min_cell;
    let hours: Vec<Vec<Value>> = report
        .hour_of_week
        .iter()
        .map(|cells| cells.iter().map(|x| json_cell(*x, min)).collect())
        .collect();
    let national = !report.total.thematiques.is_empty() || report.thematique.is_some();
    let mut document = json!({
        "from": report.query.from.to_string(),
        "to": report.query.to.to_string(),
        "period": report.query.period.code(),
        "min_cell": min,
        "suppressed_cells": report.suppressed_cells,
        "month_totals_before": report.month_totals_before.map(|d| d.to_string()),
        "notes": tr.notes(report),
        "rows": report
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| json_row(r, labels.and_then(|l| l.get(i)), min, national))
            .collect::<Vec<_>>(),
        "total": json_row(&report.total, None, min, national),
        "hour_of_week_monday_first": hours,
        "events": object(events(report, language).into_iter().map(|(code, _, n)| (code, n.into()))),
    });
    if let (Some(thematique), Some(fields)) = (report.thematique, document.as_object_mut()) {
        fields.insert("thematique".to_owned(), thematique.code().into());
    }
    // A Value always serialises.
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}
