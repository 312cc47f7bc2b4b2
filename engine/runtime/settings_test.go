package runtime

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/config"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/plan"
)

func graphWith(settings map[string]string, sinks ...string) *plan.Graph {
	g := &plan.Graph{Settings: settings}
	for _, s := range sinks {
		g.Sinks = append(g.Sinks, &plan.Sink{Table: &plan.TableDecl{Name: s}})
	}
	return g
}

func TestCheckpointLocation(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]string
		env      string
		opt      string
		want     string // exact, or a prefix ending in "-" for the default
		wantErr  string
	}{
		{name: "default", want: filepath.Join(".sluice", "checkpoints", "processor-")},
		{name: "Flink key", settings: map[string]string{"state.checkpoints.dir": "file:///var/lib/sluice/checkpoints"}, want: "/var/lib/sluice/checkpoints"},
		{name: "Flink 1.20 key", settings: map[string]string{"execution.checkpointing.dir": "/tmp/c"}, want: "/tmp/c"},
		{name: "environment wins over SET", settings: map[string]string{"state.checkpoints.dir": "/a"}, env: "/b", want: "/b"},
		{name: "option wins over all", env: "/b", opt: "/c", want: "/c"},
		{name: "S3", settings: map[string]string{"state.checkpoints.dir": "s3://bucket/x/"}, want: "s3://bucket/x"},
		{name: "S3 from the environment", env: "s3://b/jobs/fraud", want: "s3://b/jobs/fraud"},
		{name: "other scheme", settings: map[string]string{"state.checkpoints.dir": "gs://bucket/x"}, wantErr: "scheme gs:// is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(envCheckpointDir, tt.env)
			got, err := checkpointLocation(graphWith(tt.settings, "flagged_transactions"), Options{CheckpointDir: tt.opt, JobName: "processor.sql"})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want && !(strings.HasSuffix(tt.want, "-") && strings.HasPrefix(got.String(), tt.want)) {
				t.Fatalf("location = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestS3Config(t *testing.T) {
	tests := []struct {
		settings map[string]string
		want     checkpoint.S3Config
		wantErr  string
	}{
		{want: checkpoint.S3Config{}},
		{settings: map[string]string{"s3.endpoint": "http://127.0.0.1:9000", "s3.path.style.access": "true"},
			want: checkpoint.S3Config{Endpoint: "http://127.0.0.1:9000", PathStyle: true}},
		{settings: map[string]string{"s3.path.style.access": "yes"}, wantErr: "SET 's3.path.style.access' = 'yes': want true or false"},
	}
	for _, tt := range tests {
		got, err := s3Config(graphWith(tt.settings))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: err = %v, want %q", tt.settings, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%v: %+v, %v; want %+v", tt.settings, got, err, tt.want)
		}
	}
}

// The job id depends on the SQL file only: adding, removing or reordering
// sinks (or editing queries) keeps the job's checkpoints where they are, so
// the restore, not a fresh directory, decides what of the state is used.
func TestJobID(t *testing.T) {
	a := jobID("processor.sql")
	if b := jobID("processor.sql"); a != b {
		t.Errorf("same file, ids %s and %s", a, b)
	}
	if d := jobID("other.sql"); d == a || !strings.HasPrefix(d, "other-") {
		t.Errorf("other file: id %s", d)
	}
	if e := jobID("jobs/processor.sql"); e == a {
		t.Errorf("another file of the same name got the same id %s", e)
	}
}

// A job checkpointed by an earlier Sluice, whose directory was named after
// the sink tables too, keeps its state after the upgrade: the directory is
// moved, once, to the current id.
func TestAdoptLegacyCheckpoints(t *testing.T) {
	t.Chdir(t.TempDir())
	g := graphWith(nil, "b", "a")
	legacy := filepath.Join(DefaultCheckpointBase, legacyJobID(g, "processor.sql"))
	if err := os.MkdirAll(legacy, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(legacy, "chk-1"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	from, err := adoptLegacyCheckpoints(g, "processor.sql")
	if err != nil || from != legacy {
		t.Fatalf("adopt = %q, %v; want the legacy directory moved", from, err)
	}
	if _, err := os.Stat(filepath.Join(DefaultCheckpointBase, jobID("processor.sql"), "chk-1")); err != nil {
		t.Errorf("checkpoint not in the current directory: %v", err)
	}
	if from, err := adoptLegacyCheckpoints(g, "processor.sql"); err != nil || from != "" {
		t.Errorf("second adopt = %q, %v; want nothing to do", from, err)
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
			settings[config.SettingStateTTL] = tt.value
		}
		got, err := stateTTL(graphWith(settings))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("TTL %q = %v, %v; want %v (error %v)", tt.value, got, err, tt.want, tt.wantErr)
		}
	}
}

// A join whose left input has a 1 s STATE_TTL hint forgets its left rows
// while its right rows stay ('table.exec.state.ttl' = 1 h), running the
// job for real: filesystem sources watching directories, a print sink.
func TestStateTTLHintExpiresOneSide(t *testing.T) {
	j := loadSQLJob(t, func(dir string) string {
		return fmt.Sprintf(`SET 'table.exec.state.ttl' = '1 h';
CREATE TABLE tx (account_id BIGINT, n INT) WITH ('connector' = 'filesystem', 'path' = '%[1]s/tx', 'format' = 'json', 'source.monitor-interval' = '50 ms');
CREATE TABLE flags (account_id BIGINT, f INT) WITH ('connector' = 'filesystem', 'path' = '%[1]s/flags', 'format' = 'json', 'source.monitor-interval' = '50 ms');
CREATE TABLE dst (account_id BIGINT, n INT, f INT) WITH ('connector' = 'print');
INSERT INTO dst SELECT /*+ STATE_TTL('t' = '1 s') */ t.account_id, t.n, fl.f
FROM tx AS t JOIN flags AS fl ON t.account_id = fl.account_id;
`, dir)
	}, "tx", "flags")
	if !strings.Contains(j.job.Graph.Explain(), "stateTtlHints=[[[STATE_TTL options:{LEFT=1 s}]]]") {
		t.Fatalf("plan without the hint:\n%s", j.job.Graph.Explain())
	}
	j.start()
	waitFor := func(row string) {
		t.Helper()
		j.waitUntil(row, func(out string) bool { return strings.Contains(out, row) })
	}
	// Account 3 matching shows both first files were read (rows in file order).
	j.write("tx/1.json", "{\"account_id\": 1, \"n\": 1}\n{\"account_id\": 3, \"n\": 0}\n")
	j.write("flags/1.json", "{\"account_id\": 2, \"f\": 1}\n{\"account_id\": 3, \"f\": 0}\n")
	waitFor("+I[3, 0, 0]")
	time.Sleep(1500 * time.Millisecond) // transaction 1 expires; flag 2 does not
	j.write("flags/2.json", "{\"account_id\": 1, \"f\": 2}\n{\"account_id\": 4, \"f\": 9}\n")
	j.write("tx/2.json", "{\"account_id\": 2, \"n\": 2}\n")
	waitFor("+I[2, 2, 1]") // the old flag still matches a new transaction
	j.write("tx/3.json", "{\"account_id\": 4, \"n\": 4}\n")
	waitFor("+I[4, 4, 9]") // flags/2.json has been read, flag 1 included
	if strings.Contains(j.out.String(), "+I[1, ") {
		t.Fatalf("the expired transaction matched a new flag:\n%s", j.out.String())
	}
}

// Each join gets the hint's TTL for the inputs it names and the SET value
// for the others; joins the planner keeps apart get their own TTLs.
func TestJoinStateTTLs(t *testing.T) {
	dir := t.TempDir()
	sqlText := `SET 'table.exec.state.ttl' = '2 h';
CREATE TABLE t (a BIGINT) WITH ('connector' = 'filesystem', 'path' = '/nonexistent/t', 'format' = 'json');
CREATE TABLE f (a BIGINT) WITH ('connector' = 'filesystem', 'path' = '/nonexistent/f', 'format' = 'json');
CREATE TABLE o (a BIGINT) WITH ('connector' = 'blackhole');
EXECUTE STATEMENT SET BEGIN
INSERT INTO o SELECT /*+ STATE_TTL('t' = '1 d') */ t.a FROM t JOIN f ON t.a = f.a;
INSERT INTO o SELECT /*+ STATE_TTL('f' = '0') */ t.a FROM t JOIN f ON t.a = f.a;
INSERT INTO o SELECT t.a FROM t JOIN f ON t.a = f.a;
END;
`
	if err := os.WriteFile(filepath.Join(dir, "job.sql"), []byte(sqlText), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "props.json"), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := job.Load(job.Spec{SQLPath: filepath.Join(dir, "job.sql"), PropertiesPath: filepath.Join(dir, "props.json")},
		builtin.Registry(io.Discard, io.Discard), zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	global, err := stateTTL(j.Graph)
	if err != nil {
		t.Fatal(err)
	}
	ttls := joinStateTTLs(j.Graph, global)
	var got []string
	for _, s := range j.Graph.Sinks {
		jn := s.Input.(*plan.Project).Input.(*plan.Join)
		l, r := ttls.of(joinStateID(jn), global)
		got = append(got, fmt.Sprintf("%v/%v", l, r))
	}
	if want := "24h0m0s/2h0m0s 2h0m0s/0s 2h0m0s/2h0m0s"; strings.Join(got, " ") != want {
		t.Fatalf("TTLs %s, want %s", strings.Join(got, " "), want)
	}
	if l, r := ttls.of("join/unknown", global); l != global || r != global {
		t.Fatalf("unknown join: %v/%v", l, r)
	}
}
