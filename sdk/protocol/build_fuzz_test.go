package protocol

import (
	"errors"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// FuzzBuild: arbitrary call input (the input_json of gosoto_client_call and
// gosoto_client_build_request) through Validate and Build for the json,
// query and ec2 protocols (FuzzRESTBuild covers rest-json and rest-xml).
// Validate either accepts or returns an *awserr.Error of Kind Validation
// (InvalidArgument when the input is not a JSON object);
// what it accepts Build serializes without panicking, with no control
// character in a header or the URI, and a json body that is valid JSON.
func FuzzBuild(f *testing.F) {
	f.Add(`{"QueueUrl": "q", "MessageBody": "b", "DelaySeconds": 1, "Big": 9007199254740993, "Ratio": 1.5e300}`)
	f.Add(`{"QueueUrl": "q", "MessageBody": "b", "When": "2015-08-30T12:36:00Z", "Data": "aGk=", "Flag": true}`)
	f.Add(`{"QueueUrl": "q", "MessageBody": "b", "MessageAttributes": {"a": {"DataType": "String", "StringValue": "v"}}}`)
	f.Add(`{"QueueUrl": "q", "MessageBody": "b", "Entries": [{"Id": "1", "Count": 2}], "Name": "abc", "Secret": "s"}`)
	f.Add(`{"Choice": {"A": "x"}}`)
	f.Add(`{"ClientToken": "t", "X": "\u0000\r\n"}`)
	f.Add(`{"Filters": [{"Name": "n", "Values": ["a", "b"]}], "InstanceIds": ["i-1"], "DryRun": false, "MaxResults": 5}`)
	f.Add(`{"QueueUrl": "q", "MessageBody": "b", "When": 1e400}`)
	type target struct {
		proto string
		svc   *model.Service
		p     Protocol
		ops   []*model.Operation
	}
	var targets []target
	for _, proto := range []string{"json", "query"} {
		doc := strings.Replace(strings.Replace(testModel, "%s", proto, 1), "%s", "", 1)
		svc, err := model.Load("sqs", []byte(doc))
		if err != nil {
			f.Fatal(err)
		}
		targets = append(targets, target{proto: proto, svc: svc})
	}
	ec2, err := model.Load("ec2", []byte(ec2TestModel))
	if err != nil {
		f.Fatal(err)
	}
	targets = append(targets, target{proto: "ec2", svc: ec2})
	for i := range targets {
		t := &targets[i]
		if t.p, err = For(t.svc); err != nil {
			f.Fatal(err)
		}
		for _, name := range t.svc.OperationNames() {
			o, _ := t.svc.Operation(name)
			t.ops = append(t.ops, o)
		}
	}
	f.Fuzz(func(t *testing.T, input string) {
		for _, tg := range targets {
			for _, o := range tg.ops {
				if err := Validate(o, []byte(input)); err != nil {
					var e *awserr.Error
					if !errors.As(err, &e) || (e.Kind != awserr.Validation && e.Kind != awserr.InvalidArgument) {
						t.Fatalf("%s %s: Validate error %T %v is not a validation error", tg.proto, o.Name, err, err)
					}
					continue
				}
				req, err := tg.p.Build(tg.svc, o, gjson.Parse(input))
				if err != nil {
					continue
				}
				for _, kv := range req.Header {
					if strings.ContainsAny(kv[0]+kv[1], "\r\n\x00") {
						t.Fatalf("%s %s: header %q carries a control character", tg.proto, o.Name, kv)
					}
				}
				if strings.ContainsAny(req.Path+req.RawQuery, "\r\n\x00 ") {
					t.Fatalf("%s %s: unescaped URI %q?%q", tg.proto, o.Name, req.Path, req.RawQuery)
				}
				if tg.proto == "json" && len(req.Body) > 0 && !gjson.ValidBytes(req.Body) {
					t.Fatalf("%s %s: invalid JSON body %q", tg.proto, o.Name, req.Body)
				}
			}
		}
	})
}
