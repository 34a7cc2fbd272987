//! Retry policy: exponential backoff with jitter, Retry-After honoured, a bounded total.

use std::time::Duration;

use rand::Rng;

/// How often and how patiently the client resends the identical bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all (the first send included); at least 1.
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubled for each further one.
    pub base_delay: Duration,
    /// Cap of one backoff (a longer Retry-After is still honoured within `total_budget`).
    pub max_delay: Duration,
    /// Time limit of one request (connect + send + answer).
    pub request_timeout: Duration,
    /// Time limit of connecting.
    pub connect_timeout: Duration,
    /// The whole exchange (all attempts and waits) ends by then; no wait starts that would end
    /// after it.
    pub total_budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            total_budget: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// No resend at all: one attempt.
    pub fn single_attempt(request_timeout: Duration) -> Self {
        Self {
            max_attempts: 1,
            request_timeout,
            connect_timeout: request_timeout,
            total_budget: request_timeout,
            ..Self::default()
        }
    }

    /// The exponential step before attempt `next_attempt` (2, 3, …), without jitter, capped.
    pub fn step(&self, next_attempt: u32) -> Duration {
        let exp = next_attempt.saturating_sub(2).min(30);
        self.base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay)
    }

    /// The wait before attempt `next_attempt`: "equal jitter" (half the step plus a random part
    /// of the other half), and never less than the server's Retry-After.
    pub fn delay(&self, next_attempt: u32, retry_after: Option<Duration>) -> Duration {
        let step = self.step(next_attempt);
        let half = step / 2;
        let jitter_ns = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if jitter_ns == 0 {
            Duration::ZERO
        } else {
            Duration::from_nanos(rand::rng().random_range(0..=jitter_ns))
        };
        let backoff = half + jitter;
        match retry_after {
            Some(ra) => backoff.max(ra),
            None => backoff,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_is_capped_and_jittered_within_bounds() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(700),
            ..RetryPolicy::default()
        };
        assert_eq!(p.step(2), Duration::from_millis(100));
        assert_eq!(p.step(3), Duration::from_millis(200));
        assert_eq!(p.step(4), Duration::from_millis(400));
        assert_eq!(p.step(5), Duration::from_millis(700));
        assert_eq!(p.step(40), Duration::from_millis(700));
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let d = p.delay(4, None);
            assert!(d >= Duration::from_millis(200) && d <= Duration::from_millis(400));
            seen.insert(d);
        }
        assert!(seen.len() > 10, "jitter must vary the waits");
    }

    #[test]
    fn retry_after_is_a_floor() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(10),
            ..RetryPolicy::default()
        };
        assert!(p.delay(2, Some(Duration::from_secs(2))) >= Duration::from_secs(2));
    }
}
