package protocol

import (
	"fmt"
	"strconv"

	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// This file holds the XML request body writer of rest-xml: input JSON to
// XML by shape, members in model order, with xmlNamespace, xmlAttribute,
// flattened lists and maps and locationName element names.

// xmlWriter appends XML to buf.
type xmlWriter struct {
	buf   []byte
	depth int
}

// xmlElementName is the element name of a top-level document: the
// reference's locationName, else the shape's, else the shape's name.
func xmlElementName(ref *model.Ref) string {
	if ref.LocationName != "" {
		return ref.LocationName
	}
	if ref.Shape.LocationName != "" {
		return ref.Shape.LocationName
	}
	return ref.Shape.Name
}

// open writes "<name" with the namespace declaration of ns; the caller
// adds attributes and ">".
func (w *xmlWriter) open(name string, ns *model.XMLNamespace) {
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, name...)
	if ns != nil && ns.URI != "" {
		w.buf = append(w.buf, " xmlns"...)
		if ns.Prefix != "" {
			w.buf = append(w.buf, ':')
			w.buf = append(w.buf, ns.Prefix...)
		}
		w.buf = append(w.buf, `="`...)
		w.buf = appendXMLEscaped(w.buf, ns.URI, true)
		w.buf = append(w.buf, '"')
	}
}

func (w *xmlWriter) close(name string) {
	w.buf = append(w.buf, "</"...)
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '>')
}

// element writes v (of shape ref) as the element name.
func (w *xmlWriter) element(name string, ref *model.Ref, v gjson.Result, path string) error {
	if w.depth++; w.depth > maxXMLDepth {
		return fmt.Errorf("parameter %s: nested deeper than %d levels", path, maxXMLDepth)
	}
	defer func() { w.depth-- }()
	sh := ref.Shape
	if sh.Document {
		return fmt.Errorf("parameter %s: document values cannot be sent as XML", path)
	}
	switch sh.Type {
	case "structure":
		if !v.IsObject() {
			return fmt.Errorf("parameter %s: expected an object", path)
		}
		return w.structure(name, ref.NS(), sh, memberValues(sh, v), path)
	case "list":
		if !v.IsArray() {
			return fmt.Errorf("parameter %s: expected an array", path)
		}
		if ref.IsFlattened() {
			return w.items(name, sh.Member, v, path)
		}
		w.open(name, ref.NS())
		w.buf = append(w.buf, '>')
		item := sh.Member.LocationName
		if item == "" {
			item = "member"
		}
		if err := w.items(item, sh.Member, v, path); err != nil {
			return err
		}
		w.close(name)
		return nil
	case "map":
		return w.mapValue(name, ref, v, path)
	}
	s, err := restScalar(ref, v, path, tsISO8601)
	if err != nil {
		return err
	}
	w.open(name, ref.NS())
	w.buf = append(w.buf, '>')
	w.buf = appendXMLEscaped(w.buf, s, false)
	w.close(name)
	return nil
}

// items writes each list element as an element called name.
func (w *xmlWriter) items(name string, ref *model.Ref, v gjson.Result, path string) error {
	i := 0
	var err error
	v.ForEach(func(_, e gjson.Result) bool {
		if e.Type != gjson.Null {
			err = w.element(name, ref, e, path+"["+strconv.Itoa(i)+"]")
		}
		i++
		return err == nil
	})
	return err
}

// structure writes the element name holding the set members in vals
// (model order); xmlAttribute members become attributes.
func (w *xmlWriter) structure(name string, ns *model.XMLNamespace, sh *model.Shape, vals []gjson.Result, path string) error {
	w.open(name, ns)
	for i, m := range sh.Members {
		if !m.XMLAttribute || !vals[i].Exists() {
			continue
		}
		s, err := restScalar(m.Ref, vals[i], member(path, m.Name), tsISO8601)
		if err != nil {
			return err
		}
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, m.WireName()...)
		w.buf = append(w.buf, `="`...)
		w.buf = appendXMLEscaped(w.buf, s, true)
		w.buf = append(w.buf, '"')
	}
	w.buf = append(w.buf, '>')
	for i, m := range sh.Members {
		if m.XMLAttribute || !vals[i].Exists() {
			continue
		}
		if err := w.element(m.WireName(), m.Ref, vals[i], member(path, m.Name)); err != nil {
			return err
		}
	}
	w.close(name)
	return nil
}

// mapValue writes <name><entry><key/><value/></entry>...</name>, or for a
// flattened map <name><key/><value/></name> per entry.
func (w *xmlWriter) mapValue(name string, ref *model.Ref, v gjson.Result, path string) error {
	if !v.IsObject() {
		return fmt.Errorf("parameter %s: expected an object", path)
	}
	sh := ref.Shape
	keyName, valName := "key", "value"
	if sh.Key.LocationName != "" {
		keyName = sh.Key.LocationName
	}
	if sh.Value.LocationName != "" {
		valName = sh.Value.LocationName
	}
	flat := ref.IsFlattened()
	entry := name
	if !flat {
		w.open(name, ref.NS())
		w.buf = append(w.buf, '>')
		entry = "entry"
	}
	var err error
	v.ForEach(func(k, e gjson.Result) bool {
		if e.Type == gjson.Null {
			return true
		}
		if flat {
			w.open(entry, ref.NS())
		} else {
			w.open(entry, nil)
		}
		w.buf = append(w.buf, '>')
		if err = w.element(keyName, sh.Key, k, path+" (key)"); err != nil {
			return false
		}
		if err = w.element(valName, sh.Value, e, path+"."+k.Str); err != nil {
			return false
		}
		w.close(entry)
		return true
	})
	if err != nil {
		return err
	}
	if !flat {
		w.close(name)
	}
	return nil
}

// appendXMLEscaped appends s escaped for XML text (attr: for a quoted
// attribute value).
func appendXMLEscaped(dst []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '\r':
			dst = append(dst, "&#xD;"...)
		case '"':
			if attr {
				dst = append(dst, "&quot;"...)
			} else {
				dst = append(dst, c)
			}
		case '\n', '\t':
			if attr {
				dst = append(dst, "&#x"...)
				dst = append(dst, upperHex[c])
				dst = append(dst, ';')
			} else {
				dst = append(dst, c)
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
