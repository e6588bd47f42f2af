package protocol

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

const testModel = `{
 "metadata": {"protocol": "%s", "jsonVersion": "1.0", "targetPrefix": "AmazonSQS", "apiVersion": "2012-11-05" %s},
 "operations": {
  "SendMessage": {"name": "SendMessage", "http": {"method": "POST", "requestUri": "/"},
   "input": {"shape": "SendMessageRequest"},
   "output": {"shape": "SendMessageResult", "resultWrapper": "SendMessageResult"},
   "errors": [{"shape": "QueueDoesNotExist"}]},
  "Pick": {"name": "Pick", "input": {"shape": "PickInput"}},
  "Token": {"name": "Token", "input": {"shape": "TokenInput"}}
 },
 "shapes": {
  "SendMessageRequest": {"type": "structure", "required": ["QueueUrl", "MessageBody"], "members": {
    "QueueUrl": {"shape": "String"}, "MessageBody": {"shape": "String"},
    "DelaySeconds": {"shape": "Integer"}, "Big": {"shape": "Long"}, "Ratio": {"shape": "Double"},
    "When": {"shape": "Timestamp"}, "Data": {"shape": "Blob"}, "Flag": {"shape": "Boolean"},
    "MessageAttributes": {"shape": "AttrMap"}, "Entries": {"shape": "EntryList"},
    "Name": {"shape": "Name"}, "Secret": {"shape": "Secret"}}},
  "SendMessageResult": {"type": "structure", "members": {
    "MessageId": {"shape": "String"}, "MD5OfMessageBody": {"shape": "String"},
    "SequenceNumber": {"shape": "Long"}, "Sent": {"shape": "Timestamp"}}},
  "AttrMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "Attr"}},
  "Attr": {"type": "structure", "required": ["DataType"], "members": {"DataType": {"shape": "String"}, "StringValue": {"shape": "String"}}},
  "EntryList": {"type": "list", "member": {"shape": "Entry"}, "min": 1},
  "Entry": {"type": "structure", "required": ["Id"], "members": {"Id": {"shape": "String"}, "Count": {"shape": "Count"}}},
  "Count": {"type": "integer", "min": 1},
  "Name": {"type": "string", "min": 3},
  "Secret": {"type": "string", "sensitive": true},
  "PickInput": {"type": "structure", "members": {"Choice": {"shape": "Choice"}}},
  "Choice": {"type": "structure", "union": true, "members": {"A": {"shape": "String"}, "B": {"shape": "Integer"}}},
  "TokenInput": {"type": "structure", "members": {"ClientToken": {"shape": "String", "idempotencyToken": true}, "X": {"shape": "String"}}},
  "QueueDoesNotExist": {"type": "structure", "exception": true,
    "error": {"code": "AWS.SimpleQueueService.NonExistentQueue", "httpStatusCode": 400, "senderFault": true},
    "members": {"message": {"shape": "String"}, "Detail": {"shape": "String"}}},
  "String": {"type": "string"}, "Integer": {"type": "integer"}, "Long": {"type": "long"},
  "Double": {"type": "double"}, "Timestamp": {"type": "timestamp"}, "Blob": {"type": "blob"},
  "Boolean": {"type": "boolean"}
 }
}`

func load(t *testing.T, proto, extraMeta string) (*model.Service, Protocol) {
	t.Helper()
	doc := strings.Replace(strings.Replace(testModel, "%s", proto, 1), "%s", extraMeta, 1)
	svc, err := model.Load("sqs", []byte(doc))
	require.NoError(t, err)
	p, err := For(svc)
	require.NoError(t, err)
	return svc, p
}

func op(t *testing.T, svc *model.Service, name string) *model.Operation {
	o, ok := svc.Operation(name)
	require.True(t, ok)
	return o
}

func validationMessage(t *testing.T, o *model.Operation, input string) string {
	t.Helper()
	err := Validate(o, []byte(input))
	require.Error(t, err)
	var e *awserr.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, awserr.Validation, e.Kind)
	assert.Equal(t, awserr.CodeValidation, e.Code)
	return e.Message
}

func TestValidateListsEveryProblem(t *testing.T) {
	svc, _ := load(t, "json", "")
	o := op(t, svc, "SendMessage")
	msg := validationMessage(t, o, `{"MessageBody": 1, "Foo": true,
		"MessageAttributes": {"x": {"StringValue": "v"}, "y": "nope"},
		"Entries": [{"Count": 0}, {"Id": "a", "Count": 1.5}],
		"DelaySeconds": 3000000000, "When": "yesterday", "Data": "!!", "Flag": "yes", "Name": "ab",
		"Ratio": "x", "Secret": 7}`)
	want := []string{
		"Parameter validation failed:",
		`Missing required parameter in input: "QueueUrl"`,
		`Invalid type for parameter MessageBody, value: 1, type: <number>, valid types: <string>`,
		`Unknown parameter in input: "Foo", must be one of: QueueUrl, MessageBody, DelaySeconds, Big, Ratio, When, Data, Flag, MessageAttributes, Entries, Name, Secret`,
		`Missing required parameter in MessageAttributes.x: "DataType"`,
		`Invalid type for parameter MessageAttributes.y, value: "nope", type: <string>, valid types: <object>`,
		`Missing required parameter in Entries[0]: "Id"`,
		`Invalid value for parameter Entries[0].Count, value: 0, valid min value: 1`,
		`Invalid type for parameter Entries[1].Count, value: 1.5, type: <number>, valid types: <integer>`,
		`Invalid range for parameter DelaySeconds, value: 3000000000, valid range: -2147483648-2147483647`,
		`Invalid timestamp for parameter When, value: "yesterday"`,
		`Invalid base64 for parameter Data, value: "!!"`,
		`Invalid type for parameter Flag, value: "yes", type: <string>, valid types: <boolean>`,
		`Invalid length for parameter Name, value: "ab", valid min length: 3`,
		`Invalid type for parameter Ratio, value: "x"`,
		`Invalid type for parameter Secret, value: *** sensitive ***, type: <number>`,
	}
	for _, w := range want {
		assert.Contains(t, msg, w)
	}
	assert.True(t, strings.HasPrefix(msg, "Parameter validation failed:\n"))
	assert.NotContains(t, msg, "7, type")
}

func TestValidateAccepts(t *testing.T) {
	svc, _ := load(t, "json", "")
	o := op(t, svc, "SendMessage")
	for _, in := range []string{
		`{"QueueUrl": "q", "MessageBody": "b"}`,
		`{"QueueUrl": "q", "MessageBody": "b", "When": 1422172800.5, "Data": "aGk=", "Ratio": "NaN", "Big": 9007199254740993, "DelaySeconds": 2.0}`,
		`{"QueueUrl": "q", "MessageBody": "b", "When": "2015-01-25T08:00:00.123+01:00", "Flag": false, "Secret": null}`,
		`{"QueueUrl": "q", "MessageBody": "b", "Entries": [{"Id": "x"}], "MessageAttributes": {"k": {"DataType": "String"}}}`,
	} {
		assert.NoError(t, Validate(o, []byte(in)), in)
	}
}

func TestValidateMalformedAndUnions(t *testing.T) {
	svc, _ := load(t, "json", "")
	o := op(t, svc, "SendMessage")
	for _, in := range []string{`{"QueueUrl": `, ``, `[1]`, `"x"`} {
		err := Validate(o, []byte(in))
		var e *awserr.Error
		require.True(t, errors.As(err, &e), in)
		assert.Equal(t, awserr.InvalidArgument, e.Kind, in)
		assert.Contains(t, e.Message, "SendMessage", in)
	}
	pick := op(t, svc, "Pick")
	assert.NoError(t, Validate(pick, []byte(`{"Choice": {"A": "x"}}`)))
	msg := validationMessage(t, pick, `{"Choice": {"A": "x", "B": 1}}`)
	assert.Contains(t, msg, "Invalid number of parameters set for tagged union structure Choice. Can only set one of the following keys: A, B.")
	validationMessage(t, pick, `{"Choice": {}}`)
	msg = validationMessage(t, op(t, svc, "SendMessage"), `{"QueueUrl": "q", "MessageBody": "b", "Entries": []}`)
	assert.Contains(t, msg, "Invalid length for parameter Entries, value: [], valid min length: 1")
}

func TestForUnsupported(t *testing.T) {
	for _, p := range []string{"smithy-rpc-v2-cbor", "rest-json-v9"} {
		svc, err := model.Load("x", []byte(`{"metadata": {"protocol": "`+p+`"}}`))
		require.NoError(t, err)
		_, err = For(svc)
		require.Error(t, err)
		assert.Contains(t, err.Error(), p)
	}
}

func TestJSONBuild(t *testing.T) {
	svc, p := load(t, "json", `, "awsQueryCompatible": {}`)
	in := `{"MessageBody": "hi", "QueueUrl": "q", "When": "2015-01-25T08:00:00.5Z", "Data": "aGk=", "MessageAttributes": {"b": {"DataType": "S"}, "a": {"DataType": "N"}}}`
	req, err := p.Build(svc, op(t, svc, "SendMessage"), gjson.Parse(in))
	require.NoError(t, err)
	assert.Equal(t, "POST", req.Method)
	assert.Equal(t, "/", req.Path)
	assert.Equal(t, [][2]string{{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", "AmazonSQS.SendMessage"}, {"x-amzn-query-mode", "true"}}, req.Header)
	// Input order is kept, so the same input always gives the same bytes.
	assert.Equal(t, `{"MessageBody":"hi","QueueUrl":"q","When":1422172800.5,"Data":"aGk=","MessageAttributes":{"b":{"DataType":"S"},"a":{"DataType":"N"}}}`, string(req.Body))
	req2, err := p.Build(svc, op(t, svc, "SendMessage"), gjson.Parse(in))
	require.NoError(t, err)
	assert.Equal(t, req.Body, req2.Body)

	tok := op(t, svc, "Token")
	req, err = p.Build(svc, tok, gjson.Parse(`{}`))
	require.NoError(t, err)
	assert.Regexp(t, `^\{"ClientToken":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"\}$`, string(req.Body))
	req, err = p.Build(svc, tok, gjson.Parse(`{"ClientToken": "mine", "X": "y"}`))
	require.NoError(t, err)
	assert.Equal(t, `{"ClientToken":"mine","X":"y"}`, string(req.Body))
}

func TestJSONParseOutputOrderAndTypes(t *testing.T) {
	svc, p := load(t, "json", "")
	o := op(t, svc, "SendMessage")
	h := http.Header{"X-Amzn-Requestid": {"rid-1"}}
	a, rid, err := p.Parse(svc, o, &Response{StatusCode: 200, Header: h, Body: []byte(
		`{"Sent": 1422172800.123, "Unknown": [1], "MessageId": "m", "SequenceNumber": 12345678901234, "MD5OfMessageBody": null}`)})
	require.NoError(t, err)
	assert.Equal(t, "rid-1", rid)
	assert.Equal(t, `{"MessageId":"m","SequenceNumber":12345678901234,"Sent":"2015-01-25T08:00:00.123Z"}`, string(a))
	b, _, err := p.Parse(svc, o, &Response{StatusCode: 200, Body: []byte(
		`{"MessageId": "m", "SequenceNumber": 12345678901234, "Sent": "2015-01-25T09:00:00.123+01:00"}`)})
	require.NoError(t, err)
	assert.Equal(t, string(a), string(b), "output follows model order whatever the body order")

	out, _, err := p.Parse(svc, o, &Response{StatusCode: 200, Body: nil})
	require.NoError(t, err)
	assert.Equal(t, "{}", string(out))
}

func TestJSONParseMalformed(t *testing.T) {
	svc, p := load(t, "json", "")
	o := op(t, svc, "SendMessage")
	for _, body := range []string{`{"MessageId": `, `[1,2]`, `{"SequenceNumber": "x"}`, `{"Sent": true}`, "\xff\xfe"} {
		_, _, err := p.Parse(svc, o, &Response{StatusCode: 200, Body: []byte(body)})
		var e *awserr.Error
		require.True(t, errors.As(err, &e), body)
		assert.Equal(t, "ResponseParserError", e.Code, body)
		assert.Contains(t, e.Message, "SendMessage", body)
	}
}

func TestJSONErrors(t *testing.T) {
	svc, p := load(t, "json", "")
	o := op(t, svc, "SendMessage")
	cases := []struct {
		header       http.Header
		body, code   string
		message, typ string
		fields       string
	}{
		{nil, `{"__type": "com.amazon.coral.service#ThrottlingException", "message": "slow"}`, "ThrottlingException", "slow", "", ""},
		{nil, `{"__type": "Foo:http://internal.amazon.com/x", "Message": "M"}`, "Foo", "M", "", ""},
		{nil, `{"code": "ns#Bar", "errorMessage": "E"}`, "Bar", "E", "", ""},
		{http.Header{"X-Amzn-Errortype": {"aws.x#Baz:http://x/"}}, ``, "Baz", "", "", ""},
		{nil, `{"__type": "AWS.SimpleQueueService.NonExistentQueue", "message": "gone", "Detail": "d"}`,
			"AWS.SimpleQueueService.NonExistentQueue", "gone", "", `{"message":"gone","Detail":"d"}`},
		{nil, `<html>oops</html>`, "503", "Service Unavailable", "", ""},
	}
	for _, c := range cases {
		status := 400
		if c.code == "503" {
			status = 503
		}
		_, _, err := p.Parse(svc, o, &Response{StatusCode: status, Header: c.header, Body: []byte(c.body)})
		var e *awserr.Error
		require.True(t, errors.As(err, &e), c.body)
		assert.Equal(t, awserr.Service, e.Kind)
		assert.Equal(t, c.code, e.Code, c.body)
		assert.Equal(t, c.message, e.Message, c.body)
		assert.Equal(t, status, e.StatusCode)
		var f *ErrorFields
		if c.fields != "" {
			require.True(t, errors.As(err, &f), c.body)
			assert.Equal(t, c.fields, string(f.JSON))
		}
	}

	// Query-compatible services take code and type from x-amzn-query-error.
	svc, p = load(t, "json", `, "awsQueryCompatible": {}`)
	o = op(t, svc, "SendMessage")
	_, _, err := p.Parse(svc, o, &Response{StatusCode: 400,
		Header: http.Header{"X-Amzn-Query-Error": {"AWS.SimpleQueueService.NonExistentQueue;Sender"}, "X-Amzn-Requestid": {"r"}},
		Body:   []byte(`{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."}`)})
	var e *awserr.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", e.Code)
	assert.Equal(t, "Sender", e.Type)
	assert.Equal(t, "The specified queue does not exist.", e.Message)
	assert.Equal(t, "r", e.RequestID)
}

func TestQueryBuild(t *testing.T) {
	svc, p := load(t, "query", "")
	in := `{"QueueUrl": "https://q/1", "MessageBody": "a b&c=ü", "Flag": true, "When": 1422172800,
		"MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}, "Entries": [{"Id": "x", "Count": 2}]}`
	req, err := p.Build(svc, op(t, svc, "SendMessage"), gjson.Parse(in))
	require.NoError(t, err)
	assert.Equal(t, [][2]string{{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}, req.Header)
	assert.Equal(t, "Action=SendMessage&Version=2012-11-05&QueueUrl=https%3A%2F%2Fq%2F1&MessageBody=a+b%26c%3D%C3%BC&Flag=true&When=2015-01-25T08%3A00%3A00Z"+
		"&MessageAttributes.entry.1.key=k&MessageAttributes.entry.1.value.DataType=String&MessageAttributes.entry.1.value.StringValue=v"+
		"&Entries.member.1.Id=x&Entries.member.1.Count=2", string(req.Body))
	q, err := url.ParseQuery(string(req.Body))
	require.NoError(t, err)
	assert.Equal(t, "a b&c=ü", q.Get("MessageBody"))
}

func TestQueryParse(t *testing.T) {
	svc, p := load(t, "query", "")
	o := op(t, svc, "SendMessage")
	body := `<SendMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">
	  <SendMessageResult><MD5OfMessageBody>abc</MD5OfMessageBody><Extra><X>1</X></Extra><MessageId>m-1</MessageId>
	  <Sent>2015-01-25T08:00:00.120Z</Sent><SequenceNumber>42</SequenceNumber></SendMessageResult>
	  <ResponseMetadata><RequestId>req-9</RequestId></ResponseMetadata></SendMessageResponse>`
	out, rid, err := p.Parse(svc, o, &Response{StatusCode: 200, Body: []byte(body)})
	require.NoError(t, err)
	assert.Equal(t, "req-9", rid)
	assert.Equal(t, `{"MessageId":"m-1","MD5OfMessageBody":"abc","SequenceNumber":42,"Sent":"2015-01-25T08:00:00.12Z"}`, string(out))

	for _, bad := range []string{`<SendMessageResponse><SendMessageResult><MessageId>x`, `not xml`,
		`<SendMessageResponse><SendMessageResult><SequenceNumber>abc</SequenceNumber></SendMessageResult></SendMessageResponse>`,
		strings.Repeat("<SendMessageResponse>", 2000)} {
		_, _, err := p.Parse(svc, o, &Response{StatusCode: 200, Body: []byte(bad)})
		var e *awserr.Error
		require.True(t, errors.As(err, &e), bad)
		assert.Equal(t, "ResponseParserError", e.Code)
	}
}

func TestQueryErrors(t *testing.T) {
	svc, p := load(t, "query", "")
	o := op(t, svc, "SendMessage")
	body := `<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type>
	  <Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message><Detail>d</Detail></Error>
	  <RequestId>42d59b56</RequestId></ErrorResponse>`
	_, rid, err := p.Parse(svc, o, &Response{StatusCode: 400, Body: []byte(body)})
	var e *awserr.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "42d59b56", rid)
	assert.Equal(t, "42d59b56", e.RequestID)
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", e.Code)
	assert.Equal(t, "Sender", e.Type)
	assert.Equal(t, "The specified queue does not exist.", e.Message)
	var f *ErrorFields
	require.True(t, errors.As(err, &f))
	assert.Equal(t, "QueueDoesNotExist", f.Shape)
	assert.Equal(t, `{"Detail":"d"}`, string(f.JSON))

	for _, b := range []string{"", "<html>bad gateway", "<ErrorResponse><Error><Code>"} {
		_, _, err := p.Parse(svc, o, &Response{StatusCode: 502, Body: []byte(b)})
		require.True(t, errors.As(err, &e))
		assert.Equal(t, awserr.Service, e.Kind)
		assert.NotEmpty(t, e.Code, b)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"MessageId":"x"}`), 200)
	f.Add([]byte(`<SendMessageResponse><SendMessageResult><MessageId>x</MessageId></SendMessageResult></SendMessageResponse>`), 200)
	f.Add([]byte(`<ErrorResponse><Error><Code>C</Code></Error></ErrorResponse>`), 400)
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		for _, proto := range []string{"json", "query"} {
			svc, p := load(t, proto, "")
			o := op(t, svc, "SendMessage")
			out, _, err := p.Parse(svc, o, &Response{StatusCode: status, Body: body})
			if err == nil && !gjson.ValidBytes(out) {
				t.Fatalf("%s: invalid output JSON %q", proto, out)
			}
			_ = Validate(o, body)
		}
	})
}
