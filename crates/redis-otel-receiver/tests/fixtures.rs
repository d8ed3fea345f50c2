//! The parser and the catalog-driven extraction on INFO text captured from real servers
//! (Redis 7.0.15, 6.2.14) and on hand-written dialects (4.0 legacy names, Dragonfly,
//! LF-only text with IPv6 replicas and 7.2 fields). No server needed.

use std::collections::BTreeMap;

use redis_otel_receiver::catalog::{self, MetricId, ids};
use redis_otel_receiver::extract::{self, Extras};
use redis_otel_receiver::info;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/info/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every metric of the catalog extracted from `text`: `name{k=v,..}` -> value.
fn all_points(text: &str, extras: Extras<'_>) -> BTreeMap<String, f64> {
    let parsed = info::parse(text);
    let mut out = BTreeMap::new();
    for id in catalog::all() {
        for p in extract::points(id, &parsed, &extras) {
            let attrs: Vec<String> =
                p.attributes.iter().map(|kv| format!("{}={}", kv.key, kv.value)).collect();
            out.insert(format!("{}{{{}}}", id.def().name, attrs.join(",")), p.value.as_f64());
        }
    }
    out
}

fn get(points: &BTreeMap<String, f64>, key: &str) -> f64 {
    *points.get(key).unwrap_or_else(|| panic!("missing {key}; have {:?}", points.keys().collect::<Vec<_>>()))
}

fn single(text: &str, id: MetricId) -> Option<f64> {
    let parsed = info::parse(text);
    let pts = extract::points(id, &parsed, &Extras::default());
    assert!(pts.len() <= 1);
    pts.first().map(|p| p.value.as_f64())
}

#[test]
fn redis_7_0_captured() {
    let text = fixture("redis-7.0.15.txt");
    assert!(text.contains("\r\n"), "captured fixtures keep Redis' CRLF");
    let p = all_points(&text, Extras::default());
    assert_eq!(get(&p, "redis.clients.connected{}"), 3.0);
    assert_eq!(get(&p, "redis.clients.blocked{}"), 1.0);
    assert_eq!(get(&p, "redis.clients.max{}"), 10000.0);
    assert!((get(&p, "redis.clients.utilization{}") - 3.0 / 10000.0).abs() < 1e-12);
    assert_eq!(get(&p, "redis.clients.max_input_buffer{}"), 20530.0);
    assert_eq!(get(&p, "redis.db.keys{db=0}"), 11.0);
    assert_eq!(get(&p, "redis.db.expires{db=3}"), 2.0);
    assert_eq!(get(&p, "redis.cmd.calls{cmd=set}"), 11.0);
    assert_eq!(get(&p, "redis.cmd.usec{cmd=get}"), 17.0);
    assert!((get(&p, "redis.cmd.latency{cmd=get,percentile=p99}") - 11.007e-6).abs() < 1e-12);
    assert_eq!(get(&p, "redis.errors{error=ERR}"), 3.0);
    assert_eq!(get(&p, "redis.errors{error=WRONGTYPE}"), 1.0);
    assert_eq!(get(&p, "redis.clients.disconnections{reason=evicted}"), 0.0);
    assert!(!p.contains_key("redis.clients.disconnections{reason=output_buffer_limit}"), "7.0 lacks it");
    assert!((get(&p, "redis.cpu.time{state=sys}") - 0.019149).abs() < 1e-12);
    assert_eq!(get(&p, "redis.role{role=primary}"), 1.0);
    assert_eq!(get(&p, "redis.mode{mode=standalone}"), 1.0);
    assert_eq!(get(&p, "redis.up{}"), 1.0);
    assert_eq!(info::parse(&text).version(), "7.0.15");
    // Every enabled-by-default metric of contrib has a value on a real 7.0 server.
    for id in catalog::all().filter(|id| id.def().enabled && id.def().compat == catalog::Compat::Contrib) {
        assert!(
            p.keys().any(|k| k.starts_with(&format!("{}{{", id.def().name))),
            "{} missing",
            id.def().name
        );
    }
}

#[test]
fn redis_6_2_captured() {
    let text = fixture("redis-6.2.14.txt");
    let p = all_points(&text, Extras::default());
    assert_eq!(get(&p, "redis.clients.connected{}"), 3.0);
    assert_eq!(get(&p, "redis.clients.max{}"), 10000.0);
    assert_eq!(get(&p, "redis.db.keys{db=3}"), 3.0);
    assert!(!p.keys().any(|k| k.starts_with("redis.cmd.latency")), "6.2 has no latencystats");
    assert!(!p.keys().any(|k| k.starts_with("redis.clients.disconnections")), "6.2 has none of the sources");
}

#[test]
fn legacy_4_0_names_and_config_fallback() {
    let text = fixture("legacy-redis-4.0.txt");
    assert_eq!(single(&text, ids::REDIS_CLIENTS_MAX_OUTPUT_BUFFER), Some(0.0));
    assert_eq!(single(&text, ids::REDIS_CLIENTS_MAX_INPUT_BUFFER), Some(0.0));
    assert_eq!(single(&text, ids::REDIS_CLIENTS_MAX), None, "4.0 INFO has no maxclients");
    let extras = Extras { config_maxclients: Some(100.0), ..Default::default() };
    let p = all_points(&text, extras);
    assert_eq!(get(&p, "redis.clients.max{}"), 100.0);
    // 57 clients + 2 replicas over 100.
    assert!((get(&p, "redis.clients.utilization{}") - 0.59).abs() < 1e-12);
    assert_eq!(get(&p, "redis.db.keys{db=5}"), 20331.0);
    assert_eq!(get(&p, "redis.replica.offset{replica=10.20.0.12:6379}"), 91827364512.0);
    assert_eq!(get(&p, "redis.replica.lag{replica=10.20.0.13:6379}"), 1.0);
    assert!(!p.contains_key("redis.cpu.time{state=sys_main_thread}"), "4.0 has no main-thread CPU");
}

#[test]
fn dragonfly_max_clients_alias() {
    let text = fixture("dragonfly.txt");
    let p = all_points(&text, Extras::default());
    assert_eq!(get(&p, "redis.clients.max{}"), 64000.0);
    assert_eq!(get(&p, "redis.clients.connected{}"), 23.0);
    assert_eq!(get(&p, "redis.db.keys{db=2}"), 88.0);
    assert_eq!(get(&p, "redis.db.avg_ttl{db=0}"), -1.0);
}

#[test]
fn lf_only_ipv6_replicas_and_7_2_fields() {
    let text = fixture("ipv6-replicas-lf.txt");
    assert!(!text.contains('\r'));
    let parsed = info::parse(&text);
    assert_eq!(parsed.get("executable"), Some("C:\\redis\\redis-server.exe"));
    let p = all_points(&text, Extras::default());
    assert_eq!(get(&p, "redis.replica.offset{replica=2001:db8::7:6380}"), 12345.0);
    assert_eq!(get(&p, "redis.replica.lag{replica=::1:6381}"), 0.0);
    assert_eq!(get(&p, "redis.clients.disconnections{reason=output_buffer_limit}"), 3.0);
    assert_eq!(get(&p, "redis.clients.disconnections{reason=query_buffer_limit}"), 1.0);
    assert_eq!(get(&p, "redis.clients.disconnections{reason=evicted}"), 2.0);
    assert_eq!(get(&p, "redis.db.keys{db=42}"), 7.0);
    assert_eq!(get(&p, "redis.clients.pubsub{}"), 4.0);
    assert_eq!(get(&p, "redis.errors.replies{}"), 5.0);
    // (31 clients + 2 replicas + 0 cluster links) / 10000
    assert!((get(&p, "redis.clients.utilization{}") - 33.0 / 10000.0).abs() < 1e-12);
}

#[test]
fn failed_scrape_reports_only_up_zero_and_duration() {
    let mut names = Vec::new();
    for id in catalog::all() {
        for p in extract::failure_points(id, 0.25) {
            names.push((id.def().name, p.value.as_f64()));
        }
    }
    assert_eq!(names, vec![("redis.up", 0.0), ("redis.scrape.duration", 0.25)]);
}

mod never_panics {
    use proptest::prelude::*;
    use redis_otel_receiver::catalog;
    use redis_otel_receiver::extract::{self, Extras};
    use redis_otel_receiver::info;

    fn check(text: &str) {
        let parsed = info::parse(text);
        let cluster = info::parse(text);
        let extras = Extras { config_maxclients: Some(0.0), cluster_info: Some(&cluster), duration: 0.1 };
        for id in catalog::all() {
            let _ = extract::points(id, &parsed, &extras);
        }
        let _ = parsed.replicas().count();
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn on_arbitrary_text(text in "\\PC*") {
            check(&text);
        }

        #[test]
        fn on_info_shaped_lines(lines in proptest::collection::vec(
            "(db[0-9]{0,3}|slave[0-9]|cmdstat_[a-z|]{0,5}|latency_percentiles_usec_[a-z]{0,3}|errorstat_[A-Z]{0,3}|maxclients|max_clients|connected_clients|cluster_state|role|[a-z_]{1,12}):[=,:a-z0-9.\\-]{0,30}",
            0..40,
        ), crlf in any::<bool>()) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            check(&text);
        }
    }
}
