package json

import (
	"errors"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

func nestedSchema() types.Schema {
	inner := types.RowType(types.Column{Name: "x", Type: types.Int}, types.Column{Name: "s", Type: types.String})
	return types.Schema{
		{Name: "id", Type: types.BigInt},
		{Name: "t", Type: types.TimeType(3)},
		{Name: "arr", Type: types.ArrayType(types.Int)},
		{Name: "m", Type: types.MapType(types.String, types.DecimalType(10, 2))},
		{Name: "ms", Type: types.MultisetType(types.String)},
		{Name: "r", Type: types.RowType(types.Column{Name: "a", Type: types.String}, types.Column{Name: "in", Type: inner})},
		{Name: "ar", Type: types.ArrayType(inner)},
	}
}

// TestNestedDecode reads records into the nested columns and writes them
// back: the JSON written is Flink's (RowDataToJsonConverters) for what
// Flink's JsonParserToRowDataConverters reads.
func TestNestedDecode(t *testing.T) {
	cases := []struct {
		name, in, want string
		opts           map[string]string
	}{
		{name: "all", in: `{"id":1,"t":"12:34:56.789","arr":[1,null,3],"m":{"a":1.5,"b":null},"ms":{"x":2},` +
			`"r":{"a":"A","in":{"x":7,"s":"q"}},"ar":[{"x":1,"s":"u"},null,{"s":"v"}]}`,
			want: `{"id":1,"t":"12:34:56","arr":[1,null,3],"m":{"a":1.5,"b":null},"ms":{"x":2},` +
				`"r":{"a":"A","in":{"x":7,"s":"q"}},"ar":[{"x":1,"s":"u"},null,{"x":null,"s":"v"}]}`},
		{name: "nulls and missing", in: `{"id":2,"t":null,"arr":null,"r":{"in":null}}`,
			want: `{"id":2,"t":null,"arr":null,"m":null,"ms":null,"r":{"a":null,"in":null},"ar":null}`},
		{name: "order, unknown names, repeated map key", in: `{"ar":[],"r":{"zz":[1,{"a":2}],"in":{"s":"z","x":"5"},"a":"b"},"m":{"k":1,"k":2},"id":3,"arr":[]}`,
			want: `{"id":3,"t":null,"arr":[],"m":{"k":2},"ms":null,"r":{"a":"b","in":{"x":5,"s":"z"}},"ar":[]}`},
		{name: "time without fraction and with nine digits", in: `{"id":4,"t":"23:59:59.999999999"}`,
			want: `{"id":4,"t":"23:59:59","arr":null,"m":null,"ms":null,"r":null,"ar":null}`},
		{name: "strings in nested rows take containers as text", in: `{"id":5,"r":{"a":{"k":[1, 2]}}}`,
			want: `{"id":5,"t":null,"arr":null,"m":null,"ms":null,"r":{"a":"{\"k\":[1,2]}","in":null},"ar":null}`},
		{name: "ignore-parse-errors nulls the failing element only", opts: map[string]string{OptIgnoreParseErrors: "true"},
			in:   `{"id":6,"t":"noon","arr":[1,"x",3],"m":{"a":"bad"},"r":{"a":"A","in":{"x":"y","s":"s"}},"ar":"nope"}`,
			want: `{"id":6,"t":null,"arr":[1,null,3],"m":{"a":null},"ms":null,"r":{"a":"A","in":{"x":null,"s":"s"}},"ar":null}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			schema := nestedSchema()
			dec, err := Factory{}.NewDecoder(schema, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			enc, err := Factory{}.NewEncoder(schema, nil)
			if err != nil {
				t.Fatal(err)
			}
			if dec.(*decoder).fast != nil {
				t.Fatal("a schema with constructed columns must take the general decoder")
			}
			row := make([]types.Value, len(schema))
			ok, err := dec.Decode([]byte(c.in), row)
			if err != nil || !ok {
				t.Fatalf("decode: %v %v", ok, err)
			}
			out, err := enc.Encode(nil, row)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != c.want {
				t.Errorf("got  %s\nwant %s", out, c.want)
			}
		})
	}
}

func TestNestedDecodeValues(t *testing.T) {
	schema := nestedSchema()
	dec, _ := Factory{}.NewDecoder(schema, nil)
	row := make([]types.Value, len(schema))
	if _, err := dec.Decode([]byte(`{"id":1,"t":"01:02:03.4567","arr":[5],"ms":{"e":3},"r":{"a":"A"}}`), row); err != nil {
		t.Fatal(err)
	}
	bin := types.Schema{{Name: "b", Type: types.Binary(3)}, {Name: "ab", Type: types.ArrayType(types.Binary(2))}}
	bdec, _ := Factory{}.NewDecoder(bin, nil)
	brow := make([]types.Value, 2)
	if _, err := bdec.Decode([]byte(`{"b":"AQID","ab":["AQ==",null]}`), brow); err != nil {
		t.Fatal(err)
	}
	ab, _ := brow[1].Elems()
	if brow[0].Kind() != types.KindBinary || brow[0].Str() != "\x01\x02\x03" || len(ab) != 2 || ab[0].Kind() != types.KindBinary || ab[0].Str() != "\x01" {
		t.Errorf("BINARY = %v %q, ARRAY<BINARY> = %v", brow[0].Kind(), brow[0].Str(), ab)
	}
	benc, _ := Factory{}.NewEncoder(bin, nil)
	if out, err := benc.Encode(nil, brow); err != nil || string(out) != `{"b":"AQID","ab":["AQ==",null]}` {
		t.Errorf("BINARY written as %s %v", out, err)
	}
	if got, want := row[1].NanoOfDay(), int64(3723e9); got != want || row[1].Kind() != types.KindTime {
		t.Errorf("TIME = %v %d, want %d (to the second, as Flink 1.20 keeps it)", row[1].Kind(), got, want)
	}
	ms, _ := row[4].Elems()
	if row[4].Kind() != types.KindMultiset || len(ms) != 2 || ms[0].Str() != "e" || ms[1].Kind() != types.KindInt || ms[1].Int() != 3 {
		t.Errorf("MULTISET = %v %v, want e → INT 3", row[4].Kind(), ms)
	}
	r, _ := row[5].Elems()
	if len(r) != 2 || r[0].Str() != "A" || !r[1].IsNull() {
		t.Errorf("ROW = %v", r)
	}
}

func TestNestedDecodeErrors(t *testing.T) {
	cases := []struct {
		in, field, msg string
		opts           map[string]string
	}{
		{in: `{"arr":{"a":1}}`, field: "arr", msg: "Illegal JSON array data..."},
		{in: `{"m":[1]}`, field: "m", msg: "Illegal JSON map data..."},
		{in: `{"r":"x"}`, field: "r", msg: "Illegal JSON object data..."},
		{in: `{"arr":[1,"x"]}`, field: "arr[2]", msg: "invalid number"},
		{in: `{"m":{"k":"x"}}`, field: "m['k']", msg: "invalid number"},
		{in: `{"r":{"in":{"x":1.5e99}}}`, field: "r.in.x", msg: "out of range"},
		{in: `{"ar":[{"x":1,"s":"a"},{"x":[]}]}`, field: "ar[2].x", msg: "invalid number"},
		{in: `{"t":"25:00:00"}`, field: "t", msg: "invalid TIME"},
		{in: `{"t":"12:00"}`, field: "t", msg: "invalid TIME"},
		{in: `{"arr":[1,2`, msg: "end-of-input"},
		// fail-on-missing-field applies to nested rows as in Flink.
		{in: `{"id":1,"t":null,"arr":null,"m":null,"ms":null,"r":{"a":"x"},"ar":null}`,
			opts: map[string]string{OptFailOnMissingField: "true"}, field: "r.in", msg: "Some field is missing in the JSON data."},
		{in: `{"id":1,"t":null,"arr":null,"m":null,"ms":null,"r":null,"ar":[{"x":1}]}`,
			opts: map[string]string{OptFailOnMissingField: "true"}, field: "ar[1].s", msg: "Some field is missing"},
	}
	schema := nestedSchema()
	for _, c := range cases {
		dec, err := Factory{}.NewDecoder(schema, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		row := make([]types.Value, len(schema))
		_, err = dec.Decode([]byte(c.in), row)
		var de *DeserializeError
		if !errors.As(err, &de) || de.Field != c.field || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v (field %q), want field %q and %q", c.in, err, fieldOf(de), c.field, c.msg)
		}
	}
	// A complete record with fail-on-missing-field reads.
	dec, _ := Factory{}.NewDecoder(schema, map[string]string{OptFailOnMissingField: "true"})
	row := make([]types.Value, len(schema))
	if _, err := dec.Decode([]byte(`{"id":1,"t":null,"arr":null,"m":null,"ms":null,"r":{"a":"x","in":null},"ar":[{"x":1,"s":null}]}`), row); err != nil {
		t.Errorf("complete record: %v", err)
	}
}

func fieldOf(e *DeserializeError) string {
	if e == nil {
		return ""
	}
	return e.Field
}

func TestNestedEncode(t *testing.T) {
	str := types.StringValue
	i := func(n int64) types.Value { return types.IntValue(types.KindInt, n) }
	schema := types.Schema{
		{Name: "m", Type: types.MapType(types.String, types.ArrayType(types.Int))},
		{Name: "r", Type: types.RowType(types.Column{Name: "a", Type: types.Int}, types.Column{Name: "b", Type: types.String})},
		{Name: "t", Type: types.TimeType(0)},
		{Name: "ym", Type: types.Type{Kind: types.KindIntervalYearMonth}},
		{Name: "dt", Type: types.Type{Kind: types.KindIntervalDayTime}},
	}
	row := []types.Value{
		types.MapValue([]types.Value{str("k"), types.ArrayValue([]types.Value{i(1), types.Null}), types.Null, types.ArrayValue(nil),
			str("k2"), types.Null}),
		types.RowValue([]types.Value{i(5), types.Null}),
		types.TimeValue(5*3600e9 + 7e9 + 999e6),
		types.IntervalYearMonthValue(14),
		types.IntervalDayTimeValue(90061001),
	}
	cases := []struct {
		opts      map[string]string
		want, err string
	}{
		{opts: nil, err: "Fail to serialize at field: m: JSON format doesn't support to serialize map data with null keys. " +
			"You can drop null key entries or encode null in literals by specifying map-null-key.mode option."},
		{opts: map[string]string{OptMapNullKeyMode: "drop"},
			want: `{"m":{"k":[1,null],"k2":null},"r":{"a":5,"b":null},"t":"05:00:07","ym":14,"dt":90061001}`},
		{opts: map[string]string{OptMapNullKeyMode: "LITERAL", OptMapNullKeyLiteral: "NUL"},
			want: `{"m":{"k":[1,null],"NUL":[],"k2":null},"r":{"a":5,"b":null},"t":"05:00:07","ym":14,"dt":90061001}`},
		// The literal may equal a key: the entry is set in place.
		{opts: map[string]string{OptMapNullKeyMode: "LITERAL", OptMapNullKeyLiteral: "k"},
			want: `{"m":{"k":[],"k2":null},"r":{"a":5,"b":null},"t":"05:00:07","ym":14,"dt":90061001}`},
		// encode.ignore-null-fields applies inside rows too.
		{opts: map[string]string{OptMapNullKeyMode: "DROP", OptEncodeIgnoreNullFlds: "true"},
			want: `{"m":{"k":[1,null],"k2":null},"r":{"a":5},"t":"05:00:07","ym":14,"dt":90061001}`},
	}
	for _, c := range cases {
		enc, err := Factory{}.NewEncoder(schema, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		out, err := enc.Encode(nil, row)
		if c.err != "" {
			var se *SerializeError
			if !errors.As(err, &se) || err.Error() != c.err {
				t.Errorf("%v: error %v, want %s", c.opts, err, c.err)
			}
			continue
		}
		if err != nil || string(out) != c.want {
			t.Errorf("%v: got %s %v\nwant %s", c.opts, out, err, c.want)
		}
	}
}

// TestNestedEncodeFlink holds what Flink 1.20.5 wrote for
// SELECT MAP[CAST(NULL AS STRING), 1, 'a', 2], ROW('x', CAST(NULL AS INT)),
// TIME '12:34:56.789' (scripts/flink-oracle/json_writes_probe.py).
func TestNestedEncodeFlink(t *testing.T) {
	schema := types.Schema{
		{Name: "m", Type: types.MapType(types.String, types.Int)},
		{Name: "r", Type: types.RowType(types.Column{Name: "s", Type: types.String}, types.Column{Name: "i", Type: types.Int})},
		{Name: "t", Type: types.TimeType(3)},
	}
	row := []types.Value{
		types.MapValue([]types.Value{types.Null, types.IntValue(types.KindInt, 1), types.StringValue("a"), types.IntValue(types.KindInt, 2)}),
		types.RowValue([]types.Value{types.StringValue("x"), types.Null}),
		types.TimeValue(45296789e6),
	}
	for _, c := range []struct {
		opts map[string]string
		want string
	}{
		{map[string]string{OptMapNullKeyMode: "DROP"}, `{"m":{"a":2},"r":{"s":"x","i":null},"t":"12:34:56"}`},
		{map[string]string{OptMapNullKeyMode: "LITERAL", OptMapNullKeyLiteral: "NUL"}, `{"m":{"NUL":1,"a":2},"r":{"s":"x","i":null},"t":"12:34:56"}`},
		{map[string]string{OptMapNullKeyMode: "LITERAL", OptMapNullKeyLiteral: "a"}, `{"m":{"a":2},"r":{"s":"x","i":null},"t":"12:34:56"}`},
		{map[string]string{OptMapNullKeyMode: "DROP", OptEncodeIgnoreNullFlds: "true"}, `{"m":{"a":2},"r":{"s":"x"},"t":"12:34:56"}`},
		{nil, "Fail to serialize at field: m: JSON format doesn't support to serialize map data with null keys. " +
			"You can drop null key entries or encode null in literals by specifying map-null-key.mode option."},
	} {
		enc, err := Factory{}.NewEncoder(schema, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		out, err := enc.Encode(nil, row)
		if err != nil {
			out = []byte(err.Error())
		}
		if string(out) != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.opts, out, c.want)
		}
	}
}

func TestNestedEncodeErrorPath(t *testing.T) {
	schema := types.Schema{{Name: "r", Type: types.RowType(types.Column{Name: "in",
		Type: types.ArrayType(types.MapType(types.String, types.Int))})}}
	enc, _ := Factory{}.NewEncoder(schema, nil)
	bad := types.MapValue([]types.Value{types.Null, types.IntValue(types.KindInt, 1)})
	_, err := enc.Encode(nil, []types.Value{types.RowValue([]types.Value{types.ArrayValue([]types.Value{types.MapValue(nil), bad})})})
	var se *SerializeError
	if !errors.As(err, &se) || se.Field != "r.in[2]" || !errors.Is(err, errMapNullKey) {
		t.Errorf("error %v, want one at r.in[2]", err)
	}
}

// A DECIMAL nested anywhere switches Jackson to BigDecimal floats for the
// whole record (LogicalTypeChecks.hasNested in Flink), which shows in a
// container read into a string.
func TestNestedDecimalChangesTreeFloats(t *testing.T) {
	read := func(schema types.Schema) string {
		dec, err := Factory{}.NewDecoder(schema, nil)
		if err != nil {
			t.Fatal(err)
		}
		row := make([]types.Value, len(schema))
		if _, err := dec.Decode([]byte(`{"s":{"a":1.50,"b":1e2}}`), row); err != nil {
			t.Fatal(err)
		}
		return row[0].Str()
	}
	top := read(types.Schema{{Name: "s", Type: types.String}, {Name: "d", Type: types.DecimalType(5, 2)}})
	none := read(types.Schema{{Name: "s", Type: types.String}})
	if top == none {
		t.Fatalf("a DECIMAL column does not change the text (%s); the test shows nothing", top)
	}
	for _, typ := range []types.Type{
		types.RowType(types.Column{Name: "x", Type: types.DecimalType(5, 2)}),
		types.ArrayType(types.DecimalType(5, 2)),
		types.MapType(types.String, types.ArrayType(types.DecimalType(5, 2))),
	} {
		if got := read(types.Schema{{Name: "s", Type: types.String}, {Name: "n", Type: typ}}); got != top {
			t.Errorf("with a %s column: %s, want %s as with a DECIMAL column", typ, got, top)
		}
	}
}
