package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCall is one SQS GetQueueUrl round trip against a canned local
// server: validation, serialization, signing, HTTP and parsing.
func BenchmarkCall(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("x-amzn-RequestId", "b1")
		io.WriteString(w, `{"QueueUrl":"http://127.0.0.1/123456789012/q"}`)
	}))
	defer srv.Close()
	c, err := New([]byte(`{"service":"sqs","region":"us-east-1","endpoint_url":"`+srv.URL+`",`+staticCreds+`}`), noEnv)
	if err != nil {
		b.Fatal(err)
	}
	in := []byte(`{"QueueName":"q"}`)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Call(ctx, "GetQueueUrl", in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildRequest is the same call up to a signed request, without
// the network.
func BenchmarkBuildRequest(b *testing.B) {
	c, err := New([]byte(`{"service":"sqs","region":"us-east-1",`+staticCreds+`}`), noEnv)
	if err != nil {
		b.Fatal(err)
	}
	in := []byte(`{"QueueName":"q"}`)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := c.BuildRequest(ctx, "GetQueueUrl", in); err != nil {
			b.Fatal(err)
		}
	}
}
