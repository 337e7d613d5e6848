//! Reports: the tallies of a date range counted by day, week or month, with small counts
//! hidden.
//!
//! Reports read only the tallies (a few rows per day), never the raw sessions, so a year of a
//! busy antenna is counted in milliseconds. Days older than the retention only exist as month
//! tallies: such months appear as one row each ("month totals"), counted whole even when the
//! range starts or ends inside them.
//!
//! Small counts could point at one person in a small antenna: every count `n` with
//! `0 < n < min_cell` is replaced by [`Cell::Suppressed`] before it leaves this module, and so
//! is every figure computed from it (a share, a median, a total duration). Then one more part
//! of every sum that would give a hidden count by subtraction is hidden too (`complement`).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::params;
use strum::{EnumString, IntoStaticStr};

use super::calendar;
use super::record::{self, Found, Purpose, SPAN_DAY, SPAN_MONTH, dim};
use super::{UsageLog, UsageLogError, sql};
use crate::domain::{EndReason, Language, Thematique};

mod complement;
mod network;
mod tally;

pub use network::TallyReport;

use tally::*;

/// How the rows of a report are cut.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, IntoStaticStr, EnumString)]
#[strum(serialize_all = "lowercase")]
pub enum Period {
    /// One row per day.
    Day,
    /// One row per week, Monday to Sunday (the first and last are cut to the range).
    Week,
    /// One row per calendar month.
    #[default]
    Month,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Self; 3] = [Self::Day, Self::Week, Self::Month];

    /// The code used on the command line and in JSON: `day`, `week`, `month`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The period with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

/// What to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportQuery {
    /// First day (local date), included.
    pub from: NaiveDate,
    /// Last day (local date), included.
    pub to: NaiveDate,
    /// How rows are cut.
    pub period: Period,
    /// Counts from 1 to `min_cell - 1` are hidden; 0 or 1 hides nothing.
    pub min_cell: u32,
}

impl ReportQuery {
    /// The default threshold under which counts are hidden.
    pub const DEFAULT_MIN_CELL: u32 = 3;

    /// A query with the default threshold.
    pub fn new(from: NaiveDate, to: NaiveDate, period: Period) -> Self {
        Self {
            from,
            to,
            period,
            min_cell: Self::DEFAULT_MIN_CELL,
        }
    }
}

/// One figure of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cell {
    /// The figure.
    Value(u64),
    /// Hidden: a count under the threshold, or a figure computed from one.
    Suppressed,
    /// Nothing to show: the median or the share of no session.
    Undefined,
    /// Hidden although not small: shown, it would give a hidden count by subtraction (a total
    /// minus its other parts).
    Withheld,
}

impl Cell {
    /// The figure, if it is shown.
    pub fn value(self) -> Option<u64> {
        match self {
            Self::Value(value) => Some(value),
            Self::Suppressed | Self::Undefined | Self::Withheld => None,
        }
    }
}

/// A range of session durations for the histogram: `from_minutes` included, `to_minutes`
/// excluded (`None`: no upper bound).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DurationBucket {
    /// Lower bound in minutes, included.
    pub from_minutes: u32,
    /// Upper bound in minutes, excluded; `None` for the last bucket.
    pub to_minutes: Option<u32>,
}

impl DurationBucket {
    const fn new(from_minutes: u32, to_minutes: Option<u32>) -> Self {
        Self {
            from_minutes,
            to_minutes,
        }
    }

    pub(super) fn contains(self, minute: i64) -> bool {
        minute >= i64::from(self.from_minutes)
            && self.to_minutes.is_none_or(|to| minute < i64::from(to))
    }
}

/// The buckets of the duration histogram.
pub const DURATION_BUCKETS: [DurationBucket; 8] = [
    DurationBucket::new(0, Some(5)),
    DurationBucket::new(5, Some(15)),
    DurationBucket::new(15, Some(30)),
    DurationBucket::new(30, Some(45)),
    DurationBucket::new(45, Some(60)),
    DurationBucket::new(60, Some(90)),
    DurationBucket::new(90, Some(120)),
    DurationBucket::new(120, None),
];

/// La Coop de la médiation numérique's duration buckets: under 30 minutes, 30 to 60 minutes,
/// 1 to 2 hours, 2 hours and more. The network's reports count durations in these only: a
/// second, finer cut of the same sessions would let a hidden count be found by subtraction.
pub const COOP_DURATION_BUCKETS: [DurationBucket; 4] = [
    DurationBucket::new(0, Some(30)),
    DurationBucket::new(30, Some(60)),
    DurationBucket::new(60, Some(120)),
    DurationBucket::new(120, None),
];

/// How one shortcut was used in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortcutUse {
    /// The shortcut's config id.
    pub id: String,
    /// Sessions that opened it at least once.
    pub sessions: Cell,
    /// How many times it was opened (hidden with `sessions`).
    pub opens: Cell,
}

/// The figures of one period (or of the whole range: [`Report::total`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodRow {
    /// First day counted.
    pub first_day: NaiveDate,
    /// Last day counted.
    pub last_day: NaiveDate,
    /// The row holds month totals of days older than the retention: it counts whole months.
    pub month_totals: bool,
    /// Sessions.
    pub sessions: Cell,
    /// Drop-in sessions (« En autonomie » in the national vocabulary).
    pub drop_in: Cell,
    /// Assisted sessions (« Accompagnement individuel »).
    pub assisted: Cell,
    /// Share of assisted sessions, in whole percent (rounded half up).
    pub assisted_percent: Cell,
    /// Sum of the durations, in seconds.
    pub total_duration_secs: Cell,
    /// Median duration (the lower one for an even count), rounded down to the minute, in
    /// seconds.
    pub median_duration_secs: Cell,
    /// Extensions given by staff.
    pub extensions: Cell,
    /// Pages printed (hidden with the sessions, like the durations).
    pub pages_printed: Cell,
    /// Sessions by end reason, in a fixed order.
    pub end_reasons: Vec<(EndReason, Cell)>,
    /// Sessions by language at their end.
    pub languages: Vec<(Language, Cell)>,
    /// Sessions by answer to "Vous venez pour..."; `None` counts the sessions without an
    /// answer (question off or skipped).
    pub purposes: Vec<(Option<Purpose>, Cell)>,
    /// Sessions by answer to "Avez-vous trouvé...?"; `None` as for `purposes`.
    pub found: Vec<(Option<Found>, Cell)>,
    /// Sessions by thématique (a session counts once for each it touched, so these do not add
    /// up to the sessions); empty in a station's own reports.
    pub thematiques: Vec<(Thematique, Cell)>,
    /// Sessions by duration, one cell per bucket ([`DURATION_BUCKETS`] at a station,
    /// [`COOP_DURATION_BUCKETS`] in the network's reports).
    pub durations: Vec<(DurationBucket, Cell)>,
    /// Every shortcut used anywhere in the report, by id, in the same order in every row.
    pub shortcuts: Vec<ShortcutUse>,
}

/// How many times each station event happened in the range. Not about people: never hidden.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventCounts {
    /// The station went out of service.
    pub out_of_service: u64,
    /// The station came back in service.
    pub back_in_service: u64,
    /// A wipe failed.
    pub wipe_failed: u64,
    /// A setting was changed.
    pub config_changed: u64,
    /// The kiosk started after an interruption.
    pub start_after_interruption: u64,
    /// The usage log was unreadable and started afresh.
    pub database_reset: u64,
}

/// The usage of the station over a date range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// What was asked.
    pub query: ReportQuery,
    /// One row per period, oldest first; months older than the retention come as month totals.
    pub rows: Vec<PeriodRow>,
    /// The whole range.
    pub total: PeriodRow,
    /// Sessions by hour of the start, `[weekday][hour]`, Monday first, local time.
    pub hour_of_week: [[Cell; 24]; 7],
    /// How many cells (rows, total and hour-of-week table) were hidden.
    pub suppressed_cells: usize,
    /// Set when the range reaches back before this day: older days are kept only as month
    /// totals.
    pub month_totals_before: Option<NaiveDate>,
    /// Station events in the range.
    pub events: EventCounts,
    /// Set when the report counts only the sessions of this thématique (the network's report
    /// by purpose): then only their kinds and durations are known.
    pub thematique: Option<Thematique>,
}

impl UsageLog {
    /// Counts the sessions of `query.from` to `query.to` (local dates, both included).
    ///
    /// # Errors
    /// [`UsageLogError::InvalidRange`] if `from` is after `to`, [`UsageLogError::Sql`] if
    /// SQLite fails.
    pub fn report(&self, query: &ReportQuery) -> Result<Report, UsageLogError> {
        if query.from > query.to {
            return Err(UsageLogError::InvalidRange {
                from: query.from,
                to: query.to,
            });
        }
        let from = calendar::day(query.from);
        let to = calendar::day(query.to);
        let folded_before = self.folded_before_day;
        let mut layout = Layout::new(from, to, query.period, folded_before);
        let mut hours = [0_u64; 168];

        let mut select = self
            .conn
            .prepare_cached(
                "SELECT span, start_day, dim, code, n FROM tally
                 WHERE span = ?1 AND start_day BETWEEN ?3 AND ?4
                 UNION ALL
                 SELECT span, start_day, dim, code, n FROM tally
                 WHERE span = ?2 AND start_day BETWEEN ?5 AND ?4",
            )
            .map_err(sql("reading the tallies"))?;
        let mut rows = select
            .query(params![
                SPAN_DAY,
                SPAN_MONTH,
                from,
                to,
                calendar::month_start(from)
            ])
            .map_err(sql("reading the tallies"))?;
        let mut current: Option<((i64, i64), Option<usize>)> = None;
        while let Some(row) = rows.next().map_err(sql("reading the tallies"))? {
            let (span, start_day, dim, code, n): (i64, i64, i64, i64, i64) = (
                row.get(0).map_err(sql("reading the tallies"))?,
                row.get(1).map_err(sql("reading the tallies"))?,
                row.get(2).map_err(sql("reading the tallies"))?,
                row.get(3).map_err(sql("reading the tallies"))?,
                row.get(4).map_err(sql("reading the tallies"))?,
            );
            let n = u64::try_from(n).unwrap_or(0);
            // Rows come grouped by day: find the slot once per day.
            let slot = match current {
                Some((key, slot)) if key == (span, start_day) => slot,
                _ => {
                    let slot = layout.slot(span, start_day);
                    current = Some(((span, start_day), slot));
                    slot
                }
            };
            if dim == dim::HOUR_OF_WEEK {
                if let Some(hour) = usize::try_from(code).ok().and_then(|c| hours.get_mut(c)) {
                    *hour += n;
                }
            } else if let Some(slot) = slot.and_then(|i| layout.slots.get_mut(i)) {
                slot.tally.add(dim, code, n);
            }
        }
        drop(rows);

        let mut select = self
            .conn
            .prepare_cached(
                "SELECT span, start_day, shortcut_id, sessions, opens FROM shortcut_tally
                 WHERE span = ?1 AND start_day BETWEEN ?3 AND ?4
                 UNION ALL
                 SELECT span, start_day, shortcut_id, sessions, opens FROM shortcut_tally
                 WHERE span = ?2 AND start_day BETWEEN ?5 AND ?4",
            )
            .map_err(sql("reading the shortcut tallies"))?;
        let shortcut_rows = select
            .query_map(
                params![SPAN_DAY, SPAN_MONTH, from, to, calendar::month_start(from)],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, i64>(3)?,
                        row.get::<_, i64>(4)?,
                    ))
                },
            )
            .map_err(sql("reading the shortcut tallies"))?;
        let mut used = BTreeSet::new();
        for row in shortcut_rows {
            let (span, start_day, shortcut, sessions, opens) =
                row.map_err(sql("reading the shortcut tallies"))?;
            used.insert(shortcut);
            if let Some(slot) = layout
                .slot(span, start_day)
                .and_then(|i| layout.slots.get_mut(i))
            {
                let entry = slot.tally.shortcuts.entry(shortcut).or_default();
                entry.0 += u64::try_from(sessions).unwrap_or(0);
                entry.1 += u64::try_from(opens).unwrap_or(0);
            }
        }
        // Read from the database, not from the cache: a report-only connection does not see
        // the ids the kiosk adds after it opened.
        let codes: HashMap<i64, String> = self
            .conn
            .prepare_cached("SELECT id, code FROM shortcut")
            .and_then(|mut select| {
                select
                    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect()
            })
            .map_err(sql("reading the shortcut ids"))?;
        let mut shortcut_columns: Vec<(i64, &str)> = used
            .into_iter()
            .filter_map(|rowid| codes.get(&rowid).map(|code| (rowid, code.as_str())))
            .collect();
        shortcut_columns.sort_by(|a, b| a.1.cmp(b.1));

        let month_totals_before = folded_before
            .filter(|before| from < *before)
            .map(calendar::date);
        let shape = RowShape {
            buckets: &DURATION_BUCKETS,
            thematiques: false,
            one_thematique: None,
        };
        Ok(finish(
            query,
            &layout,
            Some(&hours),
            &shortcut_columns,
            &shape,
            (month_totals_before, self.event_counts(from, to)?),
        ))
    }

    fn event_counts(&self, from: i64, to: i64) -> Result<EventCounts, UsageLogError> {
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT kind, count(*) FROM station_event
                 WHERE at_quarter BETWEEN ?1 AND ?2 GROUP BY kind",
            )
            .map_err(sql("reading the station events"))?;
        let rows = select
            .query_map(
                [
                    record::first_quarter(from),
                    record::first_quarter(to + 1) - 1,
                ],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)),
            )
            .map_err(sql("reading the station events"))?;
        let mut counts = EventCounts::default();
        for row in rows {
            let (kind, n) = row.map_err(sql("reading the station events"))?;
            let n = u64::try_from(n).unwrap_or(0);
            match kind {
                0 => counts.out_of_service += n,
                1 => counts.back_in_service += n,
                2 => counts.wipe_failed += n,
                3 => counts.config_changed += n,
                4 => counts.start_after_interruption += n,
                5 => counts.database_reset += n,
                // The schema's CHECK allows no other kind.
                _ => {}
            }
        }
        Ok(counts)
    }
}

/// Counts every row and the total, hides the small counts, then the parts that would give them
/// by subtraction.
fn finish(
    query: &ReportQuery,
    layout: &Layout,
    hours: Option<&[u64; 168]>,
    shortcut_columns: &[(i64, &str)],
    shape: &RowShape<'_>,
    (month_totals_before, events): (Option<NaiveDate>, EventCounts),
) -> Report {
    let (from, to) = (calendar::day(query.from), calendar::day(query.to));
    let mut hide = Hider {
        min_cell: u64::from(query.min_cell),
        hidden: 0,
    };
    let mut total = Tally::default();
    let mut rows = Vec::with_capacity(layout.slots.len());
    for slot in &layout.slots {
        total.merge(&slot.tally);
        rows.push(slot.tally.row(
            (slot.first, slot.last),
            slot.month_totals,
            shortcut_columns,
            shape,
            &mut hide,
        ));
    }
    let first = layout.slots.first().map_or(from, |s| s.first.min(from));
    let last = layout.slots.iter().map(|s| s.last).max().unwrap_or(to);
    let total = total.row(
        (first, last),
        rows.iter().any(|r| r.month_totals),
        shortcut_columns,
        shape,
        &mut hide,
    );
    let mut hour_of_week = [[Cell::Undefined; 24]; 7];
    for (index, n) in hours.into_iter().flatten().enumerate() {
        hour_of_week[index / 24][index % 24] = hide.count(*n);
    }
    let mut report = Report {
        query: *query,
        rows,
        total,
        hour_of_week,
        suppressed_cells: hide.hidden,
        month_totals_before,
        events,
        thematique: shape.one_thematique,
    };
    report.suppressed_cells += complement::protect(&mut report);
    report
}
