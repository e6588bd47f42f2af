package credentials

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/tidwall/gjson"
)

// testEndpoint is the endpoint of a test call: AWS_ENDPOINT_URL_<SERVICE>
// of its environment, else the service's public regional endpoint (the
// region of the call, else AWS_REGION, else us-east-1). Test code only: the
// library resolves endpoints in sdk/client.
func testEndpoint(c Call) string {
	env := c.Source.Env
	key := strings.ToUpper(strings.ReplaceAll(c.Service, "-", "_"))
	if v := env.Get("AWS_ENDPOINT_URL_" + key); v != "" {
		return v
	}
	region := testRegion(c)
	host := map[string]string{"sts": "sts", "sso": "portal.sso", "sso-oidc": "oidc"}[c.Service]
	return "https://" + host + "." + region + ".amazonaws.com"
}

// testRegion is the region of a test call: its own, else AWS_REGION, else
// us-east-1.
func testRegion(c Call) string {
	if c.Region != "" {
		return c.Region
	}
	if r := c.Source.Env.Get("AWS_REGION"); r != "" {
		return r
	}
	return "us-east-1"
}

// ssoTestCall performs sso GetRoleCredentials or sso-oidc CreateToken as
// their REST-JSON wire format has them.
func ssoTestCall(ctx context.Context, client *http.Client, c Call) ([]byte, error) {
	ep := strings.TrimRight(testEndpoint(c), "/")
	in := gjson.ParseBytes(c.Input)
	var req *http.Request
	var err error
	switch c.Operation {
	case "GetRoleCredentials":
		q := url.Values{"account_id": {in.Get("accountId").String()}, "role_name": {in.Get("roleName").String()}}
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, ep+"/federation/credentials?"+q.Encode(), nil)
		if err == nil {
			req.Header.Set("x-amz-sso_bearer_token", in.Get("accessToken").String())
		}
	case "CreateToken":
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, ep+"/token", strings.NewReader(string(c.Input)))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	default:
		return nil, awserr.InvalidArg("ssoTestCall: operation %q", c.Operation)
	}
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, &awserr.Error{Kind: awserr.Network, Code: awserr.CodeNetwork, Message: err.Error(), Err: err}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return nil, &awserr.Error{Kind: awserr.Service, Code: "HTTP" + resp.Status, Message: gjson.GetBytes(raw, "message").String(), StatusCode: resp.StatusCode}
	}
	return raw, nil
}

// stsTestCaller is a Caller for tests that performs STS calls itself with
// the query protocol over client: a form POST (Action, Version and the
// input's scalar members), signed with sdk/signer/v4 when the call has
// credentials, the XML response turned into boto3's output JSON. It lets
// the providers be tested without sdk/client. It performs the SSO calls too
// (ssoTestCall).
func stsTestCaller(client *http.Client, now func() time.Time) Caller {
	signer := &v4.Signer{}
	return func(ctx context.Context, c Call) ([]byte, error) {
		switch c.Service {
		case "sso", "sso-oidc":
			return ssoTestCall(ctx, client, c)
		case "sts":
		default:
			return nil, awserr.InvalidArg("stsTestCaller: service %q", c.Service)
		}
		ep := testEndpoint(c)
		if u, err := url.Parse(ep); err == nil && u.Path == "" {
			ep += "/"
		}
		form := url.Values{"Action": {c.Operation}, "Version": {"2011-06-15"}}
		gjson.ParseBytes(c.Input).ForEach(func(k, v gjson.Result) bool {
			form.Set(k.String(), v.String())
			return true
		})
		body := form.Encode()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep, strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if c.Credentials != nil {
			creds, err := c.Credentials.Retrieve(ctx)
			if err != nil {
				return nil, err
			}
			res, err := signer.Sign(&v4.Request{Method: http.MethodPost, URL: ep,
				Header: [][2]string{{"Content-Type", "application/x-www-form-urlencoded"}}, Body: []byte(body)},
				v4.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken},
				v4.Options{Service: "sts", Region: testRegion(c), Time: now()})
			if err != nil {
				return nil, err
			}
			for _, h := range res.Header {
				if !strings.EqualFold(h[0], "Host") {
					req.Header.Set(h[0], h[1])
				}
			}
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, &awserr.Error{Kind: awserr.Network, Code: awserr.CodeNetwork, Message: err.Error(), Err: err}
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			var e struct {
				Error struct{ Type, Code, Message string } `xml:"Error"`
			}
			_ = xml.Unmarshal(raw, &e)
			return nil, &awserr.Error{Kind: awserr.Service, Code: e.Error.Code, Message: e.Error.Message, StatusCode: resp.StatusCode}
		}
		var r struct {
			Result struct {
				Credentials     struct{ AccessKeyId, SecretAccessKey, SessionToken, Expiration string }
				AssumedRoleUser struct{ AssumedRoleId, Arn string }
			} `xml:",any"`
		}
		if err := xml.Unmarshal(raw, &r); err != nil {
			return nil, &awserr.Error{Kind: awserr.Service, Code: "XMLParseError", Message: err.Error()}
		}
		return json.Marshal(map[string]any{"Credentials": r.Result.Credentials, "AssumedRoleUser": r.Result.AssumedRoleUser})
	}
}
