package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	_ "github.com/gosoto/gosoto/sdk/service/all"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noEnv is an empty environment, so tests never see the host's settings.
func noEnv(string) (string, bool) { return "", false }

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

const staticCreds = `"credentials":{"access_key_id":"AKIDTEST","secret_access_key":"secretsecret","session_token":"tok"}`

func newSQS(t *testing.T, url string, extra string) *Client {
	t.Helper()
	c, err := New([]byte(`{"service":"sqs","region":"us-east-1","endpoint_url":"`+url+`",`+staticCreds+extra+`}`), noEnv)
	require.NoError(t, err)
	return c
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), string(b))
	return m
}

func TestCallSendsSignedJSONAndAddsMetadata(t *testing.T) {
	var got *http.Request
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		w.Header().Set("x-amzn-RequestId", "req-1")
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		io.WriteString(w, `{"QueueUrls":["http://q/1"],"Unknown":1}`)
	}))
	defer srv.Close()
	c := newSQS(t, srv.URL, "")
	out, err := c.Call(context.Background(), "list_queues", []byte(`{"QueueNamePrefix":"te"}`))
	require.NoError(t, err)
	m := decode(t, out)
	assert.Equal(t, []any{"http://q/1"}, m["QueueUrls"])
	assert.NotContains(t, m, "Unknown")
	md := m["ResponseMetadata"].(map[string]any)
	assert.Equal(t, "req-1", md["RequestId"])
	assert.Equal(t, 200.0, md["HTTPStatusCode"])
	assert.Equal(t, 0.0, md["RetryAttempts"])
	assert.Equal(t, "req-1", md["HTTPHeaders"].(map[string]any)["x-amzn-requestid"])

	assert.Equal(t, "AmazonSQS.ListQueues", got.Header.Get("X-Amz-Target"))
	assert.Equal(t, "application/x-amz-json-1.0", got.Header.Get("Content-Type"))
	assert.Equal(t, "tok", got.Header.Get("X-Amz-Security-Token"))
	assert.True(t, strings.HasPrefix(got.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=AKIDTEST/"), got.Header.Get("Authorization"))
	assert.Contains(t, got.Header.Get("Authorization"), "/us-east-1/sqs/aws4_request")
	assert.JSONEq(t, `{"QueueNamePrefix":"te"}`, string(body))
}

func TestValidationFailsBeforeSending(t *testing.T) {
	var hits int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { atomic.AddInt32(&hits, 1) }))
	defer srv.Close()
	c := newSQS(t, srv.URL, "")
	_, err := c.Call(context.Background(), "SendMessage", []byte(`{"MessageBody":1,"Bogus":true}`))
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Validation, e.Kind)
	assert.Contains(t, e.Message, "QueueUrl")
	assert.Contains(t, e.Message, "Bogus")
	assert.Contains(t, e.Message, "MessageBody")
	assert.Zero(t, atomic.LoadInt32(&hits))

	_, err = c.Call(context.Background(), "NoSuchOp", nil)
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
	assert.Contains(t, err.Error(), `"NoSuchOp"`)
}

func TestRetriesServerErrorsThenSucceeds(t *testing.T) {
	var hits int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if atomic.AddInt32(&hits, 1) == 1 {
			w.WriteHeader(503)
			io.WriteString(w, `{"__type":"ServiceUnavailable","message":"busy"}`)
			return
		}
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()
	c := newSQS(t, srv.URL, "")
	c.retryer.Delay(1) // exercise the API; delays are at most 2s for attempt 1
	out, err := c.Call(context.Background(), "ListQueues", nil)
	require.NoError(t, err)
	assert.Equal(t, 1.0, decode(t, out)["ResponseMetadata"].(map[string]any)["RetryAttempts"])
	assert.EqualValues(t, 2, atomic.LoadInt32(&hits))
}

func TestServiceErrorIsNotRetriedAndKeepsCode(t *testing.T) {
	var hits int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&hits, 1)
		w.Header().Set("x-amzn-RequestId", "rid-9")
		w.Header().Set("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")
		w.WriteHeader(400)
		io.WriteString(w, `{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}`)
	}))
	defer srv.Close()
	c := newSQS(t, srv.URL, "")
	_, err := c.Call(context.Background(), "GetQueueUrl", []byte(`{"QueueName":"nope"}`))
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", e.Code)
	assert.Equal(t, "Sender", e.Type)
	assert.Equal(t, 400, e.StatusCode)
	assert.Equal(t, "rid-9", e.RequestID)
	assert.False(t, e.Retryable)
	assert.EqualValues(t, 1, atomic.LoadInt32(&hits))
	doc := decode(t, e.JSON())
	assert.Equal(t, "service", doc["Kind"])
}

func TestTimeoutIsNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	c := newSQS(t, srv.URL, `,"timeout_ms":200,"max_attempts":1`)
	start := time.Now()
	_, err := c.Call(context.Background(), "ListQueues", nil)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Network, e.Kind, e.Error())
	assert.Less(t, time.Since(start), 4*time.Second)
}

func TestBuildRequestHeaderOrderAndParseResponse(t *testing.T) {
	c := newSQS(t, "https://sqs.us-east-1.amazonaws.com", "")
	out, err := c.BuildRequest(context.Background(), "SendMessage", []byte(`{"QueueUrl":"https://q","MessageBody":"hi"}`))
	require.NoError(t, err)
	var req struct {
		Method  string      `json:"method"`
		URL     string      `json:"url"`
		Headers [][2]string `json:"headers"`
		Body    string      `json:"body_base64"`
	}
	require.NoError(t, json.Unmarshal(out, &req))
	assert.Equal(t, "POST", req.Method)
	assert.Equal(t, "https://sqs.us-east-1.amazonaws.com/", req.URL)
	var names []string
	for _, h := range req.Headers {
		names = append(names, h[0])
	}
	assert.Equal(t, []string{"Host", "Content-Type", "Content-Length", "X-Amz-Date", "X-Amz-Security-Token", "Authorization", "X-Amz-Target", "x-amzn-query-mode"}, names)

	resp := `{"status_code":200,"headers":[["x-amzn-RequestId","r2"]],"body_base64":"eyJNZXNzYWdlSWQiOiJtMSJ9"}`
	got, err := c.ParseResponse("send_message", []byte(resp))
	require.NoError(t, err)
	m := decode(t, got)
	assert.Equal(t, "m1", m["MessageId"])
	assert.Equal(t, "r2", m["ResponseMetadata"].(map[string]any)["RequestId"])

	for _, bad := range []string{`{`, `[]`, `{"status_code":"200"}`, `{"status_code":200,"headers":[["a"]]}`, `{"status_code":200,"body_base64":"!!"}`, `{"status_code":200,"x":1}`} {
		_, err := c.ParseResponse("SendMessage", []byte(bad))
		assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind, bad)
	}
}

func TestSettingsComeFromTheGivenEnvironment(t *testing.T) {
	c, err := New([]byte(`{"service":"sqs",`+staticCreds+`}`), envOf(map[string]string{
		"AWS_REGION": "eu-west-3", "AWS_ENDPOINT_URL_SQS": "http://127.0.0.1:9",
	}))
	require.NoError(t, err)
	assert.Equal(t, "eu-west-3", c.Region())
	assert.Equal(t, "http://127.0.0.1:9", c.Endpoint())
	c, err = New([]byte(`{"service":"sts",`+staticCreds+`}`), envOf(map[string]string{"AWS_DEFAULT_REGION": "ap-south-1"}))
	require.NoError(t, err)
	assert.Equal(t, "https://sts.ap-south-1.amazonaws.com", strings.TrimSuffix(c.Endpoint(), "/"))
}

func TestClientFromRuntimeModel(t *testing.T) {
	doc := `{"metadata":{"protocol":"json","jsonVersion":"1.1","targetPrefix":"Echo","endpointPrefix":"echo","signatureVersion":"v4","serviceId":"Echo"},
	"operations":{"Say":{"name":"Say","http":{"method":"POST","requestUri":"/"},"input":{"shape":"In"},"output":{"shape":"In"}}},
	"shapes":{"In":{"type":"structure","members":{"Text":{"shape":"S"}}},"S":{"type":"string"}}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Echo.Say", r.Header.Get("X-Amz-Target"))
		io.Copy(w, r.Body)
	}))
	defer srv.Close()
	c, err := New([]byte(`{"service_model":`+doc+`,"region":"us-east-1","endpoint_url":"`+srv.URL+`",`+staticCreds+`}`), noEnv)
	require.NoError(t, err)
	out, err := c.Call(context.Background(), "say", []byte(`{"Text":"hello"}`))
	require.NoError(t, err)
	assert.Equal(t, "hello", decode(t, out)["Text"])

	_, err = New([]byte(`{"service_model":{"shapes":{"A":{"type":"nope"}}},"region":"us-east-1"}`), noEnv)
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
	_, err = New([]byte(`{"service":"nosuch","region":"us-east-1"}`), noEnv)
	assert.ErrorContains(t, err, `unknown service "nosuch"`)
}
