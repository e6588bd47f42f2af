package client

import (
	"unicode/utf8"

	"github.com/gosoto/gosoto/sdk/awserr"
)

// checkInputText rejects call input that is not valid UTF-8 (JSON text is
// UTF-8; the C entry points reject it at the boundary too), before anything
// is parsed or sent.
func checkInputText(opName string, input []byte) error {
	if !utf8.Valid(input) {
		return awserr.InvalidArg("input for %s is not valid UTF-8", opName)
	}
	return nil
}
