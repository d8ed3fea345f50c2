//! The metric catalog: every metric the receiver can record, as typed constants.
//!
//! `metadata.yaml` at the crate root is the single source of truth. [`generated`] is
//! rendered from it by [`codegen`] and committed, so users never run a generator; the
//! `catalog_drift` test fails when the committed file and `docs/metrics.md` disagree
//! with the YAML (and rewrites them when run outside CI).

pub mod codegen;
#[rustfmt::skip]
mod generated;

pub use generated::{METRICS, RESOURCE_ATTRIBUTES, SCOPE_NAME, ids};

/// Index of a metric in [`METRICS`]; the constants live in [`ids`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricId(pub usize);

impl MetricId {
    /// The catalog entry of this metric.
    pub fn def(self) -> &'static MetricDef {
        &METRICS[self.0]
    }
}

/// How the metric is exposed through the OpenTelemetry API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstrumentKind {
    /// ObservableGauge.
    Gauge,
    /// ObservableCounter (monotonic cumulative sum).
    Counter,
    /// ObservableUpDownCounter (non-monotonic cumulative sum).
    UpDownCounter,
}

/// Number type of the data points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// Integer points (`asInt` in OTLP).
    Int,
    /// Floating point points (`asDouble` in OTLP).
    Double,
}

/// Whether the metric exists in the Collector Contrib `redisreceiver`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compat {
    /// Same name, unit and attributes as contrib.
    Contrib,
    /// Only redis-otel has it.
    Extension,
}

/// Which value of a `dbN:keys=..,expires=..,avg_ttl=..` keyspace line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyspaceField {
    /// `keys=`
    Keys,
    /// `expires=`
    Expires,
    /// `avg_ttl=`
    AvgTtl,
}

/// Which value of a `cmdstat_<cmd>:calls=..,usec=..` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmdstatField {
    /// `calls=`
    Calls,
    /// `usec=`
    Usec,
}

/// Which value of a `slaveN:ip=..,port=..,offset=..,lag=..` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplicaField {
    /// `offset=`
    Offset,
    /// `lag=`
    Lag,
}

/// Values the scraper computes rather than reads from one INFO field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Computed {
    /// 1 when the last scrape succeeded.
    Up,
    /// Seconds the last scrape took.
    ScrapeDuration,
    /// `maxclients`, from INFO, Dragonfly's `max_clients` or `CONFIG GET`.
    ClientsMax,
    /// (clients + replicas + cluster links) / maxclients.
    ClientsUtilization,
}

/// Where a metric's value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    /// The first of these INFO fields that is present.
    Info(&'static [&'static str]),
    /// One point per INFO field present; the attribute takes the paired value.
    InfoByAttribute {
        /// Attribute key.
        attribute: &'static str,
        /// `(attribute value, INFO field)` pairs.
        fields: &'static [(&'static str, &'static str)],
    },
    /// A textual INFO field mapped through a closed set of values.
    InfoEnum {
        /// INFO field.
        field: &'static str,
        /// With an attribute the value is 1 and the attribute carries the mapped value;
        /// without, the mapped value is the number.
        attribute: Option<&'static str>,
        /// `(INFO value, mapped value)` pairs.
        values: &'static [(&'static str, &'static str)],
    },
    /// Keyspace lines, attribute `db`.
    Keyspace(KeyspaceField),
    /// Commandstats lines, attribute `cmd`.
    Cmdstat(CmdstatField),
    /// Latencystats lines, attributes `cmd` and `percentile`.
    Latencystats,
    /// Errorstats lines, attribute `error`.
    Errorstats,
    /// `slaveN:` lines of a primary, attribute `replica`.
    Replicas(ReplicaField),
    /// A field of CLUSTER INFO.
    ClusterInfo(&'static str),
    /// Computed by the scraper.
    Computed(Computed),
}

/// One catalog entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricDef {
    /// Metric name, e.g. `redis.clients.connected`.
    pub name: &'static str,
    /// Human description, copied into the instrument.
    pub description: &'static str,
    /// UCUM unit.
    pub unit: &'static str,
    /// Instrument kind.
    pub instrument: InstrumentKind,
    /// Number type.
    pub value_type: ValueType,
    /// Recorded unless the config disables it.
    pub enabled: bool,
    /// First Redis version with the source ("-" when computed).
    pub since: &'static str,
    /// Contrib name or our extension.
    pub compat: Compat,
    /// A remark for the docs (empty when none).
    pub note: &'static str,
    /// Attribute keys (besides the target identity).
    pub attributes: &'static [&'static str],
    /// Factor applied to the source value.
    pub scale: f64,
    /// Where the value comes from.
    pub source: Source,
}

/// A resource attribute that identifies the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceAttributeDef {
    /// Attribute key.
    pub name: &'static str,
    /// Human description.
    pub description: &'static str,
    /// On unless the config disables it.
    pub enabled: bool,
}

/// Looks a metric up by name.
pub fn find(name: &str) -> Option<MetricId> {
    METRICS.iter().position(|m| m.name == name).map(MetricId)
}

/// All metric ids, in catalog order.
pub fn all() -> impl Iterator<Item = MetricId> {
    (0..METRICS.len()).map(MetricId)
}
