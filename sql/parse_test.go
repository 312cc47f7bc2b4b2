package sql

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/xwb1989/sqlparser"

	"github.com/sluice-sql/sluice/engine/types"
)

// TestFlagshipJob parses processor.sql, the fraud-detection job, after
// rendering its placeholders.
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
	if len(script.Statements) != 6 {
		t.Fatalf("got %d statements, want 6", len(script.Statements))
	}
	if got := script.Settings(); !reflect.DeepEqual(got, map[string]string{"execution.checkpointing.interval": "10 s"}) {
		t.Errorf("settings: %v", got)
	}

	tables := script.Tables()
	var names []string
	for _, ct := range tables {
		names = append(names, ct.Name)
	}
	if want := []string{"flagged_accounts", "transactions", "flagged_transactions", "sink_print"}; !reflect.DeepEqual(names, want) {
		t.Errorf("tables %v, want %v", names, want)
	}
	flagged := tables[0]
	wantCols := []types.Column{{Name: "account_id", Type: types.BigInt}, {Name: "flag_date", Type: types.TimestampType(3)}}
	var cols []types.Column
	for _, c := range flagged.Columns {
		cols = append(cols, types.Column{Name: c.Name, Type: c.Type})
	}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("flagged_accounts columns %v", cols)
	}
	wantOpts := map[string]string{
		"connector":                    "kafka",
		"topic":                        "flagged-accounts",
		"properties.bootstrap.servers": "localhost:29092",
		"properties.group.id":          "flagged-account-source-group",
		"format":                       "json",
		"scan.startup.mode":            "earliest-offset",
	}
	if got := flagged.OptionMap(); !reflect.DeepEqual(got, wantOpts) {
		t.Errorf("flagged_accounts options %v", got)
	}
	// Positions are in the file as written, placeholders and all.
	if flagged.NamePos.String() != "processor.sql:10:14" || flagged.OptionPos("topic").String() != "processor.sql:15:5" {
		t.Errorf("positions: name %v, topic %v", flagged.NamePos, flagged.OptionPos("topic"))
	}
	if o, _ := flagged.Option("topic"); o.ValuePos.String() != "processor.sql:15:15" {
		t.Errorf("topic value at %v", o.ValuePos)
	}
	if c := tables[1].Column("transaction_amount"); c == nil || c.Type != types.DecimalType(10, 2) {
		t.Errorf("transaction_amount: %+v", c)
	}
	if tables[3].OptionMap()["connector"] != "print" {
		t.Errorf("sink_print options %v", tables[3].OptionMap())
	}

	set, ok := script.Statements[5].(*StatementSet)
	if !ok || len(set.Inserts) != 2 || set.Pos.String() != "processor.sql:71:1" {
		t.Fatalf("statement set: %#v", script.Statements[5])
	}
	ins := set.Inserts[0]
	if ins.Table != "flagged_transactions" || ins.TablePos.String() != "processor.sql:73:17" || ins.QueryPos.String() != "processor.sql:74:9" {
		t.Errorf("insert: %s at %v, query at %v", ins.Table, ins.TablePos, ins.QueryPos)
	}
	if set.Inserts[1].Table != "sink_print" || len(script.Inserts()) != 2 {
		t.Errorf("second insert: %s", set.Inserts[1].Table)
	}
	want := "select l.* from transactions as l join flagged_accounts as r on l.account_id = r.account_id and l.transaction_date > r.flag_date"
	if got := sqlparser.String(ins.Query); got != want {
		t.Errorf("query:\n got %s\nwant %s", got, want)
	}
	if got := ins.Locate("r", "flag_date").String(); got != "processor.sql:78:38" {
		t.Errorf("Locate(r, flag_date) = %s", got)
	}
}

func TestSetAndReset(t *testing.T) {
	s := mustParse(t, "SET 'a' = '1';\nset 'b' = 'x''y';\nRESET 'a';\nSET 'c' = '3'")
	if got := s.Settings(); !reflect.DeepEqual(got, map[string]string{"b": "x'y", "c": "3"}) {
		t.Errorf("settings %v", got)
	}
	set := s.Statements[1].(*Set)
	if set.Pos.String() != "job.sql:2:1" || set.KeyPos.String() != "job.sql:2:5" || set.ValuePos.String() != "job.sql:2:11" {
		t.Errorf("positions %+v", set)
	}
	s = mustParse(t, "SET 'a' = '1'; RESET; SET 'b' = '2'")
	if got := s.Settings(); !reflect.DeepEqual(got, map[string]string{"b": "2"}) {
		t.Errorf("RESET alone resets all: %v", got)
	}
}

func TestStatementSets(t *testing.T) {
	const ins = "INSERT INTO a SELECT * FROM b"
	tests := []struct {
		name, sql string
		inserts   int
	}{
		{"execute form", "EXECUTE STATEMENT SET BEGIN " + ins + "; " + ins + "; END;", 2},
		{"execute form on lines", "execute statement set\nbegin\n  " + ins + ";\nend", 1},
		{"BEGIN on its own piece", "EXECUTE STATEMENT SET BEGIN; " + ins + "; END;", 1},
		{"old form", "BEGIN STATEMENT SET;\n" + ins + ";\n" + ins + ";\nEND;", 2},
		{"EXECUTE INSERT inside", "EXECUTE STATEMENT SET BEGIN EXECUTE " + ins + "; END", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.sql+"; SET 'after' = 'set'")
			set, ok := s.Statements[0].(*StatementSet)
			if !ok || len(set.Inserts) != tt.inserts {
				t.Fatalf("got %#v", s.Statements[0])
			}
			if _, ok := s.Statements[1].(*Set); !ok || len(s.Statements) != 2 {
				t.Errorf("statement after the set: %#v", s.Statements)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	e := mustParseOne[*Explain](t, "EXPLAIN CHANGELOG_MODE, estimated_cost INSERT INTO a SELECT * FROM b")
	if _, ok := e.Stmt.(*Insert); !ok || !reflect.DeepEqual(e.Details, []string{"CHANGELOG_MODE", "ESTIMATED_COST"}) {
		t.Errorf("%+v", e)
	}
	e = mustParseOne[*Explain](t, "EXPLAIN PLAN FOR INSERT INTO a SELECT * FROM b")
	if _, ok := e.Stmt.(*Insert); !ok {
		t.Errorf("%+v", e)
	}
	s := mustParse(t, "EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT * FROM b; INSERT INTO c SELECT * FROM b; END;")
	if set, ok := s.Statements[0].(*Explain).Stmt.(*StatementSet); !ok || len(set.Inserts) != 2 {
		t.Errorf("%+v", s.Statements[0])
	}
	if len(s.Inserts()) != 0 {
		t.Error("explained inserts are not run")
	}
}

func TestCreateView(t *testing.T) {
	v := mustParseOne[*CreateView](t, "CREATE TEMPORARY VIEW IF NOT EXISTS v (x, y) COMMENT 'c' AS\n  SELECT a, b FROM t WHERE a > 1")
	if !v.Temporary || !v.IfNotExists || v.Name != "v" || len(v.Columns) != 2 || v.Comment != "c" || v.QueryPos.String() != "job.sql:2:3" {
		t.Errorf("%+v", v)
	}
	if sqlparser.String(v.Query) != "select a, b from t where a > 1" || v.Locate("b").String() != "job.sql:2:13" {
		t.Errorf("query %s, b at %v", sqlparser.String(v.Query), v.Locate("b"))
	}
	if len(mustParse(t, "CREATE VIEW v AS SELECT 1 FROM t").Views()) != 1 {
		t.Error("Views()")
	}
}

func TestInsertColumnsAndTargets(t *testing.T) {
	ins := mustParseOne[*Insert](t, "INSERT INTO cat.db.`T` (a, `b c`) SELECT x, y FROM s")
	if ins.Table != "T" || ins.TableFullName != "cat.db.T" || !reflect.DeepEqual(ins.Columns, []string{"a", "b c"}) {
		t.Errorf("%+v", ins)
	}
	if ins.ColumnPos[1].String() != "job.sql:1:28" || ins.TablePos.String() != "job.sql:1:13" {
		t.Errorf("positions %v %v", ins.ColumnPos, ins.TablePos)
	}
	ins = mustParseOne[*Insert](t, "INSERT INTO t (SELECT x FROM s)")
	if ins.Columns != nil || sqlparser.String(ins.Query) != "select x from s" {
		t.Errorf("parenthesized query: %+v", ins)
	}
	ins = mustParseOne[*Insert](t, "EXECUTE INSERT INTO t SELECT x FROM s")
	if ins.Table != "t" {
		t.Errorf("%+v", ins)
	}
}

func TestStatementErrors(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"INSERT OVERWRITE", "INSERT OVERWRITE t SELECT 1", "job.sql:1:8: INSERT OVERWRITE is not supported in streaming mode"},
		{"CREATE FUNCTION", "SET 'a'='b';\n  CREATE TEMPORARY FUNCTION f AS 'com.x.F';", "job.sql:2:3: CREATE TEMPORARY FUNCTION is not supported by Sluice (supported statements: SET, RESET, CREATE TABLE, CREATE VIEW, INSERT INTO, EXECUTE STATEMENT SET, EXPLAIN)"},
		{"USE CATALOG", "USE CATALOG my_catalog", "job.sql:1:1: USE CATALOG is not supported by Sluice"},
		{"USE", "USE mydb", "job.sql:1:1: USE is not supported by Sluice"},
		{"DROP TABLE", "DROP TABLE IF EXISTS t", "job.sql:1:1: DROP TABLE IF EXISTS is not supported by Sluice"},
		{"SHOW TABLES", "SHOW TABLES", "job.sql:1:1: SHOW TABLES is not supported by Sluice"},
		{"bare SELECT", "SELECT * FROM t", "job.sql:1:1: a query on its own (SELECT) is not supported by Sluice: a job writes its results with INSERT INTO ... SELECT"},
		{"punctuation", "(SELECT 1)", `job.sql:1:1: Encountered "("; expected a statement (SET, RESET`},
		{"SET unquoted", "SET parallelism.default = 1", `job.sql:1:5: Encountered "parallelism"; expected the configuration key, e.g. 'execution.checkpointing.interval' (a string literal in single quotes)`},
		{"SET alone", "SET", "job.sql:1:4: SET without a key is not supported by Sluice: write SET 'key' = 'value'"},
		{"SET value", "SET 'a' = 5", `job.sql:1:11: Encountered "5"; expected the value of 'a'`},
		{"SET junk", "SET 'a' = 'b' 'c'", `job.sql:1:15: Encountered "'c'"; expected the end of the statement (;)`},
		{"unclosed set", "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT * FROM b;", "job.sql:1:1: statement set is not closed: END is missing"},
		{"END forgotten", "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT * FROM b;\nCREATE TABLE t (a INT);",
			"job.sql:2:1: statement set is not closed: expected END before this CREATE TABLE (a statement set holds only INSERT INTO statements)"},
		{"empty set", "EXECUTE STATEMENT SET BEGIN END;", "job.sql:1:1: statement set is empty: it needs at least one INSERT INTO"},
		{"empty set, own piece", "EXECUTE STATEMENT SET BEGIN; END;", "job.sql:1:1: statement set is empty: it needs at least one INSERT INTO"},
		{"no ; before END", "EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT * FROM b\nEND;", `job.sql:3:1: Encountered "END": a ';' is missing before the END of the statement set`},
		{"END alone", "END;", `job.sql:1:1: Encountered "END" without a statement set to end`},
		{"END junk", "BEGIN STATEMENT SET; INSERT INTO a SELECT * FROM b; END x;", `job.sql:1:57: Encountered "x"; expected the end of the statement (;)`},
		{"explain select", "EXPLAIN SELECT 1", "job.sql:1:9: EXPLAIN of a query on its own is not supported by Sluice"},
		{"INSERT VALUES", "INSERT INTO t VALUES (1)", "job.sql:1:15: VALUES is not supported by Sluice yet: use INSERT INTO ... SELECT"},
		{"INSERT WITH", "INSERT INTO t WITH x AS (SELECT 1) SELECT * FROM x", "job.sql:1:15: WITH (common table expressions) is not supported by Sluice yet"},
		{"INSERT no query", "INSERT INTO t", `job.sql:1:14: Encountered end of statement; expected a query ("SELECT")`},
		{"INSERT PARTITION", "INSERT INTO t PARTITION (p = 1) SELECT 1", "job.sql:1:15: INSERT INTO ... PARTITION is not supported by Sluice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkError(t, tt.sql, tt.want)
			if got := parseError(t, tt.sql); strings.Contains(got, "\n") {
				t.Errorf("one error expected, got:\n%s", got)
			}
		})
	}
}

// Every failing statement is reported, one per line, and the errors can
// be examined with errors.As.
func TestSeveralErrors(t *testing.T) {
	_, err := parseText("SET 'a' = 1;\nCREATE TABLE ok (a INT);\nCREATE TABLE t (a FOO);\nDROP TABLE t;")
	want := strings.Join([]string{
		`job.sql:1:11: Encountered "1"; expected the value of 'a' (a string literal in single quotes)`,
		`job.sql:3:19: unknown type "FOO"`,
		`job.sql:4:1: DROP TABLE is not supported by Sluice`,
	}, "\n")
	lines := strings.Split(err.Error(), "\n")
	for i, w := range strings.Split(want, "\n") {
		if i >= len(lines) || !strings.HasPrefix(lines[i], w) {
			t.Fatalf("got:\n%v\nwant:\n%s", err, want)
		}
	}
	var list ErrorList
	var first *Error
	if !errors.As(err, &list) || len(list) != 3 || !errors.As(err, &first) || first.Pos.Line != 1 {
		t.Errorf("errors.As: %#v", err)
	}
}
