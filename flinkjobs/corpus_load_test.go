package flinkjobs

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
)

// repoRoot is where reused.txt's paths start.
const repoRoot = ".."

// loadCorpus returns every job: testdata/*.sql, then testdata/reused.txt's.
func loadCorpus(t *testing.T) []corpusJob {
	t.Helper()
	files, err := filepath.Glob("testdata/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var jobs []corpusJob
	for _, f := range files {
		jobs = append(jobs, corpusJob{name: strings.TrimSuffix(filepath.Base(f), ".sql"), files: []string{f}})
	}
	reused, err := readReused("testdata/reused.txt")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, j := range append(jobs, reused...) {
		if seen[j.name] {
			t.Fatalf("job %s is listed twice", j.name)
		}
		seen[j.name] = true
		// A file that moved would otherwise count as a job that does not plan.
		for _, f := range j.files {
			if _, err := os.Stat(f); err != nil {
				t.Fatalf("job %s: %v", j.name, err)
			}
		}
	}
	jobs = append(jobs, reused...)
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].name < jobs[b].name })
	return jobs
}

// readReused reads the job list: one job a line, "name file... [VAR=value...]",
// files relative to the repository root; '#' starts a comment.
func readReused(path string) ([]corpusJob, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var jobs []corpusJob
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		j := corpusJob{name: fields[0], vars: map[string]string{}}
		for _, field := range fields[1:] {
			if k, v, ok := strings.Cut(field, "="); ok {
				j.vars[k] = v
			} else {
				j.files = append(j.files, filepath.Join(repoRoot, field))
			}
		}
		if len(j.files) == 0 {
			return nil, fmt.Errorf("%s:%d: job %s names no file", path, line, j.name)
		}
		jobs = append(jobs, j)
	}
	return jobs, sc.Err()
}

// readFloor reads testdata/floor.txt: the number of jobs that must plan.
func readFloor(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("testdata/floor.txt")
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("testdata/floor.txt: %v", err)
	}
	return n
}

// resultTable has one row a job: its name and "planned" or its first error.
func resultTable(jobs []corpusJob, results []outcome) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "JOB\tRESULT")
	for i, j := range jobs {
		r := results[i]
		switch {
		case r.planned:
			fmt.Fprintf(w, "%s\tplanned\n", j.name)
		case r.broken != "":
			fmt.Fprintf(w, "%s\t%s: %s\n", j.name, strings.ToUpper(r.broken), r.err)
		default:
			fmt.Fprintf(w, "%s\t%s\n", j.name, r.err)
		}
	}
	w.Flush()
	return b.String()
}

// kindSummary counts, for each construct, the jobs that do not plan whose
// kindsOf include it; most first.
func kindSummary(title string, results []outcome, kindsOf func(outcome) []string) string {
	counts := map[string]int{}
	for _, r := range results {
		if !r.planned {
			for _, k := range kindsOf(r) {
				counts[k]++
			}
		}
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(a, b int) bool {
		if counts[kinds[a]] != counts[kinds[b]] {
			return counts[kinds[a]] > counts[kinds[b]]
		}
		return kinds[a] < kinds[b]
	})
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "JOBS\t"+title)
	for _, k := range kinds {
		fmt.Fprintf(w, "%d\t%s\n", counts[k], k)
	}
	w.Flush()
	return b.String()
}

// topRows keeps a table's header and its first n rows.
func topRows(table string, n int) string {
	lines := strings.SplitAfter(table, "\n")
	if len(lines) <= n+2 {
		return table
	}
	return strings.Join(lines[:n+1], "") + fmt.Sprintf("… %d more\n", len(lines)-n-2)
}

var (
	// position is the "file:line:col: " an error starts with.
	position = regexp.MustCompile(`^\S+?:\d+:\d+: `)
	// unsupported is how Sluice's messages name what it lacks.
	unsupported = regexp.MustCompile(`^(.*?) (?:is|are) not supported`)
	// quoted is a table or column name, which differs from job to job
	// (values in '…' such as a connector name, and tokens in "…" as parse
	// errors quote them, are kept: they say what is missing).
	quoted = regexp.MustCompile("`[^`]*`")
	// call is a function call in a message: its arguments differ from job to job.
	call = regexp.MustCompile(`^expression ([A-Za-z_][A-Za-z0-9_.]*)\(.*\)$`)
)

// blockingKind names the construct an error is about, so that errors about
// the same construct in different jobs count together: the part before
// "is not supported" when the message has one, else the message with its
// position and quoted names taken out.
func blockingKind(msg string) string {
	msg = strings.TrimPrefix(msg, "kafkaswap: ")
	msg = position.ReplaceAllString(msg, "")
	msg = quoted.ReplaceAllString(msg, "`…`")
	if m := unsupported.FindStringSubmatch(msg); m != nil {
		construct := m[1]
		if c := call.FindStringSubmatch(construct); c != nil {
			construct = "function " + c[1] + "(…)"
		}
		return construct + " is not supported"
	}
	// The first sentence or clause names the problem; the rest explains it.
	for _, sep := range []string{". ", "; "} {
		if i := strings.Index(msg, sep); i > 0 {
			msg = msg[:i]
		}
	}
	if len(msg) > 100 {
		msg = msg[:100] + "…"
	}
	return msg
}
