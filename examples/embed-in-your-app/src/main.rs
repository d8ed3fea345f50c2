//! Your application already has an OpenTelemetry `MeterProvider`; this shows how to add
//! Redis metrics to it with two calls: build a [`Receiver`] from a contrib-style block
//! and register its instruments on your meter. Here the provider prints to stdout every
//! 5 seconds; with `opentelemetry-otlp` it would push to a collector instead.
//!
//! ```text
//! cargo run -p embed-in-your-app -- 127.0.0.1:6379 12
//! ```

use std::time::Duration;

use opentelemetry::metrics::MeterProvider as _;
use opentelemetry_sdk::metrics::{PeriodicReader, SdkMeterProvider};
use redis_otel_receiver::config::GoDuration;
use redis_otel_receiver::{Receiver, ReceiverConfig, catalog};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let endpoint = args.next().unwrap_or_else(|| "127.0.0.1:6379".into());
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(12);

    // Your existing pipeline.
    let exporter = opentelemetry_stdout::MetricExporter::default();
    let reader = PeriodicReader::builder(exporter).with_interval(Duration::from_secs(5)).build();
    let provider = SdkMeterProvider::builder().with_reader(reader).build();

    // The receiver: the same keys as the collector's redis receiver block.
    let mut cfg = ReceiverConfig::for_endpoint(endpoint);
    cfg.collection_interval = GoDuration(Duration::from_secs(5));
    cfg.initial_delay = GoDuration(Duration::ZERO);
    let receiver = Receiver::single(&cfg).expect("valid receiver config");
    receiver.register(&provider.meter(catalog::SCOPE_NAME));

    // Scrape on the interval until the time is up; the reader exports what was scraped.
    receiver.run(tokio::time::sleep(Duration::from_secs(seconds))).await;
    provider.shutdown().expect("flush on shutdown");
}
