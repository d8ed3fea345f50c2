//! The exporter's own counters, read by the agent's self-telemetry and status service.

use std::sync::atomic::{AtomicU64, Ordering};

/// Counters since start.
#[derive(Debug, Default)]
pub struct Stats {
    points_sent: AtomicU64,
    points_failed: AtomicU64,
    points_dropped: AtomicU64,
    points_rejected: AtomicU64,
    requests_sent: AtomicU64,
    requests_failed: AtomicU64,
    retries: AtomicU64,
    queue_depth: AtomicU64,
}

/// A copy of the counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
    /// Data points the collector accepted.
    pub points_sent: u64,
    /// Data points given up on after retries (or not retryable).
    pub points_failed: u64,
    /// Data points dropped because the queue was full or closed.
    pub points_dropped: u64,
    /// Data points the collector reported rejected (partial success).
    pub points_rejected: u64,
    /// Successful requests.
    pub requests_sent: u64,
    /// Failed request attempts.
    pub requests_failed: u64,
    /// Retries.
    pub retries: u64,
    /// Batches waiting.
    pub queue_depth: u64,
}

impl Stats {
    pub(crate) fn add_sent(&self, points: usize) {
        self.points_sent.fetch_add(points as u64, Ordering::Relaxed);
        self.requests_sent.fetch_add(1, Ordering::Relaxed);
    }
    pub(crate) fn add_failed(&self, points: usize) {
        self.points_failed.fetch_add(points as u64, Ordering::Relaxed);
    }
    pub(crate) fn add_dropped(&self, points: usize) {
        self.points_dropped.fetch_add(points as u64, Ordering::Relaxed);
    }
    pub(crate) fn add_rejected(&self, points: u64) {
        self.points_rejected.fetch_add(points, Ordering::Relaxed);
    }
    pub(crate) fn add_request_failure(&self) {
        self.requests_failed.fetch_add(1, Ordering::Relaxed);
    }
    pub(crate) fn add_retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }
    pub(crate) fn set_queue_depth(&self, n: usize) {
        self.queue_depth.store(n as u64, Ordering::Relaxed);
    }

    /// Reads every counter.
    pub fn snapshot(&self) -> StatsSnapshot {
        let r = |a: &AtomicU64| a.load(Ordering::Relaxed);
        StatsSnapshot {
            points_sent: r(&self.points_sent),
            points_failed: r(&self.points_failed),
            points_dropped: r(&self.points_dropped),
            points_rejected: r(&self.points_rejected),
            requests_sent: r(&self.requests_sent),
            requests_failed: r(&self.requests_failed),
            retries: r(&self.retries),
            queue_depth: r(&self.queue_depth),
        }
    }
}
