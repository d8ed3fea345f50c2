//! The admin endpoint of the agent, off unless `admin.endpoint` is configured: the
//! standard gRPC health service (`grpc.health.v1`, so a Kubernetes gRPC probe works) and
//! our status service (`proto/redis_otel/status/v1/status.proto`), plus the client side
//! used by `redis-otel status`.

use std::sync::Arc;
use std::time::Duration;

use redis_otel_exporter::Stats;
use redis_otel_receiver::Receiver;
use serde::Deserialize;

/// The gRPC service code; its messages are `redis_otel_status::v1` (extern_path).
#[allow(missing_docs, unreachable_pub, clippy::all)]
pub(crate) mod proto {
    include!("generated/redis_otel.status.v1.rs");
}

use proto::status_service_server::{StatusService, StatusServiceServer};
use redis_otel_status::v1::{ExporterStatus, GetStatusRequest, GetStatusResponse};

/// `admin:` in the agent config.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdminConfig {
    /// `host:port` to listen on (loopback recommended).
    pub(crate) endpoint: String,
}

struct Status {
    receiver: Arc<Receiver>,
    stats: Arc<Stats>,
    exporter_endpoint: String,
}

pub(crate) fn status(receiver: &Receiver, stats: &Stats, exporter_endpoint: &str) -> GetStatusResponse {
    let targets = redis_otel_status::targets(receiver);
    let s = stats.snapshot();
    GetStatusResponse {
        version: env!("CARGO_PKG_VERSION").to_string(),
        targets,
        exporter: Some(ExporterStatus {
            endpoint: exporter_endpoint.to_string(),
            points_sent: s.points_sent,
            points_failed: s.points_failed,
            points_dropped: s.points_dropped,
            points_rejected: s.points_rejected,
            requests_sent: s.requests_sent,
            queue_depth: s.queue_depth,
        }),
    }
}

#[tonic::async_trait]
impl StatusService for Status {
    async fn get_status(
        &self,
        _req: tonic::Request<GetStatusRequest>,
    ) -> Result<tonic::Response<GetStatusResponse>, tonic::Status> {
        Ok(tonic::Response::new(status(&self.receiver, &self.stats, &self.exporter_endpoint)))
    }
}

/// A running admin server.
pub(crate) struct AdminServer {
    health: tonic_health::server::HealthReporter,
    task: tokio::task::JoinHandle<()>,
}

impl AdminServer {
    /// Binds `cfg.endpoint` and serves health + status on the current runtime.
    pub(crate) async fn start(
        cfg: &AdminConfig,
        receiver: Arc<Receiver>,
        stats: Arc<Stats>,
        exporter_endpoint: String,
    ) -> Result<Self, String> {
        let listener = tokio::net::TcpListener::bind(&cfg.endpoint)
            .await
            .map_err(|e| format!("admin.endpoint {}: {e}", cfg.endpoint))?;
        let (health, health_service) = tonic_health::server::health_reporter();
        health.set_service_status("", tonic_health::ServingStatus::Serving).await;
        health.set_serving::<StatusServiceServer<Status>>().await;
        let status = StatusServiceServer::new(Status { receiver, stats, exporter_endpoint });
        let task = tokio::spawn(async move {
            let r = tonic::transport::Server::builder()
                .add_service(health_service)
                .add_service(status)
                .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener))
                .await;
            if let Err(e) = r {
                tracing::warn!(error = %e, "admin server stopped");
            }
        });
        tracing::info!(endpoint = %cfg.endpoint, "admin endpoint: grpc.health.v1 and redis_otel.status.v1");
        Ok(AdminServer { health, task })
    }

    /// Reports NOT_SERVING (the agent is stopping) and stops serving.
    pub(crate) async fn stop(self) {
        self.health.set_service_status("", tonic_health::ServingStatus::NotServing).await;
        self.task.abort();
    }
}

/// `redis-otel status --admin HOST:PORT`: health and status, printed for people.
pub(crate) fn print_status(admin: &str, timeout: Duration) -> Result<String, String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let url = if admin.contains("://") { admin.to_string() } else { format!("http://{admin}") };
        let channel = tonic::transport::Endpoint::from_shared(url)
            .map_err(|e| format!("--admin {admin}: {e}"))?
            .connect_timeout(timeout)
            .timeout(timeout)
            .connect()
            .await
            .map_err(|e| format!("{admin}: cannot connect: {e}"))?;
        let mut health = tonic_health::pb::health_client::HealthClient::new(channel.clone());
        let serving = health
            .check(tonic_health::pb::HealthCheckRequest { service: String::new() })
            .await
            .map_err(|e| format!("{admin}: health check failed: {}", e.message()))?
            .into_inner()
            .status;
        let mut client = proto::status_service_client::StatusServiceClient::new(channel);
        let s = client
            .get_status(GetStatusRequest {})
            .await
            .map_err(|e| format!("{admin}: status failed: {}", e.message()))?
            .into_inner();
        let health_name = tonic_health::pb::health_check_response::ServingStatus::try_from(serving)
            .map(|s| s.as_str_name().to_string())
            .unwrap_or_else(|_| serving.to_string());
        let mut out = format!("redis-otel {}  health {health_name}\n", s.version);
        if let Some(e) = &s.exporter {
            out.push_str(&format!(
                "exporter {}  sent {}  failed {}  dropped {}  rejected {}  requests {}  queue {}\n",
                e.endpoint,
                e.points_sent,
                e.points_failed,
                e.points_dropped,
                e.points_rejected,
                e.requests_sent,
                e.queue_depth
            ));
        }
        let w = s.targets.iter().map(|t| t.endpoint.len()).max().unwrap_or(8);
        for t in &s.targets {
            out.push_str(&format!(
                "{:<w$}  {:<4}  {:<8}  scrapes {:>6}  failures {:>5}  last {:.4}s  version {}{}{}\n",
                t.endpoint,
                if t.up { "up" } else { "DOWN" },
                t.receiver,
                t.scrapes,
                t.failures,
                t.last_scrape_duration_seconds,
                if t.redis_version.is_empty() { "-" } else { &t.redis_version },
                if t.refused_commands.is_empty() {
                    String::new()
                } else {
                    format!("  refused {}", t.refused_commands.join(", "))
                },
                if t.last_error.is_empty() { String::new() } else { format!("  error: {}", t.last_error) },
            ));
        }
        Ok(out)
    })
}
