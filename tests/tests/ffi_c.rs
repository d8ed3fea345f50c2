//! `libredis_otel.so` seen from C: the example programs in `examples/c/` and the check
//! in `tests/c/` (built by `make c-examples`) against a real Redis, under valgrind, and
//! the library's exported symbol table.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

use redis_otel_e2e::{RedisServer, Version, build_dir};

fn example(name: &str) -> PathBuf {
    let p = build_dir().join("../c-examples").join(name);
    assert!(p.exists(), "{} is missing: run `make c-examples` (make test does)", p.display());
    p
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `name{attrs} value` lines of the `collect` example as a map.
fn parse(stdout: &[u8]) -> BTreeMap<String, f64> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| l.rsplit_once(' '))
        .map(|(k, v)| (k.to_string(), v.parse().unwrap_or(f64::NAN)))
        .collect()
}

#[test]
fn c_example_reports_connected_clients_of_a_real_redis() {
    let server = RedisServer::start(Version::V7, &["--maxclients", "321"]);
    let _held = server.hold(3);
    let out = Command::new(example("collect")).arg(server.endpoint()).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let m = parse(&out.stdout);
    // Three held connections plus the library's own.
    assert_eq!(m.get("redis.clients.connected"), Some(&4.0), "{}", text(&out));
    assert_eq!(m.get("redis.clients.max"), Some(&321.0));
    assert_eq!(m.get("redis.up"), Some(&1.0));
    assert!(m.contains_key("redis.db.keys{db=0}") || m.keys().any(|k| k.starts_with("redis.memory.used")));
}

#[test]
fn c_example_reports_an_unreachable_redis_as_down() {
    let port = redis_otel_e2e::free_port();
    let out = Command::new(example("collect")).arg(format!("127.0.0.1:{port}")).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let m = parse(&out.stdout);
    assert_eq!(m.get("redis.up"), Some(&0.0), "{}", text(&out));
    assert!(!m.contains_key("redis.clients.connected"), "no stale values for a dead target");
}

#[test]
fn bad_input_through_the_c_abi_is_an_error_not_a_crash() {
    let out = Command::new(example("bad_input")).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.ends_with("ok: 0 failure(s)\n"), "{}", text(&out));
    assert_eq!(stdout.lines().filter(|l| l.starts_with("ok ")).count(), 11, "{stdout}");
}

#[test]
fn the_library_leaves_signal_handlers_alone() {
    let server = RedisServer::start(Version::V7, &[]);
    for endpoint in [server.endpoint(), format!("127.0.0.1:{}", redis_otel_e2e::free_port())] {
        let out = Command::new(example("no_signal_handlers")).arg(&endpoint).output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "ok: signal dispositions untouched\n");
    }
}

#[test]
fn c_examples_are_clean_under_valgrind() {
    let server = RedisServer::start(Version::V7, &[]);
    for (name, args) in [("collect", vec![server.endpoint(), "2".into()]), ("bad_input", vec![])] {
        let out = Command::new("valgrind")
            .args(["--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite"])
            .arg(example(name))
            .args(&args)
            .output()
            .expect("valgrind (scripts/setup-deps.sh installs it)");
        let report = text(&out);
        assert_eq!(out.status.code(), Some(0), "{name} under valgrind:\n{report}");
        assert!(report.contains("ERROR SUMMARY: 0 errors"), "{report}");
        assert!(
            report.contains("definitely lost: 0 bytes") || report.contains("All heap blocks were freed"),
            "{report}"
        );
    }
}

#[test]
fn the_library_exports_only_prefixed_symbols() {
    let lib = build_dir().join("libredis_otel.so");
    let out = Command::new("nm").args(["-D", "--defined-only"]).arg(&lib).output().expect("nm");
    assert!(out.status.success(), "{}", text(&out));
    let symbols: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_string))
        .collect();
    let expected = [
        "redis_otel_buffer_free",
        "redis_otel_last_error",
        "redis_otel_receiver_collect",
        "redis_otel_receiver_free",
        "redis_otel_receiver_new",
        "redis_otel_receiver_status",
        "redis_otel_version",
    ];
    for name in expected {
        assert!(symbols.iter().any(|s| s == name), "{name} is not exported: {symbols:?}");
    }
    let stray: Vec<_> = symbols.iter().filter(|s| !s.starts_with("redis_otel_")).collect();
    assert!(stray.is_empty(), "symbols without the redis_otel_ prefix: {stray:?}");
}
