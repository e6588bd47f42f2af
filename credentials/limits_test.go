package credentials

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Token files the chain reads are bounded (the shared files: sdk/settings): a path naming a huge file (or a
// device that never ends) is an error naming it, not an unbounded read.
func TestFilesReadAreBounded(t *testing.T) {
	p := &WebIdentityProvider{RoleARN: "arn:aws:iam::123456789012:role/r", TokenFile: "/dev/zero", Source: SourceWebIdentity}
	_, err := p.Retrieve(context.Background())
	assert.ErrorContains(t, err, "cannot read the web identity token file /dev/zero: /dev/zero is larger than the limit of 1048576 bytes (1 MiB)")
}
