package runtime

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/engine/plan"
)

func graphWith(settings map[string]string, sinks ...string) *plan.Graph {
	g := &plan.Graph{Settings: settings}
	for _, s := range sinks {
		g.Sinks = append(g.Sinks, &plan.Sink{Table: &plan.TableDecl{Name: s}})
	}
	return g
}

func TestCheckpointDir(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]string
		env      string
		opt      string
		want     string // exact, or a prefix ending in "/" for the default
		wantErr  string
	}{
		{name: "default", want: filepath.Join(".sluice", "checkpoints", "processor-")},
		{name: "Flink key", settings: map[string]string{"state.checkpoints.dir": "file:///var/lib/sluice/checkpoints"}, want: "/var/lib/sluice/checkpoints"},
		{name: "Flink 1.20 key", settings: map[string]string{"execution.checkpointing.dir": "/tmp/c"}, want: "/tmp/c"},
		{name: "environment wins over SET", settings: map[string]string{"state.checkpoints.dir": "/a"}, env: "/b", want: "/b"},
		{name: "option wins over all", env: "/b", opt: "/c", want: "/c"},
		{name: "remote scheme", settings: map[string]string{"state.checkpoints.dir": "s3://bucket/x"}, wantErr: "only local directories"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(envCheckpointDir, tt.env)
			got, err := checkpointDir(graphWith(tt.settings, "flagged_transactions"), Options{CheckpointDir: tt.opt, JobName: "processor.sql"})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want && !(strings.HasSuffix(tt.want, "-") && strings.HasPrefix(got, tt.want)) {
				t.Fatalf("dir = %q, want %q", got, tt.want)
			}
		})
	}
}

// The job id depends on the sink tables and the file name only: not on
// the order of the INSERTs nor on the queries.
func TestJobID(t *testing.T) {
	a := jobID(graphWith(nil, "b", "a"), "processor.sql")
	if b := jobID(graphWith(nil, "a", "b", "a"), "processor.sql"); a != b {
		t.Errorf("sink order changed the id: %s vs %s", a, b)
	}
	if c := jobID(graphWith(nil, "a"), "processor.sql"); c == a {
		t.Errorf("different sinks, same id %s", c)
	}
	if d := jobID(graphWith(nil, "a", "b"), "other.sql"); d == a || !strings.HasPrefix(d, "other-") {
		t.Errorf("other file: id %s", d)
	}
}

func TestStateTTL(t *testing.T) {
	tests := []struct {
		value   string
		want    time.Duration
		wantErr bool
	}{
		{"", 0, false},
		{"1 h", time.Hour, false},
		{"90 min", 90 * time.Minute, false},
		{"soon", 0, true},
	}
	for _, tt := range tests {
		settings := map[string]string{}
		if tt.value != "" {
			settings[settingStateTTL] = tt.value
		}
		got, err := stateTTL(graphWith(settings))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("TTL %q = %v, %v; want %v (error %v)", tt.value, got, err, tt.want, tt.wantErr)
		}
	}
}
