#!/usr/bin/env bash
# Side by side on one fresh Redis 7.0: `redis-benchmark -n 10000 INFO` (50 clients and 1
# client) against 10,000 sequential redis-otel scrapes (INFO all + parse + extract +
# publish) over the receiver's one persistent connection. Prints both and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup-deps.sh)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
"$REDIS_SERVER_7" --port "$port" --bind 127.0.0.1 --save '' --dir "$dir" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done

cargo build --release --locked -q -p redis-otel-receiver --bench scrape_latency
bench50=$(redis-benchmark -p "$port" -n 10000 -q INFO | tr '\r' '\n' | grep -E 'requests per second' | tail -1)
bench1=$(redis-benchmark -p "$port" -n 10000 -c 1 -q INFO | tr '\r' '\n' | grep -E 'requests per second' | tail -1)
bench1all=$(redis-benchmark -p "$port" -n 10000 -c 1 -q INFO all | tr '\r' '\n' | grep -E 'requests per second' | tail -1)
ours=$(REDIS_BENCH_ENDPOINT="127.0.0.1:$port" REDIS_BENCH_N=10000 cargo bench --locked -q -p redis-otel-receiver --bench scrape_latency 2>/dev/null | grep 'redis-otel scrape')
echo "redis-benchmark -n 10000 INFO (50 clients): $bench50"
echo "redis-benchmark -n 10000 -c 1 INFO:         $bench1"
echo "redis-benchmark -n 10000 -c 1 INFO all:     $bench1all"
echo "$ours"
python3 - "$bench1" "$bench1all" "$ours" <<'PY'
import re, sys
rate = lambda s: float(re.search(r'([\d.]+) requests per second', s).group(1))
ours = float(re.search(r'rate=([\d.]+)/s', sys.argv[3]).group(1))
print(f"ratio redis-otel scrapes/s / redis-benchmark -c 1 INFO req/s:     {ours/rate(sys.argv[1]):.2f}")
print(f"ratio redis-otel scrapes/s / redis-benchmark -c 1 INFO all req/s: {ours/rate(sys.argv[2]):.2f}")
PY
