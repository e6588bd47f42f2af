package model

import "encoding/json"

// Describe returns the service model in the compact JSON form that bindings
// read to convert values and to name errors (gosoto_client_describe):
//
//	{"name": "sqs",
//	 "metadata": {"api_version", "protocol", "service_id", "signing_name",
//	              "endpoint_prefix", "service_full_name", ...},
//	 "operations": [{"name": "SendMessage", "snake_name": "send_message",
//	                 "input": "SendMessageRequest", "output": "SendMessageResult",
//	                 "errors": ["QueueDoesNotExist", ...],
//	                 "http": {"method": "POST", "request_uri": "/"}}, ...],
//	 "shapes": {"SendMessageRequest": {"type": "structure",
//	                "members": [{"name": "QueueUrl", "shape": "String"}, ...],
//	                "required": ["QueueUrl", "MessageBody"]},
//	            "StringList": {"type": "list", "member": "String"},
//	            "TagMap": {"type": "map", "key": "TagKey", "value": "TagValue"},
//	            "QueueDoesNotExist": {"type": "structure", "exception": true,
//	                "error": {"code": "...", "http_status_code": 400, "sender_fault": true}, ...}}}
//
// Operations are sorted by model name; structure members keep model order.
// Members and keys that would be empty or false are left out. Only what a
// binding needs is described (no wire traits such as locationName): the
// library does all the serializing.
//
// The document is made on the first call and shared afterwards (a binding
// asks for it with each new client); callers must not modify it.
func (s *Service) Describe() []byte {
	if b := s.described.Load(); b != nil {
		return *b
	}
	b := s.describe()
	s.described.Store(&b)
	return b
}

func (s *Service) describe() []byte {
	d := describeDoc{
		Name: s.Name,
		Metadata: describeMetadata{
			APIVersion:      s.Metadata.APIVersion,
			Protocol:        s.Protocol(),
			ServiceID:       s.Metadata.ServiceID,
			SigningName:     s.SigningName(),
			EndpointPrefix:  s.Metadata.EndpointPrefix,
			ServiceFullName: s.Metadata.ServiceFullName,
			ServiceAbbrev:   s.Metadata.ServiceAbbrev,
			TargetPrefix:    s.Metadata.TargetPrefix,
			JSONVersion:     s.Metadata.JSONVersion,
			QueryCompatible: s.Metadata.AWSQueryCompatible,
		},
		Operations: make([]describeOp, 0, len(s.opNames)),
		Shapes:     make(map[string]*describeShape, len(s.Shapes)),
	}
	for _, name := range s.opNames {
		op := s.Operations[name]
		o := describeOp{
			Name:       op.Name,
			SnakeName:  XformName(op.Name),
			HTTP:       describeHTTP{Method: op.HTTP.Method, RequestURI: op.HTTP.RequestURI},
			AuthType:   op.AuthType,
			Deprecated: op.Deprecated,
		}
		if op.Input != nil {
			o.Input = op.Input.ShapeName
		}
		if op.Output != nil {
			o.Output = op.Output.ShapeName
		}
		for _, e := range op.Errors {
			o.Errors = append(o.Errors, e.ShapeName)
		}
		d.Operations = append(d.Operations, o)
	}
	for name, sh := range s.Shapes {
		d.Shapes[name] = describeShapeOf(sh)
	}
	b, err := json.Marshal(d)
	if err != nil { // only plain strings, numbers and bools: cannot happen
		panic("model: describe: " + err.Error())
	}
	return b
}

func describeShapeOf(sh *Shape) *describeShape {
	ds := &describeShape{
		Type:            sh.Type,
		Required:        sh.Required,
		Enum:            sh.Enum,
		Min:             sh.Min,
		Max:             sh.Max,
		TimestampFormat: sh.TimestampFormat,
		Streaming:       sh.Streaming,
		Sensitive:       sh.Sensitive,
		Document:        sh.Document,
		Union:           sh.Union,
		EventStream:     sh.EventStream,
		Exception:       sh.Exception,
		Fault:           sh.Fault,
		Payload:         sh.Payload,
	}
	for _, m := range sh.Members {
		ds.Members = append(ds.Members, describeMember{
			Name:             m.Name,
			Shape:            m.ShapeName,
			Location:         m.Location,
			Streaming:        m.Streaming,
			IdempotencyToken: m.IdempotencyToken,
			JSONValue:        m.JSONValue,
			Deprecated:       m.Deprecated,
		})
	}
	if sh.Member != nil {
		ds.Member = sh.Member.ShapeName
	}
	if sh.Key != nil {
		ds.Key = sh.Key.ShapeName
	}
	if sh.Value != nil {
		ds.Value = sh.Value.ShapeName
	}
	if sh.Error != nil {
		ds.Error = &describeError{Code: sh.Error.Code, HTTPStatusCode: sh.Error.HTTPStatusCode, SenderFault: sh.Error.SenderFault}
	}
	return ds
}

type describeDoc struct {
	Name       string                    `json:"name"`
	Metadata   describeMetadata          `json:"metadata"`
	Operations []describeOp              `json:"operations"`
	Shapes     map[string]*describeShape `json:"shapes"`
}

type describeMetadata struct {
	APIVersion      string `json:"api_version,omitempty"`
	Protocol        string `json:"protocol,omitempty"`
	ServiceID       string `json:"service_id,omitempty"`
	SigningName     string `json:"signing_name,omitempty"`
	EndpointPrefix  string `json:"endpoint_prefix,omitempty"`
	ServiceFullName string `json:"service_full_name,omitempty"`
	ServiceAbbrev   string `json:"service_abbreviation,omitempty"`
	TargetPrefix    string `json:"target_prefix,omitempty"`
	JSONVersion     string `json:"json_version,omitempty"`
	QueryCompatible bool   `json:"aws_query_compatible,omitempty"`
}

type describeOp struct {
	Name       string       `json:"name"`
	SnakeName  string       `json:"snake_name"`
	Input      string       `json:"input,omitempty"`
	Output     string       `json:"output,omitempty"`
	Errors     []string     `json:"errors,omitempty"`
	HTTP       describeHTTP `json:"http"`
	AuthType   string       `json:"auth_type,omitempty"`
	Deprecated bool         `json:"deprecated,omitempty"`
}

type describeHTTP struct {
	Method     string `json:"method"`
	RequestURI string `json:"request_uri"`
}

type describeShape struct {
	Type            string           `json:"type"`
	Members         []describeMember `json:"members,omitempty"`
	Required        []string         `json:"required,omitempty"`
	Member          string           `json:"member,omitempty"`
	Key             string           `json:"key,omitempty"`
	Value           string           `json:"value,omitempty"`
	Enum            []string         `json:"enum,omitempty"`
	Min             *float64         `json:"min,omitempty"`
	Max             *float64         `json:"max,omitempty"`
	TimestampFormat string           `json:"timestamp_format,omitempty"`
	Payload         string           `json:"payload,omitempty"`
	Streaming       bool             `json:"streaming,omitempty"`
	Sensitive       bool             `json:"sensitive,omitempty"`
	Document        bool             `json:"document,omitempty"`
	Union           bool             `json:"union,omitempty"`
	EventStream     bool             `json:"event_stream,omitempty"`
	Exception       bool             `json:"exception,omitempty"`
	Fault           bool             `json:"fault,omitempty"`
	Error           *describeError   `json:"error,omitempty"`
}

type describeMember struct {
	Name             string `json:"name"`
	Shape            string `json:"shape"`
	Location         string `json:"location,omitempty"`
	Streaming        bool   `json:"streaming,omitempty"`
	IdempotencyToken bool   `json:"idempotency_token,omitempty"`
	JSONValue        bool   `json:"jsonvalue,omitempty"`
	Deprecated       bool   `json:"deprecated,omitempty"`
}

type describeError struct {
	Code           string `json:"code,omitempty"`
	HTTPStatusCode int    `json:"http_status_code,omitempty"`
	SenderFault    bool   `json:"sender_fault,omitempty"`
}
