package redisotelreceiver

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.uber.org/zap"
)

// libraryScraper owns one library handle between Start and Shutdown.
type libraryScraper struct {
	cfg    *Config
	logger *zap.Logger

	mu     sync.RWMutex // scrapes share the handle; shutdown takes it away
	handle *handle

	tracker upTracker // scrapes run one at a time (the controller's loop)
}

func (s *libraryScraper) start(context.Context, component.Host) error {
	text, err := s.cfg.libraryBlock()
	if err != nil {
		return err
	}
	h, err := newHandle(text)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.handle = h
	s.tracker = upTracker{logger: s.logger}
	s.mu.Unlock()
	return nil
}

// scrape collects every target once. A target that is down is data (redis.up 0), not
// an error; the call is bounded by the context's deadline (the controller's
// `timeout`), else by the collection interval.
func (s *libraryScraper) scrape(ctx context.Context) (pmetric.Metrics, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.handle == nil {
		return pmetric.NewMetrics(), errors.New("redisotel: scrape before start or after shutdown")
	}
	budget := s.cfg.CollectionInterval
	if deadline, ok := ctx.Deadline(); ok {
		budget = time.Until(deadline)
	}
	if budget < time.Millisecond {
		return pmetric.NewMetrics(), fmt.Errorf("redisotel: no time left to scrape (%v)", budget)
	}
	payload, err := s.handle.collect(budget)
	if err != nil {
		return pmetric.NewMetrics(), err
	}
	var u pmetric.ProtoUnmarshaler
	md, err := u.UnmarshalMetrics(payload)
	if err != nil {
		return pmetric.NewMetrics(), fmt.Errorf("redisotel: decoding the library's OTLP: %w", err)
	}
	// Say why a target reports redis.up 0 (once per change, not every scrape). While
	// every target is up and was up, there is nothing to say: skip the status call.
	if mayBeDown(md) || s.tracker.anyDown() {
		if targets, err := s.handle.status(); err != nil {
			s.logger.Debug("redisotel: reading target status", zap.Error(err))
		} else {
			s.tracker.observe(targets)
		}
	}
	return md, nil
}

func (s *libraryScraper) shutdown(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handle != nil {
		s.handle.free()
		s.handle = nil
	}
	return nil
}
