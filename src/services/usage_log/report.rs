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
//! is every figure computed from it (a share, a median, a total duration).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::params;

use super::calendar;
use super::record::{self, END_REASONS, Found, MAX_MINUTE, Purpose, SPAN_DAY, SPAN_MONTH, dim};
use super::{UsageLog, UsageLogError, sql};
use crate::domain::{EndReason, Language};

/// How the rows of a report are cut.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
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
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The period with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
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
}

impl Cell {
    /// The figure, if it is shown.
    pub fn value(self) -> Option<u64> {
        match self {
            Self::Value(value) => Some(value),
            Self::Suppressed | Self::Undefined => None,
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

    fn contains(self, minute: i64) -> bool {
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
    /// Assisted sessions.
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
    /// Sessions by duration, one cell per [`DURATION_BUCKETS`].
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
}

/// Counts of one period, before anything is hidden.
#[derive(Clone, Debug, Default)]
struct Tally {
    kinds: [u64; 2],
    end_reasons: [u64; 6],
    languages: [u64; 2],
    purposes: [u64; 5],
    found: [u64; 3],
    duration_secs: u64,
    extensions: u64,
    pages: u64,
    /// Sessions by duration in whole minutes.
    minutes: BTreeMap<i64, u64>,
    /// Sessions and opens by shortcut row id.
    shortcuts: BTreeMap<i64, (u64, u64)>,
}

fn bump(slot: Option<&mut u64>, n: u64) {
    if let Some(slot) = slot {
        *slot += n;
    }
}

impl Tally {
    fn add(&mut self, dim: i64, code: i64, n: u64) {
        let index = usize::try_from(code).unwrap_or(usize::MAX);
        match dim {
            dim::KIND => bump(self.kinds.get_mut(index), n),
            dim::END_REASON => bump(self.end_reasons.get_mut(index), n),
            dim::LANGUAGE => bump(self.languages.get_mut(index), n),
            dim::PURPOSE => bump(self.purposes.get_mut(index), n),
            dim::FOUND => bump(self.found.get_mut(index), n),
            dim::DURATION_MINUTE => *self.minutes.entry(code.min(MAX_MINUTE)).or_default() += n,
            dim::DURATION_SECS => self.duration_secs += n,
            dim::EXTENSIONS => self.extensions += n,
            dim::PAGES => self.pages += n,
            // The hour of the week is counted for the whole report, not per row.
            _ => {}
        }
    }

    fn merge(&mut self, other: &Self) {
        let add_all = |into: &mut [u64], from: &[u64]| {
            for (a, b) in into.iter_mut().zip(from) {
                *a += b;
            }
        };
        add_all(&mut self.kinds, &other.kinds);
        add_all(&mut self.end_reasons, &other.end_reasons);
        add_all(&mut self.languages, &other.languages);
        add_all(&mut self.purposes, &other.purposes);
        add_all(&mut self.found, &other.found);
        self.duration_secs += other.duration_secs;
        self.extensions += other.extensions;
        self.pages += other.pages;
        for (minute, n) in &other.minutes {
            *self.minutes.entry(*minute).or_default() += n;
        }
        for (id, (sessions, opens)) in &other.shortcuts {
            let entry = self.shortcuts.entry(*id).or_default();
            entry.0 += sessions;
            entry.1 += opens;
        }
    }

    fn sessions(&self) -> u64 {
        self.kinds.iter().sum()
    }

    /// The lower median, rounded down to the minute, in seconds.
    fn median_secs(&self) -> Option<u64> {
        let rank = self.sessions().div_ceil(2);
        let mut seen = 0;
        for (minute, n) in &self.minutes {
            seen += n;
            if seen >= rank && rank > 0 {
                return Some(u64::try_from(*minute).unwrap_or(0) * 60);
            }
        }
        None
    }

    fn row(
        &self,
        span: (i64, i64),
        month_totals: bool,
        shortcut_columns: &[(i64, &str)],
        hide: &mut Hider,
    ) -> PeriodRow {
        let sessions = self.sessions();
        let assisted = self.kinds[1];
        let drop_in = self.kinds[0];
        let sessions_hidden = hide.is_small(sessions);
        let share_hidden = hide.is_small(assisted) || hide.is_small(drop_in);
        let purposes_answered: u64 = self.purposes.iter().sum();
        let found_answered: u64 = self.found.iter().sum();
        let mut purposes: Vec<(Option<Purpose>, Cell)> = Purpose::ALL
            .into_iter()
            .map(|p| (Some(p), hide.count(self.purposes[p.index()])))
            .collect();
        purposes.push((None, hide.count(sessions.saturating_sub(purposes_answered))));
        let mut found: Vec<(Option<Found>, Cell)> = Found::ALL
            .into_iter()
            .map(|f| (Some(f), hide.count(self.found[f.index()])))
            .collect();
        found.push((None, hide.count(sessions.saturating_sub(found_answered))));
        PeriodRow {
            first_day: calendar::date(span.0),
            last_day: calendar::date(span.1),
            month_totals,
            sessions: hide.count(sessions),
            assisted: hide.count(assisted),
            assisted_percent: hide.derived(
                share_hidden,
                (sessions > 0).then(|| (200 * assisted + sessions) / (2 * sessions)),
            ),
            total_duration_secs: hide.derived(sessions_hidden, Some(self.duration_secs)),
            median_duration_secs: hide.derived(sessions_hidden, self.median_secs()),
            extensions: hide.count(self.extensions),
            pages_printed: hide.derived(sessions_hidden, Some(self.pages)),
            end_reasons: END_REASONS
                .into_iter()
                .map(|r| (r, hide.count(self.end_reasons[record::end_reason_index(r)])))
                .collect(),
            languages: Language::ALL
                .into_iter()
                .map(|l| (l, hide.count(self.languages[record::language_index(l)])))
                .collect(),
            purposes,
            found,
            durations: DURATION_BUCKETS
                .into_iter()
                .map(|bucket| {
                    let n = self
                        .minutes
                        .iter()
                        .filter(|(minute, _)| bucket.contains(**minute))
                        .map(|(_, n)| n)
                        .sum();
                    (bucket, hide.count(n))
                })
                .collect(),
            shortcuts: shortcut_columns
                .iter()
                .map(|(rowid, id)| {
                    let (sessions, opens) = self.shortcuts.get(rowid).copied().unwrap_or_default();
                    let sessions_hidden = hide.is_small(sessions);
                    ShortcutUse {
                        id: (*id).to_owned(),
                        sessions: hide.count(sessions),
                        opens: hide.derived(sessions_hidden, Some(opens)),
                    }
                })
                .collect(),
        }
    }
}

/// Hides small counts and counts how many it hid.
struct Hider {
    min_cell: u64,
    hidden: usize,
}

impl Hider {
    fn is_small(&self, n: u64) -> bool {
        n > 0 && n < self.min_cell
    }

    fn count(&mut self, n: u64) -> Cell {
        self.derived(self.is_small(n), Some(n))
    }

    /// A figure that is hidden when `hidden`, undefined when `None`.
    fn derived(&mut self, hidden: bool, value: Option<u64>) -> Cell {
        match value {
            None => Cell::Undefined,
            Some(_) if hidden => {
                self.hidden += 1;
                Cell::Suppressed
            }
            Some(value) => Cell::Value(value),
        }
    }
}

/// A row being built: the days it covers and its counts.
struct Slot {
    first: i64,
    last: i64,
    month_totals: bool,
    tally: Tally,
}

/// The rows of a report and how day and month tallies find theirs.
struct Layout {
    slots: Vec<Slot>,
    /// First day of each row that day tallies go to.
    by_day: BTreeMap<i64, usize>,
    /// Row of each month's folded tallies.
    by_month: HashMap<i64, usize>,
}

impl Layout {
    fn new(from: i64, to: i64, period: Period, folded_before: Option<i64>) -> Self {
        let mut layout = Self {
            slots: Vec::new(),
            by_day: BTreeMap::new(),
            by_month: HashMap::new(),
        };
        let months = |first: i64, last: i64| {
            std::iter::successors(Some(calendar::month_start(first)), move |m| {
                Some(calendar::month_end(*m) + 1).filter(|next| *next <= last)
            })
        };
        match period {
            Period::Month => {
                for month in months(from, to) {
                    let end = calendar::month_end(month);
                    let folded = folded_before.is_some_and(|before| month < before);
                    let (first, last) = match folded_before {
                        Some(before) if folded => (month, to.min(end).max(end.min(before - 1))),
                        _ => (month.max(from), to.min(end)),
                    };
                    layout.by_day.insert(month.max(from), layout.slots.len());
                    layout.by_month.insert(month, layout.slots.len());
                    layout.push(first, last, folded);
                }
            }
            Period::Day | Period::Week => {
                let mut day = from;
                if let Some(before) = folded_before.filter(|before| from < *before) {
                    for month in months(from, to.min(before - 1)) {
                        layout.by_month.insert(month, layout.slots.len());
                        layout.push(month, calendar::month_end(month).min(before - 1), true);
                    }
                    day = before;
                }
                while day <= to {
                    let last = match period {
                        Period::Day => day,
                        _ => (calendar::week_start(day) + 6).min(to),
                    };
                    layout.by_day.insert(day, layout.slots.len());
                    layout.push(day, last, false);
                    day = last + 1;
                }
            }
        }
        layout
    }

    fn push(&mut self, first: i64, last: i64, month_totals: bool) {
        self.slots.push(Slot {
            first,
            last,
            month_totals,
            tally: Tally::default(),
        });
    }

    /// The row of a tally of `span` starting on `start_day`.
    fn slot(&self, span: i64, start_day: i64) -> Option<usize> {
        if span == SPAN_MONTH
            && let Some(index) = self.by_month.get(&start_day)
        {
            return Some(*index);
        }
        self.by_day
            .range(..=start_day)
            .next_back()
            .map(|(_, index)| *index)
    }
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
                &shortcut_columns,
                &mut hide,
            ));
        }
        let first = layout.slots.first().map_or(from, |s| s.first.min(from));
        let last = layout.slots.iter().map(|s| s.last).max().unwrap_or(to);
        let total = total.row(
            (first, last),
            rows.iter().any(|r| r.month_totals),
            &shortcut_columns,
            &mut hide,
        );
        let mut hour_of_week = [[Cell::Undefined; 24]; 7];
        for (index, n) in hours.iter().enumerate() {
            hour_of_week[index / 24][index % 24] = hide.count(*n);
        }
        Ok(Report {
            query: *query,
            rows,
            total,
            hour_of_week,
            suppressed_cells: hide.hidden,
            month_totals_before: folded_before
                .filter(|before| from < *before)
                .map(calendar::date),
            events: self.event_counts(from, to)?,
        })
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
