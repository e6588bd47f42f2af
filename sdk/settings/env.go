package settings

import "os"

// Env looks up one environment variable, reporting whether it is set. It is
// how every setting of the live process environment reaches gosoto: capi
// passes one backed by the C library's getenv, tests pass a map.
type Env func(key string) (string, bool)

// OSEnv reads the Go process environment (os.LookupEnv). It is the default
// used where no Env is given. Inside the C shared library the Go copy of the
// environment does not see later setenv calls by the host program, so capi
// always passes its own getenv-backed Env instead.
func OSEnv(key string) (string, bool) { return os.LookupEnv(key) }

// Get returns the value of key when it is set and not empty: like the AWS
// SDKs, an empty variable counts as unset. A nil Env has nothing set.
func (e Env) Get(key string) string {
	if e == nil {
		return ""
	}
	v, ok := e(key)
	if !ok {
		return ""
	}
	return v
}

// Lookup returns the value of key when it is set to a non-empty value.
func (e Env) Lookup(key string) (string, bool) {
	v := e.Get(key)
	return v, v != ""
}

// MapEnv is an Env over a map (tests, and callers that build an
// environment of their own).
func MapEnv(m map[string]string) Env {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}
