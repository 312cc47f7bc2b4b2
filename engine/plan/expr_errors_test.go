package plan_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/sql"
)

// TestExpressionErrorsKeepTheirCause checks that an expression library
// error reaches the user at the node's position and stays reachable with
// errors.Is/As, for whoever handles it above the planner.
func TestExpressionErrorsKeepTheirCause(t *testing.T) {
	tests := []struct {
		name, query string
		line, col   int
	}{
		{"cast", "SELECT CAST(ts AS BOOLEAN) FROM a", 3, 22},
		{"function", "SELECT UPPER(k) FROM a", 3, 22},
		{"arithmetic", "SELECT s + 1 FROM a", 3, 22},
		{"nested field", "SELECT k.x FROM a", 3, 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "CREATE TABLE a (k BIGINT, s STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');\n" +
				"CREATE TABLE o (x STRING) WITH ('connector' = 'print');\n" +
				"INSERT INTO o " + tt.query + ";\n"
			path := filepath.Join(dir, "job.sql")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := job.Load(job.Spec{SQLPath: path, PropertiesPath: "testdata/properties.json"},
				builtin.Registry(io.Discard, io.Discard), zap.NewNop())
			var se *sql.Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *sql.Error", err)
			}
			if se.Pos.Line != tt.line || se.Pos.Col != tt.col {
				t.Errorf("error at %d:%d, want %d:%d (%v)", se.Pos.Line, se.Pos.Col, tt.line, tt.col, err)
			}
			if se.Err == nil {
				t.Errorf("%v: the library's error is not kept as the cause", err)
			}
		})
	}
}
