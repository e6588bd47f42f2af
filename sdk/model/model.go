// Package model holds one AWS service's model as botocore describes it: its
// metadata, operations and shapes, loaded from botocore's service-2 JSON
// (aws-sdk-go's api-2.json) with every shape reference resolved.
//
// It owns the in-memory form of a model and the registry of built-in models
// (each registered lazily by a generated sdk/service/<name> package). It knows
// nothing of wire encodings (sdk/protocol), credentials or transport.
package model

import "sync/atomic"

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
	flows   *flows // paginators and waiters (paginate.go)

	described atomic.Pointer[[]byte] // Describe's document, made once
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
