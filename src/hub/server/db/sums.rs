//! The network's sums for a report: by antenna and period, from day and month pushes.

use chrono::NaiveDate;
use deadpool_postgres::Pool;

use super::{DbError, sql};
use crate::services::usage_log::Span;

/// Which stations a report counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only this antenna's stations.
    pub antenna: Option<i32>,
    /// Only this station.
    pub station: Option<i32>,
}

/// One summed tally row: `(antenna, span, start, dim, code, n)`.
pub type TallySum = (i32, Span, NaiveDate, i64, i64, i64);

/// One summed shortcut row: `(antenna, span, start, id, sessions, opens)`.
pub type ShortcutSum = (i32, Span, NaiveDate, String, i64, i64);

/// The tallies of the activated stations of `scope` from `from` to `to`, added up by antenna
/// and period. With `whole_months`, a station's month that lies whole in the range is read
/// from its month push when it sent one (a few rows instead of a month of days); otherwise,
/// and for every other day, from its day pushes.
///
/// # Errors
/// A [`DbError`].
pub async fn sums(
    pool: &Pool,
    scope: Scope,
    (from, to): (NaiveDate, NaiveDate),
    whole_months: bool,
) -> Result<(Vec<TallySum>, Vec<ShortcutSum>), DbError> {
    let client = pool.get().await?;
    // Each chosen station's months of the range, read by day unless (by whole months) the
    // station sent that month whole.
    let plan = "
        WITH chosen AS (
            SELECT id AS station_id, antenna_id FROM station
            WHERE activated_at IS NOT NULL
              AND ($1::integer IS NULL OR antenna_id = $1)
              AND ($2::integer IS NULL OR id = $2)
        ), by_day AS (
            SELECT c.station_id, greatest(g.m::date, $3) AS first,
                   least((g.m + interval '1 month' - interval '1 day')::date, $4) AS last
            FROM chosen c
            CROSS JOIN generate_series(date_trunc('month', $3::date), $4::date, interval '1 month') g(m)
            WHERE NOT ($5 AND g.m::date >= $3
                       AND (g.m + interval '1 month' - interval '1 day')::date <= $4
                       AND EXISTS (SELECT 1 FROM period p WHERE p.station_id = c.station_id
                                   AND p.span = 1 AND p.start_day = g.m::date))
        )";
    let whole =
        "$5 AND month >= $3 AND (month + interval '1 month' - interval '1 day')::date <= $4";
    // Whole months: the antenna's sums when every station of it counts, else the station's.
    let (months, shortcut_months) = if scope.station.is_none() {
        (
            format!(
                "SELECT antenna_id, 1::smallint, month, dim, code, n FROM antenna_month
                 WHERE {whole} AND ($1::integer IS NULL OR antenna_id = $1) AND n > 0"
            ),
            format!(
                "SELECT antenna_id, 1::smallint, month, shortcut, sessions, opens
                 FROM antenna_month_shortcut
                 WHERE {whole} AND ($1::integer IS NULL OR antenna_id = $1) AND sessions > 0"
            ),
        )
    } else {
        let station_months = "FROM (SELECT station_id, antenna_id, start_day AS month FROM period
                                    JOIN chosen USING (station_id) WHERE span = 1) m";
        (
            format!(
                "SELECT m.antenna_id, 1::smallint, m.month, t.dim, t.code, t.n {station_months}
                 JOIN tally t ON t.station_id = m.station_id AND t.span = 1
                             AND t.start_day = m.month
                 WHERE {whole}"
            ),
            format!(
                "SELECT m.antenna_id, 1::smallint, m.month, t.shortcut, t.sessions, t.opens
                 {station_months}
                 JOIN shortcut_tally t ON t.station_id = m.station_id AND t.span = 1
                                      AND t.start_day = m.month
                 WHERE {whole}"
            ),
        )
    };
    let tallies = format!(
        "{plan}
        {months}
        UNION ALL
        SELECT c.antenna_id, 0::smallint, t.start_day, t.dim, t.code, sum(t.n)::bigint
        FROM by_day d JOIN chosen c USING (station_id)
        CROSS JOIN LATERAL (
            SELECT start_day, dim, code, n FROM tally
            WHERE station_id = d.station_id AND span = 0 AND start_day BETWEEN d.first AND d.last
        ) t
        GROUP BY 1, 2, 3, 4, 5"
    );
    let shortcuts = format!(
        "{plan}
        {shortcut_months}
        UNION ALL
        SELECT c.antenna_id, 0::smallint, t.start_day, t.shortcut, sum(t.sessions)::bigint,
               sum(t.opens)::bigint
        FROM by_day d JOIN chosen c USING (station_id)
        CROSS JOIN LATERAL (
            SELECT start_day, shortcut, sessions, opens FROM shortcut_tally
            WHERE station_id = d.station_id AND span = 0 AND start_day BETWEEN d.first AND d.last
        ) t
        GROUP BY 1, 2, 3, 4"
    );
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 5] =
        [&scope.antenna, &scope.station, &from, &to, &whole_months];
    let span = |code: i16| if code == 1 { Span::Month } else { Span::Day };
    let rows = client
        .query(&tallies, &params)
        .await
        .map_err(sql("adding up the tallies"))?;
    let tallies = rows
        .iter()
        .map(|row| {
            let (dim, code): (i16, i16) = (row.get(3), row.get(4));
            (
                row.get(0),
                span(row.get(1)),
                row.get(2),
                i64::from(dim),
                i64::from(code),
                row.get(5),
            )
        })
        .collect();
    let rows = client
        .query(&shortcuts, &params)
        .await
        .map_err(sql("adding up the shortcut tallies"))?;
    let shortcuts = rows
        .iter()
        .map(|row| {
            (
                row.get(0),
                span(row.get(1)),
                row.get(2),
                row.get(3),
                row.get(4),
                row.get(5),
            )
        })
        .collect();
    Ok((tallies, shortcuts))
}
