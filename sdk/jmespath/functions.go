package jmespath

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// function is a built-in function: its arity and implementation. fn may
// call ev.fail for a type error.
type function struct {
	minArgs, maxArgs int // maxArgs -1: variadic
	fn               func(ev *evaluator, name string, args []any) any
}

func (f *function) arity() string {
	switch {
	case f.maxArgs < 0:
		return fmt.Sprintf("at least %d arguments", f.minArgs)
	case f.minArgs == f.maxArgs && f.minArgs == 1:
		return "1 argument"
	case f.minArgs == f.maxArgs:
		return fmt.Sprintf("%d arguments", f.minArgs)
	}
	return fmt.Sprintf("%d to %d arguments", f.minArgs, f.maxArgs)
}

// functions are the JMESPath built-ins.
var functions map[string]*function

func init() {
	functions = map[string]*function{
		"length":      {1, 1, fnLength},
		"contains":    {2, 2, fnContains},
		"abs":         {1, 1, mathFn(math.Abs)},
		"ceil":        {1, 1, mathFn(math.Ceil)},
		"floor":       {1, 1, mathFn(math.Floor)},
		"avg":         {1, 1, fnAvg},
		"sum":         {1, 1, fnSum},
		"starts_with": {2, 2, fnStartsWith},
		"ends_with":   {2, 2, fnEndsWith},
		"join":        {2, 2, fnJoin},
		"keys":        {1, 1, fnKeys},
		"values":      {1, 1, fnValues},
		"max":         {1, 1, fnMinMax(false)},
		"min":         {1, 1, fnMinMax(true)},
		"not_null":    {1, -1, fnNotNull},
		"reverse":     {1, 1, fnReverse},
		"sort":        {1, 1, fnSort},
		"to_array":    {1, 1, fnToArray},
		"to_string":   {1, 1, fnToString},
		"to_number":   {1, 1, fnToNumber},
		"type":        {1, 1, func(_ *evaluator, _ string, a []any) any { return TypeOf(a[0]) }},
		"merge":       {1, -1, fnMerge},
		"map":         {2, 2, fnMap},
		"sort_by":     {2, 2, fnSortBy},
		"max_by":      {2, 2, fnByMinMax(false)},
		"min_by":      {2, 2, fnByMinMax(true)},
	}
}

func argType(ev *evaluator, name string, i int, v any, want string) {
	ev.fail("%s() argument %d must be %s, got %s", name, i+1, want, TypeOf(v))
}

func fnLength(ev *evaluator, name string, a []any) any {
	switch x := a[0].(type) {
	case string:
		return json.Number(strconv.Itoa(runeLen(x)))
	case []any:
		return json.Number(strconv.Itoa(len(x)))
	case map[string]any:
		return json.Number(strconv.Itoa(len(x)))
	}
	argType(ev, name, 0, a[0], "a string, array or object")
	return nil
}

func fnContains(ev *evaluator, name string, a []any) any {
	switch x := a[0].(type) {
	case string:
		s, ok := a[1].(string)
		return ok && strings.Contains(x, s)
	case []any:
		for _, e := range x {
			if Equal(e, a[1]) {
				return true
			}
		}
		return false
	}
	argType(ev, name, 0, a[0], "a string or array")
	return nil
}

func num(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return json.Number(strconv.FormatInt(int64(f), 10))
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
}

func mathFn(f func(float64) float64) func(*evaluator, string, []any) any {
	return func(ev *evaluator, name string, a []any) any {
		x, ok := number(a[0])
		if !ok {
			argType(ev, name, 0, a[0], "a number")
		}
		return num(f(x))
	}
}

func numbers(ev *evaluator, name string, v any) []float64 {
	l, ok := v.([]any)
	if !ok {
		argType(ev, name, 0, v, "an array of numbers")
	}
	out := make([]float64, len(l))
	for i, e := range l {
		x, ok := number(e)
		if !ok {
			argType(ev, name, 0, v, "an array of numbers")
		}
		out[i] = x
	}
	return out
}

func fnSum(ev *evaluator, name string, a []any) any {
	s := 0.0
	for _, x := range numbers(ev, name, a[0]) {
		s += x
	}
	return num(s)
}

func fnAvg(ev *evaluator, name string, a []any) any {
	xs := numbers(ev, name, a[0])
	if len(xs) == 0 {
		return nil
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return num(s / float64(len(xs)))
}

func twoStrings(ev *evaluator, name string, a []any) (string, string) {
	s, ok := a[0].(string)
	if !ok {
		argType(ev, name, 0, a[0], "a string")
	}
	t, ok := a[1].(string)
	if !ok {
		argType(ev, name, 1, a[1], "a string")
	}
	return s, t
}

func fnStartsWith(ev *evaluator, name string, a []any) any {
	s, p := twoStrings(ev, name, a)
	return strings.HasPrefix(s, p)
}

func fnEndsWith(ev *evaluator, name string, a []any) any {
	s, p := twoStrings(ev, name, a)
	return strings.HasSuffix(s, p)
}

func fnJoin(ev *evaluator, name string, a []any) any {
	sep, ok := a[0].(string)
	if !ok {
		argType(ev, name, 0, a[0], "a string")
	}
	l, ok := a[1].([]any)
	if !ok {
		argType(ev, name, 1, a[1], "an array of strings")
	}
	parts := make([]string, len(l))
	for i, e := range l {
		s, ok := e.(string)
		if !ok {
			argType(ev, name, 1, a[1], "an array of strings")
		}
		parts[i] = s
	}
	return strings.Join(parts, sep)
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func fnKeys(ev *evaluator, name string, a []any) any {
	m, ok := a[0].(map[string]any)
	if !ok {
		argType(ev, name, 0, a[0], "an object")
	}
	out := []any{}
	for _, k := range sortedKeys(m) {
		out = append(out, k)
	}
	return out
}

func fnValues(ev *evaluator, name string, a []any) any {
	m, ok := a[0].(map[string]any)
	if !ok {
		argType(ev, name, 0, a[0], "an object")
	}
	out := []any{}
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// less orders two numbers or two strings; ok is false for anything else.
func less(a, b any) (lt, ok bool) {
	if x, ok1 := number(a); ok1 {
		y, ok2 := number(b)
		return x < y, ok2
	}
	if x, ok1 := a.(string); ok1 {
		y, ok2 := b.(string)
		return x < y, ok2
	}
	return false, false
}

func fnMinMax(min bool) func(*evaluator, string, []any) any {
	return func(ev *evaluator, name string, a []any) any {
		l, ok := a[0].([]any)
		if !ok {
			argType(ev, name, 0, a[0], "an array of numbers or strings")
		}
		var best any
		for i, e := range l {
			if i == 0 {
				if _, ok := less(e, e); !ok {
					argType(ev, name, 0, a[0], "an array of numbers or strings")
				}
				best = e
				continue
			}
			lt, ok := less(e, best)
			if !ok {
				argType(ev, name, 0, a[0], "an array of numbers or strings")
			}
			gt, _ := less(best, e)
			if (min && lt) || (!min && gt) {
				best = e
			}
		}
		return best
	}
}

func fnNotNull(_ *evaluator, _ string, a []any) any {
	for _, v := range a {
		if v != nil {
			return v
		}
	}
	return nil
}

func fnReverse(ev *evaluator, name string, a []any) any {
	switch x := a[0].(type) {
	case string:
		r := []rune(x)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[len(x)-1-i] = e
		}
		return out
	}
	argType(ev, name, 0, a[0], "a string or array")
	return nil
}

func sortValues(ev *evaluator, name string, l []any, keys []any) {
	for i := range keys {
		if _, ok := less(keys[i], keys[0]); !ok {
			ev.fail("%s() needs values that are all numbers or all strings", name)
		}
	}
	idx := make([]int, len(l))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { lt, _ := less(keys[idx[i]], keys[idx[j]]); return lt })
	sorted := make([]any, len(l))
	for i, k := range idx {
		sorted[i] = l[k]
	}
	copy(l, sorted)
}

func fnSort(ev *evaluator, name string, a []any) any {
	l, ok := a[0].([]any)
	if !ok {
		argType(ev, name, 0, a[0], "an array")
	}
	out := append([]any(nil), l...)
	sortValues(ev, name, out, append([]any(nil), l...))
	if out == nil {
		out = []any{}
	}
	return out
}

func fnToArray(_ *evaluator, _ string, a []any) any {
	if l, ok := a[0].([]any); ok {
		return l
	}
	return []any{a[0]}
}

func fnToString(ev *evaluator, _ string, a []any) any {
	if s, ok := a[0].(string); ok {
		return s
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a[0]); err != nil {
		ev.fail("to_string(): %v", err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func fnToNumber(_ *evaluator, _ string, a []any) any {
	switch x := a[0].(type) {
	case string:
		f, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil
		}
		return json.Number(x)
	}
	if _, ok := number(a[0]); ok {
		return a[0]
	}
	return nil
}

func fnMerge(ev *evaluator, name string, a []any) any {
	out := map[string]any{}
	for i, v := range a {
		m, ok := v.(map[string]any)
		if !ok {
			argType(ev, name, i, v, "an object")
		}
		for k, x := range m {
			out[k] = x
		}
	}
	return out
}

func exprArg(ev *evaluator, name string, i int, v any) node {
	r, ok := v.(exprRef)
	if !ok {
		argType(ev, name, i, v, "an expression (&expr)")
	}
	return r.e
}

func fnMap(ev *evaluator, name string, a []any) any {
	e := exprArg(ev, name, 0, a[0])
	l, ok := a[1].([]any)
	if !ok {
		argType(ev, name, 1, a[1], "an array")
	}
	out := make([]any, len(l))
	for i, x := range l {
		out[i] = e.eval(ev, x)
	}
	return out
}

func fnSortBy(ev *evaluator, name string, a []any) any {
	l, ok := a[0].([]any)
	if !ok {
		argType(ev, name, 0, a[0], "an array")
	}
	e := exprArg(ev, name, 1, a[1])
	out := append([]any{}, l...)
	keys := make([]any, len(out))
	for i, x := range out {
		keys[i] = e.eval(ev, x)
	}
	sortValues(ev, name, out, keys)
	return out
}

func fnByMinMax(min bool) func(*evaluator, string, []any) any {
	return func(ev *evaluator, name string, a []any) any {
		l, ok := a[0].([]any)
		if !ok {
			argType(ev, name, 0, a[0], "an array")
		}
		e := exprArg(ev, name, 1, a[1])
		var best, bestKey any
		for i, x := range l {
			k := e.eval(ev, x)
			if _, ok := less(k, k); !ok {
				ev.fail("%s() needs keys that are numbers or strings", name)
			}
			if i == 0 {
				best, bestKey = x, k
				continue
			}
			lt, ok := less(k, bestKey)
			if !ok {
				ev.fail("%s() needs keys that are all numbers or all strings", name)
			}
			gt, _ := less(bestKey, k)
			if (min && lt) || (!min && gt) {
				best, bestKey = x, k
			}
		}
		return best
	}
}
