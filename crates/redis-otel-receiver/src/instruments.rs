//! Registers one observable instrument per enabled metric on a caller's `Meter`.
//!
//! Callbacks read the [`Store`] and nothing else: no I/O, no locks that a scrape holds,
//! and a panic is caught so that it cannot stop the provider's metrics for good
//! (opentelemetry-rust#3640).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use opentelemetry::metrics::{AsyncInstrument, Meter};

use crate::catalog::{InstrumentKind, MetricId, ValueType};
use crate::extract::Num;
use crate::store::Store;

fn observe_all<T>(store: &Store, id: MetricId, obs: &dyn AsyncInstrument<T>, conv: fn(Num) -> Option<T>) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        store.for_each(|snap| {
            for p in snap.points(id) {
                if let Some(v) = conv(p.value) {
                    obs.observe(v, &p.attributes);
                }
            }
        })
    }));
}

fn to_u64(n: Num) -> Option<u64> {
    match n {
        Num::Int(i) => u64::try_from(i).ok(),
        Num::Double(d) if d >= 0.0 && d.is_finite() => Some(d as u64),
        Num::Double(_) => None,
    }
}

fn to_i64(n: Num) -> Option<i64> {
    match n {
        Num::Int(i) => Some(i),
        Num::Double(d) if d.is_finite() => Some(d as i64),
        Num::Double(_) => None,
    }
}

fn to_f64(n: Num) -> Option<f64> {
    Some(n.as_f64())
}

/// Registers the instruments of `metrics` on `meter`, reading values from `store`. The
/// callbacks live as long as the meter's provider (the SDK cannot unregister them).
pub fn register(meter: &Meter, store: Arc<Store>, metrics: &[MetricId]) {
    for &id in metrics {
        let def = id.def();
        let s = store.clone();
        macro_rules! build {
            ($method:ident, $conv:expr) => {{
                meter
                    .$method(def.name)
                    .with_description(def.description)
                    .with_unit(def.unit)
                    .with_callback(move |obs| observe_all(&s, id, obs, $conv))
                    .build();
            }};
        }
        match (def.instrument, def.value_type) {
            (InstrumentKind::Gauge, ValueType::Int) => build!(i64_observable_gauge, to_i64),
            (InstrumentKind::Gauge, ValueType::Double) => build!(f64_observable_gauge, to_f64),
            (InstrumentKind::Counter, ValueType::Int) => build!(u64_observable_counter, to_u64),
            (InstrumentKind::Counter, ValueType::Double) => build!(f64_observable_counter, to_f64),
            (InstrumentKind::UpDownCounter, ValueType::Int) => {
                build!(i64_observable_up_down_counter, to_i64)
            }
            (InstrumentKind::UpDownCounter, ValueType::Double) => {
                build!(f64_observable_up_down_counter, to_f64)
            }
        }
    }
}
