package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/jmespath"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// ErrNoMorePages is what Paginator.Next returns after the last page.
var ErrNoMorePages = errors.New("client: no more pages")

// CodePaginationError is the error code of a paginator whose service sent
// back the same next token twice (botocore's PaginationError). Its kind is
// awserr.Service.
const CodePaginationError = "PaginationError"

// Paginator walks the pages of one paginated operation, as botocore's
// paginators do: the first call sends the caller's input, each later call
// sets the paginator's input token members from the output token
// expressions evaluated on the previous page. It stops after a page whose
// output tokens are all empty or absent, or whose more_results expression
// is false; a next token equal to the previous one is an error
// (CodePaginationError). The limit key (MaxResults, MaxItems...) is left as
// the caller set it in the input.
//
// A Paginator is meant for one goroutine at a time; concurrent calls to
// Next are serialized by a lock (each gets a different page).
type Paginator struct {
	c    *Client
	spec *model.Paginator

	mu     sync.Mutex
	input  []member // the caller's input members, in order
	tokens []string // raw JSON of each input token for the next call; "" = unset
	next   bool     // tokens hold a position (not the first call)
	done   bool
	err    error  // sticky error, returned by every later Next
	prev   string // raw JSON of the previous token set
	pages  int
}

// member is one top-level member of a JSON object, its value as raw JSON.
type member struct{ key, raw string }

// Paginate starts a paginator for an operation (model or snake_case name)
// with the operation's input JSON. Nothing is sent until Next. The input may
// carry boto3's "PaginationConfig": {"PageSize": n}, which sets the limit
// key; MaxItems and StartingToken are not supported (set the input token
// member, e.g. "NextToken", to start from a position).
//
// Errors are *awserr.Error of kind InvalidArgument: an unknown operation, an
// operation without a paginator (the message lists those that have one), an
// input that is not a JSON object.
func (c *Client) Paginate(opName string, input []byte) (*Paginator, error) {
	op, err := c.operation(opName)
	if err != nil {
		return nil, err
	}
	spec, ok := c.svc.Paginator(op.Name)
	if !ok {
		return nil, awserr.InvalidArg("operation %s of service %s has no paginator (%s)", op.Name, c.svc.Name, listNames("paginated operations", c.svc.PaginatedOperations()))
	}
	members, err := objectMembers(input, "input_json")
	if err != nil {
		return nil, err
	}
	p := &Paginator{c: c, spec: spec, tokens: make([]string, len(spec.InputTokens))}
	for _, m := range members {
		if m.key != "PaginationConfig" {
			p.input = append(p.input, m)
			continue
		}
		if err := p.applyConfig(m.raw); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *Paginator) applyConfig(raw string) error {
	cfg := gjson.Parse(raw)
	if !cfg.IsObject() {
		return awserr.InvalidArg("input_json: PaginationConfig must be an object")
	}
	var err error
	cfg.ForEach(func(k, v gjson.Result) bool {
		switch k.String() {
		case "PageSize":
			if v.Type != gjson.Number || v.Num != float64(int64(v.Num)) || v.Num < 1 {
				err = awserr.InvalidArg("input_json: PaginationConfig.PageSize must be a positive integer")
				return false
			}
			if p.spec.LimitKey == "" {
				err = awserr.InvalidArg("input_json: PaginationConfig.PageSize: operation %s has no limit key", p.spec.Operation)
				return false
			}
			p.input = setMember(p.input, p.spec.LimitKey, v.Raw)
		default:
			err = awserr.InvalidArg("input_json: PaginationConfig.%s is not supported (only PageSize; to start from a position set the input token member %s)",
				k.String(), strings.Join(p.spec.InputTokens, ", "))
			return false
		}
		return true
	})
	return err
}

// Operation returns the model name of the paginated operation.
func (p *Paginator) Operation() string { return p.spec.Operation }

// Pages returns how many pages Next has returned so far.
func (p *Paginator) Pages() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pages
}

// HasMorePages reports whether Next may return another page (or an error).
func (p *Paginator) HasMorePages() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return !p.done || p.err != nil
}

// Next returns the next page: the operation's full output JSON, with
// ResponseMetadata. After the last page it returns ErrNoMorePages. A failed
// call (network, throttling...) leaves the position unchanged, so calling
// Next again retries the same page; a repeated next token is an error that
// every later call returns too.
func (p *Paginator) Next(ctx context.Context) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return nil, p.err
	}
	if p.done {
		return nil, ErrNoMorePages
	}
	out, err := p.c.Call(ctx, p.spec.Operation, p.request())
	if err != nil {
		return nil, err
	}
	p.pages++
	p.advance(out)
	return out, nil
}

// request builds the input of the next call.
func (p *Paginator) request() []byte {
	members := p.input
	if p.next {
		members = append([]member(nil), p.input...)
		for i, name := range p.spec.InputTokens {
			if p.tokens[i] == "" {
				members = deleteMember(members, name)
			} else {
				members = setMember(members, name, p.tokens[i])
			}
		}
	}
	return encodeMembers(members)
}

// encodeMembers writes members back as a JSON object.
func encodeMembers(members []member) []byte {
	b := []byte{'{'}
	for i, m := range members {
		if i > 0 {
			b = append(b, ',')
		}
		b, _ = appendJSON(b, m.key)
		b = append(b, ':')
		b = append(b, m.raw...)
	}
	return append(b, '}')
}

// advance computes the position after a page, or marks the end.
func (p *Paginator) advance(page []byte) {
	if len(p.spec.InputTokens) == 0 {
		p.done = true // a paginator without tokens: one page
		return
	}
	data, err := jmespath.Decode(page)
	if err != nil {
		p.err = awserr.New(awserr.Internal, awserr.CodeInternal, "paginator %s: page is not valid JSON: %v", p.spec.Operation, err)
		return
	}
	if p.spec.MoreResults != nil {
		v, err := p.spec.MoreResults.Search(data)
		if err != nil || !jmespath.Truthy(v) {
			p.done = true
			return
		}
	}
	tokens := make([]string, len(p.spec.OutputTokens))
	found := false
	for i, e := range p.spec.OutputTokens {
		v, err := e.Search(data)
		if err != nil {
			p.err = awserr.New(awserr.Service, CodePaginationError, "paginator %s: output token: %v", p.spec.Operation, err)
			return
		}
		if !jmespath.Truthy(v) {
			continue
		}
		raw, err := appendJSON(nil, v)
		if err != nil {
			p.err = awserr.New(awserr.Internal, awserr.CodeInternal, "paginator %s: output token %q: %v", p.spec.Operation, e.String(), err)
			return
		}
		tokens[i] = string(raw)
		found = true
	}
	if !found {
		p.done = true
		return
	}
	key := "[" + strings.Join(tokens, ",") + "]"
	if p.next && key == p.prev {
		p.err = awserr.New(awserr.Service, CodePaginationError, "paginator %s: the same next token was received twice: %s", p.spec.Operation, tokenText(p.spec.InputTokens, tokens))
		return
	}
	p.prev, p.tokens, p.next = key, tokens, true
}

func tokenText(names, tokens []string) string {
	parts := make([]string, 0, len(names))
	for i, n := range names {
		if tokens[i] != "" {
			parts = append(parts, n+"="+tokens[i])
		}
	}
	return strings.Join(parts, ", ")
}

// EachPage calls fn with every page of a paginated operation, stopping at
// the first error (fn's included).
func (c *Client) EachPage(ctx context.Context, opName string, input []byte, fn func(page []byte) error) error {
	p, err := c.Paginate(opName, input)
	if err != nil {
		return err
	}
	for {
		page, err := p.Next(ctx)
		if errors.Is(err, ErrNoMorePages) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(page); err != nil {
			return err
		}
	}
}

// objectMembers splits a JSON object into its members (empty input is {}).
func objectMembers(doc []byte, what string) ([]member, error) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil, nil
	}
	if !gjson.ValidBytes(doc) {
		return nil, awserr.InvalidArg("%s: not valid JSON", what)
	}
	v := gjson.ParseBytes(doc)
	if !v.IsObject() {
		return nil, awserr.InvalidArg("%s: must be a JSON object", what)
	}
	var out []member
	v.ForEach(func(k, v gjson.Result) bool {
		out = append(out, member{k.String(), v.Raw})
		return true
	})
	return out, nil
}

func setMember(ms []member, key, raw string) []member {
	for i := range ms {
		if ms[i].key == key {
			ms[i].raw = raw
			return ms
		}
	}
	return append(ms, member{key, raw})
}

func deleteMember(ms []member, key string) []member {
	out := ms[:0]
	for _, m := range ms {
		if m.key != key {
			out = append(out, m)
		}
	}
	return out
}

// appendJSON appends v as JSON, without HTML escaping.
func appendJSON(b []byte, v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return b, err
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...), nil
}

// listNames describes a list of names for an error message, shortening a
// long one.
func listNames(what string, names []string) string {
	switch {
	case len(names) == 0:
		return "it has no " + what
	case len(names) <= 12:
		return what + ": " + strings.Join(names, ", ")
	}
	return what + ": " + strings.Join(names[:12], ", ") + ", ... (" + strconv.Itoa(len(names)) + " in all)"
}
