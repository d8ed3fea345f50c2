//! A parser for the text of `INFO` (and `CLUSTER INFO`), pure and zero-copy.
//!
//! The network code only fetches the bytes; everything about the dialects lives here:
//! `key:value` split on the *first* colon (IPv6 addresses and Windows paths live in
//! values), CRLF or LF line ends, `# Section` headers, `k=v,k=v` sub-fields of keyspace,
//! commandstats, latencystats, errorstats and replica lines. Unknown lines are kept as
//! plain fields and otherwise ignored; nothing here can panic on any input.

use std::collections::HashMap;

/// Parsed INFO text, borrowing from it.
#[derive(Debug, Default, Clone)]
pub struct Info<'a> {
    fields: HashMap<&'a str, &'a str>,
    order: Vec<(&'a str, &'a str)>,
}

/// Parses INFO text. Lines without a colon, comments and blank lines are skipped.
pub fn parse(text: &str) -> Info<'_> {
    let mut info = Info::default();
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        info.fields.entry(key).or_insert(value);
        info.order.push((key, value));
    }
    info
}

/// Splits `k=v,k=v` into pairs (each split on its first `=`).
pub fn subfields(value: &str) -> impl Iterator<Item = (&str, &str)> {
    value.split(',').filter_map(|kv| kv.split_once('='))
}

/// The value of `key` in a `k=v,k=v` list.
pub fn subfield<'a>(value: &'a str, key: &str) -> Option<&'a str> {
    subfields(value).find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// Parses a number the way INFO writes them (`12`, `-1`, `1.50`, `inf`).
pub fn number(value: &str) -> Option<f64> {
    let v = value.trim();
    if let Ok(i) = v.parse::<i64>() {
        return Some(i as f64);
    }
    v.parse::<f64>().ok().filter(|f| !f.is_nan())
}

/// One `slaveN:` line of a primary.
#[derive(Debug, Clone, PartialEq)]
pub struct Replica<'a> {
    /// Index N of `slaveN`.
    pub index: u32,
    /// `ip:port` (IPv6 kept whole, without brackets, as Redis prints it).
    pub address: String,
    /// `state=`
    pub state: &'a str,
    /// `offset=`
    pub offset: Option<f64>,
    /// `lag=`
    pub lag: Option<f64>,
}

impl<'a> Info<'a> {
    /// The raw value of a field.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.fields.get(key).copied()
    }

    /// A numeric field.
    pub fn num(&self, key: &str) -> Option<f64> {
        self.get(key).and_then(number)
    }

    /// Number of `key:value` lines read.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when no field was read.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// All lines in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.order.iter().copied()
    }

    /// Keyspace lines: `("0", "keys=1,expires=0,avg_ttl=0")` for `db0:...`, any db number.
    pub fn keyspace(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.iter().filter_map(|(k, v)| {
            let n = k.strip_prefix("db")?;
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some((n, v))
        })
    }

    /// Commandstats lines: `("get", "calls=..,usec=..")`; subcommands keep their `|`.
    pub fn cmdstats(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.prefixed("cmdstat_")
    }

    /// Latencystats lines: `("get", "p50=..,p99=..,p99.9=..")`.
    pub fn latencystats(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.prefixed("latency_percentiles_usec_")
    }

    /// Errorstats lines: `("ERR", count)`.
    pub fn errorstats(&self) -> impl Iterator<Item = (&'a str, f64)> + '_ {
        self.prefixed("errorstat_").filter_map(|(k, v)| Some((k, subfield(v, "count").and_then(number)?)))
    }

    fn prefixed(&self, prefix: &'static str) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.iter().filter_map(move |(k, v)| Some((k.strip_prefix(prefix)?, v)))
    }

    /// Replica lines of a primary, in both the modern `ip=..,port=..` and the pre-2.8
    /// positional `ip,port,state` forms.
    pub fn replicas(&self) -> impl Iterator<Item = Replica<'a>> + '_ {
        self.iter().filter_map(|(k, v)| {
            let index = k.strip_prefix("slave")?.parse::<u32>().ok()?;
            if v.contains('=') {
                let ip = subfield(v, "ip")?;
                let port = subfield(v, "port").unwrap_or("");
                Some(Replica {
                    index,
                    address: format!("{ip}:{port}"),
                    state: subfield(v, "state").unwrap_or(""),
                    offset: subfield(v, "offset").and_then(number),
                    lag: subfield(v, "lag").and_then(number),
                })
            } else {
                let mut parts = v.split(',');
                let ip = parts.next()?;
                let port = parts.next().unwrap_or("");
                Some(Replica {
                    index,
                    address: format!("{ip}:{port}"),
                    state: parts.next().unwrap_or(""),
                    offset: None,
                    lag: None,
                })
            }
        })
    }

    /// `maxclients` from INFO (Redis >= 6.2) or Dragonfly's `max_clients`.
    pub fn maxclients(&self) -> Option<f64> {
        self.num("maxclients").or_else(|| self.num("max_clients"))
    }

    /// `redis_version`, "unknown" when absent.
    pub fn version(&self) -> &'a str {
        self.get("redis_version").map(str::trim).filter(|v| !v.is_empty()).unwrap_or("unknown")
    }

    /// True when INFO says `cluster_enabled:1`.
    pub fn cluster_enabled(&self) -> bool {
        self.get("cluster_enabled").map(str::trim) == Some("1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_first_colon_and_handles_crlf_and_lf() {
        let info = parse(
            "# Server\r\nredis_version:7.0.15\r\nexecutable:C:\\redis\\redis.exe\nslave0:ip=::1,port=6380,state=online,offset=5,lag=0\r\n",
        );
        assert_eq!(info.get("redis_version"), Some("7.0.15"));
        assert_eq!(info.get("executable"), Some("C:\\redis\\redis.exe"));
        let r: Vec<_> = info.replicas().collect();
        assert_eq!(r[0].address, "::1:6380");
        assert_eq!(r[0].offset, Some(5.0));
    }

    #[test]
    fn keyspace_any_db_number() {
        let info =
            parse("db0:keys=1,expires=0,avg_ttl=0\r\ndb1234:keys=7,expires=2,avg_ttl=10\r\ndbx:keys=1\r\n");
        let ks: Vec<_> = info.keyspace().collect();
        assert_eq!(ks, vec![("0", "keys=1,expires=0,avg_ttl=0"), ("1234", "keys=7,expires=2,avg_ttl=10")]);
    }

    #[test]
    fn legacy_positional_replica() {
        let info = parse("slave0:10.0.0.2,6379,online\n");
        let r: Vec<_> = info.replicas().collect();
        assert_eq!(r[0].address, "10.0.0.2:6379");
        assert_eq!(r[0].state, "online");
    }

    #[test]
    fn numbers() {
        assert_eq!(number("12"), Some(12.0));
        assert_eq!(number("-1"), Some(-1.0));
        assert_eq!(number("1.50"), Some(1.5));
        assert_eq!(number("nan"), None);
        assert_eq!(number("abc"), None);
    }
}
