package protocol

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/model"
)

// This file holds the XML response reader shared by query, ec2 and (next)
// rest-xml: it streams encoding/xml tokens and writes output JSON by shape.

// maxXMLDepth bounds element nesting so that a hostile document cannot
// drive unbounded recursion.
const maxXMLDepth = 256

// errAbsent marks a scalar element whose text cannot carry a value (an
// empty number, say): the member is left out of the output.
var errAbsent = errors.New("absent")

type xmlReader struct {
	d     *xml.Decoder
	depth int
}

func newXMLReader(body []byte) *xmlReader {
	return &xmlReader{d: xml.NewDecoder(bytes.NewReader(body))}
}

// token returns the next token; io.EOF becomes an "unexpected end" error.
func (r *xmlReader) token() (xml.Token, error) {
	tok, err := r.d.Token()
	if err == io.EOF {
		return nil, errors.New("unexpected end of XML document")
	}
	if err != nil {
		return nil, fmt.Errorf("malformed XML: %v", err)
	}
	return tok, nil
}

// root returns the document's root start element.
func (r *xmlReader) root() (xml.StartElement, error) {
	for {
		tok, err := r.d.Token()
		if err == io.EOF {
			return xml.StartElement{}, errors.New("XML document has no root element")
		}
		if err != nil {
			return xml.StartElement{}, fmt.Errorf("malformed XML: %v", err)
		}
		if t, ok := tok.(xml.StartElement); ok {
			return t, nil
		}
	}
}

// skip consumes the rest of the current element.
func (r *xmlReader) skip() error {
	if err := r.d.Skip(); err != nil {
		if err == io.EOF {
			return errors.New("unexpected end of XML document")
		}
		return fmt.Errorf("malformed XML: %v", err)
	}
	return nil
}

// text reads the character data of the current element up to its end,
// ignoring any nested elements.
func (r *xmlReader) text() (string, error) {
	var sb []byte
	for {
		tok, err := r.token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			sb = append(sb, t...)
		case xml.StartElement:
			if err := r.skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return string(sb), nil
		}
	}
}

// xmlMemberName is the element name of a structure member.
func xmlMemberName(m *model.Member) string {
	if m.Shape.Type == "list" && m.IsFlattened() && m.Shape.Member.LocationName != "" {
		return m.Shape.Member.LocationName
	}
	if m.LocationName != "" {
		return m.LocationName
	}
	return m.Name
}

// structure reads the children of start as members of sh and appends the
// output object, members in model order.
func (r *xmlReader) structure(dst []byte, sh *model.Shape, start xml.StartElement) ([]byte, error) {
	if r.depth++; r.depth > maxXMLDepth {
		return dst, fmt.Errorf("XML nested deeper than %d elements", maxXMLDepth)
	}
	defer func() { r.depth-- }()
	if sh.Type != "structure" {
		return dst, fmt.Errorf("shape %s is not a structure", sh.Name)
	}
	vals := make([][]byte, len(sh.Members))
	set := make([]bool, len(sh.Members))
	for i, m := range sh.Members {
		if !m.XMLAttribute {
			continue
		}
		for _, a := range start.Attr {
			if a.Name.Local == xmlMemberName(m) {
				if b, err := xmlScalar(nil, m.Ref, a.Value); err == nil {
					vals[i], set[i] = b, true
				}
			}
		}
	}
	for {
		tok, err := r.token()
		if err != nil {
			return dst, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			idx := -1
			for i, m := range sh.Members {
				// Members bound to headers or the status code (rest-xml)
				// are read elsewhere.
				if !m.XMLAttribute && !boundElsewhere(m) && xmlMemberName(m) == t.Name.Local {
					idx = i
					break
				}
			}
			if idx < 0 {
				// Smithy-modelled flattened lists name their elements
				// after the member, not the list member's locationName.
				for i, m := range sh.Members {
					if m.Shape.Type == "list" && m.IsFlattened() && !boundElsewhere(m) && t.Name.Local == m.WireName() {
						idx = i
						break
					}
				}
			}
			if idx < 0 {
				if err := r.skip(); err != nil {
					return dst, err
				}
				continue
			}
			m := sh.Members[idx]
			flat := m.IsFlattened() && (m.Shape.Type == "list" || m.Shape.Type == "map")
			var b []byte
			switch {
			case flat && m.Shape.Type == "list":
				b, err = r.value(nil, m.Shape.Member, t)
				if err == nil || err == errAbsent {
					if set[idx] {
						vals[idx] = append(vals[idx], ',')
					}
					if err == errAbsent {
						b, err = []byte("null"), nil
					}
					vals[idx] = append(vals[idx], b...)
					set[idx] = true
				}
			case flat:
				b, err = r.mapEntry(nil, m.Shape, t)
				if err == nil {
					if set[idx] && len(vals[idx]) > 0 && len(b) > 0 {
						vals[idx] = append(vals[idx], ',')
					}
					vals[idx] = append(vals[idx], b...)
					set[idx] = true
				}
			default:
				b, err = r.value(nil, m.Ref, t)
				if err == nil {
					vals[idx], set[idx] = b, true
				}
			}
			if err == errAbsent {
				err = nil
			}
			if err != nil {
				return dst, fmt.Errorf("%s.%s: %w", sh.Name, m.Name, err)
			}
		case xml.EndElement:
			dst = append(dst, '{')
			n := 0
			for i, m := range sh.Members {
				if !set[i] {
					continue
				}
				if n > 0 {
					dst = append(dst, ',')
				}
				n++
				dst = jsonx.AppendString(dst, m.Name)
				dst = append(dst, ':')
				flat := !m.XMLAttribute && m.IsFlattened()
				switch {
				case flat && m.Shape.Type == "list":
					dst = append(dst, '[')
					dst = append(dst, vals[i]...)
					dst = append(dst, ']')
				case flat && m.Shape.Type == "map":
					dst = append(dst, '{')
					dst = append(dst, vals[i]...)
					dst = append(dst, '}')
				default:
					dst = append(dst, vals[i]...)
				}
			}
			return append(dst, '}'), nil
		}
	}
}

// value reads the element start (already consumed) as a value of ref.
func (r *xmlReader) value(dst []byte, ref *model.Ref, start xml.StartElement) ([]byte, error) {
	sh := ref.Shape
	switch sh.Type {
	case "structure":
		return r.structure(dst, sh, start)
	case "list":
		return r.list(dst, sh)
	case "map":
		return r.mapValue(dst, sh)
	}
	s, err := r.text()
	if err != nil {
		return dst, err
	}
	return xmlScalar(dst, ref, s)
}

// list reads a non-flattened list: every child element is an item.
func (r *xmlReader) list(dst []byte, sh *model.Shape) ([]byte, error) {
	if r.depth++; r.depth > maxXMLDepth {
		return dst, fmt.Errorf("XML nested deeper than %d elements", maxXMLDepth)
	}
	defer func() { r.depth-- }()
	dst = append(dst, '[')
	n := 0
	for {
		tok, err := r.token()
		if err != nil {
			return dst, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			mark := len(dst)
			if n > 0 {
				dst = append(dst, ',')
			}
			var err error
			dst, err = r.value(dst, sh.Member, t)
			if err == errAbsent {
				dst, err = append(dst[:mark+min(n, 1)], "null"...), nil
			}
			if err != nil {
				return dst, fmt.Errorf("[%d]: %w", n, err)
			}
			n++
		case xml.EndElement:
			return append(dst, ']'), nil
		}
	}
}

// mapValue reads a non-flattened map: <entry><key/><value/></entry>...
func (r *xmlReader) mapValue(dst []byte, sh *model.Shape) ([]byte, error) {
	if r.depth++; r.depth > maxXMLDepth {
		return dst, fmt.Errorf("XML nested deeper than %d elements", maxXMLDepth)
	}
	defer func() { r.depth-- }()
	dst = append(dst, '{')
	n := 0
	for {
		tok, err := r.token()
		if err != nil {
			return dst, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			b, err := r.mapEntry(nil, sh, t)
			if err != nil {
				return dst, err
			}
			if len(b) > 0 {
				if n > 0 {
					dst = append(dst, ',')
				}
				n++
				dst = append(dst, b...)
			}
		case xml.EndElement:
			return append(dst, '}'), nil
		}
	}
}

// mapEntry reads one entry element holding key and value children and
// appends `"key":value` (nothing when the entry has no key).
func (r *xmlReader) mapEntry(dst []byte, sh *model.Shape, start xml.StartElement) ([]byte, error) {
	keyName, valName := "key", "value"
	if sh.Key.LocationName != "" {
		keyName = sh.Key.LocationName
	}
	if sh.Value.LocationName != "" {
		valName = sh.Value.LocationName
	}
	var key string
	var val []byte
	haveKey := false
	for {
		tok, err := r.token()
		if err != nil {
			return dst, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case keyName:
				if key, err = r.text(); err != nil {
					return dst, err
				}
				haveKey = true
			case valName:
				val, err = r.value(nil, sh.Value, t)
				if err == errAbsent {
					val, err = nil, nil
				}
				if err != nil {
					return dst, fmt.Errorf("map value: %w", err)
				}
			default:
				if err := r.skip(); err != nil {
					return dst, err
				}
			}
		case xml.EndElement:
			if !haveKey || val == nil {
				return dst, nil
			}
			dst = jsonx.AppendString(dst, key)
			dst = append(dst, ':')
			return append(dst, val...), nil
		}
	}
}

// xmlScalar converts element text to output JSON for a scalar shape.
func xmlScalar(dst []byte, ref *model.Ref, s string) ([]byte, error) {
	switch ref.Shape.Type {
	case "string", "character":
		return jsonx.AppendString(dst, s), nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		if ref.Shape.Type == "blob" {
			return append(dst, `""`...), nil
		}
		return dst, errAbsent
	}
	switch ref.Shape.Type {
	case "integer", "long", "short", "byte", "biginteger":
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return dst, fmt.Errorf("invalid integer %q", abbrev(t))
		}
		return strconv.AppendInt(dst, n, 10), nil
	case "float", "double", "bigdecimal":
		out, ok := appendFloatText(dst, t)
		if !ok {
			return dst, fmt.Errorf("invalid number %q", abbrev(t))
		}
		return out, nil
	case "boolean":
		switch strings.ToLower(t) {
		case "true":
			return append(dst, "true"...), nil
		case "false":
			return append(dst, "false"...), nil
		}
		return dst, fmt.Errorf("invalid boolean %q", abbrev(t))
	case "timestamp":
		ts, ok := parseTimestampText(t)
		if !ok {
			return dst, fmt.Errorf("invalid timestamp %q", abbrev(t))
		}
		return appendISO(dst, ts), nil
	case "blob":
		t = strings.Join(strings.Fields(t), "")
		if !validBase64(t) {
			return dst, fmt.Errorf("invalid base64 blob")
		}
		return jsonx.AppendString(dst, t), nil
	}
	return jsonx.AppendString(dst, s), nil
}
