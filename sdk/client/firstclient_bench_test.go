package client

import (
	"syscall"
	"testing"
	"time"

	"github.com/gosoto/gosoto/sdk/model"
	"github.com/gosoto/gosoto/sdk/service/ec2"
	"github.com/gosoto/gosoto/sdk/service/sqs"
	"github.com/gosoto/gosoto/sdk/settings"
)

// The first client of a service pays for its built-in model: decompressing
// the embedded model.json.gz, model.Load, then the client itself. Lookup
// caches the model, so these benchmarks redo each step on every iteration
// with the same code path Lookup takes (model.Gunzip, model.Load) and hand
// the fresh model to the client through the settings. Budgets (issue 4): ec2,
// the largest model, 20 ms; sqs 1 ms. bench/budgets.sh reports them.

func benchmarkFirstClient(b *testing.B, service string, gz func() []byte) {
	cfg, err := settings.ParseConfig([]byte(`{"service":"` + service + `","region":"us-east-1",` + staticCreds + `}`))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		c := *cfg
		c.ServiceModel = gz()
		cl, err := NewFromConfig(&c, noEnv, Options{})
		if err != nil {
			b.Fatal(err)
		}
		cl.Close()
	}
	reportCPU(b, cpu0)
}

// processCPU is the process's user+system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per iteration (every thread, the collector's
// included): on a busy machine wall time (ns/op) overstates the work.
func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric(float64(processCPU()-since)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func BenchmarkFirstClientEC2(b *testing.B) { benchmarkFirstClient(b, "ec2", ec2.Model) }
func BenchmarkFirstClientSQS(b *testing.B) { benchmarkFirstClient(b, "sqs", sqs.Model) }

// BenchmarkLoadEC2 is model.Load alone on the decompressed ec2 model.
func BenchmarkLoadEC2(b *testing.B) {
	doc := ec2.Model()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		if _, err := model.Load("ec2", doc); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}
