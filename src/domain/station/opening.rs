//! Opening hours: the wall clock seen by the station, closing times, sessions shortened before
//! closing.

use std::time::{Duration, Instant};

use crate::domain::hours::{OpenNow, WallTime};

use super::{State, Station};

/// When the admin moves the closing time during a session, the session still gets this long.
pub(super) const LAST_MINUTES_AFTER_CHANGE: Duration = Duration::from_secs(5 * 60);

impl Station {
    /// Looks at the wall clock: the supervisor calls this before every event, so that opening
    /// hours count. The only way wall-clock time enters the station.
    pub fn observe_wall(&mut self, wall: WallTime, now: Instant) {
        self.open = self.rules.hours.status(wall);
        let minute = u16::try_from(wall.secs_of_day / 60).map_or(1439, |m| m.min(1439));
        self.minute_of_day = minute;
        if let State::Welcome | State::Closed(_) = self.state {
            self.state = match self.open {
                OpenNow::Open { .. } => State::Welcome,
                OpenNow::Closed { opens } => State::Closed(opens),
            };
        }
        // Hours changed by the admin during a session: it ends at the new closing time, but
        // never sooner than a few minutes from now, so that the person is warned first.
        let closes_at = self.closes_at(now);
        let notice = closes_at.map(|at| at.max(now + LAST_MINUTES_AFTER_CHANGE));
        let closing_minute = closes_at.and_then(|at| {
            self.closing_minute(at.saturating_duration_since(now) + Duration::from_secs(1))
        });
        if let State::InSession(session) = &mut self.state {
            session.closes_at = closes_at;
            if let Some(end) = notice
                && end < session.deadline
            {
                session.deadline = end;
                session.closing_minute = closing_minute.or(session.closing_minute);
            }
        }
    }

    /// When the station closes, seen from `now`, if it closes at all.
    pub(super) fn closes_at(&self, now: Instant) -> Option<Instant> {
        match self.open {
            OpenNow::Open { closes_in } => closes_in.map(|left| now + left),
            OpenNow::Closed { .. } => Some(now),
        }
    }

    /// Whether the station closes within a minute: no session starts then.
    pub(super) fn closing_now(&self, now: Instant) -> bool {
        self.closes_at(now)
            .is_some_and(|at| at < now + Duration::from_secs(60))
    }

    /// The closing time as a minute of the day, if the station closes within `within`.
    pub(super) fn closing_minute(&self, within: Duration) -> Option<u16> {
        match self.open {
            OpenNow::Open {
                closes_in: Some(left),
            } if left <= within => {
                let minutes = u16::try_from(left.as_secs().div_ceil(60)).unwrap_or(u16::MAX);
                Some((self.minute_of_day.saturating_add(minutes)) % 1440)
            }
            _ => None,
        }
    }
}
