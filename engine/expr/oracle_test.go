package expr

import (
	"bufio"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

// flinkAnswer is one line of testdata/flink_exprs.txt: what Apache Flink
// 1.20 answered for `SELECT <expr>` (scripts/flink-oracle/exprs.sh).
type flinkAnswer struct {
	typ, result string
}

func loadFlinkAnswers(t *testing.T) map[string]flinkAnswer {
	t.Helper()
	f, err := os.Open("testdata/flink_exprs.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]flinkAnswer{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) == 3 {
			out[parts[0]] = flinkAnswer{typ: parts[1], result: unescape(parts[2])}
		}
	}
	return out
}

// unescape undoes exprs.py's escaping of backslash, newline and tab.
func unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\t`, "\t").Replace(s)
}

// oracleCase builds, with this package's constructors, the expression that
// the vector's SQL text spells.
type oracleCase struct {
	sql   string
	build func() (Expr, error)
}

// checkOracle evaluates each case and compares its type and printed row
// (or its error) with Flink's answer.
func checkOracle(t *testing.T, cases []oracleCase) {
	t.Helper()
	answers := loadFlinkAnswers(t)
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			want, ok := answers[c.sql]
			if !ok {
				t.Fatalf("no Flink answer for %q in testdata/flink_exprs.txt", c.sql)
			}
			e, err := c.build()
			if err == nil {
				var v types.Value
				if v, err = e.Eval(nil); err == nil {
					if strings.HasPrefix(want.result, "ERROR ") {
						t.Fatalf("got %s %s, Flink fails: %s", e.Type(), printed(v), want.result)
					}
					if got := flinkTypeString(e.Type()); got != want.typ {
						t.Errorf("type %s, Flink %s", got, want.typ)
					}
					if got := printed(v); got != want.result {
						t.Errorf("got %s, Flink %s", got, want.result)
					}
					return
				}
			}
			if !strings.HasPrefix(want.result, "ERROR ") {
				t.Fatalf("error %v, Flink gives %s %s", err, want.typ, want.result)
			}
			msg := want.result[strings.Index(want.result, ": ")+2:]
			if len(msg) > 40 {
				msg = msg[:40]
			}
			if !strings.Contains(err.Error(), msg) {
				t.Errorf("error %q, Flink's says %q", err, want.result)
			}
		})
	}
}

// flinkTypeString is DataType.toString: like asSummaryString, TIME keeps no
// precision in Flink's planner (TIME(0) whatever was written).
func flinkTypeString(t types.Type) string {
	if t.Kind == types.KindTime {
		t.Precision = 0
	}
	return t.String()
}

func printed(v types.Value) string {
	return string(types.AppendRowString(nil, types.Row{Fields: []types.Value{v}}))
}

// Literals as Flink types them: 'abc' is CHAR(3) NOT NULL, 42 INT NOT NULL,
// 1.5 DECIMAL(2, 1) NOT NULL, 1.5E0 DOUBLE NOT NULL.
func str(s string) Expr {
	return &Literal{V: types.CharValue(s), T: types.Char(len([]rune(s))).NotNullable(), Text: "'" + s + "'"}
}

func num(i int64) Expr {
	return &Literal{V: types.IntValue(types.KindInt, i), T: types.Int.NotNullable(), Text: "x"}
}

func bigint(i int64) Expr {
	return &Literal{V: types.BigIntValue(i), T: types.BigInt.NotNullable(), Text: "x"}
}

func dec(s string) Expr {
	d, err := types.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return &Literal{V: types.DecimalValue(d), T: types.DecimalType(max(d.Precision(), d.Scale()), d.Scale()).NotNullable(), Text: s}
}

func dbl(f float64) Expr {
	return &Literal{V: types.DoubleValue(f), T: types.Double.NotNullable(), Text: "x"}
}

func boolean(b bool) Expr {
	return &Literal{V: types.BoolValue(b), T: types.Boolean.NotNullable(), Text: "x"}
}

func nullOf(t types.Type) Expr { return &Literal{V: types.Null, T: t, Text: "NULL"} }

func timestamp(s string, p int) Expr {
	ts, err := types.ParseTimestampSQL(s)
	if err != nil {
		panic(err)
	}
	return &Literal{V: types.TimestampValue(ts), T: types.TimestampType(p).NotNullable(), Text: "x"}
}

func date(s string) Expr {
	d, err := types.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return &Literal{V: types.DateValue(d), T: types.Date.NotNullable(), Text: "x"}
}

func timeLit(s string) Expr {
	n, err := ParseTimeLenient(s)
	if err != nil {
		panic(err)
	}
	return &Literal{V: types.TimeValue(n), T: types.TimeType(0).NotNullable(), Text: "x"}
}

// must unwraps a constructor's result for use as an operand.
func must(e Expr, err error) Expr {
	if err != nil {
		panic(err)
	}
	return e
}

func bigInt(i int64) *big.Int { return big.NewInt(i) }

func binLit(b string) Expr {
	return &Literal{V: types.BinaryValue([]byte(b)), T: types.Binary(len(b)).NotNullable(), Text: "x'..'"}
}
