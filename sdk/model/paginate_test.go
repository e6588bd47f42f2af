package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosoto/gosoto/sdk/jmespath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const flowAPI = `{"metadata":{"protocol":"json","jsonVersion":"1.0","targetPrefix":"T","endpointPrefix":"ep"},
"operations":{"ListThings":{"name":"ListThings","input":{"shape":"In"},"output":{"shape":"Out"}},
              "DescribeThing":{"name":"DescribeThing","input":{"shape":"In"},"output":{"shape":"Out"}}},
"shapes":{"In":{"type":"structure","members":{"NextToken":{"shape":"S"}}},
          "Out":{"type":"structure","members":{"NextToken":{"shape":"S"}}},
          "S":{"type":"string"}}}`

const flowPag = `{"ListThings":{"input_token":["A","B"],"output_token":["NextA","Items[-1].B || NextB"],"limit_key":"MaxItems","more_results":"IsTruncated","result_key":["Items","Other.List"],"non_aggregate_keys":["Total"]}}`

const flowWait = `{"ThingReady":{"operation":"DescribeThing","delay":5,"maxAttempts":3,"acceptors":[
 {"matcher":"path","argument":"Thing.State","expected":"ready","state":"success"},
 {"matcher":"status","expected":404,"state":"retry"},
 {"matcher":"error","expected":"Gone","state":"failure"},
 {"matcher":"error","expected":true,"state":"retry"},
 {"matcher":"pathAll","argument":"Things[].State","expected":"ok","state":"success"},
 {"matcher":"pathAny","argument":"Things[].State","expected":"bad","state":"failure"}]}}`

func TestLoadReadsPaginatorsAndWaitersUnderTheirKeys(t *testing.T) {
	doc := flowAPI[:len(flowAPI)-1] + `,"paginators":` + flowPag + `,"waiters":` + flowWait + `}`
	svc, err := Load("t", []byte(doc))
	require.NoError(t, err)
	checkFlows(t, svc)
}

func TestLoadAcceptsWholeDocumentsUnderTheKeys(t *testing.T) {
	doc := flowAPI[:len(flowAPI)-1] + `,"paginators":{"pagination":` + flowPag + `},"waiters":{"version":2,"waiters":` + flowWait + `}}`
	svc, err := Load("t", []byte(doc))
	require.NoError(t, err)
	checkFlows(t, svc)

	svc, err = LoadDocuments("t", []byte(flowAPI), []byte(`{"pagination":`+flowPag+`}`), []byte(`{"version":2,"waiters":`+flowWait+`}`))
	require.NoError(t, err)
	checkFlows(t, svc)
}

func checkFlows(t *testing.T, svc *Service) {
	t.Helper()
	p, ok := svc.Paginator("list_things")
	require.True(t, ok)
	assert.Equal(t, "ListThings", p.Operation)
	assert.Equal(t, []string{"A", "B"}, p.InputTokens)
	require.Len(t, p.OutputTokens, 2)
	assert.Equal(t, "Items[-1].B || NextB", p.OutputTokens[1].String())
	assert.Equal(t, "MaxItems", p.LimitKey)
	assert.Equal(t, "IsTruncated", p.MoreResults.String())
	assert.Len(t, p.ResultKeys, 2)
	assert.Len(t, p.NonAggregateKeys, 1)
	assert.Equal(t, []string{"ListThings"}, svc.PaginatedOperations())
	_, ok = svc.Paginator("DescribeThing")
	assert.False(t, ok)

	w, ok := svc.Waiter("ThingReady")
	require.True(t, ok)
	w2, ok := svc.Waiter("thing_ready")
	require.True(t, ok)
	assert.Same(t, w, w2)
	assert.Equal(t, "DescribeThing", w.Operation)
	assert.Equal(t, 5, w.Delay)
	assert.Equal(t, 3, w.MaxAttempts)
	require.Len(t, w.Acceptors, 6)
	assert.Equal(t, "ready", w.Acceptors[0].Expected)
	assert.Equal(t, json.Number("404"), w.Acceptors[1].Expected)
	assert.Nil(t, w.Acceptors[1].Argument)
	assert.Equal(t, true, w.Acceptors[3].Expected)
	assert.Equal(t, "pathAny", w.Acceptors[5].Matcher)
	assert.Equal(t, []string{"ThingReady"}, svc.WaiterNames())
	_, ok = svc.Waiter("Nope")
	assert.False(t, ok)
}

func TestModelWithoutFlows(t *testing.T) {
	svc, err := Load("t", []byte(flowAPI))
	require.NoError(t, err)
	_, ok := svc.Paginator("ListThings")
	assert.False(t, ok)
	assert.Empty(t, svc.PaginatedOperations())
	assert.Empty(t, svc.WaiterNames())
	var zero Service
	_, ok = zero.Waiter("x")
	assert.False(t, ok)
}

func TestBadFlowsAreLoadErrors(t *testing.T) {
	for _, tc := range []struct{ extra, msg string }{
		{`"paginators":[]`, `"paginators" must be an object`},
		{`"paginators":{"ListThings":{"input_token":"A","output_token":["X","Y"]}}`, "must pair up"},
		{`"paginators":{"ListThings":{"input_token":"A","output_token":"X[?"}}`, "paginator ListThings output_token: jmespath:"},
		{`"paginators":{"ListThings":{"input_token":7,"output_token":"X"}}`, "input_token must be a string"},
		{`"paginators":{"ListThings":{"input_token":"A","output_token":"B","more_results":"a.."}}`, "more_results"},
		{`"waiters":{"version":3,"waiters":{}}`, "version 3"},
		{`"waiters":{"W":{"delay":1,"maxAttempts":1,"acceptors":[]}}`, `needs an "operation"`},
		{`"waiters":{"W":{"operation":"X","delay":-1,"maxAttempts":1,"acceptors":[]}}`, `"delay"`},
		{`"waiters":{"W":{"operation":"X","delay":1,"maxAttempts":0,"acceptors":[{}]}}`, "at least 1"},
		{`"waiters":{"W":{"operation":"X","delay":1,"maxAttempts":1,"acceptors":[]}}`, "non-empty"},
		{`"waiters":{"W":{"operation":"X","delay":1,"maxAttempts":1,"acceptors":[{"matcher":"regex","state":"success","expected":1}]}}`, `unknown matcher "regex"`},
		{`"waiters":{"W":{"operation":"X","delay":1,"maxAttempts":1,"acceptors":[{"matcher":"path","state":"done","expected":1}]}}`, `unknown state "done"`},
		{`"waiters":{"W":{"operation":"X","delay":1,"maxAttempts":1,"acceptors":[{"matcher":"path","state":"success","expected":1}]}}`, `needs an "argument"`},
		{`"waiters":{"W":{"operation":"X","delay":1,"maxAttempts":1,"acceptors":[{"matcher":"status","state":"success","expected":"200"}]}}`, "needs a number"},
		{`"waiters":{"W":{"operation":"X","delay":1,"maxAttempts":1,"acceptors":[{"matcher":"error","state":"success","expected":3}]}}`, "error code or true/false"},
		{`"waiters":{"W":{"operation":"X","delay":1,"maxAttempts":1,"acceptors":[{"matcher":"path","argument":"a[","state":"success","expected":1}]}}`, "acceptor 0 argument: jmespath"},
	} {
		_, err := Load("t", []byte(flowAPI[:len(flowAPI)-1]+","+tc.extra+"}"))
		assert.ErrorContains(t, err, tc.msg, tc.extra)
	}
	_, err := LoadDocuments("t", []byte(flowAPI), []byte("{"), nil)
	assert.ErrorContains(t, err, "paginators-1.json: not valid JSON")
}

// sample builds a value of a shape with every member set, for evaluating
// expressions against something shaped like a real response.
func sample(s *Shape, depth int) any {
	if depth > 8 {
		return nil
	}
	switch s.Type {
	case "structure":
		m := map[string]any{}
		for _, mem := range s.Members {
			if v := sample(mem.Shape, depth+1); v != nil {
				m[mem.Name] = v
			}
		}
		return m
	case "list":
		if v := sample(s.Member.Shape, depth+1); v != nil {
			return []any{v}
		}
		return []any{}
	case "map":
		if v := sample(s.Value.Shape, depth+1); v != nil {
			return map[string]any{"k": v}
		}
		return map[string]any{}
	case "string":
		if len(s.Enum) > 0 {
			return s.Enum[0]
		}
		return "x"
	case "boolean":
		return true
	case "integer", "long", "short", "byte":
		return json.Number("1")
	case "float", "double", "bigdecimal":
		return json.Number("1.5")
	case "timestamp":
		return "2020-01-01T00:00:00Z"
	}
	return "eA=="
}

// TestEveryExpressionOfThePinnedModels loads every paginators-1.json and
// waiters-2.json of the pinned aws-sdk-go models, so that each expression
// compiles, and evaluates each against a response built from its
// operation's output shape.
func TestEveryExpressionOfThePinnedModels(t *testing.T) {
	root := os.Getenv("GOSOTO_MODELS_DIR")
	if root == "" {
		home, _ := os.UserHomeDir()
		gopath := os.Getenv("GOPATH")
		if gopath == "" {
			gopath = filepath.Join(home, "go")
		}
		root = filepath.Join(gopath, "pkg/mod/github.com/aws/aws-sdk-go@v1.55.8/models/apis")
	}
	apis, _ := filepath.Glob(filepath.Join(root, "*/*/api-2.json"))
	if len(apis) == 0 {
		t.Skip("pinned aws-sdk-go models not found at " + root)
	}
	var services, paginators, waiters, exprs, evaluated int
	for _, api := range apis {
		dir := filepath.Dir(api)
		read := func(name string) []byte {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				return nil
			}
			return b
		}
		apiDoc, pag, wait := read("api-2.json"), read("paginators-1.json"), read("waiters-2.json")
		if pag == nil && wait == nil {
			continue
		}
		svc, err := LoadDocuments(filepath.Base(filepath.Dir(dir)), apiDoc, pag, wait)
		if !assert.NoError(t, err, dir) {
			continue
		}
		services++
		output := func(opName string) any {
			op, ok := svc.Operations[opName]
			if !ok || op.Output == nil {
				return map[string]any{}
			}
			return sample(op.Output.Shape, 0)
		}
		eval := func(where string, e *jmespath.Expr, data any) {
			exprs++
			if _, err := e.Search(data); assert.NoError(t, err, "%s: %s", dir, where) {
				evaluated++
			}
		}
		for _, name := range svc.PaginatedOperations() {
			p, _ := svc.Paginator(name)
			paginators++
			assert.Contains(t, svc.Operations, name, "%s: paginator of an unknown operation", dir)
			data := output(name)
			for _, e := range p.OutputTokens {
				eval(name+" output_token", e, data)
			}
			if p.MoreResults != nil {
				eval(name+" more_results", p.MoreResults, data)
			}
			for _, e := range p.ResultKeys {
				eval(name+" result_key", e, data)
			}
			for _, e := range p.NonAggregateKeys {
				eval(name+" non_aggregate_keys", e, data)
			}
		}
		for _, name := range svc.WaiterNames() {
			w, _ := svc.Waiter(name)
			waiters++
			assert.Contains(t, svc.Operations, w.Operation, "%s: waiter %s polls an unknown operation", dir, name)
			data := output(w.Operation)
			for i, a := range w.Acceptors {
				if a.Argument != nil {
					eval(name+" acceptor "+string(rune('0'+i)), a.Argument, data)
				}
			}
		}
	}
	t.Logf("%d services: %d paginators, %d waiters, %d expressions compiled, %d evaluated without error", services, paginators, waiters, exprs, evaluated)
	assert.Greater(t, paginators, 2500)
	assert.Greater(t, waiters, 200)
	assert.Equal(t, exprs, evaluated)
}
