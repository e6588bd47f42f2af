package transport

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"runtime"
	"testing"
)

// BenchmarkRoundTrip compares one small POST exchange through this
// package's engine (reads waiting in the runtime's poller, and in the
// kernel as for OnCallerThread) and through net/http's client, on an
// ordinary goroutine and on one locked to its thread, as a call from C
// runs (cgo callbacks from a C thread are locked to it). The server is a minimal keep-alive
// responder in this process.
//
//	go test -run - -bench RoundTrip ./sdk/transport
func BenchmarkRoundTrip(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					r, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					_, _ = io.Copy(io.Discard, r.Body)
					_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
				}
			}()
		}
	}()
	url := "http://" + l.Addr().String() + "/"
	body := []byte(`{"QueueName":"bench"}`)
	newReq := func() *http.Request {
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		return req
	}
	tr := New(Options{ReadTimeout: 10e9})
	callerCtx := OnCallerThread(context.Background()) // as the C API's calls
	defer tr.CloseIdle()
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	engines := []struct {
		name string
		do   func() error
	}{
		{"gosoto", func() error { _, err := tr.Do(context.Background(), newReq()); return err }},
		{"gosoto-kernel-wait", func() error { _, err := tr.Do(callerCtx, newReq()); return err }},
		{"net-http", func() error {
			resp, err := hc.Do(newReq())
			if err == nil {
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			return err
		}},
	}
	for _, e := range engines {
		for _, locked := range []bool{false, true} {
			name := e.name + "/goroutine"
			if locked {
				name = e.name + "/locked-thread"
			}
			b.Run(name, func(b *testing.B) {
				done := make(chan error)
				go func() {
					if locked {
						runtime.LockOSThread()
						defer runtime.UnlockOSThread()
					}
					for i := 0; i < b.N; i++ {
						if err := e.do(); err != nil {
							done <- err
							return
						}
					}
					done <- nil
				}()
				if err := <-done; err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}
