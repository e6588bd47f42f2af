package credentials

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/limitio"
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/tidwall/gjson"
)

// ContainerHost is the ECS task metadata host that
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is relative to.
const ContainerHost = "http://169.254.170.2"

// containerAllowedHTTPHosts are the link-local hosts of ECS and EKS Pod
// Identity that AWS_CONTAINER_CREDENTIALS_FULL_URI may name over plain
// http (loopback addresses are allowed too).
var containerAllowedHTTPHosts = []string{"169.254.170.2", "169.254.170.23", "fd00:ec2::23"}

// containerTimeout bounds one request to the container endpoint.
const containerTimeout = 2 * time.Second

// ContainerEndpoint returns the container credentials URL that env
// configures: ContainerHost + AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, else
// AWS_CONTAINER_CREDENTIALS_FULL_URI, which must be https, or http to a
// loopback address or an ECS/EKS link-local host. Neither set is a
// *NotFoundError; a URL that breaks the rules is an error naming it.
func ContainerEndpoint(env settings.Env) (string, error) {
	if rel := env.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); rel != "" {
		if !strings.HasPrefix(rel, "/") {
			rel = "/" + rel
		}
		return ContainerHost + rel, nil
	}
	full := env.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	if full == "" {
		return "", &NotFoundError{Source: SourceContainer,
			Reason: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set"}
	}
	u, err := url.Parse(full)
	if err != nil || u.Host == "" {
		return "", sourceErr("container: AWS_CONTAINER_CREDENTIALS_FULL_URI %q is not an absolute URL", full)
	}
	switch u.Scheme {
	case "https":
		return full, nil
	case "http":
		if allowedHTTPHost(u.Hostname()) {
			return full, nil
		}
		return "", sourceErr("container: AWS_CONTAINER_CREDENTIALS_FULL_URI %q: plain http is only allowed to a loopback address "+
			"or to 169.254.170.2, 169.254.170.23 or [fd00:ec2::23]; use https", full)
	}
	return "", sourceErr("container: AWS_CONTAINER_CREDENTIALS_FULL_URI %q: the scheme must be http or https", full)
}

func allowedHTTPHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() {
		return true
	}
	for _, h := range containerAllowedHTTPHosts {
		if ip.Equal(net.ParseIP(h)) {
			return true
		}
	}
	return false
}

// ContainerProvider gets credentials from the ECS / EKS Pod Identity
// container credentials endpoint (see ContainerEndpoint), sending the
// authorization token of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read on
// every request: it rotates) or AWS_CONTAINER_AUTHORIZATION_TOKEN. Put it
// behind a Cache.
type ContainerProvider struct {
	// Options supply the environment, the HTTP client and the clock.
	Options Options
}

// Retrieve calls the endpoint (one retry on a network error or a 5xx).
func (p *ContainerProvider) Retrieve(ctx context.Context) (Credentials, error) {
	env := p.Options.env()
	ep, err := ContainerEndpoint(env)
	if err != nil {
		return Credentials{}, err
	}
	auth := ""
	if f := env.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); f != "" {
		b, err := limitio.ReadFile(f, maxTokenFile)
		if err != nil {
			return Credentials{}, sourceErr("container: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s: %s", f, errCause(err))
		}
		auth = strings.TrimSpace(string(b))
	} else {
		auth = env.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
	}
	if strings.ContainsAny(auth, "\r\n") {
		return Credentials{}, sourceErr("container: the authorization token contains a line break")
	}
	var lastErr error
	for attempt := 0; attempt < 2; attempt++ {
		rctx, cancel := context.WithTimeout(ctx, containerTimeout)
		c, err, retry := p.fetch(rctx, ep, auth)
		cancel()
		if err == nil {
			return c, nil
		}
		lastErr = err
		if !retry || ctx.Err() != nil {
			break
		}
	}
	return Credentials{}, lastErr
}

func (p *ContainerProvider) fetch(ctx context.Context, ep, auth string) (Credentials, error, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ep, nil)
	if err != nil {
		return Credentials{}, sourceErr("container: endpoint %q: %v", ep, err), false
	}
	req.Header.Set("Accept", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	out, err := doJSON(p.Options.httpClient(), req, "container: "+ep)
	if err != nil {
		ae := asAWSErr(err)
		return Credentials{}, err, ae != nil && ae.Retryable
	}
	c := Credentials{AccessKeyID: out.Get("AccessKeyId").String(), SecretAccessKey: out.Get("SecretAccessKey").String(),
		SessionToken: out.Get("Token").String(), AccountID: out.Get("AccountId").String(), Source: SourceContainer}
	if !c.HasKeys() {
		return Credentials{}, sourceErr("container: %s: the response has no AccessKeyId and SecretAccessKey", ep), false
	}
	if exp := out.Get("Expiration"); exp.Exists() {
		t, err := parseTime(exp)
		if err != nil {
			return Credentials{}, sourceErr("container: %s: Expiration: %v", ep, err), false
		}
		c.CanExpire, c.Expires = true, t
	}
	return c, nil, false
}

// doJSON sends req and returns the JSON body of a 2xx answer; any other
// answer is an error with the service's error type and message (never the
// body, which may hold a token).
func doJSON(client *http.Client, req *http.Request, what string) (gjson.Result, error) {
	resp, err := client.Do(req)
	if err != nil {
		return gjson.Result{}, &awserr.Error{Kind: awserr.Credentials, Code: awserr.CodeNetwork,
			Message: what + ": " + redactURLError(err), Retryable: true, Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return gjson.Result{}, &awserr.Error{Kind: awserr.Credentials, Code: awserr.CodeNetwork,
			Message: what + ": reading the response: " + err.Error(), Retryable: true, Err: err}
	}
	if resp.StatusCode/100 != 2 {
		doc := gjson.ParseBytes(body)
		code := firstNonEmpty(resp.Header.Get("X-Amzn-Errortype"), doc.Get("__type").String(), doc.Get("error").String(), doc.Get("code").String())
		if i := strings.IndexAny(code, ":#"); i >= 0 && strings.Contains(code, ":") {
			code = code[:i]
		}
		msg := firstNonEmpty(doc.Get("message").String(), doc.Get("Message").String(), doc.Get("error_description").String())
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return gjson.Result{}, &awserr.Error{Kind: awserr.Credentials, Code: firstNonEmpty(code, CodeCredentialsSource),
			Message: what + ": HTTP " + itoa(int64(resp.StatusCode)) + firstNonEmpty(": "+msg, ""), StatusCode: resp.StatusCode,
			Retryable: resp.StatusCode >= 500 || resp.StatusCode == 429}
	}
	if !gjson.ValidBytes(body) {
		return gjson.Result{}, sourceErr("%s: the response is not JSON", what)
	}
	return gjson.ParseBytes(body), nil
}
