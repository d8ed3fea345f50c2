//! The C contract, exercised through the exported functions exactly as C calls them:
//! bad input gets a negative code and a readable `redis_otel_last_error`, never a
//! crash; an unreachable Redis is data (`redis.up` 0), not an error. (The C programs
//! in `examples/c/` run the same calls from C, under valgrind too; the live tests in
//! `tests/` use a real Redis.)

#![allow(unsafe_code)] // calling the C ABI is the point

use std::ffi::{CStr, CString};
use std::net::TcpListener;
use std::ptr;
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::metrics::v1::{metric, number_data_point};
use prost::Message as _;
use redis_otel::*;

fn last_error() -> Option<String> {
    let p = redis_otel_last_error();
    // SAFETY: NULL or a NUL-terminated string owned by the library, valid until the next call.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// `receiver_new` with `yaml`: the code, the handle (maybe NULL) and the last error.
fn new(yaml: &[u8]) -> (i32, *mut redis_otel_receiver, Option<String>) {
    let text = CString::new(yaml).unwrap();
    let mut out: *mut redis_otel_receiver = ptr::without_provenance_mut(0x1);
    // SAFETY: a NUL-terminated string and a writable out pointer.
    let rc = unsafe { redis_otel_receiver_new(text.as_ptr(), &mut out) };
    (rc, out, last_error())
}

fn collect(
    r: *mut redis_otel_receiver,
    timeout_ms: u32,
) -> Result<ExportMetricsServiceRequest, (i32, String)> {
    let mut buf = redis_otel_buffer { data: ptr::without_provenance_mut(0x1), len: 7 };
    // SAFETY: `r` is a live handle (or NULL) and `buf` is writable.
    let rc = unsafe { redis_otel_receiver_collect(r, timeout_ms, &mut buf) };
    if rc != REDIS_OTEL_OK {
        assert!(buf.data.is_null() && buf.len == 0, "a failed collect leaves an empty buffer");
        return Err((rc, last_error().expect("an error message")));
    }
    assert!(!buf.data.is_null() && buf.len > 0);
    // SAFETY: the library's buffer, valid until freed.
    let bytes = unsafe { std::slice::from_raw_parts(buf.data, buf.len) }.to_vec();
    // SAFETY: freed exactly once.
    unsafe { redis_otel_buffer_free(buf) };
    Ok(ExportMetricsServiceRequest::decode(bytes.as_slice()).expect("valid OTLP protobuf"))
}

fn free(r: *mut redis_otel_receiver) {
    // SAFETY: a handle from receiver_new, or NULL.
    unsafe { redis_otel_receiver_free(r) };
}

/// `(metric name, server.address resource value, value)` of every gauge point.
fn gauges(req: &ExportMetricsServiceRequest) -> Vec<(String, String, f64)> {
    let mut out = Vec::new();
    for rm in &req.resource_metrics {
        let addr = rm
            .resource
            .iter()
            .flat_map(|r| &r.attributes)
            .find(|kv| kv.key == "server.address")
            .and_then(|kv| kv.value.as_ref())
            .map(|v| format!("{:?}", v.value))
            .unwrap_or_default();
        for m in rm.scope_metrics.iter().flat_map(|s| &s.metrics) {
            if let Some(metric::Data::Gauge(g)) = &m.data {
                for p in &g.data_points {
                    let v = match p.value {
                        Some(number_data_point::Value::AsInt(i)) => i as f64,
                        Some(number_data_point::Value::AsDouble(d)) => d,
                        None => f64::NAN,
                    };
                    out.push((m.name.clone(), addr.clone(), v));
                }
            }
        }
    }
    out
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn version_is_the_crate_version() {
    // SAFETY: a static NUL-terminated string.
    let v = unsafe { CStr::from_ptr(redis_otel_version()) }.to_str().unwrap();
    assert_eq!(v, env!("CARGO_PKG_VERSION"));
}

#[test]
fn null_pointers_are_invalid_arguments() {
    let text = CString::new("endpoint: 127.0.0.1:6379").unwrap();
    // SAFETY: NULL out is part of what is tested; the library checks it.
    let rc = unsafe { redis_otel_receiver_new(text.as_ptr(), ptr::null_mut()) };
    assert_eq!(rc, REDIS_OTEL_ERR_INVALID_ARGUMENT);
    assert_eq!(last_error().as_deref(), Some("redis_otel_receiver_new: out is NULL"));

    let mut out: *mut redis_otel_receiver = ptr::without_provenance_mut(0x1);
    // SAFETY: NULL config is checked.
    let rc = unsafe { redis_otel_receiver_new(ptr::null(), &mut out) };
    assert_eq!(rc, REDIS_OTEL_ERR_INVALID_ARGUMENT);
    assert!(out.is_null(), "out is cleared on failure");
    assert_eq!(last_error().as_deref(), Some("redis_otel_receiver_new: config_yaml is NULL"));

    assert_eq!(
        collect(ptr::null_mut(), 1000).unwrap_err().1,
        "redis_otel_receiver_collect: receiver is NULL"
    );
    // SAFETY: NULL out is checked before the (NULL) handle is touched.
    let rc = unsafe { redis_otel_receiver_collect(ptr::null_mut(), 1000, ptr::null_mut()) };
    assert_eq!(rc, REDIS_OTEL_ERR_INVALID_ARGUMENT);
    assert_eq!(last_error().as_deref(), Some("redis_otel_receiver_collect: out is NULL"));

    // The free functions take NULL quietly, and keep the last error.
    free(ptr::null_mut());
    // SAFETY: the empty buffer is a no-op.
    unsafe { redis_otel_buffer_free(redis_otel_buffer { data: ptr::null_mut(), len: 0 }) };
    assert!(last_error().is_some());
}

#[test]
fn invalid_utf8_is_an_invalid_argument() {
    let (rc, out, err) = new(b"endpoint: \xff\xfe:6379");
    assert_eq!(rc, REDIS_OTEL_ERR_INVALID_ARGUMENT);
    assert!(out.is_null());
    assert_eq!(
        err.as_deref(),
        Some("redis_otel_receiver_new: config_yaml is not valid UTF-8 (invalid byte at offset 10)")
    );
}

#[test]
fn broken_yaml_names_the_line() {
    let (rc, out, err) = new(b"endpoint: 127.0.0.1:6379\ntls: [insecure\n");
    assert_eq!(rc, REDIS_OTEL_ERR_CONFIG);
    assert!(out.is_null());
    let err = err.unwrap();
    assert!(err.contains("(line "), "{err}");
}

#[test]
fn bad_settings_name_key_and_line() {
    let cases: [(&[u8], &str); 5] = [
        (
            b"endpoint: 127.0.0.1:6379\ncollection_interval: 1ms\n",
            "collection_interval: must be at least 100ms, got 1ms (line 2)",
        ),
        (b"endpoint: 127.0.0.1:6379\ncollection_interval: soon\n", "collection_interval"),
        (
            b"endpoint: 127.0.0.1:6379\nmetrics:\n  redis.nope: {enabled: true}\n",
            "metrics.redis.nope: unknown metric",
        ),
        (b"endpoint: 127.0.0.1:6379\nendpont: x\n", "unknown field `endpont`"),
        (b"collection_interval: 10s\n", "endpoint: is required"),
    ];
    for (yaml, expected) in cases {
        let (rc, out, err) = new(yaml);
        let err = err.unwrap_or_default();
        assert_eq!(rc, REDIS_OTEL_ERR_CONFIG, "{err}");
        assert!(out.is_null());
        assert!(err.contains(expected), "`{err}` lacks `{expected}`");
    }
}

#[test]
fn zero_timeout_is_an_invalid_argument() {
    let (rc, r, _) = new(format!("endpoint: 127.0.0.1:{}", closed_port()).as_bytes());
    assert_eq!(rc, REDIS_OTEL_OK);
    assert_eq!(
        collect(r, 0).unwrap_err(),
        (REDIS_OTEL_ERR_INVALID_ARGUMENT, "redis_otel_receiver_collect: timeout_ms must be > 0".into())
    );
    free(r);
}

#[test]
fn unreachable_redis_is_data_not_an_error() {
    let port = closed_port();
    let (rc, r, err) = new(format!("endpoint: 127.0.0.1:{port}\ncollection_interval: 1s\n").as_bytes());
    assert_eq!(rc, REDIS_OTEL_OK, "{err:?}");
    assert_eq!(err, None, "success clears the last error");
    let req = collect(r, 2000).expect("collect succeeds");
    let up: Vec<_> = gauges(&req).into_iter().filter(|(n, _, _)| n == "redis.up").collect();
    assert_eq!(up.len(), 1, "{up:?}");
    assert_eq!(up[0].2, 0.0);
    assert!(up[0].1.contains("127.0.0.1"), "{up:?}");
    free(r);
}

#[test]
fn one_handle_serves_many_threads() {
    let (rc, r, _) = new(format!("endpoint: 127.0.0.1:{}", closed_port()).as_bytes());
    assert_eq!(rc, REDIS_OTEL_OK);
    let shared = r as usize;
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                (0..5)
                    .map(|_| collect(shared as *mut redis_otel_receiver, 2000).map(|_| ()))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().iter().all(Result::is_ok));
    }
    free(r);
}

#[test]
fn a_collect_that_cannot_get_its_turn_times_out() {
    // A server that accepts and never answers: the first collect holds the handle for
    // its whole timeout, the second one cannot start within its own.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let conns: Vec<_> = silent.incoming().take(1).collect();
        std::thread::sleep(Duration::from_secs(3));
        drop(conns);
    });
    let (rc, r, _) = new(format!("endpoint: 127.0.0.1:{port}\ncollection_interval: 10s\n").as_bytes());
    assert_eq!(rc, REDIS_OTEL_OK);
    let shared = r as usize;
    let first =
        std::thread::spawn(move || collect(shared as *mut redis_otel_receiver, 1500).map(|req| gauges(&req)));
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let (code, msg) = collect(r, 300).unwrap_err();
    assert_eq!(code, REDIS_OTEL_ERR_TIMEOUT, "{msg}");
    assert!(started.elapsed() < Duration::from_millis(1200), "{:?}", started.elapsed());
    let first = first.join().unwrap().expect("the slow collect itself succeeds, with redis.up 0");
    assert!(first.iter().any(|(n, _, v)| n == "redis.up" && *v == 0.0), "{first:?}");
    free(r);
    held.join().unwrap();
}

#[test]
fn calling_from_inside_a_tokio_runtime_is_refused_not_a_deadlock() {
    let (rc, r, _) = new(format!("endpoint: 127.0.0.1:{}", closed_port()).as_bytes());
    assert_eq!(rc, REDIS_OTEL_OK);
    let shared = r as usize;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let res = rt.block_on(async move { collect(shared as *mut redis_otel_receiver, 1000) });
    let (code, msg) = res.unwrap_err();
    assert_eq!(code, REDIS_OTEL_ERR_INVALID_ARGUMENT);
    assert!(msg.contains("inside a tokio runtime"), "{msg}");
    // Freeing from inside a runtime neither blocks nor panics (a panic would replace
    // the last error with an internal one).
    rt.block_on(async move { free(shared as *mut redis_otel_receiver) });
    assert!(last_error().is_some_and(|e| e.contains("inside a tokio runtime")));
}

fn status(r: *mut redis_otel_receiver) -> Result<redis_otel_status::v1::GetStatusResponse, (i32, String)> {
    let mut buf = redis_otel_buffer { data: ptr::without_provenance_mut(0x1), len: 7 };
    // SAFETY: `r` is a live handle (or NULL) and `buf` is writable.
    let rc = unsafe { redis_otel_receiver_status(r, &mut buf) };
    if rc != REDIS_OTEL_OK {
        assert!(buf.data.is_null() && buf.len == 0);
        return Err((rc, last_error().expect("an error message")));
    }
    // SAFETY: the library's buffer, valid until freed.
    let bytes = unsafe { std::slice::from_raw_parts(buf.data, buf.len) }.to_vec();
    // SAFETY: freed exactly once.
    unsafe { redis_otel_buffer_free(buf) };
    Ok(redis_otel_status::v1::GetStatusResponse::decode(bytes.as_slice()).expect("valid status protobuf"))
}

#[test]
fn status_says_why_a_target_is_down() {
    let port = closed_port();
    let (rc, r, _) = new(format!("endpoint: 127.0.0.1:{port}").as_bytes());
    assert_eq!(rc, REDIS_OTEL_OK);
    let before = status(r).unwrap();
    assert_eq!(before.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(before.targets.len(), 1);
    assert_eq!((before.targets[0].scrapes, before.targets[0].up), (0, false));

    collect(r, 2000).unwrap();
    let after = status(r).unwrap();
    let t = &after.targets[0];
    assert_eq!(t.endpoint, format!("127.0.0.1:{port}"));
    assert_eq!((t.up, t.scrapes, t.failures), (false, 1, 1));
    assert!(t.last_error.contains(&format!("127.0.0.1:{port}")), "{}", t.last_error);
    assert!(after.exporter.is_none());

    assert_eq!(
        status(ptr::null_mut()).unwrap_err(),
        (REDIS_OTEL_ERR_INVALID_ARGUMENT, "redis_otel_receiver_status: receiver is NULL".into())
    );
    // SAFETY: NULL out is checked.
    assert_eq!(unsafe { redis_otel_receiver_status(r, ptr::null_mut()) }, REDIS_OTEL_ERR_INVALID_ARGUMENT);
    free(r);
}
