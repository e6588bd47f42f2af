package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Clock skew: the server rejects the signing time and sends its own in the
// Date header; the client keeps the offset, re-signs and retries once, and
// signs later calls with the corrected clock from their first attempt.
func TestFaultClockSkew(t *testing.T) {
	serverTime := time.Now().Add(75 * time.Minute).UTC()
	date := serverTime.Format(http.TimeFormat)
	rows := []struct {
		name   string
		target faultTarget
		skew   fault
	}{
		{"json InvalidSignatureException Signature expired", sqsTarget, respond(400, map[string]string{"Content-Type": jsonType, "Date": date},
			`{"__type":"InvalidSignatureException","message":"Signature expired: 20260101T000000Z is now earlier than 20260101T010000Z (20260101T011500Z - 15 min.)"}`)},
		{"xml RequestTimeTooSkewed", s3Target, respond(403, map[string]string{"Content-Type": "application/xml", "Date": date},
			`<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>`)},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			srv := newFaultServer(t, row.skew, row.target.ok, row.target.ok)
			c := faultClient(t, row.target.service, srv.url, "")
			out, err := c.Call(context.Background(), row.target.op, nil)
			require.NoError(t, err)
			assert.Equal(t, 1.0, decode(t, out)["ResponseMetadata"].(map[string]any)["RetryAttempts"])
			assert.InDelta(t, 75*time.Minute, c.ClockOffset(), float64(10*time.Second))

			_, err = c.Call(context.Background(), row.target.op, nil)
			require.NoError(t, err)
			reqs := srv.requests()
			require.Len(t, reqs, 3)
			for i, r := range reqs {
				at, err := time.Parse("20060102T150405Z", r.header.Get("X-Amz-Date"))
				require.NoError(t, err)
				want := r.at
				if i > 0 {
					want = want.Add(75 * time.Minute)
				}
				assert.InDelta(t, 0, at.Sub(want), float64(10*time.Second), "request %d signed at %s", i, at)
			}
		})
	}
}

// Skew is corrected once per call: a server that keeps rejecting the
// corrected time fails the call after one retry.
func TestFaultClockSkewRetriedOnce(t *testing.T) {
	var n atomic.Int64
	skew := func(s *faultServer, conn net.Conn) {
		date := time.Now().Add(time.Duration(n.Add(1)) * time.Hour).UTC().Format(http.TimeFormat)
		respond(403, map[string]string{"Content-Type": "application/xml", "Date": date},
			`<Error><Code>RequestTimeTooSkewed</Code><Message>too skewed</Message></Error>`)(s, conn)
	}
	srv := newFaultServer(t, skew)
	c := faultClient(t, "s3", srv.url, "")
	_, err := c.Call(context.Background(), "ListBuckets", nil)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Equal(t, "RequestTimeTooSkewed", e.Code)
	assert.Equal(t, 1, e.RetryAttempts)
	assert.Equal(t, int32(2), srv.hits.Load())
}

// A signature error that is not about time, or a Date close to the local
// clock, is not a skew.
func TestFaultNoSkewWithoutDate(t *testing.T) {
	srv := newFaultServer(t, respond(403, map[string]string{"Content-Type": jsonType, "Date": time.Now().UTC().Format(http.TimeFormat)},
		`{"__type":"InvalidSignatureException","message":"Signature expired"}`))
	c := faultClient(t, "sqs", srv.url, "")
	_, err := c.Call(context.Background(), "ListQueues", nil)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, 0, e.RetryAttempts)
	assert.Equal(t, time.Duration(0), c.ClockOffset())
}

// Idempotency tokens are generated once per call and keep their value on
// every attempt.
func TestFaultIdempotencyTokenKeptAcrossRetries(t *testing.T) {
	doc := `{"metadata":{"protocol":"json","jsonVersion":"1.1","targetPrefix":"Thing","endpointPrefix":"thing","signatureVersion":"v4","serviceId":"Thing"},
	"operations":{"CreateThing":{"name":"CreateThing","http":{"method":"POST","requestUri":"/"},"input":{"shape":"In"},"output":{"shape":"Out"}}},
	"shapes":{"In":{"type":"structure","members":{"Name":{"shape":"S"},"ClientToken":{"shape":"S","idempotencyToken":true}}},
	"Out":{"type":"structure","members":{"Id":{"shape":"S"}}},"S":{"type":"string"}}}`
	srv := newFaultServer(t, jsonErr(500, "InternalError"), resetBefore(), respond(200, nil, `{"Id":"x"}`))
	c, err := New([]byte(fmt.Sprintf(`{"service_model":%s,"region":"us-east-1","endpoint_url":%q,%s,"read_timeout_ms":1000}`, doc, srv.url, staticCreds)), noEnv)
	require.NoError(t, err)
	defer c.Close()
	c.retryer.SetRand(func() float64 { return 0 })
	out, err := c.Call(context.Background(), "CreateThing", []byte(`{"Name":"n"}`))
	require.NoError(t, err)
	assert.Equal(t, 2.0, decode(t, out)["ResponseMetadata"].(map[string]any)["RetryAttempts"])
	reqs := srv.requests()
	require.Len(t, reqs, 3)
	var first string
	for i, r := range reqs {
		var body map[string]string
		require.NoError(t, json.Unmarshal(r.body, &body), string(r.body))
		if i == 0 {
			first = body["ClientToken"]
			assert.Len(t, first, 36)
		}
		assert.Equal(t, first, body["ClientToken"], "attempt %d", i)
		assert.Equal(t, "n", body["Name"])
	}
}
