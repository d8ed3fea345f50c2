package redisotelreceiver

import (
	"fmt"

	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.uber.org/zap"
	"google.golang.org/protobuf/encoding/protowire"
)

// targetStatus is the part of redis_otel.status.v1.TargetStatus the component logs.
type targetStatus struct {
	endpoint  string
	up        bool
	lastError string
}

// parseStatus reads the targets of a redis_otel.status.v1.GetStatusResponse
// (proto/redis_otel/status/v1/status.proto: targets = 2; in TargetStatus endpoint = 1,
// up = 3, last_error = 4). Unknown fields are skipped, so newer libraries still parse.
func parseStatus(b []byte) ([]targetStatus, error) {
	var out []targetStatus
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		if num != 2 || typ != protowire.BytesType {
			return nil
		}
		var t targetStatus
		err := eachField(v, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
			switch {
			case num == 1 && typ == protowire.BytesType:
				t.endpoint = string(v)
			case num == 3 && typ == protowire.VarintType:
				t.up = x != 0
			case num == 4 && typ == protowire.BytesType:
				t.lastError = string(v)
			}
			return nil
		})
		out = append(out, t)
		return err
	})
	return out, err
}

// eachField calls f for every field of a message: the bytes of length-delimited
// fields, the value of varints.
func eachField(b []byte, f func(protowire.Number, protowire.Type, []byte, uint64) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("redisotel: status: %w", protowire.ParseError(n))
		}
		b = b[n:]
		var bytes []byte
		var x uint64
		switch typ {
		case protowire.BytesType:
			bytes, n = protowire.ConsumeBytes(b)
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return fmt.Errorf("redisotel: status: %w", protowire.ParseError(n))
		}
		b = b[n:]
		if err := f(num, typ, bytes, x); err != nil {
			return err
		}
	}
	return nil
}

// upTracker logs a target going down (with the library's reason) and coming back, once
// per change, so the collector log says why `redis.up` is 0 without repeating it every
// scrape.
type upTracker struct {
	logger *zap.Logger
	up     map[string]bool
}

// anyDown reports whether a target was down at the last observation (its recovery is
// still to be logged).
func (u *upTracker) anyDown() bool {
	for _, up := range u.up {
		if !up {
			return true
		}
	}
	return false
}

// mayBeDown reports whether the collected metrics hold a redis.up of 0 — or no
// redis.up at all (switched off), when only the status can tell.
func mayBeDown(md pmetric.Metrics) bool {
	seen := false
	rms := md.ResourceMetrics()
	for i := 0; i < rms.Len(); i++ {
		sms := rms.At(i).ScopeMetrics()
		for j := 0; j < sms.Len(); j++ {
			ms := sms.At(j).Metrics()
			for k := 0; k < ms.Len(); k++ {
				m := ms.At(k)
				if m.Name() != "redis.up" || m.Type() != pmetric.MetricTypeGauge {
					continue
				}
				seen = true
				pts := m.Gauge().DataPoints()
				for p := 0; p < pts.Len(); p++ {
					if pts.At(p).IntValue() == 0 {
						return true
					}
				}
			}
		}
	}
	return !seen
}

func (u *upTracker) observe(targets []targetStatus) {
	if u.up == nil {
		u.up = map[string]bool{}
	}
	for _, t := range targets {
		was, seen := u.up[t.endpoint]
		u.up[t.endpoint] = t.up
		switch {
		case !t.up && (!seen || was):
			u.logger.Warn("Redis target is down", zap.String("endpoint", t.endpoint), zap.String("error", t.lastError))
		case t.up && seen && !was:
			u.logger.Info("Redis target is up again", zap.String("endpoint", t.endpoint))
		}
	}
}
