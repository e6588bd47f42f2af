package signer

import (
	"crypto/sha256"
	"encoding/hex"
)

func hashBody() string {
	h := sha256.Sum256([]byte(body))
	return hex.EncodeToString(h[:])
}
