// @generated from metadata.yaml by catalog::codegen — do not edit.
// Regenerate: cargo test -p redis-otel-receiver --test catalog_drift

use super::*;

/// Instrumentation scope name of every metric.
pub const SCOPE_NAME: &str = "redis-otel-receiver";

/// Resource attributes that identify a target.
pub static RESOURCE_ATTRIBUTES: &[ResourceAttributeDef] = &[
    ResourceAttributeDef { name: "redis.version", description: "Redis server's version (INFO redis_version), \"unknown\" when absent.", enabled: true },
    ResourceAttributeDef { name: "server.address", description: "Host name or IP of the Redis target as configured (the socket path for unix transport).", enabled: true },
    ResourceAttributeDef { name: "server.port", description: "TCP port of the Redis target (absent for unix transport); a string, as in contrib.", enabled: true },
];

/// Every metric, in catalog order.
pub static METRICS: &[MetricDef] = &[
    MetricDef {
        name: "redis.clients.connected",
        description: "Number of client connections (excluding connections from replicas).",
        unit: "{client}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "An ObservableGauge by design (contrib records a non-monotonic sum).",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["connected_clients"]),
    },
    MetricDef {
        name: "redis.clients.blocked",
        description: "Number of clients pending on a blocking call.",
        unit: "{client}",
        instrument: InstrumentKind::UpDownCounter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["blocked_clients"]),
    },
    MetricDef {
        name: "redis.clients.max_input_buffer",
        description: "Biggest input buffer among current client connections.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["client_recent_max_input_buffer", "client_biggest_input_buf"]),
    },
    MetricDef {
        name: "redis.clients.max_output_buffer",
        description: "Longest output list among current client connections.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "Before Redis 5.0 the source is client_longest_output_list, a list length, not bytes.",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["client_recent_max_output_buffer", "client_longest_output_list"]),
    },
    MetricDef {
        name: "redis.clients.max",
        description: "The maxclients limit (counts clients, replicas and cluster links).",
        unit: "{client}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.6",
        compat: Compat::Extension,
        note: "INFO maxclients (Redis >= 6.2), Dragonfly max_clients, else CONFIG GET maxclients (remembered when refused).",
        attributes: &[],
        scale: 1.0,
        source: Source::Computed(Computed::ClientsMax),
    },
    MetricDef {
        name: "redis.clients.utilization",
        description: "(connected_clients + connected_slaves + cluster_connections) / maxclients; at 1.0 Redis rejects new connections.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Double,
        enabled: true,
        since: "2.6",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Computed(Computed::ClientsUtilization),
    },
    MetricDef {
        name: "redis.clients.disconnections",
        description: "Client connections closed by the server, by reason.",
        unit: "{connection}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "7.0",
        compat: Compat::Extension,
        note: "evicted_clients exists since 7.0, the buffer-limit counters since 7.2; each reason is reported where present.",
        attributes: &["reason"],
        scale: 1.0,
        source: Source::InfoByAttribute { attribute: "reason", fields: &[("output_buffer_limit", "client_output_buffer_limit_disconnections"), ("query_buffer_limit", "client_query_buffer_limit_disconnections"), ("evicted", "evicted_clients")] },
    },
    MetricDef {
        name: "redis.clients.pubsub",
        description: "Number of clients in pub/sub mode.",
        unit: "{client}",
        instrument: InstrumentKind::UpDownCounter,
        value_type: ValueType::Int,
        enabled: false,
        since: "7.4",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["pubsub_clients"]),
    },
    MetricDef {
        name: "redis.cluster.connections",
        description: "Number of cluster bus connections (they count against maxclients).",
        unit: "{connection}",
        instrument: InstrumentKind::UpDownCounter,
        value_type: ValueType::Int,
        enabled: false,
        since: "7.0",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["cluster_connections"]),
    },
    MetricDef {
        name: "redis.up",
        description: "1 when the last scrape of the target succeeded, 0 otherwise.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "-",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Computed(Computed::Up),
    },
    MetricDef {
        name: "redis.scrape.duration",
        description: "Seconds the last scrape of the target took.",
        unit: "s",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Double,
        enabled: true,
        since: "-",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Computed(Computed::ScrapeDuration),
    },
    MetricDef {
        name: "redis.commands",
        description: "Number of commands processed per second.",
        unit: "{ops}/s",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["instantaneous_ops_per_sec"]),
    },
    MetricDef {
        name: "redis.commands.processed",
        description: "Total number of commands processed by the server.",
        unit: "{command}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["total_commands_processed"]),
    },
    MetricDef {
        name: "redis.connections.received",
        description: "Total number of connections accepted by the server.",
        unit: "{connection}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["total_connections_received"]),
    },
    MetricDef {
        name: "redis.connections.rejected",
        description: "Number of connections rejected because of maxclients limit.",
        unit: "{connection}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["rejected_connections"]),
    },
    MetricDef {
        name: "redis.cpu.time",
        description: "System CPU consumed by the Redis server in seconds since server start.",
        unit: "s",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Double,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &["state"],
        scale: 1.0,
        source: Source::InfoByAttribute { attribute: "state", fields: &[("sys", "used_cpu_sys"), ("sys_children", "used_cpu_sys_children"), ("sys_main_thread", "used_cpu_sys_main_thread"), ("user", "used_cpu_user"), ("user_children", "used_cpu_user_children"), ("user_main_thread", "used_cpu_user_main_thread")] },
    },
    MetricDef {
        name: "redis.db.keys",
        description: "Number of keyspace keys.",
        unit: "{key}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &["db"],
        scale: 1.0,
        source: Source::Keyspace(KeyspaceField::Keys),
    },
    MetricDef {
        name: "redis.db.expires",
        description: "Number of keyspace keys with an expiration.",
        unit: "{key}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &["db"],
        scale: 1.0,
        source: Source::Keyspace(KeyspaceField::Expires),
    },
    MetricDef {
        name: "redis.db.avg_ttl",
        description: "Average keyspace keys TTL.",
        unit: "ms",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &["db"],
        scale: 1.0,
        source: Source::Keyspace(KeyspaceField::AvgTtl),
    },
    MetricDef {
        name: "redis.keys.evicted",
        description: "Number of evicted keys due to maxmemory limit.",
        unit: "{key}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["evicted_keys"]),
    },
    MetricDef {
        name: "redis.keys.expired",
        description: "Total number of key expiration events.",
        unit: "{event}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["expired_keys"]),
    },
    MetricDef {
        name: "redis.keyspace.hits",
        description: "Number of successful lookup of keys in the main dictionary.",
        unit: "{hit}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["keyspace_hits"]),
    },
    MetricDef {
        name: "redis.keyspace.misses",
        description: "Number of failed lookup of keys in the main dictionary.",
        unit: "{miss}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["keyspace_misses"]),
    },
    MetricDef {
        name: "redis.latest_fork",
        description: "Duration of the latest fork operation in microseconds.",
        unit: "us",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.2",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["latest_fork_usec"]),
    },
    MetricDef {
        name: "redis.memory.used",
        description: "Total number of bytes allocated by Redis using its allocator.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["used_memory"]),
    },
    MetricDef {
        name: "redis.memory.peak",
        description: "Peak memory consumed by Redis (in bytes).",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.2",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["used_memory_peak"]),
    },
    MetricDef {
        name: "redis.memory.rss",
        description: "Number of bytes that Redis allocated as seen by the operating system.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.2",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["used_memory_rss"]),
    },
    MetricDef {
        name: "redis.memory.lua",
        description: "Number of bytes used by the Lua engine.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["used_memory_lua"]),
    },
    MetricDef {
        name: "redis.memory.fragmentation_ratio",
        description: "Ratio between used_memory_rss and used_memory.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Double,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["mem_fragmentation_ratio"]),
    },
    MetricDef {
        name: "redis.net.input",
        description: "The total number of bytes read from the network.",
        unit: "By",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["total_net_input_bytes"]),
    },
    MetricDef {
        name: "redis.net.output",
        description: "The total number of bytes written to the network.",
        unit: "By",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["total_net_output_bytes"]),
    },
    MetricDef {
        name: "redis.rdb.changes_since_last_save",
        description: "Number of changes since the last dump.",
        unit: "{change}",
        instrument: InstrumentKind::UpDownCounter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["rdb_changes_since_last_save", "changes_since_last_save"]),
    },
    MetricDef {
        name: "redis.replication.backlog_first_byte_offset",
        description: "The master offset of the replication backlog buffer.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.8",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["repl_backlog_first_byte_offset"]),
    },
    MetricDef {
        name: "redis.replication.offset",
        description: "The server's current replication offset.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.8",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["master_repl_offset"]),
    },
    MetricDef {
        name: "redis.slaves.connected",
        description: "Number of connected replicas.",
        unit: "{replica}",
        instrument: InstrumentKind::UpDownCounter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["connected_slaves"]),
    },
    MetricDef {
        name: "redis.uptime",
        description: "Number of seconds since Redis server start.",
        unit: "s",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: true,
        since: "2.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["uptime_in_seconds"]),
    },
    MetricDef {
        name: "redis.maxmemory",
        description: "The value of the maxmemory configuration directive (0 = no limit).",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "4.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["maxmemory"]),
    },
    MetricDef {
        name: "redis.role",
        description: "Redis node's role.",
        unit: "{role}",
        instrument: InstrumentKind::UpDownCounter,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.8",
        compat: Compat::Contrib,
        note: "",
        attributes: &["role"],
        scale: 1.0,
        source: Source::InfoEnum { field: "role", attribute: Some("role"), values: &[("master", "primary"), ("slave", "replica")] },
    },
    MetricDef {
        name: "redis.mode",
        description: "Redis server mode.",
        unit: "{mode}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &["mode"],
        scale: 1.0,
        source: Source::InfoEnum { field: "redis_mode", attribute: Some("mode"), values: &[("standalone", "standalone"), ("cluster", "cluster"), ("sentinel", "sentinel")] },
    },
    MetricDef {
        name: "redis.cmd.calls",
        description: "Total number of calls for a command.",
        unit: "{call}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &["cmd"],
        scale: 1.0,
        source: Source::Cmdstat(CmdstatField::Calls),
    },
    MetricDef {
        name: "redis.cmd.usec",
        description: "Total time for all executions of this command.",
        unit: "us",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.6",
        compat: Compat::Contrib,
        note: "",
        attributes: &["cmd"],
        scale: 1.0,
        source: Source::Cmdstat(CmdstatField::Usec),
    },
    MetricDef {
        name: "redis.cmd.latency",
        description: "Command execution latency.",
        unit: "s",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Double,
        enabled: false,
        since: "7.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &["cmd", "percentile"],
        scale: 1e-6,
        source: Source::Latencystats,
    },
    MetricDef {
        name: "redis.replica.offset",
        description: "Replication offset each connected replica acknowledged, as its primary reports it.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.8",
        compat: Compat::Extension,
        note: "",
        attributes: &["replica"],
        scale: 1.0,
        source: Source::Replicas(ReplicaField::Offset),
    },
    MetricDef {
        name: "redis.memory.used_memory_overhead",
        description: "The sum in bytes of all overheads that the server allocated for managing its internal data structures.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "4.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["used_memory_overhead"]),
    },
    MetricDef {
        name: "redis.memory.used_memory_startup",
        description: "Initial amount of memory consumed by Redis at startup in bytes.",
        unit: "By",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "4.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["used_memory_startup"]),
    },
    MetricDef {
        name: "redis.tracking_total_keys",
        description: "Number of keys being tracked by the server (client-side caching).",
        unit: "{key}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "6.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["tracking_total_keys"]),
    },
    MetricDef {
        name: "redis.errors.replies",
        description: "Total number of error replies the server sent.",
        unit: "{error}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: false,
        since: "6.2",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["total_error_replies"]),
    },
    MetricDef {
        name: "redis.errors",
        description: "Error replies by error prefix (INFO errorstats).",
        unit: "{error}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: false,
        since: "6.2",
        compat: Compat::Extension,
        note: "",
        attributes: &["error"],
        scale: 1.0,
        source: Source::Errorstats,
    },
    MetricDef {
        name: "redis.replica.lag",
        description: "Seconds since each connected replica last acknowledged, as its primary reports it.",
        unit: "s",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.8",
        compat: Compat::Extension,
        note: "",
        attributes: &["replica"],
        scale: 1.0,
        source: Source::Replicas(ReplicaField::Lag),
    },
    MetricDef {
        name: "redis.persistence.loading",
        description: "1 while the server is loading a dump file.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.0",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["loading"]),
    },
    MetricDef {
        name: "redis.persistence.rdb.bgsave_in_progress",
        description: "1 while an RDB save is in progress.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.6",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["rdb_bgsave_in_progress", "bgsave_in_progress"]),
    },
    MetricDef {
        name: "redis.persistence.rdb.last_save_time",
        description: "Unix time of the last successful RDB save.",
        unit: "s",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.6",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["rdb_last_save_time", "last_save_time"]),
    },
    MetricDef {
        name: "redis.persistence.rdb.last_bgsave_ok",
        description: "1 when the last RDB save succeeded, 0 when it failed.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.6",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::InfoEnum { field: "rdb_last_bgsave_status", attribute: None, values: &[("ok", "1"), ("err", "0")] },
    },
    MetricDef {
        name: "redis.persistence.aof.enabled",
        description: "1 when AOF persistence is on.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.6",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["aof_enabled"]),
    },
    MetricDef {
        name: "redis.persistence.aof.last_write_ok",
        description: "1 when the last AOF write succeeded, 0 when it failed.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.6",
        compat: Compat::Extension,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::InfoEnum { field: "aof_last_write_status", attribute: None, values: &[("ok", "1"), ("err", "0")] },
    },
    MetricDef {
        name: "redis.cluster.state",
        description: "1 when the cluster state is ok, 0 otherwise.",
        unit: "{state}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &["cluster_state"],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_state"),
    },
    MetricDef {
        name: "redis.cluster.slots_assigned",
        description: "Number of slots which are associated to some node.",
        unit: "{slot}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_slots_assigned"),
    },
    MetricDef {
        name: "redis.cluster.slots_ok",
        description: "Number of slots whose node is not in FAIL or PFAIL state.",
        unit: "{slot}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_slots_ok"),
    },
    MetricDef {
        name: "redis.cluster.slots_pfail",
        description: "Number of slots whose node is in PFAIL state.",
        unit: "{slot}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_slots_pfail"),
    },
    MetricDef {
        name: "redis.cluster.slots_fail",
        description: "Number of slots whose node is in FAIL state.",
        unit: "{slot}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_slots_fail"),
    },
    MetricDef {
        name: "redis.cluster.known_nodes",
        description: "Number of nodes known to the cluster, including nodes in handshake.",
        unit: "{node}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_known_nodes"),
    },
    MetricDef {
        name: "redis.cluster.node.count",
        description: "Number of primary nodes serving at least one slot (cluster_size).",
        unit: "{node}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_size"),
    },
    MetricDef {
        name: "redis.cluster.uptime",
        description: "The cluster's current epoch (contrib's name; the value is an epoch, not a duration).",
        unit: "s",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_current_epoch"),
    },
    MetricDef {
        name: "redis.cluster.node.uptime",
        description: "This node's config epoch (contrib's name; the value is an epoch, not a duration).",
        unit: "s",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_my_epoch"),
    },
    MetricDef {
        name: "redis.cluster.stats_messages_sent",
        description: "Number of messages sent via the cluster node-to-node binary bus.",
        unit: "{message}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_stats_messages_sent"),
    },
    MetricDef {
        name: "redis.cluster.stats_messages_received",
        description: "Number of messages received via the cluster node-to-node binary bus.",
        unit: "{message}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("cluster_stats_messages_received"),
    },
    MetricDef {
        name: "redis.cluster.links_buffer_limit_exceeded.count",
        description: "Cluster links freed because they exceeded the cluster-link-sendbuf-limit.",
        unit: "{count}",
        instrument: InstrumentKind::Counter,
        value_type: ValueType::Int,
        enabled: false,
        since: "7.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::ClusterInfo("total_cluster_links_buffer_limit_exceeded"),
    },
    MetricDef {
        name: "redis.sentinel.masters",
        description: "Number of masters monitored by this Sentinel.",
        unit: "{master}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.8",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["sentinel_masters"]),
    },
    MetricDef {
        name: "redis.sentinel.running_scripts",
        description: "Number of running Sentinel scripts.",
        unit: "{script}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.8",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["sentinel_running_scripts"]),
    },
    MetricDef {
        name: "redis.sentinel.scripts_queue_length",
        description: "Number of Sentinel scripts waiting in the queue.",
        unit: "{script}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "2.8",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["sentinel_scripts_queue_length"]),
    },
    MetricDef {
        name: "redis.sentinel.simulate_failure_flags",
        description: "Sentinel simulate-failure flags.",
        unit: "1",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "3.2",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["sentinel_simulate_failure_flags"]),
    },
    MetricDef {
        name: "redis.sentinel.tilt_since_seconds",
        description: "Seconds since the Sentinel entered TILT mode (-1 when not in TILT).",
        unit: "s",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "7.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["sentinel_tilt_since_seconds"]),
    },
    MetricDef {
        name: "redis.sentinel.total_tilt",
        description: "Number of times the Sentinel entered TILT mode.",
        unit: "{event}",
        instrument: InstrumentKind::Gauge,
        value_type: ValueType::Int,
        enabled: false,
        since: "7.0",
        compat: Compat::Contrib,
        note: "",
        attributes: &[],
        scale: 1.0,
        source: Source::Info(&["sentinel_total_tilt"]),
    },
];

/// A constant per metric, named after it.
pub mod ids {
    use super::MetricId;
    /// `redis.clients.connected`
    pub const REDIS_CLIENTS_CONNECTED: MetricId = MetricId(0);
    /// `redis.clients.blocked`
    pub const REDIS_CLIENTS_BLOCKED: MetricId = MetricId(1);
    /// `redis.clients.max_input_buffer`
    pub const REDIS_CLIENTS_MAX_INPUT_BUFFER: MetricId = MetricId(2);
    /// `redis.clients.max_output_buffer`
    pub const REDIS_CLIENTS_MAX_OUTPUT_BUFFER: MetricId = MetricId(3);
    /// `redis.clients.max`
    pub const REDIS_CLIENTS_MAX: MetricId = MetricId(4);
    /// `redis.clients.utilization`
    pub const REDIS_CLIENTS_UTILIZATION: MetricId = MetricId(5);
    /// `redis.clients.disconnections`
    pub const REDIS_CLIENTS_DISCONNECTIONS: MetricId = MetricId(6);
    /// `redis.clients.pubsub`
    pub const REDIS_CLIENTS_PUBSUB: MetricId = MetricId(7);
    /// `redis.cluster.connections`
    pub const REDIS_CLUSTER_CONNECTIONS: MetricId = MetricId(8);
    /// `redis.up`
    pub const REDIS_UP: MetricId = MetricId(9);
    /// `redis.scrape.duration`
    pub const REDIS_SCRAPE_DURATION: MetricId = MetricId(10);
    /// `redis.commands`
    pub const REDIS_COMMANDS: MetricId = MetricId(11);
    /// `redis.commands.processed`
    pub const REDIS_COMMANDS_PROCESSED: MetricId = MetricId(12);
    /// `redis.connections.received`
    pub const REDIS_CONNECTIONS_RECEIVED: MetricId = MetricId(13);
    /// `redis.connections.rejected`
    pub const REDIS_CONNECTIONS_REJECTED: MetricId = MetricId(14);
    /// `redis.cpu.time`
    pub const REDIS_CPU_TIME: MetricId = MetricId(15);
    /// `redis.db.keys`
    pub const REDIS_DB_KEYS: MetricId = MetricId(16);
    /// `redis.db.expires`
    pub const REDIS_DB_EXPIRES: MetricId = MetricId(17);
    /// `redis.db.avg_ttl`
    pub const REDIS_DB_AVG_TTL: MetricId = MetricId(18);
    /// `redis.keys.evicted`
    pub const REDIS_KEYS_EVICTED: MetricId = MetricId(19);
    /// `redis.keys.expired`
    pub const REDIS_KEYS_EXPIRED: MetricId = MetricId(20);
    /// `redis.keyspace.hits`
    pub const REDIS_KEYSPACE_HITS: MetricId = MetricId(21);
    /// `redis.keyspace.misses`
    pub const REDIS_KEYSPACE_MISSES: MetricId = MetricId(22);
    /// `redis.latest_fork`
    pub const REDIS_LATEST_FORK: MetricId = MetricId(23);
    /// `redis.memory.used`
    pub const REDIS_MEMORY_USED: MetricId = MetricId(24);
    /// `redis.memory.peak`
    pub const REDIS_MEMORY_PEAK: MetricId = MetricId(25);
    /// `redis.memory.rss`
    pub const REDIS_MEMORY_RSS: MetricId = MetricId(26);
    /// `redis.memory.lua`
    pub const REDIS_MEMORY_LUA: MetricId = MetricId(27);
    /// `redis.memory.fragmentation_ratio`
    pub const REDIS_MEMORY_FRAGMENTATION_RATIO: MetricId = MetricId(28);
    /// `redis.net.input`
    pub const REDIS_NET_INPUT: MetricId = MetricId(29);
    /// `redis.net.output`
    pub const REDIS_NET_OUTPUT: MetricId = MetricId(30);
    /// `redis.rdb.changes_since_last_save`
    pub const REDIS_RDB_CHANGES_SINCE_LAST_SAVE: MetricId = MetricId(31);
    /// `redis.replication.backlog_first_byte_offset`
    pub const REDIS_REPLICATION_BACKLOG_FIRST_BYTE_OFFSET: MetricId = MetricId(32);
    /// `redis.replication.offset`
    pub const REDIS_REPLICATION_OFFSET: MetricId = MetricId(33);
    /// `redis.slaves.connected`
    pub const REDIS_SLAVES_CONNECTED: MetricId = MetricId(34);
    /// `redis.uptime`
    pub const REDIS_UPTIME: MetricId = MetricId(35);
    /// `redis.maxmemory`
    pub const REDIS_MAXMEMORY: MetricId = MetricId(36);
    /// `redis.role`
    pub const REDIS_ROLE: MetricId = MetricId(37);
    /// `redis.mode`
    pub const REDIS_MODE: MetricId = MetricId(38);
    /// `redis.cmd.calls`
    pub const REDIS_CMD_CALLS: MetricId = MetricId(39);
    /// `redis.cmd.usec`
    pub const REDIS_CMD_USEC: MetricId = MetricId(40);
    /// `redis.cmd.latency`
    pub const REDIS_CMD_LATENCY: MetricId = MetricId(41);
    /// `redis.replica.offset`
    pub const REDIS_REPLICA_OFFSET: MetricId = MetricId(42);
    /// `redis.memory.used_memory_overhead`
    pub const REDIS_MEMORY_USED_MEMORY_OVERHEAD: MetricId = MetricId(43);
    /// `redis.memory.used_memory_startup`
    pub const REDIS_MEMORY_USED_MEMORY_STARTUP: MetricId = MetricId(44);
    /// `redis.tracking_total_keys`
    pub const REDIS_TRACKING_TOTAL_KEYS: MetricId = MetricId(45);
    /// `redis.errors.replies`
    pub const REDIS_ERRORS_REPLIES: MetricId = MetricId(46);
    /// `redis.errors`
    pub const REDIS_ERRORS: MetricId = MetricId(47);
    /// `redis.replica.lag`
    pub const REDIS_REPLICA_LAG: MetricId = MetricId(48);
    /// `redis.persistence.loading`
    pub const REDIS_PERSISTENCE_LOADING: MetricId = MetricId(49);
    /// `redis.persistence.rdb.bgsave_in_progress`
    pub const REDIS_PERSISTENCE_RDB_BGSAVE_IN_PROGRESS: MetricId = MetricId(50);
    /// `redis.persistence.rdb.last_save_time`
    pub const REDIS_PERSISTENCE_RDB_LAST_SAVE_TIME: MetricId = MetricId(51);
    /// `redis.persistence.rdb.last_bgsave_ok`
    pub const REDIS_PERSISTENCE_RDB_LAST_BGSAVE_OK: MetricId = MetricId(52);
    /// `redis.persistence.aof.enabled`
    pub const REDIS_PERSISTENCE_AOF_ENABLED: MetricId = MetricId(53);
    /// `redis.persistence.aof.last_write_ok`
    pub const REDIS_PERSISTENCE_AOF_LAST_WRITE_OK: MetricId = MetricId(54);
    /// `redis.cluster.state`
    pub const REDIS_CLUSTER_STATE: MetricId = MetricId(55);
    /// `redis.cluster.slots_assigned`
    pub const REDIS_CLUSTER_SLOTS_ASSIGNED: MetricId = MetricId(56);
    /// `redis.cluster.slots_ok`
    pub const REDIS_CLUSTER_SLOTS_OK: MetricId = MetricId(57);
    /// `redis.cluster.slots_pfail`
    pub const REDIS_CLUSTER_SLOTS_PFAIL: MetricId = MetricId(58);
    /// `redis.cluster.slots_fail`
    pub const REDIS_CLUSTER_SLOTS_FAIL: MetricId = MetricId(59);
    /// `redis.cluster.known_nodes`
    pub const REDIS_CLUSTER_KNOWN_NODES: MetricId = MetricId(60);
    /// `redis.cluster.node.count`
    pub const REDIS_CLUSTER_NODE_COUNT: MetricId = MetricId(61);
    /// `redis.cluster.uptime`
    pub const REDIS_CLUSTER_UPTIME: MetricId = MetricId(62);
    /// `redis.cluster.node.uptime`
    pub const REDIS_CLUSTER_NODE_UPTIME: MetricId = MetricId(63);
    /// `redis.cluster.stats_messages_sent`
    pub const REDIS_CLUSTER_STATS_MESSAGES_SENT: MetricId = MetricId(64);
    /// `redis.cluster.stats_messages_received`
    pub const REDIS_CLUSTER_STATS_MESSAGES_RECEIVED: MetricId = MetricId(65);
    /// `redis.cluster.links_buffer_limit_exceeded.count`
    pub const REDIS_CLUSTER_LINKS_BUFFER_LIMIT_EXCEEDED_COUNT: MetricId = MetricId(66);
    /// `redis.sentinel.masters`
    pub const REDIS_SENTINEL_MASTERS: MetricId = MetricId(67);
    /// `redis.sentinel.running_scripts`
    pub const REDIS_SENTINEL_RUNNING_SCRIPTS: MetricId = MetricId(68);
    /// `redis.sentinel.scripts_queue_length`
    pub const REDIS_SENTINEL_SCRIPTS_QUEUE_LENGTH: MetricId = MetricId(69);
    /// `redis.sentinel.simulate_failure_flags`
    pub const REDIS_SENTINEL_SIMULATE_FAILURE_FLAGS: MetricId = MetricId(70);
    /// `redis.sentinel.tilt_since_seconds`
    pub const REDIS_SENTINEL_TILT_SINCE_SECONDS: MetricId = MetricId(71);
    /// `redis.sentinel.total_tilt`
    pub const REDIS_SENTINEL_TOTAL_TILT: MetricId = MetricId(72);
}
