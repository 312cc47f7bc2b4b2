package flinkjobs

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/sql/syntax"
)

// constructsOf lists the Flink SQL constructs a job uses, once each, named
// as issue reports name them (WATERMARK, computed column, bare SELECT, CAST,
// function DATE_FORMAT, window TVF TUMBLE, ...). Sluice's errors name only
// what stopped it first; this inventory shows what else each job needs.
func constructsOf(s *syntax.Script) []string {
	set := map[string]bool{}
	add := func(c string) { set[c] = true }
	for _, st := range s.Stmts {
		statementConstruct(st, add)
		syntax.Inspect(st, func(n syntax.Node) bool { return nodeConstructs(n, add) })
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func statementConstruct(st syntax.Stmt, add func(string)) {
	switch st := st.(type) {
	case *syntax.QueryStmt:
		add("bare SELECT")
	case *syntax.Set:
		if st.Prop != nil && !st.Quoted {
			add("unquoted SET k = v")
		}
	case *syntax.Use:
		add("USE")
	case *syntax.Drop:
		add("DROP " + st.Object)
	case *syntax.CreateFunction:
		add("CREATE FUNCTION")
	case *syntax.CreateCatalog:
		add("CREATE CATALOG")
	case *syntax.CreateDatabase:
		add("CREATE DATABASE")
	case *syntax.StatementSet:
		add("statement set")
	case *syntax.CreateView:
		add("CREATE VIEW")
	case *syntax.CreateTable:
		if st.Like != nil {
			add("CREATE TABLE … LIKE")
		}
		if st.Query != nil {
			add("CREATE TABLE … AS SELECT")
		}
	case *syntax.Insert:
		if _, ok := st.Query.Body.(*syntax.Values); ok {
			add("INSERT … VALUES")
		}
	}
}

// nodeConstructs adds what node n is; it returns false where n's children
// would only repeat it (the TUMBLE call inside a window TVF).
func nodeConstructs(n syntax.Node, add func(string)) bool {
	switch n := n.(type) {
	case *syntax.Watermark:
		// Its "ts - INTERVAL ..." is part of the construct, not arithmetic.
		add("WATERMARK")
		return false
	case *syntax.Column:
		switch n.Kind {
		case syntax.ColComputed:
			add("computed column")
		case syntax.ColMetadata:
			add("METADATA column")
		}
	case *syntax.Constraint:
		if n.Kind == "PRIMARY KEY" {
			add("PRIMARY KEY (upsert-kafka)")
		}
	case *syntax.DataType:
		switch n.Name {
		case "ROW", "ARRAY", "MAP", "MULTISET", "TIME":
			add("type " + n.Name)
		}
	case *syntax.FieldAccess:
		add("nested field access")
	case *syntax.ColumnRef:
		// t.col is a column; a.b.c can only be a field path (a.b is
		// ambiguous until the planner resolves it, as in Calcite).
		if len(n.Name) >= 3 {
			add("nested field access")
		}
	case *syntax.Index:
		add("array/map index x[i]")
	case *syntax.RowCtor:
		if n.Explicit { // not a VALUES row or a parenthesised list
			add("ROW(…) value")
		}
	case *syntax.ArrayCtor:
		add("ARRAY[…] value")
	case *syntax.MapCtor:
		add("MAP[…] value")
	case *syntax.Cast:
		add(map[bool]string{false: "CAST", true: "TRY_CAST"}[n.Try])
	case *syntax.Case:
		add("CASE")
	case *syntax.Binary:
		switch n.Op {
		case "+", "-", "*", "/", "%":
			add("arithmetic")
		case "||":
			add("||")
		}
	case *syntax.Like:
		add(strings.ToUpper(n.Op))
	case *syntax.Call:
		if n.Over != nil || n.OverName != nil {
			add("OVER window")
		}
		add("function " + funcName(n))
	case *syntax.TableFunc:
		return tableFuncConstruct(n, add)
	case *syntax.TableName:
		if n.SystemTime != nil {
			add("FOR SYSTEM_TIME AS OF")
		}
	case *syntax.Join:
		add(n.Kind + " JOIN")
	case *syntax.Unnest:
		add("UNNEST")
	case *syntax.MatchRecognize:
		add("MATCH_RECOGNIZE")
	case *syntax.Select:
		if n.GroupBy != nil {
			add("GROUP BY")
		}
		if n.Quantifier == "DISTINCT" {
			add("SELECT DISTINCT")
		}
	case *syntax.Query:
		if len(n.With) > 0 {
			add("WITH (CTE)")
		}
		if len(n.OrderBy) > 0 || n.Limit != nil {
			add("ORDER BY / LIMIT")
		}
	case *syntax.SetOp:
		add(strings.TrimSpace(n.Op + " " + n.Quantifier))
	}
	return true
}

// tableFuncConstruct names TABLE(TUMBLE(...)) a window TVF and any other
// TABLE(f(...)) a table function (a UDTF, usually LATERAL).
func tableFuncConstruct(n *syntax.TableFunc, add func(string)) bool {
	if c, ok := n.Call.(*syntax.Call); ok {
		switch name := funcName(c); name {
		case "TUMBLE", "HOP", "CUMULATE", "SESSION":
			add("window TVF " + name)
			for _, a := range c.Args {
				syntax.Inspect(a, func(n syntax.Node) bool { return nodeConstructs(n, add) })
			}
			return false
		}
	}
	add("table function (LATERAL TABLE)")
	return true
}

// funcName is a call's name as Flink resolves built-ins: in any case, unquoted.
func funcName(c *syntax.Call) string {
	parts := make([]string, len(c.Name))
	for i, id := range c.Name {
		parts[i] = strings.ToUpper(id.Name)
	}
	return strings.Join(parts, ".")
}

func TestConstructsOf(t *testing.T) {
	src := `CREATE TABLE t (id INT, r ROW<a INT>, ts TIMESTAMP(3), p AS PROCTIME(),
	  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'datagen');
	SET k = v;
	INSERT INTO t VALUES (1, ROW(2), TIMESTAMP '2024-01-01 00:00:00');
	SELECT window_start, count(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start;
	SELECT CAST(id AS STRING) || 'x', t.r.a FROM t LEFT JOIN t FOR SYSTEM_TIME AS OF t.p AS u ON t.id = u.id;`
	s, err := syntax.ParseScript(context.Background(), src, syntax.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(constructsOf(s), ", ")
	want := "CAST, FOR SYSTEM_TIME AS OF, GROUP BY, INSERT … VALUES, LEFT JOIN, PRIMARY KEY (upsert-kafka), ROW(…) value, " +
		"WATERMARK, bare SELECT, computed column, function COUNT, function PROCTIME, nested field access, type ROW, " +
		"unquoted SET k = v, window TVF TUMBLE, ||"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
