package main

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenames(t *testing.T) {
	want := map[string]string{
		"AWSMigrationHub": "mgh", "elasticfilesystem": "efs", "elasticloadbalancing": "elb",
		"elasticloadbalancingv2": "elbv2", "elasticmapreduce": "emr", "email": "ses",
		"entitlement.marketplace": "marketplace-entitlement", "eventbridge": "events",
		"models.lex.v2": "lexv2-models", "monitoring": "cloudwatch", "mturk-requester": "mturk",
		"runtime.lex.v2": "lexv2-runtime", "runtime.lex": "lex-runtime",
		"runtime.sagemaker": "sagemaker-runtime", "sms-voice": "pinpoint-sms-voice",
		"states": "stepfunctions", "streams.dynamodb": "dynamodbstreams",
	}
	assert.Equal(t, want, renames)
	for dir, name := range want {
		assert.Equal(t, name, botocoreName(dir))
		got, err := modelDir(name)
		require.NoError(t, err)
		assert.Equal(t, dir, got, name)
		_, err = modelDir(dir)
		assert.Error(t, err, "the aws-sdk-go spelling %q is refused", dir)
	}
	assert.Equal(t, "sqs", botocoreName("sqs"))
	d, err := modelDir("sqs")
	require.NoError(t, err)
	assert.Equal(t, "sqs", d)
	// aws-sdk-go also has an older "events" folder (CloudWatch Events);
	// botocore's "events" is EventBridge's model.
	d, err = modelDir("events")
	require.NoError(t, err)
	assert.Equal(t, "eventbridge", d)
}

func TestCIdentAndGoPkg(t *testing.T) {
	for name, want := range map[string][2]string{
		"sqs":                     {"sqs", "sqs"},
		"cognito-idp":             {"cognito_idp", "cognitoidp"},
		"lexv2-models":            {"lexv2_models", "lexv2models"},
		"marketplace-entitlement": {"marketplace_entitlement", "marketplaceentitlement"},
		"resource-explorer-2":     {"resource_explorer_2", "resourceexplorer2"},
		"runtime.lex":             {"runtime_lex", "runtimelex"},
		"Weird.Name":              {"weird_name", "weirdname"},
		"all":                     {"all", "svcall"},
		"go":                      {"go", "svcgo"},
		"2fa":                     {"2fa", "svc2fa"},
		"model":                   {"model", "svcmodel"},
	} {
		assert.Equal(t, want[0], cIdent(name), name)
		assert.Equal(t, want[1], goPkg(name), name)
	}
}

func TestCheckCollisions(t *testing.T) {
	assert.NoError(t, checkCollisions([]string{"sqs", "sts", "cognito-idp"}))
	assert.ErrorContains(t, checkCollisions([]string{"a-b", "ab"}), "go:ab")
	assert.ErrorContains(t, checkCollisions([]string{"a-b", "a.b"}), "c:a_b")
	assert.ErrorContains(t, checkCollisions([]string{"sqs", "sqs"}), "listed twice")
}

func TestReadServices(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "services.txt")
	require.NoError(t, os.WriteFile(p, []byte("# comment\nsts\n\n  sqs  \n"), 0o644))
	names, err := readServices(p)
	require.NoError(t, err)
	assert.Equal(t, []string{"sqs", "sts"}, names)

	require.NoError(t, os.WriteFile(p, []byte("sqs\nmonitoring\n"), 0o644))
	_, err = readServices(p)
	assert.ErrorContains(t, err, `"cloudwatch"`)

	require.NoError(t, os.WriteFile(p, []byte("sqs\nsqs\n"), 0o644))
	_, err = readServices(p)
	assert.Error(t, err)
}

// The committed list must parse and hold every service of the pinned models
// (one per model folder with an api-2.json, "events" being the renamed
// "eventbridge"), so that moving the pin adds no service silently.
func TestCommittedServices(t *testing.T) {
	names, err := readServices("services.txt")
	require.NoError(t, err)
	assert.Subset(t, names, []string{"sqs", "sts", "ec2", "s3", "events", "lexv2-models"})
	dirs, err := os.ReadDir(testModels(t))
	require.NoError(t, err)
	var all []string
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		name := botocoreName(d.Name())
		if dir, _ := modelDir(name); dir != d.Name() {
			continue // shadowed by a renamed folder ("events")
		}
		all = append(all, name)
	}
	sort.Strings(all)
	assert.Equal(t, all, names)
	assert.Len(t, names, 383)
}
