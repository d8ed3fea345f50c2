//! What a `redis_otel_receiver *` points at, in safe Rust: the targets of one receiver
//! block, an on-demand metrics pipeline, and the handle's own tokio runtime.
//!
//! The runtime is single-threaded and driven by the thread that calls `collect`: the
//! scrape, the SDK collection and the encoding all run on the caller's thread, with no
//! hand-off to worker threads and nothing running between collects (a collector
//! scraping every 10 s has no threads of ours waking up in between). Concurrent
//! collects on one handle take turns; collects on different handles run in parallel.
//! The runtime has no signal driver — a Go host needs its own handlers untouched.

use std::time::{Duration, Instant};

use prost::Message as _;
use redis_otel_otlp::OnDemand;
use redis_otel_receiver::{Receiver, ReceiverConfig};
use tokio::runtime::Runtime;

use crate::boundary::Failure;

/// Calling `block_on` from inside a tokio runtime would panic or deadlock: refuse it
/// with a clear error instead.
fn outside_tokio() -> Result<(), Failure> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Failure::invalid_argument(
            "called from inside a tokio runtime; call from a plain thread (e.g. spawn_blocking)",
        ));
    }
    Ok(())
}

/// One receiver block's targets and the pipeline that turns their snapshots into OTLP.
pub(crate) struct Handle {
    runtime: Runtime,
    receiver: Receiver,
    pipeline: OnDemand,
    /// Collects on one handle take turns: a scrape is not a thing to run twice at once
    /// against the same server, and waiting for the turn counts against `timeout_ms`.
    turn: tokio::sync::Mutex<()>,
}

// Go calls from any OS thread; the handle is shared, never moved between owners.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Handle>()
};

impl Handle {
    /// Parses and validates one receiver block. Nothing connects yet.
    pub(crate) fn new(config_yaml: &str) -> Result<Self, Failure> {
        let cfg = ReceiverConfig::from_yaml(config_yaml).map_err(|e| Failure::config(e.to_string()))?;
        let receiver = Receiver::single(&cfg).map_err(|e| Failure::config(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| Failure::internal(format!("cannot start the handle's runtime: {e}")))?;
        let pipeline = OnDemand::new(receiver.targets().len());
        receiver.register(&pipeline.meter());
        Ok(Handle { runtime, receiver, pipeline, turn: tokio::sync::Mutex::new(()) })
    }

    /// Scrapes every target within `timeout` and encodes one
    /// `ExportMetricsServiceRequest`. A target that fails or times out is data
    /// (`redis.up` 0); only a call that cannot get its turn in time is an error.
    pub(crate) fn collect(&self, timeout: Duration) -> Result<Vec<u8>, Failure> {
        let started = Instant::now();
        outside_tokio()?;
        self.runtime.block_on(async {
            let _turn = tokio::time::timeout(timeout, self.turn.lock()).await.map_err(|_| {
                Failure::timeout(format!(
                    "collect: another collect on this handle held it for the whole {} ms",
                    timeout.as_millis()
                ))
            })?;
            let remaining = timeout.saturating_sub(started.elapsed());
            if remaining < Duration::from_millis(1) {
                return Err(Failure::timeout(format!(
                    "collect: no time left of {} ms to scrape",
                    timeout.as_millis()
                )));
            }
            self.receiver.scrape_all(remaining).await;
            Ok(())
        })?;
        let req = self.pipeline.collect(self.receiver.store()).map_err(Failure::internal)?;
        Ok(req.encode_to_vec())
    }

    /// The status of every target (`redis_otel.status.v1.GetStatusResponse`, no
    /// exporter): reads what the last collect left, never blocks.
    pub(crate) fn status(&self) -> Vec<u8> {
        redis_otel_status::v1::GetStatusResponse {
            version: redis_otel_receiver::VERSION.to_string(),
            targets: redis_otel_status::targets(&self.receiver),
            exporter: None,
        }
        .encode_to_vec()
    }

    /// Closes the connections (waiting at most a second) and shuts the pipeline down.
    /// From inside someone else's tokio runtime the goodbyes are skipped (blocking
    /// there is not allowed): dropping the runtime closes the sockets all the same.
    pub(crate) fn close(self) {
        if outside_tokio().is_ok() {
            let targets = self.receiver.targets();
            self.runtime.block_on(async {
                let _ = tokio::time::timeout(Duration::from_secs(1), async {
                    for t in targets {
                        t.close().await;
                    }
                })
                .await;
            });
        }
        self.pipeline.shutdown();
        let Handle { runtime, receiver, .. } = self;
        {
            // fred's clients may touch the runtime when dropped.
            let _entered = runtime.enter();
            drop(receiver);
        }
        // Not `drop(runtime)`: inside another runtime that would panic.
        runtime.shutdown_background();
    }
}
