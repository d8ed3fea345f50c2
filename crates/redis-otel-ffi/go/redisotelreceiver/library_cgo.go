//go:build cgo

package redisotelreceiver

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -lredis_otel
#include <stdlib.h>
#include <string.h>
#include "redis_otel.h"

// redis_otel_last_error is per OS thread and valid until the next call on that thread.
// Each wrapper makes the call and copies the message in one C call, so the copy is
// taken on the right thread whatever the Go scheduler does afterwards. The caller
// frees *msg.
static char *copy_last_error(int32_t rc) {
	const char *m = rc == REDIS_OTEL_OK ? NULL : redis_otel_last_error();
	return m ? strdup(m) : NULL;
}

static int32_t new_receiver(const char *text, redis_otel_receiver **out, char **msg) {
	int32_t rc = redis_otel_receiver_new(text, out);
	*msg = copy_last_error(rc);
	return rc;
}

static int32_t status_once(redis_otel_receiver *r, redis_otel_buffer *out, char **msg) {
	int32_t rc = redis_otel_receiver_status(r, out);
	*msg = copy_last_error(rc);
	return rc;
}

static int32_t collect_once(redis_otel_receiver *r, uint32_t timeout_ms, redis_otel_buffer *out, char **msg) {
	int32_t rc = redis_otel_receiver_collect(r, timeout_ms, out);
	*msg = copy_last_error(rc);
	return rc;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"time"
	"unsafe"
)

// handle is a live redis_otel_receiver: safe for concurrent collects, freed once.
type handle struct {
	ptr *C.redis_otel_receiver
}

// takeMessage converts and frees a message copied by the C wrappers.
func takeMessage(msg *C.char) string {
	if msg == nil {
		return "(no message)"
	}
	defer C.free(unsafe.Pointer(msg))
	return C.GoString(msg)
}

func codeName(code C.int32_t) string {
	switch code {
	case C.REDIS_OTEL_ERR_INVALID_ARGUMENT:
		return "invalid argument"
	case C.REDIS_OTEL_ERR_CONFIG:
		return "config"
	case C.REDIS_OTEL_ERR_TIMEOUT:
		return "timeout"
	case C.REDIS_OTEL_ERR_INTERNAL:
		return "internal"
	}
	return fmt.Sprintf("code %d", int32(code))
}

func newHandle(configText string) (*handle, error) {
	text := C.CString(configText)
	defer C.free(unsafe.Pointer(text))
	var out *C.redis_otel_receiver
	var msg *C.char
	code := C.new_receiver(text, &out, &msg)
	if code != C.REDIS_OTEL_OK {
		message := takeMessage(msg)
		if code == C.REDIS_OTEL_ERR_CONFIG {
			// Config errors read best unwrapped: they start with the key.
			return nil, errors.New(message)
		}
		return nil, fmt.Errorf("redisotel: creating the receiver: %s (%s)", message, codeName(code))
	}
	return &handle{ptr: out}, nil
}

func (h *handle) collect(budget time.Duration) ([]byte, error) {
	ms := min(max(budget.Milliseconds(), 1), math.MaxUint32)
	var buf C.redis_otel_buffer
	var msg *C.char
	code := C.collect_once(h.ptr, C.uint32_t(ms), &buf, &msg)
	if code != C.REDIS_OTEL_OK {
		return nil, fmt.Errorf("redisotel: collect: %s (%s)", takeMessage(msg), codeName(code))
	}
	defer C.redis_otel_buffer_free(buf)
	// Copy into Go memory: pdata may alias its input, and only the library frees its buffer.
	return C.GoBytes(unsafe.Pointer(buf.data), C.int(buf.len)), nil
}

// status returns the library's per-target status (redis_otel.status.v1.GetStatusResponse).
func (h *handle) status() ([]targetStatus, error) {
	var buf C.redis_otel_buffer
	var msg *C.char
	code := C.status_once(h.ptr, &buf, &msg)
	if code != C.REDIS_OTEL_OK {
		return nil, fmt.Errorf("redisotel: status: %s (%s)", takeMessage(msg), codeName(code))
	}
	defer C.redis_otel_buffer_free(buf)
	return parseStatus(C.GoBytes(unsafe.Pointer(buf.data), C.int(buf.len)))
}

func (h *handle) free() {
	C.redis_otel_receiver_free(h.ptr)
	h.ptr = nil
}
