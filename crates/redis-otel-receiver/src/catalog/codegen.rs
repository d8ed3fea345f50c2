//! Renders `metadata.yaml` into the committed Rust catalog and `docs/metrics.md`.
//!
//! Used by the `catalog_drift` test; kept in the library (rather than a build script) so
//! that the generated code is reviewable, and so that building the crate never needs
//! the YAML parser to run at compile time.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use indexmap::IndexMap;
use serde::Deserialize;

/// The drift policy of every committed generated file in the workspace (this catalog's
/// code and docs, the status proto code, the C header), called from their drift tests:
/// when `path` does not hold `expected`, fail; outside CI (`CI` unset) first rewrite the
/// file, so the developer sees the change and commits it. `source` names what it is
/// generated from.
pub fn check_committed(path: &std::path::Path, expected: &str, source: &str) {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual != expected {
        if std::env::var_os("CI").is_none() {
            std::fs::write(path, expected).expect("rewrite the stale file");
        }
        panic!("{} is stale: regenerated from {source}, commit it", path.display());
    }
}

/// The parsed `metadata.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Instrumentation scope name.
    pub scope: String,
    /// Resource attributes identifying a target.
    pub resource_attributes: IndexMap<String, AttrSpec>,
    /// Data point attributes.
    pub attributes: IndexMap<String, AttrSpec>,
    /// Metrics, in catalog order.
    pub metrics: IndexMap<String, MetricSpec>,
}

/// An attribute of the catalog.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttrSpec {
    /// Human description.
    pub description: String,
    /// Value type (resource attributes only).
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    /// Closed set of values.
    #[serde(default, rename = "enum")]
    pub enum_: Vec<String>,
    /// On by default (resource attributes only).
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// A metric of the catalog.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    /// Recorded by default.
    pub enabled: bool,
    /// Human description.
    pub description: String,
    /// UCUM unit.
    pub unit: String,
    /// gauge | counter | updown_counter.
    pub instrument: String,
    /// int | double.
    pub value_type: String,
    /// First Redis version with the source.
    pub since: String,
    /// contrib | extension.
    pub compat: String,
    /// Remark for the docs.
    #[serde(default)]
    pub note: String,
    /// Attribute keys.
    #[serde(default)]
    pub attributes: Vec<String>,
    /// Factor applied to the source value.
    #[serde(default)]
    pub scale: Option<f64>,
    /// Where the value comes from.
    #[serde(rename = "source")]
    pub raw_source: RawSource,
    /// The checked source (filled by [`parse`]).
    #[serde(skip)]
    pub source: Option<SourceSpec>,
}

/// The `source:` of a metric, as written (exactly one key).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    info: Option<Vec<String>>,
    info_by_attribute: Option<RawByAttribute>,
    info_enum: Option<RawEnum>,
    keyspace: Option<String>,
    cmdstat: Option<String>,
    latencystats: Option<BTreeMap<String, String>>,
    errorstats: Option<BTreeMap<String, String>>,
    replicas: Option<String>,
    cluster_info: Option<String>,
    computed: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawByAttribute {
    attribute: String,
    fields: IndexMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnum {
    field: String,
    #[serde(default)]
    attribute: Option<String>,
    values: IndexMap<String, String>,
}

/// The `source:` of a metric.
#[derive(Debug)]
pub enum SourceSpec {
    /// First INFO field present.
    Info(Vec<String>),
    /// One point per field, attribute from the key.
    InfoByAttribute {
        /// Attribute key.
        attribute: String,
        /// attribute value -> INFO field.
        fields: IndexMap<String, String>,
    },
    /// Textual field mapped through a closed set.
    InfoEnum {
        /// INFO field.
        field: String,
        /// Attribute key, if any.
        attribute: Option<String>,
        /// INFO value -> mapped value.
        values: IndexMap<String, String>,
    },
    /// keys | expires | avg_ttl.
    Keyspace(String),
    /// calls | usec.
    Cmdstat(String),
    /// Latencystats lines.
    Latencystats,
    /// Errorstats lines.
    Errorstats,
    /// offset | lag.
    Replicas(String),
    /// A CLUSTER INFO field.
    ClusterInfo(String),
    /// up | scrape_duration | clients_max | clients_utilization.
    Computed(String),
}

impl TryFrom<RawSource> for SourceSpec {
    type Error = String;
    fn try_from(r: RawSource) -> Result<Self, String> {
        let mut found = Vec::new();
        if let Some(v) = r.info {
            found.push(SourceSpec::Info(v));
        }
        if let Some(v) = r.info_by_attribute {
            found.push(SourceSpec::InfoByAttribute { attribute: v.attribute, fields: v.fields });
        }
        if let Some(v) = r.info_enum {
            found.push(SourceSpec::InfoEnum { field: v.field, attribute: v.attribute, values: v.values });
        }
        if let Some(v) = r.keyspace {
            found.push(SourceSpec::Keyspace(one_of(v, &["keys", "expires", "avg_ttl"])?));
        }
        if let Some(v) = r.cmdstat {
            found.push(SourceSpec::Cmdstat(one_of(v, &["calls", "usec"])?));
        }
        if r.latencystats.is_some() {
            found.push(SourceSpec::Latencystats);
        }
        if r.errorstats.is_some() {
            found.push(SourceSpec::Errorstats);
        }
        if let Some(v) = r.replicas {
            found.push(SourceSpec::Replicas(one_of(v, &["offset", "lag"])?));
        }
        if let Some(v) = r.cluster_info {
            found.push(SourceSpec::ClusterInfo(v));
        }
        if let Some(v) = r.computed {
            found.push(SourceSpec::Computed(one_of(
                v,
                &["up", "scrape_duration", "clients_max", "clients_utilization"],
            )?));
        }
        match found.len() {
            1 => Ok(found.remove(0)),
            n => Err(format!("source must have exactly one key, has {n}")),
        }
    }
}

fn one_of(v: String, allowed: &[&str]) -> Result<String, String> {
    if allowed.contains(&v.as_str()) { Ok(v) } else { Err(format!("`{v}` is not one of {allowed:?}")) }
}

/// A catalog that does not make sense.
#[derive(Debug, thiserror::Error)]
#[error("metadata.yaml: {0}")]
pub struct CodegenError(String);

fn err<T>(msg: impl Into<String>) -> Result<T, CodegenError> {
    Err(CodegenError(msg.into()))
}

/// Parses and checks `metadata.yaml`.
pub fn parse(text: &str) -> Result<Metadata, CodegenError> {
    let mut md: Metadata = crate::yaml::from_str(text).map_err(|e| CodegenError(e.to_string()))?;
    for (name, m) in md.metrics.iter_mut() {
        let raw = std::mem::take(&mut m.raw_source);
        m.source = Some(SourceSpec::try_from(raw).map_err(|e| CodegenError(format!("{name}: {e}")))?);
    }
    let mut idents = std::collections::HashSet::new();
    for (name, m) in &md.metrics {
        if !idents.insert(ident(name)) {
            return err(format!("{name}: its constant name {} collides with another metric", ident(name)));
        }
        let source = m.source.as_ref().expect("filled above");
        if !matches!(m.instrument.as_str(), "gauge" | "counter" | "updown_counter") {
            return err(format!("{name}: unknown instrument `{}`", m.instrument));
        }
        if !matches!(m.value_type.as_str(), "int" | "double") {
            return err(format!("{name}: unknown value_type `{}`", m.value_type));
        }
        if !matches!(m.compat.as_str(), "contrib" | "extension") {
            return err(format!("{name}: unknown compat `{}`", m.compat));
        }
        for a in &m.attributes {
            if !md.attributes.contains_key(a) {
                return err(format!("{name}: attribute `{a}` is not declared"));
            }
        }
        let need: &[&str] = match source {
            SourceSpec::InfoByAttribute { attribute, .. } => &[attribute.as_str()][..],
            SourceSpec::Keyspace(_) => &["db"],
            SourceSpec::Cmdstat(_) => &["cmd"],
            SourceSpec::Latencystats => &["cmd", "percentile"],
            SourceSpec::Errorstats => &["error"],
            SourceSpec::Replicas(_) => &["replica"],
            _ => &[],
        };
        if let SourceSpec::InfoEnum { attribute: Some(a), .. } = source {
            if m.attributes != [a.clone()] {
                return err(format!("{name}: attributes must be [{a}]"));
            }
        } else if m.attributes.iter().map(String::as_str).ne(need.iter().copied())
            && !matches!(source, SourceSpec::ClusterInfo(_))
        {
            return err(format!("{name}: attributes must be {need:?} for its source"));
        }
    }
    Ok(md)
}

fn ident(name: &str) -> String {
    name.to_ascii_uppercase().replace(['.', '-'], "_")
}

fn camel(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn pairs(map: &IndexMap<String, String>) -> String {
    let items: Vec<String> = map.iter().map(|(k, v)| format!("({k:?}, {v:?})")).collect();
    format!("&[{}]", items.join(", "))
}

fn source_rust(s: &SourceSpec) -> String {
    match s {
        SourceSpec::Info(fields) => format!("Source::Info(&{fields:?})"),
        SourceSpec::InfoByAttribute { attribute, fields } => {
            format!("Source::InfoByAttribute {{ attribute: {attribute:?}, fields: {} }}", pairs(fields))
        }
        SourceSpec::InfoEnum { field, attribute, values } => format!(
            "Source::InfoEnum {{ field: {field:?}, attribute: {attribute:?}, values: {} }}",
            pairs(values)
        ),
        SourceSpec::Keyspace(f) => format!("Source::Keyspace(KeyspaceField::{})", camel(f)),
        SourceSpec::Cmdstat(f) => format!("Source::Cmdstat(CmdstatField::{})", camel(f)),
        SourceSpec::Latencystats => "Source::Latencystats".into(),
        SourceSpec::Errorstats => "Source::Errorstats".into(),
        SourceSpec::Replicas(f) => format!("Source::Replicas(ReplicaField::{})", camel(f)),
        SourceSpec::ClusterInfo(f) => format!("Source::ClusterInfo({f:?})"),
        SourceSpec::Computed(f) => format!("Source::Computed(Computed::{})", camel(f)),
    }
}

fn source_doc(s: &SourceSpec) -> String {
    match s {
        SourceSpec::Info(fields) => {
            fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", then ")
        }
        SourceSpec::InfoByAttribute { fields, .. } => {
            fields.values().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        }
        SourceSpec::InfoEnum { field, .. } => format!("`{field}`"),
        SourceSpec::Keyspace(f) => format!("keyspace `dbN:{f}=`"),
        SourceSpec::Cmdstat(f) => format!("commandstats `cmdstat_<cmd>:{f}=`"),
        SourceSpec::Latencystats => "latencystats `latency_percentiles_usec_<cmd>`".into(),
        SourceSpec::Errorstats => "errorstats `errorstat_<prefix>:count=`".into(),
        SourceSpec::Replicas(f) => format!("replication `slaveN:…,{f}=`"),
        SourceSpec::ClusterInfo(f) => format!("CLUSTER INFO `{f}`"),
        SourceSpec::Computed(f) => format!("computed ({f})"),
    }
}

/// Renders the Rust catalog (`src/catalog/generated.rs`).
pub fn render_rust(md: &Metadata) -> String {
    let mut o = String::new();
    o.push_str("// @generated from metadata.yaml by catalog::codegen — do not edit.\n");
    o.push_str("// Regenerate: cargo test -p redis-otel-receiver --test catalog_drift\n\n");
    o.push_str("use super::*;\n\n");
    let _ = writeln!(
        o,
        "/// Instrumentation scope name of every metric.\npub const SCOPE_NAME: &str = {:?};\n",
        md.scope
    );
    o.push_str("/// Resource attributes that identify a target.\npub static RESOURCE_ATTRIBUTES: &[ResourceAttributeDef] = &[\n");
    for (name, a) in &md.resource_attributes {
        let _ = writeln!(
            o,
            "    ResourceAttributeDef {{ name: {name:?}, description: {:?}, enabled: {} }},",
            a.description,
            a.enabled.unwrap_or(true)
        );
    }
    o.push_str("];\n\n/// Every metric, in catalog order.\npub static METRICS: &[MetricDef] = &[\n");
    for (name, m) in &md.metrics {
        let _ = writeln!(o, "    MetricDef {{");
        let _ = writeln!(o, "        name: {name:?},");
        let _ = writeln!(o, "        description: {:?},", m.description);
        let _ = writeln!(o, "        unit: {:?},", m.unit);
        let kind = match m.instrument.as_str() {
            "gauge" => "Gauge",
            "counter" => "Counter",
            _ => "UpDownCounter",
        };
        let _ = writeln!(o, "        instrument: InstrumentKind::{kind},");
        let _ = writeln!(o, "        value_type: ValueType::{},", camel(&m.value_type));
        let _ = writeln!(o, "        enabled: {},", m.enabled);
        let _ = writeln!(o, "        since: {:?},", m.since);
        let _ = writeln!(o, "        compat: Compat::{},", camel(&m.compat));
        let _ = writeln!(o, "        note: {:?},", m.note);
        let _ = writeln!(o, "        attributes: &{:?},", m.attributes);
        let _ = writeln!(o, "        scale: {:?},", m.scale.unwrap_or(1.0));
        let _ = writeln!(o, "        source: {},", source_rust(m.source.as_ref().expect("parsed")));
        let _ = writeln!(o, "    }},");
    }
    o.push_str("];\n\n/// A constant per metric, named after it.\npub mod ids {\n    use super::MetricId;\n");
    for (i, name) in md.metrics.keys().enumerate() {
        let _ = writeln!(o, "    /// `{name}`\n    pub const {}: MetricId = MetricId({i});", ident(name));
    }
    o.push_str("}\n");
    o
}

/// Renders the user documentation (`docs/metrics.md`).
pub fn render_markdown(md: &Metadata) -> String {
    let mut o = String::new();
    o.push_str("<!-- @generated from crates/redis-otel-receiver/metadata.yaml — do not edit. -->\n");
    o.push_str("# Metrics\n\n");
    o.push_str("Every metric redis-otel records, generated from the catalog `crates/redis-otel-receiver/metadata.yaml`.\n");
    o.push_str("Names, units, instrument kinds and attributes follow the OpenTelemetry Collector Contrib `redisreceiver`;\n");
    o.push_str("*extension* marks the metrics it lacks. Toggle any metric with `metrics.<name>.enabled` in a receiver block.\n\n");
    let _ = writeln!(o, "Instrumentation scope: `{}`.\n", md.scope);
    o.push_str("## Resource attributes\n\nOne resource per Redis target.\n\n| attribute | enabled | description |\n|---|---|---|\n");
    for (name, a) in &md.resource_attributes {
        let _ = writeln!(o, "| `{name}` | {} | {} |", a.enabled.unwrap_or(true), a.description);
    }
    for (title, enabled) in [("Enabled by default", true), ("Disabled by default", false)] {
        let _ = writeln!(o, "\n## {title}\n");
        o.push_str("| metric | instrument | type | unit | source | attributes | since | origin |\n|---|---|---|---|---|---|---|---|\n");
        for (name, m) in md.metrics.iter().filter(|(_, m)| m.enabled == enabled) {
            let attrs = m.attributes.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
            let _ = writeln!(
                o,
                "| `{name}` | {} | {} | `{}` | {} | {} | {} | {} |",
                m.instrument,
                m.value_type,
                m.unit,
                source_doc(m.source.as_ref().expect("parsed")),
                attrs,
                m.since,
                m.compat
            );
        }
        for (name, m) in md.metrics.iter().filter(|(_, m)| m.enabled == enabled) {
            let _ = write!(o, "\n### `{name}`\n\n{}", m.description);
            if !m.note.is_empty() {
                let _ = write!(o, " {}", m.note);
            }
            o.push('\n');
        }
    }
    o.push_str("\n## Attributes\n\n| attribute | values | description |\n|---|---|---|\n");
    for (name, a) in &md.attributes {
        let values = if a.enum_.is_empty() { "any".to_string() } else { a.enum_.join(", ") };
        let _ = writeln!(o, "| `{name}` | {values} | {} |", a.description);
    }
    o
}
