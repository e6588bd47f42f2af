package jmespath

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Binding powers of the tokens, as the JMESPath grammar orders them.
var bindingPower = map[tokKind]int{
	tPipe: 1, tOr: 2, tAnd: 3,
	tEQ: 5, tNE: 5, tLT: 5, tLTE: 5, tGT: 5, tGTE: 5,
	tFlatten: 9, tStar: 20, tFilter: 21, tDot: 40, tNot: 45,
	tLBrace: 50, tLBracket: 55, tLParen: 60,
}

// projectionStop: a token binding less than this ends a projection's
// right-hand side.
const projectionStop = 10

// maxDepth bounds nesting so that a hostile expression cannot exhaust the
// stack.
const maxDepth = 200

// Expr is a compiled expression. It is immutable and safe for concurrent
// use.
type Expr struct {
	src  string
	root node
}

// String returns the expression's source text.
func (e *Expr) String() string { return e.src }

// Compile parses an expression. Errors are *SyntaxError naming the
// expression and the byte position of the problem.
func Compile(expr string) (*Expr, error) {
	toks, err := lex(expr)
	if err != nil {
		return nil, err
	}
	p := &parser{src: expr, toks: toks}
	root, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t, "unexpected %s", describe(t))
	}
	return &Expr{src: expr, root: root}, nil
}

// MustCompile is Compile for expressions known to be valid; it panics on a
// syntax error.
func MustCompile(expr string) *Expr {
	e, err := Compile(expr)
	if err != nil {
		panic(err)
	}
	return e
}

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *parser) errAt(t token, format string, args ...any) error {
	return &SyntaxError{Expr: p.src, Pos: t.pos, Msg: fmt.Sprintf(format, args...)}
}

func describe(t token) string {
	switch t.kind {
	case tIdent, tNumber:
		return fmt.Sprintf("%s %q", t.kind, t.text)
	}
	return t.kind.String()
}

func (p *parser) match(k tokKind) error {
	t := p.peek()
	if t.kind != k {
		return p.errAt(t, "expected %s, found %s", k, describe(t))
	}
	p.next()
	return nil
}

// expression is the Pratt loop: a prefix (nud) then infix operators (led)
// binding tighter than rbp.
func (p *parser) expression(rbp int) (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errAt(p.peek(), "expression nested too deeply")
	}
	left, err := p.nud(p.next())
	if err != nil {
		return nil, err
	}
	for rbp < bindingPower[p.peek().kind] {
		left, err = p.led(p.next(), left)
		if err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *parser) nud(t token) (node, error) {
	switch t.kind {
	case tIdent, tQuoted:
		if t.kind == tQuoted && p.peek().kind == tLParen {
			return nil, p.errAt(p.peek(), "a quoted identifier cannot be a function name")
		}
		return field{name: t.text}, nil
	case tLiteral:
		v, err := parseLiteral(t.text)
		if err != nil {
			return nil, p.errAt(t, "invalid literal: %v", err)
		}
		return literal{v}, nil
	case tRawString:
		return literal{t.text}, nil
	case tAt:
		return current{}, nil
	case tStar:
		var right node = current{}
		if p.peek().kind != tRBracket {
			r, err := p.projectionRHS(bindingPower[tStar])
			if err != nil {
				return nil, err
			}
			right = r
		}
		return valueProjection{left: current{}, right: right}, nil
	case tFlatten:
		right, err := p.projectionRHS(bindingPower[tFlatten])
		if err != nil {
			return nil, err
		}
		return projection{left: flatten{current{}}, right: right}, nil
	case tFilter:
		return p.filterTail(current{})
	case tLBracket:
		switch k := p.peek().kind; {
		case k == tNumber || k == tColon:
			idx, err := p.indexExpr()
			if err != nil {
				return nil, err
			}
			return p.projectIfSlice(current{}, idx)
		case k == tStar && p.peekAt(1).kind == tRBracket:
			p.next()
			p.next()
			right, err := p.projectionRHS(bindingPower[tStar])
			if err != nil {
				return nil, err
			}
			return projection{left: current{}, right: right}, nil
		}
		return p.multiList()
	case tLBrace:
		return p.multiHash()
	case tLParen:
		e, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		return e, p.match(tRParen)
	case tNot:
		e, err := p.expression(bindingPower[tNot])
		if err != nil {
			return nil, err
		}
		return not{e}, nil
	case tExpref:
		e, err := p.expression(bindingPower[tExpref])
		if err != nil {
			return nil, err
		}
		return exprRef{e}, nil
	case tEOF:
		return nil, p.errAt(t, "unexpected end of expression")
	}
	return nil, p.errAt(t, "unexpected %s", describe(t))
}

func (p *parser) led(t token, left node) (node, error) {
	switch t.kind {
	case tDot:
		if p.peek().kind == tStar {
			p.next()
			right, err := p.projectionRHS(bindingPower[tDot])
			if err != nil {
				return nil, err
			}
			return valueProjection{left: left, right: right}, nil
		}
		right, err := p.dotRHS(bindingPower[tDot])
		if err != nil {
			return nil, err
		}
		return subexpr{left, right}, nil
	case tPipe:
		right, err := p.expression(bindingPower[tPipe])
		if err != nil {
			return nil, err
		}
		return pipe{left, right}, nil
	case tOr, tAnd:
		right, err := p.expression(bindingPower[t.kind])
		if err != nil {
			return nil, err
		}
		if t.kind == tOr {
			return or{left, right}, nil
		}
		return and{left, right}, nil
	case tEQ, tNE, tLT, tLTE, tGT, tGTE:
		right, err := p.expression(bindingPower[t.kind])
		if err != nil {
			return nil, err
		}
		return compare{op: t.kind, left: left, right: right}, nil
	case tFlatten:
		right, err := p.projectionRHS(bindingPower[tFlatten])
		if err != nil {
			return nil, err
		}
		return projection{left: flatten{left}, right: right}, nil
	case tFilter:
		return p.filterTail(left)
	case tLBracket:
		if k := p.peek().kind; k == tNumber || k == tColon {
			idx, err := p.indexExpr()
			if err != nil {
				return nil, err
			}
			return p.projectIfSlice(left, idx)
		}
		if err := p.match(tStar); err != nil {
			return nil, err
		}
		if err := p.match(tRBracket); err != nil {
			return nil, err
		}
		right, err := p.projectionRHS(bindingPower[tStar])
		if err != nil {
			return nil, err
		}
		return projection{left: left, right: right}, nil
	case tLParen:
		f, ok := left.(field)
		if !ok {
			return nil, p.errAt(t, "only a name can be called as a function")
		}
		return p.call(t, f.name)
	}
	return nil, p.errAt(t, "unexpected %s", describe(t))
}

// filterTail parses the rest of "[?cond]" after the "[?" token.
func (p *parser) filterTail(left node) (node, error) {
	cond, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	if err := p.match(tRBracket); err != nil {
		return nil, err
	}
	var right node = current{}
	if p.peek().kind != tFlatten {
		right, err = p.projectionRHS(bindingPower[tFilter])
		if err != nil {
			return nil, err
		}
	}
	return filterProjection{left: left, right: right, cond: cond}, nil
}

// indexExpr parses "n]" or a slice "a:b:c]" after the "[".
func (p *parser) indexExpr() (node, error) {
	var parts [3]*int
	n := 0
	for {
		t := p.peek()
		switch t.kind {
		case tNumber:
			v, err := strconv.Atoi(t.text)
			if err != nil {
				return nil, p.errAt(t, "index %s out of range", t.text)
			}
			if parts[n] != nil {
				return nil, p.errAt(t, "unexpected number")
			}
			parts[n] = &v
			p.next()
		case tColon:
			if n == 2 {
				return nil, p.errAt(t, "a slice has at most three parts")
			}
			n++
			p.next()
		case tRBracket:
			p.next()
			if n == 0 {
				if parts[0] == nil {
					return nil, p.errAt(t, "empty index")
				}
				return index{*parts[0]}, nil
			}
			if parts[2] != nil && *parts[2] == 0 {
				return nil, p.errAt(t, "slice step cannot be 0")
			}
			return slice{parts[0], parts[1], parts[2]}, nil
		default:
			return nil, p.errAt(t, "expected a number, \":\" or \"]\" in an index, found %s", describe(t))
		}
	}
}

func (p *parser) projectIfSlice(left, idx node) (node, error) {
	if _, ok := idx.(slice); ok {
		right, err := p.projectionRHS(bindingPower[tStar])
		if err != nil {
			return nil, err
		}
		return projection{left: indexed{left, idx}, right: right}, nil
	}
	return indexed{left, idx}, nil
}

// projectionRHS parses what a projection applies to each element.
func (p *parser) projectionRHS(bp int) (node, error) {
	t := p.peek()
	switch {
	case bindingPower[t.kind] < projectionStop:
		return current{}, nil
	case t.kind == tLBracket, t.kind == tFilter:
		return p.expression(bp)
	case t.kind == tDot:
		p.next()
		return p.dotRHS(bp)
	}
	return nil, p.errAt(t, "unexpected %s after a projection", describe(t))
}

// dotRHS parses what may follow a ".": a name, a multi-select list or hash,
// or "*".
func (p *parser) dotRHS(bp int) (node, error) {
	t := p.peek()
	switch t.kind {
	case tIdent, tQuoted, tStar:
		return p.expression(bp)
	case tLBracket:
		p.next()
		return p.multiList()
	case tLBrace:
		p.next()
		return p.multiHash()
	}
	return nil, p.errAt(t, "expected a name, \"*\", \"[\" or \"{\" after \".\", found %s", describe(t))
}

func (p *parser) multiList() (node, error) {
	var items []node
	for {
		e, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		items = append(items, e)
		if p.peek().kind == tRBracket {
			p.next()
			return multiList(items), nil
		}
		if err := p.match(tComma); err != nil {
			return nil, err
		}
	}
}

func (p *parser) multiHash() (node, error) {
	var keys []string
	var vals []node
	for {
		t := p.next()
		if t.kind != tIdent && t.kind != tQuoted {
			return nil, p.errAt(t, "expected a key name in a multi-select hash, found %s", describe(t))
		}
		if err := p.match(tColon); err != nil {
			return nil, err
		}
		v, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.text)
		vals = append(vals, v)
		if p.peek().kind == tRBrace {
			p.next()
			return multiHash{keys, vals}, nil
		}
		if err := p.match(tComma); err != nil {
			return nil, err
		}
	}
}

func (p *parser) call(open token, name string) (node, error) {
	spec, ok := functions[name]
	if !ok {
		return nil, p.errAt(open, "unknown function %s()", name)
	}
	var args []node
	if p.peek().kind == tRParen {
		p.next()
	} else {
		for {
			a, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.peek().kind == tRParen {
				p.next()
				break
			}
			if err := p.match(tComma); err != nil {
				return nil, err
			}
		}
	}
	if len(args) < spec.minArgs || (spec.maxArgs >= 0 && len(args) > spec.maxArgs) {
		return nil, p.errAt(open, "%s() takes %s, got %d", name, spec.arity(), len(args))
	}
	return call{name: name, spec: spec, args: args}, nil
}

// parseLiteral decodes a `...` literal: JSON, or (as JMESPath's legacy
// form allows) bare text taken as a string.
func parseLiteral(s string) (any, error) {
	v, err := Decode([]byte(s))
	if err == nil {
		return v, nil
	}
	trimmed := bytes.TrimSpace([]byte(s))
	if len(trimmed) > 0 && !bytes.ContainsAny(trimmed[:1], `[{"`) {
		return string(trimmed), nil
	}
	return nil, err
}

func decodeJSONString(s string) (string, error) {
	var out string
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}

// Decode decodes a JSON document into the values expressions evaluate over
// (numbers as json.Number).
func Decode(doc []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(doc[d.InputOffset():])) > 0 {
		return nil, fmt.Errorf("extra data after the JSON value")
	}
	return v, nil
}
