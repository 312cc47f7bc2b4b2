package job

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
)

// orChainJob writes a job whose WHERE is an n-term OR chain and returns its Spec.
func orChainJob(tb testing.TB, n int) Spec {
	tb.Helper()
	var where strings.Builder
	for i := range n {
		if i > 0 {
			where.WriteString(" OR ")
		}
		fmt.Fprintf(&where, "id = %d", i)
	}
	dir := tb.TempDir()
	text := "CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '" + dir + "', 'format' = 'json');\n" +
		"CREATE TABLE dst (id BIGINT, name STRING) WITH ('connector' = 'blackhole');\n" +
		"INSERT INTO dst SELECT id, name FROM src WHERE " + where.String() + ";\n"
	sqlPath := filepath.Join(dir, "job.sql")
	propsPath := filepath.Join(dir, "application_properties.json")
	for path, body := range map[string]string{sqlPath: text, propsPath: "[]"} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return Spec{SQLPath: sqlPath, PropertiesPath: propsPath}
}

// explain loads the job and renders its plan: what `sluice explain` does.
func explain(tb testing.TB, spec Spec) string {
	j, err := Load(spec, builtin.Registry(io.Discard, io.Discard), zap.NewNop())
	if err != nil {
		tb.Fatal(err)
	}
	return j.Graph.Explain()
}

// allocatedBytes is the memory allocated while explaining spec: a
// deterministic measure of the work done, unlike the time taken.
func allocatedBytes(t *testing.T, spec Spec) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	explain(t, spec)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLongOrChainCostIsLinear is the "parsing is quadratic" check,
// made independent of the machine's speed: doubling the chain must (about)
// double the memory that loading and explaining it allocates; a quadratic
// step (rendering each nested OR's text once per level, as before) makes
// it quadruple.
func TestLongOrChainCostIsLinear(t *testing.T) {
	small, large := orChainJob(t, 10000), orChainJob(t, 20000)
	explain(t, small) // warm up what is allocated once
	a, b := allocatedBytes(t, small), allocatedBytes(t, large)
	if ratio := float64(b) / float64(a); ratio > 2.6 {
		t.Errorf("20,000 terms allocate %.1fx what 10,000 do (%d vs %d bytes); linear work is ~2x", ratio, b, a)
	}
	if plan := explain(t, small); !strings.Contains(plan, "id = 0 OR id = 1 OR id = 2") || strings.Contains(plan, "((") {
		t.Errorf("the chain should be one flat OR in the plan:\n%.300s", plan)
	}
}

// BenchmarkOrChain40000 is the target: a 40,000-term OR chain
// parses, plans and explains in under a second.
func BenchmarkOrChain40000(b *testing.B) {
	spec := orChainJob(b, 40000)
	b.ResetTimer()
	for b.Loop() {
		explain(b, spec)
	}
}
