package expr

import (
	"testing"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

func cast(e Expr, to types.Type) func() (Expr, error) {
	return func() (Expr, error) { return NewCast(e, to, false) }
}

func tryCast(e Expr, to types.Type) func() (Expr, error) {
	return func() (Expr, error) { return NewCast(e, to, true) }
}

// TestCastMatchesFlink checks CAST and TRY_CAST against Flink 1.20's answers.
func TestCastMatchesFlink(t *testing.T) {
	ts3 := types.TimestampType(3)
	checkOracle(t, []oracleCase{
		{"CAST('42' AS INT)", cast(str("42"), types.Int)},
		{"CAST(' 42 ' AS INT)", cast(str(" 42 "), types.Int)},
		{"CAST('+7' AS BIGINT)", cast(str("+7"), types.BigInt)},
		{"CAST('4.5' AS INT)", cast(str("4.5"), types.Int)},
		{"CAST('abc' AS INT)", cast(str("abc"), types.Int)},
		{"TRY_CAST('abc' AS INT)", tryCast(str("abc"), types.Int)},
		{"CAST('2147483648' AS INT)", cast(str("2147483648"), types.Int)},
		{"TRY_CAST('2147483648' AS INT)", tryCast(str("2147483648"), types.Int)},
		{"CAST('128' AS TINYINT)", cast(str("128"), types.TinyInt)},
		{"CAST('-32768' AS SMALLINT)", cast(str("-32768"), types.SmallInt)},
		{"CAST('1.5' AS DOUBLE)", cast(str("1.5"), types.Double)},
		{"CAST('1e3' AS DOUBLE)", cast(str("1e3"), types.Double)},
		{"CAST(' 2.5 ' AS FLOAT)", cast(str(" 2.5 "), types.Float)},
		{"CAST('NaN' AS DOUBLE)", cast(str("NaN"), types.Double)},
		{"CAST('abc' AS DOUBLE)", cast(str("abc"), types.Double)},
		{"CAST('12.345' AS DECIMAL(5,2))", cast(str("12.345"), types.DecimalType(5, 2))},
		{"CAST('12.355' AS DECIMAL(5,2))", cast(str("12.355"), types.DecimalType(5, 2))},
		{"CAST('1234.5' AS DECIMAL(5,2))", cast(str("1234.5"), types.DecimalType(5, 2))},
		{"TRY_CAST('x' AS DECIMAL(5,2))", tryCast(str("x"), types.DecimalType(5, 2))},
		{"CAST('true' AS BOOLEAN)", cast(str("true"), types.Boolean)},
		{"CAST('TRUE' AS BOOLEAN)", cast(str("TRUE"), types.Boolean)},
		{"CAST('yes' AS BOOLEAN)", cast(str("yes"), types.Boolean)},
		{"CAST('1' AS BOOLEAN)", cast(str("1"), types.Boolean)},
		{"CAST('0' AS BOOLEAN)", cast(str("0"), types.Boolean)},
		{"CAST('maybe' AS BOOLEAN)", cast(str("maybe"), types.Boolean)},
		{"TRY_CAST('maybe' AS BOOLEAN)", tryCast(str("maybe"), types.Boolean)},
		{"CAST('2023-08-10' AS DATE)", cast(str("2023-08-10"), types.Date)},
		{"CAST('2023-8-1' AS DATE)", cast(str("2023-8-1"), types.Date)},
		{"CAST('2023-02-30' AS DATE)", cast(str("2023-02-30"), types.Date)},
		{"TRY_CAST('2023-13-01' AS DATE)", tryCast(str("2023-13-01"), types.Date)},
		{"CAST('12:34:56' AS TIME)", cast(str("12:34:56"), types.TimeType(0))},
		{"CAST('12:34' AS TIME)", cast(str("12:34"), types.TimeType(0))},
		{"CAST('12:34:56.789' AS TIME(3))", cast(str("12:34:56.789"), types.TimeType(3))},
		{"CAST('2023-08-10 12:34:56' AS TIMESTAMP)", cast(str("2023-08-10 12:34:56"), types.TimestampType(6))},
		{"CAST('2023-08-10 12:34:56.123456789' AS TIMESTAMP(9))", cast(str("2023-08-10 12:34:56.123456789"), types.TimestampType(9))},
		{"CAST('2023-08-10 12:34:56.123456' AS TIMESTAMP(3))", cast(str("2023-08-10 12:34:56.123456"), ts3)},
		{"CAST('2023-08-10T12:34:56' AS TIMESTAMP(3))", cast(str("2023-08-10T12:34:56"), ts3)},
		{"CAST('2023-08-10' AS TIMESTAMP(3))", cast(str("2023-08-10"), ts3)},
		{"CAST('2023-08-10 12:34' AS TIMESTAMP(3))", cast(str("2023-08-10 12:34"), ts3)},
		{"TRY_CAST('garbage' AS TIMESTAMP(3))", tryCast(str("garbage"), ts3)},
		{"CAST('2023-08-10 12:34:56' AS TIMESTAMP_LTZ(3))", cast(str("2023-08-10 12:34:56"), types.TimestampLTZType(3))},
		{"CAST('abc' AS BYTES)", cast(str("abc"), types.Bytes)},
		{"CAST('abc' AS CHAR(5))", cast(str("abc"), types.Char(5))},
		{"CAST('abcdef' AS CHAR(3))", cast(str("abcdef"), types.Char(3))},
		{"CAST('abcdef' AS VARCHAR(3))", cast(str("abcdef"), types.Varchar(3))},
		{"CAST(42 AS STRING)", cast(num(42), types.String)},
		{"CAST(TRUE AS STRING)", cast(boolean(true), types.String)},
		{"CAST(1.5E0 AS STRING)", cast(dbl(1.5), types.String)},
		{"CAST(1.0E10 AS STRING)", cast(dbl(1e10), types.String)},
		{"CAST(CAST(0.1 AS FLOAT) AS STRING)", cast(must(NewCast(dec("0.1"), types.Float, false)), types.String)},
		{"CAST(12.50 AS STRING)", cast(dec("12.50"), types.String)},
		{"CAST(CAST(100 AS DECIMAL(10,2)) AS STRING)", cast(must(NewCast(num(100), types.DecimalType(10, 2), false)), types.String)},
		{"CAST(DATE '2023-08-10' AS STRING)", cast(date("2023-08-10"), types.String)},
		{"CAST(TIME '12:34:56' AS STRING)", cast(timeLit("12:34:56"), types.String)},
		{"CAST(TIMESTAMP '2023-08-10 12:34:00' AS STRING)", cast(timestamp("2023-08-10 12:34:00", 0), types.String)},
		{"CAST(TIMESTAMP '2023-08-10 12:34:56.120' AS STRING)", cast(timestamp("2023-08-10 12:34:56.120", 3), types.String)},
		{"CAST(CAST('2023-08-10 12:34:56.5' AS TIMESTAMP(3)) AS STRING)", cast(must(NewCast(str("2023-08-10 12:34:56.5"), ts3, false)), types.String)},
		{"CAST(CAST('2023-08-10 12:34:56' AS TIMESTAMP_LTZ(3)) AS STRING)", cast(must(NewCast(str("2023-08-10 12:34:56"), types.TimestampLTZType(3), false)), types.String)},
		{"CAST(300 AS TINYINT)", cast(num(300), types.TinyInt)},
		{"CAST(3000000000 AS INT)", cast(bigint(3000000000), types.Int)},
		{"CAST(2.7 AS INT)", cast(dec("2.7"), types.Int)},
		{"CAST(-2.7 AS INT)", cast(dec("-2.7"), types.Int)},
		{"CAST(2.7E0 AS INT)", cast(dbl(2.7), types.Int)},
		{"CAST(1.0E20 AS BIGINT)", cast(dbl(1e20), types.BigInt)},
		{"CAST(123.456 AS DECIMAL(4,1))", cast(dec("123.456"), types.DecimalType(4, 1))},
		{"TRY_CAST(123.456 AS DECIMAL(3,1))", tryCast(dec("123.456"), types.DecimalType(3, 1))},
		{"CAST(1.5E0 AS DECIMAL(10,2))", cast(dbl(1.5), types.DecimalType(10, 2))},
		{"CAST(12 AS DECIMAL(3,1))", cast(num(12), types.DecimalType(3, 1))},
		{"CAST(TRUE AS INT)", cast(boolean(true), types.Int)},
		{"CAST(1 AS BOOLEAN)", cast(num(1), types.Boolean)},
		{"CAST(0.0 AS BOOLEAN)", cast(dec("0.0"), types.Boolean)},
		{"CAST(5 AS DOUBLE)", cast(num(5), types.Double)},
		{"CAST(DATE '2023-08-10' AS TIMESTAMP(3))", cast(date("2023-08-10"), ts3)},
		{"CAST(TIMESTAMP '2023-08-10 12:34:56' AS DATE)", cast(timestamp("2023-08-10 12:34:56", 0), types.Date)},
		{"CAST(TIMESTAMP '2023-08-10 12:34:56' AS TIME)", cast(timestamp("2023-08-10 12:34:56", 0), types.TimeType(0))},
		{"CAST(DATE '2023-08-10' AS INT)", cast(date("2023-08-10"), types.Int)},
		{"CAST(1 AS DATE)", cast(num(1), types.Date)},
		{"CAST(TIMESTAMP '2023-08-10 12:34:56' AS BIGINT)", cast(timestamp("2023-08-10 12:34:56", 0), types.BigInt)},
		{"CAST(1000 AS TIMESTAMP(3))", cast(num(1000), ts3)},
		{"CAST('x' AS DECIMAL(5,2))", cast(str("x"), types.DecimalType(5, 2))},
		{"CAST(CAST('2023-08-10 12:34:56' AS TIMESTAMP_LTZ(3)) AS BIGINT)", cast(castTo(str("2023-08-10 12:34:56"), types.TimestampLTZType(3)), types.BigInt)},
		{"CAST(1000 AS TIMESTAMP_LTZ(3))", cast(num(1000), types.TimestampLTZType(3))},
		{"CAST(TIME '12:34:56' AS TIMESTAMP(0))", cast(timeLit("12:34:56"), types.TimestampType(0))},
		{"CAST(CAST('1.5' AS FLOAT) AS DOUBLE)", cast(castTo(str("1.5"), types.Float), types.Double)},
		{"CAST(1.0E-5 AS STRING)", cast(dbl(1e-5), types.String)},
		{"CAST(123456789.0E0 AS STRING)", cast(dbl(123456789), types.String)},
		{"CAST(CAST(1.23456789 AS DECIMAL(20,8)) AS DOUBLE)", cast(castTo(dec("1.23456789"), types.DecimalType(20, 8)), types.Double)},
		{"CAST(CAST(12.5 AS DECIMAL(3,1)) AS BIGINT)", cast(castTo(dec("12.5"), types.DecimalType(3, 1)), types.BigInt)},
		{"CAST(TRUE AS DECIMAL(3,1))", cast(boolean(true), types.DecimalType(3, 1))},
		{"CAST(x'616263' AS VARBINARY(2))", cast(binLit("abc"), types.Varbinary(2))},
		{"CAST('ab' AS BINARY(4))", cast(str("ab"), types.Binary(4))},
		{"CAST(CAST(NULL AS INT) AS STRING)", cast(nullOf(types.Int), types.String)},
	})
}

// A DECIMAL that does not fit is NULL in Flink even though CAST keeps the
// operand's NOT NULL (Flink's not-null enforcer then fails the sink write;
// the oracle shows that error for CAST(123.456 AS DECIMAL(3,1))).
func TestCastDecimalOverflowIsNull(t *testing.T) {
	e := must(NewCast(dec("123.456"), types.DecimalType(3, 1), false))
	v, err := e.Eval(nil)
	if err != nil || !v.IsNull() || !e.Type().NotNull {
		t.Fatalf("got %v %v, type %s; want NULL typed NOT NULL", v, err, e.Type())
	}
}

// TIMESTAMP_LTZ casts use the session time zone ('table.local-time-zone'):
// a local text is read in it, and an instant renders in it.
func TestCastLTZInSessionZone(t *testing.T) {
	berlin := time.FixedZone("CEST", 2*3600)
	f := NewFunctions(berlin)
	ltz := must(f.Cast(str("2023-08-10 12:34:56"), types.TimestampLTZType(3), false))
	v, err := ltz.Eval(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := printed(v); got != "+I[2023-08-10T10:34:56Z]" {
		t.Errorf("instant %s, want 10:34:56Z", got)
	}
	back := must(f.Cast(ltz, types.String, false))
	if v, _ := back.Eval(nil); v.Str() != "2023-08-10 12:34:56.000" {
		t.Errorf("CAST back to STRING = %q", v.Str())
	}
	ts := must(f.Cast(ltz, types.TimestampType(3), false))
	if v, _ := ts.Eval(nil); printed(v) != "+I[2023-08-10T12:34:56]" {
		t.Errorf("CAST to TIMESTAMP = %s", printed(v))
	}
}

// A string compared with a TIMESTAMP(3) is cast to TIMESTAMP(3) first, so
// its sub-millisecond digits are cut (issue 11, item 6).
func TestStringComparedWithTimestampIsCut(t *testing.T) {
	col := &Column{Index: 0, Name: "ts", T: types.TimestampType(3)}
	e := must(NewComparison(Eq, col, str("2023-08-10 12:34:56.898999")))
	row := []types.Value{types.TimestampValue(types.Timestamp{Sec: 1691670896, Nano: 898000000})}
	v, err := e.Eval(row)
	if err != nil || !True(v) {
		t.Fatalf("%s = %v, %v; want TRUE", e, v, err)
	}
	if got := e.String(); got != "ts = CAST('2023-08-10 12:34:56.898999' AS TIMESTAMP(3))" {
		t.Errorf("rendered %s", got)
	}
}

func TestLegacyCastBehaviour(t *testing.T) {
	f := NewFunctions(time.UTC)
	f.LegacyCast = true
	e := must(f.Cast(str("abc"), types.Int, false))
	v, err := e.Eval(nil)
	if err != nil || !v.IsNull() {
		t.Fatalf("legacy CAST('abc' AS INT) = %v, %v; want NULL", v, err)
	}
	if e.String() != "CAST('abc' AS INT)" {
		t.Errorf("rendered %s", e)
	}
	f.LegacyCast = false
	if _, err := must(f.Cast(str("abc"), types.Int, false)).Eval(nil); err == nil {
		t.Error("CAST('abc' AS INT) did not fail without legacy behaviour")
	}
}
