package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestXformName(t *testing.T) {
	for in, want := range map[string]string{
		"SendMessage":                "send_message",
		"DescribeDBInstances":        "describe_db_instances",
		"ListQueues":                 "list_queues",
		"GetQueueUrl":                "get_queue_url",
		"AssumeRoleWithSAML":         "assume_role_with_saml",
		"CreateCachediSCSIVolume":    "create_cached_iscsi_volume",
		"DescribeInstanceCVEs":       "describe_instance_cves",
		"AssociateVPCWithHostedZone": "associate_vpc_with_hosted_zone",
		"already_snake":              "already_snake",
	} {
		assert.Equal(t, want, XformName(in), in)
	}
}

func TestLoadResolvesReferences(t *testing.T) {
	doc := []byte(`{"metadata":{"protocol":"json","jsonVersion":"1.0","targetPrefix":"T","endpointPrefix":"ep"},
	"operations":{"DoIt":{"name":"DoIt","http":{"method":"POST","requestUri":"/"},"input":{"shape":"In"},"output":{"shape":"Out"}}},
	"shapes":{"In":{"type":"structure","required":["B"],"members":{"B":{"shape":"S","locationName":"bee"},"A":{"shape":"L"}}},
	"Out":{"type":"structure","members":{"Self":{"shape":"Out"}}},
	"L":{"type":"list","member":{"shape":"S"}},"S":{"type":"string","min":1}}}`)
	svc, err := Load("", doc)
	require.NoError(t, err)
	assert.Equal(t, "ep", svc.Name)
	op, ok := svc.Operation("do_it")
	require.True(t, ok)
	in := op.Input.Shape
	require.Len(t, in.Members, 2)
	assert.Equal(t, "B", in.Members[0].Name, "members keep model order")
	assert.Equal(t, "bee", in.Members[0].WireName())
	assert.True(t, in.IsRequired("B"))
	assert.Equal(t, "S", in.Members[1].Shape.Member.Shape.Name)
	assert.Equal(t, 1.0, *in.Members[0].Shape.Min)
	out := op.Output.Shape
	assert.Same(t, out, out.Members[0].Shape, "recursive shapes resolve to the same shape")
}

func TestLoadErrorsNameTheProblem(t *testing.T) {
	_, err := Load("x", []byte(`{"shapes":{"A":{"type":"structure","members":{"M":{"shape":"Nope"}}}}}`))
	assert.ErrorContains(t, err, `member A.M refers to unknown shape "Nope"`)
	_, err = Load("x", []byte(`{`))
	assert.ErrorContains(t, err, "not valid JSON")
	_, err = Lookup("no-such-service")
	assert.ErrorContains(t, err, `unknown service "no-such-service"`)
}
