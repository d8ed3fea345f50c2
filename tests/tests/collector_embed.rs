//! The custom collector (`make collector`) running redis-otel's embedded receiver
//! (`redisotel`, libredis_otel through cgo) and the Collector Contrib `redis` receiver
//! side by side against the same real Redis, with the committed
//! `otelcol-config/side-by-side.yaml`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command};
use std::time::Duration;

use redis_otel_e2e::otel::{Scratch, collector_binary, file_exports, json_points, terminate, wait_file};
use redis_otel_e2e::{RedisServer, Version};

fn start_side_by_side(dir: &Scratch, endpoint: &str) -> Child {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("../otelcol-config/side-by-side.yaml");
    let log = std::fs::File::create(dir.path("collector.log")).unwrap();
    Command::new(collector_binary())
        .arg("--config")
        .arg(config)
        .env("REDIS_ENDPOINT", endpoint)
        .env("INTERVAL", "1s")
        .env("OUT_DIR", &dir.0)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start the collector")
}

fn names(docs: &[serde_json::Value]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for d in docs {
        for rm in d["resourceMetrics"].as_array().into_iter().flatten() {
            for sm in rm["scopeMetrics"].as_array().into_iter().flatten() {
                for m in sm["metrics"].as_array().into_iter().flatten() {
                    out.insert(m["name"].as_str().unwrap_or_default().to_string());
                }
            }
        }
    }
    out
}

fn last(docs: &[serde_json::Value], name: &str) -> Option<f64> {
    json_points(docs, name).last().map(|p| p.2)
}

#[test]
fn redisotel_and_contrib_agree_on_a_real_redis() {
    let server = RedisServer::start(Version::V7, &[]);
    let _held = server.hold(5);
    let dir = Scratch::new("side-by-side");
    let mut collector = start_side_by_side(&dir, &server.endpoint());
    let log = || std::fs::read_to_string(dir.path("collector.log")).unwrap_or_default();

    // Both pipelines have exported a few scrapes (the first ones may predate the other
    // receiver's connection).
    let enough = |docs: &[serde_json::Value]| docs.len() >= 3;
    let wait = |file: &str| {
        let path = dir.path(file);
        std::panic::catch_unwind(|| wait_file(&path, Duration::from_secs(60), enough))
            .unwrap_or_else(|_| panic!("no output in {file}; collector log:\n{}", log()))
    };
    wait("contrib.jsonl");
    wait("redisotel.jsonl");
    // One more scrape each, so both saw the other's connection.
    std::thread::sleep(Duration::from_millis(1500));
    let contrib = file_exports(&dir.path("contrib.jsonl"));
    let ours = file_exports(&dir.path("redisotel.jsonl"));

    // The headline metric: five held connections, one per receiver.
    assert_eq!(last(&contrib, "redis.clients.connected"), Some(7.0), "contrib");
    assert_eq!(last(&ours, "redis.clients.connected"), Some(7.0), "redisotel\n{}", log());
    assert_eq!(last(&ours, "redis.up"), Some(1.0));

    // Every metric contrib emits, redisotel emits too (plus the capacity signals).
    let (c, o) = (names(&contrib), names(&ours));
    let missing: Vec<_> = c.difference(&o).collect();
    assert!(missing.is_empty(), "emitted by contrib, not by redisotel: {missing:?}");
    for extra in ["redis.clients.max", "redis.clients.utilization", "redis.up", "redis.scrape.duration"] {
        assert!(o.contains(extra), "{extra} missing from redisotel: {o:?}");
    }

    // The same server facts, read at nearly the same moment.
    for name in [
        "redis.db.keys",
        "redis.connections.rejected",
        "redis.keys.evicted",
        "redis.rdb.changes_since_last_save",
    ] {
        assert_eq!(last(&contrib, name), last(&ours, name), "{name}");
    }

    let (code, _) = terminate(&mut collector, Duration::from_secs(10));
    assert_eq!(code, Some(0), "the collector stops cleanly with redisotel running:\n{}", log());
    // Shutdown closed the library's connection as well as contrib's.
    let mut admin = server.client();
    let info = admin.call(&["INFO", "clients"]);
    assert!(info.contains("connected_clients:6\r\n"), "{info}");
}

#[test]
fn a_bad_redisotel_block_stops_the_collector_at_start_naming_the_key() {
    let dir = Scratch::new("bad-redisotel");
    let config = dir.write(
        "bad.yaml",
        "receivers:\n  redisotel:\n    endpoint: 127.0.0.1:6379\n    metrics:\n      redis.nope:\n        enabled: true\n\
         exporters:\n  debug: {}\nservice:\n  telemetry:\n    metrics:\n      level: none\n  pipelines:\n    metrics:\n      receivers: [redisotel]\n      exporters: [debug]\n",
    );
    let out = Command::new(collector_binary()).arg("--config").arg(&config).output().unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("redisotel") && text.contains("metrics.redis.nope: unknown metric"), "{text}");
}
