package syntax

import (
	"context"
	"testing"
)

func TestParseExprAndType(t *testing.T) {
	ctx := context.Background()
	for src, want := range map[string]string{
		"a + b * 2":                 "a + b * 2",
		"(a + b) * 2":               "(a + b) * 2",
		"NOT (a AND b)":             "NOT (a AND b)",
		"- (-1)":                    "-(-1)",
		"a - (b - c)":               "a - (b - c)",
		"(a = b) = c":               "a = b = c",
		"x BETWEEN (a AND b) AND c": "x BETWEEN (a AND b) AND c",
		"(a OR b) IS NULL":          "(a OR b) IS NULL",
		"(r).f.g[1]":                "r.f.g[1]",
		"(a + b).f":                 "(a + b).f",
	} {
		e, err := ParseExpr(ctx, src, Options{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := Format(e); got != want {
			t.Errorf("Format(%s) = %s, want %s", src, got, want)
		}
	}
	typ, err := ParseType(ctx, "ROW<a INT NOT NULL 'c', b ARRAY<MAP<STRING, DECIMAL(10, 2)>>> NOT NULL", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Format(typ), "ROW<a INT NOT NULL 'c', b ARRAY<MAP<STRING, DECIMAL(10, 2)>>> NOT NULL"; got != want {
		t.Errorf("type formats as %s, want %s", got, want)
	}
	if _, err := ParseExpr(ctx, "a +", Options{File: "x.sql"}); err == nil || err.Error() != `x.sql:1:4: in expression: Encountered "<EOF>" at line 1, column 4. Was expecting an expression.` {
		t.Errorf("got %v", err)
	}
}

func TestIsReserved(t *testing.T) {
	for w, want := range map[string]bool{"select": true, "VALUE": true, "timestamp": true, "user": true,
		"STRING": true, "watermark": true, "metadata": false, "name": false, "data": false, "key": false, "if": false} {
		if got := IsReserved(w); got != want {
			t.Errorf("IsReserved(%s) = %v, want %v", w, got, want)
		}
	}
}

// TestErrorPositionCountsRunes: columns count characters, not bytes, and
// lines count from 1 after each newline.
func TestErrorPositionCountsRunes(t *testing.T) {
	_, err := ParseScript(context.Background(), "SELECT 1;\n  SELECT 'héllo €', CAST(a INT) FROM t;", Options{})
	perr, ok := err.(*Error)
	if !ok {
		t.Fatalf("got %v", err)
	}
	if perr.Pos.Line != 2 || perr.Pos.Col != 28 || perr.Construct != "CAST" {
		t.Fatalf("got %+v, want line 2, column 28 in CAST", perr)
	}
	src := "SELECT 1;\n  SELECT 'héllo €', CAST(a INT) FROM t;"
	if got := src[perr.Pos.Offset:][:3]; got != "INT" {
		t.Fatalf("offset points at %q, want INT", got)
	}
}

func TestScriptTexts(t *testing.T) {
	src := "SET a.b = 1 h ;\n-- c\nSELECT 1 /* x */ ;BEGIN STATEMENT SET;\nINSERT INTO t SELECT 2;\nEND;\nSET 'k' = 'v'"
	s, err := ParseScript(context.Background(), src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"SET a.b = 1 h", "SELECT 1", "BEGIN STATEMENT SET;\nINSERT INTO t SELECT 2;\nEND", "SET 'k' = 'v'"}
	if len(s.Texts) != len(want) || len(s.Stmts) != len(want) {
		t.Fatalf("got %d texts, %d statements: %q", len(s.Texts), len(s.Stmts), s.Texts)
	}
	for i := range want {
		if s.Texts[i] != want[i] {
			t.Errorf("text %d = %q, want %q", i, s.Texts[i], want[i])
		}
	}
}
