//! The `PushMetricExporter`: converts each collection into one resource per target,
//! splits it into bounded batches, queues them, and sends them with bounded
//! concurrency, retry with back-off and jitter, and partial-success accounting.
//!
//! `export` never waits on the network: the SDK's PeriodicReader calls it from its own
//! thread, so the gRPC work runs on the tokio runtime handed to [`BatchExporter::new`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::collector::metrics::v1::metrics_service_client::MetricsServiceClient;
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::metrics::Temporality;
use opentelemetry_sdk::metrics::data::ResourceMetrics;
use opentelemetry_sdk::metrics::exporter::PushMetricExporter;
use redis_otel_otlp::StartTimes;
use tonic::codec::CompressionEncoding;
use tonic::metadata::{AsciiMetadataKey, AsciiMetadataValue};
use tonic::transport::{Channel, Endpoint};

use crate::batch;
use crate::config::Resolved;
use crate::queue::Queue;
use crate::retry::{self, Verdict};
use crate::stats::Stats;

/// The exporter cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum ExporterError {
    /// The endpoint URL is unusable.
    #[error("exporters.otlp.endpoint: {0}")]
    Endpoint(String),
    /// A TLS setting could not be used (the message starts with its key).
    #[error("exporters.otlp.{0}")]
    Tls(String),
}

type StartTimesFn = dyn Fn() -> StartTimes + Send + Sync;

struct Inner {
    cfg: Resolved,
    queue: Queue,
    stats: Arc<Stats>,
    client: MetricsServiceClient<Channel>,
    headers: Vec<(AsciiMetadataKey, AsciiMetadataValue)>,
    starts: Box<StartTimesFn>,
    shutdown: AtomicBool,
}

/// OTLP/gRPC exporter for redis-otel metrics. Cheap to clone.
#[derive(Clone)]
pub struct BatchExporter {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for BatchExporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchExporter").field("url", &self.inner.cfg.url).finish_non_exhaustive()
    }
}

fn channel(cfg: &Resolved) -> Result<Channel, ExporterError> {
    // With TLS the connector does the handshake; tonic must see a plain URI.
    let url = if cfg.tls { cfg.url.replacen("https://", "http://", 1) } else { cfg.url.clone() };
    let ep = Endpoint::from_shared(url)
        .map_err(|e| ExporterError::Endpoint(format!("{}: {e}", cfg.url)))?
        .timeout(cfg.timeout)
        .connect_timeout(cfg.timeout)
        .tcp_nodelay(true);
    if !cfg.tls {
        return Ok(ep.connect_lazy());
    }
    let connector = crate::tls::RustlsConnector::new(&cfg.tls_config).map_err(ExporterError::Tls)?;
    Ok(ep.connect_with_connector_lazy(connector))
}

impl BatchExporter {
    /// Builds the exporter and starts `sending_queue.num_consumers` senders on `runtime`.
    /// `starts` gives the server start time per target (for cumulative sums).
    pub fn new(
        cfg: Resolved,
        runtime: &tokio::runtime::Handle,
        starts: impl Fn() -> StartTimes + Send + Sync + 'static,
    ) -> Result<Self, ExporterError> {
        let _guard = runtime.enter();
        let mut client = MetricsServiceClient::new(channel(&cfg)?).max_decoding_message_size(16 << 20);
        if cfg.gzip {
            client = client
                .send_compressed(CompressionEncoding::Gzip)
                .accept_compressed(CompressionEncoding::Gzip);
        }
        let headers = cfg
            .headers
            .iter()
            .filter_map(|(k, v)| {
                Some((k.parse::<AsciiMetadataKey>().ok()?, v.parse::<AsciiMetadataValue>().ok()?))
            })
            .collect();
        let inner = Arc::new(Inner {
            queue: Queue::new(cfg.queue.queue_size),
            stats: Arc::new(Stats::default()),
            client,
            headers,
            starts: Box::new(starts),
            shutdown: AtomicBool::new(false),
            cfg,
        });
        for _ in 0..inner.cfg.queue.num_consumers {
            let inner = inner.clone();
            runtime.spawn(async move {
                while let Some(b) = inner.queue.pop(&inner.stats).await {
                    inner.send(b).await;
                    inner.queue.done();
                }
            });
        }
        Ok(BatchExporter { inner })
    }

    /// The exporter's counters.
    pub fn stats(&self) -> Arc<Stats> {
        self.inner.stats.clone()
    }

    /// Splits and queues a request (what `export` does after converting).
    pub fn enqueue(&self, req: ExportMetricsServiceRequest) {
        let b = &self.inner.cfg.batch;
        for batch in batch::split(req, b.max_data_points, b.max_bytes) {
            self.inner.queue.push(batch, &self.inner.stats);
        }
    }
}

impl Inner {
    async fn send(&self, b: batch::Batch) {
        let started = Instant::now();
        let mut attempt = 0u32;
        tracing::debug!(points = b.points, "sending a batch");
        loop {
            let mut req = tonic::Request::new(b.request.clone());
            req.set_timeout(self.cfg.timeout);
            for (k, v) in &self.headers {
                req.metadata_mut().insert(k.clone(), v.clone());
            }
            let status = match self.client.clone().export(req).await {
                Ok(resp) => {
                    self.stats.add_sent(b.points);
                    if let Some(ps) = resp.into_inner().partial_success
                        && ps.rejected_data_points > 0
                    {
                        self.stats.add_rejected(ps.rejected_data_points as u64);
                        tracing::warn!(
                            rejected = ps.rejected_data_points,
                            message = %ps.error_message,
                            "collector rejected part of a request"
                        );
                    }
                    return;
                }
                Err(status) => status,
            };
            self.stats.add_request_failure();
            let verdict = if self.cfg.retry.enabled { retry::classify(&status) } else { Verdict::Drop };
            let wait = match verdict {
                Verdict::Retry(hint) => Some(hint.unwrap_or_else(|| {
                    retry::backoff(
                        attempt,
                        self.cfg.retry.initial_interval.0,
                        self.cfg.retry.max_interval.0,
                        retry::jitter(),
                    )
                })),
                Verdict::Drop => None,
            };
            let max_elapsed = self.cfg.retry.max_elapsed_time.0;
            let wait = wait.filter(|w| {
                (max_elapsed.is_zero() || started.elapsed().saturating_add(*w) <= max_elapsed)
                    && !self.shutdown.load(Ordering::Relaxed)
            });
            let Some(wait) = wait else {
                self.stats.add_failed(b.points);
                tracing::warn!(code = ?status.code(), message = status.message(), points = b.points, attempts = attempt + 1,
                    "export failed; data points dropped");
                return;
            };
            tracing::debug!(code = ?status.code(), ?wait, "export failed; retrying");
            self.stats.add_retry();
            attempt += 1;
            tokio::time::sleep(wait).await;
        }
    }
}

impl PushMetricExporter for BatchExporter {
    async fn export(&self, metrics: &ResourceMetrics) -> OTelSdkResult {
        if self.inner.shutdown.load(Ordering::Relaxed) {
            return Err(OTelSdkError::AlreadyShutdown);
        }
        let t0 = Instant::now();
        let req = redis_otel_otlp::from_sdk(metrics, &(self.inner.starts)());
        let converted = t0.elapsed();
        self.enqueue(req);
        tracing::debug!(?converted, total = ?t0.elapsed(), queued = self.inner.queue.len(), "collection queued");
        if !self.inner.cfg.queue.enabled && !self.inner.queue.wait_idle(self.inner.cfg.timeout * 2) {
            return Err(OTelSdkError::Timeout(self.inner.cfg.timeout * 2));
        }
        Ok(())
    }

    fn force_flush(&self) -> OTelSdkResult {
        let t = self.inner.cfg.timeout;
        if self.inner.queue.wait_idle(t) { Ok(()) } else { Err(OTelSdkError::Timeout(t)) }
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        if self.inner.shutdown.swap(true, Ordering::Relaxed) {
            return Err(OTelSdkError::AlreadyShutdown);
        }
        self.inner.queue.close();
        let done = self.inner.queue.wait_idle(timeout);
        self.inner.queue.discard(&self.inner.stats);
        if done { Ok(()) } else { Err(OTelSdkError::Timeout(timeout)) }
    }

    fn temporality(&self) -> Temporality {
        Temporality::Cumulative
    }
}
