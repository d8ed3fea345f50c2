//! Immutable per-target snapshots that instrument callbacks read without blocking.
//!
//! OpenTelemetry runs observable callbacks synchronously under the pipeline's lock, so a
//! callback must never touch the network. Scrapes run on tokio and publish a finished
//! [`Snapshot`]; callbacks only load the latest one (an atomic pointer swap).

use std::sync::Arc;
use std::time::SystemTime;

use arc_swap::{ArcSwap, ArcSwapOption};
use opentelemetry::KeyValue;

use crate::catalog::{METRICS, MetricId};
use crate::extract::Point;

/// The result of one scrape of one target.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Resource attributes of the target (`server.address`, `server.port`, `redis.version`).
    pub identity: Vec<KeyValue>,
    /// Whether the scrape succeeded.
    pub up: bool,
    /// When the scrape finished.
    pub time: SystemTime,
    /// Server start (now − uptime), for the start time of cumulative sums.
    pub start_time: Option<SystemTime>,
    /// How long the scrape took.
    pub duration: std::time::Duration,
    /// Points per metric (indexed by [`MetricId`]); attributes already include the identity.
    points: Box<[Vec<Point>]>,
}

impl Snapshot {
    /// Builds a snapshot; `identity` is prepended to every point's attributes.
    pub fn new(identity: Vec<KeyValue>, up: bool, points: Vec<(MetricId, Vec<Point>)>) -> Self {
        let mut by_metric: Box<[Vec<Point>]> = vec![Vec::new(); METRICS.len()].into_boxed_slice();
        for (id, pts) in points {
            by_metric[id.0] = pts
                .into_iter()
                .map(|p| {
                    let mut attributes = identity.clone();
                    attributes.extend(p.attributes);
                    Point { attributes, value: p.value }
                })
                .collect();
        }
        Snapshot {
            identity,
            up,
            time: SystemTime::now(),
            start_time: None,
            duration: std::time::Duration::ZERO,
            points: by_metric,
        }
    }

    /// Points of one metric.
    pub fn points(&self, id: MetricId) -> &[Point] {
        self.points.get(id.0).map_or(&[], Vec::as_slice)
    }
}

/// One target's latest snapshot.
#[derive(Debug, Default)]
pub struct Slot(ArcSwapOption<Snapshot>);

impl Slot {
    /// Publishes a new snapshot.
    pub fn publish(&self, s: Arc<Snapshot>) {
        self.0.store(Some(s));
    }

    /// The latest snapshot.
    pub fn latest(&self) -> Option<Arc<Snapshot>> {
        self.0.load_full()
    }
}

/// All targets' slots.
#[derive(Debug, Default)]
pub struct Store {
    slots: ArcSwap<Vec<Arc<Slot>>>,
}

impl Store {
    /// An empty store.
    pub fn new() -> Arc<Self> {
        Arc::new(Store::default())
    }

    /// Adds a slot for a new target.
    pub fn add_slot(&self) -> Arc<Slot> {
        let slot = Arc::new(Slot::default());
        self.slots.rcu(|cur| {
            let mut v = Vec::clone(cur);
            v.push(slot.clone());
            v
        });
        slot
    }

    /// Visits every published snapshot (never blocks).
    pub fn for_each(&self, mut f: impl FnMut(&Snapshot)) {
        for slot in self.slots.load().iter() {
            if let Some(s) = &*slot.0.load() {
                f(s);
            }
        }
    }
}
