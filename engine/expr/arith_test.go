package expr

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

func arith(op ArithOp, l, r Expr) func() (Expr, error) {
	return func() (Expr, error) { return NewArithmetic(op, l, r) }
}

func cmp(op CompareOp, l, r Expr) func() (Expr, error) {
	return func() (Expr, error) { return NewComparison(op, l, r) }
}

func built(e Expr, err error) func() (Expr, error) { return func() (Expr, error) { return e, err } }

func castTo(e Expr, t types.Type) Expr { return must(NewCast(e, t, false)) }

func dayTime(ms int64) Expr {
	return &Literal{V: types.IntervalDayTimeValue(ms), T: types.Type{Kind: types.KindIntervalDayTime, NotNull: true}, Text: "x"}
}

func yearMonth(m int64) Expr {
	return &Literal{V: types.IntervalYearMonthValue(m), T: types.Type{Kind: types.KindIntervalYearMonth, NotNull: true}, Text: "x"}
}

// TestArithmeticMatchesFlink checks result types, overflow and division
// against Flink 1.20's answers.
func TestArithmeticMatchesFlink(t *testing.T) {
	nullInt := nullOf(types.Int)
	checkOracle(t, []oracleCase{
		{"1 + 2", arith(Plus, num(1), num(2))},
		{"2147483647 + 1", arith(Plus, num(2147483647), num(1))},
		{"CAST(127 AS TINYINT) + CAST(1 AS TINYINT)", arith(Plus, castTo(num(127), types.TinyInt), castTo(num(1), types.TinyInt))},
		{"9223372036854775807 + 1", arith(Plus, bigint(9223372036854775807), num(1))},
		{"7 / 2", arith(Divide, num(7), num(2))},
		{"-7 / 2", arith(Divide, num(-7), num(2))},
		{"7 % 3", arith(Mod, num(7), num(3))},
		{"-7 % 3", arith(Mod, num(-7), num(3))},
		// Flink folds the constant 7 / 0 with BigDecimal ("Division by
		// zero"); on rows Java's integer division says "/ by zero".
		{"x % 0 FROM (VALUES (7)) AS t(x)", arith(Mod, num(7), num(0))},
		{"x / 0 FROM (VALUES (1.0E0)) AS t(x)", arith(Divide, dbl(1), num(0))},
		{"x / y FROM (VALUES (CAST(1 AS DECIMAL(5,2)), CAST(0 AS DECIMAL(5,2)))) AS t(x, y)",
			arith(Divide, castTo(num(1), types.DecimalType(5, 2)), castTo(num(0), types.DecimalType(5, 2)))},
		{"TIMESTAMP '2023-08-10 12:34:56' + INTERVAL '0.5' SECOND", arith(Plus, timestamp("2023-08-10 12:34:56", 0), dayTime(500))},
		{"TIMESTAMP '2023-08-10 12:34:56' = '2023-08-10 12:34:56'", cmp(Eq, timestamp("2023-08-10 12:34:56", 0), str("2023-08-10 12:34:56"))},
		{"CAST('2023-08-10 12:34:56.898999' AS TIMESTAMP(3)) = TIMESTAMP '2023-08-10 12:34:56.898'",
			cmp(Eq, castTo(str("2023-08-10 12:34:56.898999"), types.TimestampType(3)), timestamp("2023-08-10 12:34:56.898", 3))},
		{"CAST(12.345 AS FLOAT) * 2", arith(Times, castTo(dec("12.345"), types.Float), num(2))},
		{"1.5 + CAST(1 AS FLOAT)", arith(Plus, dec("1.5"), castTo(num(1), types.Float))},
		{"7.0 / 2", arith(Divide, dec("7.0"), num(2))},
		{"1.5 + 2", arith(Plus, dec("1.5"), num(2))},
		{"1.5 * 2.25", arith(Times, dec("1.5"), dec("2.25"))},
		{"CAST(1 AS DECIMAL(38,10)) * CAST(1 AS DECIMAL(38,10))", arith(Times, castTo(num(1), types.DecimalType(38, 10)), castTo(num(1), types.DecimalType(38, 10)))},
		{"CAST(10 AS DECIMAL(10,2)) / CAST(3 AS DECIMAL(5,1))", arith(Divide, castTo(num(10), types.DecimalType(10, 2)), castTo(num(3), types.DecimalType(5, 1)))},
		{"CAST(1 AS DECIMAL(38,0)) / 3", arith(Divide, castTo(num(1), types.DecimalType(38, 0)), num(3))},
		{"1.5E0 + 1", arith(Plus, dbl(1.5), num(1))},
		{"1 / 2.0E0", arith(Divide, num(1), dbl(2))},
		{"2.5 - CAST(1 AS BIGINT)", arith(Minus, dec("2.5"), castTo(num(1), types.BigInt))},
		{"CAST(1 AS TINYINT) * CAST(2 AS SMALLINT)", arith(Times, castTo(num(1), types.TinyInt), castTo(num(2), types.SmallInt))},
		{"-CAST(5 AS DECIMAL(3,1))", built(NewNegate(castTo(num(5), types.DecimalType(3, 1))))},
		{"1 = 1.0", cmp(Eq, num(1), dec("1.0"))},
		{"'a' < 'b'", cmp(Lt, str("a"), str("b"))},
		{"'10' = 10", cmp(Eq, str("10"), num(10))},
		{"CAST(NULL AS INT) = 1", cmp(Eq, nullInt, num(1))},
		{"1 IS DISTINCT FROM CAST(NULL AS INT)", built(NewDistinctFrom(num(1), nullInt, false))},
		{"CAST(NULL AS INT) IS NOT DISTINCT FROM CAST(NULL AS INT)", built(NewDistinctFrom(nullInt, nullInt, true))},
		{"2 BETWEEN 1 AND 3", built(NewBetween(num(2), num(1), num(3), false, false))},
		{"2 NOT BETWEEN 3 AND 1", built(NewBetween(num(2), num(3), num(1), true, false))},
		{"2 BETWEEN SYMMETRIC 3 AND 1", built(NewBetween(num(2), num(3), num(1), false, true))},
		{"2 IN (1, 2)", built(NewIn(num(2), []Expr{num(1), num(2)}, false))},
		{"3 IN (1, CAST(NULL AS INT))", built(NewIn(num(3), []Expr{num(1), nullInt}, false))},
		{"'ab' || 'cd'", built(NewConcatOp(str("ab"), str("cd")))},
		{"'ab' || CAST(NULL AS STRING)", built(NewConcatOp(str("ab"), nullOf(types.String)))},
		{"'abc' LIKE 'a%'", built(NewLike(str("abc"), str("a%"), nil, false, false))},
		{"'abc' LIKE 'a_c'", built(NewLike(str("abc"), str("a_c"), nil, false, false))},
		{"'a%c' LIKE 'a!%c' ESCAPE '!'", built(NewLike(str("a%c"), str("a!%c"), str("!"), false, false))},
		{"'abc' NOT LIKE '%d'", built(NewLike(str("abc"), str("%d"), nil, false, true))},
		{"'ABC' LIKE 'abc'", built(NewLike(str("ABC"), str("abc"), nil, false, false))},
		{"'abc' SIMILAR TO 'a(b|c)+'", built(NewLike(str("abc"), str("a(b|c)+"), nil, true, false))},
		{"'abd' SIMILAR TO 'a[bc]'", built(NewLike(str("abd"), str("a[bc]"), nil, true, false))},
		{"COALESCE(CAST(NULL AS INT), 2, 3)", built(NewCoalesce([]Expr{nullInt, num(2), num(3)}))},
		{"COALESCE(CAST(NULL AS INT), 1.5)", built(NewCoalesce([]Expr{nullInt, dec("1.5")}))},
		{"NULLIF(1, 1)", built(NewNullIf(num(1), num(1)))},
		{"NULLIF(1, 2)", built(NewNullIf(num(1), num(2)))},
		{"IF(1 < 2, 'yes', 'no')", built(NewIf(must(NewComparison(Lt, num(1), num(2))), str("yes"), str("no")))},
		{"IF(1 > 2, 1, 2.5)", built(NewIf(must(NewComparison(Gt, num(1), num(2))), num(1), dec("2.5")))},
		{"CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'bb' ELSE 'c' END", built(NewCase(
			[]Expr{must(NewComparison(Gt, num(1), num(2))), must(NewComparison(Gt, num(2), num(1)))},
			[]Expr{str("a"), str("bb")}, str("c")))},
		{"CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END", built(NewSimpleCase(num(2), []Expr{num(1), num(2)}, []Expr{str("one"), str("two")}, nil))},
		{"CASE 3 WHEN 1 THEN 'one' END", built(NewSimpleCase(num(3), []Expr{num(1)}, []Expr{str("one")}, nil))},
		{"CASE WHEN TRUE THEN 1 ELSE 2.5 END", built(NewCase([]Expr{boolean(true)}, []Expr{num(1)}, dec("2.5")))},
		{"TIMESTAMP '2023-08-10 12:34:56' + INTERVAL '1' HOUR", arith(Plus, timestamp("2023-08-10 12:34:56", 0), dayTime(3600000))},
		{"TIMESTAMP '2023-08-10 12:34:56' - INTERVAL '90' SECOND", arith(Minus, timestamp("2023-08-10 12:34:56", 0), dayTime(90000))},
		{"DATE '2023-08-10' + INTERVAL '1' DAY", arith(Plus, date("2023-08-10"), dayTime(86400000))},
		{"TIMESTAMP '2023-01-31 00:00:00' + INTERVAL '1' MONTH", arith(Plus, timestamp("2023-01-31 00:00:00", 0), yearMonth(1))},
		{"TIMESTAMP '2023-08-10 12:34:56' + INTERVAL '1 02:03' DAY TO MINUTE", arith(Plus, timestamp("2023-08-10 12:34:56", 0), dayTime(86400000+2*3600000+3*60000))},
		{"DATE '2023-08-10' - INTERVAL '2' YEAR", arith(Minus, date("2023-08-10"), yearMonth(24))},
	})
}

// Java semantics where the oracle's constant expressions cannot show them
// (Flink folds constants at plan time): DOUBLE division by zero is
// Infinity, MIN / -1 wraps, DECIMAL overflow is NULL.
func TestArithmeticEdges(t *testing.T) {
	tests := []struct {
		name string
		e    Expr
		want string
	}{
		{"double / 0", must(NewArithmetic(Divide, dbl(1), dbl(0))), "+I[Infinity]"},
		{"BIGINT MIN / -1", must(NewArithmetic(Divide, bigint(-9223372036854775808), bigint(-1))), "+I[-9223372036854775808]"},
		{"INT MIN % -1", must(NewArithmetic(Mod, num(-2147483648), num(-1))), "+I[0]"},
		{"DECIMAL overflow", must(NewArithmetic(Times, castTo(dec("99999999999999999999.9"), types.DecimalType(38, 1)), castTo(dec("99999999999999999999.9"), types.DecimalType(38, 1)))), "+I[null]"},
		{"NULL + 1", must(NewArithmetic(Plus, nullOf(types.Int), num(1))), "+I[null]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.e.Eval(nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := printed(v); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// The int64 fast path of DECIMAL + - * agrees with the exact big.Int path.
func TestSmallDecimalPathAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		x := types.NewDecimal(rng.Int64N(2e9)-1e9, rng.IntN(6))
		y := types.NewDecimal(rng.Int64N(2e9)-1e9, rng.IntN(6))
		op := []ArithOp{Plus, Minus, Times}[rng.IntN(3)]
		tx := types.DecimalType(10+x.Scale(), x.Scale())
		ty := types.DecimalType(10+y.Scale(), y.Scale())
		rt := arithmeticType(op, tx, ty)
		fast, ok := smallDecimalArith(op, x, y, rt)
		if !ok {
			continue
		}
		exact := slowDecimal(op, x, y, rt)
		if printed(fast) != printed(exact) {
			t.Fatalf("%s %s %s as %s: fast %s, exact %s", x.PlainString(), op, y.PlainString(), rt, printed(fast), printed(exact))
		}
	}
}

// slowDecimal is decimalArith without the fast path.
func slowDecimal(op ArithOp, x, y types.Decimal, t types.Type) types.Value {
	xb, yb := types.NewDecimalBig(x.Unscaled(), x.Scale()), types.NewDecimalBig(y.Unscaled(), y.Scale())
	s := max(x.Scale(), y.Scale())
	var r types.Decimal
	switch op {
	case Plus:
		r = types.NewDecimalBig(new(big.Int).Add(xb.Rescale(s).Unscaled(), yb.Rescale(s).Unscaled()), s)
	case Minus:
		r = types.NewDecimalBig(new(big.Int).Sub(xb.Rescale(s).Unscaled(), yb.Rescale(s).Unscaled()), s)
	default:
		r = types.NewDecimalBig(new(big.Int).Mul(x.Unscaled(), y.Unscaled()), x.Scale()+y.Scale())
	}
	out, ok := r.ToType(t.Precision, t.Scale)
	if !ok {
		return types.Null
	}
	return types.DecimalValue(out)
}

func TestArithmeticRendering(t *testing.T) {
	a := &Column{Index: 0, Name: "a", T: types.Int}
	b := &Column{Index: 1, Name: "b", T: types.Int}
	c := &Column{Index: 2, Name: "c", T: types.Int}
	sum := must(NewArithmetic(Plus, a, b))
	tests := []struct {
		e    Expr
		want string
	}{
		{must(NewArithmetic(Times, sum, c)), "(a + b) * c"},
		{must(NewArithmetic(Plus, must(NewArithmetic(Times, a, b)), c)), "a * b + c"},
		{must(NewArithmetic(Minus, a, must(NewArithmetic(Minus, b, c)))), "a - (b - c)"},
		{must(NewArithmetic(Minus, sum, c)), "a + b - c"},
		{must(NewComparison(Gt, sum, c)), "a + b > c"},
	}
	for _, tt := range tests {
		if got := tt.e.String(); got != tt.want {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
}
