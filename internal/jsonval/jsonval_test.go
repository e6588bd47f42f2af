package jsonval

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/tidwall/gjson"
)

func TestTypeNameAndString(t *testing.T) {
	for doc, want := range map[string]string{`{}`: "an object", `[1]`: "an array", `"s"`: "a string", `1.5`: "a number", `true`: "a boolean", `null`: "null"} {
		assert.Equal(t, want, TypeName(gjson.Parse(doc)), doc)
	}
	assert.Equal(t, "nothing", TypeName(gjson.Get(`{}`, "missing")))
	s, err := String(gjson.Parse(`"v"`), "m")
	assert.NoError(t, err)
	assert.Equal(t, "v", s)
	_, err = String(gjson.Parse(`123456`), "secret_access_key")
	assert.EqualError(t, err, "InvalidArgument: secret_access_key: expected a string, found a number")
	assert.NotContains(t, err.Error(), "123456")
}
