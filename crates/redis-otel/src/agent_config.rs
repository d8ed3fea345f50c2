//! The agent's config file, shaped like an OpenTelemetry Collector config:
//!
//! ```yaml
//! receivers:
//!   redis:                # or redis/<name>; each block is a contrib redisreceiver block
//!     endpoint: localhost:6379
//!     collection_interval: 10s
//!   redis/cache:
//!     endpoints: [10.0.0.1:6379, 10.0.0.2:6379]
//!     password: ${env:CACHE_PASSWORD}
//! exporters:
//!   otlp:
//!     endpoint: localhost:4317
//! ```
//!
//! Errors name the key and its line.

use std::path::Path;

use indexmap::IndexMap;
use redis_otel_receiver::config::{InvalidConfig, ReceiverConfig, is_receiver_key};
use redis_otel_receiver::yaml;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgentConfig {
    /// Receiver blocks by name.
    pub(crate) receivers: IndexMap<String, ReceiverConfig>,
    /// Exporter blocks (validated by the exporter; used by `redis-otel run`).
    #[serde(default)]
    pub(crate) exporters: Option<yaml::Value>,
    /// The agent's admin endpoint (off unless set).
    #[serde(default)]
    pub(crate) admin: Option<crate::admin::AdminConfig>,
}

/// A config file that cannot be used, with its location.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub(crate) struct ConfigError {
    /// File name as given.
    pub(crate) file: String,
    /// 1-based line, when known.
    pub(crate) line: Option<usize>,
    /// What is wrong, naming the key.
    pub(crate) message: String,
}

impl AgentConfig {
    /// Reads, expands `${env:NAME}`, parses and validates a file.
    pub(crate) fn load(path: &Path) -> Result<Self, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: file.clone(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        Self::parse(&text, &file, |k| std::env::var(k).ok())
    }

    /// Parses and validates text (`file` names it in errors).
    pub(crate) fn parse(
        text: &str,
        file: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let err = |line, message| ConfigError { file: file.to_string(), line, message };
        let text = yaml::expand_env(text, env).map_err(|e| err(e.line, e.message))?;
        let cfg: AgentConfig = yaml::from_str(&text).map_err(|e| err(e.line, e.message))?;
        if cfg.receivers.is_empty() {
            return Err(err(
                yaml::line_of(&text, "receivers", 0),
                "receivers: at least one `redis` block is needed".into(),
            ));
        }
        for (name, block) in &cfg.receivers {
            let at = yaml::line_of(&text, name, 0);
            if !is_receiver_key(name) {
                return Err(err(
                    at,
                    format!("receivers.{name}: unknown receiver type (expected `redis` or `redis/<name>`)"),
                ));
            }
            block.validate().map_err(|InvalidConfig { key, message }| {
                let line = yaml::line_of_path(&text, &key, at.unwrap_or(0)).or(at);
                err(line, format!("receivers.{name}.{key}: {message}"))
            })?;
        }
        Ok(cfg)
    }

    /// `(name, block)` pairs for [`redis_otel_receiver::Receiver::new`].
    pub(crate) fn blocks(&self) -> impl Iterator<Item = (&str, &ReceiverConfig)> {
        self.receivers.iter().map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<AgentConfig, ConfigError> {
        AgentConfig::parse(text, "agent.yaml", |k| (k == "PW").then(|| "pw".to_string()))
    }

    #[test]
    fn contrib_block_unchanged() {
        let cfg = parse(
            "receivers:\n  redis:\n    endpoint: localhost:6379\n    collection_interval: 10s\n    password: ${env:PW}\n    transport: tcp\n    tls:\n      insecure: true\n    metrics:\n      redis.maxmemory:\n        enabled: true\n    resource_attributes:\n      server.port:\n        enabled: false\n",
        )
        .unwrap();
        let r = &cfg.receivers["redis"];
        assert_eq!(r.password.as_ref().unwrap().0, "pw");
        assert!(!r.tls.enabled());
        assert!(!r.resource_attribute_enabled("server.port"));
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let e = parse("receivers:\n  redis:\n    endpoint: a:1\n    colection_interval: 10s\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.to_string().contains("colection_interval"), "{e}");
        assert!(e.to_string().starts_with("agent.yaml:4:"), "{e}");
    }

    #[test]
    fn bad_interval_names_key_and_line() {
        let e =
            parse("receivers:\n  redis/a:\n    endpoint: a:1\n    collection_interval: ten\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message.contains("collection_interval"), "{e}");
    }

    #[test]
    fn unknown_metric_names_metric_and_line() {
        let e = parse("receivers:\n  redis:\n    endpoint: a:1\n    metrics:\n      redis.nope:\n        enabled: true\n")
            .unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        assert!(e.message.contains("receivers.redis.metrics.redis.nope"), "{e}");
    }

    #[test]
    fn missing_endpoint_and_bad_receiver_type() {
        let e = parse("receivers:\n  redis:\n    collection_interval: 5s\n").unwrap_err();
        assert!(e.message.contains("receivers.redis.endpoint"), "{e}");
        let e = parse("receivers:\n  mysql:\n    endpoint: a:1\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn missing_env_var_is_named() {
        let e = parse("receivers:\n  redis:\n    endpoint: a:1\n    password: ${env:NOPE}\n").unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("NOPE"));
    }
}
