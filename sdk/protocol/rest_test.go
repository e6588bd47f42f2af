package protocol

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// restModel is a small S3-like model exercising the REST bindings.
const restModel = `{
 "metadata": {"protocol": "%s", "apiVersion": "2006-03-01", "endpointPrefix": "s3"},
 "operations": {
  "PutObject": {"name": "PutObject", "http": {"method": "PUT", "requestUri": "/{Bucket}/{Key+}?x-id=PutObject"},
   "input": {"shape": "PutObjectRequest"}, "output": {"shape": "PutObjectOutput"}, "httpChecksumRequired": true},
  "GetObject": {"name": "GetObject", "http": {"method": "GET", "requestUri": "/{Bucket}/{Key+}"},
   "input": {"shape": "GetObjectRequest"}, "output": {"shape": "GetObjectOutput"}, "errors": [{"shape": "NoSuchKey"}]},
  "PutConfig": {"name": "PutConfig", "http": {"method": "POST", "requestUri": "/config"},
   "input": {"shape": "PutConfigRequest", "locationName": "Config", "xmlNamespace": {"uri": "https://example.com/doc/"}},
   "output": {"shape": "PutConfigOutput"}, "endpoint": {"hostPrefix": "{AccountId}."}}
 },
 "shapes": {
  "PutObjectRequest": {"type": "structure", "required": ["Bucket", "Key"], "payload": "Body", "members": {
    "Bucket": {"shape": "String", "location": "uri", "locationName": "Bucket"},
    "Key": {"shape": "String", "location": "uri", "locationName": "Key"},
    "Body": {"shape": "Blob", "streaming": true},
    "Tags": {"shape": "StringList", "location": "header", "locationName": "x-amz-tags"},
    "Expires": {"shape": "Timestamp", "location": "header", "locationName": "Expires"},
    "Metadata": {"shape": "Meta", "location": "headers", "locationName": "x-amz-meta-"},
    "Policy": {"shape": "String", "location": "header", "locationName": "x-amz-policy", "jsonvalue": true},
    "VersionId": {"shape": "String", "location": "querystring", "locationName": "versionId"}}},
  "PutObjectOutput": {"type": "structure", "members": {
    "ETag": {"shape": "String", "location": "header", "locationName": "ETag"},
    "Size": {"shape": "Long", "location": "header", "locationName": "x-amz-size"},
    "Status": {"shape": "Integer", "location": "statusCode"}}},
  "GetObjectRequest": {"type": "structure", "required": ["Bucket", "Key"], "members": {
    "Bucket": {"shape": "String", "location": "uri", "locationName": "Bucket"},
    "Key": {"shape": "String", "location": "uri", "locationName": "Key"}}},
  "GetObjectOutput": {"type": "structure", "payload": "Body", "members": {
    "Body": {"shape": "Blob", "streaming": true},
    "Metadata": {"shape": "Meta", "location": "headers", "locationName": "x-amz-meta-"},
    "LastModified": {"shape": "Timestamp", "location": "header", "locationName": "Last-Modified"},
    "Tags": {"shape": "StringList", "location": "header", "locationName": "x-amz-tags"}}},
  "PutConfigRequest": {"type": "structure", "required": ["AccountId"], "members": {
    "AccountId": {"shape": "String", "location": "header", "locationName": "x-amz-account-id", "hostLabel": true},
    "Name": {"shape": "String"},
    "Lang": {"shape": "String", "xmlAttribute": true, "locationName": "lang"},
    "Items": {"shape": "StringList"},
    "Flat": {"shape": "StringList", "flattened": true, "locationName": "Flat"},
    "When": {"shape": "Timestamp"},
    "Data": {"shape": "Blob"},
    "Attrs": {"shape": "Meta"}}},
  "PutConfigOutput": {"type": "structure", "members": {
    "Name": {"shape": "String"}, "Count": {"shape": "Integer"}, "Items": {"shape": "StringList"}}},
  "NoSuchKey": {"type": "structure", "exception": true, "error": {"httpStatusCode": 404},
    "members": {"Key": {"shape": "String"}, "Message": {"shape": "String"}}},
  "Meta": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
  "StringList": {"type": "list", "member": {"shape": "String"}},
  "String": {"type": "string"}, "Integer": {"type": "integer"}, "Long": {"type": "long"},
  "Timestamp": {"type": "timestamp"}, "Blob": {"type": "blob"}
 }
}`

func loadREST(t testing.TB, proto string) (*model.Service, Protocol) {
	t.Helper()
	svc, err := model.Load("s3", []byte(strings.Replace(restModel, "%s", proto, 1)))
	require.NoError(t, err)
	p, err := For(svc)
	require.NoError(t, err)
	return svc, p
}

func build(t *testing.T, svc *model.Service, p Protocol, opName, input string) (*Request, error) {
	t.Helper()
	o := op(t, svc, opName)
	if err := Validate(o, []byte(input)); err != nil {
		return nil, err
	}
	return p.Build(svc, o, gjson.Parse(input))
}

func TestRESTGreedyLabelAndQuery(t *testing.T) {
	svc, p := loadREST(t, "rest-xml")
	req, err := build(t, svc, p, "PutObject", `{"Bucket": "my bucket", "Key": "a/b c/ü+~.txt", "VersionId": "v 1&2", "Body": "aGVsbG8="}`)
	require.NoError(t, err)
	assert.Equal(t, "PUT", req.Method)
	assert.Equal(t, "/my%20bucket/a/b%20c/%C3%BC%2B~.txt", req.Path, "greedy label keeps '/', plain label escapes everything else")
	assert.Equal(t, "x-id=PutObject&versionId=v%201%262", req.RawQuery)
	assert.Equal(t, "hello", string(req.Body))
	ct, _ := findHeader(req.Header, "Content-Type")
	assert.Equal(t, "application/octet-stream", ct)
	md5, ok := findHeader(req.Header, "Content-MD5")
	assert.True(t, ok)
	assert.Equal(t, "XUFAKrxLKna5cZ2REBfFkg==", md5)

	// A slash in a non-greedy label is escaped.
	req, err = build(t, svc, p, "GetObject", `{"Bucket": "a/b", "Key": "k"}`)
	require.NoError(t, err)
	assert.Equal(t, "/a%2Fb/k", req.Path)
	assert.Nil(t, req.Body)
	_, ok = findHeader(req.Header, "Content-Type")
	assert.False(t, ok)
}

func TestRESTHeaders(t *testing.T) {
	svc, p := loadREST(t, "rest-json")
	req, err := build(t, svc, p, "PutObject", `{"Bucket": "b", "Key": "k",
		"Tags": ["plain", "with,comma", "with \"quote\""],
		"Expires": 1576540098, "Metadata": {"Color": "red"}, "Policy": {"a": [1, 2]}}`)
	require.NoError(t, err)
	h := func(name string) string { v, _ := findHeader(req.Header, name); return v }
	assert.Equal(t, `plain,"with,comma","with \"quote\""`, h("x-amz-tags"))
	assert.Equal(t, "Mon, 16 Dec 2019 23:48:18 GMT", h("Expires"))
	assert.Equal(t, "red", h("x-amz-meta-Color"))
	assert.Equal(t, "eyJhIjpbMSwyXX0=", h("x-amz-policy"), `base64 of {"a":[1,2]}`)

	// Round trip of the quoted list through the response parser.
	items := splitHeaderList(h("x-amz-tags"), false)
	assert.Equal(t, []string{"plain", "with,comma", `with "quote"`}, items)
	assert.Equal(t, []string{"Mon, 16 Dec 2019 23:48:18 GMT", "Tue, 17 Dec 2019 00:00:00 GMT"},
		splitHeaderList("Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 00:00:00 GMT", true))
	assert.Equal(t, []string{"a", "b", "c"}, splitHeaderList(" a,b , c ", false))
}

func TestRESTRejectsControlCharacters(t *testing.T) {
	svc, p := loadREST(t, "rest-xml")
	for _, tc := range []struct{ input, member string }{
		{`{"Bucket": "b", "Key": "k", "VersionId": "x\r\nEvil: 1"}`, "VersionId"},
		{`{"Bucket": "b\n", "Key": "k"}`, "Bucket"},
		{`{"Bucket": "b", "Key": "k", "Tags": ["ok", "bad\u0000"]}`, "Tags[1]"},
		{`{"Bucket": "b", "Key": "k", "Metadata": {"a": "x\ry"}}`, "Metadata.a"},
		{`{"Bucket": "b", "Key": "k", "Metadata": {"bad key": "v"}}`, "Metadata"},
	} {
		_, err := build(t, svc, p, "PutObject", tc.input)
		require.Error(t, err, tc.input)
		var e *awserr.Error
		require.True(t, errors.As(err, &e))
		assert.Equal(t, awserr.Validation, e.Kind, tc.input)
		assert.Contains(t, e.Message, "parameter "+tc.member, tc.input)
	}
	// The same characters are fine in the body.
	_, err := build(t, svc, p, "PutConfig", `{"AccountId": "acct", "Name": "line1\nline2"}`)
	assert.NoError(t, err)
}

func TestRESTHostPrefixAndXMLBody(t *testing.T) {
	svc, p := loadREST(t, "rest-xml")
	req, err := build(t, svc, p, "PutConfig", `{"AccountId": "123456789012", "Name": "a<b&c", "Lang": "en\"",
		"Items": ["x", "y"], "Flat": ["f1", "f2"], "When": "2015-01-25T08:00:00Z", "Data": "aGk=", "Attrs": {"k": "v"}}`)
	require.NoError(t, err)
	assert.Equal(t, "123456789012.", req.HostPrefix)
	assert.Equal(t, `<Config xmlns="https://example.com/doc/" lang="en&quot;"><Name>a&lt;b&amp;c</Name>`+
		`<Items><member>x</member><member>y</member></Items><Flat>f1</Flat><Flat>f2</Flat>`+
		`<When>2015-01-25T08:00:00Z</When><Data>aGk=</Data><Attrs><entry><key>k</key><value>v</value></entry></Attrs></Config>`,
		string(req.Body))
	ct, _ := findHeader(req.Header, "Content-Type")
	assert.Equal(t, "application/xml", ct)

	for _, bad := range []string{"", "a.b", "-lead", "has space", strings.Repeat("x", 64)} {
		_, err := build(t, svc, p, "PutConfig", `{"AccountId": "`+bad+`"}`)
		require.Error(t, err, bad)
		var e *awserr.Error
		require.True(t, errors.As(err, &e))
		assert.Equal(t, awserr.Validation, e.Kind, bad)
	}
	// Only header-bound members: no body at all.
	req, err = build(t, svc, p, "PutConfig", `{"AccountId": "a1"}`)
	require.NoError(t, err)
	assert.Empty(t, req.Body)
}

func TestRESTJSONBody(t *testing.T) {
	svc, p := loadREST(t, "rest-json")
	req, err := build(t, svc, p, "PutConfig", `{"AccountId": "a1", "Name": "n", "When": "2015-01-25T08:00:00Z"}`)
	require.NoError(t, err)
	assert.JSONEq(t, `{"Name": "n", "When": 1422172800}`, string(req.Body))
	ct, _ := findHeader(req.Header, "Content-Type")
	assert.Equal(t, "application/json", ct)
	req, err = build(t, svc, p, "PutConfig", `{"AccountId": "a1"}`)
	require.NoError(t, err)
	assert.Equal(t, "{}", string(req.Body), "rest-json sends {} when the input has body members but none is set")
}

func TestRESTParseOutput(t *testing.T) {
	svc, p := loadREST(t, "rest-xml")
	h := http.Header{}
	h.Set("ETag", `"abc"`)
	h.Set("X-Amz-Size", "42")
	h.Set("X-Amz-Request-Id", "REQ1")
	out, rid, err := p.Parse(svc, op(t, svc, "PutObject"), &Response{StatusCode: 200, Header: h})
	require.NoError(t, err)
	assert.Equal(t, "REQ1", rid)
	assert.JSONEq(t, `{"ETag": "\"abc\"", "Size": 42, "Status": 200}`, string(out))

	h = http.Header{}
	h.Set("X-Amz-Meta-Color", "red")                        // canonicalized by net/http
	h["x-amz-meta-Shape"] = []string{"round"}               // as sent
	h.Set("Last-Modified", "Sun, 25 Jan 2015 08:00:00 GMT") // HTTP date
	h.Set("X-Amz-Tags", `a, "b,c"`)
	out, _, err = p.Parse(svc, op(t, svc, "GetObject"), &Response{StatusCode: 200, Header: h, Body: []byte("\x00\xffbinary")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Body": "AP9iaW5hcnk=", "Metadata": {"color": "red", "Shape": "round"},
		"LastModified": "2015-01-25T08:00:00Z", "Tags": ["a", "b,c"]}`, string(out))

	xmlBody := `<?xml version="1.0"?><R xmlns="x"><Name>n</Name><Count>3</Count><Items><member>a</member></Items><Unknown><x/></Unknown></R>`
	out, _, err = p.Parse(svc, op(t, svc, "PutConfig"), &Response{StatusCode: 200, Body: []byte(xmlBody)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Name": "n", "Count": 3, "Items": ["a"]}`, string(out))
}

func TestRESTXMLErrors(t *testing.T) {
	svc, p := loadREST(t, "rest-xml")
	get := op(t, svc, "GetObject")
	// S3 style: a bare <Error> root.
	h := http.Header{}
	h.Set("X-Amz-Request-Id", "HDRID")
	body := `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>BODYID</RequestId><HostId>h</HostId></Error>`
	_, rid, err := p.Parse(svc, get, &Response{StatusCode: 404, Header: h, Body: []byte(body)})
	var e *awserr.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Equal(t, "NoSuchKey", e.Code)
	assert.Equal(t, "The specified key does not exist.", e.Message)
	assert.Equal(t, "HDRID", rid)
	assert.Equal(t, 404, e.StatusCode)
	var ef *ErrorFields
	require.True(t, errors.As(err, &ef))
	assert.JSONEq(t, `{"Key": "k", "Message": "The specified key does not exist."}`, string(ef.JSON))

	// <ErrorResponse> style, request id from the body.
	body = `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow down</Message></Error><RequestId>RID2</RequestId></ErrorResponse>`
	_, rid, err = p.Parse(svc, get, &Response{StatusCode: 400, Body: []byte(body)})
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "Throttling", e.Code)
	assert.Equal(t, "Sender", e.Type)
	assert.Equal(t, "RID2", rid)

	// HEAD-style empty body and HTML from a proxy: named after the status.
	for _, b := range []string{"", "<html><body>Bad Gateway</body></html>", "not xml <<"} {
		_, _, err = p.Parse(svc, get, &Response{StatusCode: 502, Body: []byte(b)})
		require.True(t, errors.As(err, &e), b)
		assert.Equal(t, "502", e.Code, b)
		assert.Equal(t, "Bad Gateway", e.Message, b)
	}
}

func TestRESTJSONErrors(t *testing.T) {
	svc, p := loadREST(t, "rest-json")
	h := http.Header{}
	h.Set("X-Amzn-Errortype", "NoSuchKey:http://internal.amazon.com/")
	h.Set("X-Amzn-Requestid", "R")
	_, rid, err := p.Parse(svc, op(t, svc, "GetObject"), &Response{StatusCode: 404, Header: h,
		Body: []byte(`{"code": "Other", "Message": "gone", "Key": "k"}`)})
	var e *awserr.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "NoSuchKey", e.Code)
	assert.Equal(t, "gone", e.Message)
	assert.Equal(t, "R", rid)
	var ef *ErrorFields
	require.True(t, errors.As(err, &ef))
	assert.JSONEq(t, `{"Key": "k", "Message": "gone"}`, string(ef.JSON))

	_, _, err = p.Parse(svc, op(t, svc, "GetObject"), &Response{StatusCode: 400,
		Body: []byte(`{"__type": "com.amazon#BadThing", "message": "m"}`)})
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "BadThing", e.Code)
}

func TestRESTMalformedResponses(t *testing.T) {
	for _, proto := range []string{"rest-json", "rest-xml"} {
		svc, p := loadREST(t, proto)
		cfg := op(t, svc, "PutConfig")
		for _, b := range []string{`{"Name": `, `<R><Name>n</R>`, `<R><Count>notanumber</Count></R>`, `{"Count": "x"}`, `[1,2]`, "\x00\x01"} {
			out, _, err := p.Parse(svc, cfg, &Response{StatusCode: 200, Body: []byte(b)})
			require.Error(t, err, "%s %q gave %s", proto, b, out)
			var e *awserr.Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, "ResponseParserError", e.Code)
			assert.NotEmpty(t, e.Message)
		}
		// Malformed header values are errors too, not panics.
		h := http.Header{}
		h.Set("X-Amz-Size", "big")
		_, _, err := p.Parse(svc, op(t, svc, "PutObject"), &Response{StatusCode: 200, Header: h})
		assert.Error(t, err)
	}
}

func FuzzRESTParse(f *testing.F) {
	f.Add([]byte(`<R><Name>n</Name><Items><member>a</member></Items></R>`), 200, "x-amz-meta-a", `"q,\"x`)
	f.Add([]byte(`{"Name":"n","Count":1}`), 200, "ETag", "1")
	f.Add([]byte(`<Error><Code>NoSuchKey</Code><Key>k</Key></Error>`), 404, "X-Amz-Tags", "Mon, 1")
	f.Add([]byte(`{"__type":"a#NoSuchKey","Key":"k"}`), 404, "X-Amzn-Errortype", ":")
	type loaded struct {
		svc *model.Service
		p   Protocol
	}
	var protos []loaded
	for _, proto := range []string{"rest-json", "rest-xml"} {
		svc, p := loadREST(f, proto)
		protos = append(protos, loaded{svc, p})
	}
	f.Fuzz(func(t *testing.T, body []byte, status int, hk, hv string) {
		for _, l := range protos {
			svc, p, proto := l.svc, l.p, l.svc.Protocol()
			h := http.Header{}
			h[hk] = []string{hv}
			h.Set("X-Amz-Size", hv)
			h.Set("Last-Modified", hv)
			h.Set("X-Amz-Tags", hv)
			for _, name := range []string{"PutObject", "GetObject", "PutConfig"} {
				out, _, err := p.Parse(svc, op(t, svc, name), &Response{StatusCode: status, Header: h, Body: body})
				if err == nil && !gjson.ValidBytes(out) {
					t.Fatalf("%s %s: invalid output JSON %q", proto, name, out)
				}
				var ef *ErrorFields
				if errors.As(err, &ef) && !gjson.Valid(string(ef.JSON)) {
					t.Fatalf("%s %s: invalid error fields %q", proto, name, ef.JSON)
				}
			}
		}
	})
}

func FuzzRESTBuild(f *testing.F) {
	f.Add(`{"Bucket": "b", "Key": "a/b", "Tags": ["x,y"], "Metadata": {"k": "v"}, "Policy": {"a": 1}, "Body": "aGk="}`)
	f.Add(`{"AccountId": "a", "Name": "n", "Items": ["x"], "Flat": ["y"], "Attrs": {"k": "v"}, "Lang": "en"}`)
	svcs := map[string]*model.Service{}
	protos := map[string]Protocol{}
	for _, proto := range []string{"rest-json", "rest-xml"} {
		svcs[proto], protos[proto] = loadREST(f, proto)
	}
	f.Fuzz(func(t *testing.T, input string) {
		for proto, svc := range svcs {
			for _, name := range []string{"PutObject", "GetObject", "PutConfig"} {
				o := op(t, svc, name)
				if Validate(o, []byte(input)) != nil {
					continue
				}
				req, err := protos[proto].Build(svc, o, gjson.Parse(input))
				if err != nil {
					continue
				}
				for _, kv := range req.Header {
					if strings.ContainsAny(kv[0]+kv[1], "\r\n\x00") {
						t.Fatalf("%s %s: header %q carries a control character", proto, name, kv)
					}
				}
				if strings.ContainsAny(req.Path+req.RawQuery, "\r\n\x00 ") {
					t.Fatalf("%s %s: unescaped URI %q?%q", proto, name, req.Path, req.RawQuery)
				}
			}
		}
	})
}
