package client

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

const fuzzCreds = `"credentials": {"access_key_id": "AKIDFUZZ", "secret_access_key": "fuzz-secret-key"}`

// FuzzNew: gosoto_client_new's config_json, with an empty environment. A
// config is accepted or refused with an InvalidArgument *awserr.Error.
// Configs naming a service_model_path are skipped: reading a file the
// caller names (say /dev/zero) is the caller's business, not a parser's.
func FuzzNew(f *testing.F) {
	f.Add(`{"service": "sqs", "region": "us-east-1", ` + fuzzCreds + `}`)
	f.Add(`{"service": "sts", "region": "eu-west-3", "endpoint_url": "http://127.0.0.1:1/p", "max_attempts": 2, "timeout_ms": 5}`)
	f.Add(`{"service_model": {"metadata": {"protocol": "rest-json", "endpointPrefix": "x"}, "operations": {"A": {"http": {"method": "GET", "requestUri": "/{B}"}}}, "shapes": {}}, "region": "us-east-1"}`)
	f.Add(`{"service": "nosuch", "profile": "p"}`)
	f.Fuzz(func(t *testing.T, doc string) {
		if gjson.Get(doc, "service_model_path").Exists() || strings.Contains(doc, "service_model_path") {
			return
		}
		c, err := New([]byte(doc), noEnv)
		if err != nil {
			var e *awserr.Error
			if !errors.As(err, &e) || e.Kind != awserr.InvalidArgument {
				t.Fatalf("error %T %v is not an InvalidArgument *awserr.Error", err, err)
			}
			return
		}
		c.Close()
	})
}

// fuzzClients: one client per protocol, on built-in models when the
// generated services include them (sqs json, sts query, ec2, lambda
// rest-json, route53 rest-xml).
func fuzzClients(f *testing.F) []*Client {
	var cs []*Client
	for _, name := range []string{"sqs", "sts", "ec2", "lambda", "route53"} {
		if _, err := model.Lookup(name); err != nil {
			continue
		}
		c, err := New([]byte(`{"service": "`+name+`", "region": "us-east-1", "endpoint_url": "http://127.0.0.1:1", `+fuzzCreds+`}`), noEnv)
		if err != nil {
			f.Fatal(err)
		}
		cs = append(cs, c)
	}
	if len(cs) == 0 {
		f.Fatal("no built-in service model")
	}
	return cs
}

// pickOp: an operation name from the fuzzer's choice: one of the model's
// (by index) or the name as given (unknown or snake_case names).
func pickOp(c *Client, name string, idx uint16) string {
	if idx&1 == 0 {
		return name
	}
	ops := c.Service().OperationNames()
	return ops[int(idx>>1)%len(ops)]
}

func checkErr(t *testing.T, err error) {
	var e *awserr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not an *awserr.Error", err, err)
	}
	if e.Kind == awserr.Internal {
		t.Fatalf("internal error (a recovered panic?): %v", e)
	}
	if strings.Contains(e.Error(), "fuzz-secret-key") {
		t.Fatalf("error carries the secret key: %v", e)
	}
}

// FuzzBuildRequest: call input (input_json of gosoto_client_call and
// gosoto_client_build_request) for every protocol, through the client's
// Validate, Build and signing. It succeeds with the documented JSON or fails
// with an *awserr.Error, never an internal one.
func FuzzBuildRequest(f *testing.F) {
	f.Add("SendMessage", uint16(0), `{"QueueUrl": "http://127.0.0.1:1/1/q", "MessageBody": "hi", "MessageAttributes": {"a": {"DataType": "String", "StringValue": "v"}}}`)
	f.Add("get_caller_identity", uint16(0), `{}`)
	f.Add("", uint16(1), `{"DryRun": true, "Filters": [{"Name": "n", "Values": ["v"]}], "FunctionName": "f", "Id": "/x/../y"}`)
	f.Add("", uint16(7), `{"HostedZoneId": "Z1", "MaxItems": "1", "Qualifier": "\u0000"}`)
	f.Add("NoSuchOperation", uint16(0), `[]`)
	cs := fuzzClients(f)
	f.Fuzz(func(t *testing.T, opName string, idx uint16, input string) {
		for _, c := range cs {
			out, err := c.BuildRequest(context.Background(), pickOp(c, opName, idx), []byte(input))
			if err != nil {
				checkErr(t, err)
				continue
			}
			var req struct {
				Method  string      `json:"method"`
				URL     string      `json:"url"`
				Headers [][2]string `json:"headers"`
			}
			if err := json.Unmarshal(out, &req); err != nil || req.Method == "" || req.URL == "" {
				t.Fatalf("%s: not the documented request JSON: %v: %s", c.Service().Name, err, out)
			}
			for _, kv := range req.Headers {
				if strings.ContainsAny(kv[0]+kv[1], "\r\n\x00") {
					t.Fatalf("%s: header %q carries a control character", c.Service().Name, kv)
				}
			}
		}
	})
}

// FuzzParseResponse: gosoto_client_parse_response's response_json, for every
// protocol. Valid JSON output (with ResponseMetadata) or an *awserr.Error.
func FuzzParseResponse(f *testing.F) {
	f.Add("SendMessage", uint16(0), `{"status_code": 200, "headers": [["x-amzn-RequestId", "r"]], "body_base64": "eyJNZXNzYWdlSWQiOiJ4In0="}`)
	f.Add("GetCallerIdentity", uint16(0), `{"status_code": 200, "headers": [], "body_base64": "PEdldENhbGxlcklkZW50aXR5UmVzcG9uc2U+PEdldENhbGxlcklkZW50aXR5UmVzdWx0PjxBY2NvdW50PjE8L0FjY291bnQ+PC9HZXRDYWxsZXJJZGVudGl0eVJlc3VsdD48L0dldENhbGxlcklkZW50aXR5UmVzcG9uc2U+"}`)
	f.Add("", uint16(3), `{"status_code": 400, "headers": [["X-Amzn-ErrorType", "ResourceNotFoundException:"]], "body_base64": "eyJfX3R5cGUiOiJ4In0="}`)
	f.Add("", uint16(5), `{"status_code": 503, "body_base64": "PEVycm9yUmVzcG9uc2U+PEVycm9yPjxDb2RlPlRocm90dGxpbmc8L0NvZGU+PC9FcnJvcj48L0Vycm9yUmVzcG9uc2U+"}`)
	f.Add("x", uint16(0), `{"status_code": "200", "headers": {"a": 1}, "body_base64": "!!"}`)
	cs := fuzzClients(f)
	f.Fuzz(func(t *testing.T, opName string, idx uint16, resp string) {
		for _, c := range cs {
			out, err := c.ParseResponse(pickOp(c, opName, idx), []byte(resp))
			if err != nil {
				checkErr(t, err)
				continue
			}
			if !gjson.ValidBytes(out) || !gjson.GetBytes(out, "ResponseMetadata").IsObject() {
				t.Fatalf("%s: output is not a JSON object with ResponseMetadata: %s", c.Service().Name, out)
			}
		}
	})
}
