//! Adding up the tallies of a report's periods, and hiding the small counts.

use std::collections::{BTreeMap, HashMap};

use crate::domain::{Language, Thematique};

use super::super::record::{END_REASONS, Found, MAX_MINUTE, Purpose, SPAN_MONTH, dim};
use super::super::{calendar, record};
use super::{Cell, DurationBucket, Period, PeriodRow, ShortcutUse};

/// Counts of one period, before anything is hidden.
#[derive(Clone, Debug, Default)]
pub(super) struct Tally {
    pub(super) kinds: [u64; 2],
    pub(super) end_reasons: [u64; 6],
    pub(super) languages: [u64; 2],
    pub(super) purposes: [u64; 5],
    pub(super) found: [u64; 3],
    pub(super) duration_secs: u64,
    pub(super) extensions: u64,
    pub(super) pages: u64,
    /// Sessions by La Coop's thématique, in its order.
    pub(super) thematiques: [u64; Thematique::COUNT],
    /// Sessions by duration in whole minutes.
    pub(super) minutes: BTreeMap<i64, u64>,
    /// Sessions and opens by shortcut row id.
    pub(super) shortcuts: BTreeMap<i64, (u64, u64)>,
}

pub(super) fn bump(slot: Option<&mut u64>, n: u64) {
    if let Some(slot) = slot {
        *slot += n;
    }
}

impl Tally {
    pub(super) fn add(&mut self, dim: i64, code: i64, n: u64) {
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
            dim::THEMATIQUE => bump(self.thematiques.get_mut(index), n),
            // The hour of the week is counted for the whole report, not per row.
            _ => {}
        }
    }

    pub(super) fn merge(&mut self, other: &Self) {
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
        add_all(&mut self.thematiques, &other.thematiques);
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

    pub(super) fn sessions(&self) -> u64 {
        self.kinds.iter().sum()
    }

    /// The lower median, rounded down to the minute, in seconds.
    pub(super) fn median_secs(&self) -> Option<u64> {
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

    pub(super) fn row(
        &self,
        span: (i64, i64),
        month_totals: bool,
        shortcut_columns: &[(i64, &str)],
        shape: &RowShape<'_>,
        hide: &mut Hider,
    ) -> PeriodRow {
        let sessions = self.sessions();
        let assisted = self.kinds[1];
        let drop_in = self.kinds[0];
        let sessions_hidden = hide.is_small(sessions);
        let share_hidden = hide.is_small(assisted) || hide.is_small(drop_in);
        // One thématique's row knows its sessions' kinds and durations, nothing else.
        let full = shape.one_thematique.is_none();
        let mut purposes: Vec<(Option<Purpose>, Cell)> = Vec::new();
        let mut found: Vec<(Option<Found>, Cell)> = Vec::new();
        if full {
            let purposes_answered: u64 = self.purposes.iter().sum();
            let found_answered: u64 = self.found.iter().sum();
            purposes.extend(
                Purpose::ALL
                    .into_iter()
                    .map(|p| (Some(p), hide.count(self.purposes[p.index()]))),
            );
            purposes.push((None, hide.count(sessions.saturating_sub(purposes_answered))));
            found.extend(
                Found::ALL
                    .into_iter()
                    .map(|f| (Some(f), hide.count(self.found[f.index()]))),
            );
            found.push((None, hide.count(sessions.saturating_sub(found_answered))));
        }
        PeriodRow {
            first_day: calendar::date(span.0),
            last_day: calendar::date(span.1),
            month_totals,
            sessions: hide.count(sessions),
            drop_in: hide.count(drop_in),
            assisted: hide.count(assisted),
            assisted_percent: hide.derived(
                share_hidden,
                (sessions > 0).then(|| (200 * assisted + sessions) / (2 * sessions)),
            ),
            // The network knows durations only by La Coop's buckets.
            total_duration_secs: hide.derived(
                sessions_hidden,
                (!shape.thematiques).then_some(self.duration_secs),
            ),
            median_duration_secs: hide.derived(
                sessions_hidden,
                self.median_secs().filter(|_| !shape.thematiques),
            ),
            extensions: if full {
                hide.count(self.extensions)
            } else {
                Cell::Undefined
            },
            pages_printed: hide.derived(sessions_hidden, full.then_some(self.pages)),
            end_reasons: if full {
                END_REASONS
                    .into_iter()
                    .map(|r| (r, hide.count(self.end_reasons[record::end_reason_index(r)])))
                    .collect()
            } else {
                Vec::new()
            },
            languages: if full {
                Language::ALL
                    .into_iter()
                    .map(|l| (l, hide.count(self.languages[record::language_index(l)])))
                    .collect()
            } else {
                Vec::new()
            },
            purposes,
            found,
            thematiques: if shape.thematiques && full {
                Thematique::all()
                    .map(|t| (t, hide.count(self.thematiques[t.index()])))
                    .collect()
            } else {
                Vec::new()
            },
            durations: shape
                .buckets
                .iter()
                .map(|bucket| {
                    let n = self
                        .minutes
                        .iter()
                        .filter(|(minute, _)| bucket.contains(**minute))
                        .map(|(_, n)| n)
                        .sum();
                    (*bucket, hide.count(n))
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

/// What a row shows beyond the station's own figures.
pub(super) struct RowShape<'a> {
    /// The duration histogram's buckets.
    pub(super) buckets: &'a [DurationBucket],
    /// Whether the row counts sessions by thématique (the network's reports).
    pub(super) thematiques: bool,
    /// The row counts the sessions of one thématique: only their kinds and durations are
    /// known, every other figure is undefined and every other cut empty.
    pub(super) one_thematique: Option<Thematique>,
}

/// Hides small counts and counts how many it hid.
pub(super) struct Hider {
    pub(super) min_cell: u64,
    pub(super) hidden: usize,
}

impl Hider {
    pub(super) fn is_small(&self, n: u64) -> bool {
        n > 0 && n < self.min_cell
    }

    pub(super) fn count(&mut self, n: u64) -> Cell {
        self.derived(self.is_small(n), Some(n))
    }

    /// A figure that is hidden when `hidden`, undefined when `None`.
    pub(super) fn derived(&mut self, hidden: bool, value: Option<u64>) -> Cell {
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
pub(super) struct Slot {
    pub(super) first: i64,
    pub(super) last: i64,
    pub(super) month_totals: bool,
    pub(super) tally: Tally,
}

/// The rows of a report and how day and month tallies find theirs.
pub(super) struct Layout {
    pub(super) slots: Vec<Slot>,
    /// First day of each row that day tallies go to.
    pub(super) by_day: BTreeMap<i64, usize>,
    /// Row of each month's folded tallies.
    pub(super) by_month: HashMap<i64, usize>,
}

impl Layout {
    pub(super) fn new(from: i64, to: i64, period: Period, folded_before: Option<i64>) -> Self {
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

    pub(super) fn push(&mut self, first: i64, last: i64, month_totals: bool) {
        self.slots.push(Slot {
            first,
            last,
            month_totals,
            tally: Tally::default(),
        });
    }

    /// The row of a tally of `span` starting on `start_day`.
    pub(super) fn slot(&self, span: i64, start_day: i64) -> Option<usize> {
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
