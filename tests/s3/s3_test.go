// Package s3test runs gosoto's S3 client against a real S3 emulator,
// s3rver (tests/scripts/with-s3rver.sh starts it and sets
// GOSOTO_S3_ENDPOINT): buckets, objects, user metadata, a paginated
// list_objects_v2, a multipart upload, a presigned GET fetched with plain
// net/http, and a large object streamed from and to files. Every request
// passes a proxy that recomputes its SigV4 signature (verify_test.go).
//
// Without GOSOTO_S3_ENDPOINT the tests are skipped (as in `go test ./...`),
// unless GOSOTO_S3_REQUIRED=1, where that is a failure: `make test-s3` sets
// it, so that CI cannot pass by skipping them. (CI=true alone does not make
// them required, since `make test-go` runs `go test ./...` in CI too.)
package s3test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/client"
	"github.com/gosoto/gosoto/sdk/engine"
	_ "github.com/gosoto/gosoto/sdk/service/s3"
	"github.com/gosoto/gosoto/tests/internal/emulator"
	"github.com/tidwall/gjson"
)

var s3rver = emulator.Suite{
	EndpointVar: "GOSOTO_S3_ENDPOINT",
	RequiredVar: "GOSOTO_S3_REQUIRED",
	Script:      "tests/scripts/with-s3rver.sh",
	Target:      "make test-s3",
}

// newClient makes an S3 client of the emulator with s3rver's keys.
func newClient(t *testing.T, extra string) *client.Client {
	t.Helper()
	return emulator.NewClient(t, []byte(fmt.Sprintf(`{"service":"s3","region":"us-east-1","endpoint_url":%q,
		"credentials":{"access_key_id":"S3RVER","secret_access_key":"S3RVER"},
		"read_timeout_ms":120000%s}`, s3rver.Endpoint(t), extra)))
}

// call calls an operation with input built from v (a JSON string or a
// value for encoding/json) and fails the test on an error.
func call(t *testing.T, c *client.Client, op string, v any) gjson.Result {
	t.Helper()
	return emulator.Call(t, c, 5*time.Minute, 0, op, v)
}

func tryCall(c *client.Client, op string, v any) (gjson.Result, error) {
	return emulator.TryCall(c, 5*time.Minute, op, v)
}

func serviceErr(t *testing.T, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected a %s error, got success", code)
	}
	e := awserr.As(err)
	if e.Kind != awserr.Service || e.Code != code || e.StatusCode != status {
		t.Fatalf("expected service error %s (HTTP %d), got kind %v code %q status %d: %v", code, status, e.Kind, e.Code, e.StatusCode, e)
	}
}

var seq int

// newBucket creates a bucket with a unique name, deleted (with its objects)
// when the test ends.
func newBucket(t *testing.T, c *client.Client) string {
	t.Helper()
	seq++
	name := fmt.Sprintf("gosoto-%d-%d", time.Now().UnixNano()%1e9, seq)
	call(t, c, "CreateBucket", map[string]any{"Bucket": name})
	t.Cleanup(func() {
		out, err := tryCall(c, "ListObjectsV2", map[string]any{"Bucket": name})
		if err == nil {
			for _, k := range out.Get("Contents.#.Key").Array() {
				_, _ = tryCall(c, "DeleteObject", map[string]any{"Bucket": name, "Key": k.Str})
			}
		}
		_, _ = tryCall(c, "DeleteBucket", map[string]any{"Bucket": name})
	})
	return name
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestBuckets(t *testing.T) {
	c := newClient(t, "")
	name := newBucket(t, c)
	out := call(t, c, "list_buckets", "{}")
	found := false
	for _, b := range out.Get("Buckets.#.Name").Array() {
		found = found || b.Str == name
	}
	if !found {
		t.Fatalf("ListBuckets does not list %s: %s", name, out.Raw)
	}
	if got := out.Get("ResponseMetadata.HTTPStatusCode").Int(); got != 200 {
		t.Fatalf("HTTPStatusCode %d", got)
	}
	call(t, c, "HeadBucket", map[string]any{"Bucket": name})

	// A second bucket, deleted explicitly; then it is gone.
	other := name + "-x"
	call(t, c, "CreateBucket", map[string]any{"Bucket": other})
	call(t, c, "DeleteBucket", map[string]any{"Bucket": other})
	_, err := tryCall(c, "HeadBucket", map[string]any{"Bucket": other})
	serviceErr(t, err, "404", 404)
	_, err = tryCall(c, "ListObjectsV2", map[string]any{"Bucket": other})
	serviceErr(t, err, "NoSuchBucket", 404)
}

func TestObjects(t *testing.T) {
	c := newClient(t, "")
	bucket := newBucket(t, c)
	body := []byte("hello from gosoto\n")
	put := call(t, c, "PutObject", map[string]any{
		"Bucket": bucket, "Key": "dir/hello world.txt", "Body": b64(body),
		"ContentType": "text/plain", "Metadata": map[string]string{"purpose": "test", "colour": "blue"},
	})
	if put.Get("ETag").Str == "" {
		t.Fatalf("PutObject: no ETag: %s", put.Raw)
	}

	head := call(t, c, "HeadObject", map[string]any{"Bucket": bucket, "Key": "dir/hello world.txt"})
	if head.Get("ContentLength").Int() != int64(len(body)) || head.Get("ContentType").Str != "text/plain" {
		t.Fatalf("HeadObject: %s", head.Raw)
	}
	if head.Get("Metadata.purpose").Str != "test" || head.Get("Metadata.colour").Str != "blue" {
		t.Fatalf("HeadObject: user metadata not returned: %s", head.Get("Metadata").Raw)
	}

	get := call(t, c, "get_object", map[string]any{"Bucket": bucket, "Key": "dir/hello world.txt"})
	if got, _ := base64.StdEncoding.DecodeString(get.Get("Body").Str); !bytes.Equal(got, body) {
		t.Fatalf("GetObject body %q, want %q", got, body)
	}
	if get.Get("Metadata.purpose").Str != "test" || get.Get("ETag").Str != put.Get("ETag").Str {
		t.Fatalf("GetObject: %s", get.Raw)
	}

	call(t, c, "PutObject", map[string]any{"Bucket": bucket, "Key": "other", "Body": b64([]byte("x"))})
	list := call(t, c, "ListObjectsV2", map[string]any{"Bucket": bucket})
	keys := list.Get("Contents.#.Key").String()
	if keys != `["dir/hello world.txt","other"]` || list.Get("KeyCount").Int() != 2 {
		t.Fatalf("ListObjectsV2: keys %s: %s", keys, list.Raw)
	}

	call(t, c, "DeleteObject", map[string]any{"Bucket": bucket, "Key": "dir/hello world.txt"})
	_, err := tryCall(c, "GetObject", map[string]any{"Bucket": bucket, "Key": "dir/hello world.txt"})
	serviceErr(t, err, "NoSuchKey", 404)
	_, err = tryCall(c, "HeadObject", map[string]any{"Bucket": bucket, "Key": "dir/hello world.txt"})
	serviceErr(t, err, "404", 404)

	// DeleteObjects needs Content-MD5, which the client adds.
	del := call(t, c, "DeleteObjects", map[string]any{"Bucket": bucket,
		"Delete": map[string]any{"Objects": []map[string]string{{"Key": "other"}}}})
	if del.Get("Deleted.0.Key").Str != "other" {
		t.Fatalf("DeleteObjects: %s", del.Raw)
	}
	list = call(t, c, "ListObjectsV2", map[string]any{"Bucket": bucket})
	if list.Get("KeyCount").Int() != 0 {
		t.Fatalf("objects left after DeleteObjects: %s", list.Raw)
	}
}

func TestListObjectsV2Paginated(t *testing.T) {
	c := newClient(t, "")
	bucket := newBucket(t, c)
	var want []string
	for i := 0; i < 7; i++ {
		k := fmt.Sprintf("k%02d", i)
		want = append(want, k)
		call(t, c, "PutObject", map[string]any{"Bucket": bucket, "Key": k, "Body": b64([]byte(k))})
	}

	// By hand: ContinuationToken from NextContinuationToken.
	var got []string
	pages := 0
	in := map[string]any{"Bucket": bucket, "MaxKeys": 3}
	for {
		out := call(t, c, "ListObjectsV2", in)
		pages++
		for _, k := range out.Get("Contents.#.Key").Array() {
			got = append(got, k.Str)
		}
		if !out.Get("IsTruncated").Bool() {
			break
		}
		in["ContinuationToken"] = out.Get("NextContinuationToken").Str
		if pages > 10 {
			t.Fatal("no end to the pages")
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") || pages != 3 {
		t.Fatalf("by hand: %d pages, keys %v, want 3 pages of %v", pages, got, want)
	}

	// With the client's paginator.
	got, pages = nil, 0
	err := c.EachPage(context.Background(), "list_objects_v2", []byte(fmt.Sprintf(`{"Bucket":%q,"MaxKeys":2}`, bucket)), func(page []byte) error {
		pages++
		for _, k := range gjson.GetBytes(page, "Contents.#.Key").Array() {
			got = append(got, k.Str)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("EachPage: %v", err)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") || pages != 4 {
		t.Fatalf("paginator: %d pages, keys %v, want 4 pages of %v", pages, got, want)
	}
}

func TestMultipartUpload(t *testing.T) {
	c := newClient(t, "")
	bucket := newBucket(t, c)
	const partSize = 8 << 20
	data := randomBytes(t, 20<<20)
	dir := t.TempDir()

	up := call(t, c, "CreateMultipartUpload", map[string]any{"Bucket": bucket, "Key": "big", "Metadata": map[string]string{"kind": "multipart"}})
	id := up.Get("UploadId").Str
	if id == "" {
		t.Fatalf("no UploadId: %s", up.Raw)
	}
	var parts []map[string]any
	for n, off := 1, 0; off < len(data); n, off = n+1, off+partSize {
		end := min(off+partSize, len(data))
		in := map[string]any{"Bucket": bucket, "Key": "big", "UploadId": id, "PartNumber": n}
		if n%2 == 1 {
			in["Body"] = b64(data[off:end]) // in memory
		} else {
			f := filepath.Join(dir, fmt.Sprintf("part%d", n)) // from a file
			if err := os.WriteFile(f, data[off:end], 0o600); err != nil {
				t.Fatal(err)
			}
			in["Body"] = map[string]string{"file": f}
		}
		out := call(t, c, "UploadPart", in)
		parts = append(parts, map[string]any{"PartNumber": n, "ETag": out.Get("ETag").Str})
	}
	if len(parts) != 3 {
		t.Fatalf("%d parts", len(parts))
	}
	done := call(t, c, "CompleteMultipartUpload", map[string]any{"Bucket": bucket, "Key": "big", "UploadId": id,
		"MultipartUpload": map[string]any{"Parts": parts}})
	if done.Get("ETag").Str == "" || done.Get("Key").Str != "big" {
		t.Fatalf("CompleteMultipartUpload: %s", done.Raw)
	}

	head := call(t, c, "HeadObject", map[string]any{"Bucket": bucket, "Key": "big"})
	if head.Get("ContentLength").Int() != int64(len(data)) || head.Get("Metadata.kind").Str != "multipart" {
		t.Fatalf("HeadObject: %s", head.Raw)
	}
	out := filepath.Join(dir, "big.out")
	get := call(t, c, "GetObject", map[string]any{"Bucket": bucket, "Key": "big", OutputFile: out})
	if get.Get("Body.size").Int() != int64(len(data)) {
		t.Fatalf("GetObject: %s", get.Get("Body").Raw)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, data) {
		t.Fatal("the object read back differs from the parts uploaded")
	}
}

// OutputFile is client.OutputFileKey, the input member that sends an
// output payload to a file.
const OutputFile = client.OutputFileKey

func TestPresignedGet(t *testing.T) {
	c := newClient(t, "")
	bucket := newBucket(t, c)
	body := []byte("presigned content")
	call(t, c, "PutObject", map[string]any{"Bucket": bucket, "Key": "a/b c+d.txt", "Body": b64(body)})

	ps, err := c.Presign(context.Background(), "get_object", []byte(fmt.Sprintf(`{"Bucket":%q,"Key":"a/b c+d.txt"}`, bucket)), 300*time.Second)
	if err != nil {
		t.Fatalf("Presign: %v", err)
	}
	p := gjson.ParseBytes(ps)
	u := p.Get("url").Str
	if p.Get("method").Str != "GET" || !strings.Contains(u, "X-Amz-Signature=") || !strings.Contains(u, "X-Amz-Expires=300") {
		t.Fatalf("presign: %s", ps)
	}
	resp, err := http.Get(u) // no credentials, no gosoto
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(got, body) {
		t.Fatalf("GET presigned URL: HTTP %d %q", resp.StatusCode, got)
	}

	// The URL's credential is checked (s3rver knows only the key id
	// S3RVER; it does not recompute SigV4 signatures).
	resp, err = http.Get(strings.Replace(u, "X-Amz-Credential=S3RVER", "X-Amz-Credential=NOTME", 1))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("presigned URL of an unknown key: HTTP %d, want 403", resp.StatusCode)
	}

	// A presigned PUT, then read back through the client.
	ps, err = c.Presign(context.Background(), "PutObject", []byte(fmt.Sprintf(`{"Bucket":%q,"Key":"up"}`, bucket)), 0)
	if err != nil {
		t.Fatalf("Presign PutObject: %v", err)
	}
	p = gjson.ParseBytes(ps)
	req, _ := http.NewRequest(p.Get("method").Str, p.Get("url").Str, bytes.NewReader([]byte("put via URL")))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("PUT presigned URL: HTTP %d %s", resp.StatusCode, msg)
	}
	get := call(t, c, "GetObject", map[string]any{"Bucket": bucket, "Key": "up"})
	if b, _ := base64.StdEncoding.DecodeString(get.Get("Body").Str); string(b) != "put via URL" {
		t.Fatalf("object put through a presigned URL: %q", b)
	}
}

// TestStreamedLargeObject puts a 64 MiB object from a file and gets it
// into a file, with a signed payload (plain http: hashed in a first pass)
// and compares the bytes.
func TestStreamedLargeObject(t *testing.T) {
	c := newClient(t, "")
	bucket := newBucket(t, c)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.bin")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	chunk := randomBytes(t, 1<<20)
	const size = 64 << 20
	for i := 0; i < size>>20; i++ {
		chunk[0] = byte(i)
		f.Write(chunk)
		h.Write(chunk)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(h.Sum(nil))

	put := call(t, c, "PutObject", map[string]any{"Bucket": bucket, "Key": "large", "Body": map[string]string{"file": in}})
	if put.Get("ETag").Str == "" {
		t.Fatalf("PutObject: %s", put.Raw)
	}
	out := filepath.Join(dir, "out.bin")
	get := call(t, c, "GetObject", map[string]any{"Bucket": bucket, "Key": "large", OutputFile: out})
	if get.Get("Body.file").Str != out || get.Get("Body.size").Int() != size || get.Get("ContentLength").Int() != size {
		t.Fatalf("GetObject: %s", get.Raw)
	}
	g, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	h2 := sha256.New()
	if _, err := io.Copy(h2, g); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h2.Sum(nil)); got != want {
		t.Fatalf("object read back has SHA-256 %s, want %s", got, want)
	}

	// An error response never reaches the output file.
	missing := filepath.Join(dir, "missing.bin")
	_, err = tryCall(c, "GetObject", map[string]any{"Bucket": bucket, "Key": "nope", OutputFile: missing})
	serviceErr(t, err, "NoSuchKey", 404)
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatalf("output file of a failed call exists: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".gosoto-") {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}
}

// TestUnknownKey checks that the emulator checks the access key id (it
// does not recompute SigV4 signatures).
func TestUnknownKey(t *testing.T) {
	ep := s3rver.Endpoint(t)
	cfg := fmt.Sprintf(`{"service":"s3","region":"us-east-1","endpoint_url":%q,
		"credentials":{"access_key_id":"AKIDUNKNOWN","secret_access_key":"S3RVER"}}`, ep)
	c, err := engine.NewClient([]byte(cfg), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = tryCall(c, "ListBuckets", "{}")
	serviceErr(t, err, "InvalidAccessKeyId", 403)
}
