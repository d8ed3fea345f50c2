//! Wall time of one full scrape of a real Redis (INFO all over the persistent
//! connection, parse, extract, publish), measured sequentially like `redis-benchmark -c 1`.
//! Run through `scripts/bench-scrape.sh`, which starts the server and runs
//! `redis-benchmark` on the same server for the side-by-side ratio.

use std::time::{Duration, Instant};

use redis_otel_receiver::{Receiver, ReceiverConfig};

fn main() {
    let Ok(endpoint) = std::env::var("REDIS_BENCH_ENDPOINT") else {
        eprintln!("scrape_latency: set REDIS_BENCH_ENDPOINT (scripts/bench-scrape.sh does)");
        return;
    };
    let n: usize = std::env::var("REDIS_BENCH_N").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let receiver = Receiver::single(&ReceiverConfig::for_endpoint(endpoint)).unwrap();
    let target = receiver.targets()[0].clone();
    rt.block_on(async {
        for _ in 0..100 {
            assert!(target.scrape(Duration::from_secs(5)).await.error.is_none(), "warm-up scrape failed");
        }
        let mut times = Vec::with_capacity(n);
        let t0 = Instant::now();
        for _ in 0..n {
            let t = Instant::now();
            let o = target.scrape(Duration::from_secs(5)).await;
            assert!(o.error.is_none());
            times.push(t.elapsed());
        }
        let total = t0.elapsed();
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "redis-otel scrape: n={n} total={:.3}s rate={:.0}/s mean={:?} p50={:?} p99={:?}",
            total.as_secs_f64(),
            n as f64 / total.as_secs_f64(),
            total / n as u32,
            pct(0.5),
            pct(0.99)
        );
    });
}
