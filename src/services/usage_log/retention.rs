//! Retention: raw rows and day tallies older than the configured number of days are folded
//! into month tallies, then deleted, in one transaction. Reports keep counting the months; what
//! is gone is the day, the hour within a day and the single session. Station events are not
//! about people and are kept.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::calendar;
use super::record::{self, SPAN_DAY, SPAN_MONTH, Tallies};
use super::{UsageLog, UsageLogError, sql};

impl UsageLog {
    /// Folds every session older than `keep_days` days before `now`'s local day into the month
    /// tallies, then deletes its raw rows and day tallies. Deleted rows are overwritten on disk
    /// (`secure_delete`) and the write-ahead log is emptied afterwards.
    ///
    /// Returns how many raw session rows were deleted. Running it twice the same day does
    /// nothing the second time.
    ///
    /// # Errors
    /// [`UsageLogError::Sql`] if SQLite fails; nothing is deleted then.
    pub fn apply_retention(
        &mut self,
        keep_days: u32,
        now: DateTime<Utc>,
    ) -> Result<usize, UsageLogError> {
        let cutoff = self.zone.day(now) - i64::from(keep_days);
        if self
            .folded_before_day
            .is_some_and(|before| cutoff <= before)
        {
            return Ok(0);
        }
        let tx = self
            .conn
            .transaction()
            .map_err(sql("starting the retention"))?;

        let mut months: BTreeMap<(i64, i64, i64), i64> = BTreeMap::new();
        {
            let mut select = tx
                .prepare(
                    "SELECT start_day, dim, code, n FROM tally WHERE span = ?1 AND start_day < ?2",
                )
                .map_err(sql("reading the day tallies to fold"))?;
            let rows = select
                .query_map(params![SPAN_DAY, cutoff], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })
                .map_err(sql("reading the day tallies to fold"))?;
            for row in rows {
                let (day, dim, code, n): (i64, i64, i64, i64) =
                    row.map_err(sql("reading the day tallies to fold"))?;
                *months
                    .entry((calendar::month_start(day), dim, code))
                    .or_default() += n;
            }
        }
        let mut shortcut_months: BTreeMap<(i64, i64), (i64, i64)> = BTreeMap::new();
        {
            let mut select = tx
                .prepare(
                    "SELECT start_day, shortcut_id, sessions, opens FROM shortcut_tally
                     WHERE span = ?1 AND start_day < ?2",
                )
                .map_err(sql("reading the shortcut tallies to fold"))?;
            let rows = select
                .query_map(params![SPAN_DAY, cutoff], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })
                .map_err(sql("reading the shortcut tallies to fold"))?;
            for row in rows {
                let (day, shortcut, sessions, opens): (i64, i64, i64, i64) =
                    row.map_err(sql("reading the shortcut tallies to fold"))?;
                let entry = shortcut_months
                    .entry((calendar::month_start(day), shortcut))
                    .or_default();
                entry.0 += sessions;
                entry.1 += opens;
            }
        }
        for ((month, dim, code), n) in &months {
            record::add_tallies(
                &tx,
                Tallies::ByCode,
                (SPAN_MONTH, *month),
                &[(*dim, *code, *n)],
            )?;
        }
        for ((month, shortcut), (sessions, opens)) in &shortcut_months {
            record::add_tallies(
                &tx,
                Tallies::Shortcuts,
                (SPAN_MONTH, *month),
                &[(*shortcut, *sessions, *opens)],
            )?;
        }
        tx.execute(
            "DELETE FROM tally WHERE span = ?1 AND start_day < ?2",
            params![SPAN_DAY, cutoff],
        )
        .map_err(sql("deleting folded day tallies"))?;
        tx.execute(
            "DELETE FROM shortcut_tally WHERE span = ?1 AND start_day < ?2",
            params![SPAN_DAY, cutoff],
        )
        .map_err(sql("deleting folded shortcut tallies"))?;
        let first_kept = record::first_quarter(cutoff);
        tx.execute(
            "DELETE FROM session_shortcut WHERE session_id IN
                 (SELECT id FROM session WHERE start_quarter < ?1)",
            [first_kept],
        )
        .map_err(sql("deleting old shortcut rows"))?;
        let deleted = tx
            .execute("DELETE FROM session WHERE start_quarter < ?1", [first_kept])
            .map_err(sql("deleting old sessions"))?;
        let folded = !months.is_empty() || deleted > 0;
        if folded {
            tx.execute(
                "INSERT INTO retention (id, folded_before_day) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE
                 SET folded_before_day = max(folded_before_day, excluded.folded_before_day)",
                [cutoff],
            )
            .map_err(sql("saving how far retention went"))?;
        }
        tx.commit().map_err(sql("saving the retention"))?;
        if folded {
            self.folded_before_day = Some(self.folded_before_day.map_or(cutoff, |b| b.max(cutoff)));
            // The old pages still sit in the write-ahead log until a checkpoint: empty it now.
            // A reader holding the log open makes this fail, harmlessly: the next automatic
            // checkpoint does the same.
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                .ok();
        }
        Ok(deleted)
    }
}
