//! The pause before a segment is tried again after it failed on `lock_timeout`.
//!
//! While an attempt waits for its lock, every query on the table queues behind it, for
//! up to `lock_timeout`. So the pause after an attempt lasts at least
//! [`RATIO`] times as long as the attempt did: readers have the table for at least
//! four fifths of the time the retries take, but for the final wait (the attempt during
//! which the blocker ends). It also grows exponentially from the
//! configured base, and carries up to a quarter of random jitter, so runners that
//! collided do not retry in step.

use std::hash::BuildHasher as _;
use std::time::Duration;

/// The pause is at least this many times the attempt before it.
pub(crate) const RATIO: u32 = 4;

/// The pause before retry number `retry` (1-based), after an attempt that took
/// `attempt`; `jitter` is in `[0, 1)`.
pub(crate) fn pause(base: Duration, retry: u32, attempt: Duration, jitter: f64) -> Duration {
    let exponential = base.saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
    let floor = attempt.saturating_mul(RATIO);
    exponential
        .max(floor)
        .mul_f64(1.0 + jitter.clamp(0.0, 1.0) / 4.0)
}

/// A random number in `[0, 1)`: the standard library's per-process random hash keys,
/// which differ on every call; no cryptographic quality is needed for jitter.
pub(crate) fn jitter() -> f64 {
    let bits = std::collections::hash_map::RandomState::new().hash_one(0u8) >> 11;
    // 53 bits fit a f64's mantissa exactly.
    (bits as f64) / ((1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_outlasts_the_attempt_and_grows() {
        let base = Duration::from_millis(500);
        let quick = Duration::from_millis(10);
        // Short attempts: the exponential series, 0.5 s, 1 s, 2 s.
        let series: Vec<u128> = (1..=3)
            .map(|retry| pause(base, retry, quick, 0.0).as_millis())
            .collect();
        assert_eq!(series, [500, 1000, 2000]);
        // An attempt that waited the whole lock_timeout: at least four times that.
        let long = Duration::from_secs(5);
        assert_eq!(pause(base, 1, long, 0.0), Duration::from_secs(20));
        // Jitter adds at most a quarter, never takes away.
        assert_eq!(pause(base, 1, long, 0.999_999).as_millis(), 24_999);
        assert!(pause(base, 1, long, 1.0) <= Duration::from_millis(25_000));
    }

    #[test]
    fn jitter_is_a_fraction_and_varies() {
        let draws: Vec<f64> = (0..64).map(|_| jitter()).collect();
        assert!(draws.iter().all(|draw| (0.0..1.0).contains(draw)));
        assert!(draws.windows(2).any(|pair| pair[0] != pair[1]));
    }
}
