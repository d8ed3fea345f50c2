//! Turns parsed INFO (plus what the scraper computed) into data points, driven by the
//! catalog's `source` of each enabled metric. Pure: unit-tested on fixtures.

use opentelemetry::KeyValue;

use crate::catalog::{
    CmdstatField, Computed, KeyspaceField, MetricDef, MetricId, ReplicaField, Source, ValueType,
};
use crate::info::{self, Info};

/// A data point value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// Integer.
    Int(i64),
    /// Floating point.
    Double(f64),
}

impl Num {
    /// As f64 (for display and computations).
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Double(d) => d,
        }
    }
}

/// One data point: attributes (without the target identity) and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Data point attributes.
    pub attributes: Vec<KeyValue>,
    /// Value.
    pub value: Num,
}

/// What the scraper learnt besides INFO.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras<'a> {
    /// `CONFIG GET maxclients`, when INFO lacks it and the server allows CONFIG.
    pub config_maxclients: Option<f64>,
    /// Parsed CLUSTER INFO, when the server is a cluster node.
    pub cluster_info: Option<&'a Info<'a>>,
    /// Seconds the scrape took.
    pub duration: f64,
}

fn convert(def: &MetricDef, raw: &str) -> Option<Num> {
    let raw = raw.trim();
    if def.scale == 1.0
        && let Ok(i) = raw.parse::<i64>()
    {
        return Some(match def.value_type {
            ValueType::Int => Num::Int(i),
            ValueType::Double => Num::Double(i as f64),
        });
    }
    from_f64(def, info::number(raw)?)
}

/// A source value (before scaling) as the metric's number type.
fn from_f64(def: &MetricDef, f: f64) -> Option<Num> {
    let f = f * def.scale;
    match def.value_type {
        ValueType::Int if f.is_finite() => Some(Num::Int(f.round() as i64)),
        ValueType::Int => None,
        ValueType::Double if f.is_nan() => None,
        ValueType::Double => Some(Num::Double(f)),
    }
}

fn point(value: Option<Num>, attributes: Vec<KeyValue>) -> Option<Point> {
    value.map(|value| Point { attributes, value })
}

/// The configured `maxclients`: INFO, Dragonfly's `max_clients`, then CONFIG GET.
pub fn maxclients(info: &Info<'_>, extras: &Extras<'_>) -> Option<f64> {
    info.maxclients().or(extras.config_maxclients).filter(|m| *m > 0.0)
}

/// Connections that count against `maxclients`.
pub fn clients_in_use(info: &Info<'_>) -> Option<f64> {
    let clients = info.num("connected_clients")?;
    Some(
        clients
            + info.num("connected_slaves").unwrap_or(0.0)
            + info.num("cluster_connections").unwrap_or(0.0),
    )
}

/// The points of one metric from a successful scrape.
pub fn points(id: MetricId, info: &Info<'_>, extras: &Extras<'_>) -> Vec<Point> {
    let def = id.def();
    let mut out = Vec::new();
    match def.source {
        Source::Info(fields) => {
            let v = fields.iter().find_map(|f| info.get(f)).and_then(|raw| convert(def, raw));
            out.extend(point(v, vec![]));
        }
        Source::InfoByAttribute { attribute, fields } => {
            for (value, field) in fields {
                let v = info.get(field).and_then(|raw| convert(def, raw));
                out.extend(point(v, vec![KeyValue::new(attribute, *value)]));
            }
        }
        Source::InfoEnum { field, attribute, values } => {
            let Some(raw) = info.get(field).map(str::trim) else {
                return out;
            };
            let Some((_, mapped)) = values.iter().find(|(k, _)| *k == raw) else {
                return out;
            };
            match attribute {
                Some(a) => out.extend(point(convert(def, "1"), vec![KeyValue::new(a, *mapped)])),
                None => out.extend(point(convert(def, mapped), vec![])),
            }
        }
        Source::Keyspace(field) => {
            let key = match field {
                KeyspaceField::Keys => "keys",
                KeyspaceField::Expires => "expires",
                KeyspaceField::AvgTtl => "avg_ttl",
            };
            for (db, v) in info.keyspace() {
                let v = info::subfield(v, key).and_then(|raw| convert(def, raw));
                out.extend(point(v, vec![KeyValue::new("db", db.to_string())]));
            }
        }
        Source::Cmdstat(field) => {
            let key = match field {
                CmdstatField::Calls => "calls",
                CmdstatField::Usec => "usec",
            };
            for (cmd, v) in info.cmdstats() {
                let v = info::subfield(v, key).and_then(|raw| convert(def, raw));
                out.extend(point(v, vec![KeyValue::new("cmd", cmd.to_string())]));
            }
        }
        Source::Latencystats => {
            for (cmd, v) in info.latencystats() {
                for (pct, raw) in info::subfields(v) {
                    if !matches!(pct, "p50" | "p99" | "p99.9") {
                        continue;
                    }
                    let attrs = vec![
                        KeyValue::new("cmd", cmd.to_string()),
                        KeyValue::new("percentile", pct.to_string()),
                    ];
                    out.extend(point(convert(def, raw), attrs));
                }
            }
        }
        Source::Errorstats => {
            for (prefix, count) in info.errorstats() {
                out.extend(point(from_f64(def, count), vec![KeyValue::new("error", prefix.to_string())]));
            }
        }
        Source::Replicas(field) => {
            for r in info.replicas() {
                let v = match field {
                    ReplicaField::Offset => r.offset,
                    ReplicaField::Lag => r.lag,
                };
                out.extend(point(
                    v.and_then(|f| from_f64(def, f)),
                    vec![KeyValue::new("replica", r.address)],
                ));
            }
        }
        Source::ClusterInfo(field) => {
            let Some(ci) = extras.cluster_info else {
                return out;
            };
            let Some(raw) = ci.get(field).map(str::trim) else {
                return out;
            };
            if def.attributes == ["cluster_state"] {
                let ok = raw == "ok";
                let label = if ok { "ok" } else { "fail" };
                out.extend(point(Some(Num::Int(ok as i64)), vec![KeyValue::new("cluster_state", label)]));
            } else {
                out.extend(point(convert(def, raw), vec![]));
            }
        }
        Source::Computed(c) => match c {
            Computed::Up => out.extend(point(Some(Num::Int(1)), vec![])),
            Computed::ScrapeDuration => out.extend(point(from_f64(def, extras.duration), vec![])),
            Computed::ClientsMax => {
                out.extend(point(maxclients(info, extras).and_then(|m| from_f64(def, m)), vec![]))
            }
            Computed::ClientsUtilization => {
                let ratio = maxclients(info, extras).and_then(|max| Some(clients_in_use(info)? / max));
                out.extend(point(ratio.and_then(|r| from_f64(def, r)), vec![]));
            }
        },
    }
    out
}

/// The points a failed scrape reports: `redis.up` 0 and the scrape duration; no stale values.
pub fn failure_points(id: MetricId, duration: f64) -> Vec<Point> {
    let def = id.def();
    match def.source {
        Source::Computed(Computed::Up) => vec![Point { attributes: vec![], value: Num::Int(0) }],
        Source::Computed(Computed::ScrapeDuration) => {
            point(from_f64(def, duration), vec![]).into_iter().collect()
        }
        _ => vec![],
    }
}
