package protocol

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

const ec2TestModel = `{
 "metadata": {"protocol": "ec2", "apiVersion": "2016-11-15", "endpointPrefix": "ec2"},
 "operations": {
  "DescribeInstances": {"name": "DescribeInstances", "http": {"method": "POST", "requestUri": "/"},
   "input": {"shape": "DescribeInstancesRequest"}, "output": {"shape": "DescribeInstancesResult"}}
 },
 "shapes": {
  "DescribeInstancesRequest": {"type": "structure", "members": {
    "Filters": {"shape": "FilterList", "locationName": "Filter"},
    "InstanceIds": {"shape": "IdList", "locationName": "InstanceId"},
    "DryRun": {"shape": "Boolean", "locationName": "dryRun"},
    "MaxResults": {"shape": "Integer", "locationName": "maxResults", "queryName": "MaxItems"},
    "NextToken": {"shape": "String"}}},
  "FilterList": {"type": "list", "member": {"shape": "Filter", "locationName": "Filter"}},
  "Filter": {"type": "structure", "members": {"Name": {"shape": "String"}, "Values": {"shape": "ValueList", "locationName": "Value"}}},
  "ValueList": {"type": "list", "member": {"shape": "String", "locationName": "item"}},
  "IdList": {"type": "list", "member": {"shape": "String", "locationName": "InstanceId"}},
  "DescribeInstancesResult": {"type": "structure", "members": {
    "Reservations": {"shape": "ReservationList", "locationName": "reservationSet"},
    "NextToken": {"shape": "String", "locationName": "nextToken"}}},
  "ReservationList": {"type": "list", "member": {"shape": "Reservation", "locationName": "item"}},
  "Reservation": {"type": "structure", "members": {"ReservationId": {"shape": "String", "locationName": "reservationId"},
    "Count": {"shape": "Integer", "locationName": "count"}}},
  "String": {"type": "string"}, "Integer": {"type": "integer"}, "Boolean": {"type": "boolean"}
 }
}`

func loadEC2(t *testing.T) (*model.Service, *model.Operation, Protocol) {
	t.Helper()
	svc, err := model.Load("ec2", []byte(ec2TestModel))
	require.NoError(t, err)
	p, err := For(svc)
	require.NoError(t, err)
	require.IsType(t, EC2{}, p)
	o, ok := svc.Operation("DescribeInstances")
	require.True(t, ok)
	return svc, o, p
}

func TestEC2Build(t *testing.T) {
	svc, o, p := loadEC2(t)
	in := `{"Filters": [{"Name": "vpc-id", "Values": ["vpc-1", "vpc-2"]}, {"Name": "empty", "Values": []}],
	        "InstanceIds": [], "DryRun": false, "MaxResults": 5, "NextToken": "tok"}`
	req, err := p.Build(svc, o, gjson.Parse(in))
	require.NoError(t, err)
	assert.Equal(t, "POST", req.Method)
	assert.Equal(t, "/", req.Path)
	assert.Equal(t, [][2]string{{"Content-Type", formContentType}}, req.Header)
	got, err := url.ParseQuery(string(req.Body))
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"Action":           {"DescribeInstances"},
		"Version":          {"2016-11-15"},
		"Filter.1.Name":    {"vpc-id"},
		"Filter.1.Value.1": {"vpc-1"},
		"Filter.1.Value.2": {"vpc-2"},
		"Filter.2.Name":    {"empty"},
		"DryRun":           {"false"},
		"MaxItems":         {"5"},
		"NextToken":        {"tok"},
	}, got, "flattened lists, no .member, empty lists left out, queryName first, locationName capitalized")
	assert.Regexp(t, `^Action=DescribeInstances&Version=2016-11-15&`, string(req.Body))

	_, err = p.Build(svc, o, gjson.Parse(`{"Filters": {"Name": "x"}}`))
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Validation, e.Kind)
	assert.Contains(t, e.Message, "Filter")
}

func TestEC2Parse(t *testing.T) {
	svc, o, p := loadEC2(t)
	body := `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>req-1</requestId>
  <reservationSet>
    <item><reservationId>r-1</reservationId><count>2</count><unknown>x</unknown></item>
    <item><reservationId>r-2</reservationId></item>
  </reservationSet>
  <nextToken>n</nextToken>
</DescribeInstancesResponse>`
	out, rid, err := p.Parse(svc, o, &Response{StatusCode: 200, Header: http.Header{}, Body: []byte(body)})
	require.NoError(t, err)
	assert.Equal(t, "req-1", rid)
	assert.JSONEq(t, `{"Reservations": [{"ReservationId": "r-1", "Count": 2}, {"ReservationId": "r-2"}], "NextToken": "n"}`, string(out))

	out, _, err = p.Parse(svc, o, &Response{StatusCode: 200, Header: http.Header{}, Body: nil})
	require.NoError(t, err)
	assert.Equal(t, "{}", string(out))

	_, _, err = p.Parse(svc, o, &Response{StatusCode: 200, Header: http.Header{}, Body: []byte("<DescribeInstancesResponse><reservationSet>")})
	e := awserr.As(err)
	require.NotNil(t, e, "truncated XML is an error")
	assert.Equal(t, "ResponseParserError", e.Code)
}

func TestEC2Errors(t *testing.T) {
	svc, o, p := loadEC2(t)
	body := `<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>req-9</RequestID></Response>`
	_, rid, err := p.Parse(svc, o, &Response{StatusCode: 400, Header: http.Header{}, Body: []byte(body)})
	assert.Equal(t, "req-9", rid)
	var e *awserr.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Equal(t, "InvalidInstanceID.NotFound", e.Code)
	assert.Equal(t, "The instance ID 'i-1' does not exist", e.Message)
	assert.Equal(t, 400, e.StatusCode)
	assert.Equal(t, "req-9", e.RequestID)

	// A body that is not XML still gives a service error named by status.
	_, _, err = p.Parse(svc, o, &Response{StatusCode: 503, Header: http.Header{"X-Amzn-Requestid": {"h-1"}}, Body: []byte("oops")})
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "503", e.Code)
	assert.Equal(t, "h-1", e.RequestID)
}

func FuzzEC2Parse(f *testing.F) {
	f.Add([]byte(`<DescribeInstancesResponse><reservationSet><item><count>1</count></item></reservationSet></DescribeInstancesResponse>`), 200)
	f.Add([]byte(`<Response><Errors><Error><Code>C</Code></Error></Errors></Response>`), 400)
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		svc, err := model.Load("ec2", []byte(ec2TestModel))
		require.NoError(t, err)
		o, _ := svc.Operation("DescribeInstances")
		out, _, err := EC2{}.Parse(svc, o, &Response{StatusCode: status, Body: body})
		if err == nil && !gjson.ValidBytes(out) {
			t.Fatalf("invalid output JSON %q", out)
		}
	})
}
