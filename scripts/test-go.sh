#!/usr/bin/env bash
# gofmt, go vet and go test of the redisotel collector component
# (crates/redis-otel-ffi/go/redisotelreceiver):
#   - with cgo, linked against the debug libredis_otel.so (its tests scrape a real
#     redis-server: $REDIS_SERVER_7, else redis-server on PATH);
#   - without cgo, where the package must still build and refuse to start with a
#     message that says why.
# Run through `make test` (or `make test-go`), which sets up the servers.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=go-env.sh
source "$ROOT/scripts/go-env.sh"

cargo build --locked -p redis-otel-ffi >&2
cd "$GO_COMPONENT"
unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then
    printf 'gofmt: not formatted: %s\n' "$unformatted" >&2
    exit 1
fi
export CGO_LDFLAGS="-L$ROOT/target/debug -Wl,-rpath,$ROOT/target/debug"
CGO_ENABLED=1 go vet ./...
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
CGO_ENABLED=1 go test -count=1 -v ./... >"$log" 2>&1 || status=$?
# One line per test (and every failure's details); the whole log when it failed.
if (( status )); then cat "$log"; exit "$status"; fi
grep -E '^\s*--- |^ok ' "$log"
CGO_ENABLED=0 go vet ./...
CGO_ENABLED=0 go test -count=1 ./...
