package client

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// This file holds streaming bodies: a blob payload member read from a file
// and a blob payload written to a file, so that objects of any size (S3
// PutObject, UploadPart, GetObject, and every other operation with a blob
// payload) never sit in memory. The JSON forms:
//
//	input   "Body": {"file": "/path/in"}      instead of a base64 string
//	input   "$output_file": "/path/out"       write the output payload there
//	output  "Body": {"file": "/path/out", "size": 1234}
//
// Request side: the file is opened afresh for every attempt (a retry
// re-reads it) and sent with its size as Content-Length. Its SHA-256 is
// computed in a first pass, unless the payload goes unsigned (a hook says
// so, as S3's does over https, or the operation is v4-unsigned-body).
//
// Response side: a 2xx body is copied to a temporary file next to the
// target as it arrives (the transport keeps its read timeout), then renamed
// over the target once the response has been parsed; a failed attempt
// leaves no file behind. Error responses are read into memory as usual.

// OutputFileKey is the reserved input member naming the file that the
// output's blob payload is written to.
const OutputFileKey = "$output_file"

// Body is a request payload that streams instead of sitting in the input
// JSON: Go callers pass one in CallOptions (the transfer manager sends file
// ranges this way); the {"file": path} form is one too.
type Body struct {
	// Size is the payload's length in bytes, sent as Content-Length.
	Size int64
	// Open returns a fresh reader of the payload for each attempt (a retry
	// reads it again); it must give exactly Size bytes.
	Open func() (io.ReadCloser, error)
	// Name names the payload in errors (a path, "part 3 of big.iso").
	Name string
	// SHA256 is the payload's hex SHA-256 when the caller knows it; else,
	// when the payload is signed, it is computed in a first pass over Open.
	SHA256 string
}

// Sink receives an output's 2xx blob payload as it arrives (the
// "$output_file" form is one; the transfer manager writes ranges of a file
// with another). An attempt that fails is aborted, and the next one begins
// anew.
type Sink interface {
	// Begin starts an attempt: where its body goes.
	Begin() (io.Writer, error)
	// Commit ends the call: the last attempt's n bytes are all there. It
	// returns the output payload member's JSON value (nil leaves the member
	// out).
	Commit(n int64) ([]byte, error)
	// Abort discards what the current attempt wrote.
	Abort()
}

// CallOptions are what a Go caller may give a call besides its input.
type CallOptions struct {
	// Body is the input's blob payload member, streamed.
	Body *Body
	// Output receives the output's blob payload.
	Output Sink
}

// stream is the streaming part of one call.
type stream struct {
	// in is the streamed payload (nil for none); inFile its path when it
	// came in the {"file": path} form (build_request names it).
	in     *Body
	inFile string
	// out receives the output payload (nil for none); outMember is the
	// output's payload member name.
	out       Sink
	outMember string
}

// extractStreaming takes the streaming forms out of an input object: a
// {"file": path} payload member becomes "" (so that validation and
// serialization see an empty blob) and "$output_file" is removed.
func extractStreaming(op *model.Operation, input []byte) ([]byte, stream, error) {
	var st stream
	inPayload := ""
	if op.Input != nil {
		if m := blobPayload(op.Input.Shape); m != nil {
			inPayload = m.Name
		}
	}
	// The common case costs a substring search and, for operations with a
	// blob payload, one lookup.
	if !bytes.Contains(input, []byte(OutputFileKey)) &&
		(inPayload == "" || !gjson.GetBytes(input, gjson.Escape(inPayload)).IsObject()) {
		return input, st, nil
	}
	root := gjson.ParseBytes(input)
	if !root.IsObject() {
		return input, st, nil // validation reports it
	}
	out := make([]byte, 0, len(input))
	out = append(out, '{')
	changed := false
	var err error
	n := 0
	root.ForEach(func(k, v gjson.Result) bool {
		raw := v.Raw
		switch {
		case k.Str == OutputFileKey:
			changed = true
			if v.Type != gjson.String || v.Str == "" {
				err = awserr.InvalidArg("%s: expected the path of a file to write the output's payload to", OutputFileKey)
				return false
			}
			var m *model.Member
			if op.Output != nil {
				m = blobPayload(op.Output.Shape)
			}
			if m == nil {
				err = awserr.InvalidArg("%s: operation %s has no blob payload in its output", OutputFileKey, op.Name)
				return false
			}
			st.out, st.outMember = &fileSink{path: v.Str}, m.Name
			return true
		case k.Str == inPayload && v.IsObject():
			changed = true
			f := v.Get("file")
			bad := false
			v.ForEach(func(kk, _ gjson.Result) bool { bad = bad || kk.Str != "file"; return !bad })
			if bad || f.Type != gjson.String || f.Str == "" {
				err = awserr.InvalidArg(`parameter %s: expected a base64 string or {"file": "/path"}`, k.Str)
				return false
			}
			st.inFile = f.Str
			raw = `""`
		}
		if n > 0 {
			out = append(out, ',')
		}
		n++
		out = append(out, k.Raw...)
		out = append(out, ':')
		out = append(out, raw...)
		return true
	})
	if err != nil {
		return nil, st, err
	}
	if !changed {
		return input, st, nil
	}
	return append(out, '}'), st, nil
}

// blobPayload returns a structure's payload member when it is a blob.
func blobPayload(sh *model.Shape) *model.Member {
	if sh == nil || sh.Payload == "" {
		return nil
	}
	if m, ok := sh.MemberByName(sh.Payload); ok && m.Shape.Type == "blob" {
		return m
	}
	return nil
}

// attachStreams makes the call's streaming parts: the JSON forms of the
// input, else the caller's CallOptions (a payload member given both ways,
// or an operation without a blob payload, is an error).
func attachStreams(c *Call, o CallOptions) error {
	if o.Body != nil {
		if c.stream.inFile != "" {
			return awserr.InvalidArg("%s: the payload is given twice (a {\"file\"} member and a streamed body)", c.Op.Name)
		}
		if c.Op.Input == nil || blobPayload(c.Op.Input.Shape) == nil {
			return awserr.InvalidArg("%s has no blob payload in its input to stream a body to", c.Op.Name)
		}
		c.stream.in = o.Body
	}
	if o.Output != nil {
		if c.stream.out != nil {
			return awserr.InvalidArg("%s: the output payload is given two sinks (%s and a Go sink)", c.Op.Name, OutputFileKey)
		}
		var m *model.Member
		if c.Op.Output != nil {
			m = blobPayload(c.Op.Output.Shape)
		}
		if m == nil {
			return awserr.InvalidArg("%s has no blob payload in its output to stream", c.Op.Name)
		}
		c.stream.out, c.stream.outMember = o.Output, m.Name
	}
	if c.stream.inFile != "" {
		b, err := fileBody(c.Op.Name, c.stream.inFile)
		if err != nil {
			return err
		}
		c.stream.in = b
	}
	return nil
}

// fileBody is the Body of the {"file": path} form: the file's size now,
// checked again at each attempt's open.
func fileBody(op, path string) (*Body, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, awserr.InvalidArg("%s payload file: %v", op, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, awserr.InvalidArg("%s payload file %s: not a regular file", op, path)
	}
	size := fi.Size()
	open := func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, awserr.InvalidArg("%s payload file: %v", op, err)
		}
		fi, err := f.Stat()
		if err == nil && fi.Size() != size {
			err = awserr.InvalidArg("%s payload file %s: its size changed (%d bytes, was %d)", op, path, fi.Size(), size)
		}
		if err != nil {
			f.Close()
			return nil, awserr.As(err)
		}
		return f, nil
	}
	return &Body{Size: size, Open: open, Name: path}, nil
}

// hashBody computes a streamed payload's SHA-256 (first pass) into
// c.bodyHash, unless it is known or the payload goes unsigned.
func hashBody(c *Call) error {
	b := c.stream.in
	if b.SHA256 != "" {
		c.bodyHash = b.SHA256
		return nil
	}
	if c.UnsignedPayload {
		return nil
	}
	r, err := b.Open()
	if err != nil {
		return awserr.As(err)
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return awserr.InvalidArg("%s payload %s: %v", c.Op.Name, b.Name, err)
	}
	if n != b.Size {
		return awserr.InvalidArg("%s payload %s: %d bytes read, %d expected (did it change while it was read?)", c.Op.Name, b.Name, n, b.Size)
	}
	c.bodyHash = hex.EncodeToString(h.Sum(nil))
	return nil
}

// setBody makes the streamed payload the body of one attempt's request;
// GetBody (a redirect, or a retried HTTP/2 stream) opens it again.
func setBody(req *http.Request, b *Body) error {
	req.ContentLength = b.Size
	if b.Size == 0 {
		req.Body, req.GetBody = http.NoBody, nil
		return nil
	}
	r, err := b.Open()
	if err != nil {
		return awserr.As(err)
	}
	req.Body = r
	req.GetBody = b.Open
	return nil
}

// fileSink is the "$output_file" form: each attempt writes a temporary file
// next to the target, renamed over it on Commit.
type fileSink struct {
	path string
	tmp  *os.File
}

func (s *fileSink) Begin() (io.Writer, error) {
	s.Abort()
	f, err := os.CreateTemp(filepath.Dir(s.path), "."+filepath.Base(s.path)+".gosoto-*")
	if err != nil {
		return nil, awserr.InvalidArg("%s: %v", OutputFileKey, err)
	}
	s.tmp = f
	return f, nil
}

func (s *fileSink) Commit(n int64) ([]byte, error) {
	if s.tmp == nil {
		return nil, nil
	}
	tmp := s.tmp
	s.tmp = nil
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return nil, awserr.InvalidArg("%s %s: %v", OutputFileKey, s.path, err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		os.Remove(tmp.Name())
		return nil, awserr.InvalidArg("%s %s: %v", OutputFileKey, s.path, err)
	}
	v := []byte(`{"file":`)
	v = jsonx.AppendString(v, s.path)
	v = append(v, `,"size":`...)
	v = strconv.AppendInt(v, n, 10)
	return append(v, '}'), nil
}

func (s *fileSink) Abort() {
	if s.tmp != nil {
		s.tmp.Close()
		os.Remove(s.tmp.Name())
		s.tmp = nil
	}
}

// bodyLen is the length of the request body, in memory or streamed.
func (c *Call) bodyLen() int64 {
	if c.stream.in != nil {
		return c.stream.in.Size
	}
	return int64(len(c.Request.Body))
}
