package v4

import (
	"encoding/binary"
	"strings"
)

// This file holds the byte-level steps of the SigV4 canonical request:
// splitting the URL, normalizing and encoding the path, canonicalizing the
// query string and header values. Every function appends to a caller-owned
// buffer so that the hot path allocates nothing.

const upperHex = "0123456789ABCDEF"
const lowerHex = "0123456789abcdef"

// unreserved marks the RFC 3986 unreserved characters, the only bytes SigV4
// leaves unencoded (besides '/' in paths).
var unreserved [256]bool

// tokenChar marks the bytes allowed in an HTTP header name (RFC 9110 token).
var tokenChar [256]bool

func init() {
	for c := 'A'; c <= 'Z'; c++ {
		unreserved[c] = true
		unreserved[c+'a'-'A'] = true
	}
	for c := '0'; c <= '9'; c++ {
		unreserved[c] = true
	}
	for _, c := range "-._~" {
		unreserved[c] = true
	}
	for i := range unreserved {
		tokenChar[i] = unreserved[i]
	}
	for _, c := range "!#$%&'*+^`|" {
		tokenChar[c] = true
	}
}

// urlParts is an absolute URL cut into the pieces the signer needs. All
// fields are substrings of the original URL.
type urlParts struct {
	base  string // everything before '?' or '#'
	host  string // authority without userinfo and without a default port
	path  string // raw (as sent) path, "" when the URL has none
	query string // raw query without '?', "" when absent
}

// splitURL cuts an absolute URL "scheme://authority[path][?query][#fragment]".
// It reports false when u is not of that form.
func splitURL(u string) (p urlParts, ok bool) {
	i := 0
	for i < len(u) {
		c := u[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			i++
			continue
		}
		break
	}
	if i == 0 || len(u)-i < 3 || u[i:i+3] != "://" {
		return p, false
	}
	scheme := u[:i]
	a0 := i + 3
	at := -1
	j := a0
	for ; j < len(u); j++ {
		c := u[j]
		if c == '/' || c == '?' || c == '#' {
			break
		}
		if c <= ' ' || c == 0x7f || c == '\\' {
			return p, false
		}
		if c == '@' {
			at = j
		}
	}
	auth := u[a0:j]
	if at >= 0 {
		auth = u[at+1 : j]
	}
	k := j
	for ; k < len(u) && u[k] != '?' && u[k] != '#'; k++ {
	}
	p.path = u[j:k]
	p.base = u[:k]
	if k < len(u) && u[k] == '?' {
		q := u[k+1:]
		if f := strings.IndexByte(q, '#'); f >= 0 {
			q = q[:f]
		}
		p.query = q
	}
	switch {
	case len(scheme) == 5 && scheme[4]|0x20 == 's' && strings.HasSuffix(auth, ":443") && strings.EqualFold(scheme, "https"):
		auth = auth[:len(auth)-4]
	case len(scheme) == 4 && strings.HasSuffix(auth, ":80") && strings.EqualFold(scheme, "http"):
		auth = auth[:len(auth)-3]
	}
	if auth == "" || auth[0] == ':' {
		return p, false
	}
	p.host = auth
	return p, true
}

// seg is a path segment, as offsets into the path.
type seg struct{ start, end int }

// appendCanonicalPath appends the canonical URI of the raw path. normalize
// removes "." and ".." segments and collapses repeated '/' (keeping a
// trailing '/'); double encodes the raw path once more (every byte that is
// not unreserved or '/', '%' included), otherwise (S3) the path is taken as
// already encoded and only brought to canonical form.
func appendCanonicalPath(dst []byte, path string, normalize, double bool, segs []seg) ([]byte, []seg) {
	if path == "" {
		return append(dst, '/'), segs
	}
	if !normalize || !needsNormalize(path) {
		if path[0] != '/' {
			dst = append(dst, '/')
		}
		return appendPathBytes(dst, path, double), segs
	}
	segs = segs[:0]
	trailing := false
	for i := 0; i <= len(path); {
		j := strings.IndexByte(path[i:], '/')
		if j < 0 {
			j = len(path)
		} else {
			j += i
		}
		s := path[i:j]
		switch s {
		case "":
			trailing = true
		case ".":
			trailing = true
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
			trailing = true
		default:
			segs = append(segs, seg{i, j})
			trailing = false
		}
		i = j + 1
	}
	dst = append(dst, '/')
	for k, sg := range segs {
		if k > 0 {
			dst = append(dst, '/')
		}
		dst = appendPathBytes(dst, path[sg.start:sg.end], double)
	}
	if trailing && len(segs) > 0 {
		dst = append(dst, '/')
	}
	return dst, segs
}

// needsNormalize reports whether normalizing would change path: an empty,
// "." or ".." segment anywhere but a final empty one, or a relative path.
func needsNormalize(path string) bool {
	if path[0] != '/' {
		return true
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '/' {
			continue
		}
		r := path[i+1:]
		if r == "" {
			return false // trailing slash is kept as is
		}
		if r[0] == '/' {
			return true
		}
		if r[0] == '.' && (len(r) == 1 || r[1] == '/' || (r[1] == '.' && (len(r) == 2 || r[2] == '/'))) {
			return true
		}
	}
	return false
}

// appendPathBytes encodes path bytes, leaving '/' as is. See
// appendCanonicalPath for double.
func appendPathBytes(dst []byte, s string, double bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case unreserved[c] || c == '/':
			dst = append(dst, c)
		case !double && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			d := unhex(s[i+1])<<4 | unhex(s[i+2])
			if unreserved[d] {
				dst = append(dst, d)
			} else {
				dst = append(dst, '%', upperHex[d>>4], upperHex[d&15])
			}
			i += 2
		default:
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// appendQueryEncoded appends s, which may hold percent escapes and '+' for
// space (as in application/x-www-form-urlencoded), in the RFC 3986 form
// SigV4 wants: decoded, then every byte but the unreserved ones encoded as
// %XX. A '%' that does not start an escape is taken literally.
func appendQueryEncoded(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
		} else if c == '+' {
			c = ' '
		}
		if unreserved[c] {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// appendEncoded appends s with every byte but the unreserved ones encoded;
// s is a plain value (no escapes are interpreted).
func appendEncoded(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved[c] {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

func appendEncodedBytes(dst, s []byte) []byte {
	for _, c := range s {
		if unreserved[c] {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// hexVal maps a hex digit to its value and every other byte to 0xff.
var hexVal = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < 16; i++ {
		t[lowerHex[i]] = byte(i)
		t[upperHex[i]] = byte(i)
	}
	return t
}()

func isHex(c byte) bool { return hexVal[c] != 0xff }

// hexClass is 1 for a digit or a-f, 3 for A-F, 0 for any other byte.
var hexClass = func() (t [256]byte) {
	for i := 0; i < 16; i++ {
		t[lowerHex[i]] = 1
		if i >= 10 {
			t[upperHex[i]] = 3
		}
	}
	return t
}()

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// isSpace reports the bytes that a canonical header value trims and
// collapses: space, tab and the CR/LF of a folded (obs-fold) value.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendTrimmedValue appends v without leading and trailing white space and
// with every run of white space collapsed to one space.
func appendTrimmedValue(dst []byte, v string) []byte {
	// Fast path: nothing to trim or collapse (no white space at the ends,
	// only single spaces inside).
	clean := true
	for i := 0; i < len(v); i++ {
		if v[i] <= ' ' && (v[i] != ' ' || i == 0 || i == len(v)-1 || v[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return append(dst, v...)
	}
	pending := false
	started := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isSpace(c) {
			pending = started
			continue
		}
		if pending {
			dst = append(dst, ' ')
			pending = false
		}
		started = true
		dst = append(dst, c)
	}
	return dst
}

// appendLowerName appends the lower-cased header name and reports whether it
// is a valid token.
func appendLowerName(dst []byte, name string) ([]byte, bool) {
	if name == "" {
		return dst, false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !tokenChar[c] {
			return dst, false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

// qpair is one canonical query parameter: encoded key and value as offsets
// into a scratch buffer.
type qpair struct{ k0, k1, v0, v1 int32 }

// authParam reports whether the query key is one the presigner writes
// itself; such parameters in the caller's URL are replaced.
func authParam(k string) bool {
	if len(k) < 10 || !strings.EqualFold(k[:6], "X-Amz-") {
		return false
	}
	switch strings.ToLower(k[6:]) {
	case "algorithm", "credential", "date", "expires", "signedheaders", "security-token", "signature":
		return true
	}
	return false
}

// rawKey returns the raw key of a query piece "k=v" or "k".
func rawKey(piece string) string {
	if i := strings.IndexByte(piece, '='); i >= 0 {
		return piece[:i]
	}
	return piece
}

// appendCanonicalQueryPairs parses the raw query into encoded pairs appended
// to buf/pairs. With presign it skips the parameters the presigner writes and
// reports whether any was skipped.
func appendCanonicalQueryPairs(buf []byte, pairs []qpair, query string, presign bool) ([]byte, []qpair, bool) {
	skipped := false
	for query != "" {
		piece := query
		if i := strings.IndexByte(query, '&'); i >= 0 {
			piece, query = query[:i], query[i+1:]
		} else {
			query = ""
		}
		if piece == "" {
			continue
		}
		k, v := piece, ""
		if i := strings.IndexByte(piece, '='); i >= 0 {
			k, v = piece[:i], piece[i+1:]
		}
		if presign && authParam(k) {
			skipped = true
			continue
		}
		var p qpair
		p.k0 = int32(len(buf))
		buf = appendQueryEncoded(buf, k)
		p.k1 = int32(len(buf))
		p.v0 = p.k1
		buf = appendQueryEncoded(buf, v)
		p.v1 = int32(len(buf))
		pairs = append(pairs, p)
	}
	return buf, pairs, skipped
}

// lessPair orders query pairs by encoded key, then encoded value.
func lessPair(buf []byte, a, b qpair) bool {
	ka, kb := buf[a.k0:a.k1], buf[b.k0:b.k1]
	if c := compareBytes(ka, kb); c != 0 {
		return c < 0
	}
	return compareBytes(buf[a.v0:a.v1], buf[b.v0:b.v1]) < 0
}

func compareBytes(a, b []byte) int {
	n := len(a)
	if len(b) < n {
		n = len(b)
	}
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// sortPairs is a stable insertion sort; query strings are short.
func sortPairs(buf []byte, p []qpair) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && lessPair(buf, p[j], p[j-1]); j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

// hent is one signed header: lower-cased name as offsets into a scratch
// buffer, and where its value comes from (src >= 0: the request's header at
// that index; else one of the src* values). It holds no pointer, so sorting
// and pooling it costs no GC write barriers.
type hent struct {
	key    uint64 // the first 8 bytes of the name, big-endian: a quick sort key
	n0, n1 int32
	src    int32
	same   bool // after sorting: same name as the entry before
}

// newHent makes the entry of the name names[n0:] (to its end).
func newHent(names []byte, n0, src int32) hent {
	h := hent{n0: n0, n1: int32(len(names)), src: src}
	n := names[n0:]
	if len(n) >= 8 {
		h.key = binary.BigEndian.Uint64(n)
		return h
	}
	for i := 0; i < 8; i++ {
		h.key <<= 8
		if i < len(n) {
			h.key |= uint64(n[i])
		}
	}
	return h
}

// Sources of the values of the headers the signer adds.
const (
	srcHost  = -1 - iota // host from the URL
	srcDate              // X-Amz-Date
	srcToken             // X-Amz-Security-Token
	srcSha               // X-Amz-Content-Sha256
)

// sortHeaders is a stable insertion sort by lower-cased name, so repeated
// names keep their order.
func sortHeaders(names []byte, h []hent) {
	for i := 1; i < len(h); i++ {
		x := h[i]
		j := i
		for ; j > 0; j-- {
			y := &h[j-1]
			if x.key > y.key || x.key == y.key && compareBytes(names[x.n0:x.n1], names[y.n0:y.n1]) >= 0 {
				break
			}
			h[j] = *y
		}
		h[j] = x
	}
}

// appendAmzDate appends t (UTC) as yyyymmddThhmmssZ.
func appendAmzDate(dst []byte, year, month, day, hour, min, sec int) []byte {
	dst = append(dst, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10),
		byte('0'+month/10), byte('0'+month%10), byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), byte('0'+min/10), byte('0'+min%10),
		byte('0'+sec/10), byte('0'+sec%10), 'Z')
	return dst
}
