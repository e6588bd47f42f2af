package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/jmespath"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// Error codes of waiters. Both are of kind awserr.Service (the service was
// reachable; the resource did not reach the wanted state) and not
// retryable.
const (
	// CodeWaiterFailure: an acceptor with state "failure" matched.
	CodeWaiterFailure = "WaiterFailure"
	// CodeWaiterMaxAttempts: maxAttempts calls were made and no acceptor
	// with state "success" or "failure" matched.
	CodeWaiterMaxAttempts = "WaiterMaxAttemptsExceeded"
	// CodeWaiterCanceled: the context ended while waiting between two
	// attempts (kind awserr.Network, like any call that runs out of time).
	CodeWaiterCanceled = "WaiterCanceled"
)

// WaitOptions override a waiter's model settings. The zero value keeps them.
type WaitOptions struct {
	// Delay between two attempts; 0 keeps the waiter's (or WaiterConfig's),
	// a negative value means no wait at all.
	Delay time.Duration
	// MaxAttempts bounds the number of calls; 0 keeps the waiter's.
	MaxAttempts int
}

// Wait polls a waiter's operation until one of its acceptors reaches a
// terminal state, as botocore's waiters do. name is the waiter's model name
// ("InstanceRunning") or snake_case form ("instance_running"); input is the
// operation's input JSON, which may also carry boto3's
// "WaiterConfig": {"Delay": seconds, "MaxAttempts": n} (taken out before
// the call; opts, when set, override it).
//
// After each call the acceptors are tried in order: "status" compares the
// HTTP status of the response or of the service error; "error" compares the
// service error code (expected true: any service error, false: none);
// "path" compares the expression's value with expected; "pathAll" wants a
// non-empty list whose every element equals expected, "pathAny" a list with
// at least one. Path expressions see the output JSON, or the error JSON
// for a service error. The first acceptor that matches decides: "success"
// returns the response (the output JSON, or the error JSON when a service
// error was the success condition), "failure" returns CodeWaiterFailure,
// "retry" waits and calls again. A service error that no acceptor matches
// is returned as it is, as is any other failure of a call (validation,
// credentials, network). After MaxAttempts calls the error is
// CodeWaiterMaxAttempts. The wait between calls is the fixed delay; ctx
// ending during it returns CodeWaiterCanceled.
func (c *Client) Wait(ctx context.Context, name string, input []byte, opts *WaitOptions) ([]byte, error) {
	w, ok := c.svc.Waiter(name)
	if !ok {
		return nil, awserr.InvalidArg("service %s has no waiter %q (%s)", c.svc.Name, name, listNames("waiters", c.svc.WaiterNames()))
	}
	if _, err := c.operation(w.Operation); err != nil {
		return nil, awserr.InvalidArg("waiter %s polls operation %s, which the service model does not have", w.Name, w.Operation)
	}
	members, err := objectMembers(input, "input_json")
	if err != nil {
		return nil, err
	}
	delay, maxAttempts := time.Duration(w.Delay)*time.Second, w.MaxAttempts
	var call []member
	for _, m := range members {
		if m.key != "WaiterConfig" {
			call = append(call, m)
			continue
		}
		if delay, maxAttempts, err = waiterConfig(m.raw, delay, maxAttempts); err != nil {
			return nil, err
		}
	}
	if opts != nil {
		if opts.Delay < 0 {
			delay = 0
		} else if opts.Delay > 0 {
			delay = opts.Delay
		}
		if opts.MaxAttempts > 0 {
			maxAttempts = opts.MaxAttempts
		}
	}
	req := encodeMembers(call)
	var lastState string
	for attempt := 1; ; attempt++ {
		out, err := c.Call(ctx, w.Operation, req)
		var svcErr *awserr.Error
		if err != nil {
			svcErr = awserr.As(err)
			if svcErr.Kind != awserr.Service {
				return nil, svcErr
			}
			out = svcErr.JSON()
		}
		a := matchAcceptor(w, out, svcErr)
		if a == nil && svcErr != nil {
			return nil, svcErr
		}
		if a != nil {
			switch a.State {
			case "success":
				return out, nil
			case "failure":
				return nil, waiterError(CodeWaiterFailure, out, svcErr, "Waiter %s failed: terminal failure state: %s%s", w.Name, explain(a), errText(svcErr))
			}
			lastState = explain(a)
		}
		if attempt >= maxAttempts {
			prev := ""
			if lastState != "" {
				prev = "; previously accepted state: " + lastState
			}
			return nil, waiterError(CodeWaiterMaxAttempts, out, svcErr, "Waiter %s failed: max attempts (%d) exceeded%s", w.Name, maxAttempts, prev)
		}
		if !sleep(ctx, delay) {
			code := CodeWaiterCanceled
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				code = awserr.CodeTimeout
			}
			return nil, awserr.New(awserr.Network, code, "Waiter %s: %v after %d attempts", w.Name, ctx.Err(), attempt)
		}
	}
}

// waiterConfig applies boto3's WaiterConfig object.
func waiterConfig(raw string, delay time.Duration, maxAttempts int) (time.Duration, int, error) {
	cfg := gjson.Parse(raw)
	if !cfg.IsObject() {
		return 0, 0, awserr.InvalidArg("input_json: WaiterConfig must be an object")
	}
	var err error
	cfg.ForEach(func(k, v gjson.Result) bool {
		switch k.String() {
		case "Delay":
			if v.Type != gjson.Number || v.Num < 0 || v.Num > 86400 {
				err = awserr.InvalidArg("input_json: WaiterConfig.Delay must be a number of seconds (0 to 86400)")
				return false
			}
			delay = time.Duration(v.Num * float64(time.Second))
		case "MaxAttempts":
			if v.Type != gjson.Number || v.Num != float64(int(v.Num)) || v.Num < 1 || v.Num > 1e6 {
				err = awserr.InvalidArg("input_json: WaiterConfig.MaxAttempts must be a positive integer")
				return false
			}
			maxAttempts = int(v.Num)
		default:
			err = awserr.InvalidArg("input_json: WaiterConfig has no member %q (Delay, MaxAttempts)", k.String())
			return false
		}
		return true
	})
	return delay, maxAttempts, err
}

// matchAcceptor returns the first acceptor that matches a response (out is
// the output JSON, or the error JSON when svcErr is set), or nil.
func matchAcceptor(w *model.Waiter, out []byte, svcErr *awserr.Error) *model.Acceptor {
	var data any
	decoded := false
	for _, a := range w.Acceptors {
		switch a.Matcher {
		case "status":
			status := 0
			if svcErr != nil {
				status = svcErr.StatusCode
			} else {
				status = int(gjson.GetBytes(out, "ResponseMetadata.HTTPStatusCode").Int())
			}
			if jmespath.Equal(status, a.Expected) {
				return a
			}
		case "error":
			switch exp := a.Expected.(type) {
			case bool:
				if exp == (svcErr != nil) {
					return a
				}
			case string:
				if svcErr != nil && svcErr.Code == exp {
					return a
				}
			}
		default:
			if !decoded {
				data, _ = jmespath.Decode(out)
				decoded = true
			}
			v, err := a.Argument.Search(data)
			if err != nil {
				continue
			}
			if pathMatches(a.Matcher, v, a.Expected) {
				return a
			}
		}
	}
	return nil
}

func pathMatches(matcher string, v, expected any) bool {
	switch matcher {
	case "path":
		return jmespath.Equal(v, expected)
	case "pathAll":
		l, ok := v.([]any)
		if !ok || len(l) == 0 {
			return false
		}
		for _, e := range l {
			if !jmespath.Equal(e, expected) {
				return false
			}
		}
		return true
	case "pathAny":
		l, _ := v.([]any)
		for _, e := range l {
			if jmespath.Equal(e, expected) {
				return true
			}
		}
	}
	return false
}

// explain describes why an acceptor matched.
func explain(a *model.Acceptor) string {
	switch a.Matcher {
	case "status":
		return "HTTP status " + a.ExpectedJSON
	case "error":
		switch a.Expected {
		case true:
			return "a service error"
		case false:
			return "no service error"
		}
		return "service error " + a.ExpectedJSON
	case "pathAll":
		return fmt.Sprintf("every element of %q is %s", a.Argument.String(), a.ExpectedJSON)
	case "pathAny":
		return fmt.Sprintf("an element of %q is %s", a.Argument.String(), a.ExpectedJSON)
	}
	return fmt.Sprintf("%q is %s", a.Argument.String(), a.ExpectedJSON)
}

func errText(e *awserr.Error) string {
	if e == nil {
		return ""
	}
	return fmt.Sprintf(" (%s: %s)", e.Code, e.Message)
}

// waiterError builds a waiter's error, carrying the response metadata of
// the last response.
func waiterError(code string, out []byte, svcErr *awserr.Error, format string, args ...any) *awserr.Error {
	e := awserr.New(awserr.Service, code, format, args...)
	if svcErr != nil {
		e.StatusCode, e.RequestID, e.Header, e.RetryAttempts = svcErr.StatusCode, svcErr.RequestID, svcErr.Header, svcErr.RetryAttempts
		return e
	}
	md := gjson.GetBytes(out, "ResponseMetadata")
	e.StatusCode = int(md.Get("HTTPStatusCode").Int())
	e.RequestID = md.Get("RequestId").String()
	return e
}
