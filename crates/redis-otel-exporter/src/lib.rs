//! # redis-otel-exporter
//!
//! Pushes redis-otel metrics to any OpenTelemetry Collector over OTLP/gRPC.
//!
//! Why not `opentelemetry-otlp`'s exporter? It sends one provider's single resource per
//! call and cannot split a request. An agent scraping a thousand Redis targets needs one
//! resource per target, requests that stay under the collector's 4 MiB limit, bounded
//! concurrency, and a bounded queue that counts what it drops. This crate implements
//! the SDK's [`PushMetricExporter`](opentelemetry_sdk::metrics::exporter::PushMetricExporter)
//! so it plugs into the stock `PeriodicReader`, and keeps the configuration conventions
//! of the collector's `otlp` exporter and the `OTEL_EXPORTER_OTLP_*` variables.
//!
//! - [`config`]: the `exporters: otlp:` block and environment fallbacks;
//! - [`batch`]: bounded requests, nothing lost;
//! - [`queue`]: bounded, drop-oldest, counted;
//! - [`retry`]: retryable codes, `RetryInfo`, back-off with jitter;
//! - [`exporter`]: the exporter; [`stats`]: its counters; `tls`: TLS to the collector,
//!   built by the receiver's TLS code.

pub mod batch;
pub mod config;
pub mod exporter;
pub mod queue;
pub mod retry;
pub mod stats;
mod tls;

pub use config::{ExporterConfig, Resolved};
pub use exporter::{BatchExporter, ExporterError};
pub use stats::{Stats, StatsSnapshot};
