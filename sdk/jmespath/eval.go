package jmespath

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// EvalError is a failure while evaluating a valid expression, such as a
// function given an argument of the wrong type.
type EvalError struct {
	Expr string
	Msg  string
}

// Error implements error.
func (e *EvalError) Error() string { return fmt.Sprintf("jmespath: %s in %q", e.Msg, e.Expr) }

// Search evaluates the expression against data (a value as Decode returns
// it). A missing member, an out-of-range index or a projection over a
// non-list is null (nil), not an error; errors are *EvalError (a function
// given the wrong type of argument).
func (e *Expr) Search(data any) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			if ee, ok := r.(*EvalError); ok {
				out, err = nil, ee
				return
			}
			panic(r)
		}
	}()
	ev := &evaluator{src: e.src}
	return e.root.eval(ev, data), nil
}

// SearchJSON decodes doc and evaluates the expression against it.
func (e *Expr) SearchJSON(doc []byte) (any, error) {
	v, err := Decode(doc)
	if err != nil {
		return nil, fmt.Errorf("jmespath: evaluating %q: document is not valid JSON: %v", e.src, err)
	}
	return e.Search(v)
}

// Search compiles expr and evaluates it against data.
func Search(expr string, data any) (any, error) {
	e, err := Compile(expr)
	if err != nil {
		return nil, err
	}
	return e.Search(data)
}

type evaluator struct{ src string }

func (ev *evaluator) fail(format string, args ...any) {
	panic(&EvalError{Expr: ev.src, Msg: fmt.Sprintf(format, args...)})
}

// node is a parsed expression.
type node interface {
	eval(ev *evaluator, v any) any
}

type (
	field     struct{ name string }
	literal   struct{ v any }
	current   struct{}
	subexpr   struct{ left, right node }
	pipe      struct{ left, right node }
	or        struct{ left, right node }
	and       struct{ left, right node }
	not       struct{ e node }
	flatten   struct{ e node }
	exprRef   struct{ e node }
	index     struct{ i int }
	slice     struct{ start, stop, step *int }
	indexed   struct{ left, idx node }
	multiList []node
	multiHash struct {
		keys []string
		vals []node
	}
	compare struct {
		op          tokKind
		left, right node
	}
	// projection applies right to each element of the list left yields.
	projection struct{ left, right node }
	// valueProjection applies right to each value of the object left yields.
	valueProjection struct{ left, right node }
	// filterProjection keeps the elements for which cond is truthy.
	filterProjection struct{ left, right, cond node }
	call             struct {
		name string
		spec *function
		args []node
	}
)

func (n field) eval(_ *evaluator, v any) any {
	if m, ok := v.(map[string]any); ok {
		return m[n.name]
	}
	return nil
}

func (n literal) eval(*evaluator, any) any { return n.v }

func (current) eval(_ *evaluator, v any) any { return v }

func (n subexpr) eval(ev *evaluator, v any) any {
	l := n.left.eval(ev, v)
	if l == nil {
		return nil
	}
	return n.right.eval(ev, l)
}

func (n pipe) eval(ev *evaluator, v any) any { return n.right.eval(ev, n.left.eval(ev, v)) }

func (n or) eval(ev *evaluator, v any) any {
	if l := n.left.eval(ev, v); Truthy(l) {
		return l
	}
	return n.right.eval(ev, v)
}

func (n and) eval(ev *evaluator, v any) any {
	if l := n.left.eval(ev, v); !Truthy(l) {
		return l
	}
	return n.right.eval(ev, v)
}

func (n not) eval(ev *evaluator, v any) any { return !Truthy(n.e.eval(ev, v)) }

func (n flatten) eval(ev *evaluator, v any) any {
	l, ok := n.e.eval(ev, v).([]any)
	if !ok {
		return nil
	}
	out := make([]any, 0, len(l))
	for _, e := range l {
		if inner, ok := e.([]any); ok {
			out = append(out, inner...)
		} else {
			out = append(out, e)
		}
	}
	return out
}

// exprRef evaluates to itself: functions such as sort_by receive it.
func (n exprRef) eval(*evaluator, any) any { return n }

func (n index) eval(_ *evaluator, v any) any {
	l, ok := v.([]any)
	if !ok {
		return nil
	}
	i := n.i
	if i < 0 {
		i += len(l)
	}
	if i < 0 || i >= len(l) {
		return nil
	}
	return l[i]
}

func (n slice) eval(_ *evaluator, v any) any {
	l, ok := v.([]any)
	if !ok {
		return nil
	}
	step := 1
	if n.step != nil {
		step = *n.step
	}
	length := len(l)
	bound := func(p *int, def int) int {
		if p == nil {
			return def
		}
		x := *p
		if x < 0 {
			x += length
			if x < 0 {
				if step < 0 {
					return -1
				}
				return 0
			}
		} else if x >= length {
			if step < 0 {
				return length - 1
			}
			return length
		}
		return x
	}
	var start, stop int
	if step > 0 {
		start, stop = bound(n.start, 0), bound(n.stop, length)
	} else {
		start, stop = bound(n.start, length-1), bound(n.stop, -1)
		if n.stop == nil {
			stop = -1
		}
	}
	out := []any{}
	if step > 0 {
		for i := start; i < stop; i += step {
			out = append(out, l[i])
		}
	} else {
		for i := start; i > stop; i += step {
			if i >= 0 && i < length {
				out = append(out, l[i])
			}
		}
	}
	return out
}

func (n indexed) eval(ev *evaluator, v any) any {
	l := n.left.eval(ev, v)
	if l == nil {
		return nil
	}
	return n.idx.eval(ev, l)
}

func (n multiList) eval(ev *evaluator, v any) any {
	if v == nil {
		return nil
	}
	out := make([]any, len(n))
	for i, e := range n {
		out[i] = e.eval(ev, v)
	}
	return out
}

func (n multiHash) eval(ev *evaluator, v any) any {
	if v == nil {
		return nil
	}
	out := make(map[string]any, len(n.keys))
	for i, k := range n.keys {
		out[k] = n.vals[i].eval(ev, v)
	}
	return out
}

func (n compare) eval(ev *evaluator, v any) any {
	l, r := n.left.eval(ev, v), n.right.eval(ev, v)
	switch n.op {
	case tEQ:
		return Equal(l, r)
	case tNE:
		return !Equal(l, r)
	}
	a, ok1 := number(l)
	b, ok2 := number(r)
	if !ok1 || !ok2 {
		return nil
	}
	switch n.op {
	case tLT:
		return a < b
	case tLTE:
		return a <= b
	case tGT:
		return a > b
	default:
		return a >= b
	}
}

func (n projection) eval(ev *evaluator, v any) any {
	l, ok := n.left.eval(ev, v).([]any)
	if !ok {
		return nil
	}
	out := make([]any, 0, len(l))
	for _, e := range l {
		if r := n.right.eval(ev, e); r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (n valueProjection) eval(ev *evaluator, v any) any {
	m, ok := n.left.eval(ev, v).(map[string]any)
	if !ok {
		return nil
	}
	out := make([]any, 0, len(m))
	for _, k := range sortedKeys(m) {
		if r := n.right.eval(ev, m[k]); r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (n filterProjection) eval(ev *evaluator, v any) any {
	l, ok := n.left.eval(ev, v).([]any)
	if !ok {
		return nil
	}
	out := make([]any, 0, len(l))
	for _, e := range l {
		if !Truthy(n.cond.eval(ev, e)) {
			continue
		}
		if r := n.right.eval(ev, e); r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (n call) eval(ev *evaluator, v any) any {
	args := make([]any, len(n.args))
	for i, a := range n.args {
		args[i] = a.eval(ev, v)
	}
	return n.spec.fn(ev, n.name, args)
}

// Truthy reports JMESPath truth: false, null, "", [] and {} are false,
// everything else (0 included) is true.
func Truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// Equal is JMESPath equality: deep, with numbers compared by value.
func Equal(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !Equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return false
}

// number returns v as a float64 when it is a JSON number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil || !math.IsNaN(f)
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// TypeOf returns the JMESPath type name of a value: "number", "string",
// "boolean", "array", "object", "null" (or "expref").
func TypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case exprRef:
		return "expref"
	}
	if _, ok := number(v); ok {
		return "number"
	}
	return "unknown"
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
