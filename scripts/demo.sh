#!/usr/bin/env bash
# `make run`: a real Redis, the real OpenTelemetry Collector (otelcol-config/gateway.yaml)
# and the redis-otel agent between them, all on free loopback ports. A few clients sit on
# Redis (one blocked in BLPOP); every 5 seconds the demo prints what the collector
# exposes for Prometheus, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${REDIS_SERVER_7:=redis-server}"
scripts/build-collector.sh
cargo build --locked -q -p redis-otel

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(free_port); otlp_port=$(free_port); prom_port=$(free_port)
dir=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 0' INT TERM

"$REDIS_SERVER_7" --port "$redis_port" --bind 127.0.0.1 --save '' --dir "$dir" >"$dir/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done
# One process holds 3 idle connections and one blocked in BLPOP.
python3 - "$redis_port" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
blocked = socket.create_connection(("127.0.0.1", port))
blocked.sendall(b"*3\r\n$5\r\nBLPOP\r\n$10\r\ndemo:queue\r\n$1\r\n0\r\n")
time.sleep(86400)
PY
pids+=($!)

OTLP_GRPC_PORT=$otlp_port PROM_PORT=$prom_port \
  target/otelcol/otelcol-redis --config otelcol-config/gateway.yaml >"$dir/collector.log" 2>&1 &
pids+=($!)
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $otlp_port), 1)" 2>/dev/null; do sleep 0.1; done

REDIS_ENDPOINT=127.0.0.1:$redis_port OTLP_ENDPOINT=127.0.0.1:$otlp_port \
  target/debug/redis-otel run --config otelcol-config/agent.yaml --log-level info >"$dir/agent.log" 2>&1 &
pids+=($!)

cat >&2 <<MSG
redis-server        127.0.0.1:$redis_port  (3 idle clients, 1 blocked in BLPOP)
collector (OTLP)    127.0.0.1:$otlp_port   logs: $dir/collector.log
collector (Prom)    http://127.0.0.1:$prom_port/metrics
redis-otel agent    logs: $dir/agent.log
Ctrl-C to stop.
MSG
while true; do
  sleep 5
  echo "---- $(date +%T) what the collector exposes (http://127.0.0.1:$prom_port/metrics)"
  python3 - "$prom_port" <<'PY' || true
import sys, urllib.request
body = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=3).read().decode()
keep = ("redis_up", "redis_clients_connected", "redis_clients_blocked", "redis_clients_max",
        "redis_clients_utilization", "redis_connections_received", "redis_memory_used")
for line in body.splitlines():
    if line.startswith(keep):
        name, value = line.rsplit(" ", 1)
        print(f"  {name.split('{')[0]:<40} {value}")
PY
  grep -E "data points" "$dir/collector.log" | tail -1 | sed -E 's/.*("resource metrics".*)/  collector debug exporter: \1/' || true
done
