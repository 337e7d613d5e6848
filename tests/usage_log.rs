//! The usage log on real SQLite files: report figures against hand-computed ones, exports,
//! migrations, a damaged file, an unusable directory, retention, rounding, the schema
//! allowlist, the statistics screen, and (ignored) the bench of two busy years.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a panic with its message is how a test reports failure"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use borne::domain::{EndReason, Language, SessionKind};
use borne::services::usage_log::{
    Cell, EventCounts, Format, Found, Period, PeriodRow, Purpose, Recovered, Report, ReportQuery,
    SCHEMA_VERSION, SessionRecord, StationEvent, UsageLog, UsageLogError, Zone, render,
};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::Connection;

/// A fresh directory for one test, under cargo's temporary directory for integration tests.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("usage_log")
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Paris in winter: local time is UTC + 1 h.
fn paris() -> Zone {
    Zone::Fixed(FixedOffset::east_opt(3600).unwrap())
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn open(path: &Path) -> UsageLog {
    let (log, recovered) = UsageLog::open(path, paris(), utc("2024-01-22T08:00:00Z")).unwrap();
    assert_eq!(recovered, vec![]);
    log
}

#[expect(clippy::too_many_arguments, reason = "one fixture line per session")]
fn session(
    started_at: &str,
    duration_secs: u32,
    kind: SessionKind,
    end_reason: EndReason,
    language: Language,
    shortcuts: &[(&str, u32)],
    extensions: u32,
    purpose: Option<Purpose>,
    found: Option<Found>,
) -> SessionRecord {
    SessionRecord {
        started_at: utc(started_at),
        duration_secs,
        kind,
        end_reason,
        language,
        shortcuts: shortcuts
            .iter()
            .map(|(id, n)| ((*id).to_owned(), *n))
            .collect(),
        extensions,
        pages_printed: 0,
        purpose,
        found,
    }
}

/// Twelve sessions over two weeks (Monday 8 to Sunday 21 January 2024, Paris time), and two
/// just outside. The comments give the local start and the duration in minutes.
fn fixture() -> Vec<SessionRecord> {
    use EndReason::*;
    use Language::*;
    use SessionKind::*;
    vec![
        // Sunday 7, 23:59 local: the day before the range.
        session(
            "2024-01-07T22:59:00Z",
            600,
            DropIn,
            User,
            Fr,
            &[],
            0,
            None,
            None,
        ),
        // 1. Monday 8, 9:07 -> 9:00; 30 min.
        session(
            "2024-01-08T08:07:00Z",
            1800,
            DropIn,
            User,
            Fr,
            &[("france-travail", 2)],
            0,
            Some(Purpose::Emploi),
            Some(Found::Oui),
        ),
        // 2. Monday 8, 9:20 -> 9:15; 45 min.
        session(
            "2024-01-08T08:20:00Z",
            2700,
            DropIn,
            TimeUp,
            Fr,
            &[("france-travail", 1), ("cv", 1)],
            0,
            Some(Purpose::Emploi),
            Some(Found::EnPartie),
        ),
        // 3. Monday 8, 14:00; 10 min.
        session(
            "2024-01-08T13:00:00Z",
            600,
            DropIn,
            Idle,
            En,
            &[("mail-gmail", 1)],
            0,
            Some(Purpose::Emails),
            None,
        ),
        // 4. Tuesday 9, 10:45; 90 min, assisted, extended once.
        session(
            "2024-01-09T09:45:00Z",
            5400,
            Assisted,
            Staff,
            Fr,
            &[("cv", 3)],
            1,
            Some(Purpose::Demarches),
            Some(Found::Oui),
        ),
        // 5. Tuesday 9, 10:50 -> 10:45; 4 min; no shortcut, no answer.
        session(
            "2024-01-09T09:50:00Z",
            240,
            DropIn,
            User,
            Fr,
            &[],
            0,
            None,
            None,
        ),
        // 6. Wednesday 10, 9:00; 45 min.
        session(
            "2024-01-10T08:00:00Z",
            2700,
            DropIn,
            TimeUp,
            Fr,
            &[("france-travail", 1)],
            0,
            Some(Purpose::Emploi),
            Some(Found::Non),
        ),
        // 7. Friday 12, 16:30; 120 min, assisted, extended twice.
        session(
            "2024-01-12T15:30:00Z",
            7200,
            Assisted,
            TimeUp,
            Fr,
            &[("france-travail", 2), ("cv", 1)],
            2,
            Some(Purpose::Emploi),
            Some(Found::Oui),
        ),
        // 8. Monday 15, 9:10 -> 9:00; 25 min.
        session(
            "2024-01-15T08:10:00Z",
            1500,
            DropIn,
            User,
            Fr,
            &[("france-travail", 1)],
            0,
            Some(Purpose::Emploi),
            Some(Found::Oui),
        ),
        // 9. Monday 15, 0:30 local (still Sunday 14 in UTC); 15 min; found at the next start.
        session(
            "2024-01-14T23:30:00Z",
            900,
            DropIn,
            Interruption,
            Fr,
            &[],
            0,
            None,
            None,
        ),
        // 10. Wednesday 17, 11:00; 50 min, assisted; a duplicated id adds up.
        session(
            "2024-01-17T10:00:00Z",
            3000,
            Assisted,
            User,
            Fr,
            &[("cv", 1), ("mail-gmail", 1), ("mail-gmail", 1)],
            0,
            Some(Purpose::Formation),
            Some(Found::EnPartie),
        ),
        // 11. Thursday 18, 15:14:59 -> 15:00; 40 min.
        session(
            "2024-01-18T14:14:59Z",
            2400,
            DropIn,
            Shutdown,
            En,
            &[("mail-gmail", 1), ("cv", 0)],
            0,
            Some(Purpose::Autre),
            None,
        ),
        // 12. Sunday 21, 23:50; 5 min.
        session(
            "2024-01-21T22:50:00Z",
            300,
            DropIn,
            Idle,
            Fr,
            &[],
            0,
            None,
            None,
        ),
        // Monday 22, 9:00: the day after the range.
        session(
            "2024-01-22T08:00:00Z",
            600,
            Assisted,
            User,
            Fr,
            &[("cv", 1)],
            0,
            None,
            None,
        ),
    ]
}

fn fixture_log(name: &str) -> (PathBuf, UsageLog) {
    let dir = temp_dir(name);
    let path = dir.join("usage.sqlite");
    let mut log = open(&path);
    for record in fixture() {
        log.record_session(&record).unwrap();
    }
    log.record_event(
        StationEvent::OutOfService {
            cause: "clear-failed",
        },
        utc("2024-01-10T11:00:00Z"),
    )
    .unwrap();
    log.record_event(StationEvent::WipeFailed, utc("2024-01-10T11:00:00Z"))
        .unwrap();
    log.record_event(StationEvent::BackInService, utc("2024-01-10T11:40:00Z"))
        .unwrap();
    log.record_event(
        StationEvent::ConfigChanged {
            setting: "session.drop_in_minutes",
        },
        utc("2024-01-16T17:00:00Z"),
    )
    .unwrap();
    // After the range.
    log.record_event(
        StationEvent::StartAfterInterruption,
        utc("2024-01-22T07:00:00Z"),
    )
    .unwrap();
    (path, log)
}

fn two_weeks(period: Period) -> ReportQuery {
    ReportQuery::new(date("2024-01-08"), date("2024-01-21"), period)
}

use Cell::{Suppressed as S, Value as V, Withheld as W};

fn values<T: Copy>(cells: &[(T, Cell)]) -> Vec<Cell> {
    cells.iter().map(|(_, cell)| *cell).collect()
}

fn shortcuts(row: &PeriodRow) -> Vec<(&str, Cell, Cell)> {
    row.shortcuts
        .iter()
        .map(|s| (s.id.as_str(), s.sessions, s.opens))
        .collect()
}

/// Counts the hidden cells of a report by walking it.
fn hidden_cells(report: &Report) -> usize {
    let row = |row: &PeriodRow| {
        let mut cells = vec![
            row.sessions,
            row.drop_in,
            row.assisted,
            row.assisted_percent,
            row.total_duration_secs,
            row.median_duration_secs,
            row.extensions,
        ];
        cells.extend(values(&row.end_reasons));
        cells.extend(values(&row.languages));
        cells.extend(values(&row.purposes));
        cells.extend(values(&row.found));
        cells.extend(values(&row.durations));
        for s in &row.shortcuts {
            cells.push(s.sessions);
            cells.push(s.opens);
        }
        cells.into_iter().filter(|c| *c == S || *c == W).count()
    };
    report.rows.iter().map(row).sum::<usize>()
        + row(&report.total)
        + report
            .hour_of_week
            .iter()
            .flatten()
            .filter(|c| **c == S || **c == W)
            .count()
}

#[test]
fn weekly_report_matches_the_hand_computed_figures() {
    let (_path, log) = fixture_log("weekly");
    let report = log.report(&two_weeks(Period::Week)).unwrap();
    assert_eq!(report.rows.len(), 2);
    let [week1, week2] = [&report.rows[0], &report.rows[1]];

    // Week 1: sessions 1 to 7.
    assert_eq!(
        (week1.first_day, week1.last_day),
        (date("2024-01-08"), date("2024-01-14"))
    );
    assert!(!week1.month_totals);
    assert_eq!(week1.sessions, V(7));
    assert_eq!(week1.assisted, S, "2 assisted sessions");
    assert_eq!(week1.drop_in, W, "7 - 5 would give the 2 assisted sessions");
    assert_eq!(week1.assisted_percent, S, "computed from a hidden count");
    assert_eq!(
        week1.total_duration_secs,
        V(1800 + 2700 + 600 + 5400 + 240 + 2700 + 7200)
    );
    // 4, 10, 30, 45, 45, 90, 120 minutes: the 4th.
    assert_eq!(week1.median_duration_secs, V(45 * 60));
    assert_eq!(week1.extensions, V(3));
    // User, time up, idle, staff, shutdown, interruption.
    assert_eq!(values(&week1.end_reasons), [S, V(3), S, S, V(0), V(0)]);
    // 6 in French would give the one in English (7 - 6): hidden too.
    assert_eq!(values(&week1.languages), [W, S]);
    // Emploi, démarches, e-mails, formation, autre, no answer. "Emploi" (4) is hidden too:
    // the total's 5 minus it would give week 2's 1.
    assert_eq!(values(&week1.purposes), [W, S, S, V(0), V(0), S]);
    // Oui, en partie, non, no answer. "Oui" (3): the total's 4 minus it gives week 2's.
    assert_eq!(values(&week1.found), [W, S, S, S]);
    // 0-5, 5-15, 15-30, 30-45, 45-60, 60-90, 90-120, 120+ minutes.
    assert_eq!(values(&week1.durations), [S, S, V(0), S, S, V(0), S, S]);
    // The total's 4 and 5 minus these would give week 2's hidden 1s: hidden.
    assert_eq!(
        shortcuts(week1),
        [("cv", W, W), ("france-travail", W, W), ("mail-gmail", S, S)]
    );

    // Week 2: sessions 8 to 12, with session 9 counted on local Monday.
    assert_eq!(
        (week2.first_day, week2.last_day),
        (date("2024-01-15"), date("2024-01-21"))
    );
    // 5 sessions: "found" is < 3, < 3, 0 and * (at least 3), so the * would be 3 and the others
    // 1: the week's count is withheld.
    assert_eq!(week2.sessions, W);
    assert_eq!(week2.assisted, S);
    assert_eq!(week2.drop_in, W);
    assert_eq!(week2.assisted_percent, S);
    assert_eq!(week2.total_duration_secs, V(1500 + 900 + 3000 + 2400 + 300));
    // 5, 15, 25, 40, 50 minutes: the 3rd.
    assert_eq!(week2.median_duration_secs, V(25 * 60));
    assert_eq!(week2.extensions, V(0));
    assert_eq!(values(&week2.end_reasons), [S, V(0), S, V(0), S, S]);
    assert_eq!(values(&week2.languages), [W, S]);
    assert_eq!(values(&week2.purposes), [S, V(0), V(0), S, S, S]);
    // No answer (3): the total's 5 minus it would give week 1's 2.
    assert_eq!(values(&week2.found), [S, S, V(0), W]);
    assert_eq!(
        values(&week2.durations),
        [V(0), S, S, S, S, V(0), V(0), V(0)]
    );
    assert_eq!(
        shortcuts(week2),
        [("cv", S, S), ("france-travail", S, S), ("mail-gmail", S, S)]
    );

    // The two weeks together.
    let total = &report.total;
    assert_eq!(
        (total.first_day, total.last_day),
        (date("2024-01-08"), date("2024-01-21"))
    );
    assert_eq!(total.sessions, V(12));
    assert_eq!(total.drop_in, V(9));
    assert_eq!(total.assisted, V(3));
    assert_eq!(total.assisted_percent, V(25));
    assert_eq!(total.total_duration_secs, V(28_740));
    // 4, 5, 10, 15, 25, 30, 40, 45, 45, 50, 90, 120: the 6th.
    assert_eq!(total.median_duration_secs, V(30 * 60));
    assert_eq!(total.extensions, V(3));
    // "By the person" is 4 = week 1's < 3 + week 2's < 3: both would be 2. Withheld.
    assert_eq!(values(&total.end_reasons), [W, V(3), S, S, S, S]);
    assert_eq!(values(&total.languages), [W, S]);
    assert_eq!(values(&total.purposes), [W, S, S, S, S, W]);
    assert_eq!(values(&total.found), [W, S, S, V(5)]);
    assert_eq!(values(&total.durations), [S, S, S, S, V(3), V(0), S, S]);
    assert_eq!(
        shortcuts(total),
        [
            ("cv", W, V(6)),
            ("france-travail", V(5), V(7)),
            ("mail-gmail", V(3), W)
        ]
    );

    // Hour of the week, local time: only Monday 9 h reaches 3 (sessions 1, 2 and 8).
    let how = &report.hour_of_week;
    assert_eq!(how[0][9], V(3));
    for (day, hour) in [
        (0, 0),
        (0, 14),
        (1, 10),
        (2, 9),
        (2, 11),
        (3, 15),
        (4, 16),
        (6, 23),
    ] {
        assert_eq!(how[day][hour], S, "day {day} hour {hour}");
    }
    let shown: usize = how.iter().flatten().filter(|c| **c != V(0)).count();
    assert_eq!(shown, 9);

    // Under the threshold: 20 in week 1, 23 in week 2, 17 in the total, 8 in the hour-of-week
    // table; then 19 more so that none of them is a total minus shown parts, nor pinned down
    // by what < 3 and * mean (the drop-in sessions of each week among them).
    assert_eq!(report.suppressed_cells, 87);
    assert_eq!(hidden_cells(&report), 87);
    assert_eq!(report.month_totals_before, None);
    assert_eq!(
        report.events,
        EventCounts {
            out_of_service: 1,
            back_in_service: 1,
            wipe_failed: 1,
            config_changed: 1,
            start_after_interruption: 0,
            database_reset: 0,
        }
    );
}

#[test]
fn without_a_threshold_every_count_shows() {
    let (_path, log) = fixture_log("no_threshold");
    let query = ReportQuery {
        min_cell: 0,
        ..two_weeks(Period::Week)
    };
    let report = log.report(&query).unwrap();
    assert_eq!(report.suppressed_cells, 0);
    let week1 = &report.rows[0];
    assert_eq!(week1.assisted, V(2));
    // 2 of 7: 28.6 %.
    assert_eq!(week1.assisted_percent, V(29));
    assert_eq!(
        values(&week1.end_reasons),
        [V(2), V(3), V(1), V(1), V(0), V(0)]
    );
    assert_eq!(shortcuts(week1)[2], ("mail-gmail", V(1), V(1)));
    assert_eq!(shortcuts(&report.rows[1])[2], ("mail-gmail", V(2), V(3)));
    assert_eq!(report.hour_of_week[1][10], V(2));
}

#[test]
fn daily_and_monthly_reports_cut_the_same_sessions() {
    let (_path, log) = fixture_log("daily_monthly");
    let days = log.report(&two_weeks(Period::Day)).unwrap();
    assert_eq!(days.rows.len(), 14);
    let sessions: Vec<Cell> = days.rows.iter().map(|r| r.sessions).collect();
    // 8: 1-3; 9: 4-5; 10: 6; 12: 7; 15: 8-9; 17: 10; 18: 11; 21: 12.
    assert_eq!(
        sessions,
        [W, S, S, V(0), S, V(0), V(0), S, V(0), S, S, V(0), V(0), S]
    );
    assert_eq!(days.rows[0].median_duration_secs, V(30 * 60));
    assert_eq!(days.rows[3].median_duration_secs, Cell::Undefined);
    assert_eq!(days.rows[3].assisted_percent, Cell::Undefined);

    let months = log.report(&two_weeks(Period::Month)).unwrap();
    assert_eq!(months.rows.len(), 1);
    // The month row is cut to the range, and counts what the total counts.
    assert_eq!(months.rows[0].first_day, date("2024-01-08"));
    assert_eq!(months.rows[0].last_day, date("2024-01-21"));
    assert_eq!(months.rows[0].sessions, V(12));
    assert_eq!(months.rows[0], months.total);
    assert_eq!(months.total.sessions, days.total.sessions);
    // The same figures once nothing is hidden (a report by day hides more of its total: it
    // has more sums that could give a hidden day back).
    let all = |period| {
        let query = ReportQuery {
            min_cell: 0,
            ..two_weeks(period)
        };
        log.report(&query).unwrap().total
    };
    assert_eq!(all(Period::Month), all(Period::Day));

    // A week report of a range that starts on a Wednesday cuts its first week.
    let query = ReportQuery::new(date("2024-01-10"), date("2024-01-22"), Period::Week);
    let weeks = log.report(&query).unwrap();
    let spans: Vec<_> = weeks
        .rows
        .iter()
        .map(|r| (r.first_day, r.last_day))
        .collect();
    assert_eq!(
        spans,
        [
            (date("2024-01-10"), date("2024-01-14")),
            (date("2024-01-15"), date("2024-01-21")),
            (date("2024-01-22"), date("2024-01-22")),
        ]
    );
    // Sessions 6 and 7; then 8 to 12; then the one of the 22nd.
    assert_eq!(weeks.rows[0].sessions, S);
    // 5, withheld: its "found" answers are < 3, < 3, 0 and *, which only 1, 1, 0, 3 fits.
    assert_eq!(weeks.rows[1].sessions, W);
    assert_eq!(weeks.rows[2].sessions, S);
}

#[test]
fn a_range_that_ends_before_it_starts_is_refused() {
    let (_path, log) = fixture_log("bad_range");
    let query = ReportQuery::new(date("2024-01-21"), date("2024-01-08"), Period::Day);
    let error = log.report(&query).unwrap_err();
    assert!(
        matches!(error, UsageLogError::InvalidRange { .. }),
        "{error}"
    );
}

#[test]
fn csv_opens_in_a_french_spreadsheet_and_says_what_is_hidden() {
    let (_path, log) = fixture_log("csv");
    let report = log.report(&two_weeks(Period::Week)).unwrap();
    let csv = render(&report, Format::Csv, Language::Fr);
    assert!(csv.starts_with('\u{feff}'), "UTF-8 byte order mark");
    assert!(csv.ends_with("\r\n"));
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    let header: Vec<&str> = lines[0].split(';').collect();
    assert_eq!(
        &header[..5],
        ["Période", "Début", "Fin", "Totaux du mois", "Sessions"]
    );
    assert_eq!(&header[4..7], ["Sessions", "En autonomie", "Accompagnées"]);
    assert!(header.contains(&"cv (sessions)"));
    // Every row of the first section has as many fields as the header.
    let rows: Vec<Vec<&str>> = lines[1..4].iter().map(|l| l.split(';').collect()).collect();
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
    assert_eq!(
        &rows[0][..7],
        [
            "2024-S02",
            "2024-01-08",
            "2024-01-14",
            "non",
            "7",
            "*",
            "< 3"
        ]
    );
    assert_eq!(
        &rows[2][..11],
        [
            "Total",
            "2024-01-08",
            "2024-01-21",
            "non",
            "12",
            "9",
            "3",
            "25",
            "479",
            "30",
            "3"
        ]
    );
    // Plain integers only: no decimal separator anywhere in the figures.
    for row in &rows {
        for field in &row[4..] {
            assert!(
                field.is_empty()
                    || *field == "< 3"
                    || *field == "*"
                    || field.bytes().all(|b| b.is_ascii_digit()),
                "{field:?}"
            );
        }
    }
    // The hour-of-week section, Monday first.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("lundi;< 3;") && l.contains(";3;"))
    );
    // The note, once.
    assert_eq!(csv.matches("masqué pour que personne").count(), 1);
    assert!(csv.contains("(87 cases masquées)"));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("Hors service;1"))
            .count(),
        1
    );
}

#[test]
fn table_and_json_show_the_same_figures() {
    let (_path, log) = fixture_log("table_json");
    let report = log.report(&two_weeks(Period::Week)).unwrap();
    let table = render(&report, Format::Table, Language::En);
    assert!(table.starts_with("Station usage from 2024-01-08 to 2024-01-21, by week\n"));
    assert!(table.contains(
        "\"< 3\": a count from 1 to 2, hidden so that nobody can be recognised; \"*\": hidden so that such a count cannot be found by subtraction (87 cells hidden)."
    ));
    let total = table.lines().find(|l| l.starts_with("Total ")).unwrap();
    let fields: Vec<&str> = total
        .split("  ")
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    assert_eq!(
        fields,
        ["Total", "12", "9", "3", "25", "7 h 59", "30", "3", "0"]
    );
    assert!(table.contains("cv  france-travail  mail-gmail"));

    let json = render(&report, Format::Json, Language::En);
    let document: serde_json::Value =
        serde_json::from_str(&json).expect("the export is a well-formed JSON document");
    assert_eq!(document["min_cell"], 3);
    assert_eq!(document["suppressed_cells"], 87);
    let total = &document["total"];
    assert_eq!(total["sessions"], 12);
    assert_eq!(total["drop_in"], 9);
    assert_eq!(total["assisted"], 3);
    assert_eq!(total["assisted_percent"], 25);
    assert_eq!(total["total_duration_secs"], 28740);
    assert_eq!(total["median_duration_secs"], 1800);
    // A period with fewer than 3 e-mail sessions hides them, as the table does.
    let hidden = serde_json::json!({"sessions": "< 3", "opens": "< 3"});
    let rows = document["rows"].as_array().expect("rows");
    assert!(
        rows.iter()
            .any(|row| row["shortcuts"]["mail-gmail"] == hidden)
    );
    let events = &document["events"];
    for event in [
        "out_of_service",
        "back_in_service",
        "wipe_failed",
        "config_changed",
    ] {
        assert_eq!(events[event], 1, "{event}");
    }
    // The keys come in the order of the table: from, to, period...
    assert!(json.find("\"from\"") < json.find("\"rows\""));
}

#[test]
fn pages_printed_are_summed_per_period_and_in_every_export() {
    let dir = temp_dir("pages");
    let mut log = open(&dir.join("usage.sqlite"));
    let mut printed = |at: &str, pages: u32| {
        let mut record = session(
            at,
            900,
            SessionKind::DropIn,
            EndReason::User,
            Language::Fr,
            &[("cv", 1)],
            0,
            None,
            None,
        );
        record.pages_printed = pages;
        log.record_session(&record).unwrap();
    };
    printed("2024-01-08T09:00:00Z", 3);
    printed("2024-01-09T09:00:00Z", 4);
    printed("2024-01-10T09:00:00Z", 0);
    printed("2024-01-16T09:00:00Z", 2);
    let report = log
        .report(&ReportQuery {
            min_cell: 0,
            ..two_weeks(Period::Week)
        })
        .unwrap();
    let pages: Vec<Cell> = report.rows.iter().map(|row| row.pages_printed).collect();
    assert_eq!(pages, [V(7), V(2)]);
    assert_eq!(report.total.pages_printed, V(9));
    let csv = render(&report, Format::Csv, Language::Fr);
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    let header: Vec<&str> = lines[0].split(';').collect();
    let column = header.iter().position(|h| *h == "Pages imprimées").unwrap();
    let total: Vec<&str> = lines
        .iter()
        .find(|l| l.starts_with("Total;"))
        .unwrap()
        .split(';')
        .collect();
    assert_eq!(total[column], "9");
    let json = render(&report, Format::Json, Language::En);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(document["total"]["pages_printed"], 9, "{json}");
    assert!(render(&report, Format::Table, Language::En).contains("Pages printed"));
    // With the sessions of a week hidden, so are its pages.
    let hidden = log
        .report(&ReportQuery {
            min_cell: 2,
            ..two_weeks(Period::Week)
        })
        .unwrap();
    assert_eq!(hidden.rows[1].pages_printed, Cell::Suppressed);
}

#[test]
fn start_times_are_kept_only_to_the_quarter_hour() {
    let dir = temp_dir("rounding");
    let path = dir.join("usage.sqlite");
    let mut log = open(&path);
    // 10:14:59.9 in Paris.
    let precise = utc("2024-01-09T09:14:59.900Z");
    log.record_session(&SessionRecord {
        started_at: precise,
        duration_secs: 1234,
        kind: SessionKind::DropIn,
        end_reason: EndReason::User,
        language: Language::Fr,
        shortcuts: vec![],
        extensions: 0,
        pages_printed: 0,
        purpose: None,
        found: None,
    })
    .unwrap();
    log.record_event(StationEvent::WipeFailed, precise).unwrap();
    drop(log);

    let conn = Connection::open(&path).unwrap();
    let quarter: i64 = conn
        .query_row("SELECT start_quarter FROM session", [], |r| r.get(0))
        .unwrap();
    let at: i64 = conn
        .query_row("SELECT at_quarter FROM station_event", [], |r| r.get(0))
        .unwrap();
    // 10:00 local on 2024-01-09, in quarter hours since 1970-01-01 00:00 local.
    let ten = utc("2024-01-09T10:00:00Z").timestamp() / 900;
    assert_eq!((quarter, at), (ten, ten));

    // No integer anywhere in the database is the precise time, in seconds or minutes, local
    // or UTC.
    let precise_values = [
        precise.timestamp(),
        precise.timestamp() + 3600,
        precise.timestamp() / 60,
        (precise.timestamp() + 3600) / 60,
        precise.timestamp_millis(),
    ];
    for (table, column, _) in schema(&conn) {
        let mut select = conn
            .prepare(&format!("SELECT \"{column}\" FROM \"{table}\""))
            .unwrap();
        let found: Vec<rusqlite::types::Value> = select
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for value in found {
            if let rusqlite::types::Value::Integer(n) = value {
                assert!(!precise_values.contains(&n), "{table}.{column} holds {n}");
            }
        }
    }
}

/// Every column of every table: (table, column, declared type).
fn schema(conn: &Connection) -> BTreeSet<(String, String, String)> {
    let mut select = conn
        .prepare(
            "SELECT m.name, p.name, p.type FROM sqlite_schema m, pragma_table_info(m.name) p
             WHERE m.type = 'table' ORDER BY 1, 2",
        )
        .unwrap();
    select
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The only columns the usage log may have. A new column must be added here on purpose; a
/// TEXT column must hold a code that SQLite checks (see the test below), never free text.
const ALLOWED_COLUMNS: &[(&str, &str, &str)] = &[
    ("retention", "folded_before_day", "INTEGER"),
    ("retention", "id", "INTEGER"),
    ("session", "duration_secs", "INTEGER"),
    ("session", "end_reason", "INTEGER"),
    ("session", "extensions", "INTEGER"),
    ("session", "pages", "INTEGER"),
    ("session", "found", "INTEGER"),
    ("session", "id", "INTEGER"),
    ("session", "kind", "INTEGER"),
    ("session", "language", "INTEGER"),
    ("session", "purpose", "INTEGER"),
    ("session", "start_quarter", "INTEGER"),
    ("session_shortcut", "opens", "INTEGER"),
    ("session_shortcut", "session_id", "INTEGER"),
    ("session_shortcut", "shortcut_id", "INTEGER"),
    ("shortcut", "code", "TEXT"),
    ("shortcut", "id", "INTEGER"),
    ("shortcut_tally", "opens", "INTEGER"),
    ("shortcut_tally", "sessions", "INTEGER"),
    ("shortcut_tally", "shortcut_id", "INTEGER"),
    ("shortcut_tally", "span", "INTEGER"),
    ("shortcut_tally", "start_day", "INTEGER"),
    ("station_event", "at_quarter", "INTEGER"),
    ("station_event", "code", "TEXT"),
    ("station_event", "id", "INTEGER"),
    ("station_event", "kind", "INTEGER"),
    ("tally", "code", "INTEGER"),
    ("tally", "dim", "INTEGER"),
    ("tally", "n", "INTEGER"),
    ("tally", "span", "INTEGER"),
    ("tally", "start_day", "INTEGER"),
    ("wipe", "at_quarter", "INTEGER"),
    ("wipe", "bytes_removed", "INTEGER"),
    ("wipe", "duration_ms", "INTEGER"),
    ("wipe", "files_removed", "INTEGER"),
    ("wipe", "id", "INTEGER"),
    ("wipe", "ok", "INTEGER"),
    // The network's outbox: what was last sent of each closed period, and the last revision.
    ("hub_outbox", "span", "INTEGER"),
    ("hub_outbox", "start_day", "INTEGER"),
    ("hub_outbox", "sent_hash", "BLOB"),
    ("hub_revision", "id", "INTEGER"),
    ("hub_revision", "last", "INTEGER"),
];

#[test]
fn the_schema_has_only_allowed_columns_and_no_free_text() {
    let (path, log) = fixture_log("allowlist");
    drop(log);
    let conn = Connection::open(&path).unwrap();
    let allowed: BTreeSet<(String, String, String)> = ALLOWED_COLUMNS
        .iter()
        .map(|(t, c, ty)| ((*t).to_owned(), (*c).to_owned(), (*ty).to_owned()))
        .collect();
    assert_eq!(schema(&conn), allowed);
    // Strict tables: a type is enforced, not a hint.
    let lax: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict = 0 AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lax, Vec::<String>::new());
    // No view or trigger could add data of its own.
    let others: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type IN ('view', 'trigger')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(others, 0);
    // The text columns take codes only: SQLite itself refuses a URL, a sentence, a name.
    for bad in [
        "https://www.francetravail.fr/offres",
        "Jean Dupont",
        "CV_final.pdf",
    ] {
        assert!(
            conn.execute("INSERT INTO shortcut (code) VALUES (?1)", [bad])
                .is_err(),
            "{bad}"
        );
        assert!(
            conn.execute(
                "INSERT INTO station_event (at_quarter, kind, code) VALUES (0, 3, ?1)",
                [bad]
            )
            .is_err(),
            "{bad}"
        );
    }
}

#[test]
fn refused_ids_and_codes_leave_nothing_behind() {
    let dir = temp_dir("refused");
    let path = dir.join("usage.sqlite");
    let mut log = open(&path);
    let marker = "zq-marker-8c1f-https://example.org/Jean Dupont CV.pdf";
    let mut record = session(
        "2024-01-08T08:00:00Z",
        60,
        SessionKind::DropIn,
        EndReason::User,
        Language::Fr,
        &[("cv", 1)],
        0,
        None,
        None,
    );
    record.shortcuts.push((marker.to_owned(), 1));
    let error = log.record_session(&record).unwrap_err();
    assert!(matches!(error, UsageLogError::InvalidShortcutId));
    assert!(
        !error.to_string().contains("marker"),
        "the refused value is not repeated"
    );
    let error = log
        .record_event(
            StationEvent::OutOfService {
                cause: "zq-marker-cause",
            },
            utc("2024-01-08T08:00:00Z"),
        )
        .unwrap_err();
    assert!(matches!(error, UsageLogError::UnknownCause(_)));
    let error = log
        .record_event(
            StationEvent::ConfigChanged {
                setting: "Zq Marker",
            },
            utc("2024-01-08T08:00:00Z"),
        )
        .unwrap_err();
    assert!(matches!(error, UsageLogError::InvalidSetting));
    let report = log.report(&two_weeks(Period::Month)).unwrap();
    assert_eq!(
        report.total.sessions,
        V(0),
        "nothing of the refused session was written"
    );
    assert_eq!(report.total.shortcuts, vec![]);
    drop(log);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(9).any(|w| w == b"zq-marker"));
    }
}

#[test]
fn a_report_only_connection_reads_while_the_kiosk_writes_and_never_writes() {
    let (path, mut kiosk) = fixture_log("report_only");
    let reader = UsageLog::open_for_reports(&path, paris()).unwrap();
    let before = reader.report(&two_weeks(Period::Week)).unwrap();
    assert_eq!(before.total.sessions, V(12));
    // The kiosk goes on recording, with a shortcut id the reader has never seen.
    for _ in 0..3 {
        let mut record = fixture()[1].clone();
        record.shortcuts = vec![("caf".to_owned(), 1)];
        kiosk.record_session(&record).unwrap();
    }
    let after = reader.report(&two_weeks(Period::Week)).unwrap();
    assert_eq!(after.total.sessions, V(15));
    assert_eq!(after.total.shortcuts[0].id, "caf");
    assert_eq!(after.total.shortcuts[0].sessions, V(3));
    // It cannot write.
    let mut reader = reader;
    let error = reader.record_session(&fixture()[1]).unwrap_err();
    assert!(matches!(error, UsageLogError::Sql { .. }), "{error}");
    assert_eq!(
        kiosk
            .report(&two_weeks(Period::Week))
            .unwrap()
            .total
            .sessions,
        V(15)
    );

    // Nothing is created where there is no database.
    let missing = path.with_file_name("nothing-here.sqlite");
    let error = UsageLog::open_for_reports(&missing, paris()).unwrap_err();
    assert!(matches!(error, UsageLogError::NotFound { .. }), "{error}");
    assert!(!missing.exists());
    // An older version is left for the kiosk to upgrade.
    let old = path.with_file_name("old.sqlite");
    database_of_version(&old, 0);
    let error = UsageLog::open_for_reports(&old, paris()).unwrap_err();
    assert!(
        matches!(error, UsageLogError::OlderSchema { found: 0, .. }),
        "{error}"
    );
}

#[test]
fn a_fresh_database_gets_the_current_schema_and_keeps_its_data() {
    let dir = temp_dir("fresh");
    let path = dir.join("sub/dir/usage.sqlite");
    let mut log = open(&path);
    log.record_session(&fixture()[1]).unwrap();
    drop(log);
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!((version, mode.as_str()), (SCHEMA_VERSION, "wal"));
    drop(conn);
    let log = open(&path);
    let query = ReportQuery {
        min_cell: 0,
        ..two_weeks(Period::Month)
    };
    assert_eq!(log.report(&query).unwrap().total.sessions, V(1));
}

/// Version 1 of the schema, as Borne 0.1 wrote it. Kept here, frozen, so that the migration
/// from it is tested against the real old schema, not against the code's idea of it.
const SCHEMA_V1: &str = "
CREATE TABLE session (id INTEGER PRIMARY KEY, start_quarter INTEGER NOT NULL,
    duration_secs INTEGER NOT NULL CHECK (duration_secs >= 0),
    kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 1),
    end_reason INTEGER NOT NULL CHECK (end_reason BETWEEN 0 AND 5),
    language INTEGER NOT NULL CHECK (language BETWEEN 0 AND 1),
    extensions INTEGER NOT NULL CHECK (extensions >= 0),
    purpose INTEGER CHECK (purpose BETWEEN 0 AND 4),
    found INTEGER CHECK (found BETWEEN 0 AND 2)) STRICT;
CREATE INDEX session_by_start ON session (start_quarter);
CREATE TABLE shortcut (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE
    CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^a-z0-9-]*')) STRICT;
CREATE TABLE session_shortcut (
    session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    shortcut_id INTEGER NOT NULL REFERENCES shortcut (id),
    opens INTEGER NOT NULL CHECK (opens > 0),
    PRIMARY KEY (session_id, shortcut_id)) STRICT, WITHOUT ROWID;
CREATE TABLE tally (span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
    start_day INTEGER NOT NULL, dim INTEGER NOT NULL CHECK (dim BETWEEN 0 AND 8),
    code INTEGER NOT NULL CHECK (code BETWEEN 0 AND 1440), n INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (span, start_day, dim, code)) STRICT, WITHOUT ROWID;
CREATE TABLE shortcut_tally (span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
    start_day INTEGER NOT NULL, shortcut_id INTEGER NOT NULL REFERENCES shortcut (id),
    sessions INTEGER NOT NULL CHECK (sessions >= 0), opens INTEGER NOT NULL CHECK (opens >= 0),
    PRIMARY KEY (span, start_day, shortcut_id)) STRICT, WITHOUT ROWID;
CREATE TABLE station_event (id INTEGER PRIMARY KEY, at_quarter INTEGER NOT NULL,
    kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 5),
    code TEXT CHECK (code IS NULL OR
        (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9._-]*'))) STRICT;
CREATE INDEX station_event_by_time ON station_event (at_quarter);
CREATE TABLE retention (id INTEGER PRIMARY KEY CHECK (id = 1),
    folded_before_day INTEGER NOT NULL) STRICT;
PRAGMA user_version = 1;
";

/// A database of every earlier schema version, with data where the version has tables.
fn database_of_version(path: &Path, version: i64) {
    let conn = Connection::open(path).unwrap();
    match version {
        // Version 0: an empty SQLite file, as `sqlite3 usage.sqlite` leaves it.
        0 => conn
            .execute_batch("PRAGMA user_version = 0; VACUUM;")
            .unwrap(),
        1..=5 => {
            conn.execute_batch(SCHEMA_V1).unwrap();
            // One session on Monday 2024-01-08 at 9:00 local (day 19730), 30 minutes.
            conn.execute_batch(
                "INSERT INTO shortcut (id, code) VALUES (1, 'cv');
                 INSERT INTO session VALUES (1, 1894116, 1800, 0, 0, 0, 0, 0, 0);
                 INSERT INTO session_shortcut VALUES (1, 1, 2);
                 INSERT INTO tally VALUES (0, 19730, 0, 0, 1), (0, 19730, 1, 0, 1),
                     (0, 19730, 2, 0, 1), (0, 19730, 3, 0, 1), (0, 19730, 4, 0, 1),
                     (0, 19730, 5, 30, 1), (0, 19730, 6, 9, 1), (0, 19730, 7, 0, 1800);
                 INSERT INTO shortcut_tally VALUES (0, 19730, 1, 1, 2);",
            )
            .unwrap();
            if version >= 2 {
                // Version 2 adds the wipe reports.
                conn.execute_batch(
                    "CREATE TABLE wipe (id INTEGER PRIMARY KEY, at_quarter INTEGER NOT NULL,
                         files_removed INTEGER NOT NULL CHECK (files_removed >= 0),
                         bytes_removed INTEGER NOT NULL CHECK (bytes_removed >= 0),
                         duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
                         ok INTEGER NOT NULL CHECK (ok BETWEEN 0 AND 1)) STRICT;
                     CREATE INDEX wipe_by_time ON wipe (at_quarter);
                     INSERT INTO wipe VALUES (1, 1894116, 120, 5000000, 80, 1);
                     PRAGMA user_version = 2;",
                )
                .unwrap();
            }
            if version >= 3 {
                // Version 3 counts pages printed.
                conn.execute_batch(
                    "ALTER TABLE session ADD COLUMN pages INTEGER NOT NULL DEFAULT 0
                         CHECK (pages >= 0);
                     CREATE TABLE tally_v3 (span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
                         start_day INTEGER NOT NULL,
                         dim INTEGER NOT NULL CHECK (dim BETWEEN 0 AND 9),
                         code INTEGER NOT NULL CHECK (code BETWEEN 0 AND 1440),
                         n INTEGER NOT NULL CHECK (n >= 0),
                         PRIMARY KEY (span, start_day, dim, code)) STRICT, WITHOUT ROWID;
                     INSERT INTO tally_v3 SELECT * FROM tally;
                     DROP TABLE tally;
                     ALTER TABLE tally_v3 RENAME TO tally;
                     PRAGMA user_version = 3;",
                )
                .unwrap();
            }
            if version >= 4 {
                // Version 4 counts thématiques and keeps the network's outbox.
                conn.execute_batch(
                    "CREATE TABLE tally_v4 (span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
                         start_day INTEGER NOT NULL,
                         dim INTEGER NOT NULL CHECK (dim BETWEEN 0 AND 10),
                         code INTEGER NOT NULL CHECK (code BETWEEN 0 AND 1440),
                         n INTEGER NOT NULL CHECK (n >= 0),
                         PRIMARY KEY (span, start_day, dim, code)) STRICT, WITHOUT ROWID;
                     INSERT INTO tally_v4 SELECT * FROM tally;
                     DROP TABLE tally;
                     ALTER TABLE tally_v4 RENAME TO tally;
                     CREATE TABLE hub_outbox (span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
                         start_day INTEGER NOT NULL,
                         sent_hash BLOB NOT NULL CHECK (length(sent_hash) = 32),
                         PRIMARY KEY (span, start_day)) STRICT, WITHOUT ROWID;
                     CREATE TABLE hub_revision (id INTEGER PRIMARY KEY CHECK (id = 1),
                         last INTEGER NOT NULL) STRICT;
                     INSERT INTO tally VALUES (0, 19730, 10, 11, 1);
                     PRAGMA user_version = 4;",
                )
                .unwrap();
            }
            if version == 5 {
                // Version 5 cuts each thématique by kind and by La Coop's duration bucket.
                conn.execute_batch(
                    "CREATE TABLE tally_new (span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
                         start_day INTEGER NOT NULL,
                         dim INTEGER NOT NULL CHECK (dim BETWEEN 0 AND 12),
                         code INTEGER NOT NULL CHECK (code BETWEEN 0 AND 1440),
                         n INTEGER NOT NULL CHECK (n >= 0),
                         PRIMARY KEY (span, start_day, dim, code)) STRICT, WITHOUT ROWID;
                     INSERT INTO tally_new SELECT * FROM tally;
                     DROP TABLE tally;
                     ALTER TABLE tally_new RENAME TO tally;
                     INSERT INTO tally VALUES (0, 19730, 11, 22, 1);
                     INSERT INTO tally VALUES (0, 19730, 12, 45, 1);
                     PRAGMA user_version = 5;",
                )
                .unwrap();
            }
        }
        other => panic!("no fixture for schema version {other}: add one"),
    }
}

#[test]
fn every_earlier_schema_version_migrates_to_the_current_one() {
    for version in 0..=SCHEMA_VERSION {
        let dir = temp_dir(&format!("migrate_from_{version}"));
        let path = dir.join("usage.sqlite");
        database_of_version(&path, version);
        let (mut log, recovered) =
            UsageLog::open(&path, paris(), utc("2024-01-22T08:00:00Z")).unwrap();
        assert_eq!(recovered, vec![], "version {version}");
        let query = ReportQuery {
            min_cell: 0,
            ..two_weeks(Period::Month)
        };
        let expected = if version >= 1 { 1 } else { 0 };
        let report = log.report(&query).unwrap();
        assert_eq!(report.total.sessions, V(expected), "version {version}");
        if version >= 1 {
            assert_eq!(report.total.median_duration_secs, V(1800));
            assert_eq!(report.hour_of_week[0][9], V(1));
            assert_eq!(shortcuts(&report.total), [("cv", V(1), V(2))]);
        }
        // The migrated database takes new sessions.
        log.record_session(&fixture()[2]).unwrap();
        let report = log.report(&query).unwrap();
        assert_eq!(report.total.sessions, V(expected + 1), "version {version}");
        drop(log);
        let conn = Connection::open(&path).unwrap();
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(found, SCHEMA_VERSION);
        let allowed: BTreeSet<(String, String, String)> = ALLOWED_COLUMNS
            .iter()
            .map(|(t, c, ty)| ((*t).to_owned(), (*c).to_owned(), (*ty).to_owned()))
            .collect();
        assert_eq!(schema(&conn), allowed, "version {version}");
    }
}

#[test]
fn a_database_of_a_newer_borne_is_left_untouched() {
    let dir = temp_dir("newer");
    let path = dir.join("usage.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE future (x INTEGER); PRAGMA user_version = {};",
            SCHEMA_VERSION + 1
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let error = UsageLog::open(&path, paris(), utc("2024-01-22T08:00:00Z")).unwrap_err();
    assert!(
        matches!(error, UsageLogError::NewerSchema { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("newer"), "{error}");
    assert!(std::fs::read(&path).unwrap() == before, "the file changed");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("corrupt"))
        .collect();
    assert_eq!(names, Vec::<String>::new(), "not set aside");
}

fn set_aside_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_garbage_file_is_set_aside_and_a_fresh_log_records_the_reset() {
    let dir = temp_dir("garbage");
    let path = dir.join("usage.sqlite");
    let garbage: Vec<u8> = (0..8192_u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    let now = utc("2024-01-16T10:20:30Z");
    let (mut log, recovered) = UsageLog::open(&path, paris(), now).unwrap();
    let [Recovered::SetAside { moved_to, cause }] = recovered.as_slice() else {
        panic!("{recovered:?}");
    };
    assert_eq!(moved_to, &dir.join("usage.sqlite.corrupt-20240116T102030Z"));
    assert!(cause.contains("not a database"), "{cause}");
    assert!(
        std::fs::read(moved_to).unwrap() == garbage,
        "the bad file is kept as it was"
    );
    log.record_session(&fixture()[8]).unwrap();
    let report = log.report(&two_weeks(Period::Week)).unwrap();
    assert_eq!(report.total.sessions, S);
    assert_eq!(report.events.database_reset, 1);

    // A second bad file in the same second gets its own name.
    drop(log);
    std::fs::write(&path, &garbage).unwrap();
    std::fs::remove_file(dir.join("usage.sqlite-wal")).ok();
    std::fs::remove_file(dir.join("usage.sqlite-shm")).ok();
    let (_log, recovered) = UsageLog::open(&path, paris(), now).unwrap();
    assert_eq!(recovered.len(), 1);
    assert_eq!(
        set_aside_files(&dir),
        [
            "usage.sqlite.corrupt-20240116T102030Z",
            "usage.sqlite.corrupt-20240116T102030Z-2"
        ]
    );
}

#[test]
fn a_database_damaged_inside_is_set_aside_too() {
    let (path, log) = fixture_log("damaged");
    drop(log);
    // Checkpointed and closed: everything is in the main file. Overwrite every page but the
    // first (the header and the schema stay readable).
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 4096 * 3, "{} bytes", bytes.len());
    for (i, byte) in bytes.iter_mut().enumerate().skip(4096) {
        *byte = (i % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let (mut log, recovered) = UsageLog::open(&path, paris(), utc("2024-01-22T08:00:00Z")).unwrap();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    log.record_session(&fixture()[1]).unwrap();
    let report = log.report(&two_weeks(Period::Week)).unwrap();
    assert_eq!(report.total.sessions, S, "only the new session");
    assert_eq!(
        report.events.database_reset, 0,
        "the reset is dated the 22nd, after the range"
    );
    let query = ReportQuery::new(date("2024-01-22"), date("2024-01-22"), Period::Day);
    assert_eq!(log.report(&query).unwrap().events.database_reset, 1);
}

#[test]
fn a_directory_that_cannot_be_used_gives_a_clear_error() {
    let dir = temp_dir("not_a_dir");
    // Root ignores permissions: a "directory" that is a regular file stops everyone.
    let file = dir.join("plain-file");
    std::fs::write(&file, b"not a directory").unwrap();
    let path = file.join("usage.sqlite");
    let error = UsageLog::open(&path, paris(), utc("2024-01-22T08:00:00Z")).unwrap_err();
    assert!(
        matches!(error, UsageLogError::Directory { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("plain-file/usage.sqlite"), "{message}");
    assert!(message.contains("directory"), "{message}");
    assert!(!error.is_damaged());
    assert_eq!(std::fs::read(&file).unwrap(), b"not a directory");

    // A database path that is a directory.
    let path = dir.join("a-directory");
    std::fs::create_dir(&path).unwrap();
    let error = UsageLog::open(&path, paris(), utc("2024-01-22T08:00:00Z")).unwrap_err();
    assert!(matches!(error, UsageLogError::Open { .. }), "{error:?}");
    assert!(error.to_string().contains("cannot open"), "{error}");
}

#[test]
fn retention_folds_old_sessions_into_month_totals_that_reports_still_count() {
    let dir = temp_dir("retention");
    let path = dir.join("usage.sqlite");
    let mut log = open(&path);
    let base = session(
        "2023-11-06T09:00:00Z",
        1200,
        SessionKind::DropIn,
        EndReason::User,
        Language::Fr,
        &[("cv", 1)],
        0,
        Some(Purpose::Emploi),
        None,
    );
    let at = |start: &str| SessionRecord {
        started_at: utc(start),
        ..base.clone()
    };
    // November: 4 sessions; December: 3 before the 21st, 2 after; January: 3.
    let starts = [
        "2023-11-06T09:00:00Z",
        "2023-11-07T09:00:00Z",
        "2023-11-20T14:00:00Z",
        "2023-11-30T22:30:00Z", // 23:30 local, still November
        "2023-12-04T09:00:00Z",
        "2023-12-11T09:00:00Z",
        "2023-12-20T09:00:00Z",
        "2023-12-21T09:00:00Z",
        "2023-12-28T09:00:00Z",
        "2024-01-08T09:00:00Z",
        "2024-01-09T09:00:00Z",
        "2024-01-15T09:00:00Z",
    ];
    for start in starts {
        log.record_session(&at(start)).unwrap();
    }
    let months = ReportQuery::new(date("2023-11-01"), date("2024-01-31"), Period::Month);
    let before = log.report(&months).unwrap();

    // Keep 30 days before 2024-01-20: everything before 2023-12-21 goes.
    let now = utc("2024-01-20T12:00:00Z");
    assert_eq!(log.apply_retention(30, now).unwrap(), 7);
    assert_eq!(
        log.apply_retention(30, now).unwrap(),
        0,
        "nothing more the same day"
    );
    let conn = Connection::open(&path).unwrap();
    let raw: i64 = conn
        .query_row("SELECT count(*) FROM session", [], |r| r.get(0))
        .unwrap();
    let raw_shortcuts: i64 = conn
        .query_row("SELECT count(*) FROM session_shortcut", [], |r| r.get(0))
        .unwrap();
    let old_days: i64 = conn
        .query_row(
            "SELECT count(*) FROM tally WHERE span = 0 AND start_day < 19712",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((raw, raw_shortcuts, old_days), (5, 5, 0));

    // By month, the figures are the same as before; the folded months say so.
    let after = log.report(&months).unwrap();
    let strip = |report: &Report| {
        report
            .rows
            .iter()
            .map(|r| {
                (
                    r.sessions,
                    r.total_duration_secs,
                    r.median_duration_secs,
                    r.purposes.clone(),
                    r.shortcuts.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&after), strip(&before));
    assert_eq!(after.hour_of_week, before.hour_of_week);
    assert_eq!(
        after
            .rows
            .iter()
            .map(|r| r.month_totals)
            .collect::<Vec<_>>(),
        [true, true, false]
    );
    assert_eq!(after.month_totals_before, Some(date("2023-12-21")));
    assert_eq!(after.rows[0].sessions, V(4));
    assert_eq!(after.rows[1].sessions, V(5));
    assert_eq!(
        (after.rows[1].first_day, after.rows[1].last_day),
        (date("2023-12-01"), date("2023-12-31"))
    );

    // By week, the folded days come as month totals, then the weeks.
    let weeks = log
        .report(&ReportQuery::new(
            date("2023-11-01"),
            date("2024-01-21"),
            Period::Week,
        ))
        .unwrap();
    let spans: Vec<_> = weeks
        .rows
        .iter()
        .take(4)
        .map(|r| (r.first_day, r.last_day, r.month_totals, r.sessions))
        .collect();
    assert_eq!(
        spans,
        [
            (date("2023-11-01"), date("2023-11-30"), true, V(4)),
            (date("2023-12-01"), date("2023-12-20"), true, V(3)),
            (date("2023-12-21"), date("2023-12-24"), false, S),
            (date("2023-12-25"), date("2023-12-31"), false, S),
        ]
    );
    assert_eq!(weeks.total.sessions, V(12));
    let csv = render(&weeks, Format::Csv, Language::Fr);
    assert!(csv.contains("Avant le 2023-12-21, seuls les totaux par mois sont conservés"));
    assert!(csv.contains("\r\n2023-11 (mois);2023-11-01;2023-11-30;oui;4;"));

    // A session found late, older than the retention, goes straight to its month.
    log.record_session(&at("2023-11-15T09:00:00Z")).unwrap();
    let raw: i64 = conn
        .query_row("SELECT count(*) FROM session", [], |r| r.get(0))
        .unwrap();
    assert_eq!(raw, 5);
    assert_eq!(log.report(&months).unwrap().rows[0].sessions, V(5));
}

#[test]
fn stats_screen_draws_every_chart_with_names_for_screen_readers() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    let (_path, log) = fixture_log("screen");
    let report = log.report(&two_weeks(Period::Day)).unwrap();
    for (language, names) in [
        (
            Language::Fr,
            [
                "Sessions par jour",
                "Sessions par heure de début",
                "Durée des sessions",
                "Raccourcis ouverts (sessions)",
                "Vous venez pour...",
                "Avez-vous trouvé ce que vous cherchiez ?",
            ],
        ),
        (
            Language::En,
            [
                "Sessions per day",
                "Sessions by starting hour",
                "Session durations",
                "Shortcuts opened (sessions)",
                "You came for...",
                "Did you find what you were looking for?",
            ],
        ),
    ] {
        let report = report.clone();
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 4000.0))
            .build_ui(move |ui| borne::ui::stats_screen::stats_ui(ui, &report, language));
        // `run` also checks that every widget has a name.
        harness.run();
        for name in names {
            // The title, and the chart named after it.
            assert!(harness.query_by_label(name).is_some(), "{name}");
            assert!(
                harness
                    .query_by_label_contains(&format!("{name}. "))
                    .is_some(),
                "chart {name}"
            );
        }
        let summary = match language {
            Language::Fr => {
                "12 sessions, * % accompagnées, durée médiane 30 min, 8 h en tout, * pages imprimées."
            }
            Language::En => {
                "12 sessions, * % assisted, median length 30 min, 8 h in all, * pages printed."
            }
        };
        assert!(harness.query_by_label(summary).is_some(), "{summary}");
        let figures = match language {
            Language::Fr => {
                "Emploi : * · Démarches : < 3 · E-mails : < 3 · Formation : < 3 · Autre : < 3 · Sans réponse : *. Les nombres masqués ne sont pas dessinés."
            }
            Language::En => {
                "Job: * · Paperwork: < 3 · E-mail: < 3 · Training: < 3 · Other: < 3 · No answer: *. Hidden counts are not drawn."
            }
        };
        assert!(harness.query_by_label(figures).is_some(), "{figures}");
    }
}

/// Two years of a busy antenna: 300,000 sessions and 1,000,000 shortcut rows. Run by
/// `scripts/bench-stats`; prints the figures, asserts nothing about time.
#[test]
#[ignore = "a bench: run it with scripts/bench-stats"]
#[expect(clippy::print_stdout, reason = "a bench reports its figures")]
fn bench_two_busy_years() {
    use std::time::Instant;

    let dir = temp_dir("bench");
    let path = dir.join("usage.sqlite");
    let (mut log, _) = UsageLog::open(&path, Zone::Local, Utc::now()).unwrap();
    let shortcut_ids = [
        "france-travail",
        "cv",
        "mail-gmail",
        "mail-orange",
        "mail-laposte",
        "caf",
        "ameli",
        "impots",
        "ants",
        "la-poste",
        "pole-formation",
        "mon-compte-formation",
    ];
    let reasons = [
        EndReason::User,
        EndReason::TimeUp,
        EndReason::Idle,
        EndReason::Staff,
    ];
    // A fixed pseudo-random sequence: the same database on every run.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    let first = utc("2023-01-02T08:00:00Z");
    let sessions: u64 = 300_000;
    let started = Instant::now();
    let mut shortcut_rows = 0_u64;
    let make = |i: u64, next: &mut dyn FnMut(u64) -> u64| {
        // Spread over 730 days, opening hours 9 h to 19 h.
        let day = i * 730 / sessions;
        let minute = next(600);
        let started_at = first
            + chrono::Duration::days(i64::try_from(day).unwrap())
            + chrono::Duration::minutes(i64::try_from(minute).unwrap());
        // 1,000,000 shortcut rows: 4 for the first 100,000 sessions, 3 for the others.
        let count = if i < 100_000 { 4 } else { 3 };
        let offset = next(12);
        let shortcuts = (0..count)
            .map(|k| {
                (
                    shortcut_ids[usize::try_from((offset + k) % 12).unwrap()].to_owned(),
                    1 + u32::try_from(next(3)).unwrap(),
                )
            })
            .collect();
        SessionRecord {
            started_at,
            duration_secs: 60 + u32::try_from(next(7140)).unwrap(),
            kind: if next(5) == 0 {
                SessionKind::Assisted
            } else {
                SessionKind::DropIn
            },
            end_reason: reasons[usize::try_from(next(4)).unwrap()],
            language: if next(10) == 0 {
                Language::En
            } else {
                Language::Fr
            },
            shortcuts,
            extensions: u32::try_from(next(2)).unwrap(),
            pages_printed: 0,
            purpose: (next(3) > 0).then(|| Purpose::ALL[usize::try_from(next(5)).unwrap()]),
            found: (next(3) > 0).then(|| Found::ALL[usize::try_from(next(3)).unwrap()]),
        }
    };
    for i in 0..sessions {
        let record = make(i, &mut next);
        shortcut_rows += record.shortcuts.len() as u64;
        log.record_session(&record).unwrap();
    }
    println!(
        "filled {sessions} sessions, {shortcut_rows} shortcut rows in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let year = ReportQuery::new(date("2024-01-01"), date("2024-12-31"), Period::Day);
    for (name, query) in [
        ("by day", year),
        (
            "by week",
            ReportQuery {
                period: Period::Week,
                ..year
            },
        ),
        (
            "by month",
            ReportQuery {
                period: Period::Month,
                ..year
            },
        ),
    ] {
        let report = log.report(&query).unwrap();
        assert_eq!(
            report.rows.len(),
            match query.period {
                Period::Day => 366,
                Period::Week => 53,
                Period::Month => 12,
            }
        );
        let mut times: Vec<f64> = (0..21)
            .map(|_| {
                let t = Instant::now();
                let report = log.report(&query).unwrap();
                std::hint::black_box(&report);
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "report for one year {name}: median {:.2} ms, max {:.2} ms ({} sessions)",
            times[10],
            times[20],
            report.total.sessions.value().unwrap_or_default()
        );
    }
    let report = log.report(&year).unwrap();
    let t = Instant::now();
    let csv = render(&report, Format::Csv, Language::Fr);
    println!(
        "CSV export of the year by day: {:.2} ms, {} bytes",
        t.elapsed().as_secs_f64() * 1000.0,
        csv.len()
    );

    let mut times: Vec<f64> = (0..1000)
        .map(|i| {
            let mut record = make(sessions - 1000 + i, &mut next);
            record.started_at = Utc::now();
            let t = Instant::now();
            log.record_session(&record).unwrap();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "recording a session's end: median {:.3} ms, 99th percentile {:.3} ms, max {:.3} ms",
        times[500], times[990], times[999]
    );
    drop(log);
    let size = |name: &str| {
        std::fs::metadata(dir.join(name))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    println!(
        "database size: {:.1} MB (usage.sqlite {} bytes, -wal {} bytes)",
        (size("usage.sqlite") + size("usage.sqlite-wal")) as f64 / 1e6,
        size("usage.sqlite"),
        size("usage.sqlite-wal")
    );
    let t = Instant::now();
    let (log, _) = UsageLog::open(&path, Zone::Local, Utc::now()).unwrap();
    println!(
        "opening it (with the quick check): {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    drop(log);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_wipe_report_is_kept_as_counts_only() {
    let dir = std::env::temp_dir().join(format!("borne-wipe-report-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("usage.sqlite");
    let now = chrono::Utc::now();
    let (mut log, _) = UsageLog::open(&path, Zone::Local, now).unwrap();
    log.record_wipe(10_000, 200_000_000, 112, true, now)
        .unwrap();
    log.record_wipe(3, 4096, 9, false, now).unwrap();
    drop(log);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: Vec<(i64, i64, i64, i64)> = conn
        .prepare("SELECT files_removed, bytes_removed, duration_ms, ok FROM wipe ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows, vec![(10_000, 200_000_000, 112, 1), (3, 4096, 9, 0)]);
    std::fs::remove_dir_all(&dir).ok();
}
