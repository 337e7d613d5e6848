//! A hidden count must stay hidden when the figures around it are added up: a total shown next
//! to exactly one hidden part gives that part by subtraction (a month's sessions minus its
//! shown days, a day's sessions minus its shown end reasons). [`protect`] hides one more part
//! of every such sum, the smallest one shown, or the total when no other part is above zero,
//! until no sum has exactly one hidden part under a shown total. This is the "complementary
//! suppression" of statistical offices: those cells are [`Cell::Withheld`], shown `*`. The sum
//! of two hidden parts can still be told, never either part.

use super::{Cell, PeriodRow, Report};

/// Where a figure of a report is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// A figure of a row (`None`: the total row).
    Row(Option<usize>, Figure),
    /// A cell of the hour-of-week table.
    Hour(usize, usize),
}

/// An additive figure of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Figure {
    Sessions,
    DropIn,
    Assisted,
    Extensions,
    Pages,
    DurationSecs,
    EndReason(usize),
    Language(usize),
    Purpose(usize),
    Found(usize),
    Thematique(usize),
    Duration(usize),
    ShortcutSessions(usize),
    ShortcutOpens(usize),
}

fn figure(row: &mut PeriodRow, figure: Figure) -> Option<&mut Cell> {
    match figure {
        Figure::Sessions => Some(&mut row.sessions),
        Figure::DropIn => Some(&mut row.drop_in),
        Figure::Assisted => Some(&mut row.assisted),
        Figure::Extensions => Some(&mut row.extensions),
        Figure::Pages => Some(&mut row.pages_printed),
        Figure::DurationSecs => Some(&mut row.total_duration_secs),
        Figure::EndReason(i) => row.end_reasons.get_mut(i).map(|(_, cell)| cell),
        Figure::Language(i) => row.languages.get_mut(i).map(|(_, cell)| cell),
        Figure::Purpose(i) => row.purposes.get_mut(i).map(|(_, cell)| cell),
        Figure::Found(i) => row.found.get_mut(i).map(|(_, cell)| cell),
        Figure::Thematique(i) => row.thematiques.get_mut(i).map(|(_, cell)| cell),
        Figure::Duration(i) => row.durations.get_mut(i).map(|(_, cell)| cell),
        Figure::ShortcutSessions(i) => row.shortcuts.get_mut(i).map(|s| &mut s.sessions),
        Figure::ShortcutOpens(i) => row.shortcuts.get_mut(i).map(|s| &mut s.opens),
    }
}

fn cell(report: &mut Report, place: Place) -> Option<&mut Cell> {
    match place {
        Place::Row(None, which) => figure(&mut report.total, which),
        Place::Row(Some(index), which) => report.rows.get_mut(index).and_then(|r| figure(r, which)),
        Place::Hour(day, hour) => report.hour_of_week.get_mut(day)?.get_mut(hour),
    }
}

/// One way to cut a row's sessions: the figure of each part.
type Cut = fn(usize) -> Figure;

/// A total and the parts it adds up.
struct Sum {
    total: Place,
    parts: Vec<Place>,
}

/// Every sum a reader of the report can make.
fn sums(report: &Report) -> Vec<Sum> {
    let total = &report.total;
    // Figures that add up across the rows to the total.
    let mut across = vec![
        Figure::Sessions,
        Figure::DropIn,
        Figure::Assisted,
        Figure::Extensions,
        Figure::Pages,
        Figure::DurationSecs,
    ];
    across.extend((0..total.end_reasons.len()).map(Figure::EndReason));
    across.extend((0..total.languages.len()).map(Figure::Language));
    across.extend((0..total.purposes.len()).map(Figure::Purpose));
    across.extend((0..total.found.len()).map(Figure::Found));
    across.extend((0..total.thematiques.len()).map(Figure::Thematique));
    across.extend((0..total.durations.len()).map(Figure::Duration));
    across.extend((0..total.shortcuts.len()).map(Figure::ShortcutSessions));
    across.extend((0..total.shortcuts.len()).map(Figure::ShortcutOpens));
    let mut sums: Vec<Sum> = across
        .into_iter()
        .map(|which| Sum {
            total: Place::Row(None, which),
            parts: (0..report.rows.len())
                .map(|index| Place::Row(Some(index), which))
                .collect(),
        })
        .collect();
    // In each row, the sessions cut by kind (drop-in and assisted), end reason, language,
    // answers and duration. Thématiques are no cut: a session may count for several or none.
    let rows = (0..report.rows.len()).map(Some).chain([None]);
    for row in rows {
        let shape: &PeriodRow = row.map_or(total, |index| &report.rows[index]);
        sums.push(Sum {
            total: Place::Row(row, Figure::Sessions),
            parts: vec![
                Place::Row(row, Figure::DropIn),
                Place::Row(row, Figure::Assisted),
            ],
        });
        let cuts: [(usize, Cut); 5] = [
            (shape.end_reasons.len(), Figure::EndReason),
            (shape.languages.len(), Figure::Language),
            (shape.purposes.len(), Figure::Purpose),
            (shape.found.len(), Figure::Found),
            (shape.durations.len(), Figure::Duration),
        ];
        for (len, part) in cuts {
            sums.push(Sum {
                total: Place::Row(row, Figure::Sessions),
                parts: (0..len).map(|i| Place::Row(row, part(i))).collect(),
            });
        }
    }
    // The hour-of-week table counts the sessions of the range too.
    sums.push(Sum {
        total: Place::Row(None, Figure::Sessions),
        parts: (0..7)
            .flat_map(|day| (0..24).map(move |hour| Place::Hour(day, hour)))
            .collect(),
    });
    sums
}

/// Hides parts until no hidden count can be told by subtraction; returns how many more cells
/// it hid.
///
/// A reader knows more than the sum of a total's hidden parts: a `< 3` is 1 or 2, a `*` is at
/// least 3 (it was a shown count), and zeros are shown. So a sum is safe only when every hidden
/// part could still take two values within those bounds: 10 = 6 + `< 3` + `*` gives 4 for the
/// two hidden parts, which can only be 1 and 3. Until then, one more part is withheld.
pub(super) fn protect(report: &mut Report) -> usize {
    let sums = sums(report);
    let min_cell = u64::from(report.query.min_cell);
    let mut hid = 0;
    loop {
        let mut changed = false;
        for sum in &sums {
            let Some(Cell::Value(total)) = cell(report, sum.total).copied() else {
                continue;
            };
            let mut shown = 0_u64;
            // Each hidden part's bounds as a reader sees them; `None`: no upper bound.
            let mut hidden: Vec<(u64, Option<u64>)> = Vec::new();
            let mut smallest: Option<(u64, Place)> = None;
            for place in &sum.parts {
                match cell(report, *place).copied() {
                    Some(Cell::Suppressed) => hidden.push((1, Some(min_cell.saturating_sub(1)))),
                    Some(Cell::Withheld) => hidden.push((min_cell, None)),
                    Some(Cell::Value(value)) => {
                        shown += value;
                        if value > 0 && smallest.is_none_or(|(least, _)| value < least) {
                            smallest = Some((value, *place));
                        }
                    }
                    _ => {}
                }
            }
            if hidden.is_empty() || !any_told(total.saturating_sub(shown), &hidden) {
                continue;
            }
            let target = smallest.map_or(sum.total, |(_, place)| place);
            if let Some(target) = cell(report, target) {
                *target = Cell::Withheld;
                hid += 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    hid + hide_shares(report)
}

/// Whether some hidden part can only have one value, knowing that the parts add up to
/// `hidden_sum` and each lies within its bounds.
fn any_told(hidden_sum: u64, bounds: &[(u64, Option<u64>)]) -> bool {
    let low: u64 = bounds.iter().map(|(low, _)| low).sum();
    let high: Option<u64> = bounds.iter().map(|(_, high)| *high).sum();
    bounds.iter().any(|(own_low, own_high)| {
        let others_low = low - own_low;
        let others_high = high.and_then(|high| own_high.map(|own| high - own));
        let least = others_high.map_or(*own_low, |others| {
            (*own_low).max(hidden_sum.saturating_sub(others))
        });
        let most = hidden_sum.saturating_sub(others_low);
        let most = own_high.map_or(most, |own| own.min(most));
        least >= most
    })
}

/// The share of assisted sessions gives them back from the sessions: hidden with any of them.
fn hide_shares(report: &mut Report) -> usize {
    let mut hid = 0;
    for row in report.rows.iter_mut().chain([&mut report.total]) {
        let inputs = [row.sessions, row.drop_in, row.assisted];
        if matches!(row.assisted_percent, Cell::Value(_))
            && inputs.iter().any(|x| !matches!(x, Cell::Value(_)))
        {
            row.assisted_percent = Cell::Withheld;
            hid += 1;
        }
    }
    hid
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::{DURATION_BUCKETS, EventCounts, Period, ReportQuery, ShortcutUse};
    use super::*;
    use crate::domain::{EndReason, Language};

    const S: Cell = Cell::Suppressed;
    const W: Cell = Cell::Withheld;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
    }

    /// A row of `sessions`, all in French and ended by the person, with `cv` opened in
    /// `cv` sessions and everything else zero.
    fn row(sessions: Cell, languages: [Cell; 2], cv: Cell) -> PeriodRow {
        let zero = Cell::Value(0);
        PeriodRow {
            first_day: day(),
            last_day: day(),
            month_totals: false,
            sessions,
            drop_in: sessions,
            assisted: zero,
            assisted_percent: zero,
            total_duration_secs: zero,
            median_duration_secs: Cell::Undefined,
            extensions: zero,
            pages_printed: zero,
            end_reasons: vec![(EndReason::User, sessions)],
            languages: vec![(Language::Fr, languages[0]), (Language::En, languages[1])],
            purposes: Vec::new(),
            found: Vec::new(),
            thematiques: Vec::new(),
            durations: vec![(DURATION_BUCKETS[0], sessions)],
            shortcuts: vec![ShortcutUse {
                id: "cv".into(),
                sessions: cv,
                opens: cv,
            }],
        }
    }

    fn report(rows: Vec<PeriodRow>, total: PeriodRow) -> Report {
        Report {
            query: ReportQuery::new(day(), day(), Period::Day),
            rows,
            total,
            hour_of_week: [[Cell::Value(0); 24]; 7],
            suppressed_cells: 0,
            month_totals_before: None,
            events: EventCounts::default(),
            thematique: None,
        }
    }

    #[test]
    fn one_hidden_part_of_a_shown_total_takes_the_smallest_shown_part_with_it() {
        // A day of 7 sessions: 6 in French, 1 in English (hidden). 7 - 6 would give it.
        let mut one = report(
            Vec::new(),
            row(Cell::Value(7), [Cell::Value(6), S], Cell::Value(0)),
        );
        assert_eq!(protect(&mut one), 1);
        assert_eq!(one.total.languages[0].1, W);
        assert_eq!(one.total.sessions, Cell::Value(7));
    }

    #[test]
    fn a_hidden_day_is_not_given_by_the_month_minus_the_other_days() {
        let v = Cell::Value;
        // 2 sessions on day 1 (hidden), 4 and 5 on days 2 and 3, 11 in all.
        let mut month = report(
            vec![
                row(S, [S, v(0)], S),
                row(v(4), [v(4), v(0)], v(4)),
                row(v(5), [v(5), v(0)], v(3)),
            ],
            row(v(11), [v(11), v(0)], v(9)),
        );
        let hid = protect(&mut month);
        assert!(hid >= 2, "{hid}");
        // The smallest other day goes with it; the month's total stays.
        assert_eq!(month.rows[1].sessions, W);
        assert_eq!(month.rows[2].sessions, v(5));
        assert_eq!(month.total.sessions, v(11));
        // "cv": 9 - 4 - 3 would give day 1; one more day is hidden for it too, the 3 (the
        // two hidden days add up to 5: 1 and 4, or 2 and 3).
        let shown_cv = month
            .rows
            .iter()
            .filter(|r| matches!(r.shortcuts[0].sessions, Cell::Value(_)))
            .count();
        assert_eq!(shown_cv, 1);
        // And nowhere is a sum left with exactly one hidden part under a shown total.
        assert_eq!(protect(&mut month), 0);
    }

    #[test]
    fn a_hidden_part_among_zeros_hides_the_total() {
        let v = Cell::Value;
        let mut alone = report(
            vec![row(S, [S, v(0)], v(0)), row(v(0), [v(0), v(0)], v(0))],
            row(v(2), [v(2), v(0)], v(0)),
        );
        protect(&mut alone);
        assert_eq!(alone.total.sessions, W);
    }

    #[test]
    fn hidden_parts_are_not_told_by_their_bounds() {
        // 10 = 6 + (1) + (3): hidden 4, as "< 3" and "*", can only be 1 and 3.
        assert!(any_told(4, &[(1, Some(2)), (3, None)]));
        // 10 = 8 + (1) + (1): two "< 3" adding up to 2 are both 1; to 4, both 2.
        assert!(any_told(2, &[(1, Some(2)), (1, Some(2))]));
        assert!(any_told(4, &[(1, Some(2)), (1, Some(2))]));
        // Adding up to 3: 1 + 2 or 2 + 1.
        assert!(!any_told(3, &[(1, Some(2)), (1, Some(2))]));
        // "< 3" and "*" adding up to 5: 1 + 4 or 2 + 3.
        assert!(!any_told(5, &[(1, Some(2)), (3, None)]));
        // One hidden part is always told.
        assert!(any_told(2, &[(1, Some(2))]));
    }

    #[test]
    fn the_assisted_share_goes_with_a_hidden_count() {
        let v = Cell::Value;
        let mut kinds = row(v(7), [v(7), v(0)], v(0));
        kinds.drop_in = v(5);
        kinds.assisted = S;
        kinds.assisted_percent = v(29);
        let mut one = report(Vec::new(), kinds);
        protect(&mut one);
        assert_eq!(one.total.assisted_percent, W);
    }

    #[test]
    fn few_assisted_sessions_are_not_given_by_the_sessions_minus_the_drop_in_ones() {
        // 7 sessions: 5 drop-in, 2 assisted (hidden). 7 - 5 would give them.
        let v = Cell::Value;
        let mut kinds = row(v(7), [v(7), v(0)], v(0));
        kinds.drop_in = v(5);
        kinds.assisted = S;
        let mut one = report(Vec::new(), kinds);
        assert_eq!(
            protect(&mut one),
            2,
            "the drop-in sessions and the assisted share"
        );
        assert_eq!(one.total.drop_in, W);
        assert_eq!(one.total.assisted_percent, W);
        assert_eq!(one.total.sessions, v(7));
    }
}
