package sql

import (
	"context"
	"errors"
	"strings"
	"testing"
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
