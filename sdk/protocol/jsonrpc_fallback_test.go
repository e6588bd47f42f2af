package protocol

import (
	"net/http"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fallbackModel(t *testing.T) (*model.Service, *model.Operation) {
	t.Helper()
	svc, err := model.Load("t", []byte(`{"metadata":{"protocol":"json","jsonVersion":"1.0","targetPrefix":"T"},
	"operations":{"Op":{"name":"Op","http":{"method":"POST","requestUri":"/"},"output":{"shape":"O"}}},
	"shapes":{"O":{"type":"structure","members":{"A":{"shape":"S"}}},"S":{"type":"string"}}}`))
	require.NoError(t, err)
	op, _ := svc.Operation("Op")
	return svc, op
}

// An auth layer in front of a JSON service may answer in the query
// protocol's XML envelope; its code must not be lost.
func TestJSONErrorFallsBackToXMLEnvelope(t *testing.T) {
	svc, op := fallbackModel(t)
	body := `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error><RequestId>r1</RequestId></ErrorResponse>`
	_, _, err := JSONRPC{}.Parse(svc, op, &Response{StatusCode: 403, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(body)})
	e := awserr.As(err)
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Equal(t, "SignatureDoesNotMatch", e.Code)
	assert.Equal(t, "Sender", e.Type)
	assert.Contains(t, e.Message, "signature")
}

// A success response whose body cannot be read is a retryable network
// error, not a gosoto bug.
func TestUnreadableResponseIsRetryableNetworkError(t *testing.T) {
	svc, op := fallbackModel(t)
	_, _, err := JSONRPC{}.Parse(svc, op, &Response{StatusCode: 200, Body: []byte(`{"A":"trunc`)})
	e := awserr.As(err)
	assert.Equal(t, awserr.Network, e.Kind)
	assert.Equal(t, "ResponseParserError", e.Code)
	assert.True(t, e.Retryable)
}

// Query bodies are form-encoded as botocore's are: a space is '+', and
// everything but the unreserved characters is percent-encoded.
func TestQueryFormEncoding(t *testing.T) {
	assert.Equal(t, "a+b%2Bc%26d%3D~-_.%C3%A9", string(appendFormEscaped(nil, "a b+c&d=~-_.é")))
	assert.Equal(t, "a%20b", string(appendPercent(nil, "a b")), "URI and REST query encoding keep %20")
}
