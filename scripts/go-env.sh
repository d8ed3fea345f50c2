# Sourced by the scripts that run Go (build-collector.sh, test-go.sh): finds the go
# command and keeps all Go state under target/ so a clean clone needs nothing
# beforehand and `rm -rf target` removes it:
#   GOCACHE=target/go-cache  GOMODCACHE=target/go-mod  GOFLAGS=-modcacherw
# Modules come from the Go module proxy only (the go command's defaults).
# Expects ROOT (the repository root) to be set.

# The go command: PATH first, then the Go tarball's standard install location.
if ! command -v go >/dev/null 2>&1; then
    if [[ -n "${GOROOT:-}" && -x "$GOROOT/bin/go" ]]; then
        PATH="$GOROOT/bin:$PATH"
    elif [[ -x /usr/local/go/bin/go ]]; then
        PATH="/usr/local/go/bin:$PATH"
    else
        printf 'go not found (need Go >= 1.26.0 on PATH)\n' >&2
        exit 1
    fi
fi

export GOCACHE="$ROOT/target/go-cache"
export GOMODCACHE="$ROOT/target/go-mod"
export GOFLAGS=-modcacherw
# go.mod says go 1.26.0: the machine's Go 1.26.x builds it; never fetch a toolchain
# unless the caller asks for one explicitly (e.g. GOTOOLCHAIN=go1.27.3).
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

# The Go collector component (cgo) and where its library is built.
GO_COMPONENT=crates/redis-otel-ffi/go/redisotelreceiver
