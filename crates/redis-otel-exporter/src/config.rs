//! The `exporters: otlp:` block, with the keys of the collector's `otlp` exporter.
//!
//! ```yaml
//! exporters:
//!   otlp:
//!     endpoint: collector:4317
//!     tls: { insecure: false, ca_file: ca.pem }
//!     headers: { authorization: "Bearer ${env:TOKEN}" }
//!     compression: gzip            # gzip (default) | none
//!     timeout: 5s
//!     retry_on_failure: { enabled: true, initial_interval: 5s, max_interval: 30s, max_elapsed_time: 300s }
//!     sending_queue: { enabled: true, queue_size: 1000, num_consumers: 10 }
//! ```
//!
//! Where the YAML is silent, `OTEL_EXPORTER_OTLP_METRICS_*` and then `OTEL_EXPORTER_OTLP_*`
//! apply (`ENDPOINT`, `HEADERS`, `TIMEOUT` in ms, `COMPRESSION`, `INSECURE`).

use std::collections::BTreeMap;
use std::time::Duration;

use redis_otel_receiver::config::GoDuration;
use serde::Deserialize;

/// `tls:` of the exporter.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExporterTls {
    /// Plain-text gRPC (h2c).
    pub insecure: Option<bool>,
    /// CA bundle to verify the collector; else the system roots.
    pub ca_file: Option<String>,
    /// Client certificate (mutual TLS).
    pub cert_file: Option<String>,
    /// Client key (mutual TLS).
    pub key_file: Option<String>,
    /// Skip verifying the collector certificate (logged as a warning; never for production).
    #[serde(default)]
    pub insecure_skip_verify: bool,
    /// Name to verify the collector certificate against.
    pub server_name_override: Option<String>,
}

/// `retry_on_failure:`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RetryConfig {
    /// Retry retryable failures.
    pub enabled: bool,
    /// First back-off.
    pub initial_interval: GoDuration,
    /// Largest back-off.
    pub max_interval: GoDuration,
    /// Give up after this long (0 = never).
    pub max_elapsed_time: GoDuration,
    /// Accepted for compatibility (jitter is always ±50%).
    pub randomization_factor: Option<f64>,
    /// Accepted for compatibility (the multiplier is 1.5).
    pub multiplier: Option<f64>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            enabled: true,
            initial_interval: GoDuration(Duration::from_secs(5)),
            max_interval: GoDuration(Duration::from_secs(30)),
            max_elapsed_time: GoDuration(Duration::from_secs(300)),
            randomization_factor: None,
            multiplier: None,
        }
    }
}

/// `sending_queue:`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct QueueConfig {
    /// Queue batches (else export blocks until sent).
    pub enabled: bool,
    /// Batches kept at most; the oldest is dropped (and counted) when full.
    pub queue_size: usize,
    /// Requests in flight at once.
    pub num_consumers: usize,
}

impl Default for QueueConfig {
    fn default() -> Self {
        QueueConfig { enabled: true, queue_size: 1000, num_consumers: 10 }
    }
}

/// Batch bounds (redis-otel extension): a default collector rejects messages over 4 MiB.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct BatchConfig {
    /// Data points per request at most.
    pub max_data_points: usize,
    /// Encoded request size at most.
    pub max_bytes: usize,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig { max_data_points: 20_000, max_bytes: 3 * 1024 * 1024 }
    }
}

/// `gzip` or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    /// gzip (the collector's default).
    Gzip,
    /// No compression.
    None,
}

/// The `otlp` exporter block.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExporterConfig {
    /// `host:port` or a URL.
    pub endpoint: Option<String>,
    /// TLS settings.
    #[serde(default)]
    pub tls: ExporterTls,
    /// gRPC metadata sent with every request.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// gzip (default) or none.
    pub compression: Option<Compression>,
    /// Per-request timeout (default 5s).
    pub timeout: Option<GoDuration>,
    /// Retry settings.
    #[serde(default)]
    pub retry_on_failure: RetryConfig,
    /// Queue settings.
    #[serde(default)]
    pub sending_queue: QueueConfig,
    /// Batch bounds.
    #[serde(default)]
    pub batch: BatchConfig,
}

/// A configuration that cannot work; names the key.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("exporters.otlp.{key}: {message}")]
pub struct InvalidExporterConfig {
    /// Key below `exporters.otlp`.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

fn bad(key: &str, message: impl Into<String>) -> InvalidExporterConfig {
    InvalidExporterConfig { key: key.into(), message: message.into() }
}

/// The settings in force after environment fallbacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// `http://host:port` or `https://host:port`.
    pub url: String,
    /// TLS on.
    pub tls: bool,
    /// TLS settings.
    pub tls_config: ExporterTls,
    /// Metadata.
    pub headers: Vec<(String, String)>,
    /// gzip on.
    pub gzip: bool,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Retry.
    pub retry: RetryConfig,
    /// Queue.
    pub queue: QueueConfig,
    /// Batch bounds.
    pub batch: BatchConfig,
}

impl ExporterConfig {
    /// Applies `OTEL_EXPORTER_OTLP_*` where the YAML is silent and checks the result.
    pub fn resolve(&self, env: impl Fn(&str) -> Option<String>) -> Result<Resolved, InvalidExporterConfig> {
        let var = |name: &str| {
            env(&format!("OTEL_EXPORTER_OTLP_METRICS_{name}"))
                .or_else(|| env(&format!("OTEL_EXPORTER_OTLP_{name}")))
        };
        let endpoint = self.endpoint.clone().or_else(|| var("ENDPOINT")).ok_or_else(|| {
            bad("endpoint", "is required (host:port of the collector's OTLP gRPC receiver)")
        })?;
        let env_insecure = var("INSECURE").map(|v| v.eq_ignore_ascii_case("true"));
        let (scheme, rest) = match endpoint.split_once("://") {
            Some((s, r)) => (Some(s.to_ascii_lowercase()), r.to_string()),
            None => (None, endpoint.clone()),
        };
        let insecure = match (self.tls.insecure, scheme.as_deref()) {
            (Some(i), _) => i,
            (None, Some("http")) => true,
            (None, Some("https")) => false,
            (None, Some(other)) => return Err(bad("endpoint", format!("unsupported scheme `{other}`"))),
            (None, None) => env_insecure.unwrap_or(false),
        };
        let rest = rest.trim_end_matches('/');
        if !rest.contains(':') {
            return Err(bad("endpoint", format!("`{endpoint}` needs a port (e.g. localhost:4317)")));
        }
        if self.tls.cert_file.is_some() != self.tls.key_file.is_some() {
            return Err(bad("tls", "cert_file and key_file go together"));
        }
        let mut headers: Vec<(String, String)> =
            self.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())).collect();
        if headers.is_empty()
            && let Some(h) = var("HEADERS")
        {
            for kv in h.split(',').filter(|s| !s.trim().is_empty()) {
                let (k, v) =
                    kv.split_once('=').ok_or_else(|| bad("headers", format!("`{kv}` is not key=value")))?;
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        for (k, v) in &headers {
            if tonic::metadata::MetadataKey::<tonic::metadata::Ascii>::from_bytes(k.as_bytes()).is_err()
                || tonic::metadata::MetadataValue::<tonic::metadata::Ascii>::try_from(v.as_str()).is_err()
            {
                return Err(bad(&format!("headers.{k}"), "is not a valid gRPC metadata entry"));
            }
        }
        let gzip = match self.compression {
            Some(c) => c == Compression::Gzip,
            None => match var("COMPRESSION").as_deref() {
                None | Some("gzip") => true,
                Some("none") => false,
                Some(other) => return Err(bad("compression", format!("`{other}` is not gzip or none"))),
            },
        };
        let timeout =
            match self.timeout {
                Some(t) => t.0,
                None => match var("TIMEOUT") {
                    Some(ms) => Duration::from_millis(ms.trim().parse().map_err(|_| {
                        bad("timeout", format!("OTEL_EXPORTER_OTLP_TIMEOUT `{ms}` is not ms"))
                    })?),
                    None => Duration::from_secs(5),
                },
            };
        if timeout.is_zero() {
            return Err(bad("timeout", "must be greater than 0"));
        }
        if self.sending_queue.queue_size == 0 || self.sending_queue.num_consumers == 0 {
            return Err(bad("sending_queue", "queue_size and num_consumers must be at least 1"));
        }
        if self.batch.max_data_points == 0 || self.batch.max_bytes < 1024 {
            return Err(bad("batch", "max_data_points >= 1 and max_bytes >= 1024"));
        }
        let url = format!("{}://{rest}", if insecure { "http" } else { "https" });
        Ok(Resolved {
            url,
            tls: !insecure,
            tls_config: self.tls.clone(),
            headers,
            gzip,
            timeout,
            retry: self.retry_on_failure.clone(),
            queue: self.sending_queue.clone(),
            batch: self.batch.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn yaml_wins_then_env() {
        let cfg = ExporterConfig { endpoint: Some("localhost:4317".into()), ..Default::default() };
        let r = cfg.resolve(none).unwrap();
        assert_eq!(r.url, "https://localhost:4317");
        assert!(r.gzip);
        assert_eq!(r.timeout, Duration::from_secs(5));

        let env = |k: &str| match k {
            "OTEL_EXPORTER_OTLP_ENDPOINT" => Some("http://c:4317".to_string()),
            "OTEL_EXPORTER_OTLP_METRICS_HEADERS" => Some("authorization=Bearer x, x-tenant = a".to_string()),
            "OTEL_EXPORTER_OTLP_COMPRESSION" => Some("none".to_string()),
            "OTEL_EXPORTER_OTLP_TIMEOUT" => Some("2500".to_string()),
            _ => None,
        };
        let r = ExporterConfig::default().resolve(env).unwrap();
        assert_eq!(r.url, "http://c:4317");
        assert!(!r.tls && !r.gzip);
        assert_eq!(r.timeout, Duration::from_millis(2500));
        assert_eq!(
            r.headers,
            vec![("authorization".into(), "Bearer x".into()), ("x-tenant".into(), "a".into())]
        );
    }

    #[test]
    fn insecure_flag_and_errors() {
        let cfg = ExporterConfig {
            endpoint: Some("c:4317".into()),
            tls: ExporterTls { insecure: Some(true), ..Default::default() },
            ..Default::default()
        };
        assert_eq!(cfg.resolve(none).unwrap().url, "http://c:4317");
        assert_eq!(ExporterConfig::default().resolve(none).unwrap_err().key, "endpoint");
        let no_port = ExporterConfig { endpoint: Some("collector".into()), ..Default::default() };
        assert_eq!(no_port.resolve(none).unwrap_err().key, "endpoint");
        let bad_header = ExporterConfig {
            endpoint: Some("c:1".into()),
            headers: [("bad key".to_string(), "v".to_string())].into(),
            ..Default::default()
        };
        assert!(bad_header.resolve(none).unwrap_err().key.starts_with("headers."));
    }
}
