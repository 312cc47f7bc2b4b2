package runtime

import (
	"context"
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

// sqlJob is a job run for real from SQL text in a directory of its own:
// filesystem sources watch subdirectories, print sinks write to out.
type sqlJob struct {
	t   *testing.T
	dir string
	job *job.Job
	out *syncbuf.Buffer
}

// loadSQLJob writes sqlText as dir/job.sql after making dir's subdirs
// (and cp for checkpoints), and loads it.
func loadSQLJob(t *testing.T, sqlText func(dir string) string, subdirs ...string) *sqlJob {
	t.Helper()
	s := &sqlJob{t: t, dir: t.TempDir(), out: &syncbuf.Buffer{}}
	for _, d := range append(subdirs, "cp") {
		if err := os.Mkdir(filepath.Join(s.dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s.write("job.sql", sqlText(s.dir))
	s.write("props.json", "[]")
	j, err := job.Load(job.Spec{SQLPath: filepath.Join(s.dir, "job.sql"), PropertiesPath: filepath.Join(s.dir, "props.json")},
		builtin.Registry(s.out, io.Discard), zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	s.job = j
	return s
}

// write puts a file under the job's directory whole: written beside the
// watched directories, then moved in.
func (s *sqlJob) write(name, content string) {
	s.t.Helper()
	tmp := filepath.Join(s.dir, "tmp-"+strings.ReplaceAll(name, "/", "-"))
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(s.dir, name)); err != nil {
		s.t.Fatal(err)
	}
}

// start runs the job until the test ends.
func (s *sqlJob) start() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, s.job.Graph, Options{FlushInterval: 50 * time.Millisecond, CheckpointDir: filepath.Join(s.dir, "cp"), JobName: "job.sql"})
	}()
	s.t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			s.t.Errorf("run: %v", err)
		}
	})
}

// waitUntil polls the output until ok accepts it, failing after 20 s.
func (s *sqlJob) waitUntil(what string, ok func(out string) bool) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok(s.out.String()) {
		if time.Now().After(deadline) {
			s.t.Fatalf("no %s in the output:\n%s", what, s.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
