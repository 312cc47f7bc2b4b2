package expr

import (
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

func lit(v types.Value) Expr { return &Literal{V: v, Text: "x"} }

var (
	tru  = lit(types.BoolValue(true))
	fals = lit(types.BoolValue(false))
	null = lit(types.Null)
)

func show(v types.Value) string {
	if v.IsNull() {
		return "NULL"
	}
	if v.Bool() {
		return "TRUE"
	}
	return "FALSE"
}

// SQL's three-valued logic, as Flink evaluates it.
func TestThreeValuedLogic(t *testing.T) {
	tests := []struct {
		name string
		e    Expr
		want string
	}{
		{"TRUE AND NULL", &And{Args: []Expr{tru, null}}, "NULL"},
		{"FALSE AND NULL", &And{Args: []Expr{fals, null}}, "FALSE"},
		{"TRUE OR NULL", &Or{Args: []Expr{tru, null}}, "TRUE"},
		{"FALSE OR NULL", &Or{Args: []Expr{fals, null}}, "NULL"},
		{"NOT NULL", &Not{X: null}, "NULL"},
		{"NULL = NULL", &Compare{Op: Eq, L: null, R: null}, "NULL"},
		{"1 < NULL", &Compare{Op: Lt, L: lit(types.BigIntValue(1)), R: null}, "NULL"},
		{"NULL IS NULL", &IsNull{X: null}, "TRUE"},
		{"NULL IS NOT TRUE", &IsBool{X: null, Want: true, Negate: true}, "TRUE"},
		{"FALSE IS FALSE", &IsBool{X: fals, Want: false}, "TRUE"},
		{"1 IN (2, NULL)", &In{X: lit(types.BigIntValue(1)), List: []Expr{lit(types.BigIntValue(2)), null}}, "NULL"},
		{"1 IN (1, NULL)", &In{X: lit(types.BigIntValue(1)), List: []Expr{lit(types.BigIntValue(1)), null}}, "TRUE"},
		{"1 NOT IN (2, 3)", &In{X: lit(types.BigIntValue(1)), List: []Expr{lit(types.BigIntValue(2)), lit(types.BigIntValue(3))}, Negate: true}, "TRUE"},
		{"INT 2 = DECIMAL 2.00", &Compare{Op: Eq, L: lit(types.IntValue(types.KindInt, 2)), R: lit(types.DecimalValue(types.NewDecimal(200, 2)))}, "TRUE"},
		{"DOUBLE 0.5 < DECIMAL 0.51", &Compare{Op: Lt, L: lit(types.DoubleValue(0.5)), R: lit(types.DecimalValue(types.NewDecimal(51, 2)))}, "TRUE"},
		{"timestamps by nanosecond", &Compare{Op: Gt,
			L: lit(types.TimestampValue(types.Timestamp{Sec: 10, Nano: 1})),
			R: lit(types.TimestampValue(types.Timestamp{Sec: 10}))}, "TRUE"},
		{"strings", &Compare{Op: Ne, L: lit(types.StringValue("a")), R: lit(types.StringValue("b"))}, "TRUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.e.Eval(nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := show(v); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCastValue(t *testing.T) {
	tests := []struct {
		name string
		in   types.Value
		to   types.Type
		want string
	}{
		{"INT to BIGINT", types.IntValue(types.KindInt, 7), types.BigInt, "7"},
		{"BIGINT to DECIMAL(10,2)", types.BigIntValue(7), types.DecimalType(10, 2), "7.00"},
		{"DECIMAL rescale rounds HALF_UP", types.DecimalValue(types.NewDecimal(1005, 3)), types.DecimalType(10, 2), "1.01"},
		{"negative HALF_UP", types.DecimalValue(types.NewDecimal(-1005, 3)), types.DecimalType(10, 2), "-1.01"},
		{"DECIMAL overflow is NULL", types.DecimalValue(types.NewDecimal(123456, 0)), types.DecimalType(4, 0), "NULL"},
		{"NULL stays NULL", types.Null, types.BigInt, "NULL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := CastValue(tt.in, tt.to)
			var got string
			switch {
			case v.IsNull():
				got = "NULL"
			case v.Kind() == types.KindDecimal:
				got = v.Decimal().PlainString()
			default:
				got = string(types.AppendJavaString(nil, v))
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if !v.IsNull() && v.Kind() != tt.to.Kind {
				t.Errorf("kind %v, want %v", v.Kind(), tt.to.Kind)
			}
		})
	}
}
