// Package jmespath compiles and evaluates JMESPath expressions, the query
// language botocore's paginators (output_token, more_results, result_key)
// and waiters (acceptor arguments) are written in.
//
// It implements the JMESPath grammar: identifiers (bare and quoted),
// sub-expressions, index and slice expressions, list, object and filter
// projections, flatten, pipes, "||", "&&", "!", comparators, literals
// (`...`) and raw strings ('...'), the current node "@", multi-select lists
// and hashes, expression references and the built-in functions listed in
// functions.go. Values are those encoding/json decodes with UseNumber:
// map[string]any, []any, string, json.Number, bool and nil.
//
// It owns expression syntax and semantics only; it knows nothing of AWS
// models, pagination or waiting (sdk/client uses it for those).
package jmespath

import (
	"fmt"
	"strings"
)

// tokKind is the kind of a lexical token.
type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tQuoted
	tNumber
	tLiteral
	tRawString
	tDot
	tStar
	tFlatten // []
	tFilter  // [?
	tLBracket
	tRBracket
	tLBrace
	tRBrace
	tLParen
	tRParen
	tComma
	tColon
	tPipe
	tOr
	tAnd
	tNot
	tAt
	tExpref // &
	tEQ
	tNE
	tLT
	tLTE
	tGT
	tGTE
)

var tokNames = map[tokKind]string{
	tEOF: "end of expression", tIdent: "identifier", tQuoted: "quoted identifier",
	tNumber: "number", tLiteral: "literal", tRawString: "raw string", tDot: `"."`,
	tStar: `"*"`, tFlatten: `"[]"`, tFilter: `"[?"`, tLBracket: `"["`, tRBracket: `"]"`,
	tLBrace: `"{"`, tRBrace: `"}"`, tLParen: `"("`, tRParen: `")"`, tComma: `","`,
	tColon: `":"`, tPipe: `"|"`, tOr: `"||"`, tAnd: `"&&"`, tNot: `"!"`, tAt: `"@"`,
	tExpref: `"&"`, tEQ: `"=="`, tNE: `"!="`, tLT: `"<"`, tLTE: `"<="`, tGT: `">"`, tGTE: `">="`,
}

func (k tokKind) String() string { return tokNames[k] }

// token is one lexical token; pos is its byte offset in the expression.
type token struct {
	kind tokKind
	text string // identifier name, decoded string, number text, literal JSON
	pos  int
}

// SyntaxError is a failure to compile an expression. Pos is the byte offset
// of the problem in Expr.
type SyntaxError struct {
	Expr string
	Pos  int
	Msg  string
}

// Error implements error: `jmespath: <msg> at position N in "<expr>"`.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("jmespath: %s at position %d in %q", e.Msg, e.Pos, e.Expr)
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentChar(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

// lex splits an expression into tokens, ending with tEOF.
func lex(expr string) ([]token, error) {
	var toks []token
	fail := func(pos int, format string, args ...any) ([]token, error) {
		return nil, &SyntaxError{Expr: expr, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	}
	i := 0
	for i < len(expr) {
		c := expr[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case isIdentStart(c):
			for i < len(expr) && isIdentChar(expr[i]) {
				i++
			}
			toks = append(toks, token{tIdent, expr[start:i], start})
			continue
		case c == '-' || (c >= '0' && c <= '9'):
			i++
			for i < len(expr) && expr[i] >= '0' && expr[i] <= '9' {
				i++
			}
			if expr[start:i] == "-" {
				return fail(start, `"-" must be followed by digits`)
			}
			toks = append(toks, token{tNumber, expr[start:i], start})
			continue
		case c == '"':
			end, err := scanQuoted(expr, i, '"')
			if err != nil {
				return fail(start, "unterminated quoted identifier")
			}
			s, err := decodeJSONString(expr[start:end])
			if err != nil {
				return fail(start, "invalid quoted identifier: %v", err)
			}
			toks = append(toks, token{tQuoted, s, start})
			i = end
			continue
		case c == '\'':
			end, err := scanQuoted(expr, i, '\'')
			if err != nil {
				return fail(start, "unterminated raw string")
			}
			raw := expr[start+1 : end-1]
			toks = append(toks, token{tRawString, strings.ReplaceAll(raw, `\'`, `'`), start})
			i = end
			continue
		case c == '`':
			end, err := scanQuoted(expr, i, '`')
			if err != nil {
				return fail(start, "unterminated literal")
			}
			toks = append(toks, token{tLiteral, strings.ReplaceAll(expr[start+1:end-1], "\\`", "`"), start})
			i = end
			continue
		}
		two := ""
		if i+1 < len(expr) {
			two = expr[i : i+2]
		}
		switch two {
		case "[]":
			toks = append(toks, token{tFlatten, two, start})
			i += 2
			continue
		case "[?":
			toks = append(toks, token{tFilter, two, start})
			i += 2
			continue
		case "||":
			toks = append(toks, token{tOr, two, start})
			i += 2
			continue
		case "&&":
			toks = append(toks, token{tAnd, two, start})
			i += 2
			continue
		case "==":
			toks = append(toks, token{tEQ, two, start})
			i += 2
			continue
		case "!=":
			toks = append(toks, token{tNE, two, start})
			i += 2
			continue
		case "<=":
			toks = append(toks, token{tLTE, two, start})
			i += 2
			continue
		case ">=":
			toks = append(toks, token{tGTE, two, start})
			i += 2
			continue
		}
		var k tokKind
		switch c {
		case '.':
			k = tDot
		case '*':
			k = tStar
		case '[':
			k = tLBracket
		case ']':
			k = tRBracket
		case '{':
			k = tLBrace
		case '}':
			k = tRBrace
		case '(':
			k = tLParen
		case ')':
			k = tRParen
		case ',':
			k = tComma
		case ':':
			k = tColon
		case '|':
			k = tPipe
		case '!':
			k = tNot
		case '@':
			k = tAt
		case '&':
			k = tExpref
		case '<':
			k = tLT
		case '>':
			k = tGT
		case '=':
			return fail(start, `unexpected "=" (use "==" to compare)`)
		default:
			return fail(start, "unexpected character %q", rune(c))
		}
		toks = append(toks, token{k, string(c), start})
		i++
	}
	return append(toks, token{tEOF, "", len(expr)}), nil
}

// scanQuoted returns the offset just past the closing quote of the string
// starting at expr[i] (which is the opening quote). A backslash escapes the
// next byte.
func scanQuoted(expr string, i int, q byte) (int, error) {
	for j := i + 1; j < len(expr); j++ {
		switch expr[j] {
		case '\\':
			j++
		case q:
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("unterminated")
}
