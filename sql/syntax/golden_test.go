package syntax

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected outputs of golden tests")

// checkGolden compares got with the file want, or rewrites it with -update.
func checkGolden(t *testing.T, wantFile, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(wantFile)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the output (run go test -update to accept):\n--- got\n%s", wantFile, got)
	}
}

// TestGolden parses testdata/*.sql and compares the tree dumps with
// testdata/*.ast; each file must also survive a format round trip.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.sql")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src := readFile(t, f)
			s, err := ParseScript(context.Background(), src, Options{File: f})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, st := range s.Stmts {
				b.WriteString(Dump(st))
				b.WriteString("\n\n")
			}
			checkGolden(t, strings.TrimSuffix(f, ".sql")+".ast", b.String())
			checkRoundTrip(t, s)
			checkPositions(t, s)
			checkIdentOffsets(t, src, s)
		})
	}
}

// TestErrors parses testdata/errors/*.sql, each of which must fail, and
// compares the error with testdata/errors/*.err.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.sql")
	if len(files) == 0 {
		t.Fatal("no error files")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := ParseScript(context.Background(), readFile(t, f), Options{File: filepath.Base(f)})
			if err == nil {
				t.Fatal("parsed without error")
			}
			checkGolden(t, strings.TrimSuffix(f, ".sql")+".err", err.Error()+"\n")
		})
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	s, err := readFileErr(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readFileErr(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}

// checkRoundTrip formats the script, parses the text again and requires
// the same tree (positions aside).
func checkRoundTrip(t *testing.T, s *Script) {
	t.Helper()
	text := FormatScript(s)
	again, err := ParseScript(context.Background(), text, Options{File: "formatted"})
	if err != nil {
		t.Fatalf("formatted script does not parse: %v\n%s", err, text)
	}
	if len(again.Stmts) != len(s.Stmts) {
		t.Fatalf("formatted script has %d statements, want %d:\n%s", len(again.Stmts), len(s.Stmts), text)
	}
	for i := range s.Stmts {
		if a, b := Dump(s.Stmts[i]), Dump(again.Stmts[i]); a != b {
			t.Fatalf("statement %d changed in the round trip:\nformatted: %s\nbefore: %s\nafter:  %s", i+1, Format(s.Stmts[i]), a, b)
		}
	}
}
