//! One Redis target: a persistent fred connection and the scrape of it.
//!
//! Peers open a new connection per scrape (visible as churn in
//! `total_connections_received`); we keep one connection per target, named
//! `redis-otel` with `CLIENT SETNAME`, RESP2, with a connect timeout, a per-command
//! timeout and a whole-scrape deadline that never exceeds the collection interval.
//! When the connection task dies it is re-established on the next scrape, which gives a
//! backoff of one collection interval. Optional commands (`CONFIG GET`, `CLIENT
//! SETNAME`, `CLUSTER INFO`) that the server refuses are remembered and not retried, so
//! we do not inflate the server's own error statistics.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use fred::prelude::*;
use fred::types::config::Options;
use fred::types::config::{
    Config as FredConfig, ConnectionConfig, PerformanceConfig, ServerConfig, TlsConnector,
};
use fred::types::{ClientState, ConnectHandle, InfoKind, RespVersion};
use opentelemetry::KeyValue;
use tokio::sync::Mutex;

use crate::catalog::{MetricId, Source};
use crate::config::{Endpoint, InvalidConfig, ReceiverConfig};
use crate::extract::{self, Extras, Point};
use crate::info;
use crate::store::{Slot, Snapshot};

/// Name the scraper gives its connection (`CLIENT LIST` shows it).
pub const CLIENT_NAME: &str = "redis-otel";

/// Why a scrape failed. Messages name the endpoint and never contain a secret.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ScrapeError {
    /// The connection could not be established.
    #[error("{endpoint}: cannot connect: {cause}")]
    Connect {
        /// Target.
        endpoint: String,
        /// Cause as the client reported it.
        cause: String,
    },
    /// The server refused the credentials.
    #[error("{endpoint}: authentication failed: {cause}")]
    Auth {
        /// Target.
        endpoint: String,
        /// Server's reply.
        cause: String,
    },
    /// No answer within the deadline.
    #[error("{endpoint}: no answer within {timeout:?} ({stage})")]
    Timeout {
        /// Target.
        endpoint: String,
        /// The deadline.
        timeout: Duration,
        /// What was pending.
        stage: &'static str,
    },
    /// INFO failed.
    #[error("{endpoint}: INFO failed: {cause}")]
    Command {
        /// Target.
        endpoint: String,
        /// Cause.
        cause: String,
    },
}

/// Optional commands that this server refused, detected at run time.
#[derive(Debug, Default)]
pub struct Capabilities {
    config_get: AtomicBool,
    client_setname: AtomicBool,
    cluster_info: AtomicBool,
}

impl Capabilities {
    /// True when `CONFIG GET` was refused (managed Redis, renamed command).
    pub fn config_refused(&self) -> bool {
        self.config_get.load(Ordering::Relaxed)
    }
    /// True when `CLIENT SETNAME` was refused.
    pub fn client_setname_refused(&self) -> bool {
        self.client_setname.load(Ordering::Relaxed)
    }
    /// True when `CLUSTER INFO` was refused.
    pub fn cluster_info_refused(&self) -> bool {
        self.cluster_info.load(Ordering::Relaxed)
    }
    fn refuse(flag: &AtomicBool, endpoint: &str, command: &str, err: &Error) {
        if !flag.swap(true, Ordering::Relaxed) {
            tracing::warn!(endpoint, command, error = %err, "optional command refused by the server; not retried for this target");
        }
    }
}

/// fred reports I/O errors in their Debug form (`Os { code: 111, .., message: "Connection
/// refused" }`); keep the message.
fn readable(details: &str) -> String {
    for marker in ["message: \"", "error: \""] {
        if let Some(start) = details.find(marker) {
            let rest = &details[start + marker.len()..];
            if let Some(end) = rest.find('"') {
                return rest[..end].to_string();
            }
        }
    }
    details.to_string()
}

/// A server error reply (as opposed to I/O or timeouts) means the command is refused.
fn is_refusal(err: &Error) -> bool {
    !matches!(err.kind(), ErrorKind::IO | ErrorKind::Timeout | ErrorKind::Canceled)
}

/// The live connection: a fred client and its connection task. Rebuilt from the builder
/// after any connection-level failure, so no half-dead state survives a scrape.
struct Conn {
    live: Option<(Client, ConnectHandle)>,
    named: bool,
}

/// One Redis target of a receiver block.
pub struct Target {
    endpoint: Endpoint,
    label: String,
    builder: Builder,
    conn: Mutex<Conn>,
    caps: Capabilities,
    metrics: Vec<MetricId>,
    needs_maxclients: bool,
    needs_cluster: bool,
    interval: Duration,
    connect_timeout: Duration,
    with_address: bool,
    with_port: bool,
    with_version: bool,
    last_version: std::sync::Mutex<String>,
    slot: Arc<Slot>,
    scrapes: std::sync::atomic::AtomicU64,
    failures: std::sync::atomic::AtomicU64,
    last_error: std::sync::Mutex<Option<ScrapeError>>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target").field("endpoint", &self.label).finish_non_exhaustive()
    }
}

/// What one scrape produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The published snapshot.
    pub snapshot: Arc<Snapshot>,
    /// The failure, if any.
    pub error: Option<ScrapeError>,
    /// How long it took.
    pub duration: Duration,
}

impl Target {
    /// Prepares a target (does not connect: the first scrape does).
    pub fn new(cfg: &ReceiverConfig, endpoint: &str, slot: Arc<Slot>) -> Result<Self, InvalidConfig> {
        let endpoint = Endpoint::parse(endpoint, cfg.transport)?;
        let interval = cfg.collection_interval.0;
        let connect_timeout = cfg.connect_timeout();
        let server = match &endpoint {
            Endpoint::Unix(path) => ServerConfig::new_unix_socket(path.clone()),
            Endpoint::Tcp { host, port } => {
                let mut s = fred::types::config::Server::new(host.clone(), *port);
                s.tls_server_name = cfg.tls.server_name_override.clone().map(Into::into);
                ServerConfig::Centralized { server: s }
            }
        };
        let tls = if cfg.tls.enabled() {
            let rustls = crate::tls::client_config(&cfg.tls)
                .map_err(|e| InvalidConfig { key: format!("tls.{}", e.key), message: e.message })?;
            Some(TlsConnector::from(rustls).into())
        } else {
            None
        };
        let config = FredConfig {
            fail_fast: true,
            server,
            username: cfg.username.clone().filter(|u| !u.is_empty()),
            password: cfg.password.as_ref().map(|p| p.0.clone()).filter(|p| !p.is_empty()),
            version: RespVersion::RESP2,
            tls,
            ..Default::default()
        };
        let connection = ConnectionConfig {
            connection_timeout: connect_timeout,
            internal_command_timeout: connect_timeout,
            max_command_attempts: 1,
            ..Default::default()
        };
        // The scraper subscribes to no pub/sub or keyspace events: tiny broadcast channels
        // keep the per-target memory low for large fleets.
        let perf = PerformanceConfig {
            default_command_timeout: interval,
            broadcast_channel_capacity: 2,
            ..Default::default()
        };
        let mut builder = Builder::from_config(config);
        builder.set_connection_config(connection).set_performance_config(perf);
        builder.build().map_err(|e| InvalidConfig { key: "endpoint".into(), message: e.to_string() })?;

        let metrics = cfg.enabled_metrics();
        let needs_maxclients = metrics.iter().any(|m| {
            matches!(
                m.def().source,
                Source::Computed(
                    crate::catalog::Computed::ClientsMax | crate::catalog::Computed::ClientsUtilization
                )
            )
        });
        let needs_cluster = metrics.iter().any(|m| matches!(m.def().source, Source::ClusterInfo(_)));
        Ok(Target {
            label: endpoint.to_string(),
            endpoint,
            builder,
            conn: Mutex::new(Conn { live: None, named: false }),
            caps: Capabilities::default(),
            metrics,
            needs_maxclients,
            needs_cluster,
            interval,
            connect_timeout,
            with_address: cfg.resource_attribute_enabled("server.address"),
            with_port: cfg.resource_attribute_enabled("server.port"),
            with_version: cfg.resource_attribute_enabled("redis.version"),
            last_version: std::sync::Mutex::new("unknown".into()),
            slot,
            scrapes: Default::default(),
            failures: Default::default(),
            last_error: Default::default(),
        })
    }

    /// The target as `host:port` (or `unix:path`).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The parsed endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The scrape period.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Scrapes so far and how many failed.
    pub fn scrape_counts(&self) -> (u64, u64) {
        (self.scrapes.load(Ordering::Relaxed), self.failures.load(Ordering::Relaxed))
    }

    /// The error of the last scrape, if it failed.
    pub fn last_error(&self) -> Option<ScrapeError> {
        self.last_error.lock().ok().and_then(|e| e.clone())
    }

    /// The latest published snapshot.
    pub fn latest(&self) -> Option<Arc<Snapshot>> {
        self.slot.latest()
    }

    /// Names of the optional commands this server refused so far.
    pub fn refused_commands(&self) -> Vec<&'static str> {
        let c = &self.caps;
        [
            (c.config_refused(), "CONFIG GET"),
            (c.client_setname_refused(), "CLIENT SETNAME"),
            (c.cluster_info_refused(), "CLUSTER INFO"),
        ]
        .into_iter()
        .filter_map(|(refused, name)| refused.then_some(name))
        .collect()
    }

    /// Optional commands this server refused so far.
    pub fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    /// Metrics this target records.
    pub fn metrics(&self) -> &[MetricId] {
        &self.metrics
    }

    fn identity(&self, version: &str) -> Vec<KeyValue> {
        let mut id = Vec::with_capacity(3);
        if self.with_address {
            id.push(KeyValue::new("server.address", self.endpoint.address().to_string()));
        }
        if self.with_port
            && let Some(p) = self.endpoint.port()
        {
            id.push(KeyValue::new("server.port", p.to_string()));
        }
        if self.with_version {
            id.push(KeyValue::new("redis.version", version.to_string()));
        }
        id
    }

    fn opts(remaining: Duration) -> Options {
        Options { timeout: Some(remaining), fail_fast: true, max_attempts: Some(1), ..Default::default() }
    }

    fn classify(&self, err: &Error) -> ScrapeError {
        let endpoint = self.label.clone();
        let cause = if matches!(err.kind(), ErrorKind::Canceled) {
            "connection lost".to_string()
        } else {
            readable(err.details())
        };
        let lower = cause.to_ascii_lowercase();
        if matches!(err.kind(), ErrorKind::Auth)
            || lower.contains("wrongpass")
            || lower.contains("noauth")
            || lower.contains("invalid password")
            || lower.contains("invalid username-password")
        {
            ScrapeError::Auth { endpoint, cause }
        } else if matches!(err.kind(), ErrorKind::Timeout) {
            ScrapeError::Timeout { endpoint, timeout: self.connect_timeout, stage: "connect" }
        } else {
            ScrapeError::Connect { endpoint, cause }
        }
    }

    /// Makes sure a connection is up (connecting within the connect timeout) and returns
    /// its client.
    async fn ensure_connected(&self, conn: &mut Conn, deadline: Instant) -> Result<Client, ScrapeError> {
        if let Some((client, handle)) = &conn.live
            && !handle.is_finished()
            && client.state() == ClientState::Connected
        {
            return Ok(client.clone());
        }
        Self::drop_connection(conn);
        let client = self
            .builder
            .build()
            .map_err(|e| ScrapeError::Connect { endpoint: self.label.clone(), cause: e.to_string() })?;
        let budget = self.connect_timeout.min(deadline.saturating_duration_since(Instant::now()));
        match tokio::time::timeout(budget, client.init()).await {
            Ok(Ok(handle)) => {
                conn.live = Some((client.clone(), handle));
                conn.named = false;
                Ok(client)
            }
            Ok(Err(e)) => Err(self.classify(&e)),
            Err(_) => {
                // Dropping the client ends its connection task (bounded by fred's own timeouts).
                drop(client);
                Err(ScrapeError::Timeout { endpoint: self.label.clone(), timeout: budget, stage: "connect" })
            }
        }
    }

    fn drop_connection(conn: &mut Conn) {
        if let Some((client, handle)) = conn.live.take() {
            handle.abort();
            drop(client);
        }
    }

    async fn name_connection(&self, client: &Client, conn: &mut Conn, remaining: Duration) {
        if conn.named || self.caps.client_setname_refused() {
            return;
        }
        match client.with_options(&Self::opts(remaining)).client_setname(CLIENT_NAME).await {
            Ok(()) => conn.named = true,
            Err(e) if is_refusal(&e) => {
                Capabilities::refuse(&self.caps.client_setname, &self.label, "CLIENT SETNAME", &e)
            }
            Err(_) => {}
        }
    }

    async fn config_maxclients(&self, client: &Client, remaining: Duration) -> Option<f64> {
        if self.caps.config_refused() {
            return None;
        }
        let res: Result<Value, Error> =
            client.with_options(&Self::opts(remaining)).config_get("maxclients").await;
        match res {
            Ok(v) => {
                let text = match v {
                    Value::Array(items) => items.get(1).and_then(|v| v.as_string()),
                    Value::Map(m) => m.inner().values().next().and_then(|v| v.as_string()),
                    other => other.as_string(),
                };
                text.and_then(|t| info::number(&t))
            }
            Err(e) if is_refusal(&e) => {
                Capabilities::refuse(&self.caps.config_get, &self.label, "CONFIG GET", &e);
                None
            }
            Err(_) => None,
        }
    }

    async fn cluster_info(&self, client: &Client, remaining: Duration) -> Option<String> {
        if self.caps.cluster_info_refused() {
            return None;
        }
        match client.with_options(&Self::opts(remaining)).cluster_info::<String>().await {
            Ok(s) => Some(s),
            Err(e) if is_refusal(&e) => {
                Capabilities::refuse(&self.caps.cluster_info, &self.label, "CLUSTER INFO", &e);
                None
            }
            Err(_) => None,
        }
    }

    async fn fetch(&self, deadline: Instant) -> Result<(String, Option<f64>, Option<String>), ScrapeError> {
        let mut conn = self.conn.lock().await;
        let client = self.ensure_connected(&mut conn, deadline).await?;
        let remaining = || deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        self.name_connection(&client, &mut conn, remaining()).await;
        let text: String = match client.with_options(&Self::opts(remaining())).info(Some(InfoKind::All)).await
        {
            Ok(text) => text,
            Err(e) => {
                let err = match e.kind() {
                    ErrorKind::Timeout => ScrapeError::Timeout {
                        endpoint: self.label.clone(),
                        timeout: self.interval,
                        stage: "INFO",
                    },
                    _ if is_refusal(&e) && !matches!(e.kind(), ErrorKind::Auth) => {
                        ScrapeError::Command { endpoint: self.label.clone(), cause: e.details().to_string() }
                    }
                    _ => self.classify(&e),
                };
                if !matches!(err, ScrapeError::Command { .. }) {
                    Self::drop_connection(&mut conn);
                }
                return Err(err);
            }
        };
        // Cheap checks on the raw text; the full parse happens once, in `scrape`.
        let has_maxclients = text.contains("\nmaxclients:") || text.contains("\nmax_clients:");
        let config_max = if self.needs_maxclients && !has_maxclients {
            self.config_maxclients(&client, remaining()).await
        } else {
            None
        };
        let cluster = if self.needs_cluster && text.contains("\ncluster_enabled:1") {
            self.cluster_info(&client, remaining()).await
        } else {
            None
        };
        Ok((text, config_max, cluster))
    }

    /// Scrapes once within `deadline` (capped at the collection interval), publishes the
    /// snapshot for the instrument callbacks and returns it.
    pub async fn scrape(&self, deadline: Duration) -> Outcome {
        let started = Instant::now();
        let deadline_at = started + deadline.min(self.interval);
        let budget = deadline_at - started;
        let result = match tokio::time::timeout(budget, self.fetch(deadline_at)).await {
            Ok(r) => r,
            Err(_) => {
                // A stalled connection is not reused: the next scrape reconnects.
                Self::drop_connection(&mut *self.conn.lock().await);
                Err(ScrapeError::Timeout { endpoint: self.label.clone(), timeout: budget, stage: "scrape" })
            }
        };
        let duration = started.elapsed();
        let secs = duration.as_secs_f64();
        let (snapshot, error) = match result {
            Ok((text, config_maxclients, cluster_text)) => {
                let parsed = info::parse(&text);
                let cluster = cluster_text.as_deref().map(info::parse);
                let extras = Extras { config_maxclients, cluster_info: cluster.as_ref(), duration: secs };
                let version = parsed.version().to_string();
                if let Ok(mut v) = self.last_version.lock() {
                    v.clone_from(&version);
                }
                let points: Vec<(MetricId, Vec<Point>)> =
                    self.metrics.iter().map(|&id| (id, extract::points(id, &parsed, &extras))).collect();
                let mut snap = Snapshot::new(self.identity(&version), true, points);
                snap.start_time = parsed
                    .num("uptime_in_seconds")
                    .and_then(|u| SystemTime::now().checked_sub(Duration::from_secs_f64(u.max(0.0))));
                (snap, None)
            }
            Err(e) => {
                tracing::debug!(endpoint = %self.label, error = %e, "scrape failed");
                let version =
                    self.last_version.lock().map(|v| v.clone()).unwrap_or_else(|_| "unknown".into());
                let points = self.metrics.iter().map(|&id| (id, extract::failure_points(id, secs))).collect();
                (Snapshot::new(self.identity(&version), false, points), Some(e))
            }
        };
        let mut snapshot = snapshot;
        snapshot.duration = duration;
        let snapshot = Arc::new(snapshot);
        self.slot.publish(snapshot.clone());
        self.scrapes.fetch_add(1, Ordering::Relaxed);
        if error.is_some() {
            self.failures.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut last) = self.last_error.lock() {
            last.clone_from(&error);
        }
        Outcome { snapshot, error, duration }
    }

    /// Closes the connection (the last snapshot stays published).
    pub async fn close(&self) {
        let mut conn = self.conn.lock().await;
        if let Some((client, _)) = &conn.live {
            let _ = tokio::time::timeout(Duration::from_secs(1), client.quit()).await;
        }
        Self::drop_connection(&mut conn);
    }
}
