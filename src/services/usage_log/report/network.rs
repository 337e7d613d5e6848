//! The network's reports: tallies added up elsewhere (the hub), reported as a station reports
//! its own, in the national vocabulary.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::super::record::{SPAN_DAY, SPAN_MONTH, dim, split_cut};
use super::super::{Span, calendar};
use super::tally::{Layout, RowShape, Slot};
use super::{COOP_DURATION_BUCKETS, EventCounts, Report, ReportQuery, finish};
use crate::domain::Thematique;

/// A report of tallies read elsewhere, in the national vocabulary: the network's hub adds up
/// its stations' tallies here and gets the same figures, the same hiding and the same exports
/// as a station, with sessions by thématique and La Coop's duration buckets.
pub struct TallyReport {
    query: ReportQuery,
    layout: Layout,
    by_group: bool,
    hours: [u64; 168],
    shortcuts: BTreeMap<String, i64>,
    thematique: Option<Thematique>,
}

impl TallyReport {
    /// One row per `query.period` from `query.from` to `query.to`.
    pub fn by_period(query: ReportQuery) -> Self {
        let (from, to) = (calendar::day(query.from), calendar::day(query.to));
        Self {
            query,
            layout: Layout::new(from, to, query.period, None),
            by_group: false,
            hours: [0; 168],
            shortcuts: BTreeMap::new(),
            thematique: None,
        }
    }

    /// One row per group (an antenna, a station), each over the whole range, in the order the
    /// caller names them.
    pub fn by_group(query: ReportQuery, groups: usize) -> Self {
        let (from, to) = (calendar::day(query.from), calendar::day(query.to));
        let mut layout = Layout::new(from, to, query.period, None);
        layout.slots.clear();
        for _ in 0..groups {
            layout.push(from, to, false);
        }
        Self {
            query,
            layout,
            by_group: true,
            hours: [0; 168],
            shortcuts: BTreeMap::new(),
            thematique: None,
        }
    }

    /// Counts only the sessions that touched `thematique` (by a shortcut or their answer):
    /// their kinds and La Coop's duration buckets, from the tallies that cut each thématique
    /// again. Every other figure of the report is undefined, and its cuts are empty. Periods
    /// recorded before a station counted these cuts count nothing here.
    #[must_use]
    pub fn only(mut self, thematique: Thematique) -> Self {
        self.thematique = Some(thematique);
        self
    }

    fn slot(&mut self, group: usize, span: Span, start: NaiveDate) -> Option<&mut Slot> {
        let index = if self.by_group {
            Some(group)
        } else {
            let span = if span == Span::Month {
                SPAN_MONTH
            } else {
                SPAN_DAY
            };
            self.layout.slot(span, calendar::day(start))
        };
        index.and_then(|i| self.layout.slots.get_mut(i))
    }

    /// Adds `n` to the tally `(dim, code)` of the period of `span` starting on `start`, in
    /// `group` (ignored by a report by period).
    pub fn add(
        &mut self,
        group: usize,
        (span, start): (Span, NaiveDate),
        (dim, code): (i64, i64),
        n: u64,
    ) {
        let (dim, code) = match self.thematique {
            None => (dim, code),
            Some(thematique) => match one_thematique(thematique, dim, code) {
                Some(seen) => seen,
                None => return,
            },
        };
        if dim == dim::HOUR_OF_WEEK {
            if let Some(hour) = usize::try_from(code)
                .ok()
                .and_then(|c| self.hours.get_mut(c))
            {
                *hour += n;
            }
        } else if let Some(slot) = self.slot(group, span, start) {
            slot.tally.add(dim, code, n);
        }
    }

    /// Adds the sessions and opens of the shortcut `id` in the period of `span` starting on
    /// `start`, in `group`.
    pub fn add_shortcut(
        &mut self,
        group: usize,
        (span, start): (Span, NaiveDate),
        id: &str,
        (sessions, opens): (u64, u64),
    ) {
        if self.thematique.is_some() {
            return;
        }
        let next = i64::try_from(self.shortcuts.len()).unwrap_or(i64::MAX);
        let key = *self.shortcuts.entry(id.to_owned()).or_insert(next);
        if let Some(slot) = self.slot(group, span, start) {
            let entry = slot.tally.shortcuts.entry(key).or_default();
            entry.0 += sessions;
            entry.1 += opens;
        }
    }

    /// The report, with small counts hidden.
    pub fn finish(self) -> Report {
        let columns: Vec<(i64, &str)> = self
            .shortcuts
            .iter()
            .map(|(id, key)| (*key, id.as_str()))
            .collect();
        let shape = RowShape {
            buckets: &COOP_DURATION_BUCKETS,
            thematiques: true,
            one_thematique: self.thematique,
        };
        finish(
            &self.query,
            &self.layout,
            self.thematique.is_none().then_some(&self.hours),
            &columns,
            &shape,
            (None, EventCounts::default()),
        )
    }
}

/// What the tally `(dim, code)` counts of the sessions of `thematique`, as a tally of the whole
/// report: its cut by kind becomes the sessions' kinds, its cut by La Coop's bucket becomes a
/// duration at the bucket's first minute. `None` for every other tally.
fn one_thematique(thematique: Thematique, dim: i64, code: i64) -> Option<(i64, i64)> {
    let (t, part) = split_cut(dim, code)?;
    if usize::try_from(t).ok()? != thematique.index() {
        return None;
    }
    match dim {
        dim::THEMATIQUE_KIND => Some((dim::KIND, part)),
        _ => {
            let bucket = COOP_DURATION_BUCKETS.get(usize::try_from(part).ok()?)?;
            Some((dim::DURATION_MINUTE, i64::from(bucket.from_minutes)))
        }
    }
}
