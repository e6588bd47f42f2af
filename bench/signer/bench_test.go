// Package signer compares gosoto's SigV4 hot path with aws-sdk-go-v2's
// aws/signer/v4 Signer.SignHTTP on the same request. It is a separate module
// so that the main module never depends on another SDK.
package signer

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsv4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	gosotov4 "github.com/gosoto/gosoto/sdk/signer/v4"
)

// The request: an SQS SendMessage (awsJson 1.0) POST with the body hash
// computed in advance, signed with temporary credentials at a fixed time.
const (
	sqsURL  = "https://sqs.us-east-1.amazonaws.com/"
	body    = `{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/my-queue","MessageBody":"hello from gosoto","DelaySeconds":0}`
	akid    = "ASIAEXAMPLEEXAMPLE12"
	secret  = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	token   = "IQoJb3JpZ2luX2VjEXAMPLETOKENtb2tlbkV4YW1wbGVUb2tlbi1mb3ItYmVuY2htYXJrcy1vbmx5LW5vdC1hLXJlYWwtc2Vzc2lvbi10b2tlbi0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg=="
	service = "sqs"
	region  = "us-east-1"
)

var (
	payloadHash = hashBody()
	signTime    = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	userHeaders = [][2]string{
		{"Content-Type", "application/x-amz-json-1.0"},
		{"X-Amz-Target", "AmazonSQS.SendMessage"},
		{"Content-Length", strconv.Itoa(len(body))},
	}
)

func gosotoRequest() (*gosotov4.Request, *gosotov4.Credentials, *gosotov4.Options) {
	return &gosotov4.Request{Method: "POST", URL: sqsURL, Header: userHeaders, BodySHA256: payloadHash},
		&gosotov4.Credentials{AccessKeyID: akid, SecretAccessKey: secret, SessionToken: token},
		&gosotov4.Options{Service: service, Region: region, Time: signTime}
}

func awsRequest() *http.Request {
	req, err := http.NewRequest("POST", sqsURL, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	for _, h := range userHeaders {
		if h[0] != "Content-Length" {
			req.Header.Set(h[0], h[1])
		}
	}
	req.ContentLength = int64(len(body))
	return req
}

var awsCreds = aws.Credentials{AccessKeyID: akid, SecretAccessKey: secret, SessionToken: token}

// TestSameSignature proves both signers sign the same canonical request.
func TestSameSignature(t *testing.T) {
	var s gosotov4.Signer
	r, c, o := gosotoRequest()
	hdr, err := s.AppendSignedHeaders(nil, r, c, o)
	if err != nil {
		t.Fatal(err)
	}
	var gosotoAuth string
	for _, h := range hdr {
		if h[0] == "Authorization" {
			gosotoAuth = h[1]
		}
	}
	req := awsRequest()
	if err := awsv4.NewSigner().SignHTTP(context.Background(), awsCreds, req, payloadHash, service, region, signTime); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get("Authorization"); got != gosotoAuth || gosotoAuth == "" {
		t.Fatalf("signatures differ:\n gosoto       %s\n aws-sdk-go-v2 %s", gosotoAuth, got)
	}
}

func BenchmarkGosotoAppendSignedHeaders(b *testing.B) {
	var s gosotov4.Signer
	r, c, o := gosotoRequest()
	dst := make([][2]string, 0, len(userHeaders)+5)
	var err error
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if dst, err = s.AppendSignedHeaders(dst[:0], r, c, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGosotoSign(b *testing.B) {
	var s gosotov4.Signer
	r, c, o := gosotoRequest()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Sign(r, *c, *o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAWSSDKGoV2SignHTTP(b *testing.B) {
	s := awsv4.NewSigner()
	req := awsRequest()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.SignHTTP(ctx, awsCreds, req, payloadHash, service, region, signTime); err != nil {
			b.Fatal(err)
		}
	}
}
