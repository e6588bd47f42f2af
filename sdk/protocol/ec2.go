package protocol

import (
	"bytes"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// EC2 is the "ec2" protocol (EC2 Query), used by Amazon EC2 alone. Requests
// are form parameters in a POST body, Action and Version first, as in the
// query protocol, but named by EC2's rules:
//
//   - a member is named by its queryName, else its locationName with the
//     first letter upper-cased, else its member name;
//   - lists are always flattened (Name.1, Name.2, never Name.member.1), and
//     an empty list sends nothing.
//
// Responses are XML with the output members directly under the root
// element (<OpResponse>, no result wrapper) and a requestId element. Errors
// are <Response><Errors><Error><Code/><Message/></Error></Errors>
// <RequestID/></Response>.
type EC2 struct{}

var _ Protocol = EC2{}

// Build implements Protocol.
func (EC2) Build(svc *model.Service, op *model.Operation, input gjson.Result) (*Request, error) {
	input, err := fillIdempotencyTokens(op, input)
	if err != nil {
		return nil, awserr.New(awserr.Internal, awserr.CodeInternal, "%s: %v", op.Name, err)
	}
	enc := formEncoder{buf: make([]byte, 0, 64+len(input.Raw)*2)}
	enc.add("Action", op.Name)
	enc.add("Version", svc.Metadata.APIVersion)
	if op.Input != nil && input.IsObject() {
		if err := (queryEncoder{ec2: true}).structure(&enc, op.Input.Shape, input, ""); err != nil {
			return nil, awserr.New(awserr.Validation, awserr.CodeValidation, "%s: %v", op.Name, err)
		}
	}
	hp, err := expandHostPrefix(op, input)
	if err != nil {
		return nil, err
	}
	return &Request{
		Method:     "POST",
		Path:       requestPath(op),
		Header:     [][2]string{{"Content-Type", formContentType}},
		Body:       enc.buf,
		HostPrefix: hp,
	}, nil
}

// Parse implements Protocol.
func (EC2) Parse(svc *model.Service, op *model.Operation, resp *Response) ([]byte, string, error) {
	rid := xmlRequestID(resp.Body)
	if rid == "" {
		rid = headerRequestID(resp.Header)
	}
	if resp.StatusCode >= 300 {
		return nil, rid, parseXMLError(svc, op, resp, rid)
	}
	body := bytes.TrimSpace(resp.Body)
	if op.Output == nil || len(body) == 0 {
		return []byte("{}"), rid, nil
	}
	out, err := parseXMLOutput(op.Output.Shape, "", body)
	if err != nil {
		return nil, rid, parserError(resp, rid, "%s response: %v", op.Name, err)
	}
	return out, rid, nil
}
