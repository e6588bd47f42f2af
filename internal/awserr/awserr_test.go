package awserr

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorJSONShape(t *testing.T) {
	e := &Error{Kind: Service, Code: "QueueDoesNotExist", Message: `no "q"`, Type: "Sender",
		StatusCode: 400, RequestID: "rid", Header: http.Header{"X-Amzn-Requestid": {"rid"}}, RetryAttempts: 2}
	var doc map[string]any
	require.NoError(t, json.Unmarshal(e.JSON(), &doc))
	assert.Equal(t, map[string]any{"Code": "QueueDoesNotExist", "Message": `no "q"`, "Type": "Sender"}, doc["Error"])
	assert.Equal(t, "service", doc["Kind"])
	assert.Equal(t, false, doc["Retryable"])
	md := doc["ResponseMetadata"].(map[string]any)
	assert.Equal(t, "rid", md["RequestId"])
	assert.Equal(t, 400.0, md["HTTPStatusCode"])
	assert.Equal(t, 2.0, md["RetryAttempts"])
	assert.Equal(t, map[string]any{"x-amzn-requestid": "rid"}, md["HTTPHeaders"])
}

func TestAsWrapsForeignErrorsAsInternal(t *testing.T) {
	assert.Nil(t, As(nil))
	e := As(fmt.Errorf("boom"))
	assert.Equal(t, Internal, e.Kind)
	v := InvalidArg("bad %s", "thing")
	assert.Same(t, v, As(fmt.Errorf("wrapped: %w", v)))
	assert.Equal(t, "invalid_argument", v.Kind.String())
}

type modeled struct{ shape, fields string }

func (m modeled) Error() string           { return m.shape }
func (m modeled) ErrorShapeName() string  { return m.shape }
func (m modeled) ErrorFieldsJSON() []byte { return []byte(m.fields) }

func TestErrorJSONCarriesModeledShapeAndMembers(t *testing.T) {
	e := &Error{Kind: Service, Code: "AWS.SimpleQueueService.NonExistentQueue", Message: "gone",
		Err: modeled{"QueueDoesNotExist", `{"QueueUrl":"q","Reasons":[1]}`}}
	var doc map[string]any
	require.NoError(t, json.Unmarshal(e.JSON(), &doc))
	assert.Equal(t, "QueueDoesNotExist", doc["ErrorShape"])
	assert.Equal(t, "q", doc["QueueUrl"])
	assert.Equal(t, []any{1.0}, doc["Reasons"])
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", doc["Error"].(map[string]any)["Code"])

	e.Err = modeled{"Empty", `{}`}
	require.NoError(t, json.Unmarshal(e.JSON(), &doc))
	assert.Equal(t, "Empty", doc["ErrorShape"])
}
