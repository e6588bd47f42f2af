package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tidwall/gjson"
)

// Load parses a botocore service model (service-2.json / api-2.json). Unknown
// keys are ignored. Every shape reference must resolve.
func Load(name string, doc []byte) (*Service, error) {
	if !gjson.ValidBytes(doc) {
		return nil, fmt.Errorf("service model %q: not valid JSON", name)
	}
	return load(name, doc)
}

// load is Load without the validity scan, for built-in models: they are
// generated, checked by codegen's tests, and CRC-checked when decompressed,
// and the scan costs a millisecond on ec2's.
func load(name string, doc []byte) (*Service, error) {
	root := gjson.ParseBytes(doc)
	if !root.IsObject() {
		return nil, fmt.Errorf("service model %q: not a JSON object", name)
	}
	svc := &Service{Operations: map[string]*Operation{}, Shapes: map[string]*Shape{}, snake: map[string]*Operation{}}
	// Each object is walked once (ForEach) rather than asked for each key
	// (Get), which would rescan it every time: ec2's model loads in a few
	// milliseconds instead of a hundred.
	var md, shapes, operations, paginators, waiters gjson.Result
	root.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "metadata":
			md = first(md, v)
		case "shapes":
			shapes = first(shapes, v)
		case "operations":
			operations = first(operations, v)
		case "paginators":
			paginators = first(paginators, v)
		case "waiters":
			waiters = first(waiters, v)
		}
		return true
	})
	// Sized from an upper bound (a shape has a "type", an operation an
	// "http"), so that the maps never grow while loading.
	nShapes := strings.Count(shapes.Raw, `"type"`)
	nOps := strings.Count(operations.Raw, `"http"`)
	svc.Shapes = make(map[string]*Shape, nShapes)
	svc.Operations = make(map[string]*Operation, nOps)
	svc.snake = make(map[string]*Operation, nOps)
	svc.opNames = make([]string, 0, nOps)
	md.ForEach(func(k, v gjson.Result) bool {
		m := &svc.Metadata
		switch k.Str {
		case "apiVersion":
			setOnce(&m.APIVersion, v)
		case "endpointPrefix":
			setOnce(&m.EndpointPrefix, v)
		case "jsonVersion":
			setOnce(&m.JSONVersion, v)
		case "protocol":
			setOnce(&m.Protocol, v)
		case "serviceFullName":
			setOnce(&m.ServiceFullName, v)
		case "serviceAbbreviation":
			setOnce(&m.ServiceAbbrev, v)
		case "serviceId":
			setOnce(&m.ServiceID, v)
		case "signatureVersion":
			setOnce(&m.SignatureVersion, v)
		case "signingName":
			setOnce(&m.SigningName, v)
		case "targetPrefix":
			setOnce(&m.TargetPrefix, v)
		case "globalEndpoint":
			setOnce(&m.GlobalEndpoint, v)
		case "uid":
			setOnce(&m.UID, v)
		case "xmlNamespace":
			if m.XMLNamespace == "" {
				if v.IsObject() {
					m.XMLNamespace = v.Get("uri").String()
				} else {
					m.XMLNamespace = v.String()
				}
			}
		case "awsQueryCompatible":
			m.AWSQueryCompatible = true
		case "protocols":
			if m.Protocols == nil {
				for _, p := range v.Array() {
					m.Protocols = append(m.Protocols, p.String())
				}
			}
		}
		return true
	})
	svc.Name = name
	if svc.Name == "" {
		svc.Name = svc.Metadata.EndpointPrefix
	}

	l := loader{svc: svc, loc: map[string][2]string{}}
	// Read every shape's own traits first, so that references resolve
	// regardless of order and can inherit their target's location.
	pending := make([]pendingShape, 0, nShapes)
	shapes.ForEach(func(k, v gjson.Result) bool {
		s := &Shape{Name: k.String()}
		if _, dup := svc.Shapes[s.Name]; dup {
			return true // the first of two equal keys wins, as with Get
		}
		svc.Shapes[s.Name] = s
		pending = append(pending, l.shape(s, v))
		return l.err == nil
	})
	for i := 0; i < len(pending) && l.err == nil; i++ {
		l.shapeRefs(&pending[i])
	}
	if l.err == nil {
		operations.ForEach(func(k, v gjson.Result) bool {
			if _, dup := svc.Operations[k.String()]; dup {
				return true
			}
			op := l.operation(k.String(), v)
			if l.err != nil {
				return false
			}
			svc.Operations[op.Name] = op
			svc.opNames = append(svc.opNames, op.Name)
			svc.snake[XformName(op.Name)] = op
			return true
		})
	}
	if l.err == nil {
		// paginators and waiters (paginate.go), handed over as a small
		// document of their own: looking them up in root would scan the
		// whole model twice more.
		flowsDoc := "{}"
		switch {
		case paginators.Exists() && waiters.Exists():
			flowsDoc = `{"paginators":` + paginators.Raw + `,"waiters":` + waiters.Raw + `}`
		case paginators.Exists():
			flowsDoc = `{"paginators":` + paginators.Raw + `}`
		case waiters.Exists():
			flowsDoc = `{"waiters":` + waiters.Raw + `}`
		}
		l.err = loadFlows(svc, gjson.Parse(flowsDoc))
	}
	if l.err != nil {
		return nil, fmt.Errorf("service model %q: %w", svc.Name, l.err)
	}
	sort.Strings(svc.opNames)
	return svc, nil
}

// first returns have if it was already set, else v: of two equal keys the
// first counts, as it does for gjson's Get.
func first(have, v gjson.Result) gjson.Result {
	if have.Exists() {
		return have
	}
	return v
}

// stringArray returns the string forms of an array's elements (a value
// that is not an array counts as an array of itself, as with Array), nil
// when there are none.
func stringArray(v gjson.Result) []string {
	if !v.IsArray() {
		if !v.Exists() || v.Type == gjson.Null {
			return nil
		}
		return []string{v.String()}
	}
	// Every element of the arrays read here is a string: two quotes each
	// bound their number from above.
	out := make([]string, 0, strings.Count(v.Raw, `"`)/2+1)
	v.ForEach(func(_, e gjson.Result) bool {
		out = append(out, e.String())
		return true
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// setOnce sets *dst to v's string form unless an earlier equal key did.
func setOnce(dst *string, v gjson.Result) {
	if *dst == "" {
		*dst = v.String()
	}
}

type loader struct {
	svc *Service
	err error
	// loc holds the location and locationName written on a shape (an older
	// model form), which every reference to the shape inherits.
	loc map[string][2]string

	// The reference being read by refField, and the keys seen on it:
	// refField is bound once (refFn) so that reading a reference allocates
	// no closure.
	cur   *Ref
	seen  uint32
	refFn func(k, v gjson.Result) bool
	// refs and members are allocated in slabs: ec2 has tens of thousands.
	refs    []Ref
	members []Member
}

const slab = 256

func (l *loader) newRef() *Ref {
	if len(l.refs) == cap(l.refs) {
		l.refs = make([]Ref, 0, slab)
	}
	l.refs = l.refs[:len(l.refs)+1]
	return &l.refs[len(l.refs)-1]
}

func (l *loader) newMember() *Member {
	if len(l.members) == cap(l.members) {
		l.members = make([]Member, 0, slab)
	}
	l.members = l.members[:len(l.members)+1]
	return &l.members[len(l.members)-1]
}

// once reports whether bit is new in *seen, and sets it: of two equal keys
// in an object the first counts, as it does for gjson's Get.
func once(seen *uint32, bit uint32) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// pendingShape holds the parts of a shape that refer to other shapes,
// resolved once every shape exists.
type pendingShape struct {
	s                         *Shape
	members, member, key, val gjson.Result
}

// ref reads a shape reference. The place named in an error is what, a and b
// joined ("member" "A" "M" -> "member A.M"), built only on error.
func (l *loader) ref(v gjson.Result, what, a, b string) *Ref {
	if !v.Exists() {
		return nil
	}
	r := l.newRef()
	l.cur, l.seen = r, 0
	if l.refFn == nil {
		l.refFn = l.refField
	}
	v.ForEach(l.refFn)
	sh, ok := l.svc.Shapes[r.ShapeName]
	if !ok {
		if l.err == nil {
			where := what + " " + a
			if b != "" {
				where += "." + b
			}
			l.err = fmt.Errorf("%s refers to unknown shape %q", where, r.ShapeName)
		}
		return nil
	}
	r.Shape = sh
	// botocore merges the target shape's serialization traits under the
	// reference's own: "location" written on a shape (an older model form)
	// binds every member that targets it.
	if r.Location == "" {
		if loc, ok := l.loc[r.ShapeName]; ok {
			r.Location = loc[0]
			if r.LocationName == "" {
				r.LocationName = loc[1]
			}
		}
	}
	return r
}

// refField reads one key of the reference l.cur.
func (l *loader) refField(k, v gjson.Result) bool {
	r, seen := l.cur, &l.seen
	switch k.Str {
	case "shape":
		if once(seen, 1<<0) {
			r.ShapeName = v.String()
		}
	case "location":
		if once(seen, 1<<1) {
			r.Location = v.String()
		}
	case "locationName":
		if once(seen, 1<<2) {
			r.LocationName = v.String()
		}
	case "queryName":
		if once(seen, 1<<3) {
			r.QueryName = v.String()
		}
	case "xmlAttribute":
		if once(seen, 1<<4) {
			r.XMLAttribute = v.Bool()
		}
	case "flattened":
		if once(seen, 1<<5) {
			r.Flattened = v.Bool()
		}
	case "streaming":
		if once(seen, 1<<6) {
			r.Streaming = v.Bool()
		}
	case "idempotencyToken":
		if once(seen, 1<<7) {
			r.IdempotencyToken = v.Bool()
		}
	case "jsonvalue":
		if once(seen, 1<<8) {
			r.JSONValue = v.Bool()
		}
	case "hostLabel":
		if once(seen, 1<<9) {
			r.HostLabel = v.Bool()
		}
	case "eventpayload":
		if once(seen, 1<<10) {
			r.EventPayload = v.Bool()
		}
	case "deprecated":
		if once(seen, 1<<11) {
			r.Deprecated = v.Bool()
		}
	case "timestampFormat":
		if once(seen, 1<<12) {
			r.TimestampFormat = v.String()
		}
	case "resultWrapper":
		if once(seen, 1<<13) {
			r.ResultWrapper = v.String()
		}
	case "xmlNamespace":
		if once(seen, 1<<14) {
			r.XMLNamespace = xmlNS(v)
		}
	}
	return true
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

// shape reads a shape's own traits and returns what still needs the other
// shapes.
func (l *loader) shape(s *Shape, v gjson.Result) pendingShape {
	p := pendingShape{s: s}
	var seen uint32
	var location, locationName gjson.Result
	v.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "type":
			if once(&seen, 1<<0) {
				s.Type = v.String()
			}
		case "flattened":
			if once(&seen, 1<<1) {
				s.Flattened = v.Bool()
			}
		case "locationName":
			if once(&seen, 1<<2) {
				s.LocationName = v.String()
				locationName = v
			}
		case "xmlNamespace":
			if once(&seen, 1<<3) {
				s.XMLNamespace = xmlNS(v)
			}
		case "timestampFormat":
			if once(&seen, 1<<4) {
				s.TimestampFormat = v.String()
			}
		case "payload":
			if once(&seen, 1<<5) {
				s.Payload = v.String()
			}
		case "streaming":
			if once(&seen, 1<<6) {
				s.Streaming = v.Bool()
			}
		case "sensitive":
			if once(&seen, 1<<7) {
				s.Sensitive = v.Bool()
			}
		case "document":
			if once(&seen, 1<<8) {
				s.Document = v.Bool()
			}
		case "union":
			if once(&seen, 1<<9) {
				s.Union = v.Bool()
			}
		case "eventstream":
			if once(&seen, 1<<10) {
				s.EventStream = v.Bool()
			}
		case "event":
			if once(&seen, 1<<11) {
				s.Event = v.Bool()
			}
		case "exception":
			if once(&seen, 1<<12) {
				s.Exception = v.Bool()
			}
		case "fault":
			if once(&seen, 1<<13) {
				s.Fault = v.Bool()
			}
		case "wrapper":
			if once(&seen, 1<<14) {
				s.Wrapper = v.Bool()
			}
		case "requiresLength":
			if once(&seen, 1<<15) {
				s.RequiresLength = v.Bool()
			}
		case "min":
			if once(&seen, 1<<16) {
				f := v.Float()
				s.Min = &f
			}
		case "max":
			if once(&seen, 1<<17) {
				f := v.Float()
				s.Max = &f
			}
		case "enum":
			if once(&seen, 1<<18) {
				s.Enum = stringArray(v)
			}
		case "xmlOrder":
			if once(&seen, 1<<19) {
				s.XMLOrder = stringArray(v)
			}
		case "error":
			if once(&seen, 1<<20) {
				s.Error = &ErrorTrait{Code: v.Get("code").String(), HTTPStatusCode: int(v.Get("httpStatusCode").Int()), SenderFault: v.Get("senderFault").Bool()}
			}
		case "required":
			if once(&seen, 1<<21) {
				s.Required = stringArray(v)
			}
		case "location":
			if once(&seen, 1<<22) {
				location = v
			}
		case "members":
			if once(&seen, 1<<23) {
				p.members = v
			}
		case "member":
			if once(&seen, 1<<24) {
				p.member = v
			}
		case "key":
			if once(&seen, 1<<25) {
				p.key = v
			}
		case "value":
			if once(&seen, 1<<26) {
				p.val = v
			}
		}
		return true
	})
	if location.Exists() {
		l.loc[s.Name] = [2]string{location.String(), locationName.String()}
	}
	if s.Type == "" {
		l.err = fmt.Errorf("shape %q has no type", s.Name)
		return p
	}
	switch s.Type {
	case "structure":
		s.memberIx = map[string]*Member{}
		s.required = map[string]bool{}
		for _, r := range s.Required {
			s.required[r] = true
		}
	case "list", "map", "string", "integer", "long", "float", "double", "boolean", "timestamp", "blob", "bigdecimal", "biginteger", "character", "byte", "short":
	default:
		l.err = fmt.Errorf("shape %q has unknown type %q", s.Name, s.Type)
	}
	if s.Type != "structure" {
		s.Required = nil // read only on structures
	}
	return p
}

// shapeRefs resolves the references of a shape read by shape.
func (l *loader) shapeRefs(p *pendingShape) {
	s := p.s
	switch s.Type {
	case "structure":
		p.members.ForEach(func(k, mv gjson.Result) bool {
			name := k.String()
			if _, dup := s.memberIx[name]; dup {
				return true
			}
			r := l.ref(mv, "member", s.Name, name)
			if r == nil {
				return false
			}
			m := l.newMember()
			m.Name, m.Ref = name, r
			s.Members = append(s.Members, m)
			s.memberIx[m.Name] = m
			return true
		})
	case "list":
		s.Member = l.ref(p.member, "list", s.Name+" member", "")
		if s.Member == nil && l.err == nil {
			l.err = fmt.Errorf("list shape %q has no member", s.Name)
		}
	case "map":
		s.Key = l.ref(p.key, "map", s.Name+" key", "")
		s.Value = l.ref(p.val, "map", s.Name+" value", "")
		if (s.Key == nil || s.Value == nil) && l.err == nil {
			l.err = fmt.Errorf("map shape %q needs key and value", s.Name)
		}
	}
}

func (l *loader) operation(key string, v gjson.Result) *Operation {
	// botocore names an operation by its key; "name" is the wire name and
	// differs for a few (cloudfront's AssociateAlias2020_05_31).
	op := &Operation{Name: key}
	var h, input, output, errs gjson.Result
	var seen uint32
	v.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "name":
			if once(&seen, 1<<0) {
				op.WireName = v.String()
			}
		case "http":
			if once(&seen, 1<<1) {
				h = v
			}
		case "input":
			if once(&seen, 1<<2) {
				input = v
			}
		case "output":
			if once(&seen, 1<<3) {
				output = v
			}
		case "errors":
			if once(&seen, 1<<4) {
				errs = v
			}
		case "endpoint":
			if once(&seen, 1<<5) {
				op.HostPrefix = v.Get("hostPrefix").String()
			}
		case "authtype":
			if once(&seen, 1<<6) {
				op.AuthType = v.String()
			}
		case "deprecated":
			if once(&seen, 1<<7) {
				op.Deprecated = v.Bool()
			}
		case "httpChecksumRequired":
			if once(&seen, 1<<8) {
				op.HTTPChecksumRequired = v.Bool()
			}
		case "idempotent":
			if once(&seen, 1<<9) {
				op.Idempotent = v.Bool()
			}
		}
		return true
	})
	if op.WireName == "" {
		op.WireName = key
	}
	h.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "method":
			setOnce(&op.HTTP.Method, v)
		case "requestUri":
			setOnce(&op.HTTP.RequestURI, v)
		case "responseCode":
			if op.HTTP.ResponseCode == 0 {
				op.HTTP.ResponseCode = int(v.Int())
			}
		}
		return true
	})
	if op.HTTP.Method == "" {
		op.HTTP.Method = "POST"
	}
	if op.HTTP.RequestURI == "" {
		op.HTTP.RequestURI = "/"
	}
	op.Input = l.ref(input, "operation", op.Name+" input", "")
	if op.Input != nil && op.Input.Shape.Payload == "" {
		if p := input.Get("payload").String(); p != "" {
			// An older model form names the payload member on the input
			// reference; give this operation a copy of the shape that
			// carries it.
			cp := *op.Input.Shape
			cp.Payload = p
			op.Input.Shape = &cp
		}
	}
	op.Output = l.ref(output, "operation", op.Name+" output", "")
	errs.ForEach(func(_, e gjson.Result) bool {
		if r := l.ref(e, "operation", op.Name+" error", ""); r != nil {
			op.Errors = append(op.Errors, r)
		}
		return true
	})
	return op
}
