//! Opening hours of the station: when sessions may run. Pure: the wall-clock time comes in as
//! an argument.
//!
//! Hours are counted on a week of minutes, Monday 00:00 first. Openings that touch (12:00-14:00
//! then 14:00-18:00, or a day closing at 24:00 and the next opening at 00:00, Sunday to Monday
//! included) are one opening: the station does not close in between, so a session runs on.

use std::fmt;
use std::time::Duration;

/// Minutes in a day; also the only valid closing minute written `24:00`.
pub const MINUTES_PER_DAY: u16 = 1440;

const MINUTES_PER_WEEK: u32 = 7 * MINUTES_PER_DAY as u32;
const SECS_PER_DAY: u32 = 86_400;

/// The keys of the days in `[hours]`, Monday first, as [`WallTime::weekday`] counts them.
pub const WEEKDAY_KEYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// One opening within a day, in minutes since midnight: open from `open_min` (included) to
/// `close_min` (excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// Opening minute, 0 to 1439.
    pub open_min: u16,
    /// Closing minute, after `open_min`, at most 1440 (24:00).
    pub close_min: u16,
}

impl Span {
    /// The whole day, 00:00-24:00.
    pub const FULL_DAY: Self = Self {
        open_min: 0,
        close_min: MINUTES_PER_DAY,
    };
}

impl fmt::Display for Span {
    /// `09:00-12:30`, the form of the config file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            time_text(self.open_min),
            time_text(self.close_min)
        )
    }
}

/// `minute_of_day` as `HH:MM`, e.g. `09:05`; 1440 is `24:00`.
pub fn time_text(minute_of_day: u16) -> String {
    format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60)
}

/// When the station is open, for each day of the week.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OpeningHours {
    /// `None`: always open. Otherwise Monday first, each day sorted, without overlaps.
    week: Option<[Vec<Span>; 7]>,
}

/// A day's openings that [`OpeningHours::weekly`] refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {problem}", weekday_key(*.weekday))]
pub struct DayError {
    /// The day, 0 = Monday.
    pub weekday: u8,
    /// What is wrong, as [`parse_day`] says it.
    pub problem: HoursMistake,
}

/// What is wrong with a day's openings, and what was found, in plain English for the admin,
/// e.g. `"14:00-12:00" closes before it opens; write the opening time first`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HoursMistake {
    /// Two commas with nothing between them.
    #[error(
        "{text:?} has an empty opening between commas; write openings like \
         \"09:00-12:00, 14:00-17:30\", or \"\" for a closed day"
    )]
    EmptyOpening {
        /// The day's text.
        text: String,
    },
    /// No dash between two times.
    #[error(
        "{piece:?} is not an opening: write the opening and closing times with a dash, \
         e.g. \"09:00-12:00\""
    )]
    NotAnOpening {
        /// The opening as written.
        piece: String,
    },
    /// Opens at 24:00.
    #[error(
        "{piece:?} opens at 24:00, which is only allowed as a closing time; \
         write 00:00 to open at midnight"
    )]
    OpensAtMidnightsEnd {
        /// The opening as written.
        piece: String,
    },
    /// Not a time of day.
    #[error(
        "{text:?} is not a time: write hours and minutes from \"00:00\" to \"23:59\" \
         (\"24:00\" only as a closing time)"
    )]
    NotATime {
        /// The time as written.
        text: String,
    },
    /// Closes when or before it opens.
    #[error(
        "\"{span}\" {}; write the opening time first, e.g. \"09:00-12:00\"",
        if .span.open_min == .span.close_min { "closes when it opens" } else { "closes before it opens" }
    )]
    Backwards {
        /// The opening.
        span: Span,
    },
    /// Closes after 24:00.
    #[error("\"{span}\" closes after 24:00; end the day at 24:00 and open the next day at 00:00")]
    PastMidnight {
        /// The opening.
        span: Span,
    },
    /// Listed after an opening that starts later.
    #[error(
        "\"{later}\" comes after \"{earlier}\" but opens earlier; \
         list the openings in the order of the day"
    )]
    OutOfOrder {
        /// The one listed first.
        earlier: Span,
        /// The one listed after it.
        later: Span,
    },
    /// Two openings overlap.
    #[error(
        "\"{earlier}\" and \"{later}\" overlap; an opening must start at or after \
         the end of the one before"
    )]
    Overlap {
        /// The first.
        earlier: Span,
        /// The one that starts before the first ends.
        later: Span,
    },
}

fn weekday_key(weekday: u8) -> &'static str {
    WEEKDAY_KEYS
        .get(usize::from(weekday))
        .copied()
        .unwrap_or("?")
}

impl OpeningHours {
    /// Open at all times: the station has no `[hours]`.
    pub fn always() -> Self {
        Self { week: None }
    }

    /// These openings for each day, Monday first; an empty day is closed.
    ///
    /// # Errors
    /// A [`DayError`] for the first day whose spans are empty, reversed, past 24:00, out of
    /// order or overlapping (the rules of [`parse_day`]).
    pub fn weekly(days: [Vec<Span>; 7]) -> Result<Self, DayError> {
        for (weekday, spans) in (0u8..).zip(&days) {
            check_spans(spans).map_err(|problem| DayError { weekday, problem })?;
        }
        Ok(Self { week: Some(days) })
    }

    /// Whether the station is open at all times (no hours configured).
    pub fn is_always(&self) -> bool {
        self.week.is_none()
    }

    /// Whether no day has any opening: the station would never open.
    pub fn never_opens(&self) -> bool {
        self.week
            .as_ref()
            .is_some_and(|week| week.iter().all(Vec::is_empty))
    }

    /// The openings of `weekday` (0 = Monday, taken modulo 7), in order; empty when closed
    /// that day. A station open at all times is open 00:00-24:00 every day.
    pub fn day(&self, weekday: u8) -> &[Span] {
        match &self.week {
            None => std::slice::from_ref(&Span::FULL_DAY),
            Some(week) => &week[usize::from(weekday % 7)],
        }
    }

    /// The openings of `weekday` as the config file writes them: `09:00-12:00, 14:00-17:30`,
    /// or `""` when closed that day. [`parse_day`] reads it back.
    pub fn day_text(&self, weekday: u8) -> String {
        self.day(weekday)
            .iter()
            .map(Span::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether the station is open at `now`, and until when or from when.
    ///
    /// Open from the opening minute included to the closing minute excluded. Touching
    /// openings, over midnight and from Sunday to Monday too, count as one.
    pub fn status(&self, now: WallTime) -> OpenNow {
        let Some(week) = &self.week else {
            return OpenNow::Open { closes_in: None };
        };
        let runs = week_runs(week);
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            return OpenNow::Closed { opens: None };
        };
        if runs.len() == 1 && first.0 == 0 && first.1 == MINUTES_PER_WEEK {
            return OpenNow::Open { closes_in: None };
        }
        // Sunday closing at 24:00 and Monday opening at 00:00: the last run goes on into
        // the first one of the next week.
        let wraps = first.0 == 0 && last.1 == MINUTES_PER_WEEK;
        let weekday = u32::from(now.weekday % 7);
        let now_secs = weekday * SECS_PER_DAY + now.secs_of_day.min(SECS_PER_DAY - 1);
        let run_index = runs
            .iter()
            .position(|&(open, close)| open * 60 <= now_secs && now_secs < close * 60);
        if let Some(index) = run_index {
            let mut close = runs[index].1;
            if wraps && index + 1 == runs.len() {
                close = MINUTES_PER_WEEK + first.1;
            }
            let closes_in = Duration::from_secs(u64::from(close * 60 - now_secs));
            return OpenNow::Open {
                closes_in: Some(closes_in),
            };
        }
        // Closed now, so the next start is a real opening, not the continuation of one.
        let opens_at = runs
            .iter()
            .map(|&(open, _)| open)
            .find(|&open| open * 60 > now_secs)
            .unwrap_or(first.0 + MINUTES_PER_WEEK);
        let day_index = opens_at / u32::from(MINUTES_PER_DAY);
        OpenNow::Closed {
            opens: Some(Opening {
                days_ahead: narrow(day_index - weekday),
                weekday: narrow(day_index % 7),
                minute_of_day: narrow(opens_at % u32::from(MINUTES_PER_DAY)),
            }),
        }
    }
}

/// A value known to fit (days of at most two weeks, minutes of a day).
fn narrow<T: TryFrom<u32> + Default>(value: u32) -> T {
    T::try_from(value).unwrap_or_default()
}

/// The openings of the week as `(open, close)` minutes since Monday 00:00, touching ones
/// merged, in order.
fn week_runs(week: &[Vec<Span>; 7]) -> Vec<(u32, u32)> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for (day, spans) in (0u32..).zip(week) {
        let start = day * u32::from(MINUTES_PER_DAY);
        for span in spans {
            let open = start + u32::from(span.open_min);
            let close = start + u32::from(span.close_min);
            match runs.last_mut() {
                Some(last) if last.1 >= open => last.1 = last.1.max(close),
                _ => runs.push((open, close)),
            }
        }
    }
    runs
}

/// A moment of local wall-clock time, as far as opening hours care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WallTime {
    /// Day of the week, 0 = Monday to 6 = Sunday (taken modulo 7).
    pub weekday: u8,
    /// Seconds since local midnight, 0 to 86 399 (a leap second counts as the last one).
    pub secs_of_day: u32,
}

/// What [`OpeningHours::status`] says of a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenNow {
    /// The station is open.
    Open {
        /// Time until it closes; `None` when it never closes.
        closes_in: Option<Duration>,
    },
    /// The station is closed.
    Closed {
        /// When it opens next; `None` when it never opens.
        opens: Option<Opening>,
    },
}

/// The next opening of a closed station.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Opening {
    /// 0 = later today, 1 = tomorrow, ... 7 = the same weekday next week.
    pub days_ahead: u8,
    /// Day of the opening, 0 = Monday.
    pub weekday: u8,
    /// Minute of the opening since midnight (0 to 1439).
    pub minute_of_day: u16,
}

/// Reads one day of `[hours]`: `"09:00-12:00, 14:00-17:30"`; `""` (or blanks) is closed.
///
/// Times are `HH:MM` (or `9:00`, `9h00`), 00:00 to 23:59, and `24:00` as a closing time only.
/// Openings may be written in any order; they are returned sorted. Openings that touch are
/// allowed (and count as one); openings that overlap are not.
///
/// # Errors
/// What is wrong and what was found, in plain English, e.g.
/// `"14:00-12:00" closes before it opens; write the opening time first`.
pub fn parse_day(text: &str) -> Result<Vec<Span>, HoursMistake> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut spans = Vec::new();
    for piece in text.split(',') {
        let piece = piece.trim();
        if piece.is_empty() {
            return Err(HoursMistake::EmptyOpening {
                text: text.to_owned(),
            });
        }
        spans.push(parse_span(piece)?);
    }
    spans.sort_by_key(|span| span.open_min);
    check_spans(&spans)?;
    Ok(spans)
}

/// One `HH:MM-HH:MM`.
fn parse_span(piece: &str) -> Result<Span, HoursMistake> {
    let Some((open, close)) = piece.split_once('-') else {
        return Err(HoursMistake::NotAnOpening {
            piece: piece.to_owned(),
        });
    };
    let (open, close) = (open.trim(), close.trim());
    let open_min = parse_time(open)?;
    let close_min = parse_time(close)?;
    if open_min == MINUTES_PER_DAY {
        return Err(HoursMistake::OpensAtMidnightsEnd {
            piece: piece.to_owned(),
        });
    }
    Ok(Span {
        open_min,
        close_min,
    })
}

/// `HH:MM`, `H:MM` or `HHhMM`, 00:00 to 24:00.
fn parse_time(text: &str) -> Result<u16, HoursMistake> {
    let not_a_time = || HoursMistake::NotATime {
        text: text.to_owned(),
    };
    let Some((hours, minutes)) = text.split_once([':', 'h', 'H']) else {
        return Err(not_a_time());
    };
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(hours, 1..=2) || !digits(minutes, 2..=2) {
        return Err(not_a_time());
    }
    let (Ok(hours), Ok(minutes)) = (hours.parse::<u16>(), minutes.parse::<u16>()) else {
        return Err(not_a_time());
    };
    let minute_of_day = hours * 60 + minutes;
    if minutes > 59 || minute_of_day > MINUTES_PER_DAY {
        return Err(not_a_time());
    }
    Ok(minute_of_day)
}

/// The rules every day's openings follow: each opens before it closes, closes by 24:00, and
/// starts no earlier than the previous one ends.
fn check_spans(spans: &[Span]) -> Result<(), HoursMistake> {
    for span in spans {
        if span.open_min >= span.close_min {
            return Err(HoursMistake::Backwards { span: *span });
        }
        if span.close_min > MINUTES_PER_DAY {
            return Err(HoursMistake::PastMidnight { span: *span });
        }
    }
    for pair in spans.windows(2) {
        let [earlier, later] = pair else { continue };
        if later.open_min < earlier.open_min {
            return Err(HoursMistake::OutOfOrder {
                earlier: *earlier,
                later: *later,
            });
        }
        if later.open_min < earlier.close_min {
            return Err(HoursMistake::Overlap {
                earlier: *earlier,
                later: *later,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MON: u8 = 0;
    const TUE: u8 = 1;
    const WED: u8 = 2;
    const THU: u8 = 3;
    const FRI: u8 = 4;
    const SAT: u8 = 5;
    const SUN: u8 = 6;

    fn at(weekday: u8, hh: u32, mm: u32) -> WallTime {
        WallTime {
            weekday,
            secs_of_day: (hh * 60 + mm) * 60,
        }
    }

    fn span(text: &str) -> Span {
        let spans = parse_day(text).unwrap();
        assert_eq!(spans.len(), 1, "{text}");
        spans[0]
    }

    /// Hours from the config's per-day texts, Monday first.
    fn hours(days: [&str; 7]) -> OpeningHours {
        OpeningHours::weekly(days.map(|d| parse_day(d).unwrap())).unwrap()
    }

    /// Monday to Friday 09:00-12:30 and 13:30-17:30, closed at the week-end.
    fn antenna() -> OpeningHours {
        let day = "09:00-12:30, 13:30-17:30";
        hours([day, day, day, day, day, "", ""])
    }

    fn closes_in(status: OpenNow) -> Option<Duration> {
        match status {
            OpenNow::Open { closes_in } => closes_in,
            OpenNow::Closed { .. } => panic!("expected open, got {status:?}"),
        }
    }

    fn opens(status: OpenNow) -> Option<Opening> {
        match status {
            OpenNow::Closed { opens } => opens,
            OpenNow::Open { .. } => panic!("expected closed, got {status:?}"),
        }
    }

    fn minutes(m: u64) -> Option<Duration> {
        Some(Duration::from_secs(m * 60))
    }

    fn opening(days_ahead: u8, weekday: u8, hh: u16, mm: u16) -> Option<Opening> {
        Some(Opening {
            days_ahead,
            weekday,
            minute_of_day: hh * 60 + mm,
        })
    }

    // --- status ----------------------------------------------------------------------------

    #[test]
    fn always_open_never_closes() {
        let always = OpeningHours::always();
        assert!(always.is_always());
        assert!(!always.never_opens());
        for weekday in 0..7 {
            assert_eq!(
                always.status(at(weekday, 3, 0)),
                OpenNow::Open { closes_in: None }
            );
        }
    }

    #[test]
    fn open_at_the_opening_minute() {
        assert_eq!(closes_in(antenna().status(at(MON, 9, 0))), minutes(210));
    }

    #[test]
    fn closed_at_the_closing_minute_and_open_just_before() {
        let hours = antenna();
        assert_eq!(
            closes_in(hours.status(WallTime {
                weekday: MON,
                secs_of_day: (12 * 60 + 29) * 60 + 59,
            })),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            opens(hours.status(at(MON, 12, 30))),
            opening(0, MON, 13, 30)
        );
    }

    #[test]
    fn closed_one_second_before_opening() {
        let status = antenna().status(WallTime {
            weekday: TUE,
            secs_of_day: 9 * 3600 - 1,
        });
        assert_eq!(opens(status), opening(0, TUE, 9, 0));
    }

    #[test]
    fn after_the_last_opening_of_the_day_it_opens_tomorrow() {
        assert_eq!(
            opens(antenna().status(at(WED, 17, 30))),
            opening(1, 3, 9, 0)
        );
    }

    #[test]
    fn touching_spans_are_one_opening() {
        let hours = hours(["12:00-14:00, 14:00-18:00", "", "", "", "", "", ""]);
        assert_eq!(closes_in(hours.status(at(MON, 13, 0))), minutes(300));
        assert_eq!(closes_in(hours.status(at(MON, 14, 0))), minutes(240));
    }

    #[test]
    fn closing_at_midnight_goes_on_into_the_next_day() {
        let hours = hours(["20:00-24:00", "00:00-02:00", "", "", "", "", ""]);
        assert_eq!(closes_in(hours.status(at(MON, 23, 0))), minutes(180));
        assert_eq!(closes_in(hours.status(at(TUE, 0, 0))), minutes(120));
        assert_eq!(opens(hours.status(at(TUE, 2, 0))), opening(6, MON, 20, 0));
    }

    #[test]
    fn midnight_without_a_next_opening_closes() {
        let hours = hours(["20:00-24:00", "01:00-02:00", "", "", "", "", ""]);
        assert_eq!(closes_in(hours.status(at(MON, 23, 0))), minutes(60));
        assert_eq!(opens(hours.status(at(TUE, 0, 0))), opening(0, TUE, 1, 0));
    }

    #[test]
    fn sunday_midnight_goes_on_into_monday() {
        let hours = hours(["00:00-08:00", "", "", "", "", "", "22:00-24:00"]);
        assert_eq!(closes_in(hours.status(at(SUN, 23, 0))), minutes(9 * 60));
        assert_eq!(closes_in(hours.status(at(MON, 7, 0))), minutes(60));
        assert_eq!(opens(hours.status(at(MON, 8, 0))), opening(6, SUN, 22, 0));
    }

    #[test]
    fn open_every_minute_of_the_week_never_closes() {
        let day = "00:00-24:00";
        let hours = hours([day; 7]);
        assert_eq!(
            hours.status(at(SUN, 23, 59)),
            OpenNow::Open { closes_in: None }
        );
    }

    #[test]
    fn closed_all_week_never_opens() {
        let hours = hours([""; 7]);
        assert!(hours.never_opens());
        assert!(!hours.is_always());
        assert_eq!(
            hours.status(at(WED, 10, 0)),
            OpenNow::Closed { opens: None }
        );
    }

    #[test]
    fn the_next_opening_wraps_from_sunday_to_monday() {
        let hours = antenna();
        assert_eq!(opens(hours.status(at(FRI, 18, 0))), opening(3, MON, 9, 0));
        assert_eq!(opens(hours.status(at(SAT, 10, 0))), opening(2, MON, 9, 0));
        assert_eq!(opens(hours.status(at(SUN, 23, 59))), opening(1, MON, 9, 0));
    }

    #[test]
    fn one_day_a_week_opens_again_next_week() {
        let hours = hours(["", "", "14:00-16:00", "", "", "", ""]);
        assert_eq!(opens(hours.status(at(WED, 16, 0))), opening(7, WED, 14, 0));
        assert_eq!(opens(hours.status(at(THU, 9, 0))), opening(6, WED, 14, 0));
        assert_eq!(opens(hours.status(at(WED, 13, 0))), opening(0, WED, 14, 0));
    }

    #[test]
    fn a_leap_second_or_a_weekday_past_sunday_does_not_panic() {
        let hours = hours(["", "", "", "", "", "", "22:00-24:00"]);
        let late = WallTime {
            weekday: SUN,
            secs_of_day: 86_400,
        };
        assert_eq!(closes_in(hours.status(late)), Some(Duration::from_secs(1)));
        assert_eq!(opens(hours.status(at(7, 10, 0))), opening(6, SUN, 22, 0));
    }

    // --- parse_day and day_text -------------------------------------------------------------

    #[test]
    fn day_text_is_the_config_form_and_reads_back() {
        let hours = antenna();
        assert_eq!(hours.day_text(MON), "09:00-12:30, 13:30-17:30");
        assert_eq!(hours.day_text(SAT), "");
        assert_eq!(parse_day(&hours.day_text(MON)).unwrap(), hours.day(MON));
        assert_eq!(OpeningHours::always().day_text(SUN), "00:00-24:00");
    }

    #[test]
    fn blank_day_is_closed() {
        assert_eq!(parse_day(""), Ok(Vec::new()));
        assert_eq!(parse_day("   "), Ok(Vec::new()));
    }

    #[test]
    fn lenient_forms_of_a_time() {
        assert_eq!(
            span(" 9:00 - 12h30 "),
            Span {
                open_min: 540,
                close_min: 750
            }
        );
        assert_eq!(span("00:00-24:00"), Span::FULL_DAY);
    }

    #[test]
    fn openings_are_sorted_and_may_touch() {
        assert_eq!(
            parse_day("14:00-18:00, 12:00-14:00").unwrap(),
            [
                Span {
                    open_min: 720,
                    close_min: 840
                },
                Span {
                    open_min: 840,
                    close_min: 1080
                },
            ]
        );
    }

    #[test]
    fn bad_times_say_what_a_time_is() {
        for bad in ["25:00", "12:60", "9", "9:5", "neuf:00", "24:01", "-1:00"] {
            let message = parse_day(&format!("{bad}-23:00")).unwrap_err().to_string();
            assert!(message.contains("is not a time"), "{bad}: {message}");
        }
        assert_eq!(
            parse_day("25:00-26:00").unwrap_err().to_string(),
            "\"25:00\" is not a time: write hours and minutes from \"00:00\" to \"23:59\" \
             (\"24:00\" only as a closing time)"
        );
    }

    #[test]
    fn an_opening_needs_a_dash() {
        assert!(
            parse_day("09:00 12:00")
                .unwrap_err()
                .to_string()
                .starts_with("\"09:00 12:00\" is not an opening")
        );
    }

    #[test]
    fn empty_piece_between_commas() {
        assert!(
            parse_day("09:00-12:00,")
                .unwrap_err()
                .to_string()
                .contains("empty opening between commas")
        );
    }

    #[test]
    fn reversed_and_empty_openings() {
        assert_eq!(
            parse_day("14:00-12:00").unwrap_err().to_string(),
            "\"14:00-12:00\" closes before it opens; write the opening time first, \
             e.g. \"09:00-12:00\""
        );
        assert!(
            parse_day("12:00-12:00")
                .unwrap_err()
                .to_string()
                .starts_with("\"12:00-12:00\" closes when it opens")
        );
    }

    #[test]
    fn midnight_only_closes() {
        assert!(
            parse_day("24:00-24:00")
                .unwrap_err()
                .to_string()
                .contains("only allowed as a closing time")
        );
    }

    #[test]
    fn overlapping_openings() {
        assert_eq!(
            parse_day("09:00-12:00, 11:00-13:00")
                .unwrap_err()
                .to_string(),
            "\"09:00-12:00\" and \"11:00-13:00\" overlap; an opening must start at or after \
             the end of the one before"
        );
        assert!(parse_day("09:00-18:00, 10:00-11:00").is_err());
    }

    #[test]
    fn weekly_refuses_what_parse_day_refuses() {
        let mut days: [Vec<Span>; 7] = Default::default();
        days[TUE as usize] = vec![Span {
            open_min: 600,
            close_min: 1500,
        }];
        let error = OpeningHours::weekly(days.clone()).unwrap_err();
        assert_eq!(error.weekday, TUE);
        assert!(
            error
                .to_string()
                .starts_with("tuesday: \"10:00-25:00\" closes after 24:00")
        );
        days[TUE as usize] = vec![
            Span {
                open_min: 700,
                close_min: 800,
            },
            Span {
                open_min: 600,
                close_min: 650,
            },
        ];
        assert!(matches!(
            OpeningHours::weekly(days).unwrap_err().problem,
            HoursMistake::OutOfOrder { .. }
        ));
    }
}
