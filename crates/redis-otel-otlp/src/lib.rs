//! # redis-otel-otlp
//!
//! Turns what the OpenTelemetry SDK collected from the redis-otel instruments into OTLP:
//! one `ResourceMetrics` per Redis target (the identity attributes `server.address`,
//! `server.port` and `redis.version` move from the data points to the resource), plus
//! renderings for people and tools: OTLP/JSON (the encoding of the OTLP specification,
//! as the collector's file exporter writes it) and an aligned table.
//!
//! The SDK keeps one resource per provider, which is why the receiver tags data points
//! with the target and this crate regroups them; the exporter, the CLI and the shared
//! library all go through [`split_by_target`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::common::v1::{AnyValue, InstrumentationScope, KeyValue, any_value};
use opentelemetry_proto::tonic::metrics::v1::{
    Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, metric, number_data_point,
};
use opentelemetry_proto::tonic::resource::v1::Resource;
use opentelemetry_sdk::metrics::data::ResourceMetrics as SdkResourceMetrics;

/// Attribute keys that identify a target and belong on the resource.
pub const IDENTITY_KEYS: [&str; 3] = ["server.address", "server.port", "redis.version"];

/// Attribute sets one target can produce for a metric (from the catalog's attributes):
/// the per-target share of a cardinality limit.
pub fn series_per_target(def: &redis_otel_receiver::catalog::MetricDef) -> usize {
    def.attributes
        .iter()
        .map(|a| match *a {
            "cmd" => 250,
            "percentile" => 3,
            "db" | "error" => 16,
            "replica" => 8,
            "state" => 6,
            _ => 3,
        })
        .product()
}

/// A view that sizes the SDK's cardinality limit for `targets` targets: every target adds
/// its own attribute sets, so the default (2,000 per metric) would overflow into
/// `otel.metric.overflow` for large fleets. The SDK pre-allocates a map of the limit's
/// size per instrument and collection, so the limit follows the catalog instead of
/// being set "large enough".
pub fn cardinality_view(
    targets: usize,
) -> impl Fn(&opentelemetry_sdk::metrics::Instrument) -> Option<opentelemetry_sdk::metrics::Stream>
+ Send
+ Sync
+ 'static {
    move |inst| {
        if inst.scope().name() != redis_otel_receiver::catalog::SCOPE_NAME {
            return None;
        }
        let def = redis_otel_receiver::catalog::find(inst.name())?.def();
        let limit = (targets.max(1) * series_per_target(def)).max(2_000);
        opentelemetry_sdk::metrics::Stream::builder().with_cardinality_limit(limit).build().ok()
    }
}

/// A meter provider for redis-otel instruments whose metrics are pulled on demand
/// (the CLI's one-shot scrape, the shared library's `collect`, tests): a ManualReader
/// that the caller can still collect from after handing it to the provider.
#[derive(Clone, Debug)]
pub struct OnDemand {
    reader: std::sync::Arc<opentelemetry_sdk::metrics::ManualReader>,
    provider: opentelemetry_sdk::metrics::SdkMeterProvider,
}

impl OnDemand {
    /// A provider with an empty resource (targets bring their own) and cumulative
    /// temporality, sized for `targets` targets.
    pub fn new(targets: usize) -> Self {
        let reader = std::sync::Arc::new(opentelemetry_sdk::metrics::ManualReader::builder().build());
        let provider = opentelemetry_sdk::metrics::SdkMeterProvider::builder()
            .with_resource(opentelemetry_sdk::Resource::builder_empty().build())
            .with_reader(SharedReader(reader.clone()))
            .with_view(cardinality_view(targets))
            .build();
        OnDemand { reader, provider }
    }

    /// The meter to register the receiver's instruments on (scope = the receiver's name and version).
    pub fn meter(&self) -> opentelemetry::metrics::Meter {
        use opentelemetry::metrics::MeterProvider as _;
        let scope = opentelemetry::InstrumentationScope::builder(redis_otel_receiver::catalog::SCOPE_NAME)
            .with_version(redis_otel_receiver::VERSION)
            .build();
        self.provider.meter_with_scope(scope)
    }

    /// Runs the instrument callbacks now and returns one request, one resource per target.
    pub fn collect(&self, store: &redis_otel_receiver::Store) -> Result<ExportMetricsServiceRequest, String> {
        use opentelemetry_sdk::metrics::reader::MetricReader as _;
        let mut rm = SdkResourceMetrics::default();
        self.reader.collect(&mut rm).map_err(|e| e.to_string())?;
        Ok(from_sdk(&rm, &StartTimes::from_store(store)))
    }

    /// Shuts the provider down.
    pub fn shutdown(&self) {
        let _ = self.provider.shutdown();
    }
}

impl Default for OnDemand {
    fn default() -> Self {
        Self::new(1)
    }
}

#[derive(Clone, Debug)]
struct SharedReader(std::sync::Arc<opentelemetry_sdk::metrics::ManualReader>);

impl opentelemetry_sdk::metrics::reader::MetricReader for SharedReader {
    fn register_pipeline(&self, pipeline: std::sync::Weak<opentelemetry_sdk::metrics::Pipeline>) {
        self.0.register_pipeline(pipeline)
    }
    fn collect(&self, rm: &mut SdkResourceMetrics) -> opentelemetry_sdk::error::OTelSdkResult {
        self.0.collect(rm)
    }
    fn force_flush(&self) -> opentelemetry_sdk::error::OTelSdkResult {
        self.0.force_flush()
    }
    fn shutdown_with_timeout(&self, timeout: std::time::Duration) -> opentelemetry_sdk::error::OTelSdkResult {
        self.0.shutdown_with_timeout(timeout)
    }
    fn temporality(
        &self,
        kind: opentelemetry_sdk::metrics::InstrumentKind,
    ) -> opentelemetry_sdk::metrics::Temporality {
        self.0.temporality(kind)
    }
}

/// Converts what the SDK collected into one request with one resource per target.
/// Cumulative sums get the target's server start (now − uptime) as their start time,
/// as contrib does, so a Redis restart is visible as a reset to any backend.
pub fn from_sdk(rm: &SdkResourceMetrics, starts: &StartTimes) -> ExportMetricsServiceRequest {
    split_by_target(ExportMetricsServiceRequest::from(rm), starts)
}

/// Server start time per target identity (unix nanoseconds), from the receiver's snapshots.
#[derive(Debug, Default, Clone)]
pub struct StartTimes(std::collections::HashMap<String, u64>);

impl StartTimes {
    /// Reads the latest snapshot of every target.
    pub fn from_store(store: &redis_otel_receiver::Store) -> Self {
        let mut map = std::collections::HashMap::new();
        store.for_each(|snap| {
            if let Some(t) = snap.start_time.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()) {
                let key = join_identity(snap.identity.iter().map(|kv| (kv.key.as_str(), kv.value.as_str())));
                map.insert(key, t.as_nanos() as u64);
            }
        });
        StartTimes(map)
    }
}

fn is_identity(kv: &KeyValue) -> bool {
    IDENTITY_KEYS.contains(&kv.key.as_str())
}

fn identity_key(attrs: &[KeyValue]) -> String {
    join_identity(attrs.iter().map(|kv| (kv.key.as_str(), value_text(kv.value.as_ref()).into())))
}

/// `k=v,k=v` sorted by key: the one spelling of a target identity, shared by the
/// snapshots (start times) and the exported points (grouping). Runs for every point of
/// every export, so it builds one string and no intermediate ones.
fn join_identity<'a>(pairs: impl Iterator<Item = (&'a str, std::borrow::Cow<'a, str>)>) -> String {
    let mut pairs: Vec<_> = pairs.collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

#[derive(Default)]
struct Group {
    resource: Vec<KeyValue>,
    scopes: BTreeMap<String, (InstrumentationScope, String, Vec<Metric>)>,
    /// `(input metric number, scope name, index)` of the metric the last point went
    /// to: the points of one input metric arrive together, so the lookup below runs
    /// once per metric and target, not once per point.
    last: Option<(usize, String, usize)>,
}

impl Group {
    fn metric(&mut self, seq: usize, scope: &ScopeMetrics, template: &Metric) -> &mut Metric {
        let scope_name = scope.scope.as_ref().map(|s| s.name.as_str()).unwrap_or_default();
        if let Some((last_seq, last_scope, idx)) = &self.last
            && *last_seq == seq
            && self.scopes.contains_key(last_scope.as_str())
        {
            let entry = self.scopes.get_mut(last_scope.as_str()).expect("present: checked above");
            return &mut entry.2[*idx];
        }
        let entry = self.scopes.entry(scope_name.to_string()).or_insert_with(|| {
            (scope.scope.clone().unwrap_or_default(), scope.schema_url.clone(), Vec::new())
        });
        let metrics = &mut entry.2;
        let idx = match metrics.iter().position(|m| m.name == template.name) {
            Some(i) => i,
            None => {
                let data = template.data.as_ref().map(|d| match d {
                    metric::Data::Gauge(_) => {
                        metric::Data::Gauge(opentelemetry_proto::tonic::metrics::v1::Gauge {
                            data_points: vec![],
                        })
                    }
                    // Never clone the template's points: with one group per target that
                    // would copy every target's points once per target (quadratic).
                    metric::Data::Sum(s) => metric::Data::Sum(opentelemetry_proto::tonic::metrics::v1::Sum {
                        data_points: vec![],
                        aggregation_temporality: s.aggregation_temporality,
                        is_monotonic: s.is_monotonic,
                    }),
                    other => other.clone(),
                });
                metrics.push(Metric {
                    name: template.name.clone(),
                    description: template.description.clone(),
                    unit: template.unit.clone(),
                    metadata: template.metadata.clone(),
                    data,
                });
                metrics.len() - 1
            }
        };
        self.last = Some((seq, scope_name.to_string(), idx));
        &mut metrics[idx]
    }
}

fn push_point(m: &mut Metric, p: NumberDataPoint) {
    match m.data.as_mut() {
        Some(metric::Data::Gauge(g)) => g.data_points.push(p),
        Some(metric::Data::Sum(s)) => s.data_points.push(p),
        _ => {}
    }
}

/// Regroups a request so that each target (identity attributes of its data points)
/// gets its own `ResourceMetrics`; resources keep the original attributes too.
/// Data points without identity stay on a resource of their own. Order: by identity.
pub fn split_by_target(req: ExportMetricsServiceRequest, starts: &StartTimes) -> ExportMetricsServiceRequest {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut seq = 0;
    for rm in req.resource_metrics {
        let base = rm.resource.map(|r| r.attributes).unwrap_or_default();
        for mut sm in rm.scope_metrics {
            for mut m in std::mem::take(&mut sm.metrics) {
                seq += 1;
                // Points are moved, not cloned: this runs on every export.
                let points = match m.data.as_mut() {
                    Some(metric::Data::Gauge(g)) => std::mem::take(&mut g.data_points),
                    Some(metric::Data::Sum(s)) => std::mem::take(&mut s.data_points),
                    _ => continue,
                };
                let is_sum = matches!(m.data, Some(metric::Data::Sum(_)));
                for mut p in points {
                    let (identity, rest): (Vec<KeyValue>, Vec<KeyValue>) =
                        std::mem::take(&mut p.attributes).into_iter().partition(is_identity);
                    p.attributes = rest;
                    let key = identity_key(&identity);
                    if is_sum && let Some(start) = starts.0.get(&key) {
                        p.start_time_unix_nano = *start;
                    }
                    let group = groups.entry(key).or_insert_with(|| {
                        let mut resource = base.clone();
                        let mut identity = identity;
                        identity.sort_by_key(|kv| IDENTITY_KEYS.iter().position(|k| *k == kv.key));
                        resource.extend(identity);
                        Group { resource, scopes: BTreeMap::new(), last: None }
                    });
                    push_point(group.metric(seq, &sm, &m), p);
                }
            }
        }
    }
    ExportMetricsServiceRequest {
        resource_metrics: groups
            .into_values()
            .map(|g| ResourceMetrics {
                resource: Some(Resource { attributes: g.resource, ..Default::default() }),
                scope_metrics: g
                    .scopes
                    .into_values()
                    .map(|(scope, schema_url, metrics)| ScopeMetrics {
                        scope: Some(scope),
                        metrics,
                        schema_url,
                    })
                    .collect(),
                schema_url: String::new(),
            })
            .collect(),
    }
}

/// The request in the OTLP/JSON encoding (one line, as the collector's file exporter writes).
pub fn to_json(req: &ExportMetricsServiceRequest) -> String {
    serde_json::to_string(req).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// Text of an attribute value.
pub fn value_text(v: Option<&AnyValue>) -> String {
    match v.and_then(|v| v.value.as_ref()) {
        Some(any_value::Value::StringValue(s)) => s.clone(),
        Some(any_value::Value::IntValue(i)) => i.to_string(),
        Some(any_value::Value::DoubleValue(d)) => d.to_string(),
        Some(any_value::Value::BoolValue(b)) => b.to_string(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

/// A data point's value as f64 (for tests and tables).
pub fn point_value(p: &NumberDataPoint) -> f64 {
    match p.value {
        Some(number_data_point::Value::AsInt(i)) => i as f64,
        Some(number_data_point::Value::AsDouble(d)) => d,
        None => f64::NAN,
    }
}

fn point_text(p: &NumberDataPoint) -> String {
    match p.value {
        Some(number_data_point::Value::AsInt(i)) => i.to_string(),
        Some(number_data_point::Value::AsDouble(d)) => {
            let s = format!("{d:.6}");
            let s = s.trim_end_matches('0');
            s.strip_suffix('.').unwrap_or(s).to_string()
        }
        None => "-".into(),
    }
}

/// Flattened view: `(resource attrs, metric, point)` for every data point.
pub fn points(
    req: &ExportMetricsServiceRequest,
) -> impl Iterator<Item = (&[KeyValue], &Metric, &NumberDataPoint)> {
    req.resource_metrics.iter().flat_map(|rm| {
        let res: &[KeyValue] = rm.resource.as_ref().map_or(&[], |r| r.attributes.as_slice());
        rm.scope_metrics.iter().flat_map(move |sm| {
            sm.metrics.iter().flat_map(move |m| {
                let pts: &[NumberDataPoint] = match &m.data {
                    Some(metric::Data::Gauge(g)) => &g.data_points,
                    Some(metric::Data::Sum(s)) => &s.data_points,
                    _ => &[],
                };
                pts.iter().map(move |p| (res, m, p))
            })
        })
    })
}

/// An aligned, human-readable table: one block per resource, metrics sorted by name.
pub fn to_table(req: &ExportMetricsServiceRequest) -> String {
    let mut out = String::new();
    for rm in &req.resource_metrics {
        let res = rm.resource.as_ref().map(|r| r.attributes.as_slice()).unwrap_or_default();
        let title: Vec<String> =
            res.iter().map(|kv| format!("{}={}", kv.key, value_text(kv.value.as_ref()))).collect();
        let _ = writeln!(out, "resource {}", title.join(" "));
        let mut rows: Vec<(String, String, String, String)> = Vec::new();
        for sm in &rm.scope_metrics {
            for m in &sm.metrics {
                let pts: &[NumberDataPoint] = match &m.data {
                    Some(metric::Data::Gauge(g)) => &g.data_points,
                    Some(metric::Data::Sum(s)) => &s.data_points,
                    _ => &[],
                };
                for p in pts {
                    let attrs: Vec<String> = p
                        .attributes
                        .iter()
                        .map(|kv| format!("{}={}", kv.key, value_text(kv.value.as_ref())))
                        .collect();
                    rows.push((m.name.clone(), attrs.join(","), point_text(p), m.unit.clone()));
                }
            }
        }
        rows.sort();
        let w0 = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let w1 = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        let w2 = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
        for (name, attrs, value, unit) in rows {
            let line = format!("  {name:<w0$}  {attrs:<w1$}  {value:>w2$}  {unit}");
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(k: &str, v: &str) -> KeyValue {
        KeyValue {
            key: k.into(),
            value: Some(AnyValue { value: Some(any_value::Value::StringValue(v.into())) }),
            ..Default::default()
        }
    }

    fn point(addr: &str, extra: Option<KeyValue>, v: i64) -> NumberDataPoint {
        let mut attributes = vec![kv("server.address", addr), kv("redis.version", "7.0.15")];
        attributes.extend(extra);
        NumberDataPoint { attributes, value: Some(number_data_point::Value::AsInt(v)), ..Default::default() }
    }

    #[test]
    fn one_resource_per_target_and_identity_moves_to_resource() {
        let gauge = |pts| Metric {
            name: "redis.db.keys".into(),
            unit: "{key}".into(),
            data: Some(metric::Data::Gauge(opentelemetry_proto::tonic::metrics::v1::Gauge {
                data_points: pts,
            })),
            ..Default::default()
        };
        let req = ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                resource: Some(Resource::default()),
                scope_metrics: vec![ScopeMetrics {
                    scope: Some(InstrumentationScope { name: "s".into(), ..Default::default() }),
                    metrics: vec![gauge(vec![
                        point("a", Some(kv("db", "0")), 1),
                        point("b", Some(kv("db", "0")), 2),
                        point("a", Some(kv("db", "1")), 3),
                    ])],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let out = split_by_target(req, &StartTimes::default());
        assert_eq!(out.resource_metrics.len(), 2);
        let a = &out.resource_metrics[0];
        let attrs: Vec<_> = a.resource.as_ref().unwrap().attributes.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(attrs, ["server.address", "redis.version"]);
        let pts: Vec<_> = points(&out).filter(|(r, _, _)| value_text(r[0].value.as_ref()) == "a").collect();
        assert_eq!(pts.len(), 2);
        assert!(pts.iter().all(|(_, _, p)| p.attributes.len() == 1 && p.attributes[0].key == "db"));
        let json = to_json(&out);
        assert!(json.contains("\"resourceMetrics\"") && json.contains("\"asInt\":\"3\""), "{json}");
        let table = to_table(&out);
        assert!(table.contains("resource server.address=b redis.version=7.0.15"), "{table}");
    }

    #[test]
    fn points_of_several_metrics_land_in_their_own_metric_per_target_with_start_times() {
        let sum = |name: &str, pts| Metric {
            name: name.into(),
            data: Some(metric::Data::Sum(opentelemetry_proto::tonic::metrics::v1::Sum {
                data_points: pts,
                aggregation_temporality: 2,
                is_monotonic: true,
            })),
            ..Default::default()
        };
        let state = |v: &str| Some(kv("state", v));
        let req = ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                scope_metrics: vec![ScopeMetrics {
                    scope: Some(InstrumentationScope { name: "s".into(), ..Default::default() }),
                    metrics: vec![
                        sum(
                            "redis.cpu.time",
                            vec![
                                point("a", state("sys"), 1),
                                point("b", state("sys"), 2),
                                point("a", state("user"), 3),
                            ],
                        ),
                        sum("redis.commands.processed", vec![point("b", None, 20), point("a", None, 10)]),
                    ],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let mut starts = StartTimes::default();
        starts.0.insert(
            join_identity([("server.address", "a".into()), ("redis.version", "7.0.15".into())].into_iter()),
            42,
        );
        let out = split_by_target(req, &starts);
        assert_eq!(out.resource_metrics.len(), 2);
        for (rm, target) in out.resource_metrics.iter().zip(["a", "b"]) {
            let metrics = &rm.scope_metrics[0].metrics;
            let names: Vec<_> = metrics.iter().map(|m| m.name.as_str()).collect();
            assert_eq!(names, ["redis.cpu.time", "redis.commands.processed"], "{target}");
            let Some(metric::Data::Sum(cpu)) = &metrics[0].data else { panic!("a sum") };
            assert_eq!(cpu.data_points.len(), if target == "a" { 2 } else { 1 });
            let start = if target == "a" { 42 } else { 0 };
            assert!(cpu.data_points.iter().all(|p| p.start_time_unix_nano == start), "{target}");
        }
    }
}
