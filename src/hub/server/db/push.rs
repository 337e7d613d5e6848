//! Storing a station's push: its period replaced whole, and its antenna's month sums kept.

use chrono::{Datelike as _, NaiveDate};
use deadpool_postgres::{GenericClient as _, Pool};

use super::{DbError, hash, sql};
use crate::hub::protocol::{ErrorCode, HubError, PushBody, PushOutcome};
use crate::services::usage_log::Span;

/// Adds a station's month push to its antenna's month sums, which the network's reports of
/// whole months read (a few rows per antenna and month instead of every station's).
const ADD_MONTH: [&str; 2] = [
    "INSERT INTO antenna_month (antenna_id, month, dim, code, n)
     SELECT s.antenna_id, t.start_day, t.dim, t.code, t.n
     FROM tally t JOIN station s ON s.id = t.station_id
     WHERE t.station_id = $1 AND t.span = 1 AND t.start_day = $2
     ON CONFLICT (antenna_id, month, dim, code) DO UPDATE SET n = antenna_month.n + excluded.n",
    "INSERT INTO antenna_month_shortcut (antenna_id, month, shortcut, sessions, opens)
     SELECT s.antenna_id, t.start_day, t.shortcut, t.sessions, t.opens
     FROM shortcut_tally t JOIN station s ON s.id = t.station_id
     WHERE t.station_id = $1 AND t.span = 1 AND t.start_day = $2
     ON CONFLICT (antenna_id, month, shortcut) DO UPDATE
     SET sessions = antenna_month_shortcut.sessions + excluded.sessions,
         opens = antenna_month_shortcut.opens + excluded.opens",
];

/// Takes a station's month push away from its antenna's month sums, before it is replaced.
const TAKE_MONTH: [&str; 2] = [
    "UPDATE antenna_month a SET n = a.n - t.n
     FROM tally t JOIN station s ON s.id = t.station_id
     WHERE t.station_id = $1 AND t.span = 1 AND t.start_day = $2
       AND a.antenna_id = s.antenna_id AND a.month = t.start_day
       AND a.dim = t.dim AND a.code = t.code",
    "UPDATE antenna_month_shortcut a
     SET sessions = a.sessions - t.sessions, opens = a.opens - t.opens
     FROM shortcut_tally t JOIN station s ON s.id = t.station_id
     WHERE t.station_id = $1 AND t.span = 1 AND t.start_day = $2
       AND a.antenna_id = s.antenna_id AND a.month = t.start_day AND a.shortcut = t.shortcut",
];

/// Replaces the counts of one station's period with a checked push, if it is newer than what
/// is stored and the token is that station's, activated.
///
/// # Errors
/// [`DbError::Refused`] for a bad token, another station's token, a station not activated, or
/// an older revision; [`DbError::Unavailable`] or [`DbError::Sql`] otherwise.
pub async fn store_push(
    pool: &Pool,
    token: &str,
    station: i64,
    (span, start): (Span, NaiveDate),
    body: &PushBody,
) -> Result<PushOutcome, DbError> {
    let refused = |code, message: &str| Err(DbError::Refused(HubError::new(code, message)));
    let mut client = pool.get().await?;
    let tx = client.transaction().await.map_err(sql("storing a push"))?;
    let owner = tx
        .query_opt(
            "SELECT id, activated_at IS NOT NULL, antenna_id FROM station WHERE token_hash = $1",
            &[&hash(token)],
        )
        .await
        .map_err(sql("checking the token"))?;
    let Some(owner) = owner else {
        return refused(
            ErrorCode::BadToken,
            "this token is not a station's of this hub",
        );
    };
    let (id, active, antenna): (i32, bool, i32) = (owner.get(0), owner.get(1), owner.get(2));
    if i64::from(id) != station {
        return refused(
            ErrorCode::OtherStation,
            "this token is another station's: a station sends only its own counts",
        );
    }
    if !active {
        return refused(
            ErrorCode::NotActivated,
            "this station is enrolled but not activated yet: an admin of the hub must activate it",
        );
    }
    let span_code = span.index();
    let digest = body.counts.hash().to_vec();
    let month = span == Span::Month;
    if month {
        // One month push of an antenna at a time: its sums are updated in one order.
        let day = start.num_days_from_ce();
        tx.execute("SELECT pg_advisory_xact_lock($1, $2)", &[&antenna, &day])
            .await
            .map_err(sql("waiting for the antenna's month"))?;
    }
    let stored = tx
        .query_opt(
            "SELECT revision, hash FROM period
             WHERE station_id = $1 AND span = $2 AND start_day = $3 FOR UPDATE",
            &[&id, &span_code, &start],
        )
        .await
        .map_err(sql("reading the period"))?;
    if let Some(stored) = stored {
        let (revision, hash): (i64, Vec<u8>) = (stored.get(0), stored.get(1));
        if revision == body.revision && hash == digest {
            return Ok(PushOutcome::Unchanged);
        }
        if revision >= body.revision {
            return refused(
                ErrorCode::Replay,
                &format!(
                    "revision {} is not newer than the stored {revision}: a replayed push is refused",
                    body.revision
                ),
            );
        }
        if month {
            move_month(&tx, id, start, TAKE_MONTH).await?;
        }
        tx.execute(
            "DELETE FROM period WHERE station_id = $1 AND span = $2 AND start_day = $3",
            &[&id, &span_code, &start],
        )
        .await
        .map_err(sql("replacing the period"))?;
    }
    tx.execute(
        "INSERT INTO period (station_id, span, start_day, revision, hash)
         VALUES ($1, $2, $3, $4, $5)",
        &[&id, &span_code, &start, &body.revision, &digest],
    )
    .await
    .map_err(sql("storing the period"))?;
    let column = |i: usize| -> Vec<i16> {
        body.counts
            .tallies
            .iter()
            .map(|row| i16::try_from(row[i]).unwrap_or(i16::MAX))
            .collect()
    };
    let counts: Vec<i64> = body.counts.tallies.iter().map(|row| row[2]).collect();
    tx.execute(
        "INSERT INTO tally (station_id, span, start_day, dim, code, n)
         SELECT $1, $2, $3, * FROM unnest($4::smallint[], $5::smallint[], $6::bigint[])",
        &[&id, &span_code, &start, &column(0), &column(1), &counts],
    )
    .await
    .map_err(sql("storing the tallies"))?;
    if !body.counts.shortcuts.is_empty() {
        let ids: Vec<&str> = body.counts.shortcuts.iter().map(|s| s.0.as_str()).collect();
        let sessions: Vec<i64> = body.counts.shortcuts.iter().map(|s| s.1).collect();
        let opens: Vec<i64> = body.counts.shortcuts.iter().map(|s| s.2).collect();
        tx.execute(
            "INSERT INTO shortcut_tally (station_id, span, start_day, shortcut, sessions, opens)
             SELECT $1, $2, $3, * FROM unnest($4::text[], $5::bigint[], $6::bigint[])",
            &[&id, &span_code, &start, &ids, &sessions, &opens],
        )
        .await
        .map_err(sql("storing the shortcut tallies"))?;
    }
    if month {
        move_month(&tx, id, start, ADD_MONTH).await?;
    }
    tx.commit().await.map_err(sql("storing a push"))?;
    Ok(PushOutcome::Stored)
}

async fn move_month(
    tx: &deadpool_postgres::Transaction<'_>,
    station: i32,
    month: NaiveDate,
    statements: [&str; 2],
) -> Result<(), DbError> {
    for statement in statements {
        tx.execute(statement, &[&station, &month])
            .await
            .map_err(sql("adding up the antenna's month"))?;
    }
    Ok(())
}
