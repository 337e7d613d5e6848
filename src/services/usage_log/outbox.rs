//! The network's outbox: the tallies of every closed day and month, as the hub receives them,
//! and the hash of what was last sent for each, so that only what changed is sent again (a
//! session interrupted by a power cut is counted at the next start, in a day already sent).
//!
//! What leaves the station is the tally table's rows of a period and its shortcuts' counts by
//! config id: never a session row, a time finer than the day, an address or a host name.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use strum::{EnumString, IntoStaticStr};

use super::record::{self, SPAN_DAY, SPAN_MONTH};
use super::{UsageLog, UsageLogError, calendar, sql};

/// How long a pushed period is: a day, or a calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, IntoStaticStr, EnumString)]
#[strum(serialize_all = "lowercase")]
pub enum Span {
    /// One local day.
    Day,
    /// One calendar month (its first day is the period's start).
    Month,
}

impl Span {
    /// The code in the hub's URLs: `day`, `month`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The span with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }

    /// The code in the tally tables (0 a day, 1 a month).
    pub fn index(self) -> i16 {
        match self {
            Self::Day => 0,
            Self::Month => 1,
        }
    }
}

/// The counts of one period, in a canonical order (sorted), so that equal counts hash equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// `[dim, code, n]`: the tally rows, as the station's `tally` table holds them.
    pub tallies: Vec<[i64; 3]>,
    /// `[id, sessions, opens]` by shortcut (or choice) id.
    pub shortcuts: Vec<(String, i64, i64)>,
}

impl Counts {
    /// The counts of `sums`, in their canonical order.
    pub fn from_sums((tallies, shortcuts): Sums) -> Self {
        Self {
            tallies: tallies
                .into_iter()
                .map(|((dim, code), n)| [dim, code, n])
                .collect(),
            shortcuts: shortcuts
                .into_iter()
                .map(|(id, (sessions, opens))| (id, sessions, opens))
                .collect(),
        }
    }

    /// SHA-256 of the counts' JSON: what the outbox compares.
    pub fn hash(&self) -> [u8; 32] {
        let json = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(&json).into()
    }
}

/// A period's sums being added up: `n` by `(dim, code)`, `(sessions, opens)` by shortcut id.
pub type Sums = (BTreeMap<(i64, i64), i64>, BTreeMap<String, (i64, i64)>);

/// The tallies of one closed period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodTallies {
    /// A day or a month.
    pub span: Span,
    /// Its first day (the 1st for a month).
    pub start: NaiveDate,
    /// What was counted.
    pub counts: Counts,
}

impl UsageLog {
    /// The closed days and months (before `now`'s local day and month) whose counts differ from
    /// what was last sent, oldest first by their first day (a month just before its first day's
    /// push).
    ///
    /// # Errors
    /// [`UsageLogError::Sql`] if SQLite fails.
    pub fn unsent_periods(&self, now: DateTime<Utc>) -> Result<Vec<PeriodTallies>, UsageLogError> {
        let today = self.zone.day(now);
        let this_month = calendar::month_start(today);
        let mut periods: BTreeMap<(i64, Span), Sums> = BTreeMap::new();
        // Both tables as (span, start, key, a, b): a tally's key is its dimension and code.
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT span, start_day, NULL, dim, code, n, 0 FROM tally
                 UNION ALL
                 SELECT t.span, t.start_day, s.code, NULL, NULL, t.sessions, t.opens
                 FROM shortcut_tally t JOIN shortcut s ON s.id = t.shortcut_id",
            )
            .map_err(sql("reading the tallies to send"))?;
        let mut rows = select
            .query([])
            .map_err(sql("reading the tallies to send"))?;
        while let Some(row) = rows.next().map_err(sql("reading the tallies to send"))? {
            let (span, start, shortcut, dim, code, a, b) =
                read_row(row).map_err(sql("reading the tallies to send"))?;
            // What leaves the station is coarser than what it keeps: see `for_the_network`.
            let outgoing = match &shortcut {
                None => record::for_the_network(dim, code),
                Some(_) => Some((dim, code)),
            };
            let Some((dim, code)) = outgoing else {
                continue;
            };
            for key in keys(span, start, today, this_month) {
                let sums = periods.entry(key).or_default();
                match &shortcut {
                    None => *sums.0.entry((dim, code)).or_default() += a,
                    Some(id) => {
                        let entry = sums.1.entry(id.clone()).or_default();
                        entry.0 += a;
                        entry.1 += b;
                    }
                }
            }
        }
        drop(rows);
        let sent = self.sent_hashes()?;
        let mut unsent = Vec::new();
        for ((start, span), mut sums) in periods {
            drop_partial_cuts(&mut sums.0);
            let counts = Counts::from_sums(sums);
            if sent.get(&(span, start)) == Some(&counts.hash()) {
                continue;
            }
            unsent.push(PeriodTallies {
                span,
                start: calendar::date(start),
                counts,
            });
        }
        Ok(unsent)
    }

    fn sent_hashes(&self) -> Result<HashMap<(Span, i64), [u8; 32]>, UsageLogError> {
        let mut select = self
            .conn
            .prepare_cached("SELECT span, start_day, sent_hash FROM hub_outbox")
            .map_err(sql("reading the outbox"))?;
        let rows = select
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get(1)?,
                    row.get::<_, Vec<u8>>(2)?,
                ))
            })
            .map_err(sql("reading the outbox"))?;
        let mut sent = HashMap::new();
        for row in rows {
            let (span, start, hash) = row.map_err(sql("reading the outbox"))?;
            let span = if span == SPAN_MONTH {
                Span::Month
            } else {
                Span::Day
            };
            if let Ok(hash) = <[u8; 32]>::try_from(hash) {
                sent.insert((span, start), hash);
            }
        }
        Ok(sent)
    }

    /// Notes that the hub stored `period` as it is now.
    ///
    /// # Errors
    /// [`UsageLogError::Sql`] if SQLite fails.
    pub fn mark_sent(&mut self, period: &PeriodTallies) -> Result<(), UsageLogError> {
        let span = if period.span == Span::Month {
            SPAN_MONTH
        } else {
            SPAN_DAY
        };
        self.conn
            .prepare_cached(
                "INSERT INTO hub_outbox (span, start_day, sent_hash) VALUES (?1, ?2, ?3)
                 ON CONFLICT (span, start_day) DO UPDATE SET sent_hash = excluded.sent_hash",
            )
            .and_then(|mut upsert| {
                upsert.execute(params![
                    span,
                    calendar::day(period.start),
                    period.counts.hash().to_vec()
                ])
            })
            .map_err(sql("noting a period as sent"))?;
        Ok(())
    }

    /// The next push's revision: above every revision this station sent before, and at least
    /// `now` in milliseconds, so that a reinstalled station still sends revisions the hub takes.
    ///
    /// # Errors
    /// [`UsageLogError::Sql`] if SQLite fails.
    pub fn next_revision(&mut self, now: DateTime<Utc>) -> Result<i64, UsageLogError> {
        self.conn
            .prepare_cached(
                "INSERT INTO hub_revision (id, last) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE SET last = max(last + 1, excluded.last)
                 RETURNING last",
            )
            .and_then(|mut upsert| upsert.query_row([now.timestamp_millis()], |row| row.get(0)))
            .map_err(sql("counting the hub's revisions"))
    }
}

/// Leaves out a cut of the thématiques (by kind, by duration bucket) that does not add up to
/// them: a period that holds sessions from before schema v5 has thématiques without their
/// cuts. The hub takes a period without a cut; it refuses one whose cut does not add up.
fn drop_partial_cuts(tallies: &mut BTreeMap<(i64, i64), i64>) {
    for cut in record::THEMATIQUE_CUTS {
        let count = |dim, code| tallies.get(&(dim, code)).copied().unwrap_or(0);
        if record::cut_mismatch(count, cut).is_some() {
            tallies.retain(|(dim, _), _| *dim != cut.0);
        }
    }
}

/// One row of the union in [`UsageLog::unsent_periods`].
type Row = (i64, i64, Option<String>, i64, i64, i64, i64);

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let int = |i| row.get::<_, Option<i64>>(i).map(Option::unwrap_or_default);
    Ok((
        int(0)?,
        int(1)?,
        row.get(2)?,
        int(3)?,
        int(4)?,
        int(5)?,
        int(6)?,
    ))
}

/// The closed periods a tally row of `span` starting on `start` counts in: its day (a day row
/// before today) and its month (a month before this one).
fn keys(span: i64, start: i64, today: i64, this_month: i64) -> Vec<(i64, Span)> {
    let mut keys = Vec::with_capacity(2);
    if span == SPAN_DAY && start < today {
        keys.push((start, Span::Day));
    }
    let month = calendar::month_start(start);
    if month < this_month {
        keys.push((month, Span::Month));
    }
    keys
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;
    use crate::domain::{EndReason, Language, Purpose, SessionKind, Thematique};
    use crate::services::usage_log::{SessionRecord, Zone};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn session(start: &str, shortcut: &str, purpose: Option<Purpose>) -> SessionRecord {
        SessionRecord {
            started_at: at(start),
            duration_secs: 1500,
            kind: SessionKind::DropIn,
            end_reason: EndReason::User,
            language: Language::Fr,
            shortcuts: vec![(shortcut.to_owned(), 2)],
            extensions: 0,
            pages_printed: 0,
            purpose,
            found: None,
        }
    }

    #[test]
    fn a_day_begun_before_the_thematique_cuts_is_sent_without_them() {
        let dir = tempfile::tempdir().unwrap();
        let zone = Zone::Fixed(FixedOffset::east_opt(3600).unwrap());
        let (mut usage, _) = UsageLog::open(
            &dir.path().join("usage.sqlite"),
            zone,
            at("2026-11-03T12:00:00Z"),
        )
        .unwrap();
        usage
            .record_session(&session(
                "2026-11-02T09:00:00Z",
                "cv",
                Some(Purpose::Emploi),
            ))
            .unwrap();
        // As a Borne before schema v5 counted it: the thématique, not its cuts.
        usage
            .conn
            .execute("DELETE FROM tally WHERE dim IN (11, 12)", [])
            .unwrap();
        usage
            .record_session(&session(
                "2026-11-02T10:00:00Z",
                "cv",
                Some(Purpose::Emploi),
            ))
            .unwrap();
        let unsent = usage.unsent_periods(at("2026-11-03T12:00:00Z")).unwrap();
        let day = unsent.iter().find(|p| p.span == Span::Day).unwrap();
        assert!(day.counts.tallies.contains(&[10, 11, 2]), "{day:?}");
        assert!(
            !day.counts
                .tallies
                .iter()
                .any(|row| row[0] == 11 || row[0] == 12),
            "a cut of one session out of two is not sent: {day:?}"
        );
        // A day wholly after the upgrade sends its cuts.
        usage
            .record_session(&session(
                "2026-11-03T09:00:00Z",
                "cv",
                Some(Purpose::Emploi),
            ))
            .unwrap();
        let unsent = usage.unsent_periods(at("2026-11-04T12:00:00Z")).unwrap();
        let third = unsent
            .iter()
            .find(|p| p.start.to_string() == "2026-11-03")
            .unwrap();
        assert!(third.counts.tallies.contains(&[11, 22, 1]), "{third:?}");
    }

    #[test]
    fn closed_periods_go_out_once_and_again_when_they_change() {
        let dir = tempfile::tempdir().unwrap();
        let zone = Zone::Fixed(FixedOffset::east_opt(3600).unwrap());
        let (mut usage, _) = UsageLog::open(
            &dir.path().join("u.sqlite"),
            zone,
            at("2026-11-01T00:00:00Z"),
        )
        .unwrap();
        let sante = Thematique::from_code("sante").unwrap();
        usage.set_thematiques([("ameli".to_owned(), sante)].into_iter().collect());
        usage
            .record_session(&session(
                "2026-10-30T10:00:00Z",
                "ameli",
                Some(Purpose::Emploi),
            ))
            .unwrap();
        usage
            .record_session(&session("2026-11-02T10:00:00Z", "cv", None))
            .unwrap();
        usage
            .record_session(&session("2026-11-03T10:00:00Z", "cv", None))
            .unwrap();

        // On 3 November (Paris): 30 October, October and 2 November are closed; 3 November
        // and November are not.
        let now = at("2026-11-03T12:00:00Z");
        let unsent = usage.unsent_periods(now).unwrap();
        let keys: Vec<(Span, String)> = unsent
            .iter()
            .map(|p| (p.span, p.start.to_string()))
            .collect();
        assert_eq!(
            keys,
            [
                (Span::Month, "2026-10-01".to_owned()),
                (Span::Day, "2026-10-30".to_owned()),
                (Span::Day, "2026-11-02".to_owned()),
            ]
        );
        let october = &unsent[1].counts;
        // One session, counted for santé (its shortcut) and insertion (its answer).
        assert!(
            october
                .tallies
                .contains(&[10, i64::try_from(sante.index()).unwrap(), 1])
        );
        assert!(october.tallies.contains(&[10, 11, 1]));
        // Each thématique again by kind (drop-in: code × 2) and by La Coop's bucket (code × 4).
        assert!(october.tallies.contains(&[11, 22, 1]));
        assert!(october.tallies.contains(&[12, 44, 1]));
        // Its 25 minutes leave the station as « under 30 », with no sum of seconds.
        assert!(october.tallies.contains(&[5, 0, 1]), "{october:?}");
        assert!(
            !october
                .tallies
                .iter()
                .any(|row| row[0] == 7 || row == &[5, 25, 1])
        );
        assert_eq!(october.shortcuts, [("ameli".to_owned(), 1, 2)]);
        assert_eq!(
            unsent[0].counts, *october,
            "the month of one day adds up to that day"
        );

        for period in &unsent {
            usage.mark_sent(period).unwrap();
        }
        assert!(usage.unsent_periods(now).unwrap().is_empty());
        // A session of 30 October found late (an interruption): that day and its month again.
        usage
            .record_session(&session("2026-10-30T15:00:00Z", "cv", None))
            .unwrap();
        let again: Vec<Span> = usage
            .unsent_periods(now)
            .unwrap()
            .iter()
            .map(|p| p.span)
            .collect();
        assert_eq!(again, [Span::Month, Span::Day]);

        let first = usage.next_revision(now).unwrap();
        assert_eq!(first, now.timestamp_millis());
        assert_eq!(usage.next_revision(now).unwrap(), first + 1);
        assert_eq!(
            usage.next_revision(at("2026-11-01T00:00:00Z")).unwrap(),
            first + 2
        );
    }
}
