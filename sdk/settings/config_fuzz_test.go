package settings

import (
	"errors"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
)

// FuzzParse: the client config document of gosoto_client_new. Any document
// is accepted or refused with an *awserr.Error of Kind InvalidArgument; an
// accepted one has no negative timeout.
func FuzzParse(f *testing.F) {
	f.Add(`{"service": "sqs", "region": "us-east-1", "endpoint_url": "http://127.0.0.1:4576", "profile": "dev",
 "credentials": {"access_key_id": "a", "secret_access_key": "s", "session_token": "t"},
 "max_attempts": 3, "retry_mode": "standard", "connect_timeout_ms": 2000, "read_timeout_ms": 60000, "timeout_ms": 0}`)
	f.Add(`{"service_model": {"metadata": {"protocol": "json"}, "operations": {}, "shapes": {}}, "service_model_path": "/x"}`)
	f.Add(`{"service": "s3", "region": "us-east-1", "s3": {"addressing_style": "path"}, "retry_mode": "adaptive", "timeout_ms": -1}`)
	f.Add(`{"endpoint_url": "ftp://[::1", "region": "us-east-1/../x", "max_attempts": 1e99}`)
	f.Fuzz(func(t *testing.T, doc string) {
		c, err := ParseConfig([]byte(doc))
		if err != nil {
			var e *awserr.Error
			if !errors.As(err, &e) || e.Kind != awserr.InvalidArgument {
				t.Fatalf("error %T %v is not an InvalidArgument *awserr.Error", err, err)
			}
			return
		}
		if c.ConnectTimeout < 0 || c.ReadTimeout < 0 || c.Timeout < 0 {
			t.Fatalf("accepted a negative timeout: %+v", c)
		}
	})
}
