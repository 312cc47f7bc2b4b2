package plan_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/job"
)

// A query on its own becomes a print sink whose header names the query as
// written, on one line; its rows carry no prefix unless several such
// queries share the job.
func TestBareSelectHeader(t *testing.T) {
	dir := t.TempDir()
	sqlPath := filepath.Join(dir, "processor.sql")
	src := "CREATE TABLE a (k BIGINT, s STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'json');\n" +
		"SELECT k, -- the key\n  s FROM a WHERE k > 1;\n"
	if err := os.WriteFile(sqlPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := job.Load(job.Spec{SQLPath: sqlPath, PropertiesPath: "testdata/properties.json"}, builtin.Registry(io.Discard, io.Discard), zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Graph.Sinks) != 1 {
		t.Fatalf("%d sinks, want 1", len(j.Graph.Sinks))
	}
	s := j.Graph.Sinks[0]
	want := "-- select at " + sqlPath + ":2:1: SELECT k, s FROM a WHERE k > 1"
	if s.Conn.Header != want {
		t.Errorf("header %q, want %q", s.Conn.Header, want)
	}
	if id, ok := s.Table.Options["print-identifier"]; ok {
		t.Errorf("a lone query's rows are prefixed with %q", id)
	}
}
