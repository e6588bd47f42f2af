package jsonx

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAppendStringRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "nl\n\r\t\x01\x1f", "ünï 日本", "\u2028x\u2029"} {
		var back string
		b := AppendString(nil, s)
		assert.NoError(t, json.Unmarshal(b, &back), string(b))
		assert.Equal(t, s, back)
	}
	assert.Equal(t, `"a\ufffdb"`, string(AppendString(nil, "a\xffb")))
}

func TestAppendFloat(t *testing.T) {
	assert.Equal(t, "1.5", string(AppendFloat(nil, 1.5)))
	assert.Equal(t, "3", string(AppendFloat(nil, 3)))
	assert.Equal(t, `"NaN"`, string(AppendFloat(nil, math.NaN())))
	assert.Equal(t, `"-Infinity"`, string(AppendFloat(nil, math.Inf(-1))))
}
