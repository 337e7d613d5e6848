//! What stations and the hub say to each other, and the checks of a push, shared by both sides
//! so that a station never sends what the hub would refuse.
//!
//! - `POST /api/v1/enrol` with a one-time code: the hub answers the station's id and token.
//! - `PUT /api/v1/stations/{id}/periods/{day|month}/{YYYY-MM-DD}` with `Authorization: Bearer
//!   <token>` and a [`PushBody`]: the hub replaces that station's counts for that period.

use chrono::{Datelike as _, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::services::usage_log::{
    AT_MOST_ONCE, Counts, PARTITIONS, Span, THEMATIQUE_CUTS, THEMATIQUE_DIM, cut_mismatch,
    is_for_the_network, is_valid_shortcut_id, tally_codes,
};

/// The prefix of every API path.
pub const API: &str = "/api/v1";

/// The most tally rows a push may hold (a day holds about 30, a month a few hundred).
pub const MAX_TALLIES: usize = 5_000;

/// The most shortcut rows a push may hold.
pub const MAX_SHORTCUTS: usize = 500;

/// The most sessions a station may count in a day: a session lasts at least a moment, and a
/// station is one screen; a count above this is not a station's.
pub const MAX_SESSIONS_PER_DAY: i64 = 2_000;

/// The largest request body the hub reads, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The path of a push.
pub fn push_path(station_id: i64, span: Span, start: NaiveDate) -> String {
    format!(
        "{API}/stations/{station_id}/periods/{}/{start}",
        span.code()
    )
}

/// The body of a push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushBody {
    /// Above every revision the station sent before: an older push replayed is refused, the
    /// same one sent again changes nothing.
    pub revision: i64,
    /// The period's counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// What the hub did with a push.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushOutcome {
    /// The period's counts were replaced.
    Stored,
    /// The hub already had this very revision: nothing changed.
    Unchanged,
}

/// The body of an enrolment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The one-time code an admin of the hub gave.
    pub code: String,
}

/// The hub's answer to an enrolment: who the station is, and its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The station's id at the hub.
    pub station_id: i64,
    /// The token it sends with every push (the hub keeps only its hash).
    pub token: String,
}

/// Why the hub refused a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not a push (not JSON, a missing field, a wrong type) or the path is wrong.
    Malformed,
    /// The body is too big.
    TooLarge,
    /// The period has not ended yet.
    Future,
    /// A count is below zero.
    Negative,
    /// A tally row's dimension or code is unknown.
    Unknown,
    /// A thématique is not one of La Coop's.
    UnknownThematique,
    /// The counts do not add up (more answers than sessions...).
    Inconsistent,
    /// No token, or a token the hub does not know.
    BadToken,
    /// The token is another station's.
    OtherStation,
    /// The station is enrolled but an admin of the hub has not activated it yet.
    NotActivated,
    /// An older revision than the one stored: a replay.
    Replay,
    /// The enrolment code is unknown, used or expired.
    BadCode,
    /// The hub's database cannot be reached: try again later.
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status that goes with it.
    pub fn http_status(self) -> u16 {
        match self {
            Self::Malformed
            | Self::Future
            | Self::Negative
            | Self::Unknown
            | Self::UnknownThematique
            | Self::Inconsistent => 400,
            Self::TooLarge => 413,
            Self::BadToken | Self::BadCode => 401,
            Self::OtherStation | Self::NotActivated => 403,
            Self::Replay => 409,
            Self::Unavailable => 503,
        }
    }

    /// Whether trying the same request later may succeed (the station keeps it in its outbox
    /// and backs off); `false`: only a change at the station can.
    pub fn is_transient(self) -> bool {
        matches!(self, Self::Unavailable | Self::NotActivated | Self::Future)
    }
}

/// The body of every refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubError {
    /// What kind of refusal.
    pub error: ErrorCode,
    /// What is wrong and where, in words.
    pub message: String,
}

impl HubError {
    /// A refusal.
    pub fn new(error: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for HubError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({:?})", self.message, self.error)
    }
}

/// The last day of the period of `span` starting on `start`.
pub fn last_day(span: Span, start: NaiveDate) -> NaiveDate {
    match span {
        Span::Day => start,
        Span::Month => start
            .checked_add_months(Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(start),
    }
}

/// Checks a push of the period of `span` starting on `start`, on a hub whose date is `today`
/// (UTC: a period is taken once its last day has begun anywhere, since a station's day ends
/// before the hub's in the east).
///
/// # Errors
/// The first thing wrong, with where it is.
pub fn check_push(
    span: Span,
    start: NaiveDate,
    body: &PushBody,
    today: NaiveDate,
) -> Result<(), HubError> {
    use ErrorCode::*;
    if span == Span::Month && start.day() != 1 {
        return Err(HubError::new(
            Malformed,
            format!("a month starts on its first day, not on {start}"),
        ));
    }
    if last_day(span, start) > today {
        return Err(HubError::new(
            Future,
            format!(
                "the {} starting on {start} has not ended yet: only closed periods are taken",
                span.code()
            ),
        ));
    }
    if body.counts.tallies.len() > MAX_TALLIES || body.counts.shortcuts.len() > MAX_SHORTCUTS {
        return Err(HubError::new(
            TooLarge,
            format!(
                "at most {MAX_TALLIES} tallies and {MAX_SHORTCUTS} shortcuts, found {} and {}",
                body.counts.tallies.len(),
                body.counts.shortcuts.len()
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, [dim, code, n]) in body.counts.tallies.iter().copied().enumerate() {
        let Some((codes, what)) = tally_codes(dim) else {
            return Err(HubError::new(
                Unknown,
                format!("tallies[{i}]: unknown dimension {dim}"),
            ));
        };
        if !codes.contains(&code) {
            let error = if dim == THEMATIQUE_DIM {
                UnknownThematique
            } else {
                Unknown
            };
            return Err(HubError::new(
                error,
                format!(
                    "tallies[{i}]: {code} is not a {what} (from {} to {})",
                    codes.start,
                    codes.end - 1
                ),
            ));
        }
        if !is_for_the_network(dim, code) {
            return Err(HubError::new(
                Malformed,
                format!(
                    "tallies[{i}]: a station sends durations only as La Coop's buckets (minute \
                     0, 30, 60 or 120), never in finer minutes or seconds"
                ),
            ));
        }
        if n < 0 {
            return Err(HubError::new(
                Negative,
                format!("tallies[{i}]: the count {n} of {what} {code} is negative"),
            ));
        }
        if !seen.insert((dim, code)) {
            return Err(HubError::new(
                Malformed,
                format!("tallies[{i}]: {what} {code} is counted twice"),
            ));
        }
    }
    let mut ids = std::collections::HashSet::new();
    for (i, (id, sessions, opens)) in body.counts.shortcuts.iter().enumerate() {
        if !is_valid_shortcut_id(id) {
            return Err(HubError::new(
                Malformed,
                format!("shortcuts[{i}]: {id:?} is not a shortcut id ([a-z0-9-], 1 to 32)"),
            ));
        }
        if *sessions < 0 || *opens < 0 {
            return Err(HubError::new(
                Negative,
                format!("shortcuts[{i}]: a count of {id:?} is negative"),
            ));
        }
        if opens < sessions || !ids.insert(id.as_str()) {
            return Err(HubError::new(
                Inconsistent,
                format!(
                    "shortcuts[{i}]: {id:?} is counted twice or opened fewer times than sessions"
                ),
            ));
        }
    }
    let days = (last_day(span, start) - start).num_days() + 1;
    check_sums(&body.counts, days)
}

/// Every cut of the sessions adds up to the same number, no count of sessions is above it, and
/// no figure is beyond what `days` days of a station can count (so that the network's sums
/// never overflow).
fn check_sums(counts: &Counts, days: i64) -> Result<(), HubError> {
    let sum = |dim: i64| -> i64 {
        counts
            .tallies
            .iter()
            .filter(|row| row[0] == dim)
            .map(|row| row[2])
            .fold(0_i64, i64::saturating_add)
    };
    let sessions = sum(PARTITIONS[0]);
    let most = MAX_SESSIONS_PER_DAY * days;
    // Per session: a day of duration, 100 extensions, 1000 pages, 10,000 opens of a shortcut.
    let limits = [(7, 86_400), (8, 100), (9, 1_000)];
    let beyond = sessions > most
        || limits
            .iter()
            .any(|(dim, per)| sum(*dim) > sessions.saturating_mul(*per))
        || counts
            .shortcuts
            .iter()
            .any(|s| s.2 > s.1.saturating_mul(10_000));
    if beyond {
        return Err(HubError::new(
            ErrorCode::Inconsistent,
            format!(
                "the counts are beyond what a station counts in {days} day(s) (at most {most} \
                 sessions, a day of duration, 100 extensions and 1000 pages per session)"
            ),
        ));
    }
    for dim in PARTITIONS {
        if sum(dim) != sessions {
            return Err(HubError::new(
                ErrorCode::Inconsistent,
                format!(
                    "the {} add up to {}, the sessions to {sessions}",
                    tally_codes(dim).map_or("?", |(_, what)| what),
                    sum(dim)
                ),
            ));
        }
    }
    let too_many = counts
        .tallies
        .iter()
        .filter(|row| AT_MOST_ONCE.contains(&row[0]))
        .map(|row| row[2])
        .chain(counts.shortcuts.iter().map(|s| s.1))
        .any(|n| n > sessions);
    if too_many {
        return Err(HubError::new(
            ErrorCode::Inconsistent,
            format!("a count of sessions is above the period's {sessions} sessions"),
        ));
    }
    check_thematique_cuts(counts)
}

/// Each thématique's sessions, cut again by kind and by duration, add up to its count. A
/// station from before these cuts sends none of a cut's rows: that is taken.
fn check_thematique_cuts(counts: &Counts) -> Result<(), HubError> {
    let count = |dim: i64, code: i64| -> i64 {
        counts
            .tallies
            .iter()
            .filter(|row| row[0] == dim && row[1] == code)
            .map(|row| row[2])
            .fold(0_i64, i64::saturating_add)
    };
    let thematiques = tally_codes(THEMATIQUE_DIM).map_or(0, |(codes, _)| codes.end);
    for cut in THEMATIQUE_CUTS {
        if !counts.tallies.iter().any(|row| row[0] == cut.0) {
            continue;
        }
        if let Some((t, sum, whole)) = cut_mismatch(count, cut) {
            let what = tally_codes(cut.0).map_or("?", |(_, what)| what);
            return Err(HubError::new(
                ErrorCode::Inconsistent,
                format!(
                    "thématique {t}: its counts by {what} add up to {sum}, its sessions to {whole}"
                ),
            ));
        }
    }
    // By kind: no thématique has more sessions of a kind than the period.
    let (kind_cut, kinds) = THEMATIQUE_CUTS[0];
    for kind in 0..kinds {
        let most = count(PARTITIONS[0], kind);
        if (0..thematiques).any(|t| count(kind_cut, t * kinds + kind) > most) {
            return Err(HubError::new(
                ErrorCode::Inconsistent,
                format!("a thématique has more sessions of kind {kind} than the period's {most}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// Two sessions, both drop-in, in French, ended by the person, of under 30 and of 30 to 60
    /// minutes, at two hours of the week, the short one for `email` (thématique 5), with one
    /// extension.
    fn body() -> PushBody {
        PushBody {
            revision: 1,
            counts: Counts {
                tallies: vec![
                    [0, 0, 2],
                    [1, 0, 2],
                    [2, 0, 2],
                    [5, 0, 1],
                    [5, 30, 1],
                    [6, 9, 1],
                    [6, 10, 1],
                    [8, 0, 1],
                    [10, 5, 1],
                    [11, 10, 1],
                    [12, 20, 1],
                ],
                shortcuts: vec![("emails".into(), 1, 3)],
            },
        }
    }

    /// A change to a good push, and the refusal it must get.
    type Case = (fn(&mut PushBody), ErrorCode);

    fn refused(change: impl FnOnce(&mut PushBody)) -> ErrorCode {
        let mut body = body();
        change(&mut body);
        check_push(Span::Day, day("2026-11-30"), &body, day("2026-12-01"))
            .unwrap_err()
            .error
    }

    #[test]
    fn a_closed_consistent_period_passes() {
        check_push(Span::Day, day("2026-11-30"), &body(), day("2026-12-01")).unwrap();
        check_push(Span::Day, day("2026-12-01"), &body(), day("2026-12-01")).unwrap();
        check_push(Span::Month, day("2026-11-01"), &body(), day("2026-11-30")).unwrap();
    }

    #[test]
    fn a_thematique_cut_again_adds_up_to_its_sessions_or_is_absent() {
        let mut before_the_cuts = body();
        before_the_cuts.counts.tallies.truncate(9);
        check_push(
            Span::Day,
            day("2026-11-30"),
            &before_the_cuts,
            day("2026-12-01"),
        )
        .unwrap();
        use ErrorCode::*;
        let cases: [Case; 4] = [
            // Assisted, when the period had no assisted session.
            (|b| b.counts.tallies[9] = [11, 11, 1], Inconsistent),
            // Counted for another thématique than its sessions.
            (|b| b.counts.tallies[10] = [12, 24, 1], Inconsistent),
            (|b| b.counts.tallies[10] = [12, 20, 2], Inconsistent),
            (|b| b.counts.tallies[10] = [12, 76, 1], Unknown),
        ];
        for (i, (change, expected)) in cases.into_iter().enumerate() {
            assert_eq!(refused(change), expected, "case {i}");
        }
    }

    #[test]
    fn bad_pushes_are_refused_with_what_is_wrong() {
        let future = check_push(Span::Day, day("2026-12-02"), &body(), day("2026-12-01"));
        assert_eq!(future.unwrap_err().error, ErrorCode::Future);
        let month = check_push(Span::Month, day("2026-11-01"), &body(), day("2026-11-29"));
        assert_eq!(month.unwrap_err().error, ErrorCode::Future);
        let month = check_push(Span::Month, day("2026-11-02"), &body(), day("2026-12-29"));
        assert_eq!(month.unwrap_err().error, ErrorCode::Malformed);
        use ErrorCode::*;
        let cases: [Case; 10] = [
            (|b| b.counts.tallies[8] = [10, 19, 1], UnknownThematique),
            (|b| b.counts.tallies[8] = [13, 0, 1], Unknown),
            (|b| b.counts.tallies[7] = [8, 0, -5], Negative),
            (|b| b.counts.tallies[1] = [1, 0, 3], Inconsistent),
            (|b| b.counts.tallies[8] = [10, 5, 3], Inconsistent),
            (|b| b.counts.tallies.push([8, 0, 1]), Malformed),
            // A duration finer than La Coop's buckets, or in seconds.
            (|b| b.counts.tallies[3] = [5, 10, 1], Malformed),
            (|b| b.counts.tallies.push([7, 0, 600]), Malformed),
            (|b| b.counts.shortcuts[0].0 = "Jean".into(), Malformed),
            (|b| b.counts.shortcuts[0].2 = 0, Inconsistent),
        ];
        for (i, (change, expected)) in cases.into_iter().enumerate() {
            assert_eq!(refused(change), expected, "case {i}");
        }
        let message = check_push(
            Span::Day,
            day("2026-11-30"),
            &{
                let mut b = body();
                b.counts.tallies[8] = [10, 25, 1];
                b
            },
            day("2026-12-01"),
        )
        .unwrap_err()
        .message;
        assert_eq!(message, "tallies[8]: 25 is not a thématique (from 0 to 18)");
    }

    #[test]
    fn the_body_round_trips_through_json() {
        let text = serde_json::to_string(&body()).unwrap();
        assert!(
            text.starts_with("{\"revision\":1,\"tallies\":[[0,0,2]"),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<PushBody>(&text).unwrap(), body());
        assert_eq!(
            push_path(7, Span::Month, day("2026-11-01")),
            "/api/v1/stations/7/periods/month/2026-11-01"
        );
    }
}
