package types

import (
	"math"
	"math/big"
	"strconv"
	"testing"
)

func TestAppendJavaFloatDouble(t *testing.T) {
	// Expected values are Java's Double.toString (JDK 19+ shortest digits);
	// the plain ones were also seen in Flink 1.20's print output.
	cases := []struct {
		f    float64
		want string
	}{
		{0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{1, "1.0"},
		{12.5, "12.5"},
		{-2.5, "-2.5"},
		{100, "100.0"},
		{0.1, "0.1"},
		{0.001, "0.001"},
		{0.0025, "0.0025"},
		{1e-4, "1.0E-4"},
		{1e-5, "1.0E-5"},
		{-1e-7, "-1.0E-7"},
		{9999999, "9999999.0"},
		{1e7, "1.0E7"},
		{1e10, "1.0E10"},
		{123456789, "1.23456789E8"},
		{1234567.125, "1234567.125"},
		{3.141592653589793, "3.141592653589793"},
		{1.0 / 3, "0.3333333333333333"},
		{1e23, "1.0E23"},
		{2e23, "2.0E23"},
		{8.41e21, "8.41E21"},
		{9223372036854775807, "9.223372036854776E18"},
		{math.MaxFloat64, "1.7976931348623157E308"},
		{math.SmallestNonzeroFloat64, "4.9E-324"},
		{2 * math.SmallestNonzeroFloat64, "9.9E-324"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, c := range cases {
		if got := string(AppendJavaFloat(nil, c.f, 64)); got != c.want {
			t.Errorf("Double.toString(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestAppendJavaFloatFloat(t *testing.T) {
	cases := []struct {
		f    float32
		want string
	}{
		{0.1, "0.1"},
		{1.5, "1.5"},
		{16777216, "1.6777216E7"},
		{1e10, "1.0E10"},
		{3.4e38, "3.4E38"},
		{math.MaxFloat32, "3.4028235E38"},
		{math.SmallestNonzeroFloat32, "1.4E-45"},
		{2 * math.SmallestNonzeroFloat32, "2.8E-45"},
		{0.001, "0.001"},
		{3.14159, "3.14159"},
	}
	for _, c := range cases {
		if got := string(AppendJavaFloat(nil, float64(c.f), 32)); got != c.want {
			t.Errorf("Float.toString(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

// The output must always read back as the same value.
func TestAppendJavaFloatRoundTrip(t *testing.T) {
	x := uint64(0x9E3779B97F4A7C15)
	for i := 0; i < 200000; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		f := math.Float64frombits(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		s := string(AppendJavaFloat(nil, f, 64))
		g, err := strconv.ParseFloat(s, 64)
		if err != nil || g != f {
			t.Fatalf("%v printed %q, reads back %v (%v)", f, s, g, err)
		}
		f32 := math.Float32frombits(uint32(x))
		if math.IsNaN(float64(f32)) || math.IsInf(float64(f32), 0) {
			continue
		}
		s = string(AppendJavaFloat(nil, float64(f32), 32))
		g, err = strconv.ParseFloat(s, 32)
		if err != nil || float32(g) != f32 {
			t.Fatalf("float %v printed %q, reads back %v (%v)", f32, s, g, err)
		}
	}
}

func bigDec(t *testing.T, unscaled string, scale int) Decimal {
	u, ok := new(big.Int).SetString(unscaled, 10)
	if !ok {
		t.Fatalf("bad unscaled %q", unscaled)
	}
	return NewDecimalBig(u, scale)
}

func TestAppendJavaDecimal(t *testing.T) {
	// Java's BigDecimal.toString, and (stripped) what Flink's json format
	// writes: stripTrailingZeros().toString() / toPlainString().
	cases := []struct {
		unscaled      string
		scale         int
		str           string
		stripped      string
		strippedPlain string
	}{
		{"1250", 2, "12.50", "12.5", "12.5"},
		{"-1234", 2, "-12.34", "-12.34", "-12.34"},
		{"1", 8, "1E-8", "1E-8", "0.00000001"},
		{"0", 8, "0E-8", "0", "0"},
		{"100", 8, "0.00000100", "0.000001", "0.000001"},
		{"10", 8, "1.0E-7", "1E-7", "0.0000001"},
		{"-5", 8, "-5E-8", "-5E-8", "-0.00000005"},
		{"1", 6, "0.000001", "0.000001", "0.000001"},
		{"1", 7, "1E-7", "1E-7", "0.0000001"},
		{"123", 0, "123", "123", "123"},
		{"0", 0, "0", "0", "0"},
		{"0", 2, "0.00", "0", "0"},
		{"10000", 2, "100.00", "1E+2", "100"},
		{"-12010", 2, "-120.10", "-120.1", "-120.1"},
		{"100000000", 8, "1.00000000", "1", "1"},
		{"1", -2, "1E+2", "1E+2", "100"},
		{"12345678901234567890123456789012345678", 18, "12345678901234567890.123456789012345678",
			"12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"},
		{"100000000000000000000", 18, "100.000000000000000000", "1E+2", "100"},
		{"0", 18, "0E-18", "0", "0"},
	}
	for _, c := range cases {
		d := bigDec(t, c.unscaled, c.scale)
		if got := string(AppendJavaDecimal(nil, d)); got != c.str {
			t.Errorf("toString(%s, %d) = %q, want %q", c.unscaled, c.scale, got, c.str)
		}
		if got := string(AppendJavaDecimalStripped(nil, d, false)); got != c.stripped {
			t.Errorf("stripped(%s, %d) = %q, want %q", c.unscaled, c.scale, got, c.stripped)
		}
		if got := string(AppendJavaDecimalStripped(nil, d, true)); got != c.strippedPlain {
			t.Errorf("stripped plain(%s, %d) = %q, want %q", c.unscaled, c.scale, got, c.strippedPlain)
		}
	}
}

func TestAppendJavaString(t *testing.T) {
	ts := func(s string) Timestamp {
		v, err := ParseTimestampSQL(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		v    Value
		want string
	}{
		{Null, "null"},
		{BoolValue(true), "true"},
		{BoolValue(false), "false"},
		{IntValue(KindTinyInt, -128), "-128"},
		{BigIntValue(9223372036854775807), "9223372036854775807"},
		{DoubleValue(1e10), "1.0E10"},
		{FloatValue(KindFloat, 0.1), "0.1"},
		{DecimalValue(NewDecimal(1250, 2)), "12.50"},
		{DecimalValue(NewDecimal(1, 8)), "1E-8"},
		{StringValue("héllo, \"x\""), "héllo, \"x\""},
		{StringValue("\xed\xa0\x80 lone"), "? lone"}, // lone surrogate: Java prints '?'
		{StringValue("\xed\x9f\xbf"), "\xed\x9f\xbf"},
		{BytesValue([]byte{1, 2, 255}), "[1, 2, -1]"},
		{BytesValue(nil), "[]"},
		{DateValue(0), "1970-01-01"},
		{DateValue(-719162), "0001-01-01"},
		{DateValue(2932896), "9999-12-31"},
		{DateValue(2932897), "+10000-01-01"},
		{DateValue(-719163), "0000-12-31"},
		{DateValue(-719529), "-0001-12-31"},
		{TimestampValue(ts("2023-08-10 12:34:56.123")), "2023-08-10T12:34:56.123"},
		{TimestampValue(ts("2023-08-10 12:34:56.1")), "2023-08-10T12:34:56.100"},
		{TimestampValue(ts("2023-08-10 12:34:56.1234")), "2023-08-10T12:34:56.123400"},
		{TimestampValue(ts("2023-08-10 12:34:56.1234567")), "2023-08-10T12:34:56.123456700"},
		{TimestampValue(ts("2023-08-10 12:34:56")), "2023-08-10T12:34:56"},
		{TimestampValue(ts("2023-08-10 12:34:00")), "2023-08-10T12:34"},
		{TimestampValue(ts("2023-08-10 00:00:00.000001")), "2023-08-10T00:00:00.000001"},
		{TimestampValue(ts("1969-12-31 23:59:59.5")), "1969-12-31T23:59:59.500"},
		{TimestampLTZValue(ts("2023-08-10 12:34:00")), "2023-08-10T12:34:00Z"},
		{TimestampLTZValue(ts("2023-08-10 12:34:56.5")), "2023-08-10T12:34:56.500Z"},
	}
	for _, c := range cases {
		if got := string(AppendJavaString(nil, c.v)); got != c.want {
			t.Errorf("AppendJavaString(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestAppendRowString(t *testing.T) {
	cases := []struct {
		r    Row
		want string
	}{
		{Row{Fields: []Value{BigIntValue(1), StringValue("abc"), Null}}, "+I[1, abc, null]"},
		{Row{Kind: UpdateBefore, Fields: []Value{BigIntValue(1)}}, "-U[1]"},
		{Row{Kind: UpdateAfter, Fields: []Value{DecimalValue(NewDecimal(1250, 2))}}, "+U[12.50]"},
		{Row{Kind: Delete}, "-D[]"},
	}
	for _, c := range cases {
		if got := string(AppendRowString(nil, c.r)); got != c.want {
			t.Errorf("AppendRowString = %q, want %q", got, c.want)
		}
	}
}

func BenchmarkAppendRowString(b *testing.B) {
	ts, _ := ParseTimestampSQL("2023-08-10 12:34:56.789")
	r := Row{Fields: []Value{BigIntValue(1001), StringValue("C1001"), StringValue("online"),
		StringValue("T0000000001"), StringValue("purchase"), DecimalValue(NewDecimal(12550, 2)), TimestampValue(ts)}}
	b.ReportAllocs()
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf = AppendRowString(buf[:0], r)
	}
}
