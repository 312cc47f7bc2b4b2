package plan_test

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/job"
)

var update = flag.Bool("update", false, "rewrite the expected .out files (review the diff!)")

// TestPlans plans every testdata/*.sql job and compares the EXPLAIN output,
// or the error, with testdata/*.out.
func TestPlans(t *testing.T) {
	files, err := filepath.Glob("testdata/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test jobs: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".sql"), func(t *testing.T) {
			spec := job.Spec{SQLPath: f, PropertiesPath: "testdata/properties.json"}
			j, loadErr := job.Load(spec, builtin.Registry(io.Discard, io.Discard), zap.NewNop())
			var got string
			if loadErr != nil {
				got = "ERROR: " + loadErr.Error() + "\n"
			} else {
				got = j.Graph.Explain()
			}
			golden := strings.TrimSuffix(f, ".sql") + ".out"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("plan of %s differs from %s\n--- got ---\n%s--- want ---\n%s", f, golden, got, want)
			}
			if strings.HasPrefix(filepath.Base(f), "err_") != (loadErr != nil) {
				t.Errorf("err_*.sql files must fail and others must plan; got err=%v", loadErr)
			}
		})
	}
}
