// Package log is gosoto's one logger. It is off by default; GOSOTO_LOG=debug
// (read through the live environment when a client is created) turns on
// wire logging: each request and response (method, URL, headers, body) as
// one line each, to stderr, or appended to the file named by
// GOSOTO_LOG_FILE.
//
// Nothing secret is ever written: the URL's X-Amz-Signature,
// X-Amz-Security-Token and X-Amz-Credential query values, the Signature of
// an Authorization header (any other Authorization value whole), the
// X-Amz-Security-Token header, cookies, SSE-C keys, and credential members
// of bodies (SecretAccessKey, SessionToken, AccessToken, ... in JSON, XML
// or form bodies) are replaced by "<redacted>". Bodies are cut to
// MaxBody bytes. The access key ID stays visible (it is not a secret and
// identifies which credentials were used).
//
// It lives at the top level (internal/log) so that credentials and sdk can
// both use it.
package log

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// Env reads one environment variable (settings.Env's shape).
type Env func(key string) (string, bool)

// MaxBody is the number of body bytes a log line shows.
const MaxBody = 2048

// Redacted replaces a secret.
const Redacted = "<redacted>"

// Logger writes log lines to one destination; a nil *Logger discards. It is
// safe for concurrent use.
type Logger struct {
	mu sync.Mutex
	w  io.Writer
}

var (
	mu    sync.Mutex
	dests = map[string]*Logger{} // "" = stderr; else a file path
	// hook, if set, receives every line written (tests).
	hook func(string)
	// last is the logger FromEnv enabled last (see Last).
	last *Logger
)

// FromEnv returns the logger GOSOTO_LOG and GOSOTO_LOG_FILE select: nil
// unless GOSOTO_LOG is "debug" (case-insensitive). Loggers are shared per
// destination: there is one stderr logger per process. A GOSOTO_LOG_FILE
// that cannot be opened falls back to stderr (with a line saying so).
func FromEnv(env Env) *Logger {
	if env == nil {
		return nil
	}
	v, _ := env("GOSOTO_LOG")
	if !strings.EqualFold(strings.TrimSpace(v), "debug") {
		return nil
	}
	file, _ := env("GOSOTO_LOG_FILE")
	mu.Lock()
	l, ok := dests[file]
	var fallback error
	if !ok {
		var w io.Writer = os.Stderr
		if file != "" {
			f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
			if err != nil {
				fallback = err
			} else {
				w = f
			}
		}
		l = &Logger{w: w}
		dests[file] = l
	}
	last = l
	mu.Unlock()
	if fallback != nil {
		l.Printf("log: GOSOTO_LOG_FILE: %v; logging to stderr", fallback)
	}
	return l
}

// Last returns the logger FromEnv enabled last, nil while logging has not
// been turned on. Code that runs outside any client (the credentials
// sources' refresh warnings) logs through it.
func Last() *Logger {
	mu.Lock()
	defer mu.Unlock()
	return last
}

// SetHook makes every line written also go to f (nil removes it); tests
// use it to capture output.
func SetHook(f func(line string)) {
	mu.Lock()
	hook = f
	mu.Unlock()
}

// Enabled reports whether l writes anything.
func (l *Logger) Enabled() bool { return l != nil }

// Printf writes one line, prefixed with the time and "gosoto: ". Callers
// never pass secrets; Printf does not redact.
func (l *Logger) Printf(format string, args ...any) {
	if l == nil {
		return
	}
	line := time.Now().UTC().Format("2006-01-02T15:04:05.000Z") + " gosoto: " + fmt.Sprintf(format, args...)
	line = strings.ReplaceAll(strings.TrimRight(line, "\n"), "\n", `\n`) + "\n"
	mu.Lock()
	h := hook
	mu.Unlock()
	if h != nil {
		h(line)
	}
	l.mu.Lock()
	io.WriteString(l.w, line)
	l.mu.Unlock()
}

// Request logs one request: method, redacted URL, headers and body.
func (l *Logger) Request(id uint64, method, url, host string, h http.Header, body []byte, bodyLen int64) {
	if l == nil {
		return
	}
	l.Printf("request #%d: %s %s host=%s headers={%s} body(%d)=%s", id, method, RedactURL(url), host, Headers(h), bodyLen, Body(body))
}

// Response logs one response (status, headers, body) or the error of an
// attempt that got none.
func (l *Logger) Response(id uint64, status int, h http.Header, body []byte, err error, elapsed time.Duration) {
	if l == nil {
		return
	}
	if err != nil {
		l.Printf("response #%d: error after %s: %s", id, elapsed.Round(time.Microsecond), RedactText(err.Error()))
		return
	}
	l.Printf("response #%d: %d after %s headers={%s} body(%d)=%s", id, status, elapsed.Round(time.Microsecond), Headers(h), len(body), Body(body))
}

// ---------------------------------------------------------------- redaction

var secretQuery = map[string]bool{"x-amz-signature": true, "x-amz-security-token": true, "x-amz-credential": true}

// RedactURL replaces the values of the query's X-Amz-Signature,
// X-Amz-Security-Token and X-Amz-Credential parameters, and any user
// information, by <redacted>.
func RedactURL(u string) string {
	if at := strings.Index(u, "@"); at >= 0 {
		if s := strings.Index(u, "://"); s >= 0 && s < at && !strings.ContainsAny(u[s+3:at], "/?#") {
			u = u[:s+3] + Redacted + u[at:]
		}
	}
	q := strings.IndexByte(u, '?')
	if q < 0 {
		return u
	}
	base, query, frag := u[:q], u[q+1:], ""
	if f := strings.IndexByte(query, '#'); f >= 0 {
		query, frag = query[:f], query[f:]
	}
	parts := strings.Split(query, "&")
	for i, p := range parts {
		name := p
		if eq := strings.IndexByte(p, '='); eq >= 0 {
			name = p[:eq]
		}
		if secretQuery[strings.ToLower(name)] {
			parts[i] = name + "=" + Redacted
		}
	}
	return base + "?" + strings.Join(parts, "&") + frag
}

// The patterns below are compiled on first use: they serve only debug
// logging and error redaction, and compiling them at load cost every
// process ~0.2 ms of start-up.
var sigRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(Signature=)[^,\s]*`) })

var secretHeaders = map[string]bool{
	"x-amz-security-token": true, "cookie": true, "set-cookie": true, "proxy-authorization": true,
	"x-amz-server-side-encryption-customer-key":             true,
	"x-amz-copy-source-server-side-encryption-customer-key": true,
}

// RedactHeader returns the value of header name as it may be logged.
func RedactHeader(name, value string) string {
	n := strings.ToLower(name)
	switch {
	case secretHeaders[n]:
		return Redacted
	case n == "authorization":
		if strings.HasPrefix(value, "AWS4-") && strings.Contains(value, "Signature=") {
			return sigRe().ReplaceAllString(value, "${1}"+Redacted)
		}
		return Redacted
	}
	return value
}

// Headers formats h sorted by name, values redacted.
func Headers(h http.Header) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, k := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		for j, v := range h[k] {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s: %q", k, RedactHeader(k, v))
		}
	}
	return b.String()
}

// Credential-bearing members of request and response bodies.
const secretNames = `secretaccesskey|secret_access_key|sessiontoken|session_token|accesstoken|access_token|refreshtoken|refresh_token|clientsecret|client_secret|webidentitytoken|samlassertion|password|token|credential_process`

var secretRes = sync.OnceValue(func() (r struct{ json, xml, form, text *regexp.Regexp }) {
	r.json = regexp.MustCompile(`(?i)("(?:` + secretNames + `)"\s*:\s*")(?:[^"\\]|\\.)*(?:"|$)`)
	r.xml = regexp.MustCompile(`(?i)(<(` + secretNames + `)>)[^<]*(</|$)`)
	r.form = regexp.MustCompile(`(?i)((?:^|&)(?:` + secretNames + `)=)[^&]*`)
	r.text = regexp.MustCompile(`(?i)(X-Amz-(?:Signature|Security-Token|Credential)=)[^&\s"]*`)
	return r
})

// RedactText replaces credential members of a JSON, XML or form body, and
// signature query parameters inside a text, by <redacted>.
func RedactText(s string) string {
	re := secretRes()
	s = re.json.ReplaceAllString(s, `${1}`+Redacted+`"`)
	s = re.xml.ReplaceAllString(s, `${1}`+Redacted+`${3}`)
	s = re.form.ReplaceAllString(s, `${1}`+Redacted)
	s = re.text.ReplaceAllString(s, `${1}`+Redacted)
	return s
}

// Body formats a body for a log line: redacted, then cut to MaxBody bytes,
// quoted.
func Body(b []byte) string {
	if len(b) == 0 {
		return `""`
	}
	// Redact on a bounded prefix: a secret past the cut is not shown anyway.
	n := len(b)
	if n > 4*MaxBody {
		b = b[:4*MaxBody]
	}
	s := RedactText(string(b))
	more := ""
	if len(s) > MaxBody {
		s = s[:MaxBody]
		more = fmt.Sprintf("...(%d bytes)", n)
	}
	return fmt.Sprintf("%q%s", s, more)
}
