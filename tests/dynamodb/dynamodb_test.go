// Package dynamodbtest runs gosoto's DynamoDB client (JSON 1.0) against a
// real DynamoDB emulator, dynalite (tests/scripts/with-dynalite.sh starts
// it and sets GOSOTO_DYNAMODB_ENDPOINT): a table created and awaited with
// the table_exists waiter; put, get, query and scan of items with nested
// attribute values of every type (M, L, SS, NS, BS, B with arbitrary bytes,
// BOOL, NULL); a failed conditional put surfacing
// ConditionalCheckFailedException; a scan paginated by the client's
// paginator (LastEvaluatedKey -> ExclusiveStartKey); the table deleted and
// awaited with table_not_exists.
//
// Without GOSOTO_DYNAMODB_ENDPOINT the tests are skipped (as in
// `go test ./...`), unless GOSOTO_DYNAMODB_REQUIRED=1, where that is a
// failure: `make test-dynamodb` sets it, so that CI cannot pass by skipping
// them.
package dynamodbtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/client"
	_ "github.com/gosoto/gosoto/sdk/service/dynamodb"
	"github.com/gosoto/gosoto/tests/internal/emulator"
	"github.com/tidwall/gjson"
)

var dynalite = emulator.Suite{
	EndpointVar: "GOSOTO_DYNAMODB_ENDPOINT",
	RequiredVar: "GOSOTO_DYNAMODB_REQUIRED",
	Script:      "tests/scripts/with-dynalite.sh",
	Target:      "make test-dynamodb",
}

func newClient(t *testing.T) *client.Client {
	t.Helper()
	return emulator.NewClient(t, []byte(fmt.Sprintf(`{"service":"dynamodb","region":"us-east-1","endpoint_url":%q,
		"credentials":{"access_key_id":"AKIDEXAMPLEDYNALITE","secret_access_key":"dynalite-secret"},
		"timeout_ms":60000}`, dynalite.Endpoint(t))))
}

func input(v any) []byte { return emulator.MustInput(v) }

func tryCall(c *client.Client, op string, v any) (gjson.Result, error) {
	return emulator.TryCall(c, time.Minute, op, v)
}

// call fails the test on an error or an HTTP status other than 200.
func call(t *testing.T, c *client.Client, op string, v any) gjson.Result {
	t.Helper()
	return emulator.Call(t, c, time.Minute, 200, op, v)
}

var seq int

// newTable creates a table with a string hash key "pk" and a number range
// key "sk", waits for it with table_exists, and deletes it (waiting with
// table_not_exists) when the test ends.
func newTable(t *testing.T, c *client.Client) string {
	t.Helper()
	seq++
	name := fmt.Sprintf("gosoto-%d-%d", time.Now().UnixNano()%1e9, seq)
	out := call(t, c, "CreateTable", map[string]any{
		"TableName": name,
		"AttributeDefinitions": []any{
			map[string]any{"AttributeName": "pk", "AttributeType": "S"},
			map[string]any{"AttributeName": "sk", "AttributeType": "N"},
		},
		"KeySchema": []any{
			map[string]any{"AttributeName": "pk", "KeyType": "HASH"},
			map[string]any{"AttributeName": "sk", "KeyType": "RANGE"},
		},
		"ProvisionedThroughput": map[string]any{"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
	})
	if got := out.Get("TableDescription.TableName").Str; got != name {
		t.Fatalf("CreateTable: TableName %q, want %q: %s", got, name, out.Raw)
	}
	// dynalite keeps a new table CREATING for 500 ms: the waiter polls
	// DescribeTable (every 100 ms here instead of the model's 20 s) until
	// Table.TableStatus is ACTIVE.
	status := out.Get("TableDescription.TableStatus").Str
	if status != "CREATING" {
		t.Fatalf("CreateTable: TableStatus %q, want CREATING (the waiter would have nothing to wait for)", status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	w, err := c.Wait(ctx, "table_exists", input(map[string]any{"TableName": name}),
		&client.WaitOptions{Delay: 100 * time.Millisecond, MaxAttempts: 100})
	if err != nil {
		t.Fatalf("table_exists waiter (status after CreateTable %s): %v", status, err)
	}
	if got := gjson.GetBytes(w, "Table.TableStatus").Str; got != "ACTIVE" {
		t.Fatalf("table_exists returned TableStatus %q: %s", got, w)
	}
	if got := gjson.GetBytes(w, "Table.TableName").Str; got != name {
		t.Fatalf("table_exists returned TableName %q, want %q", got, name)
	}
	t.Cleanup(func() {
		if _, err := tryCall(c, "DeleteTable", map[string]any{"TableName": name}); err != nil {
			t.Errorf("DeleteTable %s: %v", name, err)
		}
	})
	return name
}

// binary is every byte value, so that the base64 round trip of B and BS
// values sees NULs, high bytes and invalid UTF-8.
func binary() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(255 - i)
	}
	return b
}

func nestedItem(pk string, sk int) map[string]any {
	bin := binary()
	return map[string]any{
		"pk":    map[string]any{"S": pk},
		"sk":    map[string]any{"N": fmt.Sprint(sk)},
		"name":  map[string]any{"S": "héllo wörld ✓ \"quoted\" \\ \n tab\t"},
		"count": map[string]any{"N": "-12.5"},
		"big":   map[string]any{"N": "123456789012345678901234567890"},
		"ok":    map[string]any{"BOOL": true},
		"no":    map[string]any{"BOOL": false},
		"nil":   map[string]any{"NULL": true},
		"blob":  map[string]any{"B": base64.StdEncoding.EncodeToString(bin)},
		"tags":  map[string]any{"SS": []any{"red", "green", "blue"}},
		"nums":  map[string]any{"NS": []any{"1", "2.5", "-3"}},
		"blobs": map[string]any{"BS": []any{
			base64.StdEncoding.EncodeToString([]byte{0}),
			base64.StdEncoding.EncodeToString([]byte{0xff, 0xfe, 0x00, 0x01}),
		}},
		"doc": map[string]any{"M": map[string]any{
			"nest": map[string]any{"M": map[string]any{
				"deep":  map[string]any{"L": []any{map[string]any{"S": "a"}, map[string]any{"N": "1"}, map[string]any{"NULL": true}}},
				"flag":  map[string]any{"BOOL": false},
				"bytes": map[string]any{"B": base64.StdEncoding.EncodeToString(bin[:17])},
			}},
			"empty": map[string]any{"M": map[string]any{}},
			"list":  map[string]any{"L": []any{}},
		}},
		"list": map[string]any{"L": []any{
			map[string]any{"M": map[string]any{"k": map[string]any{"S": "v"}}},
			map[string]any{"L": []any{map[string]any{"BOOL": true}, map[string]any{"SS": []any{"x"}}}},
			map[string]any{"NS": []any{"42"}},
		}},
	}
}

// normalize decodes a JSON item and sorts its sets (whose order DynamoDB
// does not keep), recursively.
func normalize(t *testing.T, raw string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == "SS" || k == "NS" || k == "BS" {
					if l, ok := e.([]any); ok {
						s := make([]string, len(l))
						for i, y := range l {
							s[i], _ = y.(string)
						}
						sort.Strings(s)
						out := make([]any, len(s))
						for i := range s {
							out[i] = s[i]
						}
						x[k] = out
						continue
					}
				}
				x[k] = walk(e)
			}
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		}
		return v
	}
	return walk(v)
}

func sameItem(t *testing.T, what string, got gjson.Result, want map[string]any) {
	t.Helper()
	w := normalize(t, string(input(want)))
	g := normalize(t, got.Raw)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: item differs\n got: %s\nwant: %s", what, got.Raw, input(want))
	}
}

func TestItems(t *testing.T) {
	c := newClient(t)
	table := newTable(t, c)

	// Put three items under one hash key and one under another.
	items := []map[string]any{nestedItem("a", 1), nestedItem("a", 2), nestedItem("a", 3), nestedItem("b", 1)}
	for _, it := range items {
		call(t, c, "PutItem", map[string]any{"TableName": table, "Item": it})
	}

	// GetItem: every attribute value comes back as it was put, and the
	// blob's bytes survive the base64 round trip.
	out := call(t, c, "GetItem", map[string]any{
		"TableName":      table,
		"Key":            map[string]any{"pk": map[string]any{"S": "a"}, "sk": map[string]any{"N": "2"}},
		"ConsistentRead": true,
	})
	sameItem(t, "GetItem", out.Get("Item"), items[1])
	got, err := base64.StdEncoding.DecodeString(out.Get("Item.blob.B").Str)
	if err != nil || !bytes.Equal(got, binary()) {
		t.Fatalf("GetItem: blob bytes differ (err %v): %x", err, got)
	}
	if got := out.Get("Item.doc.M.nest.M.deep.L.2.NULL"); got.Type != gjson.True {
		t.Fatalf("GetItem: nested NULL is %s", got.Raw)
	}

	// A key that is not there: no Item member, no error.
	out = call(t, c, "GetItem", map[string]any{
		"TableName": table,
		"Key":       map[string]any{"pk": map[string]any{"S": "zzz"}, "sk": map[string]any{"N": "0"}},
	})
	if out.Get("Item").Exists() {
		t.Fatalf("GetItem of a missing key returned an item: %s", out.Raw)
	}

	// Query: the three items of "a" with sk >= 2, newest first, projected.
	out = call(t, c, "Query", map[string]any{
		"TableName":                 table,
		"KeyConditionExpression":    "pk = :pk AND sk >= :min",
		"ExpressionAttributeValues": map[string]any{":pk": map[string]any{"S": "a"}, ":min": map[string]any{"N": "2"}},
		"ScanIndexForward":          false,
		"ProjectionExpression":      "pk, sk, #d.nest.bytes, tags",
		"ExpressionAttributeNames":  map[string]any{"#d": "doc"},
	})
	if n := out.Get("Count").Int(); n != 2 {
		t.Fatalf("Query: Count %d, want 2: %s", n, out.Raw)
	}
	if sks := out.Get("Items.#.sk.N").Raw; sks != `["3","2"]` {
		t.Fatalf("Query: sort keys %s, want [\"3\",\"2\"]", sks)
	}
	want := map[string]any{
		"pk":   map[string]any{"S": "a"},
		"sk":   map[string]any{"N": "3"},
		"tags": map[string]any{"SS": []any{"red", "green", "blue"}},
		"doc": map[string]any{"M": map[string]any{"nest": map[string]any{"M": map[string]any{
			"bytes": map[string]any{"B": base64.StdEncoding.EncodeToString(binary()[:17])},
		}}}},
	}
	sameItem(t, "Query (projected)", out.Get("Items.0"), want)

	// Scan with a filter on a nested attribute and on a set.
	out = call(t, c, "Scan", map[string]any{
		"TableName":                 table,
		"FilterExpression":          "doc.nest.flag = :f AND contains(tags, :t) AND sk = :one",
		"ExpressionAttributeValues": map[string]any{":f": map[string]any{"BOOL": false}, ":t": map[string]any{"S": "green"}, ":one": map[string]any{"N": "1"}},
	})
	if n := out.Get("Count").Int(); n != 2 {
		t.Fatalf("Scan: Count %d, want 2: %s", n, out.Raw)
	}
	if n := out.Get("ScannedCount").Int(); n != 4 {
		t.Fatalf("Scan: ScannedCount %d, want 4: %s", n, out.Raw)
	}
	for _, it := range out.Get("Items").Array() {
		sameItem(t, "Scan", it, nestedItem(it.Get("pk.S").Str, 1))
	}

	// UpdateItem on nested paths, returning the new values.
	out = call(t, c, "UpdateItem", map[string]any{
		"TableName":                 table,
		"Key":                       map[string]any{"pk": map[string]any{"S": "b"}, "sk": map[string]any{"N": "1"}},
		"UpdateExpression":          "SET doc.nest.flag = :t, #l[0].k = :v ADD nums :n REMOVE #nil",
		"ExpressionAttributeNames":  map[string]any{"#l": "list", "#nil": "nil"},
		"ExpressionAttributeValues": map[string]any{":t": map[string]any{"BOOL": true}, ":v": map[string]any{"S": "w"}, ":n": map[string]any{"NS": []any{"7"}}},
		"ReturnValues":              "ALL_NEW",
	})
	if got := out.Get("Attributes.doc.M.nest.M.flag.BOOL"); got.Type != gjson.True {
		t.Fatalf("UpdateItem: doc.nest.flag is %s: %s", got.Raw, out.Raw)
	}
	if got := out.Get("Attributes.list.L.0.M.k.S").Str; got != "w" {
		t.Fatalf("UpdateItem: list[0].k is %q", got)
	}
	if n := len(out.Get("Attributes.nums.NS").Array()); n != 4 {
		t.Fatalf("UpdateItem: nums has %d members, want 4: %s", n, out.Get("Attributes.nums").Raw)
	}
	if out.Get("Attributes.nil").Exists() {
		t.Fatalf("UpdateItem: attribute nil was not removed")
	}
}

func TestConditionalPutFails(t *testing.T) {
	c := newClient(t)
	table := newTable(t, c)
	item := map[string]any{"pk": map[string]any{"S": "k"}, "sk": map[string]any{"N": "1"}, "v": map[string]any{"N": "1"}}
	call(t, c, "PutItem", map[string]any{"TableName": table, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"})

	changed := map[string]any{"pk": map[string]any{"S": "k"}, "sk": map[string]any{"N": "1"}, "v": map[string]any{"N": "2"}}
	_, err := tryCall(c, "PutItem", map[string]any{"TableName": table, "Item": changed, "ConditionExpression": "attribute_not_exists(pk)"})
	if err == nil {
		t.Fatal("PutItem with a false condition succeeded")
	}
	var e *awserr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error is %T, not *awserr.Error: %v", err, err)
	}
	if e.Kind != awserr.Service || e.Code != "ConditionalCheckFailedException" || e.StatusCode != 400 {
		t.Fatalf("want service error ConditionalCheckFailedException (HTTP 400), got kind %v code %q status %d: %v", e.Kind, e.Code, e.StatusCode, e)
	}
	if e.Retryable {
		t.Fatalf("ConditionalCheckFailedException is marked retryable")
	}
	if e.Message == "" {
		t.Fatalf("ConditionalCheckFailedException without a message")
	}
	doc := gjson.ParseBytes(e.JSON())
	if got := doc.Get("Kind").Str; got != "service" {
		t.Fatalf("error JSON Kind %q: %s", got, doc.Raw)
	}
	if got := doc.Get("Error.Code").Str; got != "ConditionalCheckFailedException" {
		t.Fatalf("error JSON Error.Code %q: %s", got, doc.Raw)
	}
	if got := doc.Get("ErrorShape").Str; got != "ConditionalCheckFailedException" {
		t.Fatalf("error JSON ErrorShape %q, want ConditionalCheckFailedException: %s", got, doc.Raw)
	}
	if got := doc.Get("ResponseMetadata.HTTPStatusCode").Int(); got != 400 {
		t.Fatalf("error JSON HTTPStatusCode %d: %s", got, doc.Raw)
	}
	if doc.Get("ResponseMetadata.RequestId").Str == "" {
		t.Fatalf("error JSON without a RequestId: %s", doc.Raw)
	}

	// The item is unchanged.
	out := call(t, c, "GetItem", map[string]any{"TableName": table, "Key": map[string]any{"pk": item["pk"], "sk": item["sk"]}, "ConsistentRead": true})
	sameItem(t, "GetItem after the failed put", out.Get("Item"), item)

	// A missing table is a service error too.
	_, err = tryCall(c, "GetItem", map[string]any{"TableName": table + "-missing", "Key": map[string]any{"pk": item["pk"], "sk": item["sk"]}})
	if e := awserr.As(err); e == nil || e.Kind != awserr.Service || e.Code != "ResourceNotFoundException" {
		t.Fatalf("GetItem of a missing table: want ResourceNotFoundException, got %v", err)
	}
}

func TestPaginatedScan(t *testing.T) {
	c := newClient(t)
	table := newTable(t, c)
	const n = 11
	want := map[string]bool{}
	for i := 0; i < n; i++ {
		pk := fmt.Sprintf("p%02d", i)
		want[pk] = true
		call(t, c, "PutItem", map[string]any{"TableName": table, "Item": map[string]any{
			"pk":  map[string]any{"S": pk},
			"sk":  map[string]any{"N": fmt.Sprint(i)},
			"doc": map[string]any{"M": map[string]any{"i": map[string]any{"N": fmt.Sprint(i)}, "b": map[string]any{"B": base64.StdEncoding.EncodeToString([]byte{byte(i), 0, 0xff})}}},
		}})
	}

	for _, tc := range []struct {
		name  string
		input map[string]any
	}{
		{"Limit", map[string]any{"TableName": table, "Limit": 3}},
		{"PageSize", map[string]any{"TableName": table, "PaginationConfig": map[string]any{"PageSize": 3}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := c.Paginate("scan", input(tc.input))
			if err != nil {
				t.Fatalf("Paginate: %v", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			seen := map[string]bool{}
			var lastKey string
			for pages := 0; ; pages++ {
				if pages > n+2 {
					t.Fatalf("more than %d pages", n+2)
				}
				page, err := p.Next(ctx)
				if errors.Is(err, client.ErrNoMorePages) {
					break
				}
				if err != nil {
					t.Fatalf("page %d: %v", pages+1, err)
				}
				r := gjson.ParseBytes(page)
				items := r.Get("Items").Array()
				if len(items) > 3 {
					t.Fatalf("page %d has %d items, Limit is 3", pages+1, len(items))
				}
				for _, it := range items {
					pk := it.Get("pk.S").Str
					if seen[pk] {
						t.Fatalf("item %s seen twice", pk)
					}
					seen[pk] = true
					b, _ := base64.StdEncoding.DecodeString(it.Get("doc.M.b.B").Str)
					if i := it.Get("sk.N").Int(); !bytes.Equal(b, []byte{byte(i), 0, 0xff}) {
						t.Fatalf("item %s: blob %x", pk, b)
					}
				}
				// Every full page but the last carries LastEvaluatedKey,
				// which the paginator sends back as ExclusiveStartKey.
				lk := r.Get("LastEvaluatedKey")
				if lk.Exists() {
					if lk.Raw == lastKey {
						t.Fatalf("page %d repeats LastEvaluatedKey %s", pages+1, lk.Raw)
					}
					lastKey = lk.Raw
					if !lk.Get("pk.S").Exists() || !lk.Get("sk.N").Exists() {
						t.Fatalf("page %d: LastEvaluatedKey %s lacks the key attributes", pages+1, lk.Raw)
					}
				}
			}
			if !reflect.DeepEqual(seen, want) {
				t.Fatalf("scanned %d distinct items, want %d: %v", len(seen), len(want), seen)
			}
			if got := p.Pages(); got < (n+2)/3 {
				t.Fatalf("%d pages, want at least %d", got, (n+2)/3)
			}
			if p.HasMorePages() {
				t.Fatal("HasMorePages after the last page")
			}
		})
	}

	// EachPage with a Query over one hash key.
	var total int
	err := c.EachPage(context.Background(), "Query", input(map[string]any{
		"TableName":                 table,
		"KeyConditionExpression":    "pk = :pk",
		"ExpressionAttributeValues": map[string]any{":pk": map[string]any{"S": "p05"}},
		"Limit":                     1,
	}), func(page []byte) error {
		total += int(gjson.GetBytes(page, "Count").Int())
		return nil
	})
	if err != nil || total != 1 {
		t.Fatalf("EachPage(Query): %d items, err %v", total, err)
	}
}

func TestDeleteTable(t *testing.T) {
	c := newClient(t)
	seq++
	name := fmt.Sprintf("gosoto-del-%d-%d", time.Now().UnixNano()%1e9, seq)
	call(t, c, "CreateTable", map[string]any{
		"TableName":            name,
		"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "B"}},
		"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
		"BillingMode":          "PAY_PER_REQUEST",
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	opts := &client.WaitOptions{Delay: 100 * time.Millisecond, MaxAttempts: 100}
	if _, err := c.Wait(ctx, "TableExists", input(map[string]any{"TableName": name}), opts); err != nil {
		t.Fatalf("TableExists: %v", err)
	}
	// A binary hash key round trip.
	key := map[string]any{"id": map[string]any{"B": base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 0xfe, 0xff})}}
	call(t, c, "PutItem", map[string]any{"TableName": name, "Item": key})
	out := call(t, c, "GetItem", map[string]any{"TableName": name, "Key": key})
	sameItem(t, "GetItem by binary key", out.Get("Item"), key)

	out = call(t, c, "ListTables", map[string]any{})
	found := false
	for _, n := range out.Get("TableNames").Array() {
		found = found || n.Str == name
	}
	if !found {
		t.Fatalf("ListTables does not list %s: %s", name, out.Raw)
	}

	out = call(t, c, "DeleteTable", map[string]any{"TableName": name})
	if got := out.Get("TableDescription.TableName").Str; got != name {
		t.Fatalf("DeleteTable: TableName %q: %s", got, out.Raw)
	}
	w, err := c.Wait(ctx, "table_not_exists", input(map[string]any{"TableName": name}), opts)
	if err != nil {
		t.Fatalf("table_not_exists: %v", err)
	}
	if got := gjson.GetBytes(w, "Error.Code").Str; got != "ResourceNotFoundException" {
		t.Fatalf("table_not_exists returned %s", w)
	}
	_, err = tryCall(c, "DescribeTable", map[string]any{"TableName": name})
	if e := awserr.As(err); e == nil || e.Kind != awserr.Service || e.Code != "ResourceNotFoundException" || e.StatusCode != 400 {
		t.Fatalf("DescribeTable after delete: want ResourceNotFoundException, got %v", err)
	}
}
