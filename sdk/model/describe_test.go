package model

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDescribe(t *testing.T) {
	doc := []byte(`{"metadata":{"protocol":"json","jsonVersion":"1.0","targetPrefix":"T","endpointPrefix":"ep","awsQueryCompatible":{}},
	"operations":{"PutThing":{"name":"PutThing","input":{"shape":"In"},"output":{"shape":"Out"},"errors":[{"shape":"Gone"}]},
	"DescribeDBThings":{"name":"DescribeDBThings","http":{"method":"GET","requestUri":"/things"}}},
	"shapes":{"In":{"type":"structure","required":["Z"],"members":{"Z":{"shape":"S"},"A":{"shape":"L"},"M":{"shape":"Tags"}}},
	"Out":{"type":"structure","members":{"When":{"shape":"T"},"Data":{"shape":"B","streaming":true}}},
	"Gone":{"type":"structure","members":{"message":{"shape":"S"}},"exception":true,"error":{"code":"Thing.Gone","httpStatusCode":404,"senderFault":true}},
	"Empty":{"type":"structure","members":{}},
	"L":{"type":"list","member":{"shape":"S"}},"Tags":{"type":"map","key":{"shape":"S"},"value":{"shape":"B"}},
	"S":{"type":"string","enum":["a","b"],"min":1},"T":{"type":"timestamp","timestampFormat":"iso8601"},"B":{"type":"blob"}}}`)
	svc, err := Load("thing", doc)
	require.NoError(t, err)

	var d struct {
		Name       string
		Metadata   map[string]any
		Operations []struct {
			Name      string
			SnakeName string `json:"snake_name"`
			Input     string
			Output    string
			Errors    []string
			HTTP      struct {
				Method     string
				RequestURI string `json:"request_uri"`
			}
		}
		Shapes map[string]struct {
			Type    string
			Members []struct {
				Name, Shape string
				Streaming   bool
			}
			Required        []string
			Member          string
			Key             string
			Value           string
			Enum            []string
			Min             *float64
			Exception       bool
			TimestampFormat string `json:"timestamp_format"`
			Error           *struct {
				Code           string
				HTTPStatusCode int  `json:"http_status_code"`
				SenderFault    bool `json:"sender_fault"`
			}
		}
	}
	raw := svc.Describe()
	require.NoError(t, json.Unmarshal(raw, &d), string(raw))

	assert.Equal(t, "thing", d.Name)
	assert.Equal(t, "json", d.Metadata["protocol"])
	assert.Equal(t, true, d.Metadata["aws_query_compatible"])
	assert.Equal(t, "ep", d.Metadata["signing_name"])

	require.Len(t, d.Operations, 2)
	assert.Equal(t, "DescribeDBThings", d.Operations[0].Name, "operations are sorted")
	assert.Equal(t, "describe_db_things", d.Operations[0].SnakeName)
	assert.Equal(t, "GET", d.Operations[0].HTTP.Method)
	assert.Empty(t, d.Operations[0].Input)
	put := d.Operations[1]
	assert.Equal(t, "put_thing", put.SnakeName)
	assert.Equal(t, "In", put.Input)
	assert.Equal(t, "Out", put.Output)
	assert.Equal(t, []string{"Gone"}, put.Errors)
	assert.Equal(t, "/", put.HTTP.RequestURI)

	in := d.Shapes["In"]
	assert.Equal(t, "structure", in.Type)
	require.Len(t, in.Members, 3)
	assert.Equal(t, []string{"Z", "A", "M"}, []string{in.Members[0].Name, in.Members[1].Name, in.Members[2].Name}, "members keep model order")
	assert.Equal(t, "L", in.Members[1].Shape)
	assert.Equal(t, []string{"Z"}, in.Required)
	assert.True(t, d.Shapes["Out"].Members[1].Streaming)
	assert.Equal(t, "S", d.Shapes["L"].Member)
	assert.Equal(t, "S", d.Shapes["Tags"].Key)
	assert.Equal(t, "B", d.Shapes["Tags"].Value)
	assert.Equal(t, []string{"a", "b"}, d.Shapes["S"].Enum)
	require.NotNil(t, d.Shapes["S"].Min)
	assert.Equal(t, 1.0, *d.Shapes["S"].Min)
	assert.Equal(t, "iso8601", d.Shapes["T"].TimestampFormat)
	assert.Equal(t, "blob", d.Shapes["B"].Type)
	assert.Equal(t, "structure", d.Shapes["Empty"].Type)
	assert.Empty(t, d.Shapes["Empty"].Members)

	gone := d.Shapes["Gone"]
	assert.True(t, gone.Exception)
	require.NotNil(t, gone.Error)
	assert.Equal(t, "Thing.Gone", gone.Error.Code)
	assert.Equal(t, 404, gone.Error.HTTPStatusCode)
	assert.True(t, gone.Error.SenderFault)
	assert.Nil(t, d.Shapes["In"].Error)
	assert.Len(t, d.Shapes, 9)
}

func TestDescribeBuiltinShapesAllResolve(t *testing.T) {
	doc := []byte(`{"metadata":{"protocol":"query","endpointPrefix":"q"},
	"operations":{"Op":{"input":{"shape":"R"}}},
	"shapes":{"R":{"type":"structure","members":{"Self":{"shape":"R"},"Ls":{"shape":"L"}}},"L":{"type":"list","member":{"shape":"R"}}}}`)
	svc, err := Load("", doc)
	require.NoError(t, err)
	var d struct {
		Shapes map[string]struct {
			Members []struct{ Shape string }
			Member  string
		}
	}
	require.NoError(t, json.Unmarshal(svc.Describe(), &d))
	for name, sh := range d.Shapes {
		for _, m := range sh.Members {
			assert.Contains(t, d.Shapes, m.Shape, "member of %s", name)
		}
		if sh.Member != "" {
			assert.Contains(t, d.Shapes, sh.Member, "list %s", name)
		}
	}
	assert.Equal(t, "R", d.Shapes["R"].Members[0].Shape, "recursive shapes are named, not expanded")
}

func TestDescribeIsMadeOnce(t *testing.T) {
	svc, err := Load("tiny", []byte(`{"metadata":{"protocol":"json"},"operations":{"Op":{"name":"Op","input":{"shape":"In"}}},
	"shapes":{"In":{"type":"structure","members":{"S":{"shape":"S"}}},"S":{"type":"string"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	a, b := svc.Describe(), svc.Describe()
	if len(a) == 0 || &a[0] != &b[0] {
		t.Fatalf("the second Describe rebuilt the document")
	}
	if string(a) != string(svc.describe()) {
		t.Fatalf("the shared document differs from a fresh one")
	}
}
