//go:build !cgo

package redisotelreceiver

import "time"

type handle struct{}

func newHandle(string) (*handle, error)               { return nil, errNoCgo }
func (*handle) collect(time.Duration) ([]byte, error) { return nil, errNoCgo }
func (*handle) status() ([]targetStatus, error)       { return nil, errNoCgo }
func (*handle) free()                                 {}
