//! What a `redis_otel_receiver *` points at, in safe Rust: the targets of one receiver
//! block, an on-demand metrics pipeline, and the library's one tokio runtime that
//! drives every connection.
//!
//! The runtime is process-wide and created on first use: a host that opens many
//! handles (a collector with many `redisotel` blocks) gets two worker threads, not two
//! per handle. It has no signal driver — a Go host needs its own handlers untouched.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use prost::Message as _;
use redis_otel_otlp::OnDemand;
use redis_otel_receiver::instruments::Registration;
use redis_otel_receiver::{Receiver, ReceiverConfig};
use tokio::runtime::Runtime;

use crate::boundary::Failure;

/// Worker threads of the library's runtime: scraping is I/O bound and a handful of
/// targets per host is the common case.
const WORKER_THREADS: usize = 2;

fn runtime() -> Result<&'static Runtime, Failure> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(WORKER_THREADS)
                .thread_name("redis-otel")
                .enable_io()
                .enable_time()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Failure::internal(format!("cannot start the library's runtime: {e}")))
}

/// Runs `fut` on the library's runtime from a host thread. Calling from inside a tokio
/// runtime would deadlock or panic, so it is refused with a clear error.
fn block_on<F: std::future::Future>(fut: F) -> Result<F::Output, Failure> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Failure::invalid_argument(
            "called from inside a tokio runtime; call from a plain thread (e.g. spawn_blocking)",
        ));
    }
    Ok(runtime()?.block_on(fut))
}

/// One receiver block's targets and the pipeline that turns their snapshots into OTLP.
pub(crate) struct Handle {
    receiver: Receiver,
    pipeline: OnDemand,
    _instruments: Registration,
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
        let receiver = Receiver::single(&cfg)
            .map_err(|e| Failure::config(e.to_string().trim_start_matches("receivers.redis.").to_string()))?;
        let pipeline = OnDemand::new(receiver.targets().len());
        let instruments = receiver.register(&pipeline.meter());
        Ok(Handle { receiver, pipeline, _instruments: instruments, turn: tokio::sync::Mutex::new(()) })
    }

    /// Scrapes every target within `timeout` and encodes one
    /// `ExportMetricsServiceRequest`. A target that fails or times out is data
    /// (`redis.up` 0); only a call that cannot get its turn in time is an error.
    pub(crate) fn collect(&self, timeout: Duration) -> Result<Vec<u8>, Failure> {
        let started = Instant::now();
        block_on(async {
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
        })??;
        let req = self.pipeline.collect(self.receiver.store()).map_err(Failure::internal)?;
        Ok(req.encode_to_vec())
    }

    /// Closes the connections (waiting at most a second when called from a plain
    /// thread) and shuts the pipeline down.
    pub(crate) fn close(self) {
        let targets = self.receiver.targets().to_vec();
        let closing = async move {
            for t in targets {
                t.close().await;
            }
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            // Inside someone's runtime: hand the goodbyes to ours and do not wait.
            if let Ok(rt) = runtime() {
                rt.spawn(closing);
            }
        } else if let Ok(rt) = runtime() {
            rt.block_on(async {
                let _ = tokio::time::timeout(Duration::from_secs(1), closing).await;
            });
        }
        self.pipeline.shutdown();
    }
}
