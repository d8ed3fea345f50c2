#!/usr/bin/env bash
# Measures the release agent against N fake targets (scripts/fake-redis.py) and the real
# collector: steady RSS, and export requests per collection interval.
#   scripts/measure-agent.sh 1000 [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1}; secs=${2:-30}; interval=5
scripts/build-collector.sh
cargo build --release --locked -q -p redis-otel
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dir=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"' EXIT
ulimit -n 65536 2>/dev/null || true
python3 scripts/fake-redis.py "$n" crates/redis-otel-receiver/tests/fixtures/info/redis-7.0.15.txt >"$dir/ports" &
pids+=($!)
until [ "$(wc -l <"$dir/ports")" -ge "$n" ]; do sleep 0.1; done
otlp=$(free_port)
cat >"$dir/collector.yaml" <<YAML
receivers: { otlp: { protocols: { grpc: { endpoint: "127.0.0.1:$otlp" } } } }
exporters: { debug: { verbosity: basic } }
service:
  telemetry: { metrics: { level: none } }
  pipelines: { metrics: { receivers: [otlp], exporters: [debug] } }
YAML
target/otelcol/otelcol-redis --config "$dir/collector.yaml" >"$dir/collector.log" 2>&1 &
pids+=($!)
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $otlp), 1)" 2>/dev/null; do sleep 0.1; done
{
  echo "receivers:"
  echo "  redis:"
  echo "    collection_interval: ${interval}s"
  echo "    initial_delay: 0s"
  echo "    endpoints:"
  sed 's/^/      - 127.0.0.1:/' "$dir/ports"
  echo "exporters: { otlp: { endpoint: \"127.0.0.1:$otlp\", tls: { insecure: true } } }"
} >"$dir/agent.yaml"
target/release/redis-otel run --config "$dir/agent.yaml" --log-level info >"$dir/agent.log" 2>&1 &
agent=$!; pids+=($agent)
sleep "$secs"
rss=$(awk '/VmRSS/ {print $2}' /proc/$agent/status); hwm=$(awk '/VmHWM/ {print $2}' /proc/$agent/status)
kill -TERM $agent; wait $agent || true
totals=$(grep "exporter totals" "$dir/agent.log" | sed -E 's/.*exporter totals //')
requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$totals")
intervals=$(( secs / interval + 1 ))
echo "targets=$n seconds=$secs rss_kib=$rss peak_rss_kib=$hwm $totals"
echo "export requests per interval: $(python3 -c "print(round($requests / $intervals, 2))") ($requests requests over ~$intervals collections incl. the final flush)"
