package sql

import (
	"strings"
	"testing"

	"github.com/xwb1989/sqlparser"
)

// orChain is "a = 0 OR a = 1 OR …" with n terms.
func orChain(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString("a = ")
		b.WriteString(strings.Repeat("1", 1+i%5))
	}
	return b.String()
}

func TestNestingLimits(t *testing.T) {
	tests := []struct {
		name, where, want string // want "" = parses
	}{
		{"40,000-term OR chain", orChain(40000), ""},
		{"mixed AND/OR chain", strings.Repeat("a = 1 AND b = 2 OR ", 20000) + "a = 3", ""},
		{"NOT at the limit", strings.Repeat("NOT ", MaxExprDepth-10) + "a = 1", ""},
		{"NOT past the limit", strings.Repeat("NOT ", 100000) + "a = 1", "job.sql:1:15: the query nests expressions more than 1000 levels deep"},
		{"100,000 parentheses", strings.Repeat("(", 100000) + "a = 1" + strings.Repeat(")", 100000), "job.sql:1:15: SQL parse failed: parentheses nested more than 200 deep"},
		{"100,000 parenthesised queries", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "INSERT INTO o SELECT a FROM t WHERE " + tt.where
			if tt.where == "" {
				// Flink reads a parenthesised query; unwrapping 100,000
				// pairs must take linear time.
				text = "INSERT INTO o " + strings.Repeat("(", 100000) + "SELECT a FROM t" + strings.Repeat(")", 100000)
			}
			_, err := parseText(text)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestOperandsAndWalkAreInOrder(t *testing.T) {
	ins := mustParseOne[*Insert](t, "INSERT INTO o SELECT a FROM t WHERE (a = 1 OR b = 2) OR (c = 3 AND d = 4) OR NOT e = 5")
	where := ins.Query.(*sqlparser.Select).Where.Expr
	var got []string
	for _, o := range Operands(where, false) {
		got = append(got, sqlparser.String(o))
	}
	if want := "a = 1|b = 2|(c = 3 and d = 4)|not e = 5"; strings.Join(got, "|") != want {
		t.Errorf("Operands = %q, want %q", strings.Join(got, "|"), want)
	}
	var cols []string
	WalkNodes(where, func(n sqlparser.SQLNode) bool {
		if c, ok := n.(*sqlparser.ColName); ok {
			cols = append(cols, c.Name.String())
		}
		return true
	})
	if strings.Join(cols, "") != "abcde" {
		t.Errorf("WalkNodes visited columns %q, want abcde", cols)
	}
	if got := ExprText(where); got != sqlparser.String(where) {
		t.Errorf("ExprText = %q", got)
	}
	long := mustParseOne[*Insert](t, "INSERT INTO o SELECT a FROM t WHERE "+orChain(1000)).Query.(*sqlparser.Select).Where.Expr
	if got := ExprText(long); !strings.Contains(got, "more than 200 parts") {
		t.Errorf("ExprText of a long chain = %.80q…", got)
	}
}
