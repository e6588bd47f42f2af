// Package model holds one AWS service's model as botocore describes it: its
// metadata, operations and shapes, loaded from botocore's service-2 JSON
// (aws-sdk-go's api-2.json) with every shape reference resolved.
//
// It owns the in-memory form of a model and the registry of built-in models
// (each registered lazily by a generated sdk/service/<name> package). It knows
// nothing of wire encodings (sdk/protocol), credentials or transport.
package model

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tidwall/gjson"
)

// Service is a loaded service model. It is immutable after Load and safe for
// concurrent use.
type Service struct {
	// Name is the botocore service name ("sqs", "cognito-idp"), set by the
	// registry; for a model loaded at run time it is the caller's name or,
	// failing that, Metadata.EndpointPrefix.
	Name     string
	Metadata Metadata
	// Operations by model name ("SendMessage").
	Operations map[string]*Operation
	// Shapes by name.
	Shapes map[string]*Shape

	opNames []string
	snake   map[string]*Operation
}

// Metadata is the service model's "metadata" object.
type Metadata struct {
	APIVersion         string
	EndpointPrefix     string
	JSONVersion        string
	Protocol           string
	Protocols          []string
	ServiceFullName    string
	ServiceAbbrev      string
	ServiceID          string
	SignatureVersion   string
	SigningName        string
	TargetPrefix       string
	GlobalEndpoint     string
	UID                string
	XMLNamespace       string
	AWSQueryCompatible bool
}

// Operation is one operation of a service.
type Operation struct {
	// Name is the operation's key in the model, the name botocore and boto3
	// use ("AssociateAlias").
	Name string
	// WireName is the model's "name" member, usually equal to Name.
	WireName string
	HTTP     HTTP
	// Input and Output are nil when the operation has none.
	Input  *Ref
	Output *Ref
	Errors []*Ref
	// HostPrefix is the "endpoint": {"hostPrefix"} trait ("" when absent).
	HostPrefix string
	// AuthType is "" (SigV4), "none" or "v4-unsigned-body".
	AuthType             string
	Deprecated           bool
	HTTPChecksumRequired bool
	Idempotent           bool
}

// HTTP is an operation's "http" trait.
type HTTP struct {
	Method       string
	RequestURI   string
	ResponseCode int
}

// Ref is a reference to a shape: a structure member, a list member, a map key
// or value, or an operation's input, output or error. Its traits (location,
// locationName, flattened...) are those written on the reference; the
// helpers below fall back to the target shape's traits where botocore does.
type Ref struct {
	Shape     *Shape
	ShapeName string

	Location         string // "", "uri", "querystring", "header", "headers", "statusCode"
	LocationName     string
	QueryName        string // ec2
	XMLNamespace     *XMLNamespace
	XMLAttribute     bool
	Flattened        bool
	Streaming        bool
	IdempotencyToken bool
	JSONValue        bool
	HostLabel        bool
	EventPayload     bool
	Deprecated       bool
	TimestampFormat  string
	// ResultWrapper is set on query/ec2 operation outputs.
	ResultWrapper string
}

// Member is a named member of a structure shape.
type Member struct {
	Name string
	*Ref
}

// XMLNamespace is the xmlNamespace trait.
type XMLNamespace struct {
	Prefix string
	URI    string
}

// ErrorTrait is a shape's "error" trait.
type ErrorTrait struct {
	Code           string
	HTTPStatusCode int
	SenderFault    bool
}

// Shape is a named shape.
type Shape struct {
	Name string
	// Type is one of structure, list, map, string, integer, long, float,
	// double, boolean, timestamp, blob.
	Type string

	// Structure members in model order.
	Members  []*Member
	memberIx map[string]*Member
	Required []string
	required map[string]bool
	Payload  string

	// List member, map key and value.
	Member *Ref
	Key    *Ref
	Value  *Ref

	Flattened       bool
	LocationName    string
	XMLNamespace    *XMLNamespace
	XMLOrder        []string
	TimestampFormat string
	Min             *float64
	Max             *float64
	Enum            []string
	Streaming       bool
	Sensitive       bool
	Document        bool
	Union           bool
	EventStream     bool
	Event           bool
	Exception       bool
	Fault           bool
	Wrapper         bool
	Error           *ErrorTrait
	RequiresLength  bool
}

// MemberByName returns the structure member with the given model name.
func (s *Shape) MemberByName(name string) (*Member, bool) {
	m, ok := s.memberIx[name]
	return m, ok
}

// IsRequired reports whether the named member is required.
func (s *Shape) IsRequired(name string) bool { return s.required[name] }

// Name returns the wire name of a member: the reference's locationName,
// else the target shape's, else the member name.
func (m *Member) WireName() string {
	if m.LocationName != "" {
		return m.LocationName
	}
	return m.Name
}

// IsFlattened reports the flattened trait of the reference or its shape.
func (r *Ref) IsFlattened() bool { return r.Flattened || r.Shape.Flattened }

// TimestampFmt returns the timestampFormat of the reference, else the shape's.
func (r *Ref) TimestampFmt() string {
	if r.TimestampFormat != "" {
		return r.TimestampFormat
	}
	return r.Shape.TimestampFormat
}

// NS returns the xmlNamespace of the reference, else the shape's.
func (r *Ref) NS() *XMLNamespace {
	if r.XMLNamespace != nil {
		return r.XMLNamespace
	}
	return r.Shape.XMLNamespace
}

// IsStreaming reports whether the reference or its shape is streaming.
func (r *Ref) IsStreaming() bool { return r.Streaming || r.Shape.Streaming }

// OperationNames returns the model names of all operations, sorted.
func (s *Service) OperationNames() []string { return s.opNames }

// Operation finds an operation by model name ("SendMessage") or botocore's
// snake_case name ("send_message").
func (s *Service) Operation(name string) (*Operation, bool) {
	if op, ok := s.Operations[name]; ok {
		return op, true
	}
	op, ok := s.snake[name]
	return op, ok
}

// Protocol returns the protocol used for requests: metadata.protocol, or the
// first of metadata.protocols when protocol is absent.
func (s *Service) Protocol() string {
	if s.Metadata.Protocol != "" {
		return s.Metadata.Protocol
	}
	if len(s.Metadata.Protocols) > 0 {
		return s.Metadata.Protocols[0]
	}
	return ""
}

// SigningName returns metadata.signingName, else endpointPrefix.
func (s *Service) SigningName() string {
	if s.Metadata.SigningName != "" {
		return s.Metadata.SigningName
	}
	return s.Metadata.EndpointPrefix
}

// Load parses a botocore service model (service-2.json / api-2.json). Unknown
// keys are ignored. Every shape reference must resolve.
func Load(name string, doc []byte) (*Service, error) {
	if !gjson.ValidBytes(doc) {
		return nil, fmt.Errorf("service model %q: not valid JSON", name)
	}
	root := gjson.ParseBytes(doc)
	if !root.IsObject() {
		return nil, fmt.Errorf("service model %q: not a JSON object", name)
	}
	svc := &Service{Operations: map[string]*Operation{}, Shapes: map[string]*Shape{}, snake: map[string]*Operation{}}
	md := root.Get("metadata")
	svc.Metadata = Metadata{
		APIVersion:       md.Get("apiVersion").String(),
		EndpointPrefix:   md.Get("endpointPrefix").String(),
		JSONVersion:      md.Get("jsonVersion").String(),
		Protocol:         md.Get("protocol").String(),
		ServiceFullName:  md.Get("serviceFullName").String(),
		ServiceAbbrev:    md.Get("serviceAbbreviation").String(),
		ServiceID:        md.Get("serviceId").String(),
		SignatureVersion: md.Get("signatureVersion").String(),
		SigningName:      md.Get("signingName").String(),
		TargetPrefix:     md.Get("targetPrefix").String(),
		GlobalEndpoint:   md.Get("globalEndpoint").String(),
		UID:              md.Get("uid").String(),
		XMLNamespace:     md.Get("xmlNamespace").String(),
	}
	if md.Get("xmlNamespace").IsObject() {
		svc.Metadata.XMLNamespace = md.Get("xmlNamespace.uri").String()
	}
	svc.Metadata.AWSQueryCompatible = md.Get("awsQueryCompatible").Exists()
	for _, p := range md.Get("protocols").Array() {
		svc.Metadata.Protocols = append(svc.Metadata.Protocols, p.String())
	}
	svc.Name = name
	if svc.Name == "" {
		svc.Name = svc.Metadata.EndpointPrefix
	}

	l := loader{svc: svc, raw: map[string]gjson.Result{}}
	// Create every shape first so references resolve regardless of order.
	root.Get("shapes").ForEach(func(k, v gjson.Result) bool {
		svc.Shapes[k.String()] = &Shape{Name: k.String()}
		l.raw[k.String()] = v
		return true
	})
	root.Get("shapes").ForEach(func(k, v gjson.Result) bool {
		l.shape(svc.Shapes[k.String()], v)
		return l.err == nil
	})
	root.Get("operations").ForEach(func(k, v gjson.Result) bool {
		op := l.operation(k.String(), v)
		if l.err != nil {
			return false
		}
		svc.Operations[op.Name] = op
		svc.opNames = append(svc.opNames, op.Name)
		svc.snake[XformName(op.Name)] = op
		return true
	})
	if l.err != nil {
		return nil, fmt.Errorf("service model %q: %w", svc.Name, l.err)
	}
	sort.Strings(svc.opNames)
	return svc, nil
}

type loader struct {
	svc *Service
	err error
	// raw holds each shape's JSON, so that a reference can inherit traits
	// written on its target shape.
	raw map[string]gjson.Result
}

func (l *loader) ref(where string, v gjson.Result) *Ref {
	if !v.Exists() {
		return nil
	}
	name := v.Get("shape").String()
	sh, ok := l.svc.Shapes[name]
	if !ok {
		if l.err == nil {
			l.err = fmt.Errorf("%s refers to unknown shape %q", where, name)
		}
		return nil
	}
	r := &Ref{
		Shape:            sh,
		ShapeName:        name,
		Location:         v.Get("location").String(),
		LocationName:     v.Get("locationName").String(),
		QueryName:        v.Get("queryName").String(),
		XMLAttribute:     v.Get("xmlAttribute").Bool(),
		Flattened:        v.Get("flattened").Bool(),
		Streaming:        v.Get("streaming").Bool(),
		IdempotencyToken: v.Get("idempotencyToken").Bool(),
		JSONValue:        v.Get("jsonvalue").Bool(),
		HostLabel:        v.Get("hostLabel").Bool(),
		EventPayload:     v.Get("eventpayload").Bool(),
		Deprecated:       v.Get("deprecated").Bool(),
		TimestampFormat:  v.Get("timestampFormat").String(),
		ResultWrapper:    v.Get("resultWrapper").String(),
		XMLNamespace:     xmlNS(v.Get("xmlNamespace")),
	}
	// botocore merges the target shape's serialization traits under the
	// reference's own: "location" written on a shape (an older model form)
	// binds every member that targets it.
	if r.Location == "" {
		if sv := l.raw[name]; sv.Get("location").Exists() {
			r.Location = sv.Get("location").String()
			if r.LocationName == "" {
				r.LocationName = sv.Get("locationName").String()
			}
		}
	}
	return r
}

func xmlNS(v gjson.Result) *XMLNamespace {
	switch {
	case !v.Exists():
		return nil
	case v.Type == gjson.String:
		return &XMLNamespace{URI: v.String()}
	default:
		return &XMLNamespace{Prefix: v.Get("prefix").String(), URI: v.Get("uri").String()}
	}
}

func (l *loader) shape(s *Shape, v gjson.Result) {
	s.Type = v.Get("type").String()
	if s.Type == "" {
		l.err = fmt.Errorf("shape %q has no type", s.Name)
		return
	}
	s.Flattened = v.Get("flattened").Bool()
	s.LocationName = v.Get("locationName").String()
	s.XMLNamespace = xmlNS(v.Get("xmlNamespace"))
	s.TimestampFormat = v.Get("timestampFormat").String()
	s.Payload = v.Get("payload").String()
	s.Streaming = v.Get("streaming").Bool()
	s.Sensitive = v.Get("sensitive").Bool()
	s.Document = v.Get("document").Bool()
	s.Union = v.Get("union").Bool()
	s.EventStream = v.Get("eventstream").Bool()
	s.Event = v.Get("event").Bool()
	s.Exception = v.Get("exception").Bool()
	s.Fault = v.Get("fault").Bool()
	s.Wrapper = v.Get("wrapper").Bool()
	s.RequiresLength = v.Get("requiresLength").Bool()
	if m := v.Get("min"); m.Exists() {
		f := m.Float()
		s.Min = &f
	}
	if m := v.Get("max"); m.Exists() {
		f := m.Float()
		s.Max = &f
	}
	for _, e := range v.Get("enum").Array() {
		s.Enum = append(s.Enum, e.String())
	}
	for _, e := range v.Get("xmlOrder").Array() {
		s.XMLOrder = append(s.XMLOrder, e.String())
	}
	if e := v.Get("error"); e.Exists() {
		s.Error = &ErrorTrait{Code: e.Get("code").String(), HTTPStatusCode: int(e.Get("httpStatusCode").Int()), SenderFault: e.Get("senderFault").Bool()}
	}
	switch s.Type {
	case "structure":
		s.memberIx = map[string]*Member{}
		v.Get("members").ForEach(func(k, mv gjson.Result) bool {
			r := l.ref(fmt.Sprintf("member %s.%s", s.Name, k.String()), mv)
			if r == nil {
				return false
			}
			m := &Member{Name: k.String(), Ref: r}
			s.Members = append(s.Members, m)
			s.memberIx[m.Name] = m
			return true
		})
		s.required = map[string]bool{}
		for _, r := range v.Get("required").Array() {
			s.Required = append(s.Required, r.String())
			s.required[r.String()] = true
		}
	case "list":
		s.Member = l.ref("list "+s.Name+" member", v.Get("member"))
		if s.Member == nil && l.err == nil {
			l.err = fmt.Errorf("list shape %q has no member", s.Name)
		}
	case "map":
		s.Key = l.ref("map "+s.Name+" key", v.Get("key"))
		s.Value = l.ref("map "+s.Name+" value", v.Get("value"))
		if (s.Key == nil || s.Value == nil) && l.err == nil {
			l.err = fmt.Errorf("map shape %q needs key and value", s.Name)
		}
	case "string", "integer", "long", "float", "double", "boolean", "timestamp", "blob", "bigdecimal", "biginteger", "character", "byte", "short":
	default:
		l.err = fmt.Errorf("shape %q has unknown type %q", s.Name, s.Type)
	}
}

func (l *loader) operation(key string, v gjson.Result) *Operation {
	// botocore names an operation by its key; "name" is the wire name and
	// differs for a few (cloudfront's AssociateAlias2020_05_31).
	op := &Operation{Name: key, WireName: v.Get("name").String()}
	if op.WireName == "" {
		op.WireName = key
	}
	h := v.Get("http")
	op.HTTP = HTTP{Method: h.Get("method").String(), RequestURI: h.Get("requestUri").String(), ResponseCode: int(h.Get("responseCode").Int())}
	if op.HTTP.Method == "" {
		op.HTTP.Method = "POST"
	}
	if op.HTTP.RequestURI == "" {
		op.HTTP.RequestURI = "/"
	}
	op.Input = l.ref("operation "+op.Name+" input", v.Get("input"))
	if p := v.Get("input.payload").String(); p != "" && op.Input != nil && op.Input.Shape.Payload == "" {
		// An older model form names the payload member on the input
		// reference; give this operation a copy of the shape that carries it.
		cp := *op.Input.Shape
		cp.Payload = p
		op.Input.Shape = &cp
	}
	op.Output = l.ref("operation "+op.Name+" output", v.Get("output"))
	for _, e := range v.Get("errors").Array() {
		if r := l.ref("operation "+op.Name+" error", e); r != nil {
			op.Errors = append(op.Errors, r)
		}
	}
	op.HostPrefix = v.Get("endpoint.hostPrefix").String()
	op.AuthType = v.Get("authtype").String()
	op.Deprecated = v.Get("deprecated").Bool()
	op.HTTPChecksumRequired = v.Get("httpChecksumRequired").Bool()
	op.Idempotent = v.Get("idempotent").Bool()
	return op
}

// XformName turns a CamelCase operation name into botocore's snake_case
// (botocore.xform_name): "SendMessage" -> "send_message",
// "DescribeDBInstances" -> "describe_db_instances".
func XformName(name string) string {
	if strings.Contains(name, "_") {
		return name
	}
	if v, ok := xformSpecial[name]; ok {
		return v
	}
	if m := specialCaseRe.FindString(name); m != "" {
		name = name[:len(name)-len(m)] + "_" + strings.ToLower(m)
	}
	s := firstCapRe.ReplaceAllString(name, "${1}_${2}")
	s = strings.ToLower(endCapRe.ReplaceAllString(s, "${1}_${2}"))
	for _, r := range partialRenames {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}

var (
	firstCapRe    = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	endCapRe      = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	specialCaseRe = regexp.MustCompile(`[A-Z]{3,}s$`)
	// Names botocore pins by hand because the rules above mangle them.
	xformSpecial = map[string]string{
		"CreateCachediSCSIVolume":      "create_cached_iscsi_volume",
		"DescribeCachediSCSIVolumes":   "describe_cached_iscsi_volumes",
		"DescribeStorediSCSIVolumes":   "describe_stored_iscsi_volumes",
		"CreateStorediSCSIVolume":      "create_stored_iscsi_volume",
		"ListHITsForQualificationType": "list_hits_for_qualification_type",
	}
	partialRenames = [][2]string{{"ipv_6", "ipv6"}, {"s_3_resources", "s3_resources"}}
)

// --- registry of built-in models ---

type entry struct {
	once sync.Once
	doc  func() []byte
	svc  *Service
	err  error
}

var (
	regMu    sync.RWMutex
	registry = map[string]*entry{}
)

// Register makes a built-in model available under a botocore service name.
// doc is called once, on first use, so that registering costs nothing until
// a client of that service is made. Generated service packages call it from
// init.
func Register(name string, doc func() []byte) {
	regMu.Lock()
	defer regMu.Unlock()
	registry[name] = &entry{doc: doc}
}

// Lookup returns the built-in model of a service, loading it on first use.
func Lookup(name string) (*Service, error) {
	regMu.RLock()
	e, ok := registry[name]
	regMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown service %q (built-in services: %s)", name, strings.Join(Names(), ", "))
	}
	e.once.Do(func() { e.svc, e.err = Load(name, e.doc()) })
	return e.svc, e.err
}

// Names returns the names of the built-in services, sorted.
func Names() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
