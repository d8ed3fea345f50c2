//! CPU cost of turning one captured `INFO all` (Redis 7.0.15) into data points.

use criterion::{Criterion, criterion_group, criterion_main};
use redis_otel_receiver::catalog;
use redis_otel_receiver::extract::{self, Extras};
use redis_otel_receiver::info;

fn bench(c: &mut Criterion) {
    let text = include_str!("../tests/fixtures/info/redis-7.0.15.txt");
    c.bench_function("parse INFO all (7.0.15)", |b| b.iter(|| info::parse(std::hint::black_box(text)).len()));
    let enabled: Vec<_> = catalog::all().filter(|id| id.def().enabled).collect();
    c.bench_function("parse + extract default metrics", |b| {
        b.iter(|| {
            let parsed = info::parse(std::hint::black_box(text));
            enabled.iter().map(|&id| extract::points(id, &parsed, &Extras::default()).len()).sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
