package sql

import (
	"reflect"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // the text of each statement
	}{
		{"simple", "SET 'a' = 'b'; RESET 'a'", []string{"SET 'a' = 'b'", "RESET 'a'"}},
		{"empty statements dropped", ";; SET 'a'='b' ;;\n;", []string{"SET 'a'='b'"}},
		{"semicolon in string", "SET 'k' = 'a;b'; RESET", []string{"SET 'k' = 'a;b'", "RESET"}},
		{"escaped quote", "SET 'k' = 'it''s; fine'; RESET", []string{"SET 'k' = 'it''s; fine'", "RESET"}},
		{"semicolon in backticks", "SELECT `a;b` FROM t; RESET", []string{"SELECT `a;b` FROM t", "RESET"}},
		{"doubled backtick", "SELECT `a``;b` FROM t; RESET", []string{"SELECT `a``;b` FROM t", "RESET"}},
		{"semicolon in double quotes", `SELECT "a;b"; RESET`, []string{`SELECT "a;b"`, "RESET"}},
		{"line comment", "RESET -- not; split\n; RESET", []string{"RESET", "RESET"}},
		{"line comment at end", "RESET; -- a;b", []string{"RESET"}},
		{"block comment", "RESET /* a; b\n c; */; RESET", []string{"RESET", "RESET"}},
		{"comment-only statement", "/* x */ ; -- y\n; RESET", []string{"RESET"}},
		{"hint kept", "SELECT /*+ A('x'=';') */ 1; RESET", []string{"SELECT /*+ A('x'=';') */ 1", "RESET"}},
		{"comment marker in literal", "SET 'a' = '--'; SET 'b' = '/*'; RESET", []string{"SET 'a' = '--'", "SET 'b' = '/*'", "RESET"}},
		{"no final semicolon", "RESET\n", []string{"RESET"}},
		{"dash alone", "SELECT 1-2; RESET", []string{"SELECT 1-2", "RESET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, lerr := lex(tt.in)
			if lerr != nil {
				t.Fatalf("lex: %s", lerr.msg)
			}
			var got []string
			for _, s := range splitStatements(toks) {
				got = append(got, tt.in[s.start:s.end])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLexErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SET 'a' = 'b;\nRESET;", "job.sql:1:11: unterminated string literal: ' without a closing '"},
		{"SELECT `a FROM t;", "job.sql:1:8: unterminated quoted identifier: ` without a closing `"},
		{"RESET;\n  /* never closed; RESET;", "job.sql:2:3: unterminated comment: /* without */"},
		{"SET 'a' = 'it''s;", "job.sql:1:11: unterminated string literal"},
	}
	for _, tt := range tests {
		checkError(t, tt.in, tt.want)
	}
}

func TestLexValues(t *testing.T) {
	toks, lerr := lex("`a``b` 'it''s' \"q\"\"x\" 1.5e3 <> -- c\n/*+ h */ x$1")
	if lerr != nil {
		t.Fatal(lerr.msg)
	}
	var kinds []tokenKind
	var values []string
	for _, tk := range toks {
		kinds = append(kinds, tk.kind)
		values = append(values, tk.value)
	}
	wantKinds := []tokenKind{tokQuotedIdent, tokString, tokDoubleQuoted, tokNumber, tokPunct, tokComment, tokHint, tokWord}
	wantValues := []string{"a`b", "it's", `q"x`, "1.5e3", "<>", "-- c", "/*+ h */", "x$1"}
	if !reflect.DeepEqual(kinds, wantKinds) || !reflect.DeepEqual(values, wantValues) {
		t.Errorf("got %v %q, want %v %q", kinds, values, wantKinds, wantValues)
	}
}
