//! What the station records, and how: a finished session ([`SessionRecord`]) or an event of the
//! station ([`StationEvent`]), each written in one transaction.
//!
//! A session is written twice: as a raw row (kept for the retention period, so that a future
//! breakdown can be computed again) and as additions to the tallies of its day, which is what
//! reports read. Everything is coded before it reaches SQLite: enums become small integers,
//! shortcut ids are checked against the config's pattern, and the start time is rounded down
//! to the quarter hour here, so no caller can store it precisely.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use super::calendar::{self, QUARTERS_PER_DAY};
use super::report::COOP_DURATION_BUCKETS;
use super::{UsageLog, UsageLogError, sql};
use crate::domain::{EndReason, Language, SessionKind, Thematique};

/// One finished session, as the supervisor knows it when the session is cleared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    /// When it started. Rounded down to the quarter hour (local time) by
    /// [`UsageLog::record_session`]; never stored precisely.
    pub started_at: DateTime<Utc>,
    /// How long it lasted, in seconds.
    pub duration_secs: u32,
    /// Drop-in or assisted.
    pub kind: SessionKind,
    /// Why it ended.
    pub end_reason: EndReason,
    /// The language of the screens at the end of the session.
    pub language: Language,
    /// The shortcuts (and choices) opened, by config id (`[a-z0-9-]{1,32}`), with how many times
    /// each was opened. An id may appear twice (the counts add up); a count of 0 is ignored.
    pub shortcuts: Vec<(String, u32)>,
    /// How many times staff extended the session.
    pub extensions: u32,
    /// Pages the session printed.
    pub pages_printed: u32,
    /// The answer to "Vous venez pour...", if the question was asked and answered.
    pub purpose: Option<Purpose>,
    /// The answer to "Avez-vous trouvé ce que vous cherchiez ?", if asked and answered.
    pub found: Option<Found>,
}

pub use crate::domain::{Found, Purpose};

/// The causes an [`StationEvent::OutOfService`] may give: anything else is refused.
pub const OUT_OF_SERVICE_CAUSES: [&str; 7] = [
    // The session directory could not be made.
    "session-setup",
    // A session could not be cleared: processes survived or files remain.
    "clear-failed",
    // The browser policy is missing or does not match the config.
    "browser-policy",
    // The station's config file is missing or invalid.
    "config",
    // No browser is installed.
    "no-browser",
    // A volunteer or an admin put the station out of service.
    "staff",
    // Any other cause.
    "other",
];

/// Something that happened to the station, not to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StationEvent {
    /// The station stopped serving the public.
    OutOfService {
        /// One of [`OUT_OF_SERVICE_CAUSES`]; never free text.
        cause: &'static str,
    },
    /// The station serves the public again.
    BackInService,
    /// The wipe at the end of a session failed.
    WipeFailed,
    /// An admin changed a setting (what changed, never who or to what).
    ConfigChanged {
        /// The config key, e.g. `session.drop_in_minutes` (lower-case dotted key, at most 64
        /// characters).
        setting: &'static str,
    },
    /// The kiosk started after it had stopped without ending a session.
    StartAfterInterruption,
    /// The usage log was unreadable: it was set aside and a fresh one started.
    DatabaseReset,
}

impl StationEvent {
    /// The code of the kind of event stored in the database.
    pub(super) fn kind_index(self) -> i64 {
        match self {
            Self::OutOfService { .. } => 0,
            Self::BackInService => 1,
            Self::WipeFailed => 2,
            Self::ConfigChanged { .. } => 3,
            Self::StartAfterInterruption => 4,
            Self::DatabaseReset => 5,
        }
    }

    /// The checked code that goes with the event, if any.
    fn code(self) -> Result<Option<&'static str>, UsageLogError> {
        match self {
            Self::OutOfService { cause } => {
                if OUT_OF_SERVICE_CAUSES.contains(&cause) {
                    Ok(Some(cause))
                } else {
                    Err(UsageLogError::UnknownCause(cause))
                }
            }
            Self::ConfigChanged { setting } => {
                if is_setting_key(setting) {
                    Ok(Some(setting))
                } else {
                    Err(UsageLogError::InvalidSetting)
                }
            }
            Self::BackInService
            | Self::WipeFailed
            | Self::StartAfterInterruption
            | Self::DatabaseReset => Ok(None),
        }
    }
}

/// Whether `id` is a shortcut id as the config allows it: 1 to 32 of `a-z`, `0-9` and `-`.
/// Only such ids reach the database.
pub fn is_valid_shortcut_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A lower-case dotted config key: `station.language`, `session.drop_in_minutes`.
fn is_setting_key(key: &str) -> bool {
    key.len() <= 64
        && key.split('.').all(|part| {
            part.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// The dimensions of the tallies: `tally.dim`. Each counts sessions by `code`, except the two
/// sums, whose code is 0.
pub(super) mod dim {
    /// Kind: 0 drop-in, 1 assisted.
    pub const KIND: i64 = 0;
    /// End reason, by its index in [`super::END_REASONS`].
    pub const END_REASON: i64 = 1;
    /// Language, by its index in `Language::ALL`.
    pub const LANGUAGE: i64 = 2;
    /// Answer to the purpose question (unanswered sessions are not counted).
    pub const PURPOSE: i64 = 3;
    /// Answer to the found question (unanswered sessions are not counted).
    pub const FOUND: i64 = 4;
    /// Duration in whole minutes, at most [`super::MAX_MINUTE`].
    pub const DURATION_MINUTE: i64 = 5;
    /// Hour of the week of the start, 0 (Monday 0 h) to 167.
    pub const HOUR_OF_WEEK: i64 = 6;
    /// Sum of the durations in seconds.
    pub const DURATION_SECS: i64 = 7;
    /// Sum of the extensions.
    pub const EXTENSIONS: i64 = 8;
    /// Sum of the pages printed.
    pub const PAGES: i64 = 9;
    /// Sessions by La Coop's thématique: the code is its position in La Coop's list.
    pub const THEMATIQUE: i64 = 10;
    /// Sessions by thématique and kind: the code is `thématique × 2 + kind`.
    pub const THEMATIQUE_KIND: i64 = 11;
    /// Sessions by thématique and La Coop's duration bucket: the code is `thématique × 4 +
    /// bucket`, the bucket's position in `COOP_DURATION_BUCKETS`.
    pub const THEMATIQUE_DURATION: i64 = 12;
}

/// Sessions of a day or longer are counted in the last minute bucket.
pub(super) const MAX_MINUTE: i64 = 1440;

/// The codes a tally row of dimension `dim` may have, and what the dimension counts: `None`
/// for a dimension this Borne does not know. The network's hub checks every pushed row with it.
pub fn tally_codes(dim: i64) -> Option<(std::ops::Range<i64>, &'static str)> {
    Some(match dim {
        dim::KIND => (0..2, "session kind"),
        dim::END_REASON => (0..6, "end reason"),
        dim::LANGUAGE => (0..2, "language"),
        dim::PURPOSE => (0..5, "answer to \"Vous venez pour...\""),
        dim::FOUND => (0..3, "answer to \"Avez-vous trouvé...\""),
        dim::DURATION_MINUTE => (0..MAX_MINUTE + 1, "duration in minutes"),
        dim::HOUR_OF_WEEK => (0..168, "hour of the week"),
        dim::DURATION_SECS | dim::EXTENSIONS | dim::PAGES => (0..1, "sum"),
        dim::THEMATIQUE => (0..THEMATIQUES, "thématique"),
        dim::THEMATIQUE_KIND => (0..THEMATIQUES * KINDS, "thématique and session kind"),
        dim::THEMATIQUE_DURATION => (
            0..THEMATIQUES * COOP_BUCKETS,
            "thématique and duration bucket",
        ),
        _ => return None,
    })
}

/// How many thématiques there are, as a bound of tally codes.
#[expect(clippy::cast_possible_wrap, reason = "19 thématiques")]
pub(super) const THEMATIQUES: i64 = Thematique::COUNT as i64;

/// The dimensions each of whose rows counts every session exactly once: their counts add up to
/// the sessions of the period.
pub const PARTITIONS: [i64; 5] = [
    dim::KIND,
    dim::END_REASON,
    dim::LANGUAGE,
    dim::DURATION_MINUTE,
    dim::HOUR_OF_WEEK,
];

/// The dimensions whose counts are at most the sessions (a session counts once or not at all).
pub const AT_MOST_ONCE: [i64; 3] = [dim::PURPOSE, dim::FOUND, dim::THEMATIQUE];

/// The dimension of the thématiques.
pub const THEMATIQUE_DIM: i64 = dim::THEMATIQUE;

/// The dimensions that cut each thématique's sessions again, with how many parts each
/// thématique has in them: for a thématique, its parts add up to its count in
/// [`THEMATIQUE_DIM`].
pub const THEMATIQUE_CUTS: [(i64, i64); 2] = [
    (dim::THEMATIQUE_KIND, KINDS),
    (dim::THEMATIQUE_DURATION, COOP_BUCKETS),
];

/// Drop-in and assisted.
const KINDS: i64 = 2;

#[expect(clippy::cast_possible_wrap, reason = "4 buckets")]
const COOP_BUCKETS: i64 = COOP_DURATION_BUCKETS.len() as i64;

/// The thématique and the part that a row of a cut counts (its code is `thématique × parts +
/// part`); `None` for a row of another dimension.
pub(super) fn split_cut(dim: i64, code: i64) -> Option<(i64, i64)> {
    let (_, parts) = THEMATIQUE_CUTS.into_iter().find(|(cut, _)| *cut == dim)?;
    Some((code / parts, code % parts))
}

/// The first thématique whose cut `(dim, parts)` (one of [`THEMATIQUE_CUTS`]) does not add up
/// to its count, as `(thématique, the cut's sum, its count)`; `count(dim, code)` reads a tally.
pub fn cut_mismatch(
    count: impl Fn(i64, i64) -> i64,
    (cut, parts): (i64, i64),
) -> Option<(i64, i64, i64)> {
    (0..THEMATIQUES).find_map(|t| {
        let sum = (0..parts)
            .map(|part| count(cut, t * parts + part))
            .fold(0_i64, i64::saturating_add);
        let whole = count(dim::THEMATIQUE, t);
        (sum != whole).then_some((t, sum, whole))
    })
}

/// What a tally row becomes when it leaves the station for the network's hub: a duration only
/// as the first minute of its La Coop bucket, and no sum of seconds. A day with one session
/// would otherwise send that session's exact length. `None`: the row is not sent.
pub fn for_the_network(dim: i64, code: i64) -> Option<(i64, i64)> {
    match dim {
        dim::DURATION_MINUTE => {
            let bucket = usize::try_from(coop_bucket(code)).ok()?;
            let first = COOP_DURATION_BUCKETS.get(bucket)?.from_minutes;
            Some((dim, i64::from(first)))
        }
        dim::DURATION_SECS => None,
        _ => Some((dim, code)),
    }
}

/// Whether a tally row is as [`for_the_network`] sends it.
pub fn is_for_the_network(dim: i64, code: i64) -> bool {
    for_the_network(dim, code) == Some((dim, code))
}

/// The position of a duration of `minute` minutes in La Coop's buckets.
fn coop_bucket(minute: i64) -> i64 {
    let index = COOP_DURATION_BUCKETS
        .iter()
        .position(|bucket| bucket.contains(minute))
        .unwrap_or(COOP_DURATION_BUCKETS.len() - 1);
    code(index)
}

/// `tally.span`: a day, or a month (after retention folded the days).
pub(super) const SPAN_DAY: i64 = 0;
/// See [`SPAN_DAY`].
pub(super) const SPAN_MONTH: i64 = 1;

/// Every end reason, in the order of their codes.
pub(super) const END_REASONS: [EndReason; 6] = [
    EndReason::User,
    EndReason::TimeUp,
    EndReason::Idle,
    EndReason::Staff,
    EndReason::Shutdown,
    EndReason::Interruption,
];

pub(super) fn end_reason_index(reason: EndReason) -> usize {
    match reason {
        EndReason::User => 0,
        EndReason::TimeUp => 1,
        EndReason::Idle => 2,
        EndReason::Staff => 3,
        EndReason::Shutdown => 4,
        EndReason::Interruption => 5,
    }
}

pub(super) fn kind_index(kind: SessionKind) -> usize {
    match kind {
        SessionKind::DropIn => 0,
        SessionKind::Assisted => 1,
    }
}

pub(super) fn language_index(language: Language) -> usize {
    match language {
        Language::Fr => 0,
        Language::En => 1,
    }
}

fn code(index: usize) -> i64 {
    i64::try_from(index).unwrap_or(i64::MAX)
}

impl UsageLog {
    /// Records a finished session: one raw row, its shortcuts, and the tallies of its day (or
    /// of its month, when its day is older than what retention already folded).
    ///
    /// # Errors
    /// [`UsageLogError::InvalidShortcutId`] if a shortcut id is not a config id (nothing is
    /// written), [`UsageLogError::Sql`] if SQLite fails (disk full, database locked...).
    pub fn record_session(&mut self, session: &SessionRecord) -> Result<(), UsageLogError> {
        let mut shortcuts: BTreeMap<&str, u32> = BTreeMap::new();
        for (id, opens) in &session.shortcuts {
            if !is_valid_shortcut_id(id) {
                return Err(UsageLogError::InvalidShortcutId);
            }
            if *opens > 0 {
                let total = shortcuts.entry(id.as_str()).or_default();
                *total = total.saturating_add(*opens);
            }
        }
        let quarter = self.zone.quarter(session.started_at);
        let day = calendar::day_of_quarter(quarter);
        let folded = self.folded_before_day.is_some_and(|before| day < before);

        let tx = self
            .conn
            .transaction()
            .map_err(sql("starting to record a session"))?;
        let mut shortcut_ids = Vec::with_capacity(shortcuts.len());
        // Ids are cached only once the transaction is committed: a rolled-back insert must
        // not leave the cache pointing at a row that does not exist.
        let mut new_ids = Vec::new();
        for (id, opens) in &shortcuts {
            let rowid = match self.shortcut_ids.get(*id) {
                Some(rowid) => *rowid,
                None => {
                    let rowid = shortcut_rowid(&tx, id)?;
                    new_ids.push(((*id).to_owned(), rowid));
                    rowid
                }
            };
            shortcut_ids.push((rowid, i64::from(*opens)));
        }
        let (span, start_day) = if folded {
            (SPAN_MONTH, calendar::month_start(day))
        } else {
            tx.prepare_cached(
                "INSERT INTO session (start_quarter, duration_secs, kind, end_reason, language,
                     extensions, purpose, found, pages)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut insert| {
                insert.execute(params![
                    quarter,
                    session.duration_secs,
                    code(kind_index(session.kind)),
                    code(end_reason_index(session.end_reason)),
                    code(language_index(session.language)),
                    session.extensions,
                    session.purpose.map(|p| code(p.index())),
                    session.found.map(|f| code(f.index())),
                    session.pages_printed,
                ])
            })
            .map_err(sql("recording a session"))?;
            let session_id = tx.last_insert_rowid();
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO session_shortcut (session_id, shortcut_id, opens)
                     VALUES (?1, ?2, ?3)",
                )
                .map_err(sql("recording the shortcuts of a session"))?;
            for (shortcut_id, opens) in &shortcut_ids {
                insert
                    .execute(params![session_id, shortcut_id, opens])
                    .map_err(sql("recording the shortcuts of a session"))?;
            }
            (SPAN_DAY, day)
        };

        let minute = (i64::from(session.duration_secs) / 60).min(MAX_MINUTE);
        let mut counts = vec![
            (dim::KIND, code(kind_index(session.kind)), 1),
            (
                dim::END_REASON,
                code(end_reason_index(session.end_reason)),
                1,
            ),
            (dim::LANGUAGE, code(language_index(session.language)), 1),
            (dim::DURATION_MINUTE, minute, 1),
            (dim::HOUR_OF_WEEK, calendar::hour_of_week(quarter), 1),
            (dim::DURATION_SECS, 0, i64::from(session.duration_secs)),
        ];
        if session.extensions > 0 {
            counts.push((dim::EXTENSIONS, 0, i64::from(session.extensions)));
        }
        if session.pages_printed > 0 {
            counts.push((dim::PAGES, 0, i64::from(session.pages_printed)));
        }
        if let Some(purpose) = session.purpose {
            counts.push((dim::PURPOSE, code(purpose.index()), 1));
        }
        if let Some(found) = session.found {
            counts.push((dim::FOUND, code(found.index()), 1));
        }
        // A session counts once for each thématique it touched, by a shortcut or its answer.
        let thematiques: std::collections::BTreeSet<Thematique> = shortcuts
            .keys()
            .filter_map(|id| self.thematiques.get(*id).copied())
            .chain(session.purpose.and_then(Purpose::thematique))
            .collect();
        let kind = code(kind_index(session.kind));
        let bucket = coop_bucket(minute);
        for thematique in thematiques {
            let t = code(thematique.index());
            counts.push((dim::THEMATIQUE, t, 1));
            counts.push((dim::THEMATIQUE_KIND, t * KINDS + kind, 1));
            counts.push((dim::THEMATIQUE_DURATION, t * COOP_BUCKETS + bucket, 1));
        }
        add_tallies(&tx, Tallies::ByCode, (span, start_day), &counts)?;
        let shortcut_counts: Vec<_> = shortcut_ids
            .iter()
            .map(|(id, opens)| (*id, 1, *opens))
            .collect();
        add_tallies(&tx, Tallies::Shortcuts, (span, start_day), &shortcut_counts)?;
        tx.commit().map_err(sql("saving a session"))?;
        self.shortcut_ids.extend(new_ids);
        Ok(())
    }

    /// Records the outcome of one wipe: counts and time only, rounded to the quarter hour.
    ///
    /// # Errors
    /// [`UsageLogError::Sql`] if the row cannot be written.
    pub fn record_wipe(
        &mut self,
        files_removed: u64,
        bytes_removed: u64,
        duration_ms: u64,
        ok: bool,
        at: DateTime<Utc>,
    ) -> Result<(), UsageLogError> {
        let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        self.conn
            .prepare_cached(
                "INSERT INTO wipe (at_quarter, files_removed, bytes_removed, duration_ms, ok)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut insert| {
                insert.execute(params![
                    self.zone.quarter(at),
                    clamp(files_removed),
                    clamp(bytes_removed),
                    clamp(duration_ms),
                    i64::from(ok)
                ])
            })
            .map_err(sql("recording a wipe"))?;
        Ok(())
    }

    /// Records an event of the station at `at` (rounded down to the quarter hour).
    ///
    /// # Errors
    /// [`UsageLogError::UnknownCause`] or [`UsageLogError::InvalidSetting`] if the event's
    /// code is not allowed (nothing is written), [`UsageLogError::Sql`] if SQLite fails.
    pub fn record_event(
        &mut self,
        event: StationEvent,
        at: DateTime<Utc>,
    ) -> Result<(), UsageLogError> {
        let code = event.code()?;
        self.conn
            .prepare_cached(
                "INSERT INTO station_event (at_quarter, kind, code) VALUES (?1, ?2, ?3)",
            )
            .and_then(|mut insert| {
                insert.execute(params![self.zone.quarter(at), event.kind_index(), code])
            })
            .map_err(sql("recording a station event"))?;
        Ok(())
    }
}

/// The row id of a shortcut code, inserted the first time it is seen.
fn shortcut_rowid(tx: &Transaction<'_>, id: &str) -> Result<i64, UsageLogError> {
    tx.prepare_cached(
        "INSERT INTO shortcut (code) VALUES (?1)
             ON CONFLICT (code) DO UPDATE SET code = excluded.code
             RETURNING id",
    )
    .and_then(|mut upsert| upsert.query_row([id], |row| row.get(0)))
    .map_err(sql("recording a shortcut id"))
}

/// The tallies a row of three numbers adds to.
#[derive(Clone, Copy, Debug)]
pub(super) enum Tallies {
    /// `(dim, code, n)`: sessions by kind, end, language, answer, duration, hour...
    ByCode,
    /// `(shortcut row id, sessions, opens)`.
    Shortcuts,
}

/// Adds rows of `table` to the tallies of one day or month.
pub(super) fn add_tallies(
    tx: &Transaction<'_>,
    table: Tallies,
    (span, start_day): (i64, i64),
    rows: &[(i64, i64, i64)],
) -> Result<(), UsageLogError> {
    let (statement, doing) = match table {
        Tallies::ByCode => (
            "INSERT INTO tally (span, start_day, dim, code, n) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (span, start_day, dim, code) DO UPDATE SET n = n + excluded.n",
            "counting a session",
        ),
        Tallies::Shortcuts => (
            "INSERT INTO shortcut_tally (span, start_day, shortcut_id, sessions, opens)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (span, start_day, shortcut_id) DO UPDATE
             SET sessions = sessions + excluded.sessions, opens = opens + excluded.opens",
            "counting the shortcuts of a session",
        ),
    };
    let mut upsert = tx.prepare_cached(statement).map_err(sql(doing))?;
    for (a, b, c) in rows {
        upsert
            .execute(params![span, start_day, a, b, c])
            .map_err(sql(doing))?;
    }
    Ok(())
}

/// The first quarter hour of a day.
pub(super) fn first_quarter(day: i64) -> i64 {
    day * QUARTERS_PER_DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcut_ids_follow_the_config_pattern() {
        for good in [
            "france-travail",
            "cv",
            "a",
            "0123456789abcdefghijklmnopqrstuv",
        ] {
            assert!(is_valid_shortcut_id(good), "{good}");
        }
        for bad in [
            "",
            "https://www.francetravail.fr",
            "Mes e-mails",
            "UPPER",
            "0123456789abcdefghijklmnopqrstuvw",
            "é",
            "a_b",
            "a.b",
        ] {
            assert!(!is_valid_shortcut_id(bad), "{bad}");
        }
    }

    #[test]
    fn setting_keys_are_dotted_lower_case_words() {
        assert!(is_setting_key("session.drop_in_minutes"));
        assert!(is_setting_key("shortcut"));
        for bad in ["", "Session", "a..b", ".a", "a b", "a=b", "x/y", "1abc"] {
            assert!(!is_setting_key(bad), "{bad}");
        }
    }

    #[test]
    fn codes_match_the_orders() {
        for (i, reason) in END_REASONS.into_iter().enumerate() {
            assert_eq!(end_reason_index(reason), i);
        }
        for (i, language) in Language::ALL.into_iter().enumerate() {
            assert_eq!(language_index(language), i);
        }
        for (i, purpose) in Purpose::ALL.into_iter().enumerate() {
            assert_eq!(purpose.index(), i);
        }
        for (i, found) in Found::ALL.into_iter().enumerate() {
            assert_eq!(found.index(), i);
        }
    }

    #[test]
    fn only_known_causes_are_accepted() {
        for cause in OUT_OF_SERVICE_CAUSES {
            assert_eq!(
                StationEvent::OutOfService { cause }.code().unwrap(),
                Some(cause)
            );
        }
        assert!(matches!(
            StationEvent::OutOfService {
                cause: "disk full on /home/jean"
            }
            .code(),
            Err(UsageLogError::UnknownCause(_))
        ));
    }
}
