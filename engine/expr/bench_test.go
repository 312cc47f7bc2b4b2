package expr

import (
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

// BenchmarkEval measures per-row evaluation of typical projections.
func BenchmarkEval(b *testing.B) {
	s := &Column{Index: 0, Name: "s", T: types.String}
	n := &Column{Index: 1, Name: "n", T: types.BigInt}
	d := &Column{Index: 2, Name: "d", T: types.DecimalType(10, 2)}
	ts := &Column{Index: 3, Name: "ts", T: types.TimestampType(3)}
	row := []types.Value{types.StringValue("  42 "), types.BigIntValue(7), types.DecimalValue(types.NewDecimal(1999, 2)),
		types.TimestampValue(types.Timestamp{Sec: 1691670896, Nano: 789000000})}
	cases := map[string]Expr{
		"CAST(s AS INT)":      must(NewCast(s, types.Int, false)),
		"n * 3 + 1 > 10":      must(NewComparison(Gt, must(NewArithmetic(Plus, must(NewArithmetic(Times, n, num(3))), num(1))), num(10))),
		"d * d":               must(NewArithmetic(Times, d, d)),
		"UPPER(TRIM(s))":      must(testFunctions.Resolve("UPPER", []Expr{must(testFunctions.Resolve("TRIM", []Expr{s}))})),
		"DATE_FORMAT(ts, …)":  must(testFunctions.Resolve("DATE_FORMAT", []Expr{ts, str("yyyy-MM-dd HH:mm:ss")})),
		"CAST(ts AS STRING)":  must(NewCast(ts, types.String, false)),
		"COALESCE(n, 0) % 4":  must(NewArithmetic(Mod, must(NewCoalesce([]Expr{n, bigint(0)})), num(4))),
		"s LIKE '%4%'":        must(NewLike(s, str("%4%"), nil, false, false)),
		"REGEXP_EXTRACT(...)": must(testFunctions.Resolve("REGEXP_EXTRACT", []Expr{s, str("[0-9]+")})),
	}
	for name, e := range cases {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := e.Eval(row); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
