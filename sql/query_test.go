package sql

import (
	"reflect"
	"testing"

	"github.com/xwb1989/sqlparser"
)

func TestHints(t *testing.T) {
	ins := mustParseOne[*Insert](t, "INSERT INTO out /*+ OPTIONS('sink.parallelism' = '2') */\n"+
		"SELECT /*+ STATE_TTL('l' = '1d', `r` = '3d'), BROADCAST(r, `x`) */ l.a\n"+
		"FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset') */ AS l JOIN s AS r ON l.a = r.a")
	want := []Hint{
		{Name: "OPTIONS", Options: map[string]string{"sink.parallelism": "2"}, Table: "out", Pos: Pos{"job.sql", 1, 21}},
		{Name: "STATE_TTL", Options: map[string]string{"l": "1d", "r": "3d"}, Pos: Pos{"job.sql", 2, 12}},
		{Name: "BROADCAST", Args: []string{"r", "x"}, Pos: Pos{"job.sql", 2, 47}},
		{Name: "OPTIONS", Options: map[string]string{"scan.startup.mode": "latest-offset"}, Table: "t", Pos: Pos{"job.sql", 3, 12}},
	}
	if !reflect.DeepEqual(ins.Hints, want) {
		t.Errorf("hints:\n got %+v\nwant %+v", ins.Hints, want)
	}
	// Hints are blanked out for sqlparser, and the query still parses.
	if got := sqlparser.String(ins.Query); got != "select l.a from t as l join s as r on l.a = r.a" {
		t.Errorf("query %s", got)
	}
	if ins.Locate("l", "a").String() != "job.sql:2:68" {
		t.Errorf("Locate(l, a) = %v", ins.Locate("l", "a"))
	}
}

func TestHintErrors(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"INSERT INTO o SELECT /*+ STATE_TTL('l' = ) */ a FROM t", `job.sql:1:42: Encountered ")"; expected a hint argument`},
		{"INSERT INTO o SELECT /*+ X('a' = '1', b) */ a FROM t", "job.sql:1:39: hint X mixes 'key' = 'value' options with plain arguments"},
		{"INSERT INTO o SELECT /*+ X('a' = '1', 'a' = '2') */ a FROM t", "job.sql:1:39: hint X sets 'a' twice"},
		{"INSERT INTO o SELECT /*+ ('a') */ a FROM t", `job.sql:1:26: Encountered "("; expected a hint name`},
		{"INSERT INTO o SELECT /*+ A B */ a FROM t", `job.sql:1:28: Encountered "B"; expected ","`},
		{"INSERT INTO o SELECT /*+ A('x) */ a FROM t", "job.sql:1:28: in hint: unterminated string literal"},
	}
	for _, tt := range tests {
		checkError(t, tt.sql, tt.want)
	}
}

func TestLocate(t *testing.T) {
	ins := mustParseOne[*Insert](t, "INSERT INTO o\n"+
		"SELECT 'l.account_id', -- l.account_id\n"+
		"  /* r.account_id */ `L`.`Account_Id`, l . account_id, r.account_id, r.*\n"+
		"FROM t AS l JOIN s AS r ON l.account_id = r.account_id")
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"l", "account_id"}, "job.sql:3:40"},     // exact case first, spaces around the dot allowed
		{[]string{"L", "Account_Id"}, "job.sql:3:22"},     // quoted identifiers
		{[]string{"l", "ACCOUNT_ID"}, "job.sql:3:22"},     // then case-insensitive
		{[]string{"r", "account_id"}, "job.sql:3:56"},     // not in the comment
		{[]string{"account_id"}, "job.sql:3:44"},          // first identifier token (not the literal)
		{[]string{"r", "*"}, "job.sql:3:70"},              // t.*
		{[]string{"s"}, "job.sql:4:18"},                   //
		{[]string{"nope"}, "job.sql:2:1"},                 // falls back to the query
		{nil, "job.sql:2:1"},                              //
		{[]string{"l", "account_id", "x"}, "job.sql:2:1"}, //
	}
	for _, tt := range tests {
		if got := ins.Locate(tt.parts...).String(); got != tt.want {
			t.Errorf("Locate(%q) = %s, want %s", tt.parts, got, tt.want)
		}
	}
}

func TestQueryErrors(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"syntax error", "INSERT INTO o\nSELECT a frm t", `job.sql:2:14: SQL parse failed: Encountered "t"; Sluice's query parser cannot read the query from here (it does not support every Flink SQL construct yet)`},
		{"error on a later line", "INSERT INTO o SELECT a,\n  b,\n  FROM t", `job.sql:3:3: SQL parse failed: Encountered "FROM"`},
		{"incomplete", "INSERT INTO o SELECT a FROM t WHERE\n;", "job.sql:1:36: SQL parse failed: Encountered end of statement; the query is incomplete"},
		{"error at a punctuation at the end", "INSERT INTO o SELECT a FROM t)", `job.sql:1:30: SQL parse failed: Encountered ")"`},
		{"after a doubled backslash", `INSERT INTO o SELECT 'a\b', '\' frm t`, `job.sql:1:37: SQL parse failed: Encountered "t"`},
		{"after a multibyte literal", "INSERT INTO o SELECT 'ü€', x y z FROM t", `job.sql:1:32: SQL parse failed: Encountered "z"`},
		{"after a comment", "INSERT INTO o SELECT /* c; */ a -- d\n  b c FROM t", `job.sql:2:5: SQL parse failed: Encountered "c"`},
		{"unsupported Flink syntax", "INSERT INTO o SELECT CAST(a AS STRING) FROM t", `job.sql:1:32: SQL parse failed: Encountered "STRING"`},
		{"placeholder in query", "INSERT INTO o SELECT a FROM t WHERE", "job.sql:1:36: SQL parse failed: Encountered end of statement"},
		{"concat", "INSERT INTO o SELECT a || b FROM t", "job.sql:1:24: the || operator is not supported by Sluice yet (MySQL reads it as OR): use CONCAT(a, b)"},
		{"double quotes", `INSERT INTO o SELECT "a" FROM t`, `job.sql:1:22: Encountered "\"a\"": Flink SQL writes string literals in single quotes ('text') and quoted identifiers in backticks`},
		{"hash", "INSERT INTO o SELECT a FROM t # comment?", `job.sql:1:31: Encountered "#": not valid Flink SQL`},
		{"double slash", "INSERT INTO o SELECT a // 2 FROM t", `job.sql:1:24: Encountered "//": not valid Flink SQL`},
		{"and-and", "INSERT INTO o SELECT a FROM t WHERE a && b", `job.sql:1:39: Encountered "&&": not valid Flink SQL`},
		{"bind variable", "INSERT INTO o SELECT a FROM t WHERE a = ?", `job.sql:1:41: Encountered "?": not valid Flink SQL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkError(t, tt.sql, tt.want)
		})
	}
}

// Flink string literals have no backslash escapes; sqlparser's MySQL
// reading must not change them.
func TestBackslashesInLiterals(t *testing.T) {
	ins := mustParseOne[*Insert](t, `INSERT INTO o SELECT a FROM t WHERE p = 'C:\' AND r = '\d+\n'`)
	var lits []string
	_ = sqlparser.Walk(func(node sqlparser.SQLNode) (bool, error) {
		if v, ok := node.(*sqlparser.SQLVal); ok && v.Type == sqlparser.StrVal {
			lits = append(lits, string(v.Val))
		}
		return true, nil
	}, ins.Query)
	if want := []string{`C:\`, `\d+\n`}; !reflect.DeepEqual(lits, want) {
		t.Errorf("literals %q, want %q", lits, want)
	}
}

// Comments inside a query, with ';' and quotes in them, do not disturb it.
func TestCommentsInQuery(t *testing.T) {
	ins := mustParseOne[*Insert](t, "INSERT INTO o -- target; 'x\nSELECT a /* ; ' */, b -- trailing ;'\nFROM t -- end")
	if got := sqlparser.String(ins.Query); got != "select a, b from t" {
		t.Errorf("query %s", got)
	}
}
