// Package s3 holds what a client does differently for Amazon S3, as the
// AWS SDKs do, as client hooks (sdk/customize registers them for the
// service id "S3"):
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
//     from a file. Presigned requests are UNSIGNED-PAYLOAD and sign only the
//     headers the input sets.
//   - Content-MD5 on every request with an XML body (DeleteObjects,
//     PutBucketLifecycleConfiguration... require it).
//   - Responses: a 200 OK whose body is an <Error> document (CopyObject,
//     UploadPartCopy, CompleteMultipartUpload) is an error (with status
//     500, hence retryable, as botocore treats it), and GetBucketLocation's
//     bare <LocationConstraint> root is read into LocationConstraint.
//
// It knows the client's hook points and S3's rules, and nothing of C.
package s3

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"io"
	"net"
	"strings"

	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/client"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/gosoto/gosoto/sdk/protocol"
	"github.com/gosoto/gosoto/sdk/settings"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/tidwall/gjson"
)

// Hooks are S3's hooks, in the order they run.
func Hooks() []client.Hook {
	return []client.Hook{{
		Name:           "s3",
		AfterSerialize: afterSerialize,
		BeforeSign:     beforeSign,
		BeforePresign:  beforePresign,
		AfterSend:      errorIn200,
		AfterParse:     bucketLocation,
	}}
}

// afterSerialize moves the bucket into the host (virtual-hosted style),
// adds Content-MD5 to XML bodies, and decides whether the payload goes
// unsigned.
func afterSerialize(c *client.Call) error {
	s := c.Settings().S3
	addressing := s.AddressingStyle
	if addressing == "" {
		addressing = settings.S3AddressingAuto
	}
	c.Endpoint.Host, c.Request.Path = address(c, addressing)
	contentMD5(c.Op, c.Request)
	if c.Endpoint.Scheme == "https" {
		if s.PayloadSigningEnabled != nil {
			c.UnsignedPayload = c.UnsignedPayload || !*s.PayloadSigningEnabled
		} else if c.FileBody() {
			// Hashing a file would cost a second pass over it.
			c.UnsignedPayload = true
		}
	}
	return nil
}

// address returns the host and path of an S3 request: with virtual-hosted
// addressing the Bucket URI label moves from the path into the host.
// Operations without a leading {Bucket} label (ListBuckets) are unchanged.
func address(c *client.Call, addressing string) (string, string) {
	host, path := c.Endpoint.Host, c.Request.Path
	if !strings.HasPrefix(c.Op.HTTP.RequestURI, "/{Bucket}") {
		return host, path
	}
	bucket := c.Params.Get("Bucket")
	if bucket.Type != gjson.String {
		return host, path
	}
	if !virtual(c.Endpoint, addressing, bucket.Str) {
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

// virtual reports whether a request on bucket uses virtual-hosted style.
func virtual(ep client.Endpoint, addressing, bucket string) bool {
	if addressing == settings.S3AddressingPath || !dnsCompatibleBucket(bucket) {
		return false
	}
	if ep.Scheme == "https" && strings.Contains(bucket, ".") {
		return false
	}
	if addressing == settings.S3AddressingVirtual {
		return true
	}
	// auto: only where bucket.<host> can resolve.
	h := ep.Host
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	h = strings.Trim(h, "[]")
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

// beforeSign sets S3's signing variations.
func beforeSign(_ *client.Call, o *v4.Options) {
	o.DisableNormalizePath = true
	o.DisableDoubleURIEncode = true
	o.ContentSHA256Header = true
}

// beforePresign makes a presigned request UNSIGNED-PAYLOAD (the body is the
// sender's) and drops the headers that belong to that body: Content-MD5,
// Content-Length, and the Content-Type a blob payload gets by default
// unless the input set it.
func beforePresign(c *client.Call, h [][2]string) [][2]string {
	c.UnsignedPayload = true
	userCT := c.InputSetsHeader("Content-Type")
	out := h[:0:0]
	for _, kv := range h {
		switch strings.ToLower(kv[0]) {
		case "content-type":
			if !userCT {
				continue
			}
		case "content-md5", "content-length":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// contentMD5 adds Content-MD5 to an S3 request with an XML body (the
// operations that need a checksum all have one), unless a checksum header
// is already there.
func contentMD5(op *model.Operation, req *protocol.Request) {
	if len(req.Body) == 0 || op.Input == nil || hasBlobPayload(op.Input.Shape) {
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

// errorIn200Ops lists the operations whose 200 OK may carry an error.
var errorIn200Ops = map[string]bool{"CopyObject": true, "UploadPartCopy": true, "CompleteMultipartUpload": true}

// errorIn200 turns a 200 OK whose body is an <Error> document, or a
// truncated XML document (the connection broke while S3 was working: it
// sends the status line first), into a 500 of the same body, for the
// operations where S3 reports errors that way. An empty body is left alone.
func errorIn200(c *client.Call, resp *client.Response) (*client.Response, error) {
	if resp.StatusCode != 200 || !errorIn200Ops[c.Op.Name] || len(bytes.TrimSpace(resp.Body)) == 0 {
		return resp, nil
	}
	if root, ok := xmlRoot(resp.Body); ok && root != "Error" {
		return resp, nil
	}
	fixed := *resp
	fixed.StatusCode = 500
	return &fixed, nil
}

// bucketLocation reads GetBucketLocation's <LocationConstraint> root element
// (its text is the region; empty for us-east-1, which gives null).
func bucketLocation(c *client.Call, resp *client.Response, out []byte) ([]byte, error) {
	if c.Op.Name != "GetBucketLocation" || resp.StatusCode >= 300 || gjson.GetBytes(out, "LocationConstraint").Exists() {
		return out, nil
	}
	d := xml.NewDecoder(bytes.NewReader(resp.Body))
	var v struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	}
	if err := d.Decode(&v); err != nil || v.XMLName.Local != "LocationConstraint" {
		return out, nil
	}
	val := []byte("null")
	if t := strings.TrimSpace(v.Text); t != "" {
		val = jsonx.AppendString(nil, t)
	}
	return client.SetMember(out, "LocationConstraint", val), nil
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
