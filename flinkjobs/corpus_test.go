package flinkjobs

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/sql/kafkaswap"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// jobTimeout bounds loading and planning one job. Planning takes
// milliseconds; the bound is generous because the test machine is shared,
// and it exists only so that a hang is reported instead of stalling the test.
const jobTimeout = 60 * time.Second

// corpusJob is one job of the corpus: its files, concatenated in order, with
// ${NAME} placeholders filled from vars first (as the Nexmark runner does).
type corpusJob struct {
	name  string
	files []string
	vars  map[string]string
}

// outcome is what loading one swapped job gave.
type outcome struct {
	planned bool
	err     string   // the error's first line
	kind    string   // the construct that blocked it first (see blockingKind)
	kinds   []string // every construct its errors name, once each
	uses    []string // every construct the job uses (see constructsOf)
	broken  string   // "panic", "hang" or "bad swap": a bug, not a missing feature
}

// TestCorpus swaps each corpus job's connectors to Kafka+JSON, loads and
// explains it through engine/job as `sluice explain` does, prints a table of
// the jobs with the first error of each one that does not plan and a summary
// of what blocks them, and fails if fewer jobs plan than testdata/floor.txt
// says, or if any job panics or hangs. Run it with -v to see the tables.
func TestCorpus(t *testing.T) {
	jobs := loadCorpus(t)
	if len(jobs) < 60 {
		t.Fatalf("the corpus has %d jobs; it should have at least 60", len(jobs))
	}
	floor := readFloor(t)
	dir := t.TempDir()
	results := make([]outcome, len(jobs))
	for i, j := range jobs {
		results[i] = planJob(t, dir, j)
	}
	planned := 0
	for i, r := range results {
		if r.planned {
			planned++
		}
		if r.broken != "" {
			t.Errorf("%s: %s: %s", jobs[i].name, r.broken, r.err)
		}
	}
	t.Log("\n" + resultTable(jobs, results))
	t.Log("\n" + kindSummary("FIRST BLOCKED BY", results, func(r outcome) []string { return []string{r.kind} }))
	t.Log("\n" + kindSummary("BLOCKED BY (any error)", results, func(r outcome) []string { return r.kinds }))
	t.Log("\n" + topRows(kindSummary("USED BY THE JOBS THAT DO NOT PLAN", results, func(r outcome) []string { return r.uses }), 40))
	t.Logf("planned %d of %d", planned, len(jobs))
	switch {
	case planned < floor:
		t.Errorf("planned %d of %d jobs, fewer than the floor of %d in testdata/floor.txt: a change broke jobs that planned before (see the table above)", planned, len(jobs), floor)
	case planned > floor:
		t.Logf("raise the floor to %d in testdata/floor.txt", planned)
	}
}

// planJob prepares job j in dir and loads it; a panic or a hang is an
// outcome (see guarded).
func planJob(t *testing.T, dir string, j corpusJob) outcome {
	t.Helper()
	text, err := swappedJob(j)
	if err != nil {
		return failed(err.Error(), "")
	}
	script, err := syntax.ParseScript(context.Background(), text, syntax.Options{File: j.name + ".sql"})
	if err != nil {
		// kafkaswap parsed the job, so its output must parse too.
		return failed(fmt.Sprintf("the swapped job does not parse: %v", err), "bad swap")
	}
	sqlPath := filepath.Join(dir, j.name+".sql")
	propsPath := filepath.Join(dir, j.name+".json")
	if err := os.WriteFile(sqlPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(propsPath, []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := job.Spec{SQLPath: sqlPath, PropertiesPath: propsPath}
	r := guarded(jobTimeout, func() outcome { return explainJob(spec) })
	// Errors name the swapped file; its directory is noise in the table.
	r.err = strings.ReplaceAll(r.err, dir+string(filepath.Separator), "")
	r.uses = constructsOf(script)
	return r
}

// guarded runs f in a goroutine and turns a panic or a run longer than
// timeout into an outcome, so that one bad job does not hide the others'
// results. After a timeout the goroutine is abandoned, as job.LoadContext
// abandons it on SIGTERM.
func guarded(timeout time.Duration, f func() outcome) outcome {
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- failed(fmt.Sprintf("%v\n%s", p, debug.Stack()), "panic")
			}
		}()
		done <- f()
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(timeout):
		return failed(fmt.Sprintf("loading did not finish within %s", timeout), "hang")
	}
}

// explainJob is `sluice explain`: load and plan the job, render the plan.
func explainJob(spec job.Spec) outcome {
	j, err := job.Load(spec, builtin.Registry(io.Discard, io.Discard), zap.NewNop())
	if err != nil {
		return failed(err.Error(), "")
	}
	if j.Graph.Explain() == "" {
		return failed("the plan is empty", "")
	}
	return outcome{planned: true}
}

// failed is the outcome of an error: Sluice reports one error a line,
// each starting with its file:line:column (other lines continue one).
func failed(msg, broken string) outcome {
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	r := outcome{err: lines[0], kind: blockingKind(lines[0]), broken: broken}
	seen := map[string]bool{}
	for i, l := range lines {
		if i > 0 && !position.MatchString(l) {
			continue
		}
		if k := blockingKind(l); !seen[k] {
			seen[k] = true
			r.kinds = append(r.kinds, k)
		}
	}
	return r
}

// swappedJob is the job's text: each file with its placeholders filled and
// its connectors swapped to Kafka+JSON, in order.
func swappedJob(j corpusJob) (string, error) {
	var b strings.Builder
	for _, f := range j.files {
		src, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		text := fillVars(string(src), j.vars)
		out, err := kafkaswap.Rewrite(context.Background(), filepath.Base(f), text, kafkaswap.Options{})
		if err != nil {
			return "", err
		}
		b.WriteString(out)
	}
	return b.String(), nil
}

var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

// fillVars replaces ${NAME} for each NAME in vars; others stay for Sluice's
// own placeholder rendering to judge.
func fillVars(src string, vars map[string]string) string {
	return placeholder.ReplaceAllStringFunc(src, func(m string) string {
		if v, ok := vars[m[2:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// TestGuardedReportsPanicsAndHangs checks the harness itself: a job that
// panics or never finishes must be reported as broken, not crash or stall
// the corpus test.
func TestGuardedReportsPanicsAndHangs(t *testing.T) {
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	tests := []struct {
		name       string
		f          func() outcome
		wantBroken string
		wantErr    string
	}{
		{"planned", func() outcome { return outcome{planned: true} }, "", ""},
		{"error", func() outcome { return failed("job.sql:1:2: WATERMARK is not supported\njob.sql:3:4: x", "") }, "", "job.sql:1:2: WATERMARK is not supported"},
		{"panic", func() outcome { panic("boom") }, "panic", "boom"},
		{"hang", func() outcome { <-never; return outcome{planned: true} }, "hang", "loading did not finish within 50ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := guarded(50*time.Millisecond, tt.f)
			if r.broken != tt.wantBroken || r.err != tt.wantErr {
				t.Errorf("got broken %q, err %q; want %q, %q", r.broken, r.err, tt.wantBroken, tt.wantErr)
			}
		})
	}
}

// TestBlockingKind checks that errors about one construct in different jobs
// count together.
func TestBlockingKind(t *testing.T) {
	tests := []struct{ msg, want string }{
		{"q5.sql:3:10: type ROW is not supported by Sluice (supported types: INT)", "type ROW is not supported"},
		{"a.sql:7:1: a query on its own (SELECT) is not supported by Sluice: a job writes", "a query on its own (SELECT) is not supported"},
		{"u.sql:8:53: expression celsius_to_fahrenheit(temperature) is not supported by Sluice yet (supported: columns)", "function celsius_to_fahrenheit(…) is not supported"},
		{"d.sql:24:9: table `customers_public`: could not find any factory for identifier 'upsert-kafka'", "table `…`: could not find any factory for identifier 'upsert-kafka'"},
		{`c.sql:25:15: SQL parse failed: Encountered "SIMILAR"; Sluice's query parser cannot read the query`, `SQL parse failed: Encountered "SIMILAR"`},
		{"kafkaswap: x.sql:2:3: in CAST: Encountered \"?\". Was expecting a type", `in CAST: Encountered "?"`},
		{"j.sql:4:3: computed column `log_time` is not supported yet", "computed column `…` is not supported"},
	}
	for _, tt := range tests {
		if got := blockingKind(tt.msg); got != tt.want {
			t.Errorf("blockingKind(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

// permissive is the licences a corpus file may come under.
var permissive = regexp.MustCompile(`^-- License: (Apache-2\.0|MIT|MIT-0|BSD-[23]-Clause)\b`)

// TestCorpusFilesNameTheirSource requires every job file to start with the
// repository, path or URL it comes from and its (permissive) licence.
func TestCorpusFilesNameTheirSource(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.sql")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(string(b), "\n", 12)
		if !strings.HasPrefix(lines[0], "-- Source: https://github.com/") {
			t.Errorf("%s: the first line must be -- Source: <GitHub URL at a commit>", f)
		}
		found := false
		for _, l := range lines[1:] {
			found = found || permissive.MatchString(l)
		}
		if !found {
			t.Errorf("%s: no -- License: line naming a permissive licence in the header", f)
		}
	}
}
