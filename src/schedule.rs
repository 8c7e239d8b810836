//! When to renew, re-read and retry: the arithmetic of keeping secrets fresh,
//! kept pure so it can be tested without a server or a clock.
//!
//! The fractions follow Vault Agent's published defaults, so users who migrate
//! see the same timing:
//! - a renewable lease (and the token) is renewed at 2/3 of its remaining TTL, less
//!   10-20% random jitter so that many clients do not renew in lockstep;
//! - a lease that cannot be renewed any further (renewal refused, or its max TTL
//!   near) is replaced by a new read at the same point of what remains, early
//!   enough for the command to restart with new values before the old ones expire;
//! - a non-renewable lease is re-read at 85-95% of its TTL;
//! - KV (no lease) is polled every poll interval times 0.85-0.95;
//! - a secret that rotates on a schedule (a database static role: no lease, but a
//!   `ttl` in its data) is read again a second after the rotation.
//!
//! Errors back off exponentially from one second to a cap, with jitter, on every
//! path, so an outage never turns into a tight loop against the server.

use std::time::Duration;

/// The smallest delay ever scheduled: a server that hands out a one-second TTL
/// must not make vx spin.
pub const MIN_DELAY: Duration = Duration::from_millis(200);

/// The first retry after an error, and the cap the retries double up to.
pub const BACKOFF_START: Duration = Duration::from_secs(1);
pub const BACKOFF_CAP: Duration = Duration::from_secs(30);

/// A number in [0, 1) from the caller's random source.
pub type Unit = f64;

/// When to renew a renewable lease or token with `remaining` TTL left.
pub fn renew_after(remaining: Duration, jitter: Unit) -> Duration {
    // 2/3 of what remains, less 10-20%.
    let factor = 2.0 / 3.0 * (1.0 - (0.10 + 0.10 * jitter));
    at_least(remaining.mul_f64(factor))
}

/// When to re-read a secret whose lease cannot be extended, with `remaining` left.
pub fn replace_after(remaining: Duration, jitter: Unit) -> Duration {
    renew_after(remaining, jitter)
}

/// When to re-read a non-renewable leased secret of TTL `ttl`: at 85-95% of it.
pub fn reread_after(ttl: Duration, jitter: Unit) -> Duration {
    at_least(ttl.mul_f64(0.85 + 0.10 * jitter))
}

/// When to poll a KV secret again: the interval times 0.85-0.95.
pub fn poll_after(interval: Duration, jitter: Unit) -> Duration {
    at_least(interval.mul_f64(0.85 + 0.10 * jitter))
}

/// When to read a rotating secret (a database static role) again: just after the
/// rotation its `ttl` announces.
pub fn after_rotation(ttl: Duration) -> Duration {
    at_least(ttl + Duration::from_secs(1))
}

/// The delay before retry number `attempt` (0 for the first) after an error:
/// doubling from `BACKOFF_START` up to `BACKOFF_CAP`, then spread over its upper
/// half by jitter.
pub fn backoff(attempt: u32, jitter: Unit) -> Duration {
    let doubled = BACKOFF_START.saturating_mul(1u32 << attempt.min(16));
    let capped = doubled.min(BACKOFF_CAP);
    at_least(capped.mul_f64(0.5 + 0.5 * jitter))
}

/// Whether a renewal that granted `granted` when `asked` was requested means the
/// lease has hit its max TTL: the server cut the increment short.
pub fn renewal_capped(asked: Duration, granted: Duration) -> bool {
    granted + Duration::from_secs(1) < asked
}

/// The delay before restarting a command that exited by itself, for
/// `--restart-on-exit`: 0.5 s doubling to 60 s, back to the start once the
/// command has run for a minute.
pub fn restart_backoff(consecutive_failures: u32) -> Duration {
    Duration::from_millis(500)
        .saturating_mul(1u32 << consecutive_failures.min(16))
        .min(Duration::from_secs(60))
}

fn at_least(delay: Duration) -> Duration {
    delay.max(MIN_DELAY)
}

/// A cheap random unit from the standard library's hasher seeds: jitter needs
/// spread, not cryptographic quality.
pub fn random_unit() -> Unit {
    use std::hash::{BuildHasher, RandomState};
    let bits = RandomState::new().hash_one(std::time::Instant::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    fn secs(d: Duration) -> f64 {
        d.as_secs_f64()
    }

    #[test]
    fn renewal_is_two_thirds_less_ten_to_twenty_percent() {
        assert!((secs(renew_after(HOUR, 0.0)) - 3600.0 * 2.0 / 3.0 * 0.9).abs() < 0.01);
        assert!((secs(renew_after(HOUR, 0.999_999)) - 3600.0 * 2.0 / 3.0 * 0.8).abs() < 0.01);
    }

    #[test]
    fn an_hour_long_credential_is_not_reread_every_few_minutes() {
        for jitter in [0.0, 0.5, 0.999] {
            assert!(renew_after(HOUR, jitter) > Duration::from_secs(1900));
            assert!(reread_after(HOUR, jitter) > Duration::from_secs(3000));
        }
    }

    #[test]
    fn non_renewable_and_kv_use_85_to_95_percent() {
        assert_eq!(
            reread_after(Duration::from_secs(100), 0.0),
            Duration::from_secs(85)
        );
        assert!((secs(reread_after(Duration::from_secs(100), 0.999_999)) - 95.0).abs() < 0.01);
        assert_eq!(
            poll_after(Duration::from_secs(300), 0.0),
            Duration::from_secs(255)
        );
        assert!(poll_after(Duration::from_secs(1), 0.999) < Duration::from_secs(1));
    }

    #[test]
    fn tiny_ttls_never_make_a_tight_loop() {
        assert_eq!(renew_after(Duration::ZERO, 0.5), MIN_DELAY);
        assert_eq!(poll_after(Duration::from_millis(10), 0.5), MIN_DELAY);
    }

    #[test]
    fn backoff_doubles_to_a_cap() {
        let upper: Vec<f64> = (0..8).map(|n| secs(backoff(n, 0.999_999))).collect();
        assert!(upper.windows(2).all(|w| w[1] >= w[0]), "{upper:?}");
        assert!(
            (upper[0] - 1.0).abs() < 0.01 && (upper[7] - 30.0).abs() < 0.01,
            "{upper:?}"
        );
        assert_eq!(backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(40, 0.0), Duration::from_secs(15));
    }

    #[test]
    fn capped_renewals_and_restart_backoff() {
        assert!(renewal_capped(
            Duration::from_secs(6),
            Duration::from_secs(3)
        ));
        assert!(!renewal_capped(
            Duration::from_secs(6),
            Duration::from_secs(6)
        ));
        let delays: Vec<Duration> = (0..9).map(restart_backoff).collect();
        assert_eq!(delays[0], Duration::from_millis(500));
        assert_eq!(delays[3], Duration::from_secs(4));
        assert_eq!(delays[8], Duration::from_secs(60));
    }

    #[test]
    fn random_units_are_in_range() {
        for _ in 0..100 {
            let unit = random_unit();
            assert!((0.0..1.0).contains(&unit));
        }
    }
}
