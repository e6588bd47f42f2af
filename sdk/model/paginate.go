package model

// Paginators and waiters: botocore's paginators-1.json and waiters-2.json,
// which the generated service packages embed in the compact model under the
// top-level keys "paginators" and "waiters", and which a runtime model
// (client config "service_model") may carry under the same keys, either as
// the bare objects or as the whole documents.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/gosoto/gosoto/sdk/jmespath"
	"github.com/tidwall/gjson"
)

// Paginator is one entry of paginators-1.json's "pagination" object: how to
// ask an operation for its next page.
type Paginator struct {
	// Operation is the operation's model name.
	Operation string
	// InputTokens are the input members that carry the position
	// ("NextToken"); empty for an operation that returns everything in one
	// page (a few ec2, opsworks... entries give only a result_key).
	InputTokens []string
	// OutputTokens are the expressions, one per input token, that find the
	// next position in a page ("NextToken", "NextMarker || Contents[-1].Key").
	OutputTokens []*jmespath.Expr
	// LimitKey is the input member that bounds a page's size ("MaxResults"),
	// "" when none.
	LimitKey string
	// MoreResults, when not nil, is an expression that is false on the last
	// page ("IsTruncated").
	MoreResults *jmespath.Expr
	// ResultKeys are the expressions of the members that hold the results.
	ResultKeys []*jmespath.Expr
	// NonAggregateKeys are members that are the same on every page.
	NonAggregateKeys []*jmespath.Expr
}

// Waiter is one entry of waiters-2.json's "waiters" object: poll an
// operation until an acceptor reaches a terminal state.
type Waiter struct {
	// Name is the waiter's model name ("InstanceRunning").
	Name string
	// Operation is the model name of the operation polled.
	Operation string
	// Delay is the wait between two attempts, in seconds.
	Delay int
	// MaxAttempts bounds the number of calls.
	MaxAttempts int
	// Acceptors are tried in order after each call.
	Acceptors []*Acceptor
}

// Acceptor is one rule of a waiter.
type Acceptor struct {
	// Matcher is "path", "pathAll", "pathAny", "status" or "error".
	Matcher string
	// Argument is the expression of the path matchers (nil for the others).
	Argument *jmespath.Expr
	// Expected is the value compared with, as jmespath.Decode returns it:
	// a string, a json.Number (status), a bool.
	Expected any
	// ExpectedJSON is Expected as written in the model.
	ExpectedJSON string
	// State is "success", "failure" or "retry".
	State string
}

// flows holds a service's paginators and waiters.
type flows struct {
	paginators  map[string]*Paginator
	pagNames    []string
	waiters     map[string]*Waiter
	waiterSnake map[string]*Waiter
	waiterNames []string
}

// Paginator returns the paginator of an operation, named by its model name
// ("ListQueues") or snake_case form ("list_queues").
func (s *Service) Paginator(operation string) (*Paginator, bool) {
	if s.flows == nil {
		return nil, false
	}
	name := operation
	if op, ok := s.Operation(operation); ok {
		name = op.Name
	}
	p, ok := s.flows.paginators[name]
	return p, ok
}

// PaginatedOperations returns the model names of the operations that have a
// paginator, sorted.
func (s *Service) PaginatedOperations() []string {
	if s.flows == nil {
		return nil
	}
	return s.flows.pagNames
}

// Waiter returns a waiter by its model name ("InstanceRunning") or botocore's
// snake_case form ("instance_running").
func (s *Service) Waiter(name string) (*Waiter, bool) {
	if s.flows == nil {
		return nil, false
	}
	if w, ok := s.flows.waiters[name]; ok {
		return w, true
	}
	w, ok := s.flows.waiterSnake[name]
	return w, ok
}

// WaiterNames returns the model names of the service's waiters, sorted.
func (s *Service) WaiterNames() []string {
	if s.flows == nil {
		return nil
	}
	return s.flows.waiterNames
}

// LoadDocuments loads a service model from botocore's separate documents:
// service-2.json, and paginators-1.json and waiters-2.json (each may be nil).
// A document given here replaces what the service model itself carries
// under "paginators" or "waiters".
func LoadDocuments(name string, service, paginators, waiters []byte) (*Service, error) {
	svc, err := Load(name, service)
	if err != nil {
		return nil, err
	}
	for what, doc := range map[string][]byte{"paginators-1.json": paginators, "waiters-2.json": waiters} {
		if doc != nil && !gjson.ValidBytes(doc) {
			return nil, fmt.Errorf("service model %q: %s: not valid JSON", svc.Name, what)
		}
	}
	pag, wait := gjson.Result{}, gjson.Result{}
	if paginators != nil {
		pag = gjson.ParseBytes(paginators)
	}
	if waiters != nil {
		wait = gjson.ParseBytes(waiters)
	}
	f, err := parseFlows(svc, pag, wait)
	if err != nil {
		return nil, fmt.Errorf("service model %q: %w", svc.Name, err)
	}
	if paginators != nil {
		svc.flows.paginators, svc.flows.pagNames = f.paginators, f.pagNames
	}
	if waiters != nil {
		svc.flows.waiters, svc.flows.waiterSnake, svc.flows.waiterNames = f.waiters, f.waiterSnake, f.waiterNames
	}
	return svc, nil
}

// loadFlows reads the "paginators" and "waiters" keys of a model document
// into svc. Load calls it.
func loadFlows(svc *Service, root gjson.Result) error {
	f, err := parseFlows(svc, root.Get("paginators"), root.Get("waiters"))
	if err != nil {
		return err
	}
	svc.flows = f
	return nil
}

func parseFlows(svc *Service, pag, wait gjson.Result) (*flows, error) {
	f := &flows{paginators: map[string]*Paginator{}, waiters: map[string]*Waiter{}, waiterSnake: map[string]*Waiter{}}
	if pag.Exists() {
		if !pag.IsObject() {
			return nil, fmt.Errorf(`"paginators" must be an object`)
		}
		// The whole paginators-1.json document: {"pagination": {...}}.
		if p := pag.Get("pagination"); p.IsObject() && !p.Get("input_token").Exists() && !p.Get("result_key").Exists() {
			pag = p
		}
		var err error
		pag.ForEach(func(k, v gjson.Result) bool {
			var p *Paginator
			p, err = parsePaginator(k.String(), v)
			if err != nil {
				return false
			}
			f.paginators[p.Operation] = p
			f.pagNames = append(f.pagNames, p.Operation)
			return true
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(f.pagNames)
	}
	if wait.Exists() {
		if !wait.IsObject() {
			return nil, fmt.Errorf(`"waiters" must be an object`)
		}
		// The whole waiters-2.json document: {"version": 2, "waiters": {...}}.
		if w := wait.Get("waiters"); w.IsObject() && !w.Get("acceptors").Exists() {
			if v := wait.Get("version"); v.Exists() && v.Int() != 2 {
				return nil, fmt.Errorf("waiters: version %s is not supported (only 2)", v.Raw)
			}
			wait = w
		}
		var err error
		wait.ForEach(func(k, v gjson.Result) bool {
			var w *Waiter
			w, err = parseWaiter(k.String(), v)
			if err != nil {
				return false
			}
			f.waiters[w.Name] = w
			f.waiterSnake[XformName(w.Name)] = w
			f.waiterNames = append(f.waiterNames, w.Name)
			return true
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(f.waiterNames)
	}
	return f, nil
}

// strings1 reads a member that is a string or a list of strings.
func strings1(v gjson.Result, what string) ([]string, error) {
	switch {
	case !v.Exists():
		return nil, nil
	case v.Type == gjson.String:
		return []string{v.String()}, nil
	case v.IsArray():
		var out []string
		for _, e := range v.Array() {
			if e.Type != gjson.String {
				return nil, fmt.Errorf("%s must be a string or a list of strings", what)
			}
			out = append(out, e.String())
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s must be a string or a list of strings", what)
}

func compileAll(exprs []string, what string) ([]*jmespath.Expr, error) {
	out := make([]*jmespath.Expr, 0, len(exprs))
	for _, s := range exprs {
		e, err := jmespath.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, e)
	}
	return out, nil
}

func parsePaginator(op string, v gjson.Result) (*Paginator, error) {
	where := "paginator " + op
	if !v.IsObject() {
		return nil, fmt.Errorf("%s must be an object", where)
	}
	p := &Paginator{Operation: op}
	var err error
	if p.InputTokens, err = strings1(v.Get("input_token"), where+" input_token"); err != nil {
		return nil, err
	}
	out, err := strings1(v.Get("output_token"), where+" output_token")
	if err != nil {
		return nil, err
	}
	if len(out) != len(p.InputTokens) {
		return nil, fmt.Errorf("%s has %d input_token and %d output_token entries; they must pair up", where, len(p.InputTokens), len(out))
	}
	if p.OutputTokens, err = compileAll(out, where+" output_token"); err != nil {
		return nil, err
	}
	if lk := v.Get("limit_key"); lk.Exists() {
		if lk.Type != gjson.String {
			return nil, fmt.Errorf("%s limit_key must be a string", where)
		}
		p.LimitKey = lk.String()
	}
	if mr := v.Get("more_results"); mr.Exists() {
		if mr.Type != gjson.String {
			return nil, fmt.Errorf("%s more_results must be a string", where)
		}
		if p.MoreResults, err = jmespath.Compile(mr.String()); err != nil {
			return nil, fmt.Errorf("%s more_results: %w", where, err)
		}
	}
	rk, err := strings1(v.Get("result_key"), where+" result_key")
	if err != nil {
		return nil, err
	}
	if p.ResultKeys, err = compileAll(rk, where+" result_key"); err != nil {
		return nil, err
	}
	nk, err := strings1(v.Get("non_aggregate_keys"), where+" non_aggregate_keys")
	if err != nil {
		return nil, err
	}
	if p.NonAggregateKeys, err = compileAll(nk, where+" non_aggregate_keys"); err != nil {
		return nil, err
	}
	return p, nil
}

var (
	matchers = map[string]bool{"path": true, "pathAll": true, "pathAny": true, "status": true, "error": true}
	states   = map[string]bool{"success": true, "failure": true, "retry": true}
)

func parseWaiter(name string, v gjson.Result) (*Waiter, error) {
	where := "waiter " + name
	if !v.IsObject() {
		return nil, fmt.Errorf("%s must be an object", where)
	}
	w := &Waiter{Name: name, Operation: v.Get("operation").String()}
	if v.Get("operation").Type != gjson.String || w.Operation == "" {
		return nil, fmt.Errorf("%s needs an \"operation\" string", where)
	}
	for key, dst := range map[string]*int{"delay": &w.Delay, "maxAttempts": &w.MaxAttempts} {
		n := v.Get(key)
		if n.Type != gjson.Number || n.Num != float64(int(n.Num)) || n.Num < 0 || n.Num > 1e6 {
			return nil, fmt.Errorf("%s needs %q, a non-negative integer", where, key)
		}
		*dst = int(n.Num)
	}
	if w.MaxAttempts < 1 {
		return nil, fmt.Errorf("%s: maxAttempts must be at least 1", where)
	}
	acc := v.Get("acceptors")
	if !acc.IsArray() || len(acc.Array()) == 0 {
		return nil, fmt.Errorf("%s needs a non-empty \"acceptors\" list", where)
	}
	for i, a := range acc.Array() {
		aw := fmt.Sprintf("%s acceptor %d", where, i)
		if !a.IsObject() {
			return nil, fmt.Errorf("%s must be an object", aw)
		}
		ac := &Acceptor{Matcher: a.Get("matcher").String(), State: a.Get("state").String()}
		if !matchers[ac.Matcher] {
			return nil, fmt.Errorf("%s: unknown matcher %q (path, pathAll, pathAny, status, error)", aw, ac.Matcher)
		}
		if !states[ac.State] {
			return nil, fmt.Errorf("%s: unknown state %q (success, failure, retry)", aw, ac.State)
		}
		exp := a.Get("expected")
		if !exp.Exists() {
			return nil, fmt.Errorf("%s has no \"expected\" value", aw)
		}
		ac.ExpectedJSON = exp.Raw
		d := json.NewDecoder(bytes.NewReader([]byte(exp.Raw)))
		d.UseNumber()
		if err := d.Decode(&ac.Expected); err != nil {
			return nil, fmt.Errorf("%s expected: %v", aw, err)
		}
		switch ac.Matcher {
		case "path", "pathAll", "pathAny":
			arg := a.Get("argument")
			if arg.Type != gjson.String {
				return nil, fmt.Errorf("%s: matcher %s needs an \"argument\" expression", aw, ac.Matcher)
			}
			e, err := jmespath.Compile(arg.String())
			if err != nil {
				return nil, fmt.Errorf("%s argument: %w", aw, err)
			}
			ac.Argument = e
		case "status":
			if exp.Type != gjson.Number {
				return nil, fmt.Errorf("%s: matcher status needs a number as \"expected\"", aw)
			}
		case "error":
			if exp.Type != gjson.String && exp.Type != gjson.True && exp.Type != gjson.False {
				return nil, fmt.Errorf("%s: matcher error needs an error code or true/false as \"expected\"", aw)
			}
		}
		w.Acceptors = append(w.Acceptors, ac)
	}
	return w, nil
}
