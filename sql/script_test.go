package sql

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/sql/syntax"
)

// A stopped parse returns at once with the context's error, also when
// statements before the point it stopped at failed.
func TestParseContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, text := range []string{
		strings.Repeat("SET 'a' = 'b';\n", 5000),
		"SET 'a' = 1;\n" + strings.Repeat("SET 'a' = 'b';\n", 5000),
	} {
		_, err := ParseContext(ctx, NewSource("job.sql", text))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	}
}

// Settings applies SET (both forms) and RESET in order.
func TestSettings(t *testing.T) {
	s, err := Parse(NewSource("job.sql", "SET 'a' = '1'; SET b.c = 2 s; SET 'd' = 'x'; RESET 'd'; SET e = 'q'"))
	if err != nil {
		t.Fatal(err)
	}
	got := s.Settings()
	if len(got) != 3 || got["a"] != "1" || got["b.c"] != "2 s" || got["e"] != "q" {
		t.Errorf("settings %v", got)
	}
	if s, err = Parse(NewSource("job.sql", "SET 'a' = '1'; RESET; SET 'b' = '2'")); err != nil || len(s.Settings()) != 1 {
		t.Errorf("RESET alone: %v, %v", s.Settings(), err)
	}
}

// TestFlagshipJob renders and parses processor.sql, the fraud-detection job.
func TestFlagshipJob(t *testing.T) {
	text, err := os.ReadFile("testdata/processor.sql")
	if err != nil {
		t.Fatal(err)
	}
	src, err := Render("processor.sql", string(text), lookupIn(jobProperties))
	if err != nil {
		t.Fatal(err)
	}
	script, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(script.Stmts) != 6 || len(script.Texts) != 6 {
		t.Fatalf("got %d statements, want 6", len(script.Stmts))
	}
	if got := script.Settings(); len(got) != 1 || got["execution.checkpointing.interval"] != "10 s" {
		t.Errorf("settings: %v", got)
	}
	// Positions map through the placeholders to the file as written.
	ct, ok := script.Stmts[1].(*syntax.CreateTable)
	if !ok {
		t.Fatalf("statement 2 is %T", script.Stmts[1])
	}
	if got := src.At(ct.Name.Position()); got.Line != 10 || got.Col != 14 {
		t.Errorf("table name at %v, want processor.sql:10:14 (its placeholder)", got)
	}
}
