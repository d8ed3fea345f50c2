//! # redis-otel-status
//!
//! The messages of `proto/redis_otel/status/v1/status.proto` — what each target is
//! doing (up, last error, scrape counts, commands the server refused) — and the one
//! function that fills them from a [`Receiver`]. Two hosts serve them: the agent's
//! admin gRPC service (`redis-otel status`) and the shared library
//! (`redis_otel_receiver_status`), so both report a target the same way.
//!
//! The message code is generated (pure Rust: protox + tonic-prost-build, no protoc) and
//! committed; `tests/proto_drift.rs` fails when it is stale. The agent's gRPC service
//! code refers to these types (`extern_path`).

use std::time::UNIX_EPOCH;

use redis_otel_receiver::Receiver;

/// `redis_otel.status.v1`: generated messages.
#[allow(missing_docs, unreachable_pub, clippy::all)]
pub mod v1 {
    include!("generated/redis_otel.status.v1.rs");
}

/// The status of every target of `receiver`, in target order.
pub fn targets(receiver: &Receiver) -> Vec<v1::TargetStatus> {
    receiver
        .targets()
        .iter()
        .zip(receiver.target_blocks())
        .map(|(t, block)| {
            let snap = t.latest();
            let (scrapes, failures) = t.scrape_counts();
            v1::TargetStatus {
                endpoint: t.label().to_string(),
                receiver: block.clone(),
                up: snap.as_ref().is_some_and(|s| s.up),
                last_error: t.last_error().map(|e| e.to_string()).unwrap_or_default(),
                last_scrape_time_unix_nano: snap
                    .as_ref()
                    .and_then(|s| s.time.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as u64),
                last_scrape_duration_seconds: snap.as_ref().map_or(0.0, |s| s.duration.as_secs_f64()),
                scrapes,
                failures,
                redis_version: snap
                    .as_ref()
                    .and_then(|s| s.identity.iter().find(|kv| kv.key.as_str() == "redis.version"))
                    .map(|kv| kv.value.as_str().into_owned())
                    .unwrap_or_default(),
                refused_commands: t.refused_commands().into_iter().map(str::to_string).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use redis_otel_receiver::ReceiverConfig;

    #[test]
    fn a_target_never_scraped_is_listed_as_not_up() {
        let mut cfg = ReceiverConfig::for_endpoint("127.0.0.1:6379");
        cfg.endpoints = vec!["127.0.0.1:6380".into()];
        let receiver = Receiver::single(&cfg).unwrap();
        let status = targets(&receiver);
        let endpoints: Vec<_> = status.iter().map(|t| t.endpoint.as_str()).collect();
        assert_eq!(endpoints, ["127.0.0.1:6379", "127.0.0.1:6380"]);
        assert!(status.iter().all(|t| !t.up && t.scrapes == 0 && t.receiver == "redis"));
    }
}
