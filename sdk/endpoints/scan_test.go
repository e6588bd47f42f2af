package endpoints

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

func TestScannerAgreesWithGJSON(t *testing.T) {
	doc := ` { "a" : 1 , "b\"q" : "x\\\"y\\\\" ,"c":[1,{"d":"}]"},[]], "e":{"f":{"g":null}},"h":true,"i":-1.5e3,
	"j":"\\\\","k":{} }`
	require.True(t, gjson.Valid(doc))
	var keys, vals []string
	end, err := members(doc, 0, func(k string, i int) (int, error) {
		v, e, err := value(doc, i)
		keys, vals = append(keys, k), append(vals, v.Raw)
		return e, err
	})
	require.NoError(t, err)
	assert.Equal(t, len(doc), end)
	var wantK, wantV []string
	gjson.Parse(doc).ForEach(func(k, v gjson.Result) bool {
		wantK, wantV = append(wantK, k.String()), append(wantV, v.Raw)
		return true
	})
	assert.Equal(t, wantK, keys)
	assert.Equal(t, wantV, vals)

	var elems []string
	c := gjson.Get(doc, "c").Raw
	_, err = elements(c, 0, func(i int) (int, error) {
		v, e, err := value(c, i)
		elems = append(elems, v.Raw)
		return e, err
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"1", `{"d":"}]"}`, "[]"}, elems)
}

func TestScannerRejectsMalformedJSON(t *testing.T) {
	for _, doc := range []string{``, `[]`, `{`, `{"a"`, `{"a":`, `{"a":"x`, `{"a":{"b":1}`, `{"a":1,`, `{a:1}`, `{"a" 1}`, `{"a":]}`, `{"a":"\"}`} {
		_, err := members(doc, 0, func(_ string, i int) (int, error) { return valueEnd(doc, i) })
		assert.ErrorIs(t, err, errScan, "%q", doc)
	}
	for _, doc := range []string{`{"version": 3, "partitions": [{"partition": "p"`, `{"version": 3, "partitions": [}`} {
		_, err := parsePartitions([]byte(doc), true) // as if trusted: the scanner still refuses
		assert.ErrorContains(t, err, "not valid JSON", doc)
	}
}

func BenchmarkLoadEndpoints(b *testing.B) {
	b.SetBytes(int64(len(endpointsJSON)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := parsePartitions(endpointsJSON, true); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzScanner: on any input members neither panics nor reads past it, and
// on every JSON object gjson accepts it finds the same members.
func FuzzScanner(f *testing.F) {
	f.Add(`{"a":1,"b":[{"c":"}"}],"d":"\"","e":{}}`)
	f.Add(`{"partitions":[{"services":{"s":{"endpoints":{}}}}],"version":3}`)
	f.Add(`{"a":"\\"}`)
	f.Add(`{`)
	f.Fuzz(func(t *testing.T, doc string) {
		var keys, vals []string
		end, err := members(doc, 0, func(k string, i int) (int, error) {
			v, e, err := value(doc, i)
			if err == nil && (e < i || e > len(doc)) {
				t.Fatalf("value at %d ends at %d, outside the input", i, e)
			}
			keys, vals = append(keys, k), append(vals, v.Raw)
			return e, err
		})
		if err != nil || !gjson.Valid(doc) || !gjson.Parse(doc).IsObject() {
			return
		}
		if end > len(doc) {
			t.Fatalf("object ends at %d, past the input (%d)", end, len(doc))
		}
		var wantK, wantV []string
		gjson.Parse(doc).ForEach(func(k, v gjson.Result) bool {
			wantK, wantV = append(wantK, k.String()), append(wantV, v.Raw)
			return true
		})
		if fmt.Sprint(keys) != fmt.Sprint(wantK) || fmt.Sprint(vals) != fmt.Sprint(wantV) {
			t.Fatalf("scanner %q %q, gjson %q %q", keys, vals, wantK, wantV)
		}
	})
}
