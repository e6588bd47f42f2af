// Package dynamodb holds Amazon DynamoDB's client hooks: the x-amz-crc32
// response header (the IEEE CRC32 of the body, in decimal) is checked as
// botocore checks it.
package dynamodb

import (
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/client"
)

// CodeCRC32Mismatch is the code of a DynamoDB response whose body does not
// match its x-amz-crc32 header.
const CodeCRC32Mismatch = "ResponseParserError"

// Hooks are DynamoDB's hooks.
func Hooks() []client.Hook { return []client.Hook{{Name: "dynamodb.crc32", AfterSend: checkCRC32}} }

// checkCRC32 verifies the x-amz-crc32 response header. A mismatch means
// the body was damaged on the way: a retryable network error, like any
// response that cannot be read. Responses without the header pass.
func checkCRC32(_ *client.Call, resp *client.Response) (*client.Response, error) {
	if err := CheckCRC32(resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// CheckCRC32 is the check itself, on one response.
func CheckCRC32(resp *client.Response) error {
	if resp == nil || resp.Header == nil {
		return nil
	}
	h := strings.TrimSpace(resp.Header.Get("X-Amz-Crc32"))
	if h == "" {
		return nil
	}
	want, err := strconv.ParseUint(h, 10, 32)
	got := crc32.ChecksumIEEE(resp.Body)
	if err == nil && uint32(want) == got {
		return nil
	}
	e := awserr.New(awserr.Network, CodeCRC32Mismatch, "CRC32 mismatch: x-amz-crc32 is %q, the body's CRC32 is %d", h, got)
	e.Retryable = true
	e.StatusCode = resp.StatusCode
	e.Header = resp.Header
	return e
}
