// Package flinkdiff is the differential suite against Apache Flink: each
// directory under cases/ is a job (job.sql), its input files, and flink.out,
// what Flink 1.20 printed and wrote for it (recorded by
// scripts/flink-oracle/diff.sh, `make flink-diff`). The test runs every case
// on Sluice — the job loader and runtime, the connectors the binary ships —
// and compares the output with Flink's byte for byte. It never needs Flink.
package flinkdiff

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/internal/syncbuf"
)

// header is flink.out's first line's start; the line names Flink's version.
const header = "# Recorded on Apache Flink "

func TestAgainstFlink(t *testing.T) {
	cases, err := filepath.Glob("cases/*/job.sql")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases under cases/: %v", err)
	}
	for _, sqlPath := range cases {
		dir := filepath.Dir(sqlPath)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "flink.out"))
			if err != nil {
				t.Fatalf("%v (record it with make flink-diff)", err)
			}
			first, rest, _ := strings.Cut(string(want), "\n")
			if !strings.HasPrefix(first, header) {
				t.Fatalf("%s/flink.out does not start with %q", dir, header)
			}
			got := runOnSluice(t, dir)
			if got != rest {
				t.Errorf("Sluice's output differs from Flink's (%s/flink.out); - Flink only, + Sluice only:\n%s",
					dir, lineDiff(rest, got))
			}
		})
	}
}

// runOnSluice runs the case's job to the end of its bounded inputs and
// renders its output as diff.py renders Flink's: the print sink's lines,
// then each filesystem sink's, every section sorted (a join's output order
// depends on how its inputs interleave, which neither engine fixes).
func runOnSluice(t *testing.T, dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	out := filepath.Join(work, "out")
	props := []map[string]any{{"PropertyGroupId": "case", "PropertyMap": map[string]string{"dir": abs, "out": out}}}
	propsPath := filepath.Join(work, "properties.json")
	data, _ := json.Marshal(props)
	if err := os.WriteFile(propsPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout syncbuf.Buffer
	j, err := job.Load(job.Spec{SQLPath: filepath.Join(abs, "job.sql"), PropertiesPath: propsPath},
		builtin.Registry(&stdout, &stdout), zap.NewNop())
	if err != nil {
		t.Fatalf("planning %s/job.sql: %v", dir, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := runtime.Run(ctx, j.Graph, runtime.Options{Logger: zap.NewNop(), JobName: filepath.Base(dir),
		CheckpointDir: filepath.Join(work, "checkpoints")}); err != nil {
		t.Fatalf("running %s/job.sql: %v", dir, err)
	}
	var b strings.Builder
	b.WriteString("== print ==\n")
	writeSorted(&b, strings.Split(stdout.String(), "\n"))
	sinks, _ := os.ReadDir(out)
	for _, s := range sinks {
		if !s.IsDir() {
			continue
		}
		fmt.Fprintf(&b, "== filesystem %s ==\n", s.Name())
		writeSorted(&b, sinkLines(t, filepath.Join(out, s.Name())))
	}
	return b.String()
}

// sinkLines returns the lines of a filesystem sink's visible part files.
func sinkLines(t *testing.T, dir string) []string {
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		lines = append(lines, strings.Split(string(data), "\n")...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func writeSorted(b *strings.Builder, lines []string) {
	var keep []string
	for _, l := range lines {
		if l != "" {
			keep = append(keep, l)
		}
	}
	sort.Strings(keep)
	for _, l := range keep {
		b.WriteString(l + "\n")
	}
}

// lineDiff lists, section by section, the lines only one side has ("-"
// Flink, "+" Sluice), duplicates counted.
func lineDiff(want, got string) string {
	ws, wOrder := sections(want)
	gs, gOrder := sections(got)
	var b bytes.Buffer
	seen := map[string]bool{}
	for _, name := range append(wOrder, gOrder...) {
		if seen[name] {
			continue
		}
		seen[name] = true
		b.WriteString("  " + name + "\n")
		count := map[string]int{}
		for _, l := range ws[name] {
			count[l]++
		}
		for _, l := range gs[name] {
			count[l]--
		}
		for _, l := range ws[name] {
			if count[l] > 0 {
				count[l]--
				b.WriteString("- " + l + "\n")
			}
		}
		for _, l := range gs[name] {
			if count[l] < 0 {
				count[l]++
				b.WriteString("+ " + l + "\n")
			}
		}
	}
	return b.String()
}

// sections splits rendered output at its "== … ==" lines.
func sections(text string) (map[string][]string, []string) {
	m := map[string][]string{}
	var order []string
	cur := ""
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(l, "== "):
			cur = l
			order = append(order, l)
			m[l] = []string{}
		case l != "":
			m[cur] = append(m[cur], l)
		}
	}
	return m, order
}
