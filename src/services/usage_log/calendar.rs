//! Local time as the usage log counts it: quarter hours and days since 1970-01-01 00:00 in the
//! station's time zone, so that "Monday 9 h" means the antenna's Monday morning, and so that a
//! precise instant never reaches the database.

use chrono::{DateTime, Datelike as _, FixedOffset, NaiveDate, NaiveDateTime, TimeZone as _, Utc};

/// Quarter hours in a day.
pub(super) const QUARTERS_PER_DAY: i64 = 96;
/// Seconds in a quarter hour.
const QUARTER_SECS: i64 = 15 * 60;
/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// The time zone in which the log counts days and hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// The machine's time zone (`/etc/localtime`, `TZ`), with its summer time: what a station
    /// uses.
    Local,
    /// A fixed offset from UTC: for tests, and for a machine whose clock is kept in local time.
    Fixed(FixedOffset),
}

impl Zone {
    /// The wall-clock time at `at` in this zone.
    pub(super) fn wall_clock(self, at: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Self::Local => chrono::Local
                .from_utc_datetime(&at.naive_utc())
                .naive_local(),
            Self::Fixed(offset) => offset.from_utc_datetime(&at.naive_utc()).naive_local(),
        }
    }

    /// The quarter hour that contains `at`: the time rounded down to the quarter hour.
    pub(super) fn quarter(self, at: DateTime<Utc>) -> i64 {
        self.wall_clock(at)
            .and_utc()
            .timestamp()
            .div_euclid(QUARTER_SECS)
    }

    /// The local day of `at`.
    pub(super) fn day(self, at: DateTime<Utc>) -> i64 {
        day_of_quarter(self.quarter(at))
    }
}

/// The day of a quarter hour.
pub(super) fn day_of_quarter(quarter: i64) -> i64 {
    quarter.div_euclid(QUARTERS_PER_DAY)
}

/// Hour of the week of a quarter hour: 0 is Monday 0 h, 167 is Sunday 23 h.
pub(super) fn hour_of_week(quarter: i64) -> i64 {
    let day = day_of_quarter(quarter);
    // 1970-01-01 was a Thursday, the fourth day of a week that starts on Monday.
    let weekday = (day + 3).rem_euclid(7);
    weekday * 24 + quarter.rem_euclid(QUARTERS_PER_DAY) / 4
}

/// The day number of a date.
pub(super) fn day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - EPOCH_DAYS_FROM_CE
}

/// The date of a day number (the first representable date for an absurd number).
pub(super) fn date(day: i64) -> NaiveDate {
    i32::try_from(day + EPOCH_DAYS_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

/// The first day of the month of `day`.
pub(super) fn month_start(day: i64) -> i64 {
    let date = date(day);
    self::day(date.with_day(1).unwrap_or(date))
}

/// The last day of the month that starts on `first`.
pub(super) fn month_end(first: i64) -> i64 {
    let date = date(first);
    let next = date
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(date);
    self::day(next) - 1
}

/// The Monday of the week of `day`.
pub(super) fn week_start(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn quarters_round_down_in_local_time() {
        let paris_winter = Zone::Fixed(FixedOffset::east_opt(3600).unwrap());
        let q = paris_winter.quarter(utc("2024-01-15T08:14:59Z"));
        // 09:14:59 in Paris is in the quarter that starts at 09:00, a Monday.
        assert_eq!(q % QUARTERS_PER_DAY, 9 * 4);
        assert_eq!(
            date(day_of_quarter(q)),
            NaiveDate::from_ymd_opt(2024, 1, 15).unwrap()
        );
        assert_eq!(hour_of_week(q), 9);
        let next = paris_winter.quarter(utc("2024-01-15T08:15:00Z"));
        assert_eq!(next, q + 1);
        // 23:30 UTC on Sunday is already Monday 0 h 30 in Paris.
        let late = paris_winter.quarter(utc("2024-01-14T23:30:00Z"));
        assert_eq!(hour_of_week(late), 0);
    }

    #[test]
    fn days_months_and_weeks() {
        let d = day(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(date(d), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(
            date(month_start(d)),
            NaiveDate::from_ymd_opt(2024, 2, 1).unwrap()
        );
        assert_eq!(month_end(month_start(d)), d);
        // 2024-02-29 was a Thursday; its week started on Monday 26th.
        assert_eq!(
            date(week_start(d)),
            NaiveDate::from_ymd_opt(2024, 2, 26).unwrap()
        );
        assert_eq!(day(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()), 0);
    }
}
