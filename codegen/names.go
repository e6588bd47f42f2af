package main

import (
	"fmt"
	"go/token"
	"strings"
)

// renames maps the aws-sdk-go model directory names that differ from
// botocore's service names to the botocore name. Every other directory name
// is already the botocore name.
var renames = map[string]string{
	"AWSMigrationHub":         "mgh",
	"elasticfilesystem":       "efs",
	"elasticloadbalancing":    "elb",
	"elasticloadbalancingv2":  "elbv2",
	"elasticmapreduce":        "emr",
	"email":                   "ses",
	"entitlement.marketplace": "marketplace-entitlement",
	"eventbridge":             "events",
	"models.lex.v2":           "lexv2-models",
	"monitoring":              "cloudwatch",
	"mturk-requester":         "mturk",
	"runtime.lex.v2":          "lexv2-runtime",
	"runtime.lex":             "lex-runtime",
	"runtime.sagemaker":       "sagemaker-runtime",
	"sms-voice":               "pinpoint-sms-voice",
	"states":                  "stepfunctions",
	"streams.dynamodb":        "dynamodbstreams",
}

// botocoreName returns the botocore service name of an aws-sdk-go model
// directory.
func botocoreName(dir string) string {
	if n, ok := renames[dir]; ok {
		return n
	}
	return dir
}

// modelDir returns the aws-sdk-go model directory of a botocore service
// name, and an error when name is an aws-sdk-go directory name that botocore
// spells differently (services.txt lists botocore names only).
func modelDir(name string) (string, error) {
	if b, ok := renames[name]; ok {
		return "", fmt.Errorf("%q is aws-sdk-go's directory name; botocore calls the service %q", name, b)
	}
	for dir, b := range renames {
		if b == name {
			return dir, nil
		}
	}
	return name, nil
}

// cIdent turns a botocore service name into the part of C identifiers that
// names it: lower-cased, with every character outside [a-z0-9] replaced by
// "_" ("cognito-idp" -> "cognito_idp").
func cIdent(name string) string {
	b := []byte(strings.ToLower(name))
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// reservedPkg holds names that a generated package must not take: Go's
// predeclared identifiers that would read oddly as package names, and the
// directories sdk/service uses itself.
var reservedPkg = map[string]bool{
	"all": true, "internal": true, "testdata": true, "vendor": true,
	"main": true, "model": true, "string": true, "error": true, "any": true,
	"bool": true, "byte": true, "int": true, "len": true, "cap": true,
	"new": true, "make": true, "nil": true, "true": true, "false": true,
}

// goPkg turns a botocore service name into its Go package (and directory)
// name: lower-cased, with every character outside [a-z0-9] dropped
// ("cognito-idp" -> "cognitoidp", "lexv2-models" -> "lexv2models"). When the
// result is empty, starts with a digit, is a Go keyword or a name in
// reservedPkg, it gets the prefix "svc" ("all" -> "svcall"). Two services
// that end up with one package name are an error (see checkCollisions).
func goPkg(name string) string {
	var b strings.Builder
	for _, c := range []byte(strings.ToLower(name)) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	p := b.String()
	if p == "" || p[0] >= '0' && p[0] <= '9' || token.IsKeyword(p) || reservedPkg[p] {
		p = "svc" + p
	}
	return p
}

// checkCollisions reports two services whose C identifier, Go package or
// header name coincide.
func checkCollisions(names []string) error {
	seen := map[string]string{}
	for _, n := range names {
		for _, k := range []string{"c:" + cIdent(n), "go:" + goPkg(n), "h:" + n} {
			if other, ok := seen[k]; ok && other != n {
				return fmt.Errorf("services %q and %q both map to %s", other, n, k)
			} else if ok {
				return fmt.Errorf("service %q listed twice", n)
			}
			seen[k] = n
		}
	}
	return nil
}
