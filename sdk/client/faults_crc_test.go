package client

import (
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"net/http"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/protocol"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCRC32Check(t *testing.T) {
	body := []byte(ddbOK)
	good := fmt.Sprint(crc32.ChecksumIEEE(body))
	ddb := faultClient(t, "dynamodb", "http://127.0.0.1:9", "")
	sqs := faultClient(t, "sqs", "http://127.0.0.1:9", "")
	resp := func(h string) *protocol.Response {
		r := &protocol.Response{StatusCode: 200, Header: http.Header{}, Body: body}
		if h != "" {
			r.Header.Set("x-amz-crc32", h)
		}
		return r
	}
	assert.NoError(t, ddb.checkCRC32(resp(good)))
	assert.NoError(t, ddb.checkCRC32(resp("")), "no header: nothing to check")
	assert.NoError(t, sqs.checkCRC32(resp("1")), "only DynamoDB")
	for _, bad := range []string{"1", "not-a-number", "99999999999"} {
		e := awserr.As(ddb.checkCRC32(resp(bad)))
		require.NotNil(t, e, bad)
		assert.Equal(t, awserr.Network, e.Kind)
		assert.Equal(t, "ResponseParserError", e.Code)
		assert.True(t, e.Retryable)
		assert.Contains(t, e.Message, "CRC32 mismatch")
	}

	// parse_response applies it too.
	doc := fmt.Sprintf(`{"status_code":200,"headers":[["x-amz-crc32","7"]],"body_base64":%q}`, base64.StdEncoding.EncodeToString(body))
	_, err := ddb.ParseResponse("ListTables", []byte(doc))
	assert.Contains(t, err.Error(), "CRC32 mismatch")
}
