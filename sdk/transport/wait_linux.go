//go:build linux

package transport

import (
	"net"
	"os"
	"syscall"
	"time"
	"unsafe"
)

// pollable returns the raw connection that waitReadable waits on.
func pollable(c net.Conn) syscall.RawConn {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return rc
}

type pollFd struct {
	fd      int32
	events  int16
	revents int16
}

const pollIn = 0x1

// waitReadable blocks the calling thread in ppoll(2) until the socket is
// readable, closed or shut down, or until deadline (zero: no limit), when
// it returns os.ErrDeadlineExceeded. The syscall is a blocking one to the
// runtime: the thread's P is handed to other goroutines while it waits.
func waitReadable(rc syscall.RawConn, deadline time.Time) error {
	var werr error
	err := rc.Control(func(fd uintptr) {
		p := pollFd{fd: int32(fd), events: pollIn}
		for {
			var ts *syscall.Timespec
			if !deadline.IsZero() {
				d := time.Until(deadline)
				if d <= 0 {
					werr = os.ErrDeadlineExceeded
					return
				}
				t := syscall.NsecToTimespec(int64(d))
				ts = &t
			}
			n, _, e := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(&p)), 1, uintptr(unsafe.Pointer(ts)), 0, 0, 0)
			if e == syscall.EINTR {
				continue
			}
			if e != 0 {
				werr = e
				return
			}
			if n == 0 {
				continue // re-check the deadline
			}
			return
		}
	})
	if err != nil {
		return err
	}
	return werr
}

// interrupt shuts the socket down, which ends a waitReadable at once.
func interrupt(rc syscall.RawConn) {
	_ = rc.Control(func(fd uintptr) { _ = syscall.Shutdown(int(fd), syscall.SHUT_RDWR) })
}
