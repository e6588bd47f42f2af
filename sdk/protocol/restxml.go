package protocol

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// RESTXML is the "rest-xml" protocol (S3, Route 53, CloudFront...): the
// operation's HTTP method and URI template, members bound to the URI,
// query string and headers, and the other members (or the payload member)
// as an XML document.
type RESTXML struct{}

var _ Protocol = RESTXML{}

// Build implements Protocol.
func (RESTXML) Build(_ *model.Service, op *model.Operation, input gjson.Result) (*Request, error) {
	return buildREST(op, input, restXMLCodec{})
}

// Parse implements Protocol.
func (RESTXML) Parse(svc *model.Service, op *model.Operation, resp *Response) ([]byte, string, error) {
	return parseREST(svc, op, resp, restXMLCodec{}, parseRESTXMLError)
}

type restXMLCodec struct{}

func (restXMLCodec) contentType() string  { return "application/xml" }
func (restXMLCodec) emptyPayload() []byte { return nil }

// body is the document of the unbound members, its root element named by
// the operation's input locationName; nothing when none is set.
func (restXMLCodec) body(op *model.Operation, sh *model.Shape, vals []gjson.Result) ([]byte, error) {
	set := false
	for i, m := range sh.Members {
		if m.Location == "" && vals[i].Exists() {
			set = true
			break
		}
	}
	if !set {
		return nil, nil
	}
	body := make([]gjson.Result, len(vals))
	for i, m := range sh.Members {
		if m.Location == "" {
			body[i] = vals[i]
		}
	}
	w := xmlWriter{buf: make([]byte, 0, 256)}
	if err := w.structure(xmlElementName(op.Input), op.Input.NS(), sh, body, ""); err != nil {
		return nil, err
	}
	return w.buf, nil
}

func (restXMLCodec) payload(m *model.Member, v gjson.Result) ([]byte, error) {
	w := xmlWriter{buf: make([]byte, 0, 256)}
	if err := w.element(xmlElementName(m.Ref), m.Ref, v, m.Name); err != nil {
		return nil, err
	}
	return w.buf, nil
}

func (restXMLCodec) parseBody(dst []byte, sh *model.Shape, body []byte) ([]byte, error) {
	r := newXMLReader(body)
	root, err := r.root()
	if err != nil {
		return dst, err
	}
	return r.structure(dst, sh, root)
}

func (restXMLCodec) parsePayload(dst []byte, m *model.Member, body []byte) ([]byte, error) {
	r := newXMLReader(body)
	root, err := r.root()
	if err != nil {
		return dst, err
	}
	out, err := r.value(dst, m.Ref, root)
	if err == errAbsent {
		return append(dst, "null"...), nil
	}
	return out, err
}

// parseRESTXMLError reads <ErrorResponse><Error>...</Error><RequestId/>
// </ErrorResponse> and S3's bare <Error><Code/><Message/><RequestId/>
// </Error>. A body that is empty or not XML gives an error named after the
// HTTP status, as botocore does.
func parseRESTXMLError(svc *model.Service, op *model.Operation, resp *Response, rid string) *awserr.Error {
	e := &awserr.Error{Kind: awserr.Service, StatusCode: resp.StatusCode, RequestID: rid, Header: resp.Header}
	body := bytes.TrimSpace(resp.Body)
	found := len(body) > 0 && scanXMLError(body, e)
	if e.RequestID == "" && found {
		e.RequestID = xmlRequestID(body)
	}
	if e.Code == "" {
		e.Code = strconv.Itoa(resp.StatusCode)
		if e.Message == "" {
			e.Message = http.StatusText(resp.StatusCode)
		}
	}
	sh := errorShape(svc, op, e.Code)
	if sh == nil {
		return e
	}
	var parse func([]byte) ([]byte, error)
	if found {
		parse = func(dst []byte) ([]byte, error) { return errorElement(dst, sh, body) }
	}
	e.Err = modeledErrorFields(sh, resp, parse)
	return e
}

// errorElement parses the first <Error> element of body as sh.
func errorElement(dst []byte, sh *model.Shape, body []byte) ([]byte, error) {
	r := newXMLReader(body)
	for {
		tok, err := r.token()
		if err != nil {
			return dst, err
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "Error" {
			return r.structure(dst, sh, t)
		}
	}
}
