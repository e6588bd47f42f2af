package client

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"

	"github.com/gosoto/gosoto/internal/awserr"
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

// stream is the streaming part of one call, taken out of its input.
type stream struct {
	// inFile is the path of the payload file ("" for none); inSize its size
	// when prepared.
	inFile string
	inSize int64
	// outFile is the target of the output payload ("" for none); outMember
	// the output's payload member name.
	outFile, outMember string
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
			st.outFile, st.outMember = v.Str, m.Name
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

// prepareFileBody checks the payload file and, when hash is set and the
// payload is signed, hashes it (first pass) into c.bodyHash.
func (cl *Client) prepareFileBody(p *Call, hash bool) error {
	fi, err := os.Stat(p.stream.inFile)
	if err != nil {
		return awserr.InvalidArg("%s payload file: %v", p.Op.Name, err)
	}
	if !fi.Mode().IsRegular() {
		return awserr.InvalidArg("%s payload file %s: not a regular file", p.Op.Name, p.stream.inFile)
	}
	p.stream.inSize = fi.Size()
	if !hash || p.UnsignedPayload {
		return nil
	}
	f, err := os.Open(p.stream.inFile)
	if err != nil {
		return awserr.InvalidArg("%s payload file: %v", p.Op.Name, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return awserr.InvalidArg("%s payload file: %v", p.Op.Name, err)
	}
	if n != p.stream.inSize {
		return awserr.InvalidArg("%s payload file %s: its size changed while it was read", p.Op.Name, p.stream.inFile)
	}
	p.bodyHash = hex.EncodeToString(h.Sum(nil))
	return nil
}

// openFileBody opens the payload file for one attempt, checking that its
// size is the one signed.
func openFileBody(p *Call) (*os.File, error) {
	f, err := os.Open(p.stream.inFile)
	if err != nil {
		return nil, awserr.InvalidArg("%s payload file: %v", p.Op.Name, err)
	}
	fi, err := f.Stat()
	if err == nil && fi.Size() != p.stream.inSize {
		err = awserr.InvalidArg("%s payload file %s: its size changed (%d bytes, was %d)", p.Op.Name, p.stream.inFile, fi.Size(), p.stream.inSize)
	}
	if err != nil {
		f.Close()
		return nil, awserr.As(err)
	}
	return f, nil
}

// setFileBody makes the payload file the body of one attempt's request;
// GetBody (a redirect, or a retried HTTP/2 stream) reopens it.
func setFileBody(req *http.Request, p *Call) error {
	f, err := openFileBody(p)
	if err != nil {
		return err
	}
	req.Body = f
	req.ContentLength = p.stream.inSize
	req.GetBody = func() (io.ReadCloser, error) { return openFileBody(p) }
	if p.stream.inSize == 0 {
		f.Close()
		req.Body, req.GetBody = http.NoBody, nil
	}
	return nil
}

// bodyLen is the length of the request body, in memory or in a file.
func (c *Call) bodyLen() int64 {
	if c.stream.inFile != "" {
		return c.stream.inSize
	}
	return int64(len(c.Request.Body))
}
