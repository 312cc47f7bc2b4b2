package syntax

import (
	"context"
	"path/filepath"
	"testing"
)

// FuzzParse: no input makes the parser panic or hang, and whatever parses
// formats to text that parses back to the same tree.
func FuzzParse(f *testing.F) {
	for _, g := range []string{"testdata/*.sql", "testdata/errors/*.sql", "testdata/corpus/*.sql"} {
		files, _ := filepath.Glob(g)
		for _, name := range files {
			if src, err := readFileErr(name); err == nil {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		s, err := ParseScript(context.Background(), src, Options{MaxDepth: 200})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		text := FormatScript(s)
		again, err := ParseScript(context.Background(), text, Options{MaxDepth: 400})
		if err != nil {
			t.Fatalf("formatted text does not parse: %v\ninput: %q\nformatted: %q", err, src, text)
		}
		if len(again.Stmts) != len(s.Stmts) {
			t.Fatalf("statement count changed: %q -> %q", src, text)
		}
		for i := range s.Stmts {
			if a, b := Dump(s.Stmts[i]), Dump(again.Stmts[i]); a != b {
				t.Fatalf("round trip changed the tree:\ninput: %q\nformatted: %q\nbefore: %s\nafter:  %s", src, text, a, b)
			}
		}
	})
}
