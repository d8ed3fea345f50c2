//! The receiver against real redis-server processes (7.0.15 and 6.2.14): values the
//! test itself causes are asserted exactly, through the real OpenTelemetry SDK path.

use std::time::{Duration, Instant};

use redis_otel_e2e::{RedisServer, Version, metric_values, value};
use redis_otel_otlp::OnDemand;
use redis_otel_receiver::config::{GoDuration, Secret};
use redis_otel_receiver::{Receiver, ReceiverConfig, ScrapeError};

fn config(endpoint: &str) -> ReceiverConfig {
    let mut cfg = ReceiverConfig::for_endpoint(endpoint);
    cfg.collection_interval = GoDuration(Duration::from_secs(5));
    cfg.timeout = Some(GoDuration(Duration::from_secs(2)));
    cfg
}

struct Harness {
    receiver: Receiver,
    pipeline: OnDemand,
}

impl Harness {
    fn new(cfg: &ReceiverConfig) -> Self {
        let receiver = Receiver::single(cfg).expect("config");
        let pipeline = OnDemand::new(receiver.targets().len());
        receiver.register(&pipeline.meter());
        Harness { receiver, pipeline }
    }

    async fn scrape(
        &self,
    ) -> (opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest, Option<ScrapeError>)
    {
        let outcomes = self.receiver.scrape_all(Duration::from_secs(3)).await;
        let err = outcomes.into_iter().find_map(|o| o.error);
        (self.pipeline.collect(self.receiver.store()).expect("collect"), err)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connected_clients_are_held_connections_plus_the_scraper() {
    for version in Version::ALL {
        let server = RedisServer::start(version, &[]);
        let h = Harness::new(&config(&server.endpoint()));
        let held = server.hold(5);
        let (req, err) = h.scrape().await;
        assert_eq!(err, None);
        assert_eq!(value(&req, "redis.clients.connected", server.port), 6.0, "{version:?}");
        assert_eq!(value(&req, "redis.up", server.port), 1.0);
        assert_eq!(req.resource_metrics.len(), 1, "one resource per target");
        let (res, _, _) = &metric_values(&req, "redis.clients.connected")[0];
        assert!(res.contains("server.address=127.0.0.1"), "{res}");
        assert!(res.contains(&format!("redis.version={}", version.expected())), "{res}");

        drop(held);
        // The server notices closed sockets on its next event loop turn.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (req, _) = h.scrape().await;
        assert_eq!(value(&req, "redis.clients.connected", server.port), 1.0, "only the scraper is left");

        // One persistent, named connection: more scrapes accept no new connection.
        let before = value(&req, "redis.connections.received", server.port);
        for _ in 0..3 {
            h.scrape().await;
        }
        let (req, _) = h.scrape().await;
        assert_eq!(value(&req, "redis.connections.received", server.port), before);
        let list = server.client().call(&["CLIENT", "LIST"]);
        assert!(list.contains("name=redis-otel"), "{list}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_clients_from_real_blpop() {
    for version in Version::ALL {
        let server = RedisServer::start(version, &[]);
        let h = Harness::new(&config(&server.endpoint()));
        let mut blockers = server.hold(3);
        for c in &mut blockers {
            c.send(&["BLPOP", "redis-otel-test-list", "0"]);
        }
        let until = Instant::now() + Duration::from_secs(5);
        loop {
            let (req, _) = h.scrape().await;
            let blocked = value(&req, "redis.clients.blocked", server.port);
            if blocked == 3.0 {
                assert_eq!(value(&req, "redis.clients.connected", server.port), 4.0);
                break;
            }
            assert!(Instant::now() < until, "{version:?}: blocked = {blocked}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maxclients_saturation_rejects_and_shows_full_utilization() {
    for version in Version::ALL {
        let server = RedisServer::start(version, &[]);
        let h = Harness::new(&config(&server.endpoint()));
        let (req, _) = h.scrape().await; // the scraper connects first
        assert_eq!(value(&req, "redis.clients.max", server.port), 10000.0);
        let mut admin = server.client();
        assert_eq!(admin.call(&["CONFIG", "SET", "maxclients", "4"]), "+OK");
        // scraper + admin + 2 held = 4 = maxclients; the next 3 are rejected.
        let _held = server.hold(2);
        let mut rejected = 0;
        for _ in 0..3 {
            let mut c = server.client();
            let reply = c.call(&["PING"]);
            assert!(reply.starts_with("-ERR max number of clients reached"), "{reply}");
            rejected += 1;
        }
        let (req, err) = h.scrape().await;
        assert_eq!(err, None);
        assert_eq!(value(&req, "redis.connections.rejected", server.port), rejected as f64);
        assert_eq!(value(&req, "redis.clients.max", server.port), 4.0);
        assert_eq!(value(&req, "redis.clients.connected", server.port), 4.0);
        assert_eq!(value(&req, "redis.clients.utilization", server.port), 1.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_and_acl_user() {
    for version in Version::ALL {
        let server = RedisServer::start(version, &["--requirepass", "s3cret"]);
        let mut cfg = config(&server.endpoint());
        cfg.password = Some(Secret("s3cret".into()));
        let (req, err) = Harness::new(&cfg).scrape().await;
        assert_eq!(err, None);
        assert_eq!(value(&req, "redis.up", server.port), 1.0);

        cfg.password = Some(Secret("wrong".into()));
        let (req, err) = Harness::new(&cfg).scrape().await;
        assert!(matches!(err, Some(ScrapeError::Auth { .. })), "{err:?}");
        assert!(!err.unwrap().to_string().contains("wrong"), "the password never shows");
        assert_eq!(value(&req, "redis.up", server.port), 0.0);
        assert!(metric_values(&req, "redis.clients.connected").is_empty(), "no values when down");

        cfg.password = None;
        let (_, err) = Harness::new(&cfg).scrape().await;
        assert!(err.is_some(), "no password: {err:?}");

        // An ACL user allowed INFO only: the scrape works, CLIENT SETNAME is refused once
        // and then remembered (the server counts one NOPERM, not one per scrape).
        let mut admin = server.client();
        assert_eq!(admin.call(&["AUTH", "s3cret"]), "+OK");
        assert_eq!(admin.call(&["ACL", "SETUSER", "monitor", "on", ">monpw", "+info", "+ping"]), "+OK");
        let mut cfg = config(&server.endpoint());
        cfg.username = Some("monitor".into());
        cfg.password = Some(Secret("monpw".into()));
        let h = Harness::new(&cfg);
        let (_, err) = h.scrape().await;
        assert_eq!(err, None);
        assert!(h.receiver.targets()[0].capabilities().client_setname_refused());
        let after_first = server.info_field(Some("s3cret"), "errorstat_NOPERM");
        assert!(after_first.starts_with("count="), "{version:?}: {after_first}");
        for _ in 0..3 {
            let (req, err) = h.scrape().await;
            assert_eq!(err, None);
            assert_eq!(value(&req, "redis.up", server.port), 1.0);
        }
        let errs = server.info_field(Some("s3cret"), "errorstat_NOPERM");
        assert_eq!(errs, after_first, "{version:?}: refused commands are not retried");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_and_hung_targets_are_down_within_the_deadline() {
    // Nothing listens on this port.
    let closed = redis_otel_e2e::free_port();
    let h = Harness::new(&config(&format!("127.0.0.1:{closed}")));
    let t0 = Instant::now();
    let (req, err) = h.scrape().await;
    assert!(t0.elapsed() < Duration::from_secs(2));
    assert!(matches!(err, Some(ScrapeError::Connect { .. })), "{err:?}");
    assert_eq!(value(&req, "redis.up", closed), 0.0);

    // A listener that accepts TCP but never answers.
    let hung = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = hung.local_addr().unwrap().port();
    let h = Harness::new(&config(&format!("127.0.0.1:{port}")));
    let t0 = Instant::now();
    let outcomes = h.receiver.scrape_all(Duration::from_secs(1)).await;
    let took = t0.elapsed();
    assert!(took < Duration::from_millis(1500), "deadline 1s, took {took:?}");
    assert!(matches!(outcomes[0].error, Some(ScrapeError::Timeout { .. })), "{:?}", outcomes[0].error);
    let req = h.pipeline.collect(h.receiver.store()).unwrap();
    assert_eq!(value(&req, "redis.up", port), 0.0);
    assert!(value(&req, "redis.scrape.duration", port) >= 0.9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_is_down_then_up_again_on_the_same_receiver() {
    let mut server = RedisServer::start(Version::V7, &[]);
    let h = Harness::new(&config(&server.endpoint()));
    let (req, _) = h.scrape().await;
    assert_eq!(value(&req, "redis.up", server.port), 1.0);
    server.kill();
    let (req, err) = h.scrape().await;
    assert!(err.is_some());
    assert_eq!(value(&req, "redis.up", server.port), 0.0);
    assert!(metric_values(&req, "redis.uptime").is_empty(), "no stale values from the dead server");
    server.restart();
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let (req, err) = h.scrape().await;
        if err.is_none() {
            assert_eq!(value(&req, "redis.up", server.port), 1.0);
            assert_eq!(value(&req, "redis.clients.connected", server.port), 1.0);
            break;
        }
        assert!(Instant::now() < until, "never came back: {err:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_blocks_one_resource_each() {
    let a = RedisServer::start(Version::V7, &[]);
    let b = RedisServer::start(Version::V6, &[]);
    let ca = config(&a.endpoint());
    let mut cb = config(&b.endpoint());
    cb.metrics.insert("redis.uptime".into(), redis_otel_receiver::config::Toggle { enabled: false });
    let receiver = Receiver::new([("redis/a", &ca), ("redis/b", &cb)]).unwrap();
    let pipeline = OnDemand::new(2);
    receiver.register(&pipeline.meter());
    let _held = b.hold(2);
    receiver.scrape_all(Duration::from_secs(3)).await;
    let req = pipeline.collect(receiver.store()).unwrap();
    assert_eq!(req.resource_metrics.len(), 2);
    assert_eq!(value(&req, "redis.clients.connected", a.port), 1.0);
    assert_eq!(value(&req, "redis.clients.connected", b.port), 3.0);
    let uptime: Vec<_> = metric_values(&req, "redis.uptime");
    assert_eq!(uptime.len(), 1, "disabled in block b only: {uptime:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_verifies_the_server_certificate() {
    let pki = redis_otel_e2e::TestPki::generate("tls");
    let server = RedisServer::start_tls(Version::V7, &pki);
    let tls = |f: &dyn Fn(&mut redis_otel_receiver::config::TlsConfig)| {
        let mut cfg = config(&format!("localhost:{}", server.port));
        cfg.tls.insecure = Some(false);
        f(&mut cfg.tls);
        cfg
    };
    let ca = pki.ca.display().to_string();

    let (req, err) = Harness::new(&tls(&|t| t.ca_file = Some(ca.clone()))).scrape().await;
    assert_eq!(err, None);
    assert_eq!(value(&req, "redis.up", server.port), 1.0);
    assert_eq!(value(&req, "redis.clients.connected", server.port), 1.0);

    // The same CA inline (contrib's ca_pem), with the system pool too, and with Go
    // cipher-suite and curve names.
    let ca_pem = std::fs::read_to_string(&pki.ca).unwrap();
    let (req, err) = Harness::new(&tls(&|t| {
        t.ca_pem = Some(ca_pem.clone());
        t.include_system_ca_certs_pool = true;
        t.cipher_suites = vec!["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256".into()];
        t.curve_preferences = vec!["P256".into(), "X25519MLKEM768".into()];
    }))
    .scrape()
    .await;
    assert_eq!(err, None);
    assert_eq!(value(&req, "redis.up", server.port), 1.0);

    // Verification is on: an unknown CA (system roots only) and a wrong name both fail.
    let (req, err) = Harness::new(&tls(&|_| {})).scrape().await;
    assert!(err.is_some(), "self-signed CA must not verify against system roots");
    assert_eq!(value(&req, "redis.up", server.port), 0.0);
    let (_, err) = Harness::new(&tls(&|t| {
        t.ca_file = Some(ca.clone());
        t.server_name_override = Some("not-this-host.example".into());
    }))
    .scrape()
    .await;
    assert!(err.is_some(), "name mismatch must fail");

    // Explicitly skipping verification works (and is the only way to skip it).
    let (req, err) = Harness::new(&tls(&|t| t.insecure_skip_verify = true)).scrape().await;
    assert_eq!(err, None);
    assert_eq!(value(&req, "redis.up", server.port), 1.0);

    // Plain TCP against a TLS port is down, not hung.
    let (req, err) = Harness::new(&config(&format!("127.0.0.1:{}", server.port))).scrape().await;
    assert!(err.is_some());
    assert_eq!(value(&req, "redis.up", server.port), 0.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unix_socket_transport() {
    let (_server, sock) = RedisServer::start_unix(Version::V7);
    let mut cfg = config(&sock);
    cfg.transport = redis_otel_receiver::config::Transport::Unix;
    let (req, err) = Harness::new(&cfg).scrape().await;
    assert_eq!(err, None);
    let vals = metric_values(&req, "redis.clients.connected");
    assert_eq!(vals.len(), 1);
    let (res, _, v) = &vals[0];
    assert_eq!(*v, 1.0);
    assert!(res.contains(&format!("server.address={sock}")) && !res.contains("server.port"), "{res}");
}
