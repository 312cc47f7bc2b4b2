package plan_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/sql"
)

// FuzzPlan plans arbitrary scripts: whatever the parser accepts, the
// planner must plan or reject with a positioned error, never panic.
func FuzzPlan(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.sql")
	for _, file := range files {
		if text, err := os.ReadFile(file); err == nil {
			f.Add(string(text))
		}
	}
	registry := builtin.Registry(io.Discard, io.Discard)
	f.Fuzz(func(t *testing.T, text string) {
		// Go's fuzzer does not detect hangs; crashing the worker makes it
		// save the input.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("hang on %q", text)) })
		defer watchdog.Stop()
		parsed, err := sql.Parse(sql.NewSource("fuzz.sql", text))
		if err != nil {
			return
		}
		script, err := plan.FromSQL(parsed)
		if err != nil {
			return
		}
		if g, err := (&plan.Planner{Registry: registry}).Plan(script); err == nil {
			_ = g.Explain()
		}
	})
}
