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

// stsTestCaller is a Caller for tests that performs STS calls itself with
// the query protocol over client: a form POST (Action, Version and the
// input's scalar members), signed with sdk/signer/v4 when the call has
// credentials, the XML response turned into boto3's output JSON. It lets
// the providers be tested without sdk/client.
func stsTestCaller(client *http.Client, now func() time.Time) Caller {
	signer := &v4.Signer{}
	return func(ctx context.Context, c Call) ([]byte, error) {
		if c.Service != "sts" {
			return nil, awserr.InvalidArg("stsTestCaller: service %q", c.Service)
		}
		ep := c.EndpointURL
		if ep == "" {
			s := &callSettings{useFIPS: c.UseFIPS, useDualStack: c.UseDualStack}
			ep = s.publicEndpoint("sts", c.Region)
		}
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
				v4.Options{Service: "sts", Region: c.Region, Time: now()})
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
