// Package v4 implements AWS Signature Version 4 (AWS4-HMAC-SHA256): the
// canonical request, the string to sign, the derived signing key and the
// signature, for header authentication (an Authorization header) and for
// presigned URLs (query authentication), with the S3 variations (no path
// normalization, single URI encoding, UNSIGNED-PAYLOAD, the
// X-Amz-Content-Sha256 header).
//
// It owns the signing algorithm and the cache of derived signing keys, and
// SignJSON, the JSON form behind the C function gosoto_sign. It knows nothing
// of services, protocols, endpoints, credential providers or transports: the
// caller hands it a method, an absolute URL, ordered headers, a payload (or
// its hash), credentials and a service/region pair, and sends what it gets
// back.
//
// No error message or String method of this package ever shows a secret
// access key, a session token or a signing key.
package v4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding"
	"hash"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
)

// Algorithm is the SigV4 algorithm name written in Authorization and
// X-Amz-Algorithm.
const Algorithm = "AWS4-HMAC-SHA256"

// UnsignedPayload is the payload hash used when the payload is not signed.
const UnsignedPayload = "UNSIGNED-PAYLOAD"

// EmptySHA256 is the hex SHA-256 of the empty payload.
const EmptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// MaxPresignExpires is the longest validity SigV4 allows for a presigned URL.
const MaxPresignExpires = 7 * 24 * time.Hour

// Credentials are the keys a request is signed with.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string // optional
}

// String shows the access key id only; the secret and the token are redacted.
func (c Credentials) String() string {
	s := "{AccessKeyID: " + c.AccessKeyID + ", SecretAccessKey: <redacted>"
	if c.SessionToken != "" {
		s += ", SessionToken: <redacted>"
	}
	return s + "}"
}

// GoString is String, so that %#v does not show secrets either.
func (c Credentials) GoString() string { return "v4.Credentials" + c.String() }

// Request is the HTTP request to sign. The signer never modifies it.
type Request struct {
	// Method is the HTTP method ("GET", "POST", ...).
	Method string
	// URL is the absolute URL, possibly with a query, as it will be sent:
	// its path and query are taken as they are written (already
	// percent-encoded, or raw), a fragment is ignored.
	URL string
	// Header holds the headers in order as [name, value] pairs; a name may
	// repeat. Host may be among them; otherwise it is taken from URL.
	Header [][2]string

	// The payload: at most one of Body, BodySHA256 and UnsignedPayload may
	// be set; none means an empty payload.

	// Body is the payload; its SHA-256 is computed.
	Body []byte
	// BodySHA256 is the hex SHA-256 of the payload, computed by the caller.
	BodySHA256 string
	// UnsignedPayload signs with the UNSIGNED-PAYLOAD hash (S3).
	UnsignedPayload bool
}

// Options select how a request is signed.
type Options struct {
	// Service and Region form the credential scope (required).
	Service, Region string
	// Time is the signing time; the zero value means now.
	Time time.Time
	// PresignExpires > 0 signs in the query string (a presigned URL valid
	// this long, whole seconds, at most MaxPresignExpires).
	PresignExpires time.Duration
	// DisableNormalizePath keeps "." / ".." segments and repeated '/' of
	// the path in the canonical URI (S3 needs this).
	DisableNormalizePath bool
	// DisableDoubleURIEncode takes the path as already encoded instead of
	// encoding it once more (S3 needs this).
	DisableDoubleURIEncode bool
	// OmitSessionToken sends X-Amz-Security-Token but leaves it out of the
	// signature (header signing: not a signed header; presigning: appended
	// to the URL after the canonical query).
	OmitSessionToken bool
	// ContentSHA256Header adds the signed header X-Amz-Content-Sha256 with
	// the payload hash (header signing only; S3 wants it).
	ContentSHA256Header bool
	// Debug fills Result.CanonicalRequest and Result.StringToSign.
	Debug bool
}

// Result is a signed request.
type Result struct {
	// URL is the URL to send: the request's URL for header signing, the
	// presigned URL (auth parameters in the query) otherwise.
	URL string
	// Header is the complete set of headers to send, in order: Host when
	// taken from the URL, the caller's headers (less any Authorization,
	// X-Amz-Date, and the X-Amz-Security-Token / X-Amz-Content-Sha256 the
	// signer writes itself), then X-Amz-Security-Token, X-Amz-Date,
	// X-Amz-Content-Sha256 and Authorization (header signing).
	Header [][2]string
	// CanonicalRequest and StringToSign are set when Options.Debug is.
	CanonicalRequest, StringToSign string
	// Signature is the hex signature.
	Signature string
}

// Signer signs requests. It caches derived signing keys (per secret key,
// date, region and service), so keep one and share it: it is safe for
// concurrent use. The zero value is ready to use.
type Signer struct {
	mu   sync.Mutex
	keys map[keyID]*signingKey
	last atomic.Pointer[signingKey]
	now  atomic.Pointer[amzTime]
}

// String does not show the cached keys.
func (s *Signer) String() string { return "v4.Signer" }

// GoString does not show the cached keys.
func (s *Signer) GoString() string { return "v4.Signer{}" }

// maxKeys bounds the key cache; past it the cache starts over.
const maxKeys = 64

type keyID struct {
	secret, region, service string
	date                    [8]byte
}

// signingKey is a derived key in the form HMAC wants it: the SHA-256
// states (marshaled) after hashing the key xor-ed with the inner and the
// outer pad.
type signingKey struct {
	id           keyID
	inner, outer []byte
}

type amzTime struct {
	unix int64
	s    string
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// scratch holds the buffers of one signature.
type scratch struct {
	names  []byte
	hdrs   []hent
	keep   []bool
	signed []byte
	qbuf   []byte
	pairs  []qpair
	segs   []seg
	creq   []byte
	sts    []byte // 64 bytes of inner pad, then the string to sign
	out    []byte
	phash  [64]byte
	sig    [64]byte
	sum    [sha256.Size]byte
	inner  hash.Hash // HMAC hash states, reused
	outer  hash.Hash
}

// sigState is the per-signature state that holds strings. It lives on the
// caller's stack (its scratch buffers come from the pool), so setting its
// fields costs no GC write barrier.
type sigState struct {
	*scratch
	presign    bool
	addSha     bool
	payloadStr string // the payload hash as a string, when one exists without allocating
	payloadLen int    // length of the hash in phash when payloadStr is ""
	host       string // set when Host was added from the URL
	amzDate    string
	token      string
	url        urlParts
	skipped    bool
	credPair   qpair
	shPair     qpair
	expires    int64
}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.creq) > 64<<10 || cap(sc.qbuf) > 64<<10 || cap(sc.out) > 64<<10 {
		return // do not keep huge buffers
	}
	scratchPool.Put(sc)
}

// Sign signs r and returns what to send. With o.PresignExpires > 0 the
// signature goes in the query of Result.URL, else in an Authorization
// header.
func (s *Signer) Sign(r *Request, c Credentials, o Options) (*Result, error) {
	sc := &sigState{scratch: getScratch()}
	defer putScratch(sc.scratch)
	if err := s.core(sc, r, &c, &o); err != nil {
		return nil, err
	}
	res := &Result{Signature: string(sc.sig[:])}
	if o.Debug {
		res.CanonicalRequest = string(sc.creq)
		res.StringToSign = string(sc.sts)
	}
	var auth string
	if sc.presign {
		res.URL = string(s.appendPresignedURL(sc, c.AccessKeyID))
	} else {
		res.URL = r.URL
		sc.out = appendAuthorization(sc.out[:0], sc, c.AccessKeyID, &o)
		auth = string(sc.out)
	}
	res.Header = sc.appendHeaders(make([][2]string, 0, len(r.Header)+5), r, auth)
	return res, nil
}

// AppendSignedHeaders is the hot path of the HTTP client: it signs r with
// an Authorization header and appends the complete header set to send (as
// Result.Header describes it) to dst, returning the extended slice. With a
// precomputed r.BodySHA256 (lower-case hex) and a dst with room for
// len(r.Header)+5 pairs, it allocates only the Authorization value. It does
// not presign (o.PresignExpires must be 0) and ignores o.Debug. On error
// dst is returned unchanged.
func (s *Signer) AppendSignedHeaders(dst [][2]string, r *Request, c *Credentials, o *Options) ([][2]string, error) {
	if o.PresignExpires != 0 {
		return dst, awserr.InvalidArg("presign_expires: AppendSignedHeaders does not presign; use Sign")
	}
	sc := sigState{scratch: getScratch()}
	defer putScratch(sc.scratch)
	if err := s.core(&sc, r, c, o); err != nil {
		return dst, err
	}
	sc.out = appendAuthorization(sc.out[:0], &sc, c.AccessKeyID, o)
	auth := string(sc.out)
	return sc.appendHeaders(dst, r, auth), nil
}

// appendHeaders appends the header set to send.
func (sc *sigState) appendHeaders(dst [][2]string, r *Request, auth string) [][2]string {
	if sc.host != "" {
		dst = append(dst, [2]string{"Host", sc.host})
	}
	for i, h := range r.Header {
		if sc.keep[i] {
			dst = append(dst, h)
		}
	}
	if sc.presign {
		return dst
	}
	if sc.token != "" {
		dst = append(dst, [2]string{"X-Amz-Security-Token", sc.token})
	}
	dst = append(dst, [2]string{"X-Amz-Date", sc.amzDate})
	if sc.addSha {
		v := sc.payloadStr
		if v == "" {
			v = string(sc.phash[:sc.payloadLen])
		}
		dst = append(dst, [2]string{"X-Amz-Content-Sha256", v})
	}
	return append(dst, [2]string{"Authorization", auth})
}

// appendScope appends date/region/service/aws4_request.
func appendScope(dst []byte, sc *sigState, o *Options) []byte {
	dst = append(dst, sc.amzDate[:8]...)
	dst = append(dst, '/')
	dst = append(dst, o.Region...)
	dst = append(dst, '/')
	dst = append(dst, o.Service...)
	return append(dst, "/aws4_request"...)
}

func appendAuthorization(dst []byte, sc *sigState, akid string, o *Options) []byte {
	dst = append(dst, Algorithm+" Credential="...)
	dst = append(dst, akid...)
	dst = append(dst, '/')
	dst = appendScope(dst, sc, o)
	dst = append(dst, ", SignedHeaders="...)
	dst = append(dst, sc.signed...)
	dst = append(dst, ", Signature="...)
	return append(dst, sc.sig[:]...)
}

// appendPresignedURL writes the presigned URL into sc.out.
func (s *Signer) appendPresignedURL(sc *sigState, akid string) []byte {
	b := append(sc.out[:0], sc.url.base...)
	b = append(b, '?')
	q := sc.url.query
	if !sc.skipped {
		b = append(b, q...)
	} else {
		first := true
		for q != "" {
			piece := q
			if i := strings.IndexByte(q, '&'); i >= 0 {
				piece, q = q[:i], q[i+1:]
			} else {
				q = ""
			}
			if piece == "" || authParam(rawKey(piece)) {
				continue
			}
			if !first {
				b = append(b, '&')
			}
			b = append(b, piece...)
			first = false
		}
	}
	if len(b) > 0 && b[len(b)-1] != '?' {
		b = append(b, '&')
	}
	b = append(b, "X-Amz-Algorithm="+Algorithm+"&X-Amz-Credential="...)
	b = append(b, sc.qbuf[sc.credPair.v0:sc.credPair.v1]...)
	b = append(b, "&X-Amz-Date="...)
	b = append(b, sc.amzDate...)
	b = append(b, "&X-Amz-Expires="...)
	b = strconv.AppendInt(b, sc.expires, 10)
	b = append(b, "&X-Amz-SignedHeaders="...)
	b = append(b, sc.qbuf[sc.shPair.v0:sc.shPair.v1]...)
	if sc.token != "" {
		b = append(b, "&X-Amz-Security-Token="...)
		b = appendEncoded(b, sc.token)
	}
	b = append(b, "&X-Amz-Signature="...)
	b = append(b, sc.sig[:]...)
	sc.out = b
	return b
}

// amzDateOf returns t as X-Amz-Date (yyyymmddThhmmssZ), cached per second.
func (s *Signer) amzDateOf(t time.Time) (string, error) {
	u := t.Unix()
	if p := s.now.Load(); p != nil && p.unix == u {
		return p.s, nil
	}
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return "", awserr.InvalidArg("time: year %d is out of range", y)
	}
	h, mi, se := t.Clock()
	var b [16]byte
	str := string(appendAmzDate(b[:0], y, int(mo), d, h, mi, se))
	s.now.Store(&amzTime{unix: u, s: str})
	return str, nil
}

// key returns the signing key for the scope, from the cache when it can.
func (s *Signer) key(secret, date, region, service string) *signingKey {
	id := keyID{secret: secret, region: region, service: service}
	copy(id.date[:], date)
	if k := s.last.Load(); k != nil && k.id == id {
		return k
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[id]; ok {
		s.last.Store(k)
		return k
	}
	if s.keys == nil || len(s.keys) >= maxKeys {
		s.keys = make(map[keyID]*signingKey)
	}
	k := deriveKey(secret, date, region, service)
	k.id = id
	s.keys[id] = k
	s.last.Store(k)
	return k
}

// deriveKey computes the SigV4 signing key
// HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").
func deriveKey(secret, date, region, service string) *signingKey {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	k = hmacSHA256(k, "aws4_request")
	var ipad, opad [64]byte
	for i := range ipad {
		var b byte
		if i < len(k) {
			b = k[i]
		}
		ipad[i] = b ^ 0x36
		opad[i] = b ^ 0x5c
	}
	clear(k)
	sk := &signingKey{inner: padState(ipad[:]), outer: padState(opad[:])}
	clear(ipad[:])
	clear(opad[:])
	return sk
}

// padState returns the marshaled SHA-256 state after hashing one pad block.
func padState(pad []byte) []byte {
	h := sha256.New()
	h.Write(pad)
	st, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		panic("v4: sha256 state cannot be marshaled: " + err.Error())
	}
	return st
}

// hmac sets sc.sum to HMAC-SHA256(key, sc.sts), resuming the pad states.
func (sc *scratch) hmac(key *signingKey) error {
	if sc.inner == nil {
		sc.inner, sc.outer = sha256.New(), sha256.New()
	}
	if err := sc.inner.(encoding.BinaryUnmarshaler).UnmarshalBinary(key.inner); err != nil {
		return awserr.New(awserr.Internal, awserr.CodeInternal, "v4: resuming the HMAC state failed")
	}
	sc.inner.Write(sc.sts)
	sum := sc.inner.Sum(sc.sum[:0])
	if err := sc.outer.(encoding.BinaryUnmarshaler).UnmarshalBinary(key.outer); err != nil {
		return awserr.New(awserr.Internal, awserr.CodeInternal, "v4: resuming the HMAC state failed")
	}
	sc.outer.Write(sum)
	sc.outer.Sum(sc.sum[:0])
	return nil
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// hexPairs holds the two lower-case hex digits of every byte.
var hexPairs = func() (t [256][2]byte) {
	for i := range t {
		t[i] = [2]byte{lowerHex[i>>4], lowerHex[i&15]}
	}
	return t
}()

// hexEncode writes the lower-case hex of src to dst (len(dst) >= 2*len(src)).
func hexEncode(dst []byte, src []byte) {
	dst = dst[:2*len(src)]
	for i, b := range src {
		p := hexPairs[b]
		dst[2*i], dst[2*i+1] = p[0], p[1]
	}
}
