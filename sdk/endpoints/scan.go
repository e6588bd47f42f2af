package endpoints

import (
	"errors"
	"strings"

	"github.com/tidwall/gjson"
)

// A small scanner over valid JSON: it finds where values end without
// decoding them, so that loading endpoints.json (half a megabyte, read on a
// process's first client) touches each byte once, and strings (most of the
// bytes) at memchr speed. Values are then read on demand with gjson.
// (gjson's own Array and ForEach squash every value again at each level;
// the load took 3.9 ms with them, 0.6 ms with this.)

var errScan = errors.New("malformed JSON")

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
		i++
	}
	return i
}

// stringEnd returns the index just past the string starting at s[i] ('"').
// (A byte loop: most strings here are a few bytes long, shorter than what
// an IndexByte call pays for itself on.)
func stringEnd(s string, i int) (int, error) {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '"':
			return i + 1, nil
		case '\\':
			i++
		}
	}
	return 0, errScan
}

// valueEnd returns the index just past the value starting at s[i].
func valueEnd(s string, i int) (int, error) {
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '"':
			e, err := stringEnd(s, i)
			if err != nil || depth == 0 {
				return e, err
			}
			i = e
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				return 0, errScan
			}
			if depth == 0 {
				return i + 1, nil
			}
		default:
			if depth == 0 { // a number, true, false or null
				for i < len(s) && !strings.ContainsRune(",}] \n\r\t", rune(s[i])) {
					i++
				}
				return i, nil
			}
		}
		i++
	}
	return 0, errScan
}

// members walks the object starting at s[i] ('{', after spaces): f gets
// each member's key and the index where its value starts, and returns the
// index just past that value (valueEnd, or its own walk of the value, so
// that nothing is scanned twice). members returns the index just past the
// object.
func members(s string, i int, f func(key string, v int) (int, error)) (int, error) {
	i = skipSpace(s, i)
	if i >= len(s) || s[i] != '{' {
		return 0, errScan
	}
	for i = skipSpace(s, i+1); i < len(s) && s[i] != '}'; {
		if s[i] != '"' {
			return 0, errScan
		}
		ke, err := stringEnd(s, i)
		if err != nil {
			return 0, err
		}
		key := s[i+1 : ke-1]
		if strings.IndexByte(key, '\\') >= 0 {
			key = gjson.Parse(s[i:ke]).String()
		}
		i = skipSpace(s, ke)
		if i >= len(s) || s[i] != ':' {
			return 0, errScan
		}
		if i, err = f(key, skipSpace(s, i+1)); err != nil {
			return 0, err
		}
		i = nextItem(s, i)
	}
	return closed(s, i)
}

// elements walks the array starting at s[i] as members walks an object.
func elements(s string, i int, f func(v int) (int, error)) (int, error) {
	i = skipSpace(s, i)
	if i >= len(s) || s[i] != '[' {
		return 0, errScan
	}
	var err error
	for i = skipSpace(s, i+1); i < len(s) && s[i] != ']'; {
		if i, err = f(i); err != nil {
			return 0, err
		}
		i = nextItem(s, i)
	}
	return closed(s, i)
}

// nextItem skips the spaces and comma after a member or element.
func nextItem(s string, i int) int {
	if i = skipSpace(s, i); i < len(s) && s[i] == ',' {
		i = skipSpace(s, i+1)
	}
	return i
}

// closed returns the index past the closing bracket at s[i], if any.
func closed(s string, i int) (int, error) {
	if i >= len(s) {
		return 0, errScan
	}
	return i + 1, nil
}

// value returns the value starting at s[i] and the index just past it.
func value(s string, i int) (gjson.Result, int, error) {
	e, err := valueEnd(s, i)
	if err != nil {
		return gjson.Result{}, 0, err
	}
	return gjson.Parse(s[i:e]), e, nil
}
