package sql

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xwb1989/sqlparser"
)

func TestHints(t *testing.T) {
	ins := mustParseOne[*Insert](t, "INSERT INTO out /*+ OPTIONS('sink.parallelism' = '2') */\n"+
		"SELECT /*+ STATE_TTL('l' = '1d', `r` = '3d'), BROADCAST(r, `x`) */ l.a\n"+
		"FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset') */ AS l JOIN s AS r ON l.a = r.a")
	want := []Hint{
		{Name: "OPTIONS", Options: map[string]string{"sink.parallelism": "2"}, Table: "out", Pos: Pos{"job.sql", 1, 21}, Nth: -1},
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
		{"INSERT INTO o SELECT /*+ STATE_TTL('l' = ) */ a FROM t", `job.sql:1:42: Encountered ")"; expected a string literal as the value of hint option 'l'`},
		{"INSERT INTO o SELECT /*+ STATE_TTL('l' = 1) */ a FROM t", `job.sql:1:42: Encountered "1"; expected a string literal as the value of hint option 'l'`},
		{"INSERT INTO o SELECT /*+ X(1 = 'a') */ a FROM t", `job.sql:1:28: Encountered "1"; expected an identifier or a string literal as a hint option key`},
		{"INSERT INTO o SELECT /*+ X('a' = '1', b) */ a FROM t", "job.sql:1:39: hint X mixes 'key' = 'value' options with plain arguments"},
		// Flink's parser takes one hint comment per place.
		{"INSERT INTO o SELECT /*+ A */ /*+ B */ a FROM t", `job.sql:1:31: SQL parse failed. Encountered "/*+": one place takes one hint comment; list the hints in it: /*+ A(...), B(...) */`},
		{"INSERT INTO o SELECT a FROM t /*+ A */ -- c\n/*+ B */", `job.sql:2:1: SQL parse failed. Encountered "/*+": one place takes one hint comment; list the hints in it: /*+ A(...), B(...) */`},
		// A hint goes after SELECT or after a table name in FROM.
		{"INSERT INTO o SELECT a /*+ A */ FROM t", `job.sql:1:28: SQL parse failed. Encountered "/*+": a hint goes right after SELECT (a query hint) or right after a table name in FROM, before its alias (a table hint)`},
		{"INSERT INTO o SELECT a FROM t AS x /*+ OPTIONS('k' = 'v') */", `job.sql:1:40: SQL parse failed. Encountered "/*+": a hint goes right after SELECT (a query hint) or right after a table name in FROM, before its alias (a table hint)`},
		{"INSERT INTO o SELECT a FROM t WHERE b /*+ A */ > 1", `job.sql:1:43: SQL parse failed. Encountered "/*+": a hint goes right after SELECT (a query hint) or right after a table name in FROM, before its alias (a table hint)`},
		{"INSERT INTO o SELECT /*+ ('a') */ a FROM t", `job.sql:1:26: Encountered "("; expected a hint name`},
		{"INSERT INTO o SELECT /*+ A B */ a FROM t", `job.sql:1:28: Encountered "B"; expected ","`},
		{"INSERT INTO o SELECT /*+ A('x) */ a FROM t", "job.sql:1:28: in hint: unterminated string literal"},
	}
	for _, tt := range tests {
		checkError(t, tt.sql, tt.want)
	}
}

// Hint.Nth numbers the SELECTs and the FROM clauses' table names in text
// order, which is the order the planner walks the query in.
func TestHintPlacement(t *testing.T) {
	ins := mustParseOne[*Insert](t, "INSERT INTO o SELECT /*+ Q0 */ x.a AS y, s.a\n"+
		"FROM t /*+ T0 */ AS x, db.t /*+ T1 */\n"+
		"JOIN (SELECT /*+ Q1 */ t.a FROM t /*+ T2 */ JOIN (u /*+ T3 */ JOIN `v` /*+ T4 */ ON u.a = v.a) ON t.a = u.a) AS s ON s.a = x.a,\n"+
		"w /*+ T5('k' = 'k', 'k' = 'last') */ WHERE x.a IN (1, 2)")
	want := []struct {
		name, table string
		nth         int
	}{{"Q0", "", 0}, {"T0", "t", 0}, {"T1", "t", 1}, {"Q1", "", 1}, {"T2", "t", 2}, {"T3", "u", 3}, {"T4", "v", 4}, {"T5", "w", 5}}
	if len(ins.Hints) != len(want) {
		t.Fatalf("hints %+v", ins.Hints)
	}
	for i, w := range want {
		if h := ins.Hints[i]; h.Name != w.name || h.Table != w.table || h.Nth != w.nth {
			t.Errorf("hint %d = %s on %q #%d, want %s on %q #%d", i, h.Name, h.Table, h.Nth, w.name, w.table, w.nth)
		}
	}
	if v := ins.Hints[7].Options["k"]; v != "last" {
		t.Errorf("a key given twice keeps its last value (Flink); got %q", v)
	}
	// The FROM inside a function call's parentheses is not a FROM clause.
	toks, err := lex("SELECT EXTRACT(YEAR FROM ts), TRIM(BOTH ' ' FROM s) FROM t, u")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, tok := range toks {
		if n, ok := tableRefs(toks)[i]; ok {
			names = append(names, fmt.Sprintf("%s#%d", tok.value, n))
		}
	}
	if got := strings.Join(names, " "); got != "t#0 u#1" {
		t.Errorf("table names %q, want t#0 u#1", got)
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
