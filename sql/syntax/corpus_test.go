package syntax

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCorpus parses every file of testdata/corpus (real-world Flink SQL
// from public, permissively licensed sources; each file names its source)
// and requires every one to parse and survive a format round trip.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.sql")
	if len(files) < 30 {
		t.Fatalf("corpus has %d files, want at least 30", len(files))
	}
	parsed := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			// Nexmark's runner fills ${NAME} placeholders, as Sluice's Render does.
			src := fillPlaceholders(readFile(t, f))
			s, err := ParseScript(context.Background(), src, Options{File: f})
			if err != nil {
				t.Fatal(err)
			}
			checkRoundTrip(t, s)
			checkPositions(t, s)
			checkIdentOffsets(t, src, s)
			parsed++
		})
	}
	t.Logf("%d of %d corpus files parse", parsed, len(files))
}

var placeholder = regexp.MustCompile(`\$\{([^}]*)\}`)

// fillPlaceholders replaces ${group.key} with a name-like word, as Render
// would with a real value.
func fillPlaceholders(src string) string {
	return placeholder.ReplaceAllStringFunc(src, func(m string) string {
		return "ph_" + regexp.MustCompile(`[^A-Za-z0-9]`).ReplaceAllString(m[2:len(m)-1], "_")
	})
}

// TestRepoSQL parses the repository's own SQL: the shipped job, the
// deployment and end-to-end files, and the planner's golden inputs. The
// planner's error cases must parse too: their errors are semantic.
func TestRepoSQL(t *testing.T) {
	var files []string
	for _, g := range []string{"../../processor.sql", "../../deploy/*.sql", "../../examples/*/*.sql",
		"../../e2e/testdata/*/*.sql", "../../engine/plan/testdata/*.sql"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d repository SQL files", len(files))
	}
	// Planner error cases that are parse errors in Flink too, with where they fail.
	wantFail := map[string]string{
		"err_hint_two_comments.sql": "7:42: in hint: one place takes one hint comment",
		"err_hint_misplaced.sql":    "7:64: in hint: a hint /*+ ... */ may only follow SELECT",
		"err_nesting_too_deep.sql":  "SQL is nested too deeply",
		"err_parens_too_deep.sql":   "SQL is nested too deeply",
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			s, err := ParseScript(context.Background(), fillPlaceholders(readFile(t, f)), Options{File: filepath.Base(f)})
			if want, ok := wantFail[filepath.Base(f)]; ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("got error %v, want one containing %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkRoundTrip(t, s)
		})
	}
}
