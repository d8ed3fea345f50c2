//! The receiver block, accepted exactly as the Collector Contrib `redisreceiver` takes it.
//!
//! ```yaml
//! endpoint: localhost:6379        # host:port, or a socket path with transport: unix
//! transport: tcp                  # tcp | unix
//! username: ""                    # ACL user (Redis >= 6)
//! password: ${env:REDIS_PASSWORD}
//! collection_interval: 10s
//! initial_delay: 1s
//! timeout: 10s                    # connect timeout; scrapes are bounded by the interval
//! tls:
//!   insecure: false               # contrib default is true (plain TCP)
//!   ca_file: ca.pem
//! metrics:
//!   redis.cmd.calls: { enabled: true }
//! resource_attributes:
//!   server.address: { enabled: false }
//! ```
//!
//! Durations use Go's syntax (`500ms`, `10s`, `1m30s`), like the collector.

use std::fmt;
use std::time::Duration;

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};

use crate::catalog::{self, MetricId, RESOURCE_ATTRIBUTES};

/// A Go-style duration (`10s`, `1m30s`, `250ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoDuration(pub Duration);

/// Parses Go's duration syntax.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if s == "0" {
        return Ok(Duration::ZERO);
    }
    if s.is_empty() {
        return Err("empty duration".into());
    }
    let mut total = 0f64;
    let mut rest = s;
    while !rest.is_empty() {
        let num_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num_end == 0 {
            return Err(format!("invalid duration `{s}` (expected e.g. 10s, 500ms, 1m30s)"));
        }
        let n: f64 = rest[..num_end].parse().map_err(|_| format!("invalid duration `{s}`"))?;
        rest = &rest[num_end..];
        let unit_end = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let factor = match &rest[..unit_end] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "" => return Err(format!("duration `{s}` needs a unit (ns, us, ms, s, m, h)")),
            u => return Err(format!("unknown unit `{u}` in duration `{s}`")),
        };
        total += n * factor;
        rest = &rest[unit_end..];
    }
    Duration::try_from_secs_f64(total).map_err(|_| format!("duration `{s}` is out of range"))
}

impl<'de> Deserialize<'de> for GoDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_duration(&s).map(GoDuration).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// `tcp` or `unix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// host:port over TCP.
    #[default]
    Tcp,
    /// A unix domain socket path.
    Unix,
}

/// The collector's `configtls.ClientConfig` keys.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    /// `true`: plain TCP (contrib's default). When the key is absent, TLS is on as soon as
    /// any other TLS key is set (contrib would silently stay on plain TCP).
    pub insecure: Option<bool>,
    /// Skip certificate verification (never for production).
    #[serde(default)]
    pub insecure_skip_verify: bool,
    /// PEM file of the CA(s) that signed the server certificate; else the system roots.
    pub ca_file: Option<String>,
    /// The same CA(s) as inline PEM (instead of `ca_file`).
    pub ca_pem: Option<String>,
    /// Trust the system roots as well as `ca_file` / `ca_pem`.
    #[serde(default)]
    pub include_system_ca_certs_pool: bool,
    /// PEM client certificate (mutual TLS).
    pub cert_file: Option<String>,
    /// The client certificate as inline PEM (instead of `cert_file`).
    pub cert_pem: Option<String>,
    /// PEM client key (mutual TLS).
    pub key_file: Option<String>,
    /// The client key as inline PEM (instead of `key_file`); never printed.
    pub key_pem: Option<Secret>,
    /// Allowed cipher suites by their IANA names, as in Go (`TLS_AES_128_GCM_SHA256`,
    /// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`); empty: the defaults.
    #[serde(default)]
    pub cipher_suites: Vec<String>,
    /// Key-exchange groups in order of preference, as in Go (`X25519`, `P256`, `P384`,
    /// `X25519MLKEM768`); empty: the defaults.
    #[serde(default)]
    pub curve_preferences: Vec<String>,
    /// A TPM-held client key: not supported (the block is refused with a clear error).
    pub tpm: Option<crate::yaml::Value>,
    /// Name to verify the server certificate against.
    pub server_name_override: Option<String>,
    /// `1.2` or `1.3`.
    pub min_version: Option<String>,
    /// Accepted for compatibility; rustls picks the version.
    pub max_version: Option<String>,
    /// Accepted for compatibility; reloading is not supported.
    pub reload_interval: Option<String>,
}

impl TlsConfig {
    /// Whether TLS is used for the connection.
    pub fn enabled(&self) -> bool {
        match self.insecure {
            Some(insecure) => !insecure,
            None => {
                self.insecure_skip_verify
                    || self.ca_file.is_some()
                    || self.ca_pem.is_some()
                    || self.cert_file.is_some()
                    || self.cert_pem.is_some()
                    || self.server_name_override.is_some()
            }
        }
    }
}

/// `{ enabled: bool }`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Toggle {
    /// On or off.
    pub enabled: bool,
}

/// A secret string that never prints.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"[REDACTED]\"" })
    }
}

/// `dialer:` — contrib's network dialer settings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DialerConfig {
    /// How long a connect may take; wins over the block's `timeout`.
    #[serde(default)]
    pub timeout: Option<GoDuration>,
}

/// One receiver block.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReceiverConfig {
    /// `host:port` (or a socket path with `transport: unix`).
    pub endpoint: Option<String>,
    /// Several targets with the same settings (redis-otel extension).
    #[serde(default)]
    pub endpoints: Vec<String>,
    /// tcp | unix.
    #[serde(default)]
    pub transport: Transport,
    /// ACL user name.
    #[serde(default)]
    pub username: Option<String>,
    /// Password (AUTH).
    #[serde(default)]
    pub password: Option<Secret>,
    /// Scrape period (default 10s).
    #[serde(default = "default_interval")]
    pub collection_interval: GoDuration,
    /// Delay before the first scrape (default 1s).
    #[serde(default = "default_initial_delay")]
    pub initial_delay: GoDuration,
    /// Connect timeout (default 10s, capped at the interval); commands are bounded by the interval.
    #[serde(default)]
    pub timeout: Option<GoDuration>,
    /// TLS client settings.
    #[serde(default)]
    pub tls: TlsConfig,
    /// Dialer settings, as in contrib (`dialer: {timeout: 5s}`: the connect timeout).
    #[serde(default)]
    pub dialer: DialerConfig,
    /// Per-metric switches.
    #[serde(default)]
    pub metrics: IndexMap<String, Toggle>,
    /// Per-resource-attribute switches.
    #[serde(default)]
    pub resource_attributes: IndexMap<String, Toggle>,
}

fn default_interval() -> GoDuration {
    GoDuration(Duration::from_secs(10))
}

fn default_initial_delay() -> GoDuration {
    GoDuration(Duration::from_secs(1))
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        ReceiverConfig {
            endpoint: None,
            endpoints: vec![],
            transport: Transport::Tcp,
            username: None,
            password: None,
            collection_interval: default_interval(),
            initial_delay: default_initial_delay(),
            timeout: None,
            tls: TlsConfig::default(),
            dialer: DialerConfig::default(),
            metrics: IndexMap::new(),
            resource_attributes: IndexMap::new(),
        }
    }
}

/// A configuration that parses but cannot work.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("{key}: {message}")]
pub struct InvalidConfig {
    /// Dotted path of the offending key.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

fn invalid(key: impl Into<String>, message: impl Into<String>) -> InvalidConfig {
    InvalidConfig { key: key.into(), message: message.into() }
}

/// A receiver block given as YAML text that cannot be used: the key and line it is
/// about, and why (`collection_interval: must be at least 100ms, got 1ms (line 2)`).
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("{message}{}", line.map(|l| format!(" (line {l})")).unwrap_or_default())]
pub struct BlockError {
    /// What is wrong, starting with the dotted key when one is known.
    pub message: String,
    /// 1-based line in the text, when known.
    pub line: Option<usize>,
}

impl ReceiverConfig {
    /// A block for one `host:port` endpoint with defaults.
    pub fn for_endpoint(endpoint: impl Into<String>) -> Self {
        ReceiverConfig { endpoint: Some(endpoint.into()), ..Default::default() }
    }

    /// Parses one receiver block (the keys of a collector's `redis:` block, as YAML or
    /// JSON text) and validates it. Environment references are not expanded: the host
    /// (the collector, the agent) has already resolved them.
    pub fn from_yaml(text: &str) -> Result<Self, BlockError> {
        let cfg: ReceiverConfig = if text.trim().is_empty() {
            return Err(BlockError { message: "endpoint: is required (host:port)".into(), line: None });
        } else {
            crate::yaml::from_str(text)
                .map_err(|e| BlockError { message: strip_yaml_location(&e.message), line: e.line })?
        };
        cfg.validate().map_err(|InvalidConfig { key, message }| BlockError {
            line: crate::yaml::line_of_path(text, &key, 0),
            message: format!("{key}: {message}"),
        })?;
        Ok(cfg)
    }

    /// Every endpoint of the block (`endpoint` first, then `endpoints`).
    pub fn all_endpoints(&self) -> Vec<&str> {
        self.endpoint.iter().chain(self.endpoints.iter()).map(String::as_str).collect()
    }

    /// Checks what serde cannot: endpoints, intervals, metric and attribute names.
    pub fn validate(&self) -> Result<(), InvalidConfig> {
        let endpoints = self.all_endpoints();
        if endpoints.is_empty() {
            return Err(invalid("endpoint", "is required (host:port)"));
        }
        for ep in endpoints {
            Endpoint::parse(ep, self.transport)?;
        }
        if self.collection_interval.0 < Duration::from_millis(100) {
            return Err(invalid(
                "collection_interval",
                format!("must be at least 100ms, got {}", self.collection_interval),
            ));
        }
        if let Some(t) = self.timeout
            && t.0.is_zero()
        {
            return Err(invalid("timeout", "must be greater than 0"));
        }
        for name in self.metrics.keys() {
            if catalog::find(name).is_none() {
                return Err(invalid(format!("metrics.{name}"), "unknown metric (see docs/metrics.md)"));
            }
        }
        for name in self.resource_attributes.keys() {
            if !RESOURCE_ATTRIBUTES.iter().any(|a| a.name == name) {
                return Err(invalid(format!("resource_attributes.{name}"), "unknown resource attribute"));
            }
        }
        let tls = &self.tls;
        for (file, pem, name) in [
            (tls.ca_file.is_some(), tls.ca_pem.is_some(), "ca"),
            (tls.cert_file.is_some(), tls.cert_pem.is_some(), "cert"),
            (tls.key_file.is_some(), tls.key_pem.is_some(), "key"),
        ] {
            if file && pem {
                return Err(invalid(
                    format!("tls.{name}_pem"),
                    format!("set {name}_file or {name}_pem, not both"),
                ));
            }
        }
        if (tls.cert_file.is_some() || tls.cert_pem.is_some())
            != (tls.key_file.is_some() || tls.key_pem.is_some())
        {
            return Err(invalid(
                "tls",
                "a client certificate (cert_file / cert_pem) and its key (key_file / key_pem) go together",
            ));
        }
        if tls.tpm.is_some() {
            return Err(invalid(
                "tls.tpm",
                "TPM-held client keys are not supported; use key_file or key_pem",
            ));
        }
        if let Some(v) = &self.tls.min_version
            && !matches!(v.as_str(), "1.0" | "1.1" | "1.2" | "1.3")
        {
            return Err(invalid("tls.min_version", format!("unknown TLS version `{v}`")));
        }
        Ok(())
    }

    /// Metrics to record: the catalog defaults with this block's switches applied.
    pub fn enabled_metrics(&self) -> Vec<MetricId> {
        catalog::all()
            .filter(|id| self.metrics.get(id.def().name).map_or(id.def().enabled, |t| t.enabled))
            .collect()
    }

    /// Whether a resource attribute is on.
    pub fn resource_attribute_enabled(&self, name: &str) -> bool {
        let default = RESOURCE_ATTRIBUTES.iter().find(|a| a.name == name).is_some_and(|a| a.enabled);
        self.resource_attributes.get(name).map_or(default, |t| t.enabled)
    }

    /// The connect timeout: `dialer.timeout`, else `timeout`, else 10 s, never longer
    /// than the interval.
    pub fn connect_timeout(&self) -> Duration {
        self.dialer
            .timeout
            .filter(|t| !t.0.is_zero())
            .or(self.timeout)
            .map_or(Duration::from_secs(10), |t| t.0)
            .min(self.collection_interval.0)
    }
}

/// Where a target listens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    /// host and port.
    Tcp {
        /// Host name or IP (IPv6 without brackets).
        host: String,
        /// Port.
        port: u16,
    },
    /// Unix socket path.
    Unix(String),
}

impl Endpoint {
    /// Parses `host:port`, `[v6]:port`, or a socket path for the unix transport.
    pub fn parse(s: &str, transport: Transport) -> Result<Endpoint, InvalidConfig> {
        let s = s.trim();
        if transport == Transport::Unix {
            if s.is_empty() {
                return Err(invalid("endpoint", "needs a socket path for transport unix"));
            }
            return Ok(Endpoint::Unix(s.to_string()));
        }
        let s = s.strip_prefix("redis://").or_else(|| s.strip_prefix("tcp://")).unwrap_or(s);
        let (host, port) =
            s.rsplit_once(':').ok_or_else(|| invalid("endpoint", format!("`{s}` must be host:port")))?;
        let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        if host.is_empty() {
            return Err(invalid("endpoint", format!("`{s}` has no host")));
        }
        let port =
            port.parse::<u16>().map_err(|_| invalid("endpoint", format!("`{s}`: `{port}` is not a port")))?;
        Ok(Endpoint::Tcp { host: host.to_string(), port })
    }

    /// `server.address`.
    pub fn address(&self) -> &str {
        match self {
            Endpoint::Tcp { host, .. } => host,
            Endpoint::Unix(path) => path,
        }
    }

    /// `server.port`, absent for unix sockets.
    pub fn port(&self) -> Option<u16> {
        match self {
            Endpoint::Tcp { port, .. } => Some(*port),
            Endpoint::Unix(_) => None,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Tcp { host, port } if host.contains(':') => write!(f, "[{host}]:{port}"),
            Endpoint::Tcp { host, port } => write!(f, "{host}:{port}"),
            Endpoint::Unix(p) => write!(f, "unix:{p}"),
        }
    }
}

/// Names of receiver blocks in an agent config: `redis` or `redis/<name>`.
pub fn is_receiver_key(key: &str) -> bool {
    key == "redis" || key.strip_prefix("redis/").is_some_and(|n| !n.is_empty())
}

/// serde_yaml appends `at line L column C` to its messages; [`BlockError`] carries the
/// line on its own.
fn strip_yaml_location(message: &str) -> String {
    message.split(" at line ").next().unwrap_or(message).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_from_yaml_and_json() {
        let c = ReceiverConfig::from_yaml("endpoint: localhost:6379\ncollection_interval: 2s\n").unwrap();
        assert_eq!(c.collection_interval.0, Duration::from_secs(2));
        // JSON is YAML: the Go component hands its block over as JSON.
        let c =
            ReceiverConfig::from_yaml(r#"{"endpoint":"a:1","metrics":{"redis.cmd.calls":{"enabled":true}}}"#)
                .unwrap();
        assert!(c.enabled_metrics().contains(&catalog::ids::REDIS_CMD_CALLS));
    }

    #[test]
    fn block_errors_name_key_and_line() {
        let e = ReceiverConfig::from_yaml("endpoint: a:1\ncollection_interval: 1ms\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.starts_with("collection_interval: must be at least 100ms"), "{e}");

        let e = ReceiverConfig::from_yaml("endpoint: a:1\nmetrics:\n  redis.nope:\n    enabled: true\n")
            .unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line),
            ("metrics.redis.nope: unknown metric (see docs/metrics.md)", Some(3))
        );

        let e = ReceiverConfig::from_yaml("endpoint: a:1\ncolection_interval: 10s\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("unknown field `colection_interval`"), "{e}");
        assert!(!e.message.contains(" at line "), "{e}");

        let e = ReceiverConfig::from_yaml("endpoint: [a:1\n").unwrap_err();
        assert!(e.line.is_some(), "{e}");
        assert!(ReceiverConfig::from_yaml("").unwrap_err().message.starts_with("endpoint:"));
    }

    #[test]
    fn contrib_tls_and_dialer_keys() {
        let c = ReceiverConfig::from_yaml(
            "endpoint: a:1\ntimeout: 3s\ndialer:\n  timeout: 2s\ntls:\n  ca_pem: |\n    -----BEGIN CERTIFICATE-----\n  \
             include_system_ca_certs_pool: true\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n  curve_preferences: [X25519]\n",
        )
        .unwrap();
        assert!(c.tls.enabled(), "ca_pem turns TLS on like ca_file");
        assert_eq!(c.connect_timeout(), Duration::from_secs(2), "dialer.timeout wins over timeout");

        let e = ReceiverConfig::from_yaml("endpoint: a:1\ntls:\n  ca_file: x\n  ca_pem: y\n").unwrap_err();
        assert_eq!(e.message, "tls.ca_pem: set ca_file or ca_pem, not both");
        let e = ReceiverConfig::from_yaml("endpoint: a:1\ntls:\n  cert_pem: x\n").unwrap_err();
        assert!(e.message.starts_with("tls: a client certificate"), "{e}");
        let e = ReceiverConfig::from_yaml("endpoint: a:1\ntls:\n  tpm:\n    enabled: true\n").unwrap_err();
        assert!(e.message.starts_with("tls.tpm: TPM-held client keys are not supported"), "{e}");
        let c = ReceiverConfig::from_yaml("endpoint: a:1\ntls:\n  key_pem: s3cret\n  cert_pem: c\n").unwrap();
        assert!(!format!("{c:?}").contains("s3cret"), "key_pem never prints");
    }

    #[test]
    fn go_durations() {
        assert_eq!(parse_duration("10s").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_duration("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("1.5h").unwrap(), Duration::from_secs(5400));
        assert!(parse_duration("10").is_err());
        assert!(parse_duration("10x").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn endpoints() {
        assert_eq!(
            Endpoint::parse("[::1]:6379", Transport::Tcp).unwrap(),
            Endpoint::Tcp { host: "::1".into(), port: 6379 }
        );
        assert_eq!(Endpoint::parse("localhost:6379", Transport::Tcp).unwrap().to_string(), "localhost:6379");
        assert!(Endpoint::parse("localhost", Transport::Tcp).is_err());
        assert!(Endpoint::parse("h:99999", Transport::Tcp).is_err());
        assert_eq!(Endpoint::parse("/run/redis.sock", Transport::Unix).unwrap().port(), None);
    }

    #[test]
    fn secrets_do_not_print() {
        let c = ReceiverConfig {
            password: Some(Secret("hunter2".into())),
            ..ReceiverConfig::for_endpoint("a:1")
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn tls_enabled_rules() {
        assert!(!TlsConfig::default().enabled());
        assert!(TlsConfig { insecure: Some(false), ..Default::default() }.enabled());
        assert!(TlsConfig { ca_file: Some("ca.pem".into()), ..Default::default() }.enabled());
        assert!(
            !TlsConfig { insecure: Some(true), ca_file: Some("x".into()), ..Default::default() }.enabled()
        );
    }

    #[test]
    fn metric_switches() {
        let mut c = ReceiverConfig::for_endpoint("a:1");
        c.metrics.insert("redis.cmd.calls".into(), Toggle { enabled: true });
        c.metrics.insert("redis.uptime".into(), Toggle { enabled: false });
        let on = c.enabled_metrics();
        assert!(on.contains(&catalog::ids::REDIS_CMD_CALLS));
        assert!(!on.contains(&catalog::ids::REDIS_UPTIME));
        assert!(on.contains(&catalog::ids::REDIS_CLIENTS_CONNECTED));
        c.metrics.insert("redis.bogus".into(), Toggle { enabled: true });
        assert_eq!(c.validate().unwrap_err().key, "metrics.redis.bogus");
    }
}
