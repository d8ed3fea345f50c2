//go:build !cgo

package redisotelreceiver

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/confmap"
)

// A CGO_ENABLED=0 build compiles and says at collector start what is missing.
func TestWithoutCgoTheConfigIsRefusedWithTheReason(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Endpoint = "127.0.0.1:6379"
	err := confmap.Validate(cfg)
	assert.ErrorIs(t, err, errNoCgo)
	assert.Contains(t, err.Error(), "CGO_ENABLED=1")
}
