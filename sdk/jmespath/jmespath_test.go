package jmespath

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const doc = `{
 "a": {"b": {"c": 1}}, "s": "str", "empty": "", "zero": 0, "t": true, "f": false, "n": null,
 "list": [1, 2, 3, 4, 5],
 "nested": [[1, 2], [3, [4]], 5],
 "Contents": [{"Key": "k1", "Size": 10}, {"Key": "k2", "Size": 20}, {"Key": "k3"}],
 "NextMarker": "",
 "obj": {"x": {"Status": "ok"}, "y": {"Status": "bad"}, "z": {"Other": 1}},
 "Reservations": [{"Instances": [{"State": {"Name": "running"}}, {"State": {"Name": "pending"}}]},
                  {"Instances": [{"State": {"Name": "running"}}]}],
 "services": [{"deployments": [1], "runningCount": 2, "desiredCount": 2},
              {"deployments": [1, 2], "runningCount": 1, "desiredCount": 2}],
 "AutoScalingGroups": [{"MinSize": 1, "Instances": [{"LifecycleState": "InService"}, {"LifecycleState": "Pending"}]},
                       {"MinSize": 2, "Instances": [{"LifecycleState": "InService"}]}],
 "q": {"with space": 7}, "big": 12345678901234567890
}`

func TestSearchTable(t *testing.T) {
	data, err := Decode([]byte(doc))
	require.NoError(t, err)
	for _, tc := range []struct{ expr, want string }{
		{"a.b.c", "1"},
		{"a.b.missing", "null"},
		{"a.b.c.d", "null"},
		{"missing.anything", "null"},
		{"list[0]", "1"},
		{"list[-1]", "5"},
		{"list[10]", "null"},
		{"list[-10]", "null"},
		{"s[0]", "null"},
		{"list[1:3]", "[2,3]"},
		{"list[::-1]", "[5,4,3,2,1]"},
		{"list[:2]", "[1,2]"},
		{"list[-2:]", "[4,5]"},
		{"list[::2]", "[1,3,5]"},
		{"Contents[].Key", `["k1","k2","k3"]`},
		{"Contents[*].Key", `["k1","k2","k3"]`},
		{"Contents[*].Size", `[10,20]`},
		{"Contents[-1].Key", `"k3"`},
		{"NextMarker || Contents[-1].Key", `"k3"`},
		{"s || Contents[-1].Key", `"str"`},
		{"missing || `\"dflt\"`", `"dflt"`},
		{"t && s", `"str"`},
		{"f && s", `false`},
		{"!f", `true`},
		{"!s", `false`},
		{"!zero", `false`},
		{"nested[]", `[1,2,3,[4],5]`},
		{"nested[][]", `[1,2,3,4,5]`},
		{"Reservations[].Instances[].State.Name", `["running","pending","running"]`},
		{"Reservations[*].Instances[*].State.Name", `[["running","pending"],["running"]]`},
		{"obj.*.Status", `["ok","bad"]`},
		{"obj.*", `[{"Status":"ok"},{"Status":"bad"},{"Other":1}]`},
		{"Contents[?Size > `10`].Key", `["k2"]`},
		{"Contents[?Key == 'k1'].Size", `[10]`},
		{"Contents[?Key != 'k1'] | length(@)", `2`},
		{"Contents[?Size].Key", `["k1","k2"]`},
		{"Contents[?!Size].Key", `["k3"]`},
		{"list[?@ >= `3`]", `[3,4,5]`},
		{"length(list)", `5`},
		{"length(s)", `3`},
		{"length(obj)", `3`},
		{"length(list) > `0`", `true`},
		{"length(list) == `5`", `true`},
		{"length(list) < `5`", `false`},
		{"length(list) <= `5`", `true`},
		{"s < `5`", `null`},
		{"contains(list, `3`)", `true`},
		{"contains(list, `9`)", `false`},
		{"contains(s, 'tr')", `true`},
		{"length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`", `false`},
		{"services[?(length(deployments) == `1` && runningCount == desiredCount)] | length(@)", `1`},
		{"contains(AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][], `false`)", `true`},
		{"AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][]", `[true,false]`},
		{"[a.b.c, s]", `[1,"str"]`},
		{"{x: a.b.c, y: s}", `{"x":1,"y":"str"}`},
		{"Contents[].{k: Key}", `[{"k":"k1"},{"k":"k2"},{"k":"k3"}]`},
		{`q."with space"`, `7`},
		{"list | [0]", `1`},
		{"Contents[*].Key | [0]", `"k1"`},
		{"@.s", `"str"`},
		{"`[1, 2]`", `[1,2]`},
		{"`foo`", `"foo"`},
		{"'raw\\'s'", `"raw's"`},
		{"zero == `0`", `true`},
		{"big", `12345678901234567890`},
		{"a == `{\"b\": {\"c\": 1}}`", `true`},
		{"sort_by(Contents, &Key)[-1].Key", `"k3"`},
		{"max_by(Contents[?Size], &Size).Key", `"k2"`},
		{"sum(list)", `15`},
		{"avg(list)", `3`},
		{"max(list)", `5`},
		{"min(list)", `1`},
		{"join(',', Contents[].Key)", `"k1,k2,k3"`},
		{"keys(obj)", `["x","y","z"]`},
		{"not_null(n, missing, s)", `"str"`},
		{"reverse(list)", `[5,4,3,2,1]`},
		{"sort(`[3,1,2]`)", `[1,2,3]`},
		{"type(s)", `"string"`},
		{"to_string(list)", `"[1,2,3,4,5]"`},
		{"to_number('42')", `42`},
		{"starts_with(s, 'st')", `true`},
		{"ends_with(s, 'x')", `false`},
		{"map(&Key, Contents)", `["k1","k2","k3"]`},
		{"abs(`-3`)", `3`},
		{"floor(`1.5`)", `1`},
		{"ceil(`1.5`)", `2`},
		{"merge(`{\"a\":1}`, `{\"b\":2}`)", `{"a":1,"b":2}`},
		{"to_array(s)", `["str"]`},
	} {
		e, err := Compile(tc.expr)
		if !assert.NoError(t, err, tc.expr) {
			continue
		}
		got, err := e.Search(data)
		if !assert.NoError(t, err, tc.expr) {
			continue
		}
		b, err := json.Marshal(got)
		require.NoError(t, err)
		assert.JSONEq(t, tc.want, string(b), tc.expr)
	}
}

func TestSyntaxErrorsNameExpressionAndPosition(t *testing.T) {
	for _, tc := range []struct {
		expr string
		pos  int
		msg  string
	}{
		{"a.", 2, "end of expression"},
		{"a[", 2, "end of expression"},
		{"a[0", 3, `expected a number, ":" or "]"`},
		{"a || ", 5, "end of expression"},
		{"a = b", 2, `"=="`},
		{"nope(a)", 4, "unknown function nope()"},
		{"length(a, b)", 6, "takes 1 argument"},
		{"`[1, 2", 0, "unterminated literal"},
		{"\"abc", 0, "unterminated quoted identifier"},
		{"a b", 2, `unexpected identifier "b"`},
		{"a[::0]", 5, "step cannot be 0"},
		{"#", 0, "unexpected character"},
		{"a.-1", 2, "after"},
		{"{a b}", 3, `expected ":"`},
		{"foo[1:2:3:4]", 9, "at most three"},
	} {
		_, err := Compile(tc.expr)
		var se *SyntaxError
		if !assert.True(t, errors.As(err, &se), "%q: %v", tc.expr, err) {
			continue
		}
		assert.Equal(t, tc.pos, se.Pos, "%q: %v", tc.expr, err)
		assert.Contains(t, err.Error(), tc.msg, tc.expr)
		assert.Contains(t, err.Error(), tc.expr, "the message names the expression")
	}
}

func TestEvalErrors(t *testing.T) {
	data, err := Decode([]byte(doc))
	require.NoError(t, err)
	for _, expr := range []string{"length(zero)", "length(missing)", "contains(zero, `1`)", "sum(Contents)", "sort(Contents)", "join(',', list)"} {
		_, err := MustCompile(expr).Search(data)
		var ee *EvalError
		assert.True(t, errors.As(err, &ee), "%s: %v", expr, err)
		assert.Contains(t, err.Error(), expr)
	}
	_, err = MustCompile("a").SearchJSON([]byte("{"))
	assert.Error(t, err)
}

func TestTruthyAndEqual(t *testing.T) {
	for v, want := range map[string]bool{`null`: false, `false`: false, `""`: false, `[]`: false, `{}`: false,
		`0`: true, `"x"`: true, `[0]`: true, `{"a":null}`: true, `true`: true} {
		d, err := Decode([]byte(v))
		require.NoError(t, err)
		assert.Equal(t, want, Truthy(d), v)
	}
	one, _ := Decode([]byte("1"))
	oneF, _ := Decode([]byte("1.0"))
	assert.True(t, Equal(one, oneF))
	assert.False(t, Equal(one, "1"))
	assert.True(t, Equal(map[string]any{"a": []any{one}}, map[string]any{"a": []any{oneF}}))
	_, err := Decode([]byte("1 2"))
	assert.Error(t, err)
}

func TestMustCompilePanics(t *testing.T) {
	assert.Panics(t, func() { MustCompile("a[") })
	assert.Equal(t, "a.b", MustCompile("a.b").String())
}

func TestDeepNestingIsAnError(t *testing.T) {
	_, err := Compile(strings.Repeat("(", 5000) + "a" + strings.Repeat(")", 5000))
	assert.ErrorContains(t, err, "nested too deeply")
	_, err = Compile(strings.Repeat("!", 5000) + "a")
	assert.ErrorContains(t, err, "nested too deeply")
}

// FuzzCompile checks that no input makes the parser or evaluator panic.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{"a.b", "a[0]", "a[-1].b || c", "a[?b == `1`].c", "length(a[]) > `0`",
		"{a: b, c: [d, e]}", "a[::-1]", "&a", "'x'", "`{}`", "*.a", "a.*.b[]", "\"q\"", "@"} {
		f.Add(s)
	}
	data, _ := Decode([]byte(doc))
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Compile(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%q: error of type %T", s, err)
			}
			return
		}
		_, _ = e.Search(data)
	})
}
