//! # redis-otel-receiver
//!
//! Scrapes Redis (`INFO all`, and `CONFIG GET maxclients` / `CLUSTER INFO` where needed)
//! over one persistent [`fred`] connection per target and records OpenTelemetry metrics
//! through the `opentelemetry` API, with the names, units, instrument kinds and
//! attributes of the Collector Contrib `redisreceiver` plus the capacity signals it
//! lacks (`redis.clients.max`, `redis.clients.utilization`, `redis.clients.disconnections`,
//! `redis.up`, `redis.scrape.duration`). The catalog is `metadata.yaml`; see
//! `docs/metrics.md`.
//!
//! The pieces, in the order data flows:
//! - [`config`]: the receiver block, exactly as contrib accepts it;
//! - [`scraper`]: a [`scraper::Target`] owns the connection and fetches bytes;
//! - [`info`]: a pure, zero-copy INFO parser;
//! - [`extract`]: catalog-driven data points from parsed INFO;
//! - [`store`]: immutable snapshots published per target;
//! - [`instruments`]: observable instruments whose callbacks only read snapshots.
//!
//! ## Embedding in your own pipeline
//!
//! ```no_run
//! use opentelemetry::metrics::MeterProvider as _;
//! use redis_otel_receiver::{Receiver, ReceiverConfig, catalog::SCOPE_NAME};
//! # async fn demo(provider: opentelemetry_sdk::metrics::SdkMeterProvider) {
//! let cfg = ReceiverConfig::for_endpoint("127.0.0.1:6379");
//! let receiver = Receiver::single(&cfg).expect("valid config");
//! receiver.register(&provider.meter(SCOPE_NAME));
//! receiver.run(std::future::pending()).await; // scrapes on collection_interval
//! # }
//! ```
//!
//! Every data point carries the target identity (`server.address`, `server.port`,
//! `redis.version`) as attributes, so one meter serves many targets; the OTLP crate moves
//! them into one resource per target.

pub mod catalog;
pub mod config;
pub mod extract;
pub mod info;
pub mod instruments;
pub mod receiver;
pub mod scraper;
pub mod store;
pub mod tls;
pub mod yaml;

pub use catalog::{MetricId, ids};
pub use config::ReceiverConfig;
pub use receiver::Receiver;
pub use scraper::{ScrapeError, Target};
pub use store::{Snapshot, Store};

/// This crate's version (also the instrumentation scope version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
