//! Staff PIN rules: which PINs may be chosen, and the back-off after wrong PINs.
//!
//! Pure: no file, no clock. The back-off is kept in wall-clock time ([`DateTime<Utc>`]) passed in
//! by the caller, because it is stored on disk and must survive a restart, where a monotonic
//! `Instant` would mean nothing.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use strum::{EnumString, IntoStaticStr};

/// The two staff roles, each with its own PIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, IntoStaticStr, EnumString)]
#[strum(serialize_all = "lowercase")]
pub enum Role {
    /// Starts assisted sessions, extends and ends sessions, puts the station out of service.
    Volunteer,
    /// Everything a volunteer can do, plus the station's settings and the maintenance exit.
    Admin,
}

impl Role {
    /// The role's name in files and on the command line: `admin` or `volunteer`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The role named by [`Role::code`], if any.
    pub fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }

    /// The other role.
    pub fn other(self) -> Self {
        match self {
            Self::Volunteer => Self::Admin,
            Self::Admin => Self::Volunteer,
        }
    }
}

/// The fewest digits a PIN may have.
pub const MIN_PIN_DIGITS: usize = 6;

/// The most digits a PIN may have: the pad shows one dot per digit, and a longer entry is a typo
/// far more often than a wish.
pub const MAX_PIN_DIGITS: usize = 16;

/// Why a new PIN is refused. The UI words each case through the i18n catalogue; the messages
/// here are for the terminal and logs. None of them holds the PIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinRuleError {
    /// Fewer than [`MIN_PIN_DIGITS`] digits.
    #[error("the PIN must have at least {MIN_PIN_DIGITS} digits")]
    TooShort,
    /// More than [`MAX_PIN_DIGITS`] digits.
    #[error("the PIN must have at most {MAX_PIN_DIGITS} digits")]
    TooLong,
    /// Something other than the digits 0 to 9.
    #[error("the PIN must have digits only")]
    NotDigits,
    /// The same digit again and again (000000, 777777).
    #[error("the PIN must not be the same digit repeated")]
    AllSame,
    /// A plain run up or down the digits (123456, 654321, 890123).
    #[error("the PIN must not be a plain sequence of digits")]
    Sequence,
    /// The admin PIN and the volunteer PIN are the same: one would not tell the roles apart.
    #[error("the admin PIN and the volunteer PIN must differ")]
    SameForBothRoles,
}

impl PinRuleError {
    /// Every rule, for the catalogues that word each one.
    pub const ALL: [Self; 6] = [
        Self::TooShort,
        Self::TooLong,
        Self::NotDigits,
        Self::AllSame,
        Self::Sequence,
        Self::SameForBothRoles,
    ];
}

/// Checks a PIN that staff want to set, on its own. See also [`validate_pin_pair`].
pub fn validate_new_pin(pin: &str) -> Result<(), PinRuleError> {
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinRuleError::NotDigits);
    }
    // Digits only from here, so bytes are characters.
    let digits = pin.as_bytes();
    if digits.len() < MIN_PIN_DIGITS {
        return Err(PinRuleError::TooShort);
    }
    if digits.len() > MAX_PIN_DIGITS {
        return Err(PinRuleError::TooLong);
    }
    if digits.windows(2).all(|pair| pair[0] == pair[1]) {
        return Err(PinRuleError::AllSame);
    }
    // Going round past 9 (7890123) is still a run along the keypad.
    let step = |pair: &[u8]| (10 + pair[1] - pair[0]) % 10;
    if digits.windows(2).all(|pair| step(pair) == 1)
        || digits.windows(2).all(|pair| step(pair) == 9)
    {
        return Err(PinRuleError::Sequence);
    }
    Ok(())
}

/// Checks the admin PIN and the volunteer PIN chosen together (the first-start setup screen):
/// each on its own, then that they differ.
pub fn validate_pin_pair(admin: &str, volunteer: &str) -> Result<(), PinRuleError> {
    validate_new_pin(admin)?;
    validate_new_pin(volunteer)?;
    if admin == volunteer {
        return Err(PinRuleError::SameForBothRoles);
    }
    Ok(())
}

/// Wrong PINs allowed before the first wait.
pub const FREE_FAILURES: u32 = 3;

/// The first wait, after [`FREE_FAILURES`] wrong PINs in a row.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(30);

/// The longest wait: staff are slowed down, never locked out for good.
pub const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// Wrong PINs in a row and the time before the next try. One value for the whole station: the
/// pad does not ask for a role, so every wrong PIN is a guess against both PINs at once.
///
/// Policy: the first [`FREE_FAILURES`] − 1 wrong PINs cost nothing; the 3rd makes the pad wait
/// 30 s, then each further wrong PIN doubles the wait (1 min, 2 min, 4 min...) up to
/// [`MAX_BACKOFF`]. A right PIN clears everything. A try during a wait is refused unchecked and
/// does not count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lockout {
    failures: u32,
    locked_until: Option<DateTime<Utc>>,
}

impl Lockout {
    /// A lockout read back from storage.
    pub fn restore(failures: u32, locked_until: Option<DateTime<Utc>>) -> Self {
        Self {
            failures,
            locked_until,
        }
    }

    /// Wrong PINs in a row since the last right one.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Until when the pad refuses PINs, if a wait was ever set since the last right PIN (it may
    /// be in the past).
    pub fn locked_until(&self) -> Option<DateTime<Utc>> {
        self.locked_until
    }

    /// Whether a PIN may be checked at `now`; if not, how long is left to wait.
    ///
    /// The wait shown is never longer than the current back-off step, even if the clock went
    /// back (a station whose clock is wrong at boot until NTP answers); [`Lockout::settle`]
    /// moves the stored end accordingly.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), Duration> {
        let Some(until) = self.locked_until else {
            return Ok(());
        };
        match (until - now).to_std() {
            Ok(left) if !left.is_zero() => Err(left.min(self.backoff())),
            // Negative or zero: the wait is over.
            _ => Ok(()),
        }
    }

    /// Counts a wrong PIN given at `now` and starts the wait it earns.
    pub fn failed(&mut self, now: DateTime<Utc>) {
        self.failures = self.failures.saturating_add(1);
        if self.failures >= FREE_FAILURES {
            self.locked_until = Some(now + to_delta(self.backoff()));
        }
    }

    /// A right PIN: no more waiting, the count starts again.
    pub fn succeeded(&mut self) {
        *self = Self::default();
    }

    /// If the clock went back so far that the wait would end later than a full back-off step
    /// from `now`, brings its end back to `now` plus that step. Returns whether it changed (and
    /// should be stored). Without this, a clock set back by a year would lock staff out for a
    /// year.
    pub fn settle(&mut self, now: DateTime<Utc>) -> bool {
        let Some(until) = self.locked_until else {
            return false;
        };
        let latest = now + to_delta(self.backoff());
        if until > latest {
            self.locked_until = Some(latest);
            return true;
        }
        false
    }

    /// The wait that the current count of wrong PINs earns (zero before the 3rd).
    pub fn backoff(&self) -> Duration {
        backoff_after(self.failures)
    }
}

/// The wait after `failures` wrong PINs in a row.
pub fn backoff_after(failures: u32) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::ZERO;
    }
    // 30 s × 2^(failures − 3); 2^5 × 30 s already passes the cap, so the shift never overflows.
    let doublings = (failures - FREE_FAILURES).min(6);
    (FIRST_BACKOFF * (1 << doublings)).min(MAX_BACKOFF)
}

fn to_delta(duration: Duration) -> TimeDelta {
    // Back-offs are at most MAX_BACKOFF, far inside TimeDelta's range.
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn good_pins_pass() {
        for pin in [
            "135790",
            "120456",
            "2468024680",
            "000001",
            "1234568",
            "9876543210987650",
        ] {
            assert_eq!(validate_new_pin(pin), Ok(()), "{pin}");
        }
    }

    #[test]
    fn short_long_and_non_digit_pins_are_refused() {
        assert_eq!(validate_new_pin(""), Err(PinRuleError::TooShort));
        assert_eq!(validate_new_pin("13579"), Err(PinRuleError::TooShort));
        assert_eq!(
            validate_new_pin("13579135791357913"),
            Err(PinRuleError::TooLong)
        );
        assert_eq!(validate_new_pin("13579a"), Err(PinRuleError::NotDigits));
        assert_eq!(validate_new_pin(" 135790"), Err(PinRuleError::NotDigits));
        assert_eq!(validate_new_pin("135790\n"), Err(PinRuleError::NotDigits));
        // Other scripts' digits are not on the pad.
        assert_eq!(validate_new_pin("١٢٣٤٥٦٧"), Err(PinRuleError::NotDigits));
    }

    #[test]
    fn repeated_digits_are_refused() {
        assert_eq!(validate_new_pin("000000"), Err(PinRuleError::AllSame));
        assert_eq!(validate_new_pin("77777777"), Err(PinRuleError::AllSame));
    }

    #[test]
    fn sequences_are_refused() {
        for pin in [
            "123456",
            "654321",
            "012345",
            "543210",
            "0123456789",
            "890123",
            "210987",
        ] {
            assert_eq!(validate_new_pin(pin), Err(PinRuleError::Sequence), "{pin}");
        }
        // Almost a sequence is allowed: the rule is about plain runs only.
        assert_eq!(validate_new_pin("123457"), Ok(()));
    }

    #[test]
    fn both_roles_need_different_pins() {
        assert_eq!(
            validate_pin_pair("135790", "135790"),
            Err(PinRuleError::SameForBothRoles)
        );
        assert_eq!(validate_pin_pair("135790", "246801"), Ok(()));
        assert_eq!(
            validate_pin_pair("135790", "111111"),
            Err(PinRuleError::AllSame)
        );
    }

    #[test]
    fn messages_never_hold_the_pin() {
        for error in PinRuleError::ALL {
            let text = error.to_string();
            assert!(!text.is_empty());
            assert!(!text.contains("135790"));
        }
    }

    #[test]
    fn backoff_sequence() {
        let secs = |n| backoff_after(n).as_secs();
        assert_eq!([secs(0), secs(1), secs(2)], [0, 0, 0]);
        assert_eq!(
            [secs(3), secs(4), secs(5), secs(6), secs(7), secs(8)],
            [30, 60, 120, 240, 480, 900]
        );
        assert_eq!(secs(9), 900);
        assert_eq!(secs(u32::MAX), 900);
    }

    #[test]
    fn three_wrong_pins_then_a_wait_that_doubles() {
        let mut lockout = Lockout::default();
        lockout.failed(at(0));
        lockout.failed(at(1));
        assert_eq!(lockout.check(at(2)), Ok(()), "two wrong PINs cost nothing");
        lockout.failed(at(2));
        assert_eq!(lockout.check(at(2)), Err(Duration::from_secs(30)));
        assert_eq!(lockout.check(at(31)), Err(Duration::from_secs(1)));
        assert_eq!(lockout.check(at(32)), Ok(()));
        lockout.failed(at(40));
        assert_eq!(lockout.check(at(40)), Err(Duration::from_secs(60)));
        assert_eq!(lockout.check(at(100)), Ok(()));
        lockout.failed(at(100));
        assert_eq!(lockout.check(at(100)), Err(Duration::from_secs(120)));
    }

    #[test]
    fn the_wait_is_capped_at_fifteen_minutes() {
        let mut lockout = Lockout::default();
        let mut now = at(0);
        for _ in 0..50 {
            lockout.failed(now);
            now += to_delta(lockout.backoff());
        }
        assert_eq!(lockout.failures(), 50);
        lockout.failed(now);
        assert_eq!(lockout.check(now), Err(MAX_BACKOFF));
        assert_eq!(lockout.check(now + TimeDelta::minutes(15)), Ok(()));
    }

    #[test]
    fn a_right_pin_clears_everything() {
        let mut lockout = Lockout::default();
        for i in 0..5 {
            lockout.failed(at(i * 1000));
        }
        lockout.succeeded();
        assert_eq!(lockout, Lockout::default());
        lockout.failed(at(10_000));
        lockout.failed(at(10_001));
        assert_eq!(lockout.check(at(10_001)), Ok(()));
        lockout.failed(at(10_002));
        assert_eq!(
            lockout.check(at(10_002)),
            Err(FIRST_BACKOFF),
            "the count started again"
        );
    }

    #[test]
    fn a_clock_set_back_never_locks_staff_out_for_long() {
        let mut lockout = Lockout::default();
        for _ in 0..3 {
            lockout.failed(at(0));
        }
        // The station reboots with its clock a year behind.
        let year_ago = at(-365 * 24 * 3600);
        assert_eq!(lockout.check(year_ago), Err(FIRST_BACKOFF));
        assert!(lockout.settle(year_ago));
        assert!(!lockout.settle(year_ago), "settling twice changes nothing");
        assert_eq!(lockout.check(year_ago + TimeDelta::seconds(30)), Ok(()));
        // A normal wait is left alone.
        let mut normal = Lockout::default();
        for _ in 0..4 {
            normal.failed(at(0));
        }
        assert!(!normal.settle(at(10)));
        assert_eq!(normal.check(at(10)), Err(Duration::from_secs(50)));
    }

    #[test]
    fn a_restored_lockout_behaves_like_the_original() {
        let mut original = Lockout::default();
        for _ in 0..4 {
            original.failed(at(0));
        }
        let restored = Lockout::restore(original.failures(), original.locked_until());
        assert_eq!(restored, original);
        assert_eq!(restored.check(at(0)), Err(Duration::from_secs(60)));
    }

    #[test]
    fn roles_have_codes() {
        for role in [Role::Admin, Role::Volunteer] {
            assert_eq!(Role::from_code(role.code()), Some(role));
            assert_ne!(role.other(), role);
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
