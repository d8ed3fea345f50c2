//! The agent (`redis-otel run`) end to end: real Redis servers, the real collector built
//! by `make collector`, and an in-process OTLP server where bytes and headers on the wire
//! matter. Every value asserted is one the test itself causes.

use std::time::{Duration, Instant};

use prost::Message as _;
use redis_otel_e2e::otel::{
    Agent, CaptureServer, Collector, FakeRedis, Scratch, file_exports, http_get, json_points, wait_file,
};
use redis_otel_e2e::{RedisServer, TestPki, Version, free_port};

fn collector_config(
    grpc: u16,
    file: &std::path::Path,
    extra_receiver: &str,
    extra: &str,
    prom: Option<u16>,
) -> String {
    let prom_exporter = prom
        .map(|p| format!("  prometheus:\n    endpoint: 127.0.0.1:{p}\n    resource_to_telemetry_conversion:\n      enabled: true\n"))
        .unwrap_or_default();
    let exporters = if prom.is_some() { "[file, prometheus]" } else { "[file]" };
    format!(
        "receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: 127.0.0.1:{grpc}\n{extra_receiver}\
exporters:\n  file:\n    path: {}\n    flush_interval: 100ms\n{prom_exporter}{extra}\
service:\n  telemetry:\n    metrics:\n      level: none\n  pipelines:\n    metrics:\n      receivers: [otlp]\n      exporters: {exporters}\n",
        file.display()
    )
}

fn agent_config(targets: &[String], interval: &str, exporter: &str) -> String {
    let mut s = String::from("receivers:\n");
    for (i, t) in targets.iter().enumerate() {
        s.push_str(&format!(
            "  redis/t{i}:\n    endpoint: {t}\n    collection_interval: {interval}\n    initial_delay: 0s\n"
        ));
    }
    s.push_str("exporters:\n  otlp:\n");
    s.push_str(exporter);
    s
}

fn insecure(port: u16) -> String {
    format!("    endpoint: 127.0.0.1:{port}\n    tls:\n      insecure: true\n")
}

fn connected(docs: &[serde_json::Value], port: u16) -> Vec<f64> {
    let p = format!("server.port={port}");
    json_points(docs, "redis.clients.connected")
        .into_iter()
        .filter(|(r, _, _)| r.contains(&p))
        .map(|(_, _, v)| v)
        .collect()
}

#[test]
fn one_resource_per_target_in_a_real_collector_and_prometheus() {
    let dir = Scratch::new("e2e-main");
    let a = RedisServer::start(Version::V7, &[]);
    let b = RedisServer::start(Version::V6, &[]);
    let _ha = a.hold(2);
    let _hb = b.hold(3);
    let (grpc, prom) = (free_port(), free_port());
    let out = dir.path("out.json");
    let _collector = Collector::start(&dir, &collector_config(grpc, &out, "", "", Some(prom)), grpc);
    let mut agent =
        Agent::start(&dir, &agent_config(&[a.endpoint(), b.endpoint()], "500ms", &insecure(grpc)));

    let docs = wait_file(&out, Duration::from_secs(20), |d| {
        connected(d, a.port).contains(&3.0) && connected(d, b.port).contains(&4.0)
    });
    // Each request carries one resource per target, identified on the resource.
    let doc = docs.iter().rev().find(|d| d.to_string().contains("redis.clients.connected")).unwrap();
    let resources: Vec<String> = doc["resourceMetrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rm| rm["resource"].to_string())
        .filter(|r| r.contains("server.port"))
        .collect();
    assert_eq!(resources.len(), 2, "{resources:?}");
    assert!(resources.iter().any(|r| r.contains("\"6.2.14\"")));

    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let body = http_get(prom, "/metrics");
        let line = body
            .lines()
            .find(|l| l.starts_with("redis_clients_connected") && l.contains(&a.port.to_string()));
        if let Some(line) = line {
            assert!(line.trim_end().ends_with(" 3"), "{line}");
            break;
        }
        assert!(Instant::now() < until, "no redis_clients_connected on /metrics:\n{body}");
        std::thread::sleep(Duration::from_millis(200));
    }

    let (code, took) = agent.terminate();
    assert_eq!(code, Some(0), "{}", agent.log_text());
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(!agent.log_text().contains("panicked"));
}

#[test]
fn sigterm_and_sigint_flush_what_was_scraped() {
    for sig in ["TERM", "INT"] {
        let dir = Scratch::new("e2e-flush");
        let a = RedisServer::start(Version::V7, &[]);
        let _h = a.hold(4);
        let grpc = free_port();
        let out = dir.path("out.json");
        let _collector = Collector::start(&dir, &collector_config(grpc, &out, "", "", None), grpc);
        // A 60 s interval: the only export before exit is the final flush.
        let mut agent = Agent::start(&dir, &agent_config(&[a.endpoint()], "60s", &insecure(grpc)));
        std::thread::sleep(Duration::from_secs(2));
        assert!(
            connected(&redis_otel_e2e::otel::file_exports(&out), a.port).is_empty(),
            "nothing exported yet"
        );
        let (code, took) = agent.signal(sig);
        assert_eq!(code, Some(0), "SIG{sig}: {}", agent.log_text());
        assert!(took < Duration::from_secs(5), "SIG{sig}: {took:?}");
        let docs = wait_file(&out, Duration::from_secs(5), |d| !connected(d, a.port).is_empty());
        assert_eq!(connected(&docs, a.port), vec![5.0], "SIG{sig}");
    }
}

#[test]
fn collector_down_at_start_then_up_delivers() {
    let dir = Scratch::new("e2e-late");
    let a = RedisServer::start(Version::V7, &[]);
    let grpc = free_port();
    let out = dir.path("out.json");
    let exporter = format!(
        "{}    retry_on_failure:\n      initial_interval: 100ms\n      max_interval: 500ms\n      max_elapsed_time: 30s\n",
        insecure(grpc)
    );
    let mut agent = Agent::start(&dir, &agent_config(&[a.endpoint()], "300ms", &exporter));
    std::thread::sleep(Duration::from_secs(2));
    assert!(agent.running(), "the agent keeps running without a collector");
    let _collector = Collector::start(&dir, &collector_config(grpc, &out, "", "", None), grpc);
    wait_file(&out, Duration::from_secs(15), |d| connected(d, a.port).contains(&1.0));
    let (code, _) = agent.terminate();
    assert_eq!(code, Some(0));
    assert!(!agent.log_text().contains("panicked"));
}

#[test]
fn collector_restart_keeps_the_queue_bounded_and_counts_drops() {
    let dir = Scratch::new("e2e-restart");
    let a = RedisServer::start(Version::V7, &[]);
    let grpc = free_port();
    let out = dir.path("out.json");
    let exporter = format!(
        "{}    timeout: 2s\n    retry_on_failure:\n      initial_interval: 100ms\n      max_interval: 200ms\n      max_elapsed_time: 2s\n    sending_queue:\n      queue_size: 3\n      num_consumers: 1\n",
        insecure(grpc)
    );
    let mut collector = Collector::start(&dir, &collector_config(grpc, &out, "", "", None), grpc);
    let mut agent = Agent::start(&dir, &agent_config(&[a.endpoint()], "200ms", &exporter));
    wait_file(&out, Duration::from_secs(30), |d| !connected(d, a.port).is_empty());
    collector.stop();
    std::thread::sleep(Duration::from_secs(5));
    assert!(agent.running(), "no crash while the collector is gone");
    collector.restart(&dir);
    let docs = wait_file(&out, Duration::from_secs(30), |d| {
        json_points(d, "redis_otel.exporter.data_points")
            .iter()
            .any(|(_, a, v)| a == "outcome=dropped" && *v > 0.0)
    });
    let depths: Vec<f64> =
        json_points(&docs, "redis_otel.exporter.queue.depth").into_iter().map(|(_, _, v)| v).collect();
    assert!(!depths.is_empty() && depths.iter().all(|d| *d <= 3.0), "queue bounded at 3: {depths:?}");
    let (code, _) = agent.terminate();
    assert_eq!(code, Some(0));
    assert!(!agent.log_text().contains("panicked"));
}

#[test]
fn tls_to_the_collector_with_a_generated_ca() {
    let dir = Scratch::new("e2e-tls");
    let pki = TestPki::generate("collector");
    let a = RedisServer::start(Version::V7, &[]);
    let grpc = free_port();
    let out = dir.path("out.json");
    let tls = format!(
        "        tls:\n          cert_file: {}\n          key_file: {}\n",
        pki.cert.display(),
        pki.key.display()
    );
    let mut config = collector_config(grpc, &out, "", "", None);
    config = config.replacen(
        &format!("endpoint: 127.0.0.1:{grpc}\n"),
        &format!("endpoint: 127.0.0.1:{grpc}\n{tls}"),
        1,
    );
    let _collector = Collector::start(&dir, &config, grpc);
    let exporter = format!("    endpoint: localhost:{grpc}\n    tls:\n      ca_file: {}\n", pki.ca.display());
    let mut agent = Agent::start(&dir, &agent_config(&[a.endpoint()], "300ms", &exporter));
    wait_file(&out, Duration::from_secs(15), |d| connected(d, a.port).contains(&1.0));
    assert_eq!(agent.terminate().0, Some(0));

    // Without the CA, verification fails: nothing is delivered, the failures are counted.
    let b = RedisServer::start(Version::V7, &[]);
    let exporter = format!(
        "    endpoint: localhost:{grpc}\n    timeout: 1s\n    retry_on_failure:\n      enabled: false\n"
    );
    let mut unverified = Agent::start(&dir, &agent_config(&[b.endpoint()], "300ms", &exporter));
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(unverified.terminate().0, Some(0));
    assert!(connected(&file_exports(&out), b.port).is_empty(), "an unknown CA must not verify");
    assert!(unverified.log_text().contains("failed"), "{}", unverified.log_text());

    // The collector's insecure_skip_verify works too (with a warning in the log).
    let exporter = format!("    endpoint: localhost:{grpc}\n    tls:\n      insecure_skip_verify: true\n");
    let mut skipping = Agent::start(&dir, &agent_config(&[b.endpoint()], "300ms", &exporter));
    wait_file(&out, Duration::from_secs(15), |d| connected(d, b.port).contains(&1.0));
    assert_eq!(skipping.terminate().0, Some(0));
    assert!(skipping.log_text().contains("insecure_skip_verify is set"), "{}", skipping.log_text());
}

#[test]
fn bearer_token_required_by_the_collector() {
    let dir = Scratch::new("e2e-auth");
    let a = RedisServer::start(Version::V7, &[]);
    let grpc = free_port();
    let out = dir.path("out.json");
    let mut config =
        collector_config(grpc, &out, "", "extensions:\n  bearertokenauth:\n    token: s3cr3t-token\n", None);
    config = config.replacen(
        &format!("endpoint: 127.0.0.1:{grpc}\n"),
        &format!("endpoint: 127.0.0.1:{grpc}\n        auth:\n          authenticator: bearertokenauth\n"),
        1,
    );
    config = config.replacen("service:\n", "service:\n  extensions: [bearertokenauth]\n", 1);
    let _collector = Collector::start(&dir, &config, grpc);

    let wrong = format!("{}    headers:\n      authorization: Bearer nope\n", insecure(grpc));
    let mut bad = Agent::start(&dir, &agent_config(&[a.endpoint()], "300ms", &wrong));
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(bad.terminate().0, Some(0));
    assert!(
        connected(&redis_otel_e2e::otel::file_exports(&out), a.port).is_empty(),
        "rejected without the token"
    );
    assert!(bad.log_text().contains("Unauthenticated"), "{}", bad.log_text());

    let right = format!("{}    headers:\n      authorization: Bearer s3cr3t-token\n", insecure(grpc));
    let mut good = Agent::start(&dir, &agent_config(&[a.endpoint()], "300ms", &right));
    wait_file(&out, Duration::from_secs(15), |d| connected(d, a.port).contains(&1.0));
    assert_eq!(good.terminate().0, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_and_headers_on_the_wire() {
    let a = RedisServer::start(Version::V7, &[]);
    for (compression, expected) in [("gzip", Some("gzip")), ("none", None)] {
        let dir = Scratch::new("e2e-wire");
        let capture = CaptureServer::start().await;
        let exporter = format!(
            "{}    compression: {compression}\n    headers:\n      x-tenant: team-a\n",
            insecure(capture.port)
        );
        let mut agent = Agent::start(&dir, &agent_config(&[a.endpoint()], "300ms", &exporter));
        let until = Instant::now() + Duration::from_secs(10);
        while capture.requests().is_empty() {
            assert!(Instant::now() < until, "nothing arrived: {}", agent.log_text());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let code = tokio::task::spawn_blocking(move || agent.terminate().0).await.unwrap();
        assert_eq!(code, Some(0));
        for r in capture.requests() {
            assert_eq!(r.encoding.as_deref(), expected, "compression {compression}");
            assert!(r.headers.iter().any(|(k, v)| k == "x-tenant" && v == "team-a"), "{:?}", r.headers);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_targets_need_several_bounded_requests_and_lose_nothing() {
    const TARGETS: usize = 300;
    const MAX_POINTS: usize = 2_000;
    const MAX_BYTES: usize = 256 * 1024;
    let info = include_str!("../../crates/redis-otel-receiver/tests/fixtures/info/redis-7.0.15.txt");
    let fakes = FakeRedis::start(TARGETS, info).await;
    let capture = CaptureServer::start().await;
    let dir = Scratch::new("e2e-batch");
    let targets: Vec<String> = fakes.ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
    let exporter = format!(
        "{}    batch:\n      max_data_points: {MAX_POINTS}\n      max_bytes: {MAX_BYTES}\n",
        insecure(capture.port)
    );
    // One collection only: a long interval, then SIGTERM's final flush.
    let mut agent = Agent::start(&dir, &agent_config(&targets, "60s", &exporter));
    tokio::time::sleep(Duration::from_secs(3)).await;
    // Blocking waits run off the runtime that serves the fake targets and the capture server.
    let (code, agent) = tokio::task::spawn_blocking(move || (agent.terminate().0, agent)).await.unwrap();
    assert_eq!(code, Some(0), "{}", agent.log_text());
    let reqs = capture.requests();
    assert!(
        reqs.len() > 1,
        "one collection of {TARGETS} targets needs several requests, got {}: {}",
        reqs.len(),
        agent.log_text()
    );
    let mut ports = std::collections::BTreeSet::new();
    let mut connected = 0;
    for r in &reqs {
        let points = redis_otel_exporter::batch::request_points(&r.request);
        assert!(points <= MAX_POINTS, "{points} points");
        assert!(r.request.encoded_len() <= MAX_BYTES, "{} bytes", r.request.encoded_len());
        for (res, m, p) in redis_otel_otlp::points(&r.request) {
            if let Some(port) = res.iter().find(|kv| kv.key == "server.port") {
                ports.insert(redis_otel_otlp::value_text(port.value.as_ref()));
            }
            if m.name == "redis.clients.connected" {
                assert_eq!(redis_otel_otlp::point_value(p), 3.0, "the fixture's value");
                connected += 1;
            }
        }
    }
    assert_eq!(ports.len(), TARGETS, "every target arrived");
    assert_eq!(connected, TARGETS, "each target's gauge exactly once");
}

#[test]
fn admin_endpoint_serves_health_and_per_target_status() {
    let dir = Scratch::new("e2e-admin");
    let a = RedisServer::start(Version::V7, &[]);
    let dead = format!("127.0.0.1:{}", free_port());
    let (grpc, admin) = (free_port(), free_port());
    let out = dir.path("out.json");
    let _collector = Collector::start(&dir, &collector_config(grpc, &out, "", "", None), grpc);
    let config = format!(
        "{}admin:\n  endpoint: 127.0.0.1:{admin}\n",
        agent_config(&[a.endpoint(), dead.clone()], "300ms", &insecure(grpc))
    );
    let mut agent = Agent::start(&dir, &config);
    redis_otel_e2e::otel::wait_port(admin, Duration::from_secs(10));
    wait_file(&out, Duration::from_secs(10), |d| connected(d, a.port).contains(&1.0));
    let status = std::process::Command::new(redis_otel_e2e::cli())
        .args(["status", "--admin", &format!("127.0.0.1:{admin}")])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let text = String::from_utf8_lossy(&status.stdout).to_string();
    assert!(text.contains("health SERVING"), "{text}");
    let line = |ep: &str| {
        text.lines().find(|l| l.starts_with(ep)).unwrap_or_else(|| panic!("{ep} in {text}")).to_string()
    };
    let good = line(&a.endpoint());
    assert!(good.contains(" up ") && good.contains("version 7.0.15") && good.contains("redis/t0"), "{good}");
    let bad = line(&dead);
    assert!(bad.contains("DOWN") && bad.contains("Connection refused"), "{bad}");
    assert_eq!(agent.terminate().0, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partial_success_is_logged_and_counted() {
    let a = RedisServer::start(Version::V7, &[]);
    let capture = CaptureServer::start_rejecting(2).await;
    let dir = Scratch::new("e2e-partial");
    let admin = free_port();
    let config = format!(
        "{}admin:\n  endpoint: 127.0.0.1:{admin}\n",
        agent_config(&[a.endpoint()], "300ms", &insecure(capture.port))
    );
    let agent = Agent::start(&dir, &config);
    let until = Instant::now() + Duration::from_secs(10);
    while capture.requests().len() < 2 {
        assert!(Instant::now() < until, "nothing arrived: {}", agent.log_text());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let admin_addr = format!("127.0.0.1:{admin}");
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new(redis_otel_e2e::cli())
            .args(["status", "--admin", &admin_addr])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&status.stdout).to_string();
    let rejected: u64 = text
        .split("rejected ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(rejected >= 2 && rejected.is_multiple_of(2), "2 per request: {text}");
    let (code, agent) = tokio::task::spawn_blocking(move || {
        let mut agent = agent;
        (agent.terminate().0, agent)
    })
    .await
    .unwrap();
    assert_eq!(code, Some(0));
    assert!(agent.log_text().contains("collector rejected part of a request"), "{}", agent.log_text());
}
