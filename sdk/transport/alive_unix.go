//go:build linux || darwin

package transport

import "syscall"

// alive reports whether an idle connection is still open: a peek that
// would block means nothing arrived, neither data nor the server's FIN.
// It costs one non-blocking recv; a connection the server closed while
// idle is then never written to.
func alive(d *deadlineConn) bool {
	rc := d.rc
	if rc == nil {
		sc, ok := d.Conn.(syscall.Conn)
		if !ok {
			return true
		}
		var err error
		if rc, err = sc.SyscallConn(); err != nil {
			return false
		}
	}
	open := false
	var b [1]byte
	err := rc.Control(func(fd uintptr) {
		_, _, rerr := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		open = rerr == syscall.EAGAIN || rerr == syscall.EWOULDBLOCK
	})
	return err == nil && open
}
