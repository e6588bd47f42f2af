package credentials

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// DefaultProcessTimeout bounds a credential_process run when
// Options.ProcessTimeout is 0.
const DefaultProcessTimeout = time.Minute

// ProcessProvider runs a credential_process command (through /bin/sh -c,
// or cmd /C on Windows) and reads the credentials it prints (see
// ParseProcessOutput). A non-zero exit is an error that carries the end of
// the process's stderr; so is a run longer than Timeout. Put it behind a
// Cache: Expiration is honoured.
type ProcessProvider struct {
	// Command is the shell command.
	Command string
	// AccountID is used when the output has no AccountId (the profile's
	// aws_account_id).
	AccountID string
	// Timeout bounds a run; 0 means DefaultProcessTimeout.
	Timeout time.Duration
	// Name names the provider in errors ("profile dev").
	Name string
}

// maxProcessOutput bounds what is read from the process.
const maxProcessOutput = 1 << 20

// Retrieve runs the command.
func (p *ProcessProvider) Retrieve(ctx context.Context) (Credentials, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultProcessTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd.exe", "/C", p.Command)
	} else {
		cmd = exec.CommandContext(ctx, "/bin/sh", "-c", p.Command)
	}
	cmd.WaitDelay = time.Second
	var stdout, stderr limitedBuffer
	stdout.max, stderr.max = maxProcessOutput, 64<<10
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	what := p.Name + ": credential_process"
	if ctx.Err() == context.DeadlineExceeded {
		return Credentials{}, sourceErr("%s: the process did not finish within %s%s", what, timeout, stderrTail(stderr.Bytes()))
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return Credentials{}, sourceErr("%s: Error retrieving credentials: external process exited with code %s%s",
				what, ee.ProcessState.String(), stderrTail(stderr.Bytes()))
		}
		return Credentials{}, sourceErr("%s: cannot run the process: %v", what, err)
	}
	c, err := ParseProcessOutput(stdout.Bytes())
	if err != nil {
		return Credentials{}, sourceErr("%s: Error retrieving credentials from external process, could not parse response: %v", what, err)
	}
	if c.AccountID == "" {
		c.AccountID = p.AccountID
	}
	c.Source = SourceProcess
	return c, nil
}

// stderrTail returns "; stderr: <last 1 KiB>" or "".
func stderrTail(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	if len(s) > 1024 {
		s = "..." + s[len(s)-1024:]
	}
	return "; stderr: " + s
}

// ParseProcessOutput parses the JSON document a credential_process prints
// (and a binding's callback provider may return):
//
//	{"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//	 "SessionToken": "...", "Expiration": "2026-11-28T22:00:00Z", "AccountId": "..."}
//
// Version must be 1; AccessKeyId and SecretAccessKey are required;
// SessionToken, Expiration (RFC 3339) and AccountId are optional. Errors
// name the member at fault, never a value.
func ParseProcessOutput(b []byte) (Credentials, error) {
	if !gjson.ValidBytes(b) {
		return Credentials{}, errors.New("invalid JSON in response")
	}
	doc := gjson.ParseBytes(b)
	if !doc.IsObject() {
		return Credentials{}, errors.New("invalid JSON in response: expected an object")
	}
	if v := doc.Get("Version"); v.Type != gjson.Number || v.Int() != 1 {
		return Credentials{}, errors.New("Version: expected the number 1")
	}
	str := func(k string) (string, error) {
		v := doc.Get(k)
		if !v.Exists() || v.Type == gjson.Null {
			return "", nil
		}
		if v.Type != gjson.String {
			return "", errors.New(k + ": expected a string")
		}
		return v.Str, nil
	}
	var c Credentials
	var err error
	for _, f := range []struct {
		key string
		dst *string
	}{{"AccessKeyId", &c.AccessKeyID}, {"SecretAccessKey", &c.SecretAccessKey}, {"SessionToken", &c.SessionToken}, {"AccountId", &c.AccountID}} {
		if *f.dst, err = str(f.key); err != nil {
			return Credentials{}, err
		}
	}
	if c.AccessKeyID == "" {
		return Credentials{}, errors.New("AccessKeyId: required")
	}
	if c.SecretAccessKey == "" {
		return Credentials{}, errors.New("SecretAccessKey: required")
	}
	exp, err := str("Expiration")
	if err != nil {
		return Credentials{}, err
	}
	if exp != "" {
		t, err := time.Parse(time.RFC3339, exp)
		if err != nil {
			return Credentials{}, errors.New("Expiration: not an RFC 3339 time (e.g. 2026-11-28T22:00:00Z)")
		}
		c.CanExpire, c.Expires = true, t.UTC()
	}
	return c, nil
}

// limitedBuffer keeps at most max bytes and discards the rest.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		if len(p) > room {
			b.Buffer.Write(p[:room])
		} else {
			b.Buffer.Write(p)
		}
	}
	return len(p), nil
}
