//go:build cabi

package cabitest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCABIDriver checks the driver itself: strings both ways, NULL, a
// client handle, and its protocol errors.
func TestCABIDriver(t *testing.T) {
	d := Open(t)

	r, err := d.Call("gosoto_services")
	require.NoError(t, err)
	assert.EqualValues(t, 0, r.Status)
	assert.Contains(t, r.Out, `"sqs"`)

	r, err = d.Call("gosoto_sign", Null)
	require.NoError(t, err)
	assert.NotEqualValues(t, 0, r.Status, "gosoto_sign(NULL) must fail")
	assert.Contains(t, r.Out, "request_json")

	c, _, err := d.NewClient(`{"service": "sqs", "region": "us-east-1", "credentials": {"access_key_id": "AKID", "secret_access_key": "SECRET"}}`)
	require.NoError(t, err)
	require.NotNil(t, c)
	r, err = c.Call("gosoto_client_build_request", "ListQueues", "{}")
	require.NoError(t, err)
	assert.EqualValues(t, 0, r.Status, r.Out)
	assert.Contains(t, r.Out, "https://sqs.us-east-1.amazonaws.com")
	require.NoError(t, c.Free())

	_, bad, err := d.NewClient(`{"service": "no-such-service"}`)
	require.NoError(t, err)
	assert.EqualValues(t, 1, bad.Status, bad.Out) // GOSOTO_E_INVALID_ARGUMENT

	_, err = d.Strings("gosoto_no_such_function")
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "unknown function"), err.Error())
}
