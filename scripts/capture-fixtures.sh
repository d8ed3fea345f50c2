#!/usr/bin/env bash
# Capture real `INFO all` replies from the Redis servers installed by setup-deps.sh
# and store them, byte for byte (CRLF line endings as Redis sends them), as test
# fixtures:
#
#   crates/redis-otel-receiver/tests/fixtures/info/redis-<version>.txt
#
# Each server runs on a free loopback port in its own temp dir, with persistence
# off, gets a little state (keys with and without TTL in db0 and db3, a few
# commands, a few errors, a pub/sub subscriber and a blocked client) so that the
# Clients, Stats, Commandstats, Errorstats, Latencystats (7.x) and Keyspace
# sections are populated, and is shut down afterwards.
#
# redis-cli is not used for the capture because it turns CRLF into LF; a small
# Python RESP client reads the bulk string off the socket instead.
#
# Usage: scripts/capture-fixtures.sh   (REDIS_SERVER_6 / REDIS_SERVER_7 may be preset)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
OUT_DIR="$REPO_ROOT/crates/redis-otel-receiver/tests/fixtures/info"

log() { printf 'capture-fixtures: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ -z "${REDIS_SERVER_6:-}" ] || [ -z "${REDIS_SERVER_7:-}" ]; then
    eval "$("$SCRIPT_DIR/setup-deps.sh")"
fi
command -v python3 >/dev/null 2>&1 || die "python3 is required"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/redis-otel-capture.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The RESP client: seeds state, writes the raw INFO all payload, shuts the server down.
cat >"$WORK/capture.py" <<'PY'
import socket, sys, time

port, out_path, expect_version = int(sys.argv[1]), sys.argv[2], sys.argv[3]

def connect():
    deadline = time.time() + 10
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            return s, s.makefile("rb")
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)

def encode(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(parts)

def read_reply(f):
    line = f.readline()
    if not line.endswith(b"\r\n"):
        raise IOError("connection closed")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        return RuntimeError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)
        if len(data) != n + 2 or data[-2:] != b"\r\n":
            raise IOError("short bulk string")
        return data[:-2]          # exact bytes, CRs included
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [read_reply(f) for _ in range(n)]
    raise IOError("unexpected RESP type %r" % line)

def call(conn, *args, ok_error=False):
    s, f = conn
    s.sendall(encode(*args))
    r = read_reply(f)
    if isinstance(r, RuntimeError) and not ok_error:
        raise r
    return r

main = connect()
for _ in range(100):                       # wait until the server accepts commands
    r = call(main, "PING", ok_error=True)
    if r == "PONG":
        break
    time.sleep(0.05)
call(main, "CLIENT", "SETNAME", "fixture-capture")

# db0: plain keys, keys with TTL, a few types
call(main, "SELECT", 0)
for i in range(5):
    call(main, "SET", "user:%d" % i, "value-%d" % i)
call(main, "SET", "session:a", "x", "EX", 3600)
call(main, "SET", "session:b", "y", "PX", 7200000)
call(main, "HSET", "profile:1", "name", "ada", "lang", "rust")
call(main, "RPUSH", "queue", "a", "b", "c")
call(main, "SADD", "tags", "redis", "otel")
call(main, "ZADD", "scores", 1, "a", 2, "b")
call(main, "INCRBY", "counter", 42)
call(main, "EXPIRE", "counter", 86400)
call(main, "SET", "short-lived", "z", "PX", 1)
time.sleep(0.05)
call(main, "GET", "short-lived")          # expired -> expired_keys, keyspace_misses
call(main, "GET", "user:1")               # keyspace_hits
call(main, "GET", "no-such-key")          # keyspace_misses
call(main, "MGET", "user:2", "user:3", "nope")
call(main, "LRANGE", "queue", 0, -1)
call(main, "HGETALL", "profile:1")
call(main, "DEL", "user:4")

# db3: a few keys, most with TTL
call(main, "SELECT", 3)
call(main, "SET", "cache:1", "a", "EX", 600)
call(main, "SET", "cache:2", "b", "EX", 1200)
call(main, "SET", "cache:3", "c")
call(main, "SELECT", 0)

# errors -> Errorstats (and total_error_replies on 7.x)
call(main, "NOSUCHCOMMAND", "arg", ok_error=True)             # errorstat_ERR
call(main, "LPUSH", "user:0", "x", ok_error=True)             # errorstat_WRONGTYPE
call(main, "GET", ok_error=True)                              # wrong arity, errorstat_ERR
call(main, "INCR", "user:0", ok_error=True)                   # not an integer, errorstat_ERR

# a pub/sub subscriber and a blocked client on their own connections
sub = connect()
sub[0].sendall(encode("SUBSCRIBE", "events"))
read_reply(sub[1])                           # subscription confirmed
blk = connect()
blk[0].sendall(encode("BLPOP", "never-pushed", 0))
call(main, "PUBLISH", "events", "hello")
for _ in range(200):
    if b"blocked_clients:1\r\n" in call(main, "INFO", "clients"):
        break
    time.sleep(0.01)
else:
    raise SystemExit("blocked client never showed up")

time.sleep(0.3)            # let a few expire cycles (hz 10) sample TTLs for avg_ttl
info = call(main, "INFO", "all")
assert isinstance(info, bytes), info
if b"\r\nredis_version:%s\r\n" % expect_version.encode() not in info:
    raise SystemExit("server is not redis %s" % expect_version)
# Fixtures are committed: keep this machine's paths out of them.
import re
info = re.sub(rb"\r\n(executable|config_file):[^\r]*", rb"\r\n\1:/usr/local/bin/redis-server", info)
with open(out_path, "wb") as fh:
    fh.write(info)

main[0].sendall(encode("SHUTDOWN", "NOSAVE"))
try:
    read_reply(main[1])
except (IOError, OSError):
    pass                                     # connection closes on shutdown
PY

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

capture() {
    local server="$1" version="$2"
    local dir="$WORK/$version" out="$OUT_DIR/redis-$version.txt" port attempt
    mkdir -p "$dir"
    "$server" --version | grep -q "v=$version " ||
        die "$server is not redis $version: $("$server" --version)"
    for attempt in 1 2 3; do
        port="$(free_port)"
        log "redis $version on 127.0.0.1:$port (attempt $attempt)"
        (cd "$dir" && exec "$server" --port "$port" --bind 127.0.0.1 --save '' \
            --appendonly no --daemonize no --dir "$dir" --logfile "$dir/server.log") &
        SERVER_PID=$!
        # Port race: another process may grab the port between free_port and bind.
        sleep 0.2
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            break
        fi
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    done
    [ -n "$SERVER_PID" ] || { cat "$dir/server.log" >&2 || true; die "redis $version did not start"; }

    if ! python3 "$WORK/capture.py" "$port" "$out.tmp" "$version"; then
        cat "$dir/server.log" >&2 || true
        die "capture from redis $version failed"
    fi
    mv "$out.tmp" "$out"
    wait "$SERVER_PID" 2>/dev/null || true    # exits after SHUTDOWN NOSAVE
    SERVER_PID=""
    log "wrote ${out#"$REPO_ROOT"/} ($(wc -c <"$out") bytes)"
}

mkdir -p "$OUT_DIR"
capture "$REDIS_SERVER_7" "$("$REDIS_SERVER_7" --version | sed -n 's/.*v=\([0-9.]*\) .*/\1/p')"
capture "$REDIS_SERVER_6" 6.2.14
