//go:build !linux

package transport

import (
	"net"
	"syscall"
	"time"
)

// pollable is nil here: reads wait in the runtime's network poller, with
// socket deadlines.
func pollable(net.Conn) syscall.RawConn { return nil }

func waitReadable(syscall.RawConn, time.Time) error { return nil }

func interrupt(syscall.RawConn) {}
