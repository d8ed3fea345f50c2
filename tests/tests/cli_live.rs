//! The `redis-otel` command against real servers: its contract for scripts and checks
//! (exit codes, OTLP/JSON on stdout, messages on stderr, no secrets, fast failures).

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use redis_otel_e2e::{RedisServer, Version, cli, free_port};

fn run(args: &[&str]) -> Output {
    Command::new(cli())
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run redis-otel (built by `make test`)")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn scrape_prints_otlp_json_with_one_resource_and_exact_clients() {
    let server = RedisServer::start(Version::V7, &[]);
    let _held: Vec<_> = (0..3).map(|_| server.client()).collect();
    std::thread::sleep(Duration::from_millis(50));
    let out = run(&["scrape", "--endpoint", &server.endpoint(), "--format", "otlp-json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("one JSON document");
    let rms = json["resourceMetrics"].as_array().unwrap();
    assert_eq!(rms.len(), 1);
    let attrs = rms[0]["resource"]["attributes"].as_array().unwrap();
    let port = attrs.iter().find(|a| a["key"] == "server.port").unwrap();
    assert_eq!(port["value"]["stringValue"], server.port.to_string(), "a string, as in contrib");
    let scope = &rms[0]["scopeMetrics"][0];
    assert_eq!(scope["scope"]["name"], "redis-otel-receiver");
    let metric =
        scope["metrics"].as_array().unwrap().iter().find(|m| m["name"] == "redis.clients.connected").unwrap();
    assert_eq!(metric["unit"], "{client}");
    assert_eq!(metric["gauge"]["dataPoints"][0]["asInt"], "4", "3 held + the scraper");
    let cpu = scope["metrics"].as_array().unwrap().iter().find(|m| m["name"] == "redis.cpu.time").unwrap();
    assert_eq!(cpu["sum"]["isMonotonic"], true);
    assert_eq!(cpu["sum"]["aggregationTemporality"], 2, "cumulative");
    // Cumulative sums start when the server started (now − uptime), as in contrib.
    let uptime = scope["metrics"].as_array().unwrap().iter().find(|m| m["name"] == "redis.uptime").unwrap();
    let p = &uptime["sum"]["dataPoints"][0];
    let ns = |v: &serde_json::Value| v.as_str().unwrap().parse::<u64>().unwrap();
    let secs: u64 = p["asInt"].as_str().unwrap().parse().unwrap();
    let start = ns(&p["startTimeUnixNano"]);
    let expected = ns(&p["timeUnixNano"]) - secs * 1_000_000_000;
    assert!(start.abs_diff(expected) < 2_000_000_000, "start {start} vs {expected}");
}

#[test]
fn scrape_table_is_readable() {
    let server = RedisServer::start(Version::V6, &[]);
    let out = run(&["scrape", "--endpoint", &server.endpoint()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("resource server.address=127.0.0.1 server.port={}", server.port)),
        "{text}"
    );
    let line = text.lines().find(|l| l.trim_start().starts_with("redis.clients.connected ")).unwrap();
    assert_eq!(line.split_whitespace().collect::<Vec<_>>(), ["redis.clients.connected", "1", "{client}"]);
}

#[test]
fn unreachable_target_fails_fast_naming_endpoint_and_cause() {
    let port = free_port();
    let endpoint = format!("127.0.0.1:{port}");
    let t0 = Instant::now();
    let out = run(&["scrape", "--endpoint", &endpoint]);
    assert!(t0.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&endpoint) && err.contains("Connection refused"), "{err}");
    assert!(!err.contains("panicked"));

    let hung = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = hung.local_addr().unwrap().to_string();
    let t0 = Instant::now();
    let out = run(&["scrape", "--endpoint", &endpoint, "--timeout", "2s"]);
    assert!(t0.elapsed() < Duration::from_secs(4), "{:?}", t0.elapsed());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&endpoint), "{}", stderr(&out));
}

#[test]
fn wrong_password_fails_without_leaking_it() {
    let server = RedisServer::start(Version::V7, &["--requirepass", "right-one"]);
    let out = Command::new(cli())
        .args(["scrape", "--endpoint", &server.endpoint(), "--format", "otlp-json"])
        .env("REDIS_OTEL_PASSWORD", "hunter2-wrong")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let all = stdout(&out) + &stderr(&out);
    assert!(all.contains("authentication failed"), "{all}");
    assert!(!all.contains("hunter2-wrong"));
    let ok = Command::new(cli())
        .args(["scrape", "--endpoint", &server.endpoint()])
        .env("REDIS_OTEL_PASSWORD", "right-one")
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", stderr(&ok));
}

#[test]
fn scrape_and_validate_a_config_file() {
    let a = RedisServer::start(Version::V7, &[]);
    let b = RedisServer::start(Version::V6, &[]);
    let dir = std::env::temp_dir().join(format!("redis-otel-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("agent.yaml");
    std::fs::write(
        &path,
        format!(
            "receivers:\n  redis/a:\n    endpoint: {}\n    collection_interval: 10s\n  redis/b:\n    endpoints: [\"${{env:B_ENDPOINT}}\"]\n    metrics:\n      redis.maxmemory:\n        enabled: true\n",
            a.endpoint()
        ),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = Command::new(cli())
        .args(["validate", "--config", p])
        .env("B_ENDPOINT", b.endpoint())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = Command::new(cli())
        .args(["scrape", "--config", p, "--format", "otlp-json"])
        .env("B_ENDPOINT", b.endpoint())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(json["resourceMetrics"].as_array().unwrap().len(), 2);
    assert_eq!(stdout(&out).matches("\"redis.maxmemory\"").count(), 1, "enabled in block b only");

    std::fs::write(
        &path,
        "receivers:\n  redis:\n    endpoint: localhost:6379\n    collection_interval: soon\n",
    )
    .unwrap();
    let out = run(&["validate", "--config", p]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("agent.yaml:4") && err.contains("collection_interval"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
