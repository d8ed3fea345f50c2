//! `redis-otel run`: the agent. Every target of every receiver block is scraped on its
//! block's `collection_interval`; the SDK's PeriodicReader collects at the shortest
//! interval and the batching OTLP exporter pushes one resource per target. SIGTERM or
//! SIGINT stops the scrapes, flushes what is pending and exits 0 within 5 seconds.

use std::sync::Arc;
use std::time::Duration;

use opentelemetry::metrics::MeterProvider as _;
use opentelemetry::{InstrumentationScope, KeyValue};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::metrics::{PeriodicReader, SdkMeterProvider};
use redis_otel_exporter::{BatchExporter, ExporterConfig};
use redis_otel_otlp::StartTimes;
use redis_otel_receiver::{Receiver, catalog, yaml};

use crate::agent_config::AgentConfig;

/// Scope of the agent's own telemetry.
pub(crate) const AGENT_SCOPE: &str = "redis-otel-agent";

/// How long the final flush may take after a signal.
const SHUTDOWN_BUDGET: Duration = Duration::from_millis(4500);

/// The `exporters.otlp` block with `OTEL_EXPORTER_OTLP_*` fallbacks applied and checked.
pub(crate) fn resolved_exporter(cfg: &AgentConfig) -> Result<redis_otel_exporter::Resolved, String> {
    exporter_config(cfg)?.resolve(|k| std::env::var(k).ok()).map_err(|e| e.to_string())
}

fn exporter_config(cfg: &AgentConfig) -> Result<ExporterConfig, String> {
    let Some(exporters) = &cfg.exporters else {
        return Ok(ExporterConfig::default());
    };
    let map = exporters.as_mapping().ok_or("exporters: must be a mapping with an `otlp` block")?;
    let mut found = None;
    for (k, v) in map {
        let name = k.as_str().unwrap_or_default();
        if name == "otlp" || name.starts_with("otlp/") {
            if found.is_some() {
                return Err("exporters: only one otlp exporter is supported".into());
            }
            found = Some(
                yaml::from_value::<ExporterConfig>(v.clone())
                    .map_err(|e| format!("exporters.{name}: {e}"))?,
            );
        } else {
            return Err(format!("exporters.{name}: unknown exporter (expected `otlp`)"));
        }
    }
    Ok(found.unwrap_or_default())
}

fn register_self_telemetry(
    provider: &SdkMeterProvider,
    receiver: &Arc<Receiver>,
    stats: Arc<redis_otel_exporter::Stats>,
) {
    let meter = provider.meter_with_scope(
        InstrumentationScope::builder(AGENT_SCOPE).with_version(env!("CARGO_PKG_VERSION")).build(),
    );
    let r = receiver.clone();
    meter
        .u64_observable_counter("redis_otel.scrapes")
        .with_description("Scrapes run, by outcome.")
        .with_unit("{scrape}")
        .with_callback(move |o| {
            let (mut ok, mut failed) = (0, 0);
            for t in r.targets() {
                let (n, f) = t.scrape_counts();
                ok += n - f;
                failed += f;
            }
            o.observe(ok, &[KeyValue::new("outcome", "success")]);
            o.observe(failed, &[KeyValue::new("outcome", "failure")]);
        })
        .build();
    let s = stats.clone();
    meter
        .u64_observable_counter("redis_otel.exporter.data_points")
        .with_description("Data points handled by the OTLP exporter, by outcome.")
        .with_unit("{data_point}")
        .with_callback(move |o| {
            let v = s.snapshot();
            o.observe(v.points_sent, &[KeyValue::new("outcome", "sent")]);
            o.observe(v.points_failed, &[KeyValue::new("outcome", "failed")]);
            o.observe(v.points_dropped, &[KeyValue::new("outcome", "dropped")]);
            o.observe(v.points_rejected, &[KeyValue::new("outcome", "rejected")]);
        })
        .build();
    let s = stats;
    meter
        .i64_observable_gauge("redis_otel.exporter.queue.depth")
        .with_description("Batches waiting in the sending queue.")
        .with_unit("{batch}")
        .with_callback(move |o| o.observe(s.snapshot().queue_depth as i64, &[]))
        .build();
}

async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => tracing::info!("SIGTERM: stopping"),
                _ = int.recv() => tracing::info!("SIGINT: stopping"),
            }
        }
        _ => std::future::pending().await,
    }
}

/// Runs the agent until a signal; returns the process exit code.
pub(crate) fn run(cfg: AgentConfig) -> Result<(), String> {
    let exporter_cfg =
        exporter_config(&cfg)?.resolve(|k| std::env::var(k).ok()).map_err(|e| e.to_string())?;
    let receiver = Arc::new(Receiver::new(cfg.blocks()).map_err(|e| e.to_string())?);
    let interval = receiver.targets().iter().map(|t| t.interval()).min().unwrap_or(Duration::from_secs(10));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("redis-otel")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let store = receiver.store().clone();
    let exporter =
        BatchExporter::new(exporter_cfg.clone(), runtime.handle(), move || StartTimes::from_store(&store))
            .map_err(|e| e.to_string())?;
    let stats = exporter.stats();
    let reader = PeriodicReader::builder(exporter).with_interval(interval).build();
    let provider = SdkMeterProvider::builder()
        .with_resource(Resource::builder_empty().build())
        .with_reader(reader)
        .with_view(redis_otel_otlp::cardinality_view(receiver.targets().len()))
        .build();
    let scope =
        InstrumentationScope::builder(catalog::SCOPE_NAME).with_version(redis_otel_receiver::VERSION).build();
    receiver.register(&provider.meter_with_scope(scope));
    register_self_telemetry(&provider, &receiver, stats.clone());

    tracing::info!(
        targets = receiver.targets().len(),
        endpoint = %exporter_cfg.url,
        interval = ?interval,
        "redis-otel agent started"
    );
    let r = receiver.clone();
    let admin_cfg = cfg.admin.clone();
    let (exp_url, admin_stats) = (exporter_cfg.url.clone(), stats.clone());
    runtime.block_on(async move {
        let admin = match &admin_cfg {
            Some(a) => Some(crate::admin::AdminServer::start(a, r.clone(), admin_stats, exp_url).await?),
            None => None,
        };
        r.run(stop_signal()).await;
        if let Some(a) = admin {
            a.stop().await;
        }
        Ok::<(), String>(())
    })?;
    tracing::info!("scrapes stopped; flushing");

    // Final flush: shutting the provider down runs one last collection and export and
    // waits for the exporter's queue; bounded, on a plain thread (the SDK's calls block).
    let (tx, rx) = std::sync::mpsc::channel();
    let p = provider.clone();
    std::thread::spawn(move || {
        let _ = tx.send(p.shutdown());
    });
    match rx.recv_timeout(SHUTDOWN_BUDGET) {
        Ok(Ok(())) => tracing::info!("flushed; bye"),
        Ok(Err(e)) => tracing::warn!(error = %e, "final flush incomplete"),
        Err(_) => tracing::warn!("final flush timed out"),
    }
    let s = stats.snapshot();
    tracing::info!(
        sent = s.points_sent,
        failed = s.points_failed,
        dropped = s.points_dropped,
        requests = s.requests_sent,
        "exporter totals"
    );
    runtime.shutdown_timeout(Duration::from_millis(300));
    Ok(())
}
