//! Splits one collection into requests bounded by data points and encoded bytes, so no
//! request exceeds what a default collector accepts (4 MiB) however many targets there
//! are. A target's resource is kept whole when it fits; otherwise its metrics (and, for
//! a huge metric, its data points) are spread over several requests under the same
//! resource and scope. Nothing is dropped.

use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::metrics::v1::{Metric, ResourceMetrics, ScopeMetrics, metric};
use prost::Message;

/// A request ready to send, with its data point count.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// The request.
    pub request: ExportMetricsServiceRequest,
    /// Data points in it.
    pub points: usize,
}

/// Data points of a metric.
pub fn metric_points(m: &Metric) -> usize {
    match &m.data {
        Some(metric::Data::Gauge(g)) => g.data_points.len(),
        Some(metric::Data::Sum(s)) => s.data_points.len(),
        Some(metric::Data::Histogram(h)) => h.data_points.len(),
        Some(metric::Data::ExponentialHistogram(h)) => h.data_points.len(),
        Some(metric::Data::Summary(s)) => s.data_points.len(),
        None => 0,
    }
}

/// Data points of a request.
pub fn request_points(req: &ExportMetricsServiceRequest) -> usize {
    req.resource_metrics
        .iter()
        .flat_map(|r| &r.scope_metrics)
        .flat_map(|s| &s.metrics)
        .map(metric_points)
        .sum()
}

struct Builder {
    max_points: usize,
    max_bytes: usize,
    out: Vec<Batch>,
    cur: ExportMetricsServiceRequest,
    cur_points: usize,
    cur_bytes: usize,
}

/// Overhead of wrapping a message as a repeated field (tag + length varint).
fn framed(len: usize) -> usize {
    len + 1 + prost::length_delimiter_len(len)
}

impl Builder {
    fn flush(&mut self) {
        if self.cur_points > 0 || !self.cur.resource_metrics.is_empty() {
            let request = std::mem::take(&mut self.cur);
            self.out.push(Batch { request, points: self.cur_points });
        }
        self.cur_points = 0;
        self.cur_bytes = 0;
    }

    fn fits(&self, points: usize, bytes: usize) -> bool {
        self.cur_points + points <= self.max_points && self.cur_bytes + bytes <= self.max_bytes
    }

    fn push_resource(&mut self, rm: ResourceMetrics, points: usize, bytes: usize) {
        if !self.fits(points, bytes) {
            self.flush();
        }
        self.cur.resource_metrics.push(rm);
        self.cur_points += points;
        self.cur_bytes += bytes;
    }

    /// A resource that does not fit one request: one metric (or chunk of one) at a time.
    fn push_split(&mut self, rm: ResourceMetrics) {
        let shell = ResourceMetrics { scope_metrics: vec![], ..rm.clone() };
        for sm in rm.scope_metrics {
            let scope_shell = ScopeMetrics { metrics: vec![], ..sm.clone() };
            for m in sm.metrics {
                for piece in split_metric(m, self.max_points, self.max_bytes / 2) {
                    let points = metric_points(&piece);
                    let wrapped = ResourceMetrics {
                        scope_metrics: vec![ScopeMetrics { metrics: vec![piece], ..scope_shell.clone() }],
                        ..shell.clone()
                    };
                    let bytes = framed(wrapped.encoded_len());
                    self.push_resource(wrapped, points, bytes);
                }
            }
        }
    }
}

/// Splits a metric's data points into pieces of at most `max_points` and about `max_bytes`.
fn split_metric(m: Metric, max_points: usize, max_bytes: usize) -> Vec<Metric> {
    let total = metric_points(&m);
    let bytes = m.encoded_len();
    if total <= 1 || (total <= max_points && bytes <= max_bytes) {
        return vec![m];
    }
    let by_bytes = (total * max_bytes / bytes.max(1)).max(1);
    let chunk = max_points.min(by_bytes).max(1);
    let mut pieces = Vec::new();
    macro_rules! chunked {
        ($variant:ident, $data:expr) => {{
            let mut data = $data;
            let points = std::mem::take(&mut data.data_points);
            for c in points.chunks(chunk) {
                let mut d = data.clone();
                d.data_points = c.to_vec();
                pieces.push(Metric { data: Some(metric::Data::$variant(d)), ..m.clone() });
            }
        }};
    }
    match m.data.clone() {
        Some(metric::Data::Gauge(g)) => chunked!(Gauge, g),
        Some(metric::Data::Sum(s)) => chunked!(Sum, s),
        Some(metric::Data::Histogram(h)) => chunked!(Histogram, h),
        Some(metric::Data::ExponentialHistogram(h)) => chunked!(ExponentialHistogram, h),
        Some(metric::Data::Summary(s)) => chunked!(Summary, s),
        None => pieces.push(m),
    }
    pieces
}

/// Splits `req` into batches of at most `max_points` data points and `max_bytes` bytes
/// (a single data point larger than `max_bytes` still travels, alone).
pub fn split(req: ExportMetricsServiceRequest, max_points: usize, max_bytes: usize) -> Vec<Batch> {
    let mut b = Builder {
        max_points: max_points.max(1),
        max_bytes,
        out: Vec::new(),
        cur: ExportMetricsServiceRequest::default(),
        cur_points: 0,
        cur_bytes: 0,
    };
    for rm in req.resource_metrics {
        let points: usize = rm.scope_metrics.iter().flat_map(|s| &s.metrics).map(metric_points).sum();
        let bytes = framed(rm.encoded_len());
        if points <= b.max_points && bytes <= b.max_bytes {
            b.push_resource(rm, points, bytes);
        } else {
            b.push_split(rm);
        }
    }
    b.flush();
    b.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
    use opentelemetry_proto::tonic::metrics::v1::{Gauge, NumberDataPoint, number_data_point};
    use opentelemetry_proto::tonic::resource::v1::Resource;

    fn target(i: usize, points: usize) -> ResourceMetrics {
        let kv = KeyValue {
            key: "server.port".into(),
            value: Some(AnyValue { value: Some(any_value::Value::IntValue(i as i64)) }),
            ..Default::default()
        };
        let dp = |v: usize| NumberDataPoint {
            value: Some(number_data_point::Value::AsInt(v as i64)),
            time_unix_nano: 1,
            ..Default::default()
        };
        ResourceMetrics {
            resource: Some(Resource { attributes: vec![kv], ..Default::default() }),
            scope_metrics: vec![ScopeMetrics {
                metrics: vec![Metric {
                    name: "redis.db.keys".into(),
                    data: Some(metric::Data::Gauge(Gauge { data_points: (0..points).map(dp).collect() })),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn bounded_batches_lose_nothing() {
        let req =
            ExportMetricsServiceRequest { resource_metrics: (0..1000).map(|i| target(i, 30)).collect() };
        let total = request_points(&req);
        let batches = split(req, 2_000, 64 * 1024);
        assert!(batches.len() > 1);
        for b in &batches {
            assert!(b.points <= 2_000, "{}", b.points);
            assert!(b.request.encoded_len() <= 64 * 1024, "{}", b.request.encoded_len());
            assert_eq!(b.points, request_points(&b.request));
        }
        assert_eq!(batches.iter().map(|b| b.points).sum::<usize>(), total);
    }

    #[test]
    fn a_huge_target_is_split_under_its_own_resource() {
        let req = ExportMetricsServiceRequest { resource_metrics: vec![target(7, 10_000)] };
        let batches = split(req, 1_000, 1 << 20);
        assert_eq!(batches.len(), 10);
        for b in &batches {
            assert_eq!(b.points, 1_000);
            assert_eq!(b.request.resource_metrics[0].resource, target(7, 0).resource);
        }
    }

    #[test]
    fn empty_request_makes_no_batch() {
        assert!(split(ExportMetricsServiceRequest::default(), 10, 1024).is_empty());
    }
}
