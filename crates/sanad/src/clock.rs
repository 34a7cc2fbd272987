//! Time as Sanad writes it on documents: Saudi time (Asia/Riyadh, UTC+03:00, no daylight
//! saving), whatever the machine's time zone. The clock is a value, so tests set it.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

/// Asia/Riyadh: UTC+03:00 all year.
pub fn saudi_offset() -> FixedOffset {
    FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// A source of the current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told (tests, catch-up runs).
#[derive(Debug)]
pub struct FixedClock(std::sync::Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Arc<Self> {
        Arc::new(Self(std::sync::Mutex::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A moment in Saudi time, to the second (documents carry no fractions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaudiTime {
    /// The same instant in UTC (what the ledger stores).
    pub utc: DateTime<Utc>,
    /// Local Saudi date and time (what the document says).
    pub local: NaiveDateTime,
}

impl SaudiTime {
    /// `at` in Saudi time, truncated to whole seconds.
    pub fn of(at: DateTime<Utc>) -> Self {
        let utc = at.with_nanosecond(0).unwrap_or(at);
        Self {
            utc,
            local: utc.with_timezone(&saudi_offset()).naive_local(),
        }
    }

    /// Now, by `clock`.
    pub fn now(clock: &dyn Clock) -> Self {
        Self::of(clock.now())
    }

    pub fn date(&self) -> NaiveDate {
        self.local.date()
    }

    pub fn time(&self) -> NaiveTime {
        self.local.time()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saudi_date_turns_at_21_00_utc() {
        let before = "2026-12-01T20:59:59Z".parse::<DateTime<Utc>>().expect("t");
        let after = "2026-12-01T21:00:00.750Z"
            .parse::<DateTime<Utc>>()
            .expect("t");
        let b = SaudiTime::of(before);
        let a = SaudiTime::of(after);
        assert_eq!(b.date().to_string(), "2026-12-01");
        assert_eq!(b.time().to_string(), "23:59:59");
        assert_eq!(a.date().to_string(), "2026-12-02");
        assert_eq!(a.time().to_string(), "00:00:00");
        assert_eq!(a.utc.to_rfc3339(), "2026-12-01T21:00:00+00:00");
    }
}
