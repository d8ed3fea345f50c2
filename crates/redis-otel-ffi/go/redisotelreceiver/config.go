package redisotelreceiver

import (
	"encoding/json"
	"errors"
	"regexp"
	"time"

	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/scraper/scraperhelper"
)

// Config is one receiver block: the keys of the Collector Contrib `redis` receiver.
// Nested blocks (tls, metrics, resource_attributes) are handed to the library as they
// are; it validates them against the metric catalog.
type Config struct {
	scraperhelper.ControllerConfig `mapstructure:",squash"`

	// Endpoint is host:port, or a socket path with transport unix.
	Endpoint string `mapstructure:"endpoint"`
	// Endpoints are more targets with the same settings (redis-otel extension).
	Endpoints []string `mapstructure:"endpoints"`
	// Transport is tcp (default) or unix.
	Transport string `mapstructure:"transport"`
	// Username is the ACL user (Redis >= 6).
	Username string `mapstructure:"username"`
	// Password for AUTH.
	Password configopaque.String `mapstructure:"password"`
	// TLS takes contrib's client TLS keys (insecure, ca_file, cert_file, key_file, ...).
	TLS map[string]any `mapstructure:"tls"`
	// Dialer takes contrib's dialer keys (timeout: the connect timeout).
	Dialer map[string]any `mapstructure:"dialer"`
	// Metrics switches metrics on and off: `redis.cmd.calls: {enabled: true}`.
	Metrics map[string]any `mapstructure:"metrics"`
	// ResourceAttributes switches resource attributes on and off.
	ResourceAttributes map[string]any `mapstructure:"resource_attributes"`
}

func createDefaultConfig() *Config {
	scs := scraperhelper.NewDefaultControllerConfig()
	scs.CollectionInterval = 10 * time.Second
	return &Config{ControllerConfig: scs, Transport: "tcp"}
}

// libraryBlock is the block the library parses: the same keys, durations in Go syntax,
// as JSON (which YAML parsers read).
func (c *Config) libraryBlock() (string, error) {
	block := map[string]any{
		"collection_interval": c.CollectionInterval.String(),
		"initial_delay":       c.InitialDelay.String(),
	}
	if c.Timeout > 0 {
		block["timeout"] = c.Timeout.String()
	}
	set := func(key string, v any, present bool) {
		if present {
			block[key] = v
		}
	}
	set("endpoint", c.Endpoint, c.Endpoint != "")
	set("endpoints", c.Endpoints, len(c.Endpoints) > 0)
	set("transport", c.Transport, c.Transport != "")
	set("username", c.Username, c.Username != "")
	set("password", string(c.Password), c.Password != "")
	set("tls", c.TLS, c.TLS != nil)
	set("dialer", c.Dialer, c.Dialer != nil)
	set("metrics", c.Metrics, c.Metrics != nil)
	set("resource_attributes", c.ResourceAttributes, c.ResourceAttributes != nil)
	text, err := json.Marshal(block)
	return string(text), err
}

// errNoCgo is what every use of the library reports in a CGO_ENABLED=0 build.
var errNoCgo = errors.New("redisotel: this collector was built without cgo; " +
	"the redisotel receiver embeds libredis_otel and needs CGO_ENABLED=1 (OCB: dist.cgo_enabled: true)")

// The library's messages end in the line of the JSON block it was given, which is not
// a line of the user's file.
var blockLine = regexp.MustCompile(` \(line \d+\)$`)

// Validate checks the block the way the receiver will use it: the library parses and
// validates it (endpoints, intervals, metric names, TLS files) without connecting.
func (c *Config) Validate() error {
	if c.Endpoint == "" && len(c.Endpoints) == 0 {
		return errors.New("endpoint: is required (host:port)")
	}
	text, err := c.libraryBlock()
	if err != nil {
		return err
	}
	h, err := newHandle(text)
	if err != nil {
		if errors.Is(err, errNoCgo) {
			return err
		}
		return errors.New(blockLine.ReplaceAllString(err.Error(), ""))
	}
	h.free()
	return nil
}
