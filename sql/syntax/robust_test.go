package syntax

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// orChain builds "SELECT 1 FROM t WHERE a = 0 OR a = 1 OR ..." with n terms.
func orChain(n int) string {
	var b strings.Builder
	b.WriteString("SELECT 1 FROM t WHERE a = 0")
	for i := 1; i < n; i++ {
		b.WriteString(" OR a = ")
		b.WriteString(itoa(i))
	}
	return b.String()
}

// TestLongOrChain parses a 40,000-term OR chain: precedence climbing keeps
// this one loop, not 40,000 nested calls. (Its speed is BenchmarkOrChain's job.)
func TestLongOrChain(t *testing.T) {
	s, err := ParseStatement(context.Background(), orChain(40000), Options{})
	if err != nil {
		t.Fatal(err)
	}
	where := s.(*QueryStmt).Query.Body.(*Select).Where
	terms := 1
	for b, ok := where.(*Binary); ok && b.Op == "OR"; b, ok = b.L.(*Binary) {
		terms++
	}
	if terms != 40000 {
		t.Fatalf("got %d OR terms, want 40000", terms)
	}
}

func BenchmarkOrChain40k(b *testing.B) {
	src := orChain(40000)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := ParseStatement(context.Background(), src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCorpusScript(b *testing.B) {
	src := fillPlaceholders(readFileB(b, "testdata/corpus/cookbook_05_star_schema.sql"))
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := ParseScript(context.Background(), src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDepthLimit: deep nesting of every recursive construct is an error
// at a position, not a stack overflow.
func TestDepthLimit(t *testing.T) {
	const n = 100000
	cases := map[string]string{
		"parentheses": "SELECT " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n),
		"unary minus": "SELECT " + strings.Repeat("- ", n) + "1",
		"NOT":         "SELECT " + strings.Repeat("NOT ", n) + "TRUE",
		"subqueries":  strings.Repeat("SELECT * FROM (", n) + "SELECT 1" + strings.Repeat(")", n),
		"types":       "SELECT CAST(a AS " + strings.Repeat("ARRAY<", n) + "INT" + strings.Repeat(">", n) + ")",
		"CASE":        "SELECT " + strings.Repeat("CASE WHEN a THEN ", n) + "1" + strings.Repeat(" END", n),
		"calls":       "SELECT " + strings.Repeat("f(", n) + "1" + strings.Repeat(")", n),
		"pattern":     "SELECT * FROM t MATCH_RECOGNIZE (PATTERN (" + strings.Repeat("(", n) + "A" + strings.Repeat(")", n) + ") DEFINE A AS TRUE)",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseScript(context.Background(), src, Options{})
			var perr *Error
			if !errors.As(err, &perr) || !strings.Contains(perr.Msg, "nested too deeply") {
				t.Fatalf("got %v, want a nesting error", err)
			}
			if !perr.Pos.IsValid() {
				t.Fatalf("error has no position: %v", err)
			}
		})
	}
	// Just under the limit still parses.
	src := "SELECT " + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200)
	if _, err := ParseScript(context.Background(), src, Options{}); err != nil {
		t.Fatalf("200 parentheses: %v", err)
	}
}

// TestCancel: a cancelled context stops the parser.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ParseScript(ctx, orChain(10000), Options{})
	if err == nil || !strings.Contains(err.Error(), "parsing stopped") || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the parse to stop", err)
	}
	// A short script finishes before the first check.
	if _, err := ParseScript(ctx, "SELECT 1", Options{}); err != nil {
		t.Fatalf("short script: %v", err)
	}
}

func readFileB(b *testing.B, name string) string {
	b.Helper()
	data, err := readFileErr(name)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// TestDumpDeepTree: Dump of a 40,000-term chain stays linear (it took
// minutes when every level re-rendered the whole subtree).
func TestDumpDeepTree(t *testing.T) {
	e, err := ParseExpr(context.Background(), strings.Repeat("a OR ", 40000)+"a", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := Dump(e); strings.Count(d, "(Binary") != 40000 {
		t.Fatalf("dump has %d Binary nodes", strings.Count(d, "(Binary"))
	}
}
