// Package internal is gosoto's foundation: the small packages every layer
// may import, and that import no layer above them.
//
//	internal/awserr    the one error type: a Kind (the C status), a code, a message, response metadata
//	internal/jsonx     JSON writing without reflection (strings, values, numbers)
//	internal/jsonval   typed reads of JSON option documents, with errors naming the key
//	internal/limitio   bounded reads of files and inputs, and the size limits
//	internal/log       the one logger: off by default, secrets redacted
//	internal/testdata  where the shared conformance suites are (tests only)
//
// Nothing here knows of services, protocols, credentials, transport or C.
package internal
