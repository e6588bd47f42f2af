package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
)

func TestDoStream(t *testing.T) { bothWaits(t, testDoStream) }

func testDoStream(t *testing.T, bg context.Context) {
	body := strings.Repeat("x", 1<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			io.WriteString(w, body)
		case "/missing":
			w.WriteHeader(404)
			io.WriteString(w, "<Error/>")
		case "/stall":
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			io.WriteString(w, "partial")
			w.(http.Flusher).Flush()
			time.Sleep(time.Second)
		}
	}))
	defer srv.Close()
	tr := New(Options{ReadTimeout: 200 * time.Millisecond})
	defer tr.CloseIdle()
	get := func(path string) *http.Request {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		return req
	}
	var buf bytes.Buffer
	toBuf := func(status int, _ http.Header) (io.Writer, error) {
		if status != 200 {
			return nil, nil
		}
		return &buf, nil
	}

	resp, n, err := tr.DoStream(bg, get("/ok"), toBuf)
	if err != nil || n != int64(len(body)) || resp.Body != nil || buf.String() != body || resp.StatusCode != 200 {
		t.Fatalf("ok: n=%d err=%v body in memory=%d written=%d", n, err, len(resp.Body), buf.Len())
	}

	buf.Reset()
	resp, n, err = tr.DoStream(bg, get("/missing"), toBuf)
	if err != nil || n != 0 || string(resp.Body) != "<Error/>" || buf.Len() != 0 || resp.StatusCode != 404 {
		t.Fatalf("error response: n=%d err=%v body=%q", n, err, resp.Body)
	}

	// The read timeout still applies while the body streams.
	_, _, err = tr.DoStream(bg, get("/stall"), toBuf)
	if e := awserr.As(err); e.Code != awserr.CodeTimeout || !e.Retryable {
		t.Fatalf("stalled body: %v", err)
	}

	// The sink's error, and a write error, come back unchanged.
	boom := errors.New("boom")
	_, _, err = tr.DoStream(bg, get("/ok"), func(int, http.Header) (io.Writer, error) { return nil, boom })
	if err != boom {
		t.Fatalf("sink error: %v", err)
	}
	_, _, err = tr.DoStream(bg, get("/ok"), func(int, http.Header) (io.Writer, error) { return failWriter{boom}, nil })
	if err != boom {
		t.Fatalf("write error: %v", err)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }
