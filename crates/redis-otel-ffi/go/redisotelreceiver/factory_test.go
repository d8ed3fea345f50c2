//go:build cgo

package redisotelreceiver

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestFactoryTypeAndDefaults(t *testing.T) {
	f := NewFactory()
	assert.Equal(t, "redisotel", f.Type().String())
	cfg := f.CreateDefaultConfig().(*Config)
	assert.Equal(t, 10*time.Second, cfg.CollectionInterval)
	assert.EqualError(t, confmap.Validate(cfg), "endpoint: is required (host:port)")
}

// The contrib block works unchanged, and reaches the library with the same keys.
func TestContribBlockUnchanged(t *testing.T) {
	t.Setenv("REDIS_PASSWORD", "s3cret")
	raw, err := os.ReadFile(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	text := strings.ReplaceAll(string(raw), "${env:REDIS_PASSWORD}", os.Getenv("REDIS_PASSWORD"))
	conf, err := confmap.NewRetrievedFromYAML([]byte(text))
	require.NoError(t, err)
	all, err := conf.AsConf()
	require.NoError(t, err)
	sub, err := all.Sub("redisotel")
	require.NoError(t, err)

	cfg := createDefaultConfig()
	require.NoError(t, sub.Unmarshal(cfg))
	require.NoError(t, confmap.Validate(cfg))
	assert.Equal(t, 5*time.Second, cfg.CollectionInterval)
	assert.Equal(t, "s3cret", string(cfg.Password))

	block, err := cfg.libraryBlock()
	require.NoError(t, err)
	for _, want := range []string{`"endpoint":"localhost:6379"`, `"collection_interval":"5s"`,
		`"password":"s3cret"`, `"redis.cmd.calls":{"enabled":true}`, `"tls":{"insecure":true}`, `"dialer":{"timeout":"2s"}`} {
		assert.Contains(t, block, want)
	}
}

// Bad settings fail at collector start, each naming its key, through the C ABI.
func TestValidationErrorsNameTheKey(t *testing.T) {
	cases := map[string]struct {
		edit func(*Config)
		want string
	}{
		"interval below the library's floor": {
			func(c *Config) { c.CollectionInterval = time.Millisecond },
			"collection_interval: must be at least 100ms, got 1ms",
		},
		"unknown metric": {
			func(c *Config) { c.Metrics = map[string]any{"redis.nope": map[string]any{"enabled": true}} },
			"metrics.redis.nope: unknown metric (see docs/metrics.md)",
		},
		"endpoint without a port": {
			func(c *Config) { c.Endpoint = "localhost" },
			"endpoint",
		},
		"unknown tls key": {
			func(c *Config) { c.TLS = map[string]any{"ca_fil": "x"} },
			"unknown field `ca_fil`",
		},
		"bad transport": {
			func(c *Config) { c.Transport = "udp" },
			"udp",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := createDefaultConfig()
			cfg.Endpoint = "127.0.0.1:6379"
			tc.edit(cfg)
			err := confmap.Validate(cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotRegexp(t, `\(line \d+\)`, err.Error(), "lines of the internal block are not the user's")
		})
	}
}

func TestShutdownWithoutStart(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Endpoint = "127.0.0.1:1"
	r, err := NewFactory().CreateMetrics(context.Background(), receivertest.NewNopSettings(componentType), cfg, consumertest.NewNop())
	require.NoError(t, err)
	require.NoError(t, r.Shutdown(context.Background()))
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startRedis runs a real redis-server ($REDIS_SERVER_7, else redis-server on PATH).
func startRedis(t *testing.T) string {
	bin := os.Getenv("REDIS_SERVER_7")
	if bin == "" {
		bin = "redis-server"
	}
	port := freePort(t)
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	require.NoError(t, cmd.Start(), "redis-server (make test installs it)")
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 10*time.Second, 20*time.Millisecond)
	return addr
}

// gauge finds the value of a gauge in the metrics, or reports false.
func gauge(md pmetric.Metrics, name string) (float64, bool) {
	for i := 0; i < md.ResourceMetrics().Len(); i++ {
		sms := md.ResourceMetrics().At(i).ScopeMetrics()
		for j := 0; j < sms.Len(); j++ {
			ms := sms.At(j).Metrics()
			for k := 0; k < ms.Len(); k++ {
				m := ms.At(k)
				if m.Name() != name || m.Type() != pmetric.MetricTypeGauge || m.Gauge().DataPoints().Len() == 0 {
					continue
				}
				p := m.Gauge().DataPoints().At(0)
				if p.ValueType() == pmetric.NumberDataPointValueTypeInt {
					return float64(p.IntValue()), true
				}
				return p.DoubleValue(), true
			}
		}
	}
	return 0, false
}

// The component against a real Redis: start, scrape on its interval into the next
// consumer, shut down cleanly; a second, unreachable target is data (redis.up 0).
func TestScrapesARealRedis(t *testing.T) {
	addr := startRedis(t)
	held := make([]net.Conn, 3)
	for i := range held {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		_, err = c.Write([]byte("PING\r\n"))
		require.NoError(t, err)
		buf := make([]byte, 16)
		_, err = c.Read(buf)
		require.NoError(t, err)
		held[i] = c
		defer c.Close()
	}

	cfg := createDefaultConfig()
	cfg.Endpoint = addr
	cfg.CollectionInterval = 200 * time.Millisecond
	cfg.InitialDelay = 0
	require.NoError(t, confmap.Validate(cfg))
	sink := new(consumertest.MetricsSink)
	r, err := NewFactory().CreateMetrics(context.Background(), receivertest.NewNopSettings(componentType), cfg, sink)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	require.Eventually(t, func() bool { return len(sink.AllMetrics()) >= 2 }, 15*time.Second, 20*time.Millisecond)
	require.NoError(t, r.Shutdown(context.Background()))

	md := sink.AllMetrics()[len(sink.AllMetrics())-1]
	up, ok := gauge(md, "redis.up")
	require.True(t, ok, "redis.up present")
	assert.Equal(t, 1.0, up)
	connected, ok := gauge(md, "redis.clients.connected")
	require.True(t, ok)
	assert.Equal(t, 4.0, connected, "three held connections and the receiver's own")
	attrs := md.ResourceMetrics().At(0).Resource().Attributes()
	host, _ := attrs.Get("server.address")
	assert.Equal(t, "127.0.0.1", host.Str())

	// Shutdown closed the library's connection: only the three held ones are left.
	require.Eventually(t, func() bool { return connectedClients(t, held[0]) == 3 }, 5*time.Second, 50*time.Millisecond)
}

// connectedClients asks the server over an open connection (INFO clients).
func connectedClients(t *testing.T, c net.Conn) int {
	_, err := c.Write([]byte("INFO clients\r\n"))
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(2*time.Second)))
	buf := make([]byte, 4096)
	n, err := c.Read(buf)
	require.NoError(t, err)
	for _, line := range strings.Split(string(buf[:n]), "\r\n") {
		var v int
		if _, err := fmt.Sscanf(line, "connected_clients:%d", &v); err == nil {
			return v
		}
	}
	t.Fatalf("no connected_clients in %q", buf[:n])
	return 0
}

func TestUnreachableRedisIsDataNotAnError(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Endpoint = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	cfg.CollectionInterval = 200 * time.Millisecond
	cfg.InitialDelay = 0
	sink := new(consumertest.MetricsSink)
	settings := receivertest.NewNopSettings(componentType)
	core, logs := observer.New(zap.WarnLevel)
	settings.Logger = zap.New(core)
	r, err := NewFactory().CreateMetrics(context.Background(), settings, cfg, sink)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, r.Shutdown(context.Background())) }()
	require.Eventually(t, func() bool { return len(sink.AllMetrics()) >= 3 }, 10*time.Second, 20*time.Millisecond)
	// The log says why, once, not every scrape.
	down := logs.FilterMessage("Redis target is down").AllUntimed()
	require.Len(t, down, 1)
	assert.Equal(t, cfg.Endpoint, down[0].ContextMap()["endpoint"])
	assert.Contains(t, down[0].ContextMap()["error"], cfg.Endpoint)
	up, ok := gauge(sink.AllMetrics()[0], "redis.up")
	require.True(t, ok)
	assert.Equal(t, 0.0, up)
	_, ok = gauge(sink.AllMetrics()[0], "redis.clients.connected")
	assert.False(t, ok, "no stale values for a target that is down")
}
