package client

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"io"
	"net"
	"strings"

	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/config"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/gosoto/gosoto/sdk/protocol"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/tidwall/gjson"
)

// This file holds what the client does differently for Amazon S3, as the
// AWS SDKs do:
//
//   - Addressing: virtual-hosted style (bucket.s3.region.amazonaws.com/key)
//     by default, path style (s3.region.amazonaws.com/bucket/key) when the
//     config asks for it ("s3": {"addressing_style": "path"}), and
//     automatically when virtual hosting cannot work: an endpoint whose host
//     is an IP address or a single label (localhost, a container name), a
//     bucket name that is not a DNS label (upper case, "_", too short or
//     long...), or a bucket name with dots over https (the wildcard
//     certificate would not match).
//   - Signing: no path normalization and no double URI encoding, the
//     X-Amz-Content-Sha256 header on every request, and UNSIGNED-PAYLOAD
//     over https when payload signing is disabled
//     ("s3": {"payload_signing_enabled": false}) or the body is streamed
//     from a file (see s3stream.go).
//   - Content-MD5 on every request with an XML body (DeleteObjects,
//     PutBucketLifecycleConfiguration... require it).
//   - Responses: a 200 OK whose body is an <Error> document (CopyObject,
//     UploadPartCopy, CompleteMultipartUpload) is an error (with status
//     500, hence retryable, as botocore treats it), and GetBucketLocation's
//     bare <LocationConstraint> root is read into LocationConstraint.
//
// Hooks: NewFromConfig sets Client.s3; prepare calls s3Address and
// s3ContentMD5; sign calls s3SignOptions; parse calls s3FixResponse and
// s3FixOutput. For any other service they do nothing.

// s3Settings are an S3 client's resolved settings; nil for other services.
type s3Settings struct {
	addressing string // config.S3Addressing*
	// payloadSigning is the payload_signing_enabled setting (nil: not set).
	payloadSigning *bool
}

// newS3Settings returns the S3 settings of a client of svc (nil when svc is
// not S3).
func newS3Settings(svc *model.Service, res config.Resolved) *s3Settings {
	if !config.IsS3(svc) {
		return nil
	}
	s := &s3Settings{addressing: res.S3.AddressingStyle, payloadSigning: res.S3.PayloadSigningEnabled}
	if s.addressing == "" {
		s.addressing = config.S3AddressingAuto
	}
	return s
}

// s3Address returns the host and path of an S3 request: with virtual-hosted
// addressing the Bucket URI label moves from the path into the host.
// Operations without a leading {Bucket} label (ListBuckets) are unchanged.
func (c *Client) s3Address(op *model.Operation, input gjson.Result, host, path string) (string, string) {
	if c.s3 == nil || !strings.HasPrefix(op.HTTP.RequestURI, "/{Bucket}") {
		return host, path
	}
	bucket := input.Get("Bucket")
	if bucket.Type != gjson.String {
		return host, path
	}
	if !c.s3Virtual(bucket.Str) {
		return host, path
	}
	// A DNS-compatible name needs no percent-encoding: the path starts
	// with "/" + bucket exactly.
	prefix := "/" + bucket.Str
	if path != prefix && !strings.HasPrefix(path, prefix+"/") {
		return host, path
	}
	rest := path[len(prefix):]
	if rest == "" {
		rest = "/"
	}
	return bucket.Str + "." + host, rest
}

// s3Virtual reports whether a request on bucket uses virtual-hosted style.
func (c *Client) s3Virtual(bucket string) bool {
	if c.s3.addressing == config.S3AddressingPath || !dnsCompatibleBucket(bucket) {
		return false
	}
	if c.endpoint.Scheme == "https" && strings.Contains(bucket, ".") {
		return false
	}
	if c.s3.addressing == config.S3AddressingVirtual {
		return true
	}
	// auto: only where bucket.<host> can resolve.
	h := c.endpoint.Hostname()
	return net.ParseIP(h) == nil && strings.Contains(h, ".")
}

// dnsCompatibleBucket reports whether a bucket name can be a DNS host
// label: 3 to 63 characters of lower-case letters, digits, '.' and '-',
// starting and ending with a letter or digit, no empty or '-'-bounded
// label, and not shaped like an IPv4 address.
func dnsCompatibleBucket(b string) bool {
	if len(b) < 3 || len(b) > 63 {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c == '.' || c == '-':
			if i == 0 || i == len(b)-1 {
				return false
			}
		default:
			return false
		}
	}
	if strings.Contains(b, "..") || strings.Contains(b, ".-") || strings.Contains(b, "-.") {
		return false
	}
	return net.ParseIP(b) == nil
}

// s3SignOptions sets S3's signing variations.
func (c *Client) s3SignOptions(o *v4.Options) {
	if c.s3 == nil {
		return
	}
	o.DisableNormalizePath = true
	o.DisableDoubleURIEncode = true
	o.ContentSHA256Header = true
}

// s3UnsignedPayload reports whether an S3 request's payload goes
// unsigned: over https only, when payload signing is disabled, or, when it
// is not configured, for a body streamed from a file (hashing it would
// cost a second pass over the file).
func (c *Client) s3UnsignedPayload(fromFile bool) bool {
	if c.s3 == nil || c.endpoint.Scheme != "https" {
		return false
	}
	if c.s3.payloadSigning != nil {
		return !*c.s3.payloadSigning
	}
	return fromFile
}

// s3ContentMD5 adds Content-MD5 to an S3 request with an XML body (the
// operations that need a checksum all have one), unless a checksum header
// is already there.
func (c *Client) s3ContentMD5(op *model.Operation, req *protocol.Request) {
	if c.s3 == nil || len(req.Body) == 0 || op.Input == nil || hasBlobPayload(op.Input.Shape) {
		return
	}
	for _, kv := range req.Header {
		n := strings.ToLower(kv[0])
		if n == "content-md5" || strings.HasPrefix(n, "x-amz-checksum-") {
			return
		}
	}
	sum := md5.Sum(req.Body)
	req.Header = append(req.Header, [2]string{"Content-MD5", base64.StdEncoding.EncodeToString(sum[:])})
}

// hasBlobPayload reports whether a structure's payload member is a blob or
// a string (raw bytes rather than an XML document).
func hasBlobPayload(sh *model.Shape) bool {
	if sh == nil || sh.Payload == "" {
		return false
	}
	m, ok := sh.MemberByName(sh.Payload)
	return ok && (m.Shape.Type == "blob" || m.Shape.Type == "string")
}

// s3ErrorIn200 lists the operations whose 200 OK may carry an error.
var s3ErrorIn200 = map[string]bool{"CopyObject": true, "UploadPartCopy": true, "CompleteMultipartUpload": true}

// s3FixResponse turns a 200 OK whose body is an <Error> document, or a
// truncated XML document (the connection broke while S3 was working: it
// sends the status line first), into a 500 of the same body, for the
// operations where S3 reports errors that way. An empty body is left alone.
func (c *Client) s3FixResponse(op *model.Operation, resp *protocol.Response) *protocol.Response {
	if c.s3 == nil || resp.StatusCode != 200 || !s3ErrorIn200[op.Name] || len(bytes.TrimSpace(resp.Body)) == 0 {
		return resp
	}
	if root, ok := xmlRoot(resp.Body); ok && root != "Error" {
		return resp
	}
	fixed := *resp
	fixed.StatusCode = 500
	return &fixed
}

// s3FixOutput reads GetBucketLocation's <LocationConstraint> root element
// (its text is the region; empty for us-east-1, which gives null).
func (c *Client) s3FixOutput(op *model.Operation, resp *protocol.Response, out []byte) []byte {
	if c.s3 == nil || op.Name != "GetBucketLocation" || resp.StatusCode >= 300 {
		return out
	}
	if gjson.GetBytes(out, "LocationConstraint").Exists() {
		return out
	}
	d := xml.NewDecoder(bytes.NewReader(resp.Body))
	var v struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	}
	if err := d.Decode(&v); err != nil || v.XMLName.Local != "LocationConstraint" {
		return out
	}
	val := []byte("null")
	if t := strings.TrimSpace(v.Text); t != "" {
		val = jsonx.AppendString(nil, t)
	}
	return setJSONMember(out, "LocationConstraint", val)
}

// xmlRoot returns the local name of a document's root element, and false
// when the document is not well-formed XML (truncated, for instance).
func xmlRoot(body []byte) (string, bool) {
	d := xml.NewDecoder(bytes.NewReader(body))
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return root, root != ""
		}
		if err != nil {
			return root, false
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
}

// setJSONMember sets a top-level member of a JSON object to the raw JSON val,
// replacing it when present, else adding it first.
func setJSONMember(obj []byte, name string, val []byte) []byte {
	obj = bytes.TrimSpace(obj)
	if r := gjson.GetBytes(obj, gjsonEscape(name)); r.Exists() && r.Index > 0 {
		out := make([]byte, 0, len(obj)+len(val))
		out = append(out, obj[:r.Index]...)
		out = append(out, val...)
		return append(out, obj[r.Index+len(r.Raw):]...)
	}
	if len(obj) < 2 || obj[0] != '{' {
		obj = []byte("{}")
	}
	out := make([]byte, 0, len(obj)+len(name)+len(val)+4)
	out = append(out, '{')
	out = jsonx.AppendString(out, name)
	out = append(out, ':')
	out = append(out, val...)
	if len(bytes.TrimSpace(obj[1:len(obj)-1])) > 0 {
		out = append(out, ',')
	}
	return append(out, obj[1:]...)
}

// gjsonEscape escapes a member name for use as a gjson path.
func gjsonEscape(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case '.', '*', '?', '|', '#', '@', '\\', '!', '=', '<', '>', '%', '(', ')', '[', ']', '{', '}', ',', '"', ':', '^':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
