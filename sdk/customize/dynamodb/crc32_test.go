package dynamodb

import (
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"net/http"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/client"
	"github.com/gosoto/gosoto/sdk/client/clienttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCRC32Check(t *testing.T) {
	body := []byte(`{"TableNames":[]}`)
	good := fmt.Sprint(crc32.ChecksumIEEE(body))
	resp := func(h string) *client.Response {
		r := &client.Response{StatusCode: 200, Header: http.Header{}, Body: body}
		if h != "" {
			r.Header.Set("x-amz-crc32", h)
		}
		return r
	}
	assert.NoError(t, CheckCRC32(resp(good)))
	assert.NoError(t, CheckCRC32(resp("")), "no header: nothing to check")
	for _, bad := range []string{"1", "not-a-number", "99999999999"} {
		e := awserr.As(CheckCRC32(resp(bad)))
		require.NotNil(t, e, bad)
		assert.Equal(t, awserr.Network, e.Kind)
		assert.Equal(t, "ResponseParserError", e.Code)
		assert.True(t, e.Retryable)
		assert.Contains(t, e.Message, "CRC32 mismatch")
	}

	// Through a client with the hook: parse_response applies it too.
	ddb := clienttest.New(t, `{"service":"dynamodb","region":"us-east-1","endpoint_url":"http://127.0.0.1:9",`+clienttest.StaticCreds+`}`, nil, Hooks())
	doc := fmt.Sprintf(`{"status_code":200,"headers":[["x-amz-crc32","7"]],"body_base64":%q}`, base64.StdEncoding.EncodeToString(body))
	_, err := ddb.ParseResponse("ListTables", []byte(doc))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "CRC32 mismatch")
	doc = fmt.Sprintf(`{"status_code":200,"headers":[["x-amz-crc32",%q]],"body_base64":%q}`, good, base64.StdEncoding.EncodeToString(body))
	_, err = ddb.ParseResponse("ListTables", []byte(doc))
	assert.NoError(t, err)
}
