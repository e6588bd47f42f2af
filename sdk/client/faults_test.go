package client

import (
	"context"
	"fmt"
	"hash/crc32"
	"net"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/retry"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fault matrix (issue 6): every way a response can go wrong, against a
// local fault-injecting server (faults_server_test.go), under the standard
// and the adaptive retry modes. Each row runs twice:
// "recovers" (the fault on the first two attempts, then a good answer: the
// call succeeds with ResponseMetadata.RetryAttempts 2) and "exhausts" (the
// fault on every attempt: the call fails after max_attempts, 3, with the
// row's Kind and Code, within the configured timeouts).

const faultReadTimeout = 200 * time.Millisecond

const (
	sqsOK    = `{"QueueUrls":["http://q/1"]}`
	s3OK     = `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name></Bucket></Buckets></ListAllMyBucketsResult>`
	ddbOK    = `{"TableNames":["t1","t2"]}`
	jsonType = "application/x-amz-json-1.0"
)

type faultTarget struct {
	service, op string
	ok          fault
}

var (
	sqsTarget = faultTarget{"sqs", "ListQueues", respond(200, map[string]string{"Content-Type": jsonType}, sqsOK)}
	s3Target  = faultTarget{"s3", "ListBuckets", respond(200, map[string]string{"Content-Type": "application/xml"}, s3OK)}
	ddbTarget = faultTarget{"dynamodb", "ListTables", respond(200, map[string]string{
		"Content-Type": jsonType, "x-amz-crc32": fmt.Sprint(crc32.ChecksumIEEE([]byte(ddbOK)))}, ddbOK)}
)

func jsonErr(status int, typ string) fault {
	return respond(status, map[string]string{"Content-Type": jsonType}, `{"__type":"com.amazonaws.x#`+typ+`","message":"injected"}`)
}

func faultClient(t *testing.T, service, url, extra string) *Client {
	t.Helper()
	cfg := fmt.Sprintf(`{"service":%q,"region":"us-east-1","endpoint_url":%q,%s,"max_attempts":3,"connect_timeout_ms":500,"read_timeout_ms":%d%s}`,
		service, url, staticCreds, faultReadTimeout.Milliseconds(), extra)
	c, err := New([]byte(cfg), noEnv)
	require.NoError(t, err)
	c.retryer.SetRand(func() float64 { return 0 }) // no backoff: fast tests
	if c.rate != nil {                             // adaptive: send-token waits on a fake clock
		clk := &sleepClock{}
		c.rate.SetClock(clk.now, clk.sleep)
	}
	t.Cleanup(c.Close)
	return c
}

func TestFaultMatrix(t *testing.T) {
	rows := []struct {
		name   string
		target faultTarget
		fault  fault
		kind   awserr.Kind
		code   string
		status int
	}{
		{"throttling 400 ThrottlingException", sqsTarget, jsonErr(400, "ThrottlingException"), awserr.Service, "ThrottlingException", 400},
		{"throttling 429", sqsTarget, jsonErr(429, "TooManyRequests"), awserr.Service, "TooManyRequests", 429},
		{"throttling 503 SlowDown XML", s3Target, respond(503, map[string]string{"Content-Type": "application/xml"},
			`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>r</RequestId></Error>`),
			awserr.Service, "SlowDown", 503},
		{"500", sqsTarget, jsonErr(500, "InternalError"), awserr.Service, "InternalError", 500},
		{"502", sqsTarget, jsonErr(502, "BadGateway"), awserr.Service, "BadGateway", 502},
		{"503", sqsTarget, jsonErr(503, "ServiceUnavailable"), awserr.Service, "ServiceUnavailable", 503},
		{"504", sqsTarget, jsonErr(504, "GatewayTimeout"), awserr.Service, "GatewayTimeout", 504},
		{"reset before the response", sqsTarget, resetBefore(), awserr.Network, awserr.CodeNetwork, 0},
		{"reset during the body", sqsTarget, resetDuring(sqsOK), awserr.Network, awserr.CodeNetwork, 0},
		{"stall before the headers", sqsTarget, stallBefore(), awserr.Network, awserr.CodeTimeout, 0},
		{"stall in the body", sqsTarget, stallMid(sqsOK), awserr.Network, awserr.CodeTimeout, 0},
		{"truncated body", sqsTarget, truncated(sqsOK), awserr.Network, awserr.CodeNetwork, 0},
		{"malformed JSON", sqsTarget, respond(200, map[string]string{"Content-Type": jsonType}, `{"QueueUrls":["http://q/1"`), awserr.Network, "ResponseParserError", 200},
		{"malformed XML", s3Target, respond(200, map[string]string{"Content-Type": "application/xml"}, `<ListAllMyBucketsResult><Buckets><Bucket>`), awserr.Network, "ResponseParserError", 200},
		{"wrong Content-Length", sqsTarget, wrongLength(sqsOK, len(sqsOK)-5), awserr.Network, "ResponseParserError", 200},
	}
	for _, row := range rows {
		for _, mode := range []string{"standard", "adaptive"} {
			row, extra := row, `,"retry_mode":"`+mode+`"`
			t.Run(row.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				t.Run("recovers", func(t *testing.T) {
					srv := newFaultServer(t, row.fault, row.fault, row.target.ok)
					c := faultClient(t, row.target.service, srv.url, extra)
					out, err := c.Call(context.Background(), row.target.op, nil)
					require.NoError(t, err)
					md := decode(t, out)["ResponseMetadata"].(map[string]any)
					assert.Equal(t, 2.0, md["RetryAttempts"])
					assert.Equal(t, int32(3), srv.hits.Load())
					if c.rate != nil { // adaptive: throttles, and only they, turn the rate limiter on
						throttle := retry.IsThrottle(&awserr.Error{Kind: row.kind, Code: row.code, StatusCode: row.status})
						assert.Equal(t, throttle, c.rate.Enabled())
					}
				})
				t.Run("exhausts", func(t *testing.T) {
					srv := newFaultServer(t, row.fault)
					c := faultClient(t, row.target.service, srv.url, extra)
					start := time.Now()
					_, err := c.Call(context.Background(), row.target.op, nil)
					took := time.Since(start)
					e := awserr.As(err)
					require.NotNil(t, e)
					assert.Equal(t, row.kind, e.Kind, e.Error())
					assert.Equal(t, row.code, e.Code, e.Error())
					assert.True(t, e.Retryable, e.Error())
					assert.Equal(t, 2, e.RetryAttempts)
					if row.status != 0 {
						assert.Equal(t, row.status, e.StatusCode)
					}
					assert.Equal(t, int32(3), srv.hits.Load())
					// 3 attempts, each bounded by the read timeout.
					assert.Less(t, took, 3*faultReadTimeout+2*time.Second)
				})
			})
		}
	}
}

func TestFaultConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	c := faultClient(t, "sqs", url, "")
	start := time.Now()
	_, err = c.Call(context.Background(), "ListQueues", nil)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Network, e.Kind)
	assert.Equal(t, awserr.CodeNetwork, e.Code)
	assert.Equal(t, 2, e.RetryAttempts)
	assert.Equal(t, awserr.Network, awserr.Kind(5)) // GOSOTO_E_NETWORK
	assert.Less(t, time.Since(start), 3*time.Second)
}

// A non-retryable service error is not retried.
func TestFaultNotRetryable(t *testing.T) {
	srv := newFaultServer(t, jsonErr(400, "QueueDoesNotExist"))
	c := faultClient(t, "sqs", srv.url, "")
	_, err := c.Call(context.Background(), "ListQueues", nil)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Service, e.Kind) // GOSOTO_E_SERVICE
	assert.Equal(t, "QueueDoesNotExist", e.Code)
	assert.False(t, e.Retryable)
	assert.Equal(t, 0, e.RetryAttempts)
	assert.Equal(t, int32(1), srv.hits.Load())
}

// The call timeout (timeout_ms) bounds the whole call, retries included,
// even when the read timeout is longer.
func TestFaultCallTimeout(t *testing.T) {
	srv := newFaultServer(t, stallBefore())
	cfg := fmt.Sprintf(`{"service":"sqs","region":"us-east-1","endpoint_url":%q,%s,"read_timeout_ms":5000,"timeout_ms":150}`, srv.url, staticCreds)
	c, err := New([]byte(cfg), noEnv)
	require.NoError(t, err)
	defer c.Close()
	start := time.Now()
	_, err = c.Call(context.Background(), "ListQueues", nil)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Network, e.Kind)
	assert.Equal(t, "TimeoutError", e.Code)
	assert.False(t, e.Retryable)
	assert.Less(t, time.Since(start), 2*time.Second)
}
