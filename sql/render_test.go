package sql

import (
	"errors"
	"strings"
	"testing"
)

func TestRenderFillsPlaceholders(t *testing.T) {
	vars := map[string]string{"a.b": "X", "g.0.k": "long-value", "empty": "", "evil": "x'); DROP TABLE y; --", "tick": "a`b"}
	tests := []struct{ name, in, want string }{
		{"identifier", "CREATE TABLE ${a.b} (", "CREATE TABLE X ("},
		{"in string literal", "'topic' = '${g.0.k}'", "'topic' = 'long-value'"},
		{"in quoted identifier", "`${a.b}`", "`X`"},
		{"in hint", "SELECT /*+ OPTIONS('t'='${a.b}') */ 1", "SELECT /*+ OPTIONS('t'='X') */ 1"},
		{"spaces trimmed", "${ a.b }", "X"},
		{"empty value", "[${empty}]", "[]"},
		{"adjacent", "${a.b}${a.b}", "XX"},
		{"dollar alone", "SELECT '$5', $x, a$b FROM t$", "SELECT '$5', $x, a$b FROM t$"},
		{"line comment left alone", "-- ${unknown}\nSELECT ${a.b}", "-- ${unknown}\nSELECT X"},
		{"block comment left alone", "/* ${unknown}\n ${more} */ ${a.b}", "/* ${unknown}\n ${more} */ X"},
		{"comment marker in literal", "'--' ${a.b} '/*' ${a.b}", "'--' X '/*' X"},
		{"escaped quote in literal", "'it''s -- ${a.b}' -- ${x}", "'it''s -- X' -- ${x}"},
		{"multibyte", "'é${a.b}ü'", "'éXü'"},
		// A value cannot end its literal: the quote is doubled, as SQL escapes it.
		{"quote in literal", "'topic' = '${evil}',", "'topic' = 'x''); DROP TABLE y; --',"},
		{"backquote in identifier", "`${tick}`", "`a``b`"},
		{"quote in hint literal", "/*+ OPTIONS('k'='${evil}') */", "/*+ OPTIONS('k'='x''); DROP TABLE y; --') */"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Render("job.sql", tt.in, lookupIn(vars))
			if err != nil {
				t.Fatal(err)
			}
			if src.Text != tt.want {
				t.Errorf("got %q, want %q", src.Text, tt.want)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	vars := map[string]string{"known": "k", "evil": "t (a INT); DROP TABLE y; --", "dashes": "t--x", "cond": "1 OR 1=1"}
	tests := []struct{ name, in, want string }{
		{"unknown", "SELECT ${nope}", "job.sql:1:8: unknown placeholder ${nope}"},
		{"all unknown reported", "a ${one}\n  'x${two}' ${known}\n${three}",
			"job.sql:1:3: unknown placeholder ${one}\njob.sql:2:5: unknown placeholder ${two}\njob.sql:3:1: unknown placeholder ${three}"},
		{"unterminated", "x = '${abc\n'", "job.sql:1:6: unterminated placeholder: ${ without a closing } on the same line"},
		{"unterminated at end", "${", "job.sql:1:1: unterminated placeholder"},
		{"empty", "é ${ }", "job.sql:1:3: empty placeholder ${ }"},
		{"column counts runes", "'héllo' ${x}", "job.sql:1:9: unknown placeholder ${x}"},
		// Outside quotes a value cannot add tokens of its own.
		{"statement outside quotes", "CREATE TABLE ${evil} (", `job.sql:1:14: placeholder ${evil} outside quotes is filled with "t (a INT); DROP TABLE y; --", which is not a plain name or number`},
		{"comment outside quotes", "SELECT a FROM ${dashes}", `job.sql:1:15: placeholder ${dashes} outside quotes is filled with "t--x"`},
		{"condition outside quotes", "WHERE a = ${cond}", `job.sql:1:11: placeholder ${cond} outside quotes is filled with "1 OR 1=1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render("job.sql", tt.in, lookupIn(vars))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestSourcePosMapsToOriginal(t *testing.T) {
	orig := "SET 'a' = 'b';\nCREATE TABLE ${t.name} (\n  x ${t.type},\n  y INT) WITH ('k' = '${long.value}');\n"
	vars := map[string]string{"t.name": "tbl", "t.type": "BIGINT", "long.value": "a-much-longer-value-than-the-placeholder"}
	src, err := Render("job.sql", orig, lookupIn(vars))
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) int {
		i := strings.Index(src.Text, s)
		if i < 0 {
			t.Fatalf("%q not in rendered text", s)
		}
		return i
	}
	tests := []struct {
		offset int
		want   string
	}{
		{0, "job.sql:1:1"},
		{at("CREATE"), "job.sql:2:1"},
		{at("tbl"), "job.sql:2:14"},     // start of a value: the '$'
		{at("tbl") + 2, "job.sql:2:14"}, // inside a value: the '$'
		{at(" ("), "job.sql:2:23"},      // just after a value
		{at("BIGINT"), "job.sql:3:5"},
		{at("y INT"), "job.sql:4:3"},
		{at("a-much"), "job.sql:4:23"},
		{at("');"), "job.sql:4:36"},
		{len(src.Text), "job.sql:5:1"},
		{len(src.Text) + 10, "job.sql:5:1"}, // clamped
		{-3, "job.sql:1:1"},
	}
	for _, tt := range tests {
		if got := src.Pos(tt.offset).String(); got != tt.want {
			t.Errorf("Pos(%d) = %s, want %s", tt.offset, got, tt.want)
		}
	}
}

// Errors found after rendering point at what the user wrote.
func TestParseErrorsPointAtOriginal(t *testing.T) {
	orig := "-- ${not.resolved}\nCREATE TABLE t (\n  ${col} INT,, b INT\n) WITH ('connector' = '${c}');"
	src, err := Render("job.sql", orig, lookupIn(map[string]string{"col": "a_long_column_name", "c": "kafka"}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(src)
	want := `job.sql:3:14: in column definition: Encountered "," at line 3, column 14.`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s...", err, want)
	}
}

// A Source built without Render (e.g. by other packages' tests) maps
// offsets to positions in its own text.
func TestSourceLiteral(t *testing.T) {
	src := &Source{File: "x.sql", Text: "a\n  é b"}
	if got := src.Pos(7).String(); got != "x.sql:2:5" {
		t.Errorf("Pos(7) = %s", got)
	}
	if got := NewSource("x.sql", src.Text).Pos(7).String(); got != "x.sql:2:5" {
		t.Errorf("NewSource Pos(7) = %s", got)
	}
	if got := (Pos{}).String(); got != "-" {
		t.Errorf("zero Pos = %q", got)
	}
}

// An error inside a placeholder's value names the placeholder and value.
func TestErrorInPlaceholderValue(t *testing.T) {
	orig := "CREATE TABLE ${t} (a INT);\nINSERT INTO x SELECT a FROM ${t}"
	src, err := Render("job.sql", orig, lookupIn(map[string]string{"t": "my-table"}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(src)
	want := "job.sql:1:14: in script: after a complete statement: Encountered \"-\" at line 1, column 14. Was expecting \";\".; at placeholder ${t} (filled with \"my-table\")\n" +
		"job.sql:2:29: in script: after a complete statement: Encountered \"-\" at line 2, column 29. Was expecting \";\".; at placeholder ${t} (filled with \"my-table\")"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// Every statement that fails to parse is reported, one per line, and the
// errors can be examined with errors.As; a failure inside a statement set
// does not make its END a second error.
func TestSeveralParseErrors(t *testing.T) {
	text := "SET 'a' = 1;\nCREATE TABLE ok (a INT);\nCREATE TABLE t (a INT,, b INT);\n" +
		"EXECUTE STATEMENT SET BEGIN\nINSERT INTO x SELECT FROM;\nINSERT INTO y SELECT a FROM ok;\nEND;\n" +
		"INSERT INTO z SELECT (a FROM ok;"
	_, err := Parse(NewSource("job.sql", text))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Pos.String())
	}
	if want := "job.sql:1:11 job.sql:3:23 job.sql:5:22 job.sql:8:25"; strings.Join(got, " ") != want {
		t.Errorf("errors at %v, want %s:\n%v", got, want, err)
	}
}
