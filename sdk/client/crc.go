package client

import (
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/protocol"
)

// CodeCRC32Mismatch is the code of a DynamoDB response whose body does not
// match its x-amz-crc32 header.
const CodeCRC32Mismatch = "ResponseParserError"

// checkCRC32 verifies DynamoDB's x-amz-crc32 response header (the IEEE
// CRC32 of the body, in decimal) as botocore does. A mismatch means the
// body was damaged on the way: a retryable network error, like any
// response that cannot be read. Other services, and responses without the
// header, pass.
func (c *Client) checkCRC32(resp *protocol.Response) error {
	if resp == nil || resp.Header == nil || c.svc.Name != "dynamodb" && c.svc.Metadata.EndpointPrefix != "dynamodb" {
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
