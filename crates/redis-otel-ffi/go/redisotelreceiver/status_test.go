package redisotelreceiver

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/protobuf/encoding/protowire"
)

func target(endpoint string, up bool, lastError string) []byte {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, endpoint)
	b = protowire.AppendTag(b, 2, protowire.BytesType) // receiver: skipped
	b = protowire.AppendString(b, "redis")
	if up {
		b = protowire.AppendTag(b, 3, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
	}
	b = protowire.AppendTag(b, 4, protowire.BytesType)
	b = protowire.AppendString(b, lastError)
	b = protowire.AppendTag(b, 7, protowire.VarintType) // scrapes: skipped
	b = protowire.AppendVarint(b, 12)
	return b
}

func response(targets ...[]byte) []byte {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, "0.1.0")
	for _, t := range targets {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, t)
	}
	return b
}

func TestParseStatus(t *testing.T) {
	got, err := parseStatus(response(target("a:1", true, ""), target("b:2", false, "b:2: connection refused")))
	require.NoError(t, err)
	assert.Equal(t, []targetStatus{{"a:1", true, ""}, {"b:2", false, "b:2: connection refused"}}, got)

	_, err = parseStatus([]byte{0x12, 0x05, 0x0a})
	assert.Error(t, err, "truncated input is an error, not a panic")
}

func TestUpTrackerLogsChangesOnce(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	u := upTracker{logger: zap.New(core)}
	u.observe([]targetStatus{{"a:1", false, "a:1: connection refused"}, {"b:2", true, ""}})
	u.observe([]targetStatus{{"a:1", false, "a:1: connection refused"}, {"b:2", true, ""}})
	u.observe([]targetStatus{{"a:1", true, ""}, {"b:2", true, ""}})
	entries := logs.AllUntimed()
	require.Len(t, entries, 2)
	assert.Equal(t, "Redis target is down", entries[0].Message)
	assert.Equal(t, "a:1: connection refused", entries[0].ContextMap()["error"])
	assert.Equal(t, "Redis target is up again", entries[1].Message)
	assert.Equal(t, "a:1", entries[1].ContextMap()["endpoint"])
}

func TestMayBeDownReadsRedisUp(t *testing.T) {
	withUp := func(values ...int64) pmetric.Metrics {
		md := pmetric.NewMetrics()
		for _, v := range values {
			m := md.ResourceMetrics().AppendEmpty().ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
			m.SetName("redis.up")
			m.SetEmptyGauge().DataPoints().AppendEmpty().SetIntValue(v)
		}
		return md
	}
	assert.False(t, mayBeDown(withUp(1, 1)), "all up: no status call")
	assert.True(t, mayBeDown(withUp(1, 0)))
	assert.True(t, mayBeDown(pmetric.NewMetrics()), "redis.up switched off: only the status can tell")
}
