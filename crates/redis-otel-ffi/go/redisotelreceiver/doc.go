// Package redisotelreceiver is the redis-otel receiver as an OpenTelemetry Collector
// component (type `redisotel`): it embeds libredis_otel (the Rust receiver behind a C
// ABI) through cgo, so a custom collector build gets redis-otel's metrics in-process
// — no sidecar, no network hop.
//
// The configuration takes the keys of the Collector Contrib `redis` receiver
// (endpoint, transport, username, password, tls, collection_interval, initial_delay,
// timeout, metrics, resource_attributes) plus redis-otel's `endpoints`. The scrape loop
// is the collector's own (scraperhelper); each scrape calls
// redis_otel_receiver_collect, copies the OTLP protobuf bytes into Go memory
// (C.GoBytes), frees the library's buffer and unmarshals with
// pmetric.ProtoUnmarshaler.
//
// Building: cgo must be on (OCB: `dist.cgo_enabled: true`) and the linker must find
// libredis_otel.so, e.g.
//
//	CGO_LDFLAGS="-L/path/to/lib -Wl,-rpath,\$ORIGIN" go build
//
// with the library copied next to the binary. Without cgo the package still
// compiles; the receiver then fails at start with an error that says so.
package redisotelreceiver // import "github.com/redis-otel/redis-otel/crates/redis-otel-ffi/go/redisotelreceiver"
