package json

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

func TestFactoryOptions(t *testing.T) {
	opts := Factory{}.Options()
	if slices.Contains(opts, "decode.json-parser.enabled") {
		t.Error("Flink 1.20 does not accept decode.json-parser.enabled")
	}
	for _, k := range []string{"fail-on-missing-field", "ignore-parse-errors", "timestamp-format.standard",
		"map-null-key.mode", "map-null-key.literal", "encode.decimal-as-plain-number", "encode.ignore-null-fields"} {
		if !slices.Contains(opts, k) {
			t.Errorf("option %s missing", k)
		}
	}
	schema := types.Schema{{Name: "a", Type: types.Int}}
	cases := []struct {
		opts           map[string]string
		decErr, encErr string
	}{
		{map[string]string{"fail-on-missing-field": "true", "ignore-parse-errors": "true"},
			"fail-on-missing-field and ignore-parse-errors shouldn't both be true.", ""},
		{map[string]string{"timestamp-format.standard": "iso-8601"},
			"Unsupported value 'iso-8601' for timestamp-format.standard. Supported values are [SQL, ISO-8601].",
			"Unsupported value 'iso-8601' for timestamp-format.standard"},
		{map[string]string{"map-null-key.mode": "nope"}, "",
			"Unsupported value 'nope' for option map-null-key.mode. Supported values are [LITERAL, FAIL, DROP]."},
		{map[string]string{"map-null-key.mode": "literal", "ignore-parse-errors": "TRUE"}, "", ""},
		{map[string]string{"encode.ignore-null-fields": "1"},
			"Invalid value for option 'encode.ignore-null-fields'", "Could not parse value '1'"},
	}
	for _, c := range cases {
		_, err := Factory{}.NewDecoder(schema, c.opts)
		checkErr(t, "decoder", c.opts, err, c.decErr)
		_, err = Factory{}.NewEncoder(schema, c.opts)
		checkErr(t, "encoder", c.opts, err, c.encErr)
	}
}

func checkErr(t *testing.T, what string, opts map[string]string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%s %v: unexpected %v", what, opts, err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Errorf("%s %v: error %v, want %q", what, opts, err, want)
	}
}

func decodeOne(t *testing.T, schema types.Schema, opts map[string]string, in string) ([]types.Value, bool, error) {
	t.Helper()
	d, err := Factory{}.NewDecoder(schema, opts)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]types.Value, len(schema))
	ok, err := d.Decode([]byte(in), dst)
	return dst, ok, err
}

func TestDecodeErrors(t *testing.T) {
	schema := types.Schema{{Name: "a", Type: types.Int}, {Name: "b", Type: types.String}}
	cases := []struct {
		opts  map[string]string
		in    string
		field string
		want  string
	}{
		{nil, `{"a":"x"}`, "a", `Failed to deserialize JSON '{"a":"x"}': Fail to deserialize at field: a`},
		{nil, `{"a":1`, "", "end-of-input"},
		{nil, `[1]`, "", "No content to map due to end-of-input"},
		{nil, ` `, "", "No content to map due to end-of-input"},
		{nil, `{"a":01}`, "", "leading zeroes"},
		{map[string]string{"fail-on-missing-field": "true"}, `{"a":1}`, "",
			"Some field is missing in the JSON data. (no value for field b)"},
	}
	for _, c := range cases {
		_, ok, err := decodeOne(t, schema, c.opts, c.in)
		var de *DeserializeError
		if ok || !errors.As(err, &de) {
			t.Errorf("%s: ok=%v err=%v, want a DeserializeError", c.in, ok, err)
			continue
		}
		if de.Field != c.field || !strings.Contains(err.Error(), c.want) || string(de.Record) != c.in {
			t.Errorf("%s: field %q, error %q; want field %q, %q", c.in, de.Field, err, c.field, c.want)
		}
	}
}

// TestDecodeErrorQuotesAnExcerpt: a 5 MB record is quoted up to
// excerpt.Record bytes with its size, and Reason leaves it out.
func TestDecodeErrorQuotesAnExcerpt(t *testing.T) {
	schema := types.Schema{{Name: "a", Type: types.Int}, {Name: "b", Type: types.String}}
	in := `{"b": "` + strings.Repeat("x", 5<<20) + `", "a": "not a number"}`
	_, _, err := decodeOne(t, schema, nil, in)
	want := fmt.Sprintf("Failed to deserialize JSON '%s… (%d bytes)': Fail to deserialize at field: a: ", in[:excerpt.Record], len(in))
	if err == nil || !strings.HasPrefix(err.Error(), want) || len(err.Error()) > 1024 {
		t.Fatalf("error of %d bytes, want it to start with %q", len(fmt.Sprint(err)), want[:80])
	}
	if got := formats.Reason(err); strings.Contains(got, "xxx") || !strings.HasPrefix(got, "Fail to deserialize at field: a: ") {
		t.Errorf("Reason %q", got)
	}
	if got := formats.FailedField(err); got != "a" {
		t.Errorf("FailedField %q, want a", got)
	}
}

func TestDecodeSkips(t *testing.T) {
	schema := types.Schema{{Name: "a", Type: types.Int}}
	// An empty message is no record (Flink returns null), whatever the options.
	if _, ok, err := decodeOne(t, schema, nil, ""); ok || err != nil {
		t.Errorf("empty message: ok=%v err=%v", ok, err)
	}
	// ignore-parse-errors drops a malformed record without an error...
	if _, ok, err := decodeOne(t, schema, map[string]string{"ignore-parse-errors": "true"}, `{"a":`); ok || err != nil {
		t.Errorf("malformed: ok=%v err=%v", ok, err)
	}
	// ...and nulls a field that does not convert.
	dst, ok, err := decodeOne(t, types.Schema{{Name: "a", Type: types.Int}, {Name: "b", Type: types.Int}},
		map[string]string{"ignore-parse-errors": "true"}, `{"a":"x","b":2}`)
	if !ok || err != nil || !dst[0].IsNull() || dst[1].Int() != 2 {
		t.Errorf("bad field: %v %v %v", dst, ok, err)
	}
}

// Flink counts matched keys, repeats included: once it has counted as many
// as there are columns it skips the rest of the object.
func TestDecodeRepeatedKeyQuirk(t *testing.T) {
	schema := types.Schema{{Name: "a", Type: types.Int}, {Name: "b", Type: types.Int}}
	dst, ok, err := decodeOne(t, schema, map[string]string{"fail-on-missing-field": "true"}, `{"a":1,"a":2,"b":3}`)
	if !ok || err != nil || dst[0].Int() != 2 || !dst[1].IsNull() {
		t.Errorf("got %v ok=%v err=%v, want a=2, b=NULL", dst, ok, err)
	}
}

func TestDecodeStringsShareOneAllocation(t *testing.T) {
	schema := types.Schema{{Name: "a", Type: types.String}, {Name: "b", Type: types.String}, {Name: "c", Type: types.String}}
	d, _ := Factory{}.NewDecoder(schema, nil)
	dst := make([]types.Value, 3)
	in := []byte(`{"a":"x\"y","b":{"k":[1,2]},"c":"","a":"again"}`)
	allocs := testing.AllocsPerRun(100, func() {
		if ok, err := d.Decode(in, dst); !ok || err != nil {
			t.Fatal(err)
		}
	})
	// "a" is not read again: three keys matched a three-column row.
	if dst[0].Str() != `x"y` || dst[1].Str() != `{"k":[1,2]}` || dst[2].Str() != "" || dst[2].IsNull() {
		t.Errorf("got %q %q %q", dst[0].Str(), dst[1].Str(), dst[2].Str())
	}
	if allocs > 1 {
		t.Errorf("%v allocations per record, want 1", allocs)
	}
}

func TestDecimalText(t *testing.T) {
	cases := []struct {
		in   string
		p, s int
		want string // Java BigDecimal.toString of the result; "" = NULL; "!" = syntax error
	}{
		{"12.5", 10, 2, "12.50"},
		{"1.005", 10, 2, "1.01"},
		{"-1.005", 10, 2, "-1.01"},
		{"1.004999", 10, 2, "1.00"},
		{"-0.004", 10, 2, "0.00"},
		{"-0.005", 10, 2, "-0.01"},
		{"0.000000005", 10, 8, "1E-8"},
		{"99999999.995", 10, 2, ""},
		{"123456789012", 10, 2, ""},
		{"1e2", 10, 2, "100.00"},
		{"1E-400", 10, 2, "0.00"},
		{"1e99999", 10, 2, ""},
		{".5", 3, 1, "0.5"},
		{"5.", 3, 1, "5.0"},
		{"+7", 3, 0, "7"},
		{"0.05", 1, 1, "0.1"},
		{"0.95", 1, 1, ""},
		{"12345678901234567890.123456789012345678", 38, 18, "12345678901234567890.123456789012345678"},
		{"-12345678901234567890.1234567890123456785", 38, 18, "-12345678901234567890.123456789012345679"},
		{"99999999999999999999.9999999999999999995", 38, 18, ""},
		{"1e19", 38, 18, "10000000000000000000.000000000000000000"},
		{"1e20", 38, 18, ""},
		{"0000.000", 5, 2, "0.00"},
		{"", 5, 2, "!"},
		{".", 5, 2, "!"},
		{"1e", 5, 2, "!"},
		{"1.5e+", 5, 2, "!"},
		{" 1", 5, 2, "!"},
		{"1_0", 5, 2, "!"},
		{"1e2147483648", 5, 2, "!"},
	}
	for _, c := range cases {
		dt, ok := parseBigDecimal([]byte(c.in))
		if !ok {
			if c.want != "!" {
				t.Errorf("%q: syntax error", c.in)
			}
			continue
		}
		if c.want == "!" {
			t.Errorf("%q: parsed, want a syntax error", c.in)
			continue
		}
		d, ok := dt.toDecimal(c.p, c.s)
		got := ""
		if ok {
			got = string(types.AppendJavaDecimal(nil, d))
		}
		if got != c.want {
			t.Errorf("%q as DECIMAL(%d, %d) = %q, want %q", c.in, c.p, c.s, got, c.want)
		}
	}
}

func TestJavaParsers(t *testing.T) {
	floats := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1.5", 1.5, true}, {" 2.5 ", 2.5, true}, {"1.5d", 1.5, true}, {"1.5F", 1.5, true},
		{"-NaN", math.NaN(), true}, {"+Infinity", math.Inf(1), true}, {"-Infinity", math.Inf(-1), true},
		{"0x1p3", 8, true}, {"0x1.8P1", 3, true}, {"1e400", math.Inf(1), true}, {".5", 0.5, true}, {"5.", 5, true},
		{"inf", 0, false}, {"nan", 0, false}, {"0x1", 0, false}, {"1e", 0, false}, {"1.5dd", 0, false},
		{"1_0", 0, false}, {"0x_1p0", 0, false}, {"", 0, false}, {".", 0, false}, {"NaNd", 0, false},
	}
	for _, c := range floats {
		got, ok := parseJavaFloat([]byte(c.in), 64)
		if ok != c.ok || ok && !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("parseDouble(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	ints := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"12", 12, true}, {"+3", 3, true}, {"-0", 0, true}, {"007", 7, true},
		{"-9223372036854775808", math.MinInt64, true}, {"9223372036854775807", math.MaxInt64, true},
		{"9223372036854775808", 0, false}, {"-9223372036854775809", 0, false},
		{"", 0, false}, {"+", 0, false}, {"1.0", 0, false}, {" 1", 0, false},
	}
	for _, c := range ints {
		got, ok := parseJavaInt([]byte(c.in), math.MinInt64, math.MaxInt64)
		if ok != c.ok || got != c.want {
			t.Errorf("parseLong(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if _, ok := parseJavaInt([]byte("2147483648"), math.MinInt32, math.MaxInt32); ok {
		t.Error("parseInt accepted 2^31")
	}
}

func TestEncodeShortRowAndQuoting(t *testing.T) {
	schema := types.Schema{{Name: `we"ird`, Type: types.String}, {Name: "n", Type: types.Int}}
	enc, _ := Factory{}.NewEncoder(schema, nil)
	out, err := enc.Encode([]byte("x"), []types.Value{types.StringValue("\x00\x7f/\u2028\U0001F600\xed\xa0\x80\xff")})
	if err != nil {
		t.Fatal(err)
	}
	want := `x{"we\"ird":"\u0000` + "\x7f/\u2028" + `\uD83D\uDE00\uD800` + "\uFFFD" + `","n":null}`
	if string(out) != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
}

// A column type the format cannot handle fails when the format is created
// (so at explain, as at run), never written as null or failed per record.
func TestUnsupportedColumnTypes(t *testing.T) {
	for _, c := range []struct {
		typ  types.Type
		want string
	}{
		{types.RowType(types.Column{Name: "a", Type: types.MultisetType(types.Double)}), "cannot %s column 'c'"},
		{types.MapType(types.Int, types.Int), "JSON format doesn't support non-string as key type of map. The type is: MAP<INT, INT>"},
		{types.MultisetType(types.Int), "JSON format doesn't support non-string as key type of map. The type is: MULTISET<INT>"},
		{types.ArrayType(types.MapType(types.BigInt, types.String)), "non-string as key type of map"},
	} {
		schema := types.Schema{{Name: "id", Type: types.BigInt}, {Name: "c", Type: c.typ}}
		for _, dir := range []string{"write", "read"} {
			var err error
			if dir == "write" {
				_, err = (Factory{}).NewEncoder(schema, nil)
			} else {
				_, err = (Factory{}).NewDecoder(schema, nil)
			}
			want := c.want
			if strings.Contains(want, "%s") {
				want = fmt.Sprintf(want, dir)
			}
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "column 'c'") {
				t.Errorf("%s %s: error %v, want one naming column c and containing %q", dir, c.typ, err, want)
			}
		}
	}
	// Every type Flink's json format reads and writes is accepted.
	for _, typ := range []types.Type{
		types.ArrayType(types.Int), types.MapType(types.String, types.Int), types.TimeType(0),
		types.MultisetType(types.String), types.RowType(types.Column{Name: "a", Type: types.Int}),
		{Kind: types.KindIntervalDayTime}, {Kind: types.KindIntervalYearMonth}, types.Binary(4),
		types.ArrayType(types.RowType(types.Column{Name: "m", Type: types.MapType(types.Char(3), types.ArrayType(types.TimeType(3)))})),
	} {
		schema := types.Schema{{Name: "c", Type: typ}}
		if _, err := (Factory{}).NewEncoder(schema, nil); err != nil {
			t.Errorf("%s: encoder: %v", typ, err)
		}
		if _, err := (Factory{}).NewDecoder(schema, nil); err != nil {
			t.Errorf("%s: decoder: %v", typ, err)
		}
	}
}
