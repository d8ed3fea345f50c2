#!/usr/bin/env bash
# RSS and CPU of the custom collector (target/otelcol/otelcol-redis) scraping one real
# Redis with redis-otel's embedded receiver (`redisotel`) versus Collector Contrib's
# `redis` receiver: the same collector binary, the same block, the same file exporter,
# one receiver at a time, one after the other in one run.
#
#   scripts/measure-collector.sh [seconds=60] [collection_interval=1s]
#
# Three runs: `redisotel` with its defaults, `redisotel` with contrib's metric set (its
# five extra capacity metrics switched off, so both export the same points), and
# contrib's `redis`. Prints, per run: RSS at the end and its peak (VmHWM), CPU time
# used during the measured window (after a 5 s warm-up) as a share of one core, data
# points exported; then the ratios to contrib.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
secs=${1:-60}; interval=${2:-1s}; warmup=5
eval "$(scripts/setup-deps.sh)"
scripts/build-collector.sh

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dir=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(free_port)
"$REDIS_SERVER_7" --port "$port" --bind 127.0.0.1 --save '' --appendonly no >"$dir/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
# Some keys and clients so INFO has something in every section.
redis-cli -p "$port" debug populate 10000 >/dev/null

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # label receiver-type [extra lines of the block]
    local label=$1 kind=$2 extra=${3:-} out="$dir/$1.jsonl"
    cat >"$dir/$label.yaml" <<YAML
receivers:
  $kind:
    endpoint: 127.0.0.1:$port
    collection_interval: $interval
$extra
exporters:
  file: { path: "$out" }
service:
  telemetry: { metrics: { level: none }, logs: { level: warn } }
  pipelines: { metrics: { receivers: [$kind], exporters: [file] } }
YAML
    target/otelcol/otelcol-redis --config "$dir/$label.yaml" >"$dir/$label.log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    sleep "$warmup"
    local t0; t0=$(cpu_ticks "$pid")
    sleep "$secs"
    local t1; t1=$(cpu_ticks "$pid")
    local rss hwm points
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    points=$(grep -o '"timeUnixNano"' "$out" | wc -l)
    local cpu; cpu=$(awk -v d=$((t1 - t0)) -v hz="$ticks" -v s="$secs" 'BEGIN { printf "%.2f", 100 * d / hz / s }')
    printf '%-18s RSS %7d KiB  peak %7d KiB  CPU %5s%% of a core  %6d points\n' "$label" "$rss" "$hwm" "$cpu" "$points"
    echo "$label $rss $hwm $cpu" >>"$dir/results"
}

echo "collector: target/otelcol/otelcol-redis, ${secs}s per receiver after ${warmup}s warm-up, collection_interval $interval"
off() { printf '      %s: { enabled: false }\n' "$@"; }
measure redisotel redisotel
measure redisotel-same-set redisotel "    metrics:
$(off redis.clients.max redis.clients.utilization redis.clients.disconnections redis.up redis.scrape.duration)"
measure contrib redis
awk '{ rss[$1] = $2; hwm[$1] = $3; cpu[$1] = $4; order[NR] = $1 }
     END { for (i = 1; i < NR; i++) { k = order[i];
             printf "ratio %s/contrib: RSS %.2f  peak %.2f  CPU %.2f\n", k,
               rss[k] / rss["contrib"], hwm[k] / hwm["contrib"],
               (cpu["contrib"] > 0 ? cpu[k] / cpu["contrib"] : 0) } }' "$dir/results"
