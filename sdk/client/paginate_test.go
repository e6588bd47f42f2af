package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonServer answers json-protocol calls: handle gets the operation (the
// part of X-Amz-Target after the dot) and the decoded request body, and
// returns the status and the response body.
func jsonServer(t *testing.T, handle func(op string, in map[string]any) (int, string)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in map[string]any
		if err := json.Unmarshal(body, &in); err != nil {
			t.Errorf("request body is not JSON: %q", body)
		}
		target := r.Header.Get("X-Amz-Target")
		op := target[strings.LastIndexByte(target, '.')+1:]
		status, out := handle(op, in)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("x-amzn-RequestId", "rid-"+op)
		w.WriteHeader(status)
		io.WriteString(w, out)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func allPages(t *testing.T, p *Paginator) ([]map[string]any, error) {
	t.Helper()
	var pages []map[string]any
	for {
		page, err := p.Next(context.Background())
		if errors.Is(err, ErrNoMorePages) {
			return pages, nil
		}
		if err != nil {
			return pages, err
		}
		pages = append(pages, decode(t, page))
	}
}

func TestPaginateSQSListQueues(t *testing.T) {
	var mu sync.Mutex
	var inputs []map[string]any
	srv := jsonServer(t, func(op string, in map[string]any) (int, string) {
		mu.Lock()
		inputs = append(inputs, in)
		mu.Unlock()
		require.Equal(t, "ListQueues", op)
		switch in["NextToken"] {
		case nil:
			return 200, `{"QueueUrls":["q1","q2"],"NextToken":"t1"}`
		case "t1":
			return 200, `{"QueueUrls":["q3"],"NextToken":"t2"}`
		case "t2":
			return 200, `{"QueueUrls":["q4"]}`
		}
		return 400, `{"__type":"InvalidParameterValue","message":"bad token"}`
	})
	c := newSQS(t, srv.URL, "")
	p, err := c.Paginate("list_queues", []byte(`{"QueueNamePrefix":"q","MaxResults":2}`))
	require.NoError(t, err)
	assert.Equal(t, "ListQueues", p.Operation())
	assert.True(t, p.HasMorePages())
	pages, err := allPages(t, p)
	require.NoError(t, err)
	require.Len(t, pages, 3)
	assert.Equal(t, []any{"q1", "q2"}, pages[0]["QueueUrls"])
	assert.Equal(t, []any{"q4"}, pages[2]["QueueUrls"])
	assert.Equal(t, "rid-ListQueues", pages[1]["ResponseMetadata"].(map[string]any)["RequestId"], "pages keep ResponseMetadata")
	assert.False(t, p.HasMorePages())
	assert.Equal(t, 3, p.Pages())
	// The caller's members (limit key included) are kept on every call.
	require.Len(t, inputs, 3)
	assert.Equal(t, map[string]any{"QueueNamePrefix": "q", "MaxResults": 2.0}, inputs[0])
	assert.Equal(t, map[string]any{"QueueNamePrefix": "q", "MaxResults": 2.0, "NextToken": "t1"}, inputs[1])
	assert.Equal(t, "t2", inputs[2]["NextToken"])
	_, err = p.Next(context.Background())
	assert.ErrorIs(t, err, ErrNoMorePages)

	// PaginationConfig.PageSize sets the limit key; EachPage walks it all.
	inputs = nil
	n := 0
	require.NoError(t, c.EachPage(context.Background(), "ListQueues", []byte(`{"PaginationConfig":{"PageSize":7}}`), func([]byte) error { n++; return nil }))
	assert.Equal(t, 3, n)
	assert.Equal(t, map[string]any{"MaxResults": 7.0}, inputs[0])
}

func TestPaginateErrors(t *testing.T) {
	var fail atomic.Bool
	srv := jsonServer(t, func(op string, in map[string]any) (int, string) {
		if fail.Load() {
			return 400, `{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"}`
		}
		if in["NextToken"] == nil {
			return 200, `{"QueueUrls":["a"],"NextToken":"t1"}`
		}
		return 200, `{"QueueUrls":["b"]}`
	})
	c := newSQS(t, srv.URL, "")
	_, err := c.Paginate("SendMessage", nil)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.InvalidArgument, e.Kind)
	assert.Contains(t, e.Message, "SendMessage")
	assert.Contains(t, e.Message, "ListDeadLetterSourceQueues, ListQueues")
	_, err = c.Paginate("Nope", nil)
	assert.Contains(t, err.Error(), `"Nope"`)
	for _, bad := range []string{`[1]`, `{`, `{"PaginationConfig":{"MaxItems":3}}`, `{"PaginationConfig":{"PageSize":0}}`, `{"PaginationConfig":1}`} {
		_, err = c.Paginate("ListQueues", []byte(bad))
		assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind, bad)
	}

	// A failed call keeps the position: the next Next retries that page.
	p, err := c.Paginate("ListQueues", nil)
	require.NoError(t, err)
	_, err = p.Next(context.Background())
	require.NoError(t, err)
	fail.Store(true)
	_, err = p.Next(context.Background())
	assert.Equal(t, "QueueDoesNotExist", awserr.As(err).Code)
	assert.True(t, p.HasMorePages())
	fail.Store(false)
	page, err := p.Next(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []any{"b"}, decode(t, page)["QueueUrls"])
	assert.False(t, p.HasMorePages())
}

// thingsModel is a json-protocol model with a paginator of two tokens, one
// of them an "A || B[-1].C" expression, a more_results key, and waiters
// using every matcher.
const thingsModel = `{"version":"2.0","metadata":{"protocol":"json","jsonVersion":"1.1","targetPrefix":"Things","endpointPrefix":"things","signatureVersion":"v4","serviceId":"Things"},
"operations":{
 "ListThings":{"name":"ListThings","http":{"method":"POST","requestUri":"/"},"input":{"shape":"ListIn"},"output":{"shape":"ListOut"}},
 "ListOnce":{"name":"ListOnce","http":{"method":"POST","requestUri":"/"},"input":{"shape":"ListIn"},"output":{"shape":"ListOut"}},
 "DescribeThing":{"name":"DescribeThing","http":{"method":"POST","requestUri":"/"},"input":{"shape":"DescIn"},"output":{"shape":"DescOut"},"errors":[{"shape":"NotFound"}]}},
"shapes":{
 "ListIn":{"type":"structure","members":{"Marker":{"shape":"S"},"Page":{"shape":"I"},"Limit":{"shape":"I"},"Filter":{"shape":"S"}}},
 "ListOut":{"type":"structure","members":{"Things":{"shape":"Things"},"NextMarker":{"shape":"S"},"NextPage":{"shape":"I"},"Truncated":{"shape":"B"}}},
 "Things":{"type":"list","member":{"shape":"Thing"}},
 "Thing":{"type":"structure","members":{"Name":{"shape":"S"},"State":{"shape":"S"}}},
 "DescIn":{"type":"structure","members":{"Name":{"shape":"S"}}},
 "DescOut":{"type":"structure","members":{"Thing":{"shape":"Thing"},"Things":{"shape":"Things"}}},
 "NotFound":{"type":"structure","members":{"message":{"shape":"S"}},"exception":true},
 "S":{"type":"string"},"I":{"type":"integer"},"B":{"type":"boolean"}},
"paginators":{"pagination":{
 "ListThings":{"input_token":["Marker","Page"],"output_token":["NextMarker || Things[-1].Name","NextPage"],"limit_key":"Limit","more_results":"Truncated","result_key":"Things"},
 "ListOnce":{"result_key":"Things"}}},
"waiters":{"version":2,"waiters":{
 "ThingReady":{"operation":"DescribeThing","delay":15,"maxAttempts":4,"acceptors":[
  {"matcher":"path","argument":"Thing.State","expected":"ready","state":"success"},
  {"matcher":"path","argument":"Thing.State","expected":"broken","state":"failure"},
  {"matcher":"error","expected":"NotFound","state":"retry"},
  {"matcher":"status","expected":503,"state":"retry"}]},
 "AllReady":{"operation":"DescribeThing","delay":15,"maxAttempts":3,"acceptors":[
  {"matcher":"pathAll","argument":"Things[].State","expected":"ready","state":"success"},
  {"matcher":"pathAny","argument":"Things[].State","expected":"broken","state":"failure"}]},
 "ThingGone":{"operation":"DescribeThing","delay":15,"maxAttempts":3,"acceptors":[
  {"matcher":"error","expected":"NotFound","state":"success"},
  {"matcher":"status","expected":200,"state":"retry"}]},
 "AnyError":{"operation":"DescribeThing","delay":15,"maxAttempts":2,"acceptors":[
  {"matcher":"error","expected":true,"state":"success"},
  {"matcher":"error","expected":false,"state":"retry"}]}}}}`

func newThings(t *testing.T, url string) *Client {
	t.Helper()
	cfg := map[string]any{"region": "us-east-1", "endpoint_url": url, "service_model": json.RawMessage(thingsModel), "max_attempts": 1,
		"credentials": map[string]string{"access_key_id": "AKIDTEST", "secret_access_key": "secretsecret"}}
	b, err := json.Marshal(cfg)
	require.NoError(t, err)
	c, err := New(b, noEnv)
	require.NoError(t, err)
	return c
}

func TestPaginateSeveralTokensExpressionsAndMoreResults(t *testing.T) {
	var inputs []map[string]any
	srv := jsonServer(t, func(op string, in map[string]any) (int, string) {
		inputs = append(inputs, in)
		switch len(inputs) {
		case 1: // NextMarker empty: the marker is the last thing's name.
			return 200, `{"Things":[{"Name":"a"},{"Name":"b"}],"NextMarker":"","NextPage":2,"Truncated":true}`
		case 2: // NextMarker given; no NextPage: Page is dropped from the input.
			return 200, `{"Things":[{"Name":"c"}],"NextMarker":"m<&>","Truncated":true}`
		case 3: // Tokens present but Truncated false: the end.
			return 200, `{"Things":[{"Name":"d"}],"NextMarker":"zzz","NextPage":9,"Truncated":false}`
		}
		return 500, `{"__type":"TooMany","message":"called too often"}`
	})
	c := newThings(t, srv.URL)
	p, err := c.Paginate("ListThings", []byte(`{"Filter":"f","Page":1,"Limit":2}`))
	require.NoError(t, err)
	pages, err := allPages(t, p)
	require.NoError(t, err)
	require.Len(t, pages, 3)
	assert.Equal(t, map[string]any{"Filter": "f", "Page": 1.0, "Limit": 2.0}, inputs[0])
	assert.Equal(t, map[string]any{"Filter": "f", "Page": 2.0, "Limit": 2.0, "Marker": "b"}, inputs[1])
	assert.Equal(t, map[string]any{"Filter": "f", "Limit": 2.0, "Marker": "m<&>"}, inputs[2])

	// A paginator without tokens returns exactly one page.
	inputs = nil
	p, err = c.Paginate("list_once", nil)
	require.NoError(t, err)
	pages, err = allPages(t, p)
	require.NoError(t, err)
	assert.Len(t, pages, 1)
	assert.Len(t, inputs, 1)
}

func TestPaginateRepeatedTokenIsAnError(t *testing.T) {
	calls := 0
	srv := jsonServer(t, func(op string, in map[string]any) (int, string) {
		calls++
		if calls > 4 { // a paginator that missed the repeat would loop
			return 400, `{"__type":"Stop","message":"looping"}`
		}
		if calls == 1 {
			return 200, `{"Things":[],"NextMarker":"same","Truncated":true}`
		}
		return 200, `{"Things":[],"NextMarker":"same","NextPage":null,"Truncated":true}`
	})
	c := newThings(t, srv.URL)
	p, err := c.Paginate("ListThings", nil)
	require.NoError(t, err)
	pages, err := allPages(t, p)
	assert.Len(t, pages, 2, "the page with the repeated token is still returned")
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Equal(t, CodePaginationError, e.Code)
	assert.Contains(t, e.Message, `Marker="same"`)
	_, err = p.Next(context.Background())
	assert.Equal(t, CodePaginationError, awserr.As(err).Code, "the error sticks")
	assert.Equal(t, 2, calls)
}

func TestPaginatorConcurrentNextGetsDistinctPages(t *testing.T) {
	srv := jsonServer(t, func(op string, in map[string]any) (int, string) {
		n := 0
		if m, ok := in["Marker"].(string); ok {
			n = int(m[0]-'a') + 1
		}
		if n >= 9 {
			return 200, `{"Things":[{"Name":"z"}],"Truncated":false}`
		}
		name := string(rune('a' + n))
		return 200, `{"Things":[{"Name":"` + name + `"}],"Truncated":true}`
	})
	c := newThings(t, srv.URL)
	p, err := c.Paginate("ListThings", nil)
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]int{}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				page, err := p.Next(context.Background())
				if err != nil {
					return
				}
				var v struct{ Things []struct{ Name string } }
				_ = json.Unmarshal(page, &v)
				mu.Lock()
				seen[v.Things[0].Name]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, seen, 10)
	for k, n := range seen {
		assert.Equal(t, 1, n, k)
	}
}
