package expr

import (
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

// Evaluating numeric expressions and calls whose results need no new
// string allocates nothing: they run once per field of every row.
func TestEvalDoesNotAllocate(t *testing.T) {
	a := &Column{Index: 0, Name: "a", T: types.Int.NotNullable()}
	b := &Column{Index: 1, Name: "b", T: types.BigInt}
	d := &Column{Index: 2, Name: "d", T: types.DecimalType(10, 2)}
	exprs := map[string]Expr{
		"a + b":             must(NewArithmetic(Plus, a, b)),
		"a * 2 > b":         must(NewComparison(Gt, must(NewArithmetic(Times, a, num(2))), b)),
		"CAST(a AS BIGINT)": must(NewCast(a, types.BigInt, false)),
		"COALESCE(b, a)":    must(NewCoalesce([]Expr{b, a})),
		"ABS(a)":            must(testFunctions.Resolve("ABS", []Expr{a})),
		"d + d":             must(NewArithmetic(Plus, d, d)),
		"CASE WHEN a > 1 THEN b ELSE 0 END": must(NewCase(
			[]Expr{must(NewComparison(Gt, a, num(1)))}, []Expr{b}, bigint(0))),
	}
	row := []types.Value{types.IntValue(types.KindInt, 7), types.BigIntValue(9), types.DecimalValue(types.NewDecimal(1250, 2))}
	for name, e := range exprs {
		e.Eval(row) // warm the call's scratch pool
		if n := testing.AllocsPerRun(100, func() { e.Eval(row) }); n != 0 {
			t.Errorf("%s: %v allocations per evaluation", name, n)
		}
	}
}
