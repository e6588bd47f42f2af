// Package mototest runs gosoto's clients against moto's server for the
// protocols the other emulators do not cover: ec2 (EC2), query other than
// SQS (SNS, IAM), rest-json (Lambda, API Gateway) and rest-xml beyond S3
// (Route 53). tests/scripts/moto-services.sh starts moto on 127.0.0.1 with
// IAM authentication on, creates an admin user and an access key, and runs
// this package with that key, so that moto checks the SigV4 signature of
// every request made here.
//
// Environment:
//
//	GOSOTO_MOTO_ENDPOINT            moto's URL (http://127.0.0.1:PORT)
//	GOSOTO_MOTO_ACCESS_KEY_ID       the key to sign with (default "testing",
//	GOSOTO_MOTO_SECRET_ACCESS_KEY   which moto takes while auth is off)
//	GOSOTO_MOTO_AUTH=1              moto checks signatures: also run the
//	                                negative checks (a wrong secret fails)
//	GOSOTO_MOTO_REQUIRED=1          a missing endpoint is a failure, not a skip
package mototest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/client"
	_ "github.com/gosoto/gosoto/sdk/service/apigateway"
	_ "github.com/gosoto/gosoto/sdk/service/ec2"
	_ "github.com/gosoto/gosoto/sdk/service/iam"
	_ "github.com/gosoto/gosoto/sdk/service/lambda"
	_ "github.com/gosoto/gosoto/sdk/service/route53"
	_ "github.com/gosoto/gosoto/sdk/service/sns"
	_ "github.com/gosoto/gosoto/sdk/service/sqs"
	"github.com/gosoto/gosoto/tests/internal/emulator"
	"github.com/tidwall/gjson"
)

// An AMI that moto knows (its default image set).
const amiID = "ami-12c6146b"

var moto = emulator.Suite{
	EndpointVar: "GOSOTO_MOTO_ENDPOINT",
	RequiredVar: "GOSOTO_MOTO_REQUIRED",
	Script:      "tests/scripts/moto-services.sh",
	Target:      "make test-moto-services",
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// newClient makes a client of service on moto, signing with the key of the
// environment (or secret, when not empty).
func newClient(t *testing.T, service string) *client.Client {
	t.Helper()
	return newClientKey(t, service, envOr("GOSOTO_MOTO_ACCESS_KEY_ID", "testing"),
		envOr("GOSOTO_MOTO_SECRET_ACCESS_KEY", "testing"))
}

func newClientKey(t *testing.T, service, keyID, secret string) *client.Client {
	t.Helper()
	cfg, err := json.Marshal(map[string]any{
		"service": service, "region": "us-east-1", "endpoint_url": moto.Endpoint(t),
		"credentials":     map[string]string{"access_key_id": keyID, "secret_access_key": secret},
		"max_attempts":    2,
		"read_timeout_ms": 60000,
	})
	if err != nil {
		t.Fatal(err)
	}
	return emulator.NewClient(t, cfg)
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := emulator.Input(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// call calls op and fails the test on an error.
func call(t *testing.T, c *client.Client, op string, in any) gjson.Result {
	t.Helper()
	out, err := tryCall(t, c, op, in)
	if err != nil {
		t.Fatalf("%s: %v (%s)", op, err, awserr.As(err).JSON())
	}
	return out
}

func tryCall(t *testing.T, c *client.Client, op string, in any) (gjson.Result, error) {
	t.Helper()
	out, err := c.Call(ctx(t), op, marshal(t, in))
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(out), nil
}

// serviceErr checks that err is a service error with the code (and the HTTP
// status, when status is not 0).
func serviceErr(t *testing.T, err error, code string, status int) *awserr.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("expected a %s error, got success", code)
	}
	e := awserr.As(err)
	if e.Kind != awserr.Service || e.Code != code || (status != 0 && e.StatusCode != status) {
		t.Fatalf("expected service error %s (HTTP %d), got kind %v code %q status %d: %v",
			code, status, e.Kind, e.Code, e.StatusCode, e)
	}
	doc := gjson.ParseBytes(e.JSON())
	if doc.Get("Kind").Str != "service" || doc.Get("Error.Code").Str != code {
		t.Fatalf("error JSON does not carry Kind service and Code %s: %s", code, e.JSON())
	}
	return e
}

var seq atomic.Int64

// unique returns a name that no other test run uses.
func unique(prefix string) string {
	return fmt.Sprintf("%s-%d-%d", prefix, time.Now().UnixNano()%1e9, seq.Add(1))
}

func strs(r gjson.Result) []string {
	var out []string
	for _, v := range r.Array() {
		out = append(out, v.String())
	}
	sort.Strings(out)
	return out
}

func sameSet(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, ",") == strings.Join(b, ",")
}

// ---------------------------------------------------------------- EC2 (ec2 protocol)

func TestEC2(t *testing.T) {
	ec2 := newClient(t, "ec2")
	tag := unique("gosoto")
	var run func(subnet, role string, n int) []string

	// A VPC and a subnet in it.
	vpc := call(t, ec2, "CreateVpc", map[string]any{"CidrBlock": "10.42.0.0/16",
		"TagSpecifications": []any{map[string]any{"ResourceType": "vpc",
			"Tags": []any{map[string]string{"Key": "Name", "Value": tag}}}}})
	vpcID := vpc.Get("Vpc.VpcId").Str
	if !strings.HasPrefix(vpcID, "vpc-") || vpc.Get("Vpc.CidrBlock").Str != "10.42.0.0/16" {
		t.Fatalf("CreateVpc: %s", vpc.Raw)
	}
	t.Cleanup(func() { _, _ = tryCall(t, ec2, "DeleteVpc", map[string]any{"VpcId": vpcID}) })
	dv := call(t, ec2, "DescribeVpcs", map[string]any{"Filters": []any{
		map[string]any{"Name": "tag:Name", "Values": []string{tag}}}})
	if got := strs(dv.Get("Vpcs.#.VpcId")); len(got) != 1 || got[0] != vpcID {
		t.Fatalf("DescribeVpcs by tag: want [%s], got %v", vpcID, got)
	}

	sub := call(t, ec2, "create_subnet", map[string]any{"VpcId": vpcID, "CidrBlock": "10.42.1.0/24"})
	subnetA := sub.Get("Subnet.SubnetId").Str
	if !strings.HasPrefix(subnetA, "subnet-") || sub.Get("Subnet.VpcId").Str != vpcID ||
		sub.Get("Subnet.CidrBlock").Str != "10.42.1.0/24" {
		t.Fatalf("CreateSubnet: %s", sub.Raw)
	}
	subnetB := call(t, ec2, "CreateSubnet", map[string]any{"VpcId": vpcID, "CidrBlock": "10.42.2.0/24"}).Get("Subnet.SubnetId").Str
	ds := call(t, ec2, "DescribeSubnets", map[string]any{"Filters": []any{
		map[string]any{"Name": "vpc-id", "Values": []string{vpcID}}}})
	if got := strs(ds.Get("Subnets.#.SubnetId")); !sameSet(got, []string{subnetA, subnetB}) {
		t.Fatalf("DescribeSubnets vpc-id: want %s and %s, got %v", subnetA, subnetB, got)
	}

	// Instances: 2 tagged "web" in subnet A, 5 tagged "worker" in subnet B,
	// one reservation each (moto pages describe_instances by reservation).
	runEach := func(subnet, role string, n int) []string {
		var ids []string
		for i := 0; i < n; i++ {
			ids = append(ids, run(subnet, role, 1)...)
		}
		return ids
	}
	run = func(subnet, role string, n int) []string {
		out := call(t, ec2, "RunInstances", map[string]any{
			"ImageId": amiID, "InstanceType": "t2.micro", "MinCount": n, "MaxCount": n,
			"SubnetId": subnet,
			"TagSpecifications": []any{map[string]any{"ResourceType": "instance", "Tags": []any{
				map[string]string{"Key": "Name", "Value": tag},
				map[string]string{"Key": "role", "Value": role}}}},
		})
		ids := strs(out.Get("Instances.#.InstanceId"))
		if len(ids) != n {
			t.Fatalf("RunInstances: want %d instances, got %s", n, out.Raw)
		}
		for _, in := range out.Get("Instances").Array() {
			if in.Get("SubnetId").Str != subnet || in.Get("VpcId").Str != vpcID || in.Get("ImageId").Str != amiID {
				t.Fatalf("RunInstances: instance not in subnet %s / vpc %s: %s", subnet, vpcID, in.Raw)
			}
		}
		return ids
	}
	web := run(subnetA, "web", 2) // one reservation of two
	if len(web) != 2 {
		t.Fatal(web)
	}
	workers := runEach(subnetB, "worker", 5)
	all := append(append([]string(nil), web...), workers...)
	t.Cleanup(func() {
		_, _ = tryCall(t, ec2, "TerminateInstances", map[string]any{"InstanceIds": all})
	})

	// The waiter returns once they run.
	out, err := ec2.Wait(ctx(t), "instance_running", marshal(t, map[string]any{"InstanceIds": all}),
		&client.WaitOptions{Delay: 200 * time.Millisecond, MaxAttempts: 50})
	if err != nil {
		t.Fatalf("instance_running: %v", err)
	}
	doc := gjson.ParseBytes(out)
	states := doc.Get("Reservations.#.Instances.#.State.Name").Array()
	n := 0
	for _, r := range states {
		for _, s := range r.Array() {
			n++
			if s.Str != "running" {
				t.Fatalf("instance_running returned with a state %q: %s", s.Str, out)
			}
		}
	}
	if n != len(all) {
		t.Fatalf("instance_running's last response has %d instances, want %d", n, len(all))
	}

	// Filters select the right instances.
	filtered := func(filters ...any) []string {
		out := call(t, ec2, "DescribeInstances", map[string]any{"Filters": filters})
		var ids []string
		for _, r := range out.Get("Reservations.#.Instances.#.InstanceId").Array() {
			ids = append(ids, strs(r)...)
		}
		return ids
	}
	f := func(name string, values ...string) any { return map[string]any{"Name": name, "Values": values} }
	if got := filtered(f("tag:Name", tag), f("tag:role", "web")); !sameSet(got, web) {
		t.Fatalf("filter tag:role=web: want %v, got %v", web, got)
	}
	if got := filtered(f("subnet-id", subnetB)); !sameSet(got, workers) {
		t.Fatalf("filter subnet-id=%s: want %v, got %v", subnetB, workers, got)
	}
	if got := filtered(f("vpc-id", vpcID), f("instance-state-name", "running")); !sameSet(got, all) {
		t.Fatalf("filter vpc-id + running: want %v, got %v", all, got)
	}
	if got := filtered(f("tag:Name", tag), f("instance-id", web[0], workers[0])); !sameSet(got, []string{web[0], workers[0]}) {
		t.Fatalf("filter instance-id: got %v", got)
	}
	if got := filtered(f("tag:Name", "no-such-"+tag)); len(got) != 0 {
		t.Fatalf("filter on a tag no instance has: got %v", got)
	}
	di := call(t, ec2, "DescribeInstances", map[string]any{"InstanceIds": []string{web[1]}})
	if di.Get("Reservations.0.Instances.0.InstanceId").Str != web[1] ||
		di.Get("Reservations.0.Instances.0.InstanceType").Str != "t2.micro" ||
		!strings.HasPrefix(di.Get("Reservations.0.Instances.0.PrivateIpAddress").Str, "10.42.1.") {
		t.Fatalf("DescribeInstances by id: %s", di.Raw)
	}
	// Tags come back as a list of Key/Value structures.
	tags := map[string]string{}
	for _, tg := range di.Get("Reservations.0.Instances.0.Tags").Array() {
		tags[tg.Get("Key").Str] = tg.Get("Value").Str
	}
	if tags["Name"] != tag || tags["role"] != "web" {
		t.Fatalf("instance tags: %v", tags)
	}

	// Paginate describe_instances, 5 reservations per page, over the VPC's 6
	// reservations (7 instances): two pages, every instance once.
	p, err := ec2.Paginate("describe_instances", marshal(t, map[string]any{
		"Filters": []any{f("vpc-id", vpcID)}, "MaxResults": 5}))
	if err != nil {
		t.Fatal(err)
	}
	var paged []string
	pages := 0
	for {
		page, err := p.Next(ctx(t))
		if err == client.ErrNoMorePages {
			break
		}
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		pg := gjson.ParseBytes(page)
		if n := pg.Get("Reservations.#").Int(); n > 5 || n == 0 {
			t.Fatalf("page %d has %d reservations with MaxResults 5", pages, n)
		}
		for _, r := range pg.Get("Reservations.#.Instances.#.InstanceId").Array() {
			paged = append(paged, strs(r)...)
		}
		if pages > 10 {
			t.Fatal("describe_instances does not stop paginating")
		}
	}
	if pages != 2 || len(paged) != len(all) || !sameSet(paged, all) {
		t.Fatalf("describe_instances pages: %d pages, ids %v, want all of %v", pages, paged, all)
	}

	// Terminate, and wait for it.
	term := call(t, ec2, "TerminateInstances", map[string]any{"InstanceIds": workers})
	if got := strs(term.Get("TerminatingInstances.#.InstanceId")); !sameSet(got, workers) {
		t.Fatalf("TerminateInstances: %s", term.Raw)
	}
	if _, err := ec2.Wait(ctx(t), "InstanceTerminated", marshal(t, map[string]any{"InstanceIds": workers}),
		&client.WaitOptions{Delay: 200 * time.Millisecond, MaxAttempts: 50}); err != nil {
		t.Fatalf("instance_terminated: %v", err)
	}

	// An unknown instance id is a service error with EC2's code.
	_, err = tryCall(t, ec2, "DescribeInstances", map[string]any{"InstanceIds": []string{"i-0123456789abcdef0"}})
	serviceErr(t, err, "InvalidInstanceID.NotFound", 400)
}

// ---------------------------------------------------------------- SNS (query)

func TestSNS(t *testing.T) {
	sns := newClient(t, "sns")
	sqs := newClient(t, "sqs")
	name := unique("gosoto-topic")

	topic := call(t, sns, "CreateTopic", map[string]any{"Name": name,
		"Attributes": map[string]string{"DisplayName": "gosoto-test"},
		"Tags":       []any{map[string]string{"Key": "project", "Value": "gosoto"}}})
	arn := topic.Get("TopicArn").Str
	if !strings.HasPrefix(arn, "arn:aws:sns:us-east-1:") || !strings.HasSuffix(arn, ":"+name) {
		t.Fatalf("CreateTopic: %s", topic.Raw)
	}
	t.Cleanup(func() { _, _ = tryCall(t, sns, "DeleteTopic", map[string]any{"TopicArn": arn}) })

	attrs := call(t, sns, "get_topic_attributes", map[string]any{"TopicArn": arn})
	if attrs.Get("Attributes.TopicArn").Str != arn || attrs.Get("Attributes.DisplayName").Str != "gosoto-test" {
		t.Fatalf("GetTopicAttributes: %s", attrs.Raw)
	}
	tags := call(t, sns, "ListTagsForResource", map[string]any{"ResourceArn": arn})
	if tags.Get("Tags.0.Key").Str != "project" || tags.Get("Tags.0.Value").Str != "gosoto" {
		t.Fatalf("ListTagsForResource: %s", tags.Raw)
	}
	found := false
	if err := sns.EachPage(ctx(t), "ListTopics", []byte(`{}`), func(page []byte) error {
		for _, a := range gjson.GetBytes(page, "Topics.#.TopicArn").Array() {
			found = found || a.Str == arn
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("ListTopics does not list %s", arn)
	}

	// Subscribe an SQS queue, publish, and read the notification back.
	qurl := call(t, sqs, "CreateQueue", map[string]any{"QueueName": name}).Get("QueueUrl").Str
	t.Cleanup(func() { _, _ = tryCall(t, sqs, "DeleteQueue", map[string]any{"QueueUrl": qurl}) })
	qarn := call(t, sqs, "GetQueueAttributes", map[string]any{"QueueUrl": qurl,
		"AttributeNames": []string{"QueueArn"}}).Get("Attributes.QueueArn").Str
	if qarn == "" {
		t.Fatal("GetQueueAttributes: no QueueArn")
	}
	sub := call(t, sns, "Subscribe", map[string]any{"TopicArn": arn, "Protocol": "sqs", "Endpoint": qarn,
		"ReturnSubscriptionArn": true, "Attributes": map[string]string{"RawMessageDelivery": "true"}})
	subArn := sub.Get("SubscriptionArn").Str
	if !strings.HasPrefix(subArn, arn+":") {
		t.Fatalf("Subscribe: %s", sub.Raw)
	}
	subs := call(t, sns, "ListSubscriptionsByTopic", map[string]any{"TopicArn": arn})
	if subs.Get("Subscriptions.#").Int() != 1 || subs.Get("Subscriptions.0.SubscriptionArn").Str != subArn ||
		subs.Get("Subscriptions.0.Endpoint").Str != qarn || subs.Get("Subscriptions.0.Protocol").Str != "sqs" {
		t.Fatalf("ListSubscriptionsByTopic: %s", subs.Raw)
	}
	sa := call(t, sns, "GetSubscriptionAttributes", map[string]any{"SubscriptionArn": subArn})
	if sa.Get("Attributes.RawMessageDelivery").Str != "true" || sa.Get("Attributes.TopicArn").Str != arn {
		t.Fatalf("GetSubscriptionAttributes: %s", sa.Raw)
	}

	// No spaces in query-protocol values: with authentication on, moto 5.2.5
	// recomputes the signature over a re-encoded form body (space as "+"),
	// so a body that encodes a space as "%20" (valid, and what AWS verifies
	// as sent) fails its check.
	msg := "hello,from,gosoto&<sns>=" + name
	pub := call(t, sns, "Publish", map[string]any{"TopicArn": arn, "Message": msg, "Subject": "gosoto",
		"MessageAttributes": map[string]any{"color": map[string]string{"DataType": "String", "StringValue": "blue"}}})
	if pub.Get("MessageId").Str == "" {
		t.Fatalf("Publish: no MessageId: %s", pub.Raw)
	}
	recv := call(t, sqs, "ReceiveMessage", map[string]any{"QueueUrl": qurl, "WaitTimeSeconds": 2,
		"MaxNumberOfMessages": 10, "MessageAttributeNames": []string{"All"}})
	if recv.Get("Messages.#").Int() != 1 || recv.Get("Messages.0.Body").Str != msg {
		t.Fatalf("the queue did not receive the published message %q: %s", msg, recv.Raw)
	}
	if got := recv.Get("Messages.0.MessageAttributes.color.StringValue").Str; got != "blue" {
		t.Fatalf("message attribute color: %q (%s)", got, recv.Raw)
	}

	// Publish to a topic that does not exist: NotFound.
	missing := strings.TrimSuffix(arn, name) + "no-such-" + name
	_, err := tryCall(t, sns, "Publish", map[string]any{"TopicArn": missing, "Message": "x"})
	serviceErr(t, err, "NotFound", 404)
	_, err = tryCall(t, sns, "GetTopicAttributes", map[string]any{"TopicArn": missing})
	serviceErr(t, err, "NotFound", 404)

	call(t, sns, "Unsubscribe", map[string]any{"SubscriptionArn": subArn})
	if n := call(t, sns, "ListSubscriptionsByTopic", map[string]any{"TopicArn": arn}).Get("Subscriptions.#").Int(); n != 0 {
		t.Fatalf("%d subscriptions left after Unsubscribe", n)
	}
	call(t, sns, "DeleteTopic", map[string]any{"TopicArn": arn})
	_, err = tryCall(t, sns, "GetTopicAttributes", map[string]any{"TopicArn": arn})
	serviceErr(t, err, "NotFound", 404)
}

// ---------------------------------------------------------------- IAM (query)

func TestIAM(t *testing.T) {
	iam := newClient(t, "iam")
	path := "/" + unique("gosoto") + "/"
	var users []string
	for i := 0; i < 7; i++ {
		name := fmt.Sprintf("gosoto-user-%d-%s", i, strings.Trim(path, "/"))
		out := call(t, iam, "CreateUser", map[string]any{"UserName": name, "Path": path,
			"Tags": []any{map[string]string{"Key": "n", "Value": fmt.Sprint(i)}}})
		if out.Get("User.UserName").Str != name || out.Get("User.Path").Str != path ||
			!strings.HasSuffix(out.Get("User.Arn").Str, ":user"+path+name) || out.Get("User.CreateDate").Str == "" {
			t.Fatalf("CreateUser: %s", out.Raw)
		}
		users = append(users, name)
		t.Cleanup(func() { _, _ = tryCall(t, iam, "DeleteUser", map[string]any{"UserName": name}) })
	}
	// CreateDate is a timestamp, output in ISO 8601.
	got := call(t, iam, "GetUser", map[string]any{"UserName": users[3]})
	if got.Get("User.UserName").Str != users[3] || got.Get("User.UserId").Str == "" {
		t.Fatalf("GetUser: %s", got.Raw)
	}
	if _, err := time.Parse(time.RFC3339, got.Get("User.CreateDate").Str); err != nil {
		t.Fatalf("GetUser CreateDate %q is not ISO 8601: %v", got.Get("User.CreateDate").Str, err)
	}

	// list_users through the paginator, MaxItems 2. moto 5.2.5 ignores
	// MaxItems/Marker for ListUsers (it always answers IsTruncated false), so
	// every user may come on one page; what is checked is that the pages
	// together hold each user once and that IsTruncated and Marker agree.
	// ListRoles, which moto does truncate, checks real multi-page paging below.
	listed, pages := pagedNames(t, iam, "list_users", map[string]any{"PathPrefix": path, "MaxItems": 2}, "Users.#.UserName", 2)
	if pages < 1 || len(listed) != 7 || !sameSet(listed, users) {
		t.Fatalf("list_users: %d pages, users %v; want %v", pages, listed, users)
	}

	// list_roles, MaxItems 2 over 5 roles: 3 pages (Marker/IsTruncated).
	var roles []string
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	for i := 0; i < 5; i++ {
		name := fmt.Sprintf("gosoto-role-%d-%s", i, strings.Trim(path, "/"))
		out := call(t, iam, "CreateRole", map[string]any{"RoleName": name, "Path": path, "AssumeRolePolicyDocument": trust})
		if out.Get("Role.RoleName").Str != name || out.Get("Role.Path").Str != path {
			t.Fatalf("CreateRole: %s", out.Raw)
		}
		roles = append(roles, name)
		t.Cleanup(func() { _, _ = tryCall(t, iam, "DeleteRole", map[string]any{"RoleName": name}) })
	}
	// The trust policy comes back (URL-encoded on the wire, as AWS does).
	gr := call(t, iam, "GetRole", map[string]any{"RoleName": roles[0]})
	if doc := gr.Get("Role.AssumeRolePolicyDocument").Str; !strings.Contains(doc, "ec2.amazonaws.com") {
		t.Fatalf("GetRole AssumeRolePolicyDocument: %q", doc)
	}
	listedRoles, pages := pagedNames(t, iam, "ListRoles", map[string]any{"PathPrefix": path, "MaxItems": 2}, "Roles.#.RoleName", 2)
	if pages != 3 || len(listedRoles) != 5 || !sameSet(listedRoles, roles) {
		t.Fatalf("list_roles: %d pages, roles %v; want 3 pages with %v", pages, listedRoles, roles)
	}

	// Access keys: create, list, deactivate, delete.
	user := users[0]
	key := call(t, iam, "CreateAccessKey", map[string]any{"UserName": user})
	keyID := key.Get("AccessKey.AccessKeyId").Str
	if key.Get("AccessKey.UserName").Str != user || keyID == "" || key.Get("AccessKey.SecretAccessKey").Str == "" ||
		key.Get("AccessKey.Status").Str != "Active" {
		t.Fatalf("CreateAccessKey: unexpected answer (key id %q)", keyID)
	}
	keys := call(t, iam, "ListAccessKeys", map[string]any{"UserName": user})
	if keys.Get("AccessKeyMetadata.#").Int() != 1 || keys.Get("AccessKeyMetadata.0.AccessKeyId").Str != keyID {
		t.Fatalf("ListAccessKeys: %s", keys.Raw)
	}
	call(t, iam, "UpdateAccessKey", map[string]any{"UserName": user, "AccessKeyId": keyID, "Status": "Inactive"})
	keys = call(t, iam, "ListAccessKeys", map[string]any{"UserName": user})
	if keys.Get("AccessKeyMetadata.0.Status").Str != "Inactive" {
		t.Fatalf("ListAccessKeys after UpdateAccessKey: %s", keys.Raw)
	}
	last := call(t, iam, "GetAccessKeyLastUsed", map[string]any{"AccessKeyId": keyID})
	if last.Get("UserName").Str != user {
		t.Fatalf("GetAccessKeyLastUsed: %s", last.Raw)
	}
	call(t, iam, "DeleteAccessKey", map[string]any{"UserName": user, "AccessKeyId": keyID})
	if n := call(t, iam, "ListAccessKeys", map[string]any{"UserName": user}).Get("AccessKeyMetadata.#").Int(); n != 0 {
		t.Fatalf("%d access keys left after DeleteAccessKey", n)
	}

	// A missing user: NoSuchEntity (404).
	_, err := tryCall(t, iam, "GetUser", map[string]any{"UserName": "no-such-" + user})
	serviceErr(t, err, "NoSuchEntity", 404)

	for _, u := range users {
		call(t, iam, "DeleteUser", map[string]any{"UserName": u})
	}
	if n := call(t, iam, "ListUsers", map[string]any{"PathPrefix": path}).Get("Users.#").Int(); n != 0 {
		t.Fatalf("%d users left after DeleteUser", n)
	}
}

// pagedNames walks a paginated IAM list and returns the names at path of
// every page and the number of pages, checking each page's size and that
// IsTruncated and Marker agree.
func pagedNames(t *testing.T, c *client.Client, op string, in any, path string, max int) ([]string, int) {
	t.Helper()
	p, err := c.Paginate(op, marshal(t, in))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	pages := 0
	for {
		page, err := p.Next(ctx(t))
		if err == client.ErrNoMorePages {
			return names, pages
		}
		if err != nil {
			t.Fatalf("%s page %d: %v", op, pages+1, err)
		}
		pages++
		pg := gjson.ParseBytes(page)
		got := strs(pg.Get(path))
		if pg.Get("IsTruncated").Bool() && len(got) > max {
			t.Fatalf("%s page %d: %d items with MaxItems %d", op, pages, len(got), max)
		}
		if pg.Get("IsTruncated").Bool() != (pg.Get("Marker").Str != "") {
			t.Fatalf("%s page %d: IsTruncated and Marker disagree: %s", op, pages, page)
		}
		names = append(names, got...)
		if pages > 20 {
			t.Fatalf("%s does not stop paginating", op)
		}
	}
}

// ---------------------------------------------------------------- Lambda (rest-json)

// tinyZip is a deployment package with one Python handler.
func tinyZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("handler.py")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("def handler(event, context):\n    return {'ok': True}\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func lambdaRole(t *testing.T) string {
	t.Helper()
	iam := newClient(t, "iam")
	name := unique("gosoto-lambda-role")
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	out := call(t, iam, "CreateRole", map[string]any{"RoleName": name, "AssumeRolePolicyDocument": trust})
	t.Cleanup(func() { _, _ = tryCall(t, iam, "DeleteRole", map[string]any{"RoleName": name}) })
	arn := out.Get("Role.Arn").Str
	if !strings.HasSuffix(arn, ":role/"+name) {
		t.Fatalf("CreateRole: %s", out.Raw)
	}
	return arn
}

func TestLambda(t *testing.T) {
	lam := newClient(t, "lambda")
	role := lambdaRole(t)
	name := unique("gosoto-fn")
	code := tinyZip(t)
	sum := sha256.Sum256(code)

	created := call(t, lam, "CreateFunction", map[string]any{
		"FunctionName": name, "Runtime": "python3.12", "Role": role, "Handler": "handler.handler",
		"Code":        map[string]string{"ZipFile": base64.StdEncoding.EncodeToString(code)},
		"Description": "gosoto test", "Timeout": 5, "MemorySize": 256,
		"Environment": map[string]any{"Variables": map[string]string{"GREETING": "hello"}},
		"Tags":        map[string]string{"project": "gosoto"},
	})
	fnArn := created.Get("FunctionArn").Str
	if created.Get("FunctionName").Str != name || !strings.HasSuffix(fnArn, ":function:"+name) ||
		created.Get("Role").Str != role || created.Get("MemorySize").Int() != 256 ||
		created.Get("ResponseMetadata.HTTPStatusCode").Int() != 201 {
		t.Fatalf("CreateFunction: %s", created.Raw)
	}
	if got := created.Get("CodeSha256").Str; got != base64.StdEncoding.EncodeToString(sum[:]) {
		t.Fatalf("CreateFunction CodeSha256 %q, want the zip's", got)
	}
	if created.Get("CodeSize").Int() != int64(len(code)) {
		t.Fatalf("CreateFunction CodeSize %d, want %d", created.Get("CodeSize").Int(), len(code))
	}
	t.Cleanup(func() { _, _ = tryCall(t, lam, "DeleteFunction", map[string]any{"FunctionName": name}) })

	got := call(t, lam, "GetFunction", map[string]any{"FunctionName": name})
	cfg := got.Get("Configuration")
	if cfg.Get("FunctionName").Str != name || cfg.Get("Handler").Str != "handler.handler" ||
		cfg.Get("Runtime").Str != "python3.12" || cfg.Get("Environment.Variables.GREETING").Str != "hello" ||
		cfg.Get("Timeout").Int() != 5 || got.Get("Tags.project").Str != "gosoto" {
		t.Fatalf("GetFunction: %s", got.Raw)
	}

	// Update the configuration; the name goes into the URI.
	upd := call(t, lam, "UpdateFunctionConfiguration", map[string]any{"FunctionName": name,
		"Timeout": 30, "Description": "updated by gosoto",
		"Environment": map[string]any{"Variables": map[string]string{"GREETING": "hi", "N": "2"}}})
	if upd.Get("Timeout").Int() != 30 || upd.Get("Description").Str != "updated by gosoto" {
		t.Fatalf("UpdateFunctionConfiguration: %s", upd.Raw)
	}
	cfgOut := call(t, lam, "GetFunctionConfiguration", map[string]any{"FunctionName": fnArn})
	if cfgOut.Get("Timeout").Int() != 30 || cfgOut.Get("Environment.Variables.N").Str != "2" {
		t.Fatalf("GetFunctionConfiguration by ARN: %s", cfgOut.Raw)
	}

	// Tags through the ARN in the URI (a label with ':' in it).
	call(t, lam, "TagResource", map[string]any{"Resource": fnArn, "Tags": map[string]string{"stage": "test"}})
	lt := call(t, lam, "ListTags", map[string]any{"Resource": fnArn})
	if lt.Get("Tags.stage").Str != "test" || lt.Get("Tags.project").Str != "gosoto" {
		t.Fatalf("ListTags: %s", lt.Raw)
	}

	found := false
	if err := lam.EachPage(ctx(t), "ListFunctions", []byte(`{"MaxItems": 50}`), func(page []byte) error {
		for _, n := range gjson.GetBytes(page, "Functions.#.FunctionName").Array() {
			found = found || n.Str == name
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("ListFunctions does not list %s", name)
	}

	del := call(t, lam, "DeleteFunction", map[string]any{"FunctionName": name})
	if del.Get("ResponseMetadata.HTTPStatusCode").Int() != 204 {
		t.Fatalf("DeleteFunction: %s", del.Raw)
	}
	_, err := tryCall(t, lam, "GetFunction", map[string]any{"FunctionName": name})
	serviceErr(t, err, "ResourceNotFoundException", 404)
}

// ---------------------------------------------------------------- API Gateway (rest-json)

func TestAPIGateway(t *testing.T) {
	apigw := newClient(t, "apigateway")
	name := unique("gosoto-api")

	api := call(t, apigw, "CreateRestApi", map[string]any{"name": name, "description": "gosoto test",
		"endpointConfiguration": map[string]any{"types": []string{"REGIONAL"}},
		"tags":                  map[string]string{"project": "gosoto"}})
	apiID := api.Get("id").Str
	if apiID == "" || api.Get("name").Str != name || api.Get("description").Str != "gosoto test" ||
		api.Get("ResponseMetadata.HTTPStatusCode").Int()/100 != 2 {
		t.Fatalf("CreateRestApi: %s", api.Raw)
	}
	t.Cleanup(func() { _, _ = tryCall(t, apigw, "DeleteRestApi", map[string]any{"restApiId": apiID}) })
	if _, err := time.Parse(time.RFC3339, api.Get("createdDate").Str); err != nil {
		t.Fatalf("CreateRestApi createdDate %q is not ISO 8601: %v", api.Get("createdDate").Str, err)
	}

	res := call(t, apigw, "GetResources", map[string]any{"restApiId": apiID})
	if res.Get("items.#").Int() != 1 || res.Get("items.0.path").Str != "/" {
		t.Fatalf("GetResources of a new API: %s", res.Raw)
	}
	rootID := res.Get("items.0.id").Str

	items := call(t, apigw, "CreateResource", map[string]any{"restApiId": apiID, "parentId": rootID, "pathPart": "items"})
	itemsID := items.Get("id").Str
	if itemsID == "" || items.Get("path").Str != "/items" || items.Get("parentId").Str != rootID {
		t.Fatalf("CreateResource: %s", items.Raw)
	}
	item := call(t, apigw, "CreateResource", map[string]any{"restApiId": apiID, "parentId": itemsID, "pathPart": "{id}"})
	if item.Get("path").Str != "/items/{id}" {
		t.Fatalf("CreateResource {id}: %s", item.Raw)
	}

	m := call(t, apigw, "PutMethod", map[string]any{"restApiId": apiID, "resourceId": itemsID,
		"httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": true,
		"requestParameters": map[string]bool{"method.request.querystring.limit": false}})
	if m.Get("httpMethod").Str != "GET" || m.Get("authorizationType").Str != "NONE" || !m.Get("apiKeyRequired").Bool() {
		t.Fatalf("PutMethod: %s", m.Raw)
	}
	gm := call(t, apigw, "GetMethod", map[string]any{"restApiId": apiID, "resourceId": itemsID, "httpMethod": "GET"})
	if gm.Get("httpMethod").Str != "GET" || !gm.Get("requestParameters").Get(`method\.request\.querystring\.limit`).Exists() {
		t.Fatalf("GetMethod: %s", gm.Raw)
	}

	// Every resource, with the method on /items.
	paths := map[string]gjson.Result{}
	if err := apigw.EachPage(ctx(t), "get_resources", marshal(t, map[string]any{"restApiId": apiID, "embed": []string{"methods"}}),
		func(page []byte) error {
			for _, r := range gjson.GetBytes(page, "items").Array() {
				paths[r.Get("path").Str] = r
			}
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 || paths["/items"].Get("id").Str != itemsID || paths["/items/{id}"].Get("id").Str != item.Get("id").Str {
		t.Fatalf("GetResources: %v", paths)
	}
	if !paths["/items"].Get("resourceMethods.GET").Exists() {
		t.Fatalf("GetResources: /items has no GET method: %s", paths["/items"].Raw)
	}

	found := false
	if err := apigw.EachPage(ctx(t), "GetRestApis", []byte(`{"limit": 25}`), func(page []byte) error {
		for _, a := range gjson.GetBytes(page, "items").Array() {
			if a.Get("id").Str == apiID {
				found = a.Get("name").Str == name
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("GetRestApis does not list %s (%s)", apiID, name)
	}

	call(t, apigw, "DeleteResource", map[string]any{"restApiId": apiID, "resourceId": item.Get("id").Str})
	del := call(t, apigw, "DeleteRestApi", map[string]any{"restApiId": apiID})
	if s := del.Get("ResponseMetadata.HTTPStatusCode").Int(); s/100 != 2 { // AWS: 202, moto: 200
		t.Fatalf("DeleteRestApi: HTTP %d", s)
	}
	_, err := tryCall(t, apigw, "GetRestApi", map[string]any{"restApiId": apiID})
	serviceErr(t, err, "NotFoundException", 404)
}

// ---------------------------------------------------------------- Route 53 (rest-xml)

func TestRoute53(t *testing.T) {
	r53 := newClient(t, "route53")
	zoneName := unique("gosoto") + ".example.com."

	zone := call(t, r53, "CreateHostedZone", map[string]any{"Name": zoneName, "CallerReference": unique("ref"),
		"HostedZoneConfig": map[string]any{"Comment": "gosoto test", "PrivateZone": false}})
	zoneID := zone.Get("HostedZone.Id").Str
	if !strings.HasPrefix(zoneID, "/hostedzone/") || zone.Get("HostedZone.Name").Str != zoneName ||
		zone.Get("HostedZone.Config.Comment").Str != "gosoto test" || zone.Get("ResponseMetadata.HTTPStatusCode").Int() != 201 {
		t.Fatalf("CreateHostedZone: %s", zone.Raw)
	}
	if zone.Get("DelegationSet.NameServers.#").Int() == 0 || zone.Get("ChangeInfo.Status").Str == "" {
		t.Fatalf("CreateHostedZone: no delegation set or change info: %s", zone.Raw)
	}
	// The Location header is bound to an output member.
	if !strings.Contains(zone.Get("Location").Str, strings.TrimPrefix(zoneID, "/hostedzone/")) {
		t.Fatalf("CreateHostedZone Location %q does not name %s", zone.Get("Location").Str, zoneID)
	}
	shortID := strings.TrimPrefix(zoneID, "/hostedzone/")
	t.Cleanup(func() { _, _ = tryCall(t, r53, "DeleteHostedZone", map[string]any{"Id": shortID}) })

	// Both the bare id and the "/hostedzone/..." form boto3 accepts.
	for _, id := range []string{shortID, zoneID} {
		got := call(t, r53, "GetHostedZone", map[string]any{"Id": id})
		if got.Get("HostedZone.Id").Str != zoneID || got.Get("HostedZone.Name").Str != zoneName {
			t.Fatalf("GetHostedZone(%s): %s", id, got.Raw)
		}
	}

	change := func(action, name, typ string, ttl int, values ...string) gjson.Result {
		var rrs []any
		for _, v := range values {
			rrs = append(rrs, map[string]string{"Value": v})
		}
		return call(t, r53, "ChangeResourceRecordSets", map[string]any{"HostedZoneId": zoneID,
			"ChangeBatch": map[string]any{"Comment": "gosoto " + action, "Changes": []any{map[string]any{
				"Action": action, "ResourceRecordSet": map[string]any{"Name": name, "Type": typ, "TTL": ttl,
					"ResourceRecords": rrs}}}}})
	}
	www := "www." + zoneName
	ch := change("CREATE", www, "A", 300, "192.0.2.1", "192.0.2.2")
	if ch.Get("ChangeInfo.Id").Str == "" || ch.Get("ChangeInfo.Status").Str == "" {
		t.Fatalf("ChangeResourceRecordSets: %s", ch.Raw)
	}
	change("UPSERT", "mail."+zoneName, "TXT", 60, `"v=spf1 -all"`)

	records := func() map[string]gjson.Result {
		out := map[string]gjson.Result{}
		if err := r53.EachPage(ctx(t), "list_resource_record_sets",
			marshal(t, map[string]any{"HostedZoneId": zoneID, "MaxItems": "2"}), func(page []byte) error {
				for _, r := range gjson.GetBytes(page, "ResourceRecordSets").Array() {
					out[r.Get("Name").Str+" "+r.Get("Type").Str] = r
				}
				return nil
			}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	rs := records()
	a := rs[www+" A"]
	if a.Get("TTL").Int() != 300 || !sameSet(strs(a.Get("ResourceRecords.#.Value")), []string{"192.0.2.1", "192.0.2.2"}) {
		t.Fatalf("ListResourceRecordSets: the A record: %s (all: %v)", a.Raw, rs)
	}
	if txt := rs["mail."+zoneName+" TXT"]; txt.Get("ResourceRecords.0.Value").Str != `"v=spf1 -all"` || txt.Get("TTL").Int() != 60 {
		t.Fatalf("ListResourceRecordSets: the TXT record: %s", txt.Raw)
	}
	if !rs[zoneName+" SOA"].Exists() || !rs[zoneName+" NS"].Exists() {
		t.Fatalf("ListResourceRecordSets: no SOA/NS records: %v", rs)
	}

	found := false
	for _, z := range call(t, r53, "ListHostedZones", "{}").Get("HostedZones").Array() {
		found = found || (z.Get("Id").Str == zoneID && z.Get("Name").Str == zoneName)
	}
	if !found {
		t.Fatalf("ListHostedZones does not list %s", zoneID)
	}
	byName := call(t, r53, "ListHostedZonesByName", map[string]any{"DNSName": zoneName, "MaxItems": "1"})
	if byName.Get("HostedZones.0.Id").Str != zoneID {
		t.Fatalf("ListHostedZonesByName: %s", byName.Raw)
	}

	// A zone with records cannot be deleted; remove them first.
	_, err := tryCall(t, r53, "DeleteHostedZone", map[string]any{"Id": zoneID})
	serviceErr(t, err, "HostedZoneNotEmpty", 400)
	change("DELETE", www, "A", 300, "192.0.2.1", "192.0.2.2")
	change("DELETE", "mail."+zoneName, "TXT", 60, `"v=spf1 -all"`)
	if rs := records(); rs[www+" A"].Exists() || len(rs) != 2 {
		t.Fatalf("records left after DELETE: %v", rs)
	}
	del := call(t, r53, "DeleteHostedZone", map[string]any{"Id": zoneID})
	if del.Get("ChangeInfo.Status").Str == "" {
		t.Fatalf("DeleteHostedZone: %s", del.Raw)
	}
	_, err = tryCall(t, r53, "GetHostedZone", map[string]any{"Id": shortID})
	serviceErr(t, err, "NoSuchHostedZone", 404)
}

// ---------------------------------------------------------------- signatures

// TestSignatureChecked runs only when moto checks signatures
// (GOSOTO_MOTO_AUTH=1): a wrong secret and an unknown key id are refused on
// every protocol, and the right key is accepted.
func TestSignatureChecked(t *testing.T) {
	moto.Endpoint(t)
	if os.Getenv("GOSOTO_MOTO_AUTH") != "1" {
		t.Skip("moto's IAM authentication is off (GOSOTO_MOTO_AUTH is not 1)")
	}
	keyID, secret := os.Getenv("GOSOTO_MOTO_ACCESS_KEY_ID"), os.Getenv("GOSOTO_MOTO_SECRET_ACCESS_KEY")
	if keyID == "" || secret == "" {
		t.Fatal("GOSOTO_MOTO_AUTH=1 needs GOSOTO_MOTO_ACCESS_KEY_ID and GOSOTO_MOTO_SECRET_ACCESS_KEY")
	}
	// Only the query and ec2 protocols: moto 5.2.5 cannot check the
	// signatures of rest-json and rest-xml requests (boto3's fail too).
	calls := []struct{ service, op, in, badCode string }{
		{"ec2", "DescribeVpcs", `{}`, "AuthFailure"}, // EC2's own code, HTTP 401
		{"sns", "ListTopics", `{}`, "SignatureDoesNotMatch"},
		{"iam", "ListUsers", `{}`, "SignatureDoesNotMatch"},
	}
	for _, c := range calls {
		t.Run(c.service, func(t *testing.T) {
			if _, err := tryCall(t, newClientKey(t, c.service, keyID, secret), c.op, c.in); err != nil {
				t.Fatalf("%s with the issued key: %v", c.op, err)
			}
			_, err := tryCall(t, newClientKey(t, c.service, keyID, secret+"WRONG"), c.op, c.in)
			e := serviceErr(t, err, c.badCode, 0)
			if strings.Contains(string(e.JSON()), secret) {
				t.Fatal("the error contains the secret key")
			}
			_, err = tryCall(t, newClientKey(t, c.service, "AKIDNEVERISSUED0000", secret), c.op, c.in)
			if c.service == "ec2" {
				serviceErr(t, err, "AuthFailure", 401)
			} else {
				serviceErr(t, err, "InvalidClientTokenId", 403)
			}
		})
	}
}
