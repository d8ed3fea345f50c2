//! A receiver: every target of one or more receiver blocks, scraped on their own
//! intervals, published into one [`Store`] that the instruments read.

use std::sync::Arc;
use std::time::Duration;

use opentelemetry::metrics::Meter;
use tokio::task::JoinSet;

use crate::catalog::MetricId;
use crate::config::{InvalidConfig, ReceiverConfig};
use crate::instruments;
use crate::scraper::{Outcome, Target};
use crate::store::Store;

/// All targets of the configured receiver blocks.
#[derive(Debug)]
pub struct Receiver {
    targets: Vec<Arc<Target>>,
    blocks: Vec<String>,
    initial_delays: Vec<Duration>,
    store: Arc<Store>,
}

impl Receiver {
    /// Builds the targets of the given blocks (`(name, block)` pairs). Validates each
    /// block; an error names the block and key. Nothing connects yet.
    pub fn new<'a>(
        blocks: impl IntoIterator<Item = (&'a str, &'a ReceiverConfig)>,
    ) -> Result<Self, InvalidConfig> {
        Self::build(blocks, true)
    }

    /// A receiver for a single block (named `redis`); errors name the key within the
    /// block, with no `receivers.<name>.` in front.
    pub fn single(cfg: &ReceiverConfig) -> Result<Self, InvalidConfig> {
        Self::build([("redis", cfg)], false)
    }

    fn build<'a>(
        blocks: impl IntoIterator<Item = (&'a str, &'a ReceiverConfig)>,
        name_blocks: bool,
    ) -> Result<Self, InvalidConfig> {
        let store = Store::new();
        let mut targets = Vec::new();
        let mut initial_delays = Vec::new();
        let mut names = Vec::new();
        for (name, cfg) in blocks {
            let prefix = |e: InvalidConfig| match name_blocks {
                true => InvalidConfig { key: format!("receivers.{name}.{}", e.key), message: e.message },
                false => e,
            };
            cfg.validate().map_err(prefix)?;
            for ep in cfg.all_endpoints() {
                targets.push(Arc::new(Target::new(cfg, ep, store.add_slot()).map_err(prefix)?));
                initial_delays.push(cfg.initial_delay.0);
                names.push(name.to_string());
            }
        }
        Ok(Receiver { targets, blocks: names, initial_delays, store })
    }

    /// The targets.
    pub fn targets(&self) -> &[Arc<Target>] {
        &self.targets
    }

    /// The receiver block each target comes from (same order as [`Self::targets`]).
    pub fn target_blocks(&self) -> &[String] {
        &self.blocks
    }

    /// The snapshot store the instruments read.
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// Metrics enabled in at least one block, in catalog order.
    pub fn metrics(&self) -> Vec<MetricId> {
        let mut all: Vec<MetricId> = self.targets.iter().flat_map(|t| t.metrics().iter().copied()).collect();
        all.sort();
        all.dedup();
        all
    }

    /// Registers the receiver's instruments on a caller's meter (use a meter whose scope
    /// is [`crate::catalog::SCOPE_NAME`] to match the OTLP output of the agent).
    pub fn register(&self, meter: &Meter) {
        instruments::register(meter, self.store.clone(), &self.metrics())
    }

    /// Scrapes every target once, concurrently, each within its interval and `deadline`.
    pub async fn scrape_all(&self, deadline: Duration) -> Vec<Outcome> {
        let mut set = JoinSet::new();
        for (i, t) in self.targets.iter().enumerate() {
            let t = t.clone();
            set.spawn(async move { (i, t.scrape(deadline).await) });
        }
        let mut out: Vec<Option<Outcome>> = vec![None; self.targets.len()];
        while let Some(res) = set.join_next().await {
            if let Ok((i, o)) = res {
                out[i] = Some(o);
            }
        }
        out.into_iter().flatten().collect()
    }

    /// Runs every target on its own `collection_interval` (after its `initial_delay`)
    /// until `stop` resolves, then closes the connections.
    pub async fn run(&self, stop: impl std::future::Future<Output = ()>) {
        let mut set = JoinSet::new();
        for (t, delay) in self.targets.iter().zip(&self.initial_delays) {
            let t = t.clone();
            let delay = *delay;
            set.spawn(async move {
                tokio::time::sleep(delay).await;
                let mut tick = tokio::time::interval(t.interval());
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tick.tick().await;
                    let o = t.scrape(t.interval()).await;
                    if let Some(e) = o.error {
                        tracing::warn!(target = %t.label(), error = %e, "scrape failed");
                    }
                }
            });
        }
        stop.await;
        set.abort_all();
        while set.join_next().await.is_some() {}
        for t in &self.targets {
            t.close().await;
        }
    }
}
