//! Which gRPC failures are worth retrying, and how long to wait. Pure functions, tested
//! as tables.

use std::time::Duration;

use tonic::Code;
use tonic_types::StatusExt;

/// What to do with a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Try again, after the server's `RetryInfo` delay when it gave one.
    Retry(Option<Duration>),
    /// Give up: the data would be rejected again.
    Drop,
}

/// Classifies a status the way the OTLP specification says (retryable codes), honouring
/// `RetryInfo`; `RESOURCE_EXHAUSTED` is retried only when the server sent `RetryInfo`.
pub fn classify(status: &tonic::Status) -> Verdict {
    let hint = status.get_details_retry_info().and_then(|r| r.retry_delay);
    classify_code(status.code(), hint)
}

/// [`classify`] on the parts.
pub fn classify_code(code: Code, retry_info: Option<Duration>) -> Verdict {
    match code {
        Code::Cancelled
        | Code::DeadlineExceeded
        | Code::Aborted
        | Code::OutOfRange
        | Code::Unavailable
        | Code::DataLoss => Verdict::Retry(retry_info),
        Code::ResourceExhausted if retry_info.is_some() => Verdict::Retry(retry_info),
        _ => Verdict::Drop,
    }
}

/// The `attempt`-th back-off (0-based): `initial × 1.5^attempt` capped at `max`, with
/// ±50% jitter from `unit` in [0, 1).
pub fn backoff(attempt: u32, initial: Duration, max: Duration, unit: f64) -> Duration {
    let base = initial.as_secs_f64() * 1.5f64.powi(attempt.min(60) as i32);
    let capped = base.min(max.as_secs_f64());
    let jittered = capped * (0.5 + unit.clamp(0.0, 1.0));
    Duration::from_secs_f64(jittered.min(max.as_secs_f64()))
}

/// A cheap jitter source (no RNG dependency): nanoseconds of the clock, hashed.
pub fn jitter() -> f64 {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let x = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        let d = Some(Duration::from_secs(2));
        let table = [
            (Code::Unavailable, None, Verdict::Retry(None)),
            (Code::Unavailable, d, Verdict::Retry(d)),
            (Code::DeadlineExceeded, None, Verdict::Retry(None)),
            (Code::ResourceExhausted, None, Verdict::Drop),
            (Code::ResourceExhausted, d, Verdict::Retry(d)),
            (Code::InvalidArgument, None, Verdict::Drop),
            (Code::Unauthenticated, None, Verdict::Drop),
            (Code::PermissionDenied, None, Verdict::Drop),
            (Code::Unimplemented, None, Verdict::Drop),
        ];
        for (code, info, want) in table {
            assert_eq!(classify_code(code, info), want, "{code:?}");
        }
    }

    #[test]
    fn backoff_grows_and_caps() {
        let i = Duration::from_millis(100);
        let m = Duration::from_secs(1);
        assert_eq!(backoff(0, i, m, 0.5), Duration::from_millis(100));
        assert_eq!(backoff(1, i, m, 0.5), Duration::from_millis(150));
        assert_eq!(backoff(20, i, m, 0.5), m);
        assert!(backoff(0, i, m, 0.0) >= Duration::from_millis(50));
        assert!(backoff(20, i, m, 0.99) <= m);
        let j = jitter();
        assert!((0.0..1.0).contains(&j));
    }
}
