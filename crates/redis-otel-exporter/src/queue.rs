//! A bounded queue of batches waiting to be sent. When full, the oldest batch is
//! dropped and its data points are counted: memory stays bounded whatever the
//! collector does, and the loss is visible.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::batch::Batch;
use crate::stats::Stats;

/// The queue.
#[derive(Debug)]
pub struct Queue {
    inner: Mutex<State>,
    capacity: usize,
    ready: Notify,
    idle: Condvar,
}

#[derive(Debug, Default)]
struct State {
    items: VecDeque<Batch>,
    in_flight: usize,
    closed: bool,
}

impl Queue {
    /// A queue holding at most `capacity` batches.
    pub fn new(capacity: usize) -> Self {
        Queue {
            inner: Mutex::new(State::default()),
            capacity: capacity.max(1),
            ready: Notify::new(),
            idle: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a batch, dropping (and counting) the oldest ones when full.
    pub fn push(&self, batch: Batch, stats: &Stats) {
        let mut st = self.lock();
        if st.closed {
            stats.add_dropped(batch.points);
            return;
        }
        while st.items.len() >= self.capacity {
            if let Some(old) = st.items.pop_front() {
                stats.add_dropped(old.points);
                tracing::warn!(points = old.points, "sending queue full: dropped the oldest batch");
            }
        }
        st.items.push_back(batch);
        stats.set_queue_depth(st.items.len());
        drop(st);
        self.ready.notify_one();
    }

    /// Waits for the next batch; `None` once closed and empty.
    pub async fn pop(&self, stats: &Stats) -> Option<Batch> {
        loop {
            let notified = self.ready.notified();
            {
                let mut st = self.lock();
                if let Some(b) = st.items.pop_front() {
                    st.in_flight += 1;
                    stats.set_queue_depth(st.items.len());
                    return Some(b);
                }
                if st.closed {
                    return None;
                }
            }
            notified.await;
        }
    }

    /// Marks a popped batch as finished (sent or given up).
    pub fn done(&self) {
        let mut st = self.lock();
        st.in_flight = st.in_flight.saturating_sub(1);
        if st.items.is_empty() && st.in_flight == 0 {
            self.idle.notify_all();
        }
    }

    /// Blocks (a plain thread, not a runtime worker) until empty and idle, or `timeout`.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let until = Instant::now() + timeout;
        let mut st = self.lock();
        while !(st.items.is_empty() && st.in_flight == 0) {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            st = self.idle.wait_timeout(st, left).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
        }
        true
    }

    /// Refuses new batches and wakes the consumers so they can finish.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_waiters();
    }

    /// Drops whatever is still queued (after a flush timed out), counting it.
    pub fn discard(&self, stats: &Stats) {
        let mut st = self.lock();
        for b in st.items.drain(..) {
            stats.add_dropped(b.points);
        }
        stats.set_queue_depth(0);
        if st.in_flight == 0 {
            self.idle.notify_all();
        }
    }

    /// Batches waiting.
    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// True when nothing waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;

    fn batch(points: usize) -> Batch {
        Batch { request: ExportMetricsServiceRequest::default(), points }
    }

    #[test]
    fn full_queue_drops_oldest_and_counts() {
        let stats = Stats::default();
        let q = Queue::new(2);
        q.push(batch(1), &stats);
        q.push(batch(2), &stats);
        q.push(batch(3), &stats);
        assert_eq!(q.len(), 2);
        assert_eq!(stats.snapshot().points_dropped, 1);
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        assert_eq!(rt.block_on(q.pop(&stats)).unwrap().points, 2);
        q.done();
        q.close();
        q.push(batch(10), &stats);
        assert_eq!(stats.snapshot().points_dropped, 11, "closed queue counts refusals");
        assert_eq!(rt.block_on(q.pop(&stats)).unwrap().points, 3);
        q.done();
        assert!(rt.block_on(q.pop(&stats)).is_none());
        assert!(q.wait_idle(Duration::from_millis(10)));
    }
}
