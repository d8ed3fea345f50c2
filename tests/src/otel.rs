//! Real collector and agent processes, an in-process OTLP capture server (to see bytes
//! and headers on the wire), and a fake RESP server for target counts no real server
//! set-up can give.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::metrics::v1::metrics_service_server::{
    MetricsService, MetricsServiceServer,
};
use opentelemetry_proto::tonic::collector::metrics::v1::{
    ExportMetricsServiceRequest, ExportMetricsServiceResponse,
};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::free_port;

/// A scratch folder removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A new empty folder.
    pub fn new(name: &str) -> Self {
        let p =
            std::env::temp_dir().join(format!("redis-otel-{name}-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&p).expect("scratch dir");
        Scratch(p)
    }

    /// A path inside.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes a file inside and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write scratch file");
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The collector built by `make collector`.
pub fn collector_binary() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repo root").to_path_buf();
    let bin = root.join("target/otelcol/otelcol-redis");
    assert!(
        bin.exists(),
        "{} is missing: run the tests through `make test` (it builds the collector)",
        bin.display()
    );
    bin
}

/// Waits until something accepts TCP on 127.0.0.1:port.
pub fn wait_port(port: u16, timeout: Duration) {
    let until = Instant::now() + timeout;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// SIGTERM, then waits up to `timeout` (SIGKILL after): (exit code, time to exit).
pub fn terminate(child: &mut Child, timeout: Duration) -> (Option<i32>, Duration) {
    signal(child, "TERM", timeout)
}

/// Sends `SIG<name>`, then waits up to `timeout` (SIGKILL after): (exit code, time to exit).
pub fn signal(child: &mut Child, name: &str, timeout: Duration) -> (Option<i32>, Duration) {
    let t0 = Instant::now();
    let _ = Command::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status();
    while t0.elapsed() < timeout {
        if let Ok(Some(status)) = child.try_wait() {
            return (status.code(), t0.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    (None, t0.elapsed())
}

/// A running collector process (killed on drop).
pub struct Collector {
    child: Child,
    config: PathBuf,
    /// OTLP/gRPC port.
    pub grpc_port: u16,
    /// Where its log goes.
    pub log: PathBuf,
}

impl Collector {
    /// Starts the collector with `config` (YAML text) whose OTLP receiver listens on `grpc_port`.
    pub fn start(dir: &Scratch, config: &str, grpc_port: u16) -> Self {
        let path = dir.write(&format!("collector-{grpc_port}.yaml"), config);
        let mut c = Collector {
            child: Self::spawn(dir, &path, grpc_port),
            config: path,
            grpc_port,
            log: PathBuf::new(),
        };
        c.log = dir.path(&format!("collector-{grpc_port}.log"));
        wait_port(grpc_port, Duration::from_secs(30));
        c
    }

    fn spawn(dir: &Scratch, config: &Path, grpc_port: u16) -> Child {
        let log = std::fs::File::create(dir.path(&format!("collector-{grpc_port}.log"))).expect("log");
        Command::new(collector_binary())
            .arg("--config")
            .arg(config)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start collector")
    }

    /// Stops it (SIGTERM then wait).
    pub fn stop(&mut self) {
        terminate(&mut self.child, Duration::from_secs(10));
    }

    /// Starts it again with the same config and port.
    pub fn restart(&mut self, dir: &Scratch) {
        self.stop();
        self.child = Self::spawn(dir, &self.config, self.grpc_port);
        wait_port(self.grpc_port, Duration::from_secs(30));
    }

    /// The collector's log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `redis-otel run` process (killed on drop).
pub struct Agent {
    child: Child,
    /// Its log.
    pub log: PathBuf,
}

impl Agent {
    /// Starts the agent with `config` (YAML text).
    pub fn start(dir: &Scratch, config: &str) -> Self {
        let path = dir.write("agent.yaml", config);
        let log = dir.path("agent.log");
        let file = std::fs::File::create(&log).expect("agent log");
        let child = Command::new(crate::cli())
            .args(["run", "--log-level", "info,redis_otel_exporter=debug", "--config"])
            .arg(&path)
            .env("NO_COLOR", "1")
            .stdout(file.try_clone().expect("log"))
            .stderr(file)
            .spawn()
            .expect("start redis-otel run (built by `make test`)");
        Agent { child, log }
    }

    /// Sends SIGTERM and returns (exit code, time to exit).
    pub fn terminate(&mut self) -> (Option<i32>, Duration) {
        terminate(&mut self.child, Duration::from_secs(15))
    }

    /// Sends `SIG<name>` (e.g. `INT`) and returns (exit code, time to exit).
    pub fn signal(&mut self, name: &str) -> (Option<i32>, Duration) {
        signal(&mut self.child, name, Duration::from_secs(15))
    }

    /// True while the process runs.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The agent's log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Requests written by the collector's file exporter (one JSON document per line).
pub fn file_exports(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Waits until `pred` holds for the file exporter's output; returns it.
pub fn wait_file(
    path: &Path,
    timeout: Duration,
    pred: impl Fn(&[serde_json::Value]) -> bool,
) -> Vec<serde_json::Value> {
    let until = Instant::now() + timeout;
    loop {
        let docs = file_exports(path);
        if pred(&docs) {
            return docs;
        }
        assert!(Instant::now() < until, "file exporter output never matched; {} documents", docs.len());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `(resource attributes "k=v,..", point attributes, value)` of a metric in OTLP/JSON documents.
pub fn json_points(docs: &[serde_json::Value], name: &str) -> Vec<(String, String, f64)> {
    let kvs = |v: &serde_json::Value| -> String {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|kv| {
                        let val = &kv["value"];
                        let text = val["stringValue"]
                            .as_str()
                            .map(str::to_string)
                            .or_else(|| val["intValue"].as_str().map(str::to_string))
                            .unwrap_or_else(|| val.to_string());
                        format!("{}={}", kv["key"].as_str().unwrap_or_default(), text)
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for d in docs {
        for rm in d["resourceMetrics"].as_array().into_iter().flatten() {
            let res = kvs(&rm["resource"]["attributes"]);
            for sm in rm["scopeMetrics"].as_array().into_iter().flatten() {
                for m in sm["metrics"].as_array().into_iter().flatten().filter(|m| m["name"] == name) {
                    let data = if m["gauge"].is_object() { &m["gauge"] } else { &m["sum"] };
                    for p in data["dataPoints"].as_array().into_iter().flatten() {
                        let v = p["asInt"]
                            .as_str()
                            .and_then(|s| s.parse::<f64>().ok())
                            .or_else(|| p["asDouble"].as_f64())
                            .unwrap_or(f64::NAN);
                        out.push((res.clone(), kvs(&p["attributes"]), v));
                    }
                }
            }
        }
    }
    out
}

/// GET http://127.0.0.1:port/path, body as text.
pub fn http_get(port: u16, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return String::new() };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

/// One request as the capture server saw it.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The decoded request.
    pub request: ExportMetricsServiceRequest,
    /// `grpc-encoding` header (`gzip` when compressed).
    pub encoding: Option<String>,
    /// All metadata as `key: value`.
    pub headers: Vec<(String, String)>,
}

#[derive(Clone, Default)]
struct CaptureService(Arc<Mutex<Vec<Captured>>>, i64);

#[tonic::async_trait]
impl MetricsService for CaptureService {
    async fn export(
        &self,
        req: tonic::Request<ExportMetricsServiceRequest>,
    ) -> Result<tonic::Response<ExportMetricsServiceResponse>, tonic::Status> {
        let headers = req
            .metadata()
            .iter()
            .filter_map(|kv| match kv {
                tonic::metadata::KeyAndValueRef::Ascii(k, v) => {
                    Some((k.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
                }
                _ => None,
            })
            .collect::<Vec<_>>();
        let encoding = headers.iter().find(|(k, _)| k == "grpc-encoding").map(|(_, v)| v.clone());
        self.0.lock().unwrap().push(Captured { request: req.into_inner(), encoding, headers });
        let partial_success = (self.1 > 0).then(|| {
            opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsPartialSuccess {
                rejected_data_points: self.1,
                error_message: "test rejects some points".into(),
            }
        });
        Ok(tonic::Response::new(ExportMetricsServiceResponse { partial_success }))
    }
}

/// An in-process OTLP/gRPC server that records every request.
pub struct CaptureServer {
    /// Its port.
    pub port: u16,
    seen: Arc<Mutex<Vec<Captured>>>,
    task: tokio::task::JoinHandle<()>,
}

impl CaptureServer {
    /// Starts on a free port (gzip accepted).
    pub async fn start() -> Self {
        Self::start_rejecting(0).await
    }

    /// Like [`Self::start`], answering every request with a partial success that rejects
    /// `rejected` data points.
    pub async fn start_rejecting(rejected: i64) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let svc = CaptureService(Arc::default(), rejected);
        let seen = svc.0.clone();
        let server = MetricsServiceServer::new(svc)
            .accept_compressed(tonic::codec::CompressionEncoding::Gzip)
            .max_decoding_message_size(64 << 20);
        let task = tokio::spawn(async move {
            let _ = tonic::transport::Server::builder()
                .add_service(server)
                .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener))
                .await;
        });
        CaptureServer { port, seen, task }
    }

    /// Requests so far.
    pub fn requests(&self) -> Vec<Captured> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for CaptureServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Fake RESP servers answering like Redis with a fixed INFO text, many ports, one task
/// each: for target counts that real servers would not fit on this machine.
pub struct FakeRedis {
    /// Ports, one per fake target.
    pub ports: Vec<u16>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl FakeRedis {
    /// Starts `n` fake targets whose INFO is `info` (with `connected_clients` as given).
    pub async fn start(n: usize, info: &str) -> Self {
        let info: Arc<str> = info.into();
        let mut ports = Vec::new();
        let mut tasks = Vec::new();
        for _ in 0..n {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            ports.push(listener.local_addr().expect("addr").port());
            let info = info.clone();
            tasks.push(tokio::spawn(async move {
                while let Ok((sock, _)) = listener.accept().await {
                    let info = info.clone();
                    tokio::spawn(async move {
                        let _ = serve_resp(sock, &info).await;
                    });
                }
            }));
        }
        FakeRedis { ports, tasks }
    }
}

impl Drop for FakeRedis {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

async fn serve_resp(sock: tokio::net::TcpStream, info: &str) -> std::io::Result<()> {
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let n: usize = line.trim().trim_start_matches('*').parse().unwrap_or(0);
        let mut args = Vec::with_capacity(n);
        for _ in 0..n {
            let mut len = String::new();
            r.read_line(&mut len).await?;
            let len: usize = len.trim().trim_start_matches('$').parse().unwrap_or(0);
            let mut buf = vec![0; len + 2];
            r.read_exact(&mut buf).await?;
            args.push(String::from_utf8_lossy(&buf[..len]).to_ascii_uppercase());
        }
        let reply = match args.first().map(String::as_str) {
            Some("PING") => "+PONG\r\n".to_string(),
            Some("INFO") => format!("${}\r\n{info}\r\n", info.len()),
            Some("CLIENT") if args.get(1).map(String::as_str) == Some("ID") => ":7\r\n".to_string(),
            Some("CLIENT") | Some("SELECT") => "+OK\r\n".to_string(),
            Some("QUIT") => {
                w.write_all(b"+OK\r\n").await?;
                return Ok(());
            }
            _ => "-ERR unknown command\r\n".to_string(),
        };
        w.write_all(reply.as_bytes()).await?;
    }
}
