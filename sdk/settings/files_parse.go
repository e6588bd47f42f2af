package settings

import (
	"fmt"
	"strings"
	"unicode"
)

// This file holds the line parser of the shared config and credentials
// files. It follows the cross-SDK profile file specification (the one the
// profile-parser conformance tests encode) rather than gopkg.in/ini.v1,
// because ini.v1 cannot be made to behave as the specification requires:
//
//   - ":" is not a key/value separator ("key : value" is an error);
//   - a comment after a section header needs no whitespace before it
//     ("[profile foo]; c"), while in a property value it does ("v; c" keeps
//     "; c"), and continuation lines keep comment characters verbatim;
//   - any line that starts with whitespace continues the previous property
//     (not only after an empty value), and is an error where there is no
//     property to continue;
//   - a property with an empty value followed by indented lines holds
//     sub-properties whose lines must each contain "=";
//   - keys before the first section, a header without "]", and a property
//     without a name are errors that name the line number.
//
// One leniency beyond the specification: a UTF-8 byte order mark at the
// start of the file is skipped.
//
// Errors carry the line number and never the line itself: a line may hold a
// secret.

// Characters the specification treats as whitespace and as comment starts.
const (
	specWhitespace = " \t"
	commentChars   = "#;"
)

// FileKind tells which of the two shared files a text comes from; the
// section names differ ([profile NAME] in the config file, [NAME] in the
// credentials file).
type FileKind int

// The two kinds of shared file.
const (
	ConfigFileKind FileKind = iota
	CredentialsFileKind
)

// rawSection is one section header's properties, in file order, before
// names are validated. Property keys are lower-cased.
type rawSection struct {
	header string // text between the brackets, comments removed, trimmed
	keys   []string
	values map[string]string
}

func (s *rawSection) set(k, v string) {
	if _, ok := s.values[k]; !ok {
		s.keys = append(s.keys, k)
	}
	s.values[k] = v
}

// ParseError is a shared file that does not follow the profile file syntax.
// Its message names the line number and the rule broken, never the line's
// content.
type ParseError struct {
	// Line is the 1-based line number.
	Line int
	// Reason is what is wrong ("Profile definition must end with ']'").
	Reason string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// parseRaw splits a shared file's text into sections. Sections with the
// same header are merged (later keys win); the order of first appearance
// is kept so that merging across headers is deterministic.
func parseRaw(text string) ([]*rawSection, error) {
	var sections []*rawSection
	byHeader := map[string]*rawSection{}
	var cur *rawSection
	property := ""       // the property continuation lines extend ("" = none)
	subProperty := false // property had an empty value: lines are sub-properties
	lineNo := 0
	text = strings.TrimPrefix(text, "\uFEFF") // a byte order mark, as some Windows editors write
	for len(text) > 0 {
		lineNo++
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		line = strings.TrimSuffix(line, "\r")
		if strings.Trim(line, specWhitespace) == "" || strings.ContainsRune(commentChars, rune(firstByte(line))) {
			continue
		}
		fail := func(reason string) error { return &ParseError{Line: lineNo, Reason: reason} }
		switch {
		case line[0] == '[':
			h := stripComment(line, false)
			if !strings.HasSuffix(h, "]") {
				return nil, fail("Profile definition must end with ']'")
			}
			h = strings.Trim(h[1:len(h)-1], specWhitespace)
			cur = byHeader[h]
			if cur == nil {
				cur = &rawSection{header: h, values: map[string]string{}}
				byHeader[h] = cur
				sections = append(sections, cur)
			}
			property, subProperty = "", false
		case line[0] == ' ' || line[0] == '\t':
			if cur == nil {
				return nil, fail("Expected a profile definition")
			}
			if property == "" {
				return nil, fail("Expected a property definition, found continuation")
			}
			v := strings.Trim(line, specWhitespace)
			if subProperty {
				if _, _, err := splitProperty(v); err != noPropertyError {
					return nil, fail(err.message("sub-property"))
				}
			}
			cur.values[property] += "\n" + v
		default:
			if cur == nil {
				return nil, fail("Expected a profile definition")
			}
			k, v, err := splitProperty(line)
			if err != noPropertyError {
				return nil, fail(err.message("property"))
			}
			cur.set(k, v)
			property, subProperty = k, v == ""
		}
	}
	return sections, nil
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// propertyError is what is wrong with a property line.
type propertyError int

const (
	noPropertyError propertyError = iota
	noEquals
	noName
)

// message words the error for a "property" or a "sub-property", as the
// specification's tests expect.
func (e propertyError) message(what string) string {
	if e == noName {
		return strings.ToUpper(what[:1]) + what[1:] + " did not have a name"
	}
	return "Expected an '=' sign defining a " + what
}

// splitProperty splits "key = value" (comments that follow whitespace
// removed, key lower-cased).
func splitProperty(line string) (key, value string, err propertyError) {
	line = stripComment(line, true)
	k, v, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", noEquals
	}
	k = strings.Trim(k, specWhitespace)
	if k == "" {
		return "", "", noName
	}
	return asciiLower(k), strings.Trim(v, specWhitespace), noPropertyError
}

// stripComment trims whitespace and removes a comment: from the first "#"
// or ";" when needWhitespace is false (section headers), else from the
// first one that follows a whitespace character (property values).
func stripComment(line string, needWhitespace bool) string {
	line = strings.Trim(line, specWhitespace)
	prevSpace := false
	for i, r := range line {
		if (r == '#' || r == ';') && (prevSpace || !needWhitespace) {
			line = line[:i]
			break
		}
		prevSpace = unicode.IsSpace(r)
	}
	return strings.Trim(line, specWhitespace)
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// validIdentifier reports whether s may name a profile, an sso-session, a
// services section or a property: ASCII letters and digits and _ - / . % @
// : +, as the AWS SDKs accept.
func validIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_-/.%@:+", c) >= 0) {
			return false
		}
	}
	return true
}

// ParseSubProperties parses the value of a property that holds
// sub-properties (the text after "s3 =": "\nkey = value\nkey2 = value2")
// into a map with lower-cased keys. Lines without "=" or with an empty or
// invalid name are skipped; comments that follow whitespace are removed.
func ParseSubProperties(raw string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(raw, "\n") {
		k, v, err := splitProperty(line)
		if err != noPropertyError || !validIdentifier(k) {
			continue
		}
		out[k] = v
	}
	return out
}
