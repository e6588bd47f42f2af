package v4

import (
	"crypto/sha256"
	"strconv"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
)

// core runs the SigV4 steps for r into sc: validate the input, build the
// canonical request (sc.creq), the string to sign (sc.sts) and the
// signature (sc.sig). Presigning is selected by o.PresignExpires > 0.
func (s *Signer) core(sc *sigState, r *Request, c *Credentials, o *Options) error {
	if err := validate(r, c, o); err != nil {
		return err
	}
	sc.presign = o.PresignExpires > 0
	sc.addSha = o.ContentSHA256Header && !sc.presign
	if sc.presign {
		if o.PresignExpires < time.Second || o.PresignExpires > MaxPresignExpires {
			return awserr.InvalidArg("presign_expires: must be between 1 and %d seconds", int64(MaxPresignExpires/time.Second))
		}
		sc.expires = int64(o.PresignExpires / time.Second)
	}
	u, ok := splitURL(r.URL)
	if !ok {
		return awserr.InvalidArg("url: not an absolute URL with a scheme and a host")
	}
	sc.url = u
	t := o.Time
	if t.IsZero() {
		t = time.Now()
	}
	var err error
	if sc.amzDate, err = s.amzDateOf(t); err != nil {
		return err
	}
	if err := sc.payloadHash(r); err != nil {
		return err
	}
	sc.token = c.SessionToken
	signToken := sc.token != "" && !o.OmitSessionToken

	// Canonical headers and the signed header list.
	if err := sc.canonicalHeaders(r, signToken); err != nil {
		return err
	}

	// Canonical query, with the auth parameters when presigning.
	sc.qbuf, sc.pairs, sc.skipped = appendCanonicalQueryPairs(sc.qbuf[:0], sc.pairs[:0], u.query, sc.presign)
	if sc.presign {
		sc.addPair("X-Amz-Algorithm", Algorithm)
		p := sc.addPair("X-Amz-Credential", "")
		sc.qbuf = appendEncoded(sc.qbuf, c.AccessKeyID)
		sc.qbuf = append(sc.qbuf, "%2F"...)
		sc.qbuf = append(sc.qbuf, sc.amzDate[:8]...)
		sc.qbuf = append(sc.qbuf, "%2F"...)
		sc.qbuf = appendEncoded(sc.qbuf, o.Region)
		sc.qbuf = append(sc.qbuf, "%2F"...)
		sc.qbuf = appendEncoded(sc.qbuf, o.Service)
		sc.qbuf = append(sc.qbuf, "%2Faws4_request"...)
		sc.pairs[p].v1 = int32(len(sc.qbuf))
		sc.credPair = sc.pairs[p]
		sc.addPair("X-Amz-Date", sc.amzDate)
		p = sc.addPair("X-Amz-Expires", "")
		sc.qbuf = strconv.AppendInt(sc.qbuf, sc.expires, 10)
		sc.pairs[p].v1 = int32(len(sc.qbuf))
		if signToken {
			p = sc.addPair("X-Amz-Security-Token", "")
			sc.qbuf = appendEncoded(sc.qbuf, sc.token)
			sc.pairs[p].v1 = int32(len(sc.qbuf))
		}
		p = sc.addPair("X-Amz-SignedHeaders", "")
		sc.qbuf = appendEncodedBytes(sc.qbuf, sc.signed)
		sc.pairs[p].v1 = int32(len(sc.qbuf))
		sc.shPair = sc.pairs[p]
	}
	sortPairs(sc.qbuf, sc.pairs)

	// The canonical request.
	b := append(sc.creq[:0], r.Method...)
	b = append(b, '\n')
	b, sc.segs = appendCanonicalPath(b, u.path, !o.DisableNormalizePath, !o.DisableDoubleURIEncode, sc.segs)
	b = append(b, '\n')
	for i, p := range sc.pairs {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, sc.qbuf[p.k0:p.k1]...)
		b = append(b, '=')
		b = append(b, sc.qbuf[p.v0:p.v1]...)
	}
	b = append(b, '\n')
	b = sc.appendCanonicalHeaders(b, r)
	b = append(b, '\n')
	b = append(b, sc.signed...)
	b = append(b, '\n')
	b = sc.appendPayload(b)
	sc.creq = b

	// The string to sign.
	key := s.key(c.SecretAccessKey, sc.amzDate[:8], o.Region, o.Service)
	h := sha256.Sum256(sc.creq)
	st := append(sc.sts[:0], Algorithm+"\n"...)
	st = append(st, sc.amzDate...)
	st = append(st, '\n')
	st = appendScope(st, sc, o)
	st = append(st, '\n')
	n := len(st)
	st = append(st, EmptySHA256...) // room for the hex hash
	hexEncode(st[n:], h[:])
	sc.sts = st

	// The signature: HMAC-SHA256(signing key, string to sign), starting
	// from the hash states after the key's inner and outer pad blocks.
	if err := sc.hmac(key); err != nil {
		return err
	}
	hexEncode(sc.sig[:], sc.sum[:])
	return nil
}

// validate checks what core does not check on its way.
func validate(r *Request, c *Credentials, o *Options) error {
	if r.Method == "" {
		return awserr.InvalidArg("method: missing")
	}
	for i := 0; i < len(r.Method); i++ {
		if !tokenChar[r.Method[i]] {
			return awserr.InvalidArg("method: not a valid HTTP method")
		}
	}
	if r.URL == "" {
		return awserr.InvalidArg("url: missing")
	}
	if err := scopePart("service", o.Service); err != nil {
		return err
	}
	if err := scopePart("region", o.Region); err != nil {
		return err
	}
	if c.AccessKeyID == "" {
		return awserr.InvalidArg("credentials: access key id is missing")
	}
	for i := 0; i < len(c.AccessKeyID); i++ {
		if ch := c.AccessKeyID[i]; ch <= ' ' || ch == '/' || ch == ',' || ch >= 0x7f {
			return awserr.InvalidArg("credentials: access key id holds a character that is not allowed")
		}
	}
	if c.SecretAccessKey == "" {
		return awserr.InvalidArg("credentials: secret access key is missing")
	}
	if o.PresignExpires < 0 {
		return awserr.InvalidArg("presign_expires: must be positive")
	}
	n := 0
	if len(r.Body) > 0 {
		n++
	}
	if r.BodySHA256 != "" {
		n++
	}
	if r.UnsignedPayload {
		n++
	}
	if n > 1 {
		return awserr.InvalidArg("body: give only one of the body, body_sha256 and unsigned_payload")
	}
	return nil
}

// scopePart checks a credential scope element (service or region).
func scopePart(name, v string) error {
	if v == "" {
		return awserr.InvalidArg("%s: missing", name)
	}
	for i := 0; i < len(v); i++ {
		if ch := v[i]; ch <= ' ' || ch == '/' || ch >= 0x7f {
			return awserr.InvalidArg("%s: holds a character that is not allowed", name)
		}
	}
	return nil
}

// payloadHash sets the hex payload hash.
func (sc *sigState) payloadHash(r *Request) error {
	sc.payloadStr, sc.payloadLen = "", 0
	switch {
	case r.UnsignedPayload:
		sc.payloadStr = UnsignedPayload
	case r.BodySHA256 != "":
		v := r.BodySHA256
		if len(v) != 64 {
			return awserr.InvalidArg("body_sha256: not 64 hex digits")
		}
		var or, and byte = 0, 0xff
		for i := 0; i < 64; i++ {
			c := hexClass[v[i]]
			or |= c
			and &= c
		}
		if and == 0 {
			return awserr.InvalidArg("body_sha256: not 64 hex digits")
		}
		lower := or&2 == 0
		if !lower {
			for i := 0; i < 64; i++ {
				sc.phash[i] = lowerHex[hexVal[v[i]]]
			}
		}
		if lower {
			sc.payloadStr = v
		} else {
			sc.payloadLen = 64
		}
	case len(r.Body) == 0:
		sc.payloadStr = EmptySHA256
	default:
		sum := sha256.Sum256(r.Body)
		hexEncode(sc.phash[:], sum[:])
		sc.payloadLen = 64
	}
	return nil
}

func (sc *sigState) appendPayload(b []byte) []byte {
	if sc.payloadStr != "" {
		return append(b, sc.payloadStr...)
	}
	return append(b, sc.phash[:sc.payloadLen]...)
}

// addPair adds a query pair with an already encoded key and value and
// returns its index; the value may be extended by appending to sc.qbuf and
// setting v1.
func (sc *scratch) addPair(k, v string) int {
	var p qpair
	p.k0 = int32(len(sc.qbuf))
	sc.qbuf = append(sc.qbuf, k...)
	p.k1 = int32(len(sc.qbuf))
	p.v0 = p.k1
	sc.qbuf = append(sc.qbuf, v...)
	p.v1 = int32(len(sc.qbuf))
	sc.pairs = append(sc.pairs, p)
	return len(sc.pairs) - 1
}

// addHeader adds a signed header with a lower-case name and a value source.
func (sc *scratch) addHeader(lname string, src int32) {
	n0 := int32(len(sc.names))
	sc.names = append(sc.names, lname...)
	sc.hdrs = append(sc.hdrs, newHent(sc.names, n0, src))
}

// canonicalHeaders decides which headers are sent and signed, sorts the
// signed ones (sc.hdrs) and writes the signed header list (sc.signed).
func (sc *sigState) canonicalHeaders(r *Request, signToken bool) error {
	sc.names, sc.hdrs, sc.keep = sc.names[:0], sc.hdrs[:0], sc.keep[:0]
	hasHost := false
	for i, h := range r.Header {
		n0 := len(sc.names)
		var ok bool
		if sc.names, ok = appendLowerName(sc.names, h[0]); !ok {
			return awserr.InvalidArg("headers[%d]: invalid header name %q", i, truncate(h[0], 64))
		}
		ln := sc.names[n0:]
		keep, sign := true, true
		switch string(ln) {
		case "authorization", "x-amz-date":
			keep = false
		case "x-amz-security-token":
			keep = sc.token == ""
		case "x-amz-content-sha256":
			keep = !sc.addSha
		case "host":
			hasHost = true
		case "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection", "upgrade":
			// Sent but never signed: hop-by-hop headers and ones that
			// proxies, tracers or HTTP stacks may change on the way.
			sign = false
		}
		sc.keep = append(sc.keep, keep)
		if keep && sign {
			sc.hdrs = append(sc.hdrs, newHent(sc.names, int32(n0), int32(i)))
		} else {
			sc.names = sc.names[:n0]
		}
	}
	sc.host = ""
	if !hasHost {
		sc.host = sc.url.host
		sc.addHeader("host", srcHost)
	}
	if !sc.presign {
		sc.addHeader("x-amz-date", srcDate)
		if signToken {
			sc.addHeader("x-amz-security-token", srcToken)
		}
		if sc.addSha {
			sc.addHeader("x-amz-content-sha256", srcSha)
		}
	}
	sortHeaders(sc.names, sc.hdrs)
	sg := sc.signed[:0]
	for i, h := range sc.hdrs {
		if i > 0 && sc.sameName(i) {
			sc.hdrs[i].same = true
			continue
		}
		if i > 0 {
			sg = append(sg, ';')
		}
		sg = append(sg, sc.names[h.n0:h.n1]...)
	}
	sc.signed = sg
	return nil
}

// sameName reports whether sorted header i has the name of header i-1.
func (sc *sigState) sameName(i int) bool {
	a, b := sc.hdrs[i], sc.hdrs[i-1]
	return a.key == b.key && string(sc.names[a.n0:a.n1]) == string(sc.names[b.n0:b.n1])
}

// appendCanonicalHeaders appends the canonical header block: one
// "name:value\n" line per name, values of a repeated name joined by ','.
func (sc *sigState) appendCanonicalHeaders(b []byte, r *Request) []byte {
	for i, h := range sc.hdrs {
		if h.same {
			b = append(b, ',')
		} else {
			if i > 0 {
				b = append(b, '\n')
			}
			b = append(b, sc.names[h.n0:h.n1]...)
			b = append(b, ':')
		}
		switch h.src {
		case srcHost:
			b = appendTrimmedValue(b, sc.host)
		case srcDate:
			b = append(b, sc.amzDate...)
		case srcToken:
			b = append(b, sc.token...) // a token is base64, nothing to trim
		case srcSha:
			b = sc.appendPayload(b)
		default:
			b = appendTrimmedValue(b, r.Header[h.src][1])
		}
	}
	if len(sc.hdrs) > 0 {
		b = append(b, '\n')
	}
	return b
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
