#!/usr/bin/env bash
# `make run`: a real Redis on a free loopback port, a few clients on it (one blocked in
# BLPOP), and redis-otel's view of it every 5 seconds, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${REDIS_SERVER_7:=redis-server}"
cargo build --locked -q -p redis-otel
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
"$REDIS_SERVER_7" --port "$port" --bind 127.0.0.1 --save '' --dir "$dir" >"$dir/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done
echo "redis-server on 127.0.0.1:$port; adding 3 idle clients and 1 blocked in BLPOP" >&2
for _ in 1 2 3; do sleep 3600 | redis-cli -p "$port" >/dev/null 2>&1 & pids+=($!); done
redis-cli -p "$port" BLPOP demo:queue 0 >/dev/null 2>&1 & pids+=($!)
redis-cli -p "$port" SET demo:key hello >/dev/null
while true; do
  echo "---- $(date +%T) redis-otel scrape --endpoint 127.0.0.1:$port"
  target/debug/redis-otel scrape --endpoint "127.0.0.1:$port" || true
  sleep 5
done
