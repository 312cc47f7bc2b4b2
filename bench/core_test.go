package bench

import (
	"context"
	"strings"
	"testing"
)

func repoRoot(t testing.TB) string {
	t.Helper()
	repo, err := FindRepo("")
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// TestCoreRunsTheSeedJob checks the harness measures a correct run: the
// memory connector feeds the seed job, which writes exactly the rows of
// the flagged accounts, and two runs encode the same bytes.
func TestCoreRunsTheSeedJob(t *testing.T) {
	in := NewCoreInput(30_000)
	want := in.Matches()
	if want < 10_000 || want > 20_000 {
		t.Fatalf("workload has %d matches of 30000; the seed flags half the accounts", want)
	}
	var first CoreResult
	for i := range 2 {
		r, err := RunCore(context.Background(), repoRoot(t), in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Out != int64(want) {
			t.Fatalf("run %d: %d rows written, want %d", i, r.Out, want)
		}
		if i == 0 {
			first = r
		} else if r.Checksum != first.Checksum || r.Bytes != first.Bytes {
			t.Fatalf("runs differ: %d bytes (sum %x) then %d bytes (sum %x)", first.Bytes, first.Checksum, r.Bytes, r.Checksum)
		}
	}
}

func TestBoundedSQL(t *testing.T) {
	seed := "'scan.startup.mode' = '${consumer.config.0.startup.mode}'\n'scan.startup.mode' = '${consumer.config.1.startup.mode}'"
	got, err := BoundedSQL(seed)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(got, "'scan.bounded.mode' = 'latest-offset'") != 2 {
		t.Fatalf("bounded mode not added to both sources:\n%s", got)
	}
	if _, err := BoundedSQL("no sources"); err == nil {
		t.Fatal("SQL without the seed's sources accepted")
	}
}

// BenchmarkOperatorCore is decode + join + encode of the seed job, no I/O,
// per input record. Run it with -cpu 1 for the one-core figure.
func BenchmarkOperatorCore(b *testing.B) {
	const n = 200_000
	in := NewCoreInput(n)
	repo := repoRoot(b)
	b.ReportAllocs()
	b.ResetTimer()
	var events int
	var el float64
	for b.Loop() {
		r, err := RunCore(context.Background(), repo, in)
		if err != nil {
			b.Fatal(err)
		}
		events += r.Events
		el += r.Elapsed.Seconds()
	}
	b.ReportMetric(float64(events)/el, "events/s")
	b.ReportMetric(el*1e9/float64(events), "ns/event")
}

// BenchmarkJoinState200K reports the heap the seed join's state holds per
// transaction row.
func BenchmarkJoinState200K(b *testing.B) {
	in := NewCoreInput(200_000)
	var per float64
	for b.Loop() {
		var err error
		if per, _, err = StateFootprint(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(per, "bytes/row")
}
