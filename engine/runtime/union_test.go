package runtime

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/internal/syncbuf"
)

// UNION ALL forwards every row of every input, running the job for real:
// two inputs read the same table (one shared scan), a third another
// table whose INT column is cast to the union's BIGINT.
func TestUnionAllForwardsEveryInput(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"a", "b", "cp"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	sqlText := fmt.Sprintf(`CREATE TABLE a (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '%[1]s/a', 'format' = 'json', 'source.monitor-interval' = '50 ms');
CREATE TABLE b (k INT, s VARCHAR(3)) WITH ('connector' = 'filesystem', 'path' = '%[1]s/b', 'format' = 'json', 'source.monitor-interval' = '50 ms');
CREATE TABLE dst (k BIGINT, s STRING) WITH ('connector' = 'print');
INSERT INTO dst SELECT k, s FROM a UNION ALL SELECT k, s FROM a WHERE k > 1 UNION ALL SELECT k, s FROM b;
`, dir)
	write := func(name, content string) {
		t.Helper()
		tmp := filepath.Join(dir, "tmp-"+strings.ReplaceAll(name, "/", "-"))
		if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write("job.sql", sqlText)
	write("props.json", "[]")
	out := &syncbuf.Buffer{}
	j, err := job.Load(job.Spec{SQLPath: filepath.Join(dir, "job.sql"), PropertiesPath: filepath.Join(dir, "props.json")},
		builtin.Registry(out, io.Discard), zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	if plan := j.Graph.Explain(); strings.Count(plan, "Scan(table=[a]") != 1 || !strings.Contains(plan, "Union(all=[true]") {
		t.Fatalf("want one shared scan of a under a Union:\n%s", plan)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, j.Graph, Options{FlushInterval: 50 * time.Millisecond, CheckpointDir: filepath.Join(dir, "cp"), JobName: "job.sql"})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	write("a/1.json", "{\"k\": 1, \"s\": \"one\"}\n{\"k\": 2, \"s\": \"two\"}\n")
	write("b/1.json", "{\"k\": 7, \"s\": \"abc\"}\n")
	want := map[string]int{"+I[1, one]": 1, "+I[2, two]": 2, "+I[7, abc]": 1}
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := map[string]int{}
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if line != "" {
				got[line]++
			}
		}
		if fmt.Sprint(got) == fmt.Sprint(want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("output %v, want %v:\n%s", got, want, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
