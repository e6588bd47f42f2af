// Package kinesistest runs gosoto's Kinesis client (JSON 1.1) against a
// real Kinesis emulator, kinesalite (tests/scripts/with-kinesalite.sh
// starts it on 127.0.0.1 and sets GOSOTO_KINESIS_ENDPOINT): a stream
// created and awaited with the stream_exists waiter, records of arbitrary
// bytes put with PutRecord and PutRecords (blobs travel as base64 in
// gosoto's JSON), read back through shard iterators and compared byte for
// byte, the shards listed with DescribeStream's paginator, and the stream
// deleted and awaited with stream_not_exists.
//
// Without GOSOTO_KINESIS_ENDPOINT the tests are skipped (as in
// `go test ./...`), unless GOSOTO_KINESIS_REQUIRED=1, where that is a
// failure: `make test-kinesis` sets it, so that CI cannot pass by skipping
// them.
package kinesistest

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/client"
	_ "github.com/gosoto/gosoto/sdk/service/kinesis"
	"github.com/gosoto/gosoto/tests/internal/emulator"
	"github.com/tidwall/gjson"
)

var kinesalite = emulator.Suite{
	EndpointVar: "GOSOTO_KINESIS_ENDPOINT",
	RequiredVar: "GOSOTO_KINESIS_REQUIRED",
	Script:      "tests/scripts/with-kinesalite.sh",
	Target:      "make test-kinesis",
}

func newClient(t *testing.T) *client.Client {
	t.Helper()
	return emulator.NewClient(t, []byte(fmt.Sprintf(`{"service":"kinesis","region":"us-east-1","endpoint_url":%q,
		"credentials":{"access_key_id":"AKIDEXAMPLEKINESIS","secret_access_key":"kinesalite-secret"},
		"timeout_ms":60000}`, kinesalite.Endpoint(t))))
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

var waitOpts = &client.WaitOptions{Delay: 100 * time.Millisecond, MaxAttempts: 100}

// record is one record put into the stream.
type record struct {
	data  []byte
	key   string
	shard string
	seq   string
}

// payload is record i's data: byte values from all of 0-255, NULs and
// invalid UTF-8 included, of a length that varies with i (1 to 1000 bytes
// for the i used here).
func payload(i int) []byte {
	n := (i * 97) % 1001
	b := make([]byte, n)
	for j := range b {
		b[j] = byte(i + j*31)
	}
	return b
}

func TestStreamRecords(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name := fmt.Sprintf("gosoto-%d", time.Now().UnixNano()%1e9)

	call(t, c, "CreateStream", map[string]any{"StreamName": name, "ShardCount": 3})
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			_, _ = tryCall(c, "DeleteStream", map[string]any{"StreamName": name})
		}
	})

	// kinesalite keeps a new stream CREATING for 500 ms.
	out := call(t, c, "DescribeStream", map[string]any{"StreamName": name})
	if got := out.Get("StreamDescription.StreamStatus").Str; got != "CREATING" {
		t.Fatalf("DescribeStream right after CreateStream: status %q, want CREATING", got)
	}
	w, err := c.Wait(ctx, "stream_exists", input(map[string]any{"StreamName": name}), waitOpts)
	if err != nil {
		t.Fatalf("stream_exists: %v", err)
	}
	desc := gjson.GetBytes(w, "StreamDescription")
	if desc.Get("StreamStatus").Str != "ACTIVE" || desc.Get("StreamName").Str != name {
		t.Fatalf("stream_exists returned %s", w)
	}
	if desc.Get("StreamCreationTimestamp").Type != gjson.String {
		t.Fatalf("StreamCreationTimestamp is not an ISO 8601 string: %s", desc.Get("StreamCreationTimestamp").Raw)
	}
	if _, err := time.Parse(time.RFC3339, desc.Get("StreamCreationTimestamp").Str); err != nil {
		t.Fatalf("StreamCreationTimestamp %q: %v", desc.Get("StreamCreationTimestamp").Str, err)
	}

	// The shards, through DescribeStream's paginator (input token
	// ExclusiveStartShardId from the last shard id, more_results
	// StreamDescription.HasMoreShards). kinesalite ignores Limit and
	// answers HasMoreShards false with every shard, so the paginator must
	// stop after that one page.
	p, err := c.Paginate("DescribeStream", input(map[string]any{"StreamName": name, "Limit": 1}))
	if err != nil {
		t.Fatalf("Paginate(DescribeStream): %v", err)
	}
	var shards []string
	for {
		page, err := p.Next(ctx)
		if errors.Is(err, client.ErrNoMorePages) {
			break
		}
		if err != nil {
			t.Fatalf("DescribeStream page %d: %v", p.Pages()+1, err)
		}
		for _, s := range gjson.GetBytes(page, "StreamDescription.Shards.#.ShardId").Array() {
			shards = append(shards, s.Str)
		}
		if p.Pages() > 10 {
			t.Fatal("DescribeStream paginator does not stop")
		}
	}
	if len(shards) != 3 || p.Pages() != 1 || p.HasMorePages() {
		t.Fatalf("DescribeStream paginator: %d pages (more: %v), shards %v; want 1 page of 3 shards", p.Pages(), p.HasMorePages(), shards)
	}

	// Put records: PutRecord one by one, then PutRecords in a batch.
	var recs []*record
	for i := 0; i < 10; i++ {
		r := &record{data: payload(i + 1), key: fmt.Sprintf("key-%d", i)}
		out := call(t, c, "PutRecord", map[string]any{
			"StreamName":   name,
			"Data":         base64.StdEncoding.EncodeToString(r.data),
			"PartitionKey": r.key,
		})
		r.shard, r.seq = out.Get("ShardId").Str, out.Get("SequenceNumber").Str
		if r.shard == "" || r.seq == "" {
			t.Fatalf("PutRecord %d: no ShardId or SequenceNumber: %s", i, out.Raw)
		}
		recs = append(recs, r)
	}
	var batch []any
	var batchRecs []*record
	for i := 10; i < 30; i++ {
		r := &record{data: payload(i + 1), key: fmt.Sprintf("batch-key-%d", i)}
		batch = append(batch, map[string]any{"Data": base64.StdEncoding.EncodeToString(r.data), "PartitionKey": r.key})
		batchRecs = append(batchRecs, r)
	}
	out = call(t, c, "PutRecords", map[string]any{"StreamName": name, "Records": batch})
	if n := out.Get("FailedRecordCount").Int(); n != 0 {
		t.Fatalf("PutRecords: %d failed: %s", n, out.Raw)
	}
	results := out.Get("Records").Array()
	if len(results) != len(batchRecs) {
		t.Fatalf("PutRecords: %d results for %d records", len(results), len(batchRecs))
	}
	for i, res := range results {
		batchRecs[i].shard, batchRecs[i].seq = res.Get("ShardId").Str, res.Get("SequenceNumber").Str
		if batchRecs[i].seq == "" {
			t.Fatalf("PutRecords result %d: %s", i, res.Raw)
		}
	}
	recs = append(recs, batchRecs...)

	// Read every shard from TRIM_HORIZON and compare with what was put:
	// the same records per shard, in sequence order, byte for byte.
	byShard := map[string][]*record{}
	for _, r := range recs {
		byShard[r.shard] = append(byShard[r.shard], r)
	}
	if len(byShard) < 2 {
		t.Logf("records landed in %d shard(s) only", len(byShard))
	}
	total := 0
	for _, shard := range shards {
		want := byShard[shard]
		it := call(t, c, "GetShardIterator", map[string]any{
			"StreamName": name, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON",
		}).Get("ShardIterator").Str
		if it == "" {
			t.Fatalf("GetShardIterator %s: no iterator", shard)
		}
		var got []gjson.Result
		for round := 0; it != "" && round < 20; round++ {
			out := call(t, c, "GetRecords", map[string]any{"ShardIterator": it, "Limit": 4})
			rs := out.Get("Records").Array()
			if len(rs) > 4 {
				t.Fatalf("GetRecords: %d records, Limit 4", len(rs))
			}
			got = append(got, rs...)
			if len(rs) == 0 {
				break
			}
			it = out.Get("NextShardIterator").Str
		}
		if len(got) != len(want) {
			t.Fatalf("shard %s: read %d records, put %d", shard, len(got), len(want))
		}
		for i, g := range got {
			w := want[i]
			data, err := base64.StdEncoding.DecodeString(g.Get("Data").Str)
			if err != nil {
				t.Fatalf("shard %s record %d: Data %q is not base64: %v", shard, i, g.Get("Data").Str, err)
			}
			if !bytes.Equal(data, w.data) {
				t.Fatalf("shard %s record %d: data differs (%d bytes, want %d)", shard, i, len(data), len(w.data))
			}
			if g.Get("PartitionKey").Str != w.key || g.Get("SequenceNumber").Str != w.seq {
				t.Fatalf("shard %s record %d: key %q seq %q, want %q %q", shard, i, g.Get("PartitionKey").Str, g.Get("SequenceNumber").Str, w.key, w.seq)
			}
			ts := g.Get("ApproximateArrivalTimestamp")
			if _, err := time.Parse(time.RFC3339, ts.Str); ts.Type != gjson.String || err != nil {
				t.Fatalf("shard %s record %d: ApproximateArrivalTimestamp %s is not ISO 8601", shard, i, ts.Raw)
			}
		}
		total += len(got)
	}
	if total != len(recs) {
		t.Fatalf("read %d records in all, put %d", total, len(recs))
	}

	// An AT_SEQUENCE_NUMBER iterator starts at that record.
	r := recs[len(recs)-1]
	it := call(t, c, "GetShardIterator", map[string]any{
		"StreamName": name, "ShardId": r.shard, "ShardIteratorType": "AT_SEQUENCE_NUMBER", "StartingSequenceNumber": r.seq,
	}).Get("ShardIterator").Str
	out = call(t, c, "GetRecords", map[string]any{"ShardIterator": it})
	if rs := out.Get("Records").Array(); len(rs) != 1 || rs[0].Get("SequenceNumber").Str != r.seq {
		t.Fatalf("GetRecords AT_SEQUENCE_NUMBER %s: %s", r.seq, out.Get("Records").Raw)
	}
	if out.Get("MillisBehindLatest").Type != gjson.Number {
		t.Fatalf("GetRecords: MillisBehindLatest missing: %s", out.Raw)
	}

	// The stream is listed, then deleted.
	out = call(t, c, "ListStreams", map[string]any{})
	names := []string{}
	for _, n := range out.Get("StreamNames").Array() {
		names = append(names, n.Str)
	}
	sort.Strings(names)
	if i := sort.SearchStrings(names, name); i == len(names) || names[i] != name {
		t.Fatalf("ListStreams does not list %s: %v", name, names)
	}
	call(t, c, "DeleteStream", map[string]any{"StreamName": name})
	deleted = true
	w, err = c.Wait(ctx, "StreamNotExists", input(map[string]any{"StreamName": name}), waitOpts)
	if err != nil {
		t.Fatalf("stream_not_exists: %v", err)
	}
	if got := gjson.GetBytes(w, "Error.Code").Str; got != "ResourceNotFoundException" {
		t.Fatalf("stream_not_exists returned %s", w)
	}
}

func TestErrors(t *testing.T) {
	c := newClient(t)
	_, err := tryCall(c, "DescribeStream", map[string]any{"StreamName": "gosoto-no-such-stream"})
	e := awserr.As(err)
	if e == nil || e.Kind != awserr.Service || e.Code != "ResourceNotFoundException" || e.StatusCode != 400 {
		t.Fatalf("DescribeStream of a missing stream: want service error ResourceNotFoundException (HTTP 400), got %v", err)
	}
	if got := gjson.GetBytes(e.JSON(), "ErrorShape").Str; got != "ResourceNotFoundException" {
		t.Fatalf("ErrorShape %q: %s", got, e.JSON())
	}

	// A record put into a missing stream.
	_, err = tryCall(c, "PutRecord", map[string]any{"StreamName": "gosoto-no-such-stream", "Data": "AAEC", "PartitionKey": "k"})
	if e := awserr.As(err); e == nil || e.Kind != awserr.Service || e.Code != "ResourceNotFoundException" {
		t.Fatalf("PutRecord into a missing stream: got %v", err)
	}

	// Data that is not base64 is refused before anything is sent.
	_, err = tryCall(c, "PutRecord", map[string]any{"StreamName": "x", "Data": "not base64!", "PartitionKey": "k"})
	if e := awserr.As(err); e == nil || e.Kind != awserr.Validation {
		t.Fatalf("PutRecord with Data that is not base64: want a validation error, got %v", err)
	}
}
