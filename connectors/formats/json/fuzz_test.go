package json

import (
	stdjson "encoding/json"
	"os"
	"testing"

	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
)

var fuzzSchema = types.Schema{
	{Name: "id", Type: types.Int},
	{Name: "b", Type: types.Boolean},
	{Name: "ti", Type: types.TinyInt},
	{Name: "si", Type: types.SmallInt},
	{Name: "i", Type: types.Int},
	{Name: "bi", Type: types.BigInt},
	{Name: "f", Type: types.Float},
	{Name: "d", Type: types.Double},
	{Name: "dec", Type: types.DecimalType(10, 2)},
	{Name: "big", Type: types.DecimalType(38, 18)},
	{Name: "s", Type: types.String},
	{Name: "dt", Type: types.Date},
	{Name: "ts", Type: types.TimestampType(3)},
	{Name: "ltz", Type: types.TimestampLTZType(3)},
	{Name: "by", Type: types.Bytes},
}

// FuzzDecode checks that no input panics, in every decoding mode, and that
// whatever decodes encodes to valid JSON and prints.
func FuzzDecode(f *testing.F) {
	f.Add(transactionJSON)
	f.Add([]byte(`{"id":1,"s":{"a":[1,2.5e3,"x\u00e9\ud83d\ude00"],"a":null},"by":"AQ==AQ==","dec":"1e-3","big":1e20}`))
	f.Add([]byte(`{"id":1,"i":{"x":[1,{"y":2}]},"bi":5,"s":"\ud800","ts":"2023-08-10 24:00:00","ltz":"2023-08-10T12:34Z"}`))
	f.Add([]byte("{\"s\":\"bad \xff utf8\",\"b\":\"x\xffy\"}"))
	if o, err := readOracleInputs(); err == nil {
		for _, in := range o {
			f.Add(in)
		}
	}
	var decs []*decoder
	for _, o := range []map[string]string{
		nil,
		{"ignore-parse-errors": "true"},
		{"fail-on-missing-field": "true", "timestamp-format.standard": "ISO-8601"},
	} {
		d, err := Factory{}.NewDecoder(fuzzSchema, o)
		if err != nil {
			f.Fatal(err)
		}
		decs = append(decs, d.(*decoder))
	}
	enc, _ := Factory{}.NewEncoder(fuzzSchema, nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range decs {
			dst := make([]types.Value, len(fuzzSchema))
			ok, err := d.Decode(data, dst)
			if !ok {
				if err == nil && len(data) > 0 && !d.ignoreErrors {
					t.Fatalf("record skipped without error: %q", data)
				}
				continue
			}
			for i, v := range dst {
				if k := v.Kind(); k != types.KindNull && k != fuzzSchema[i].Type.Kind &&
					!(fuzzSchema[i].Type.IsString() && k == types.KindVarchar) {
					t.Fatalf("field %s has kind %d", fuzzSchema[i].Name, k)
				}
			}
			out, err := enc.Encode(nil, dst)
			if err != nil || !stdjson.Valid(out) {
				t.Fatalf("encoded %q from %q: %v", out, data, err)
			}
			_ = types.AppendRowString(nil, types.Row{Fields: dst})
		}
	})
}

func readOracleInputs() ([][]byte, error) {
	o := struct{ Groups []oracleGroup }{}
	raw, err := os.ReadFile("testdata/flink_oracle.json")
	if err != nil {
		return nil, err
	}
	if err := stdjson.Unmarshal(raw, &o); err != nil {
		return nil, err
	}
	var out [][]byte
	for _, g := range o.Groups {
		out = append(out, lines(nil, g.Input, g.InputB64)...)
	}
	return out, nil
}

// FuzzDecodeNested is FuzzDecode for constructed columns, TIME, BINARY and
// the intervals: no input panics, and what decodes writes valid JSON.
func FuzzDecodeNested(f *testing.F) {
	schema := append(nestedSchema(),
		types.Column{Name: "bin", Type: types.Binary(2)},
		types.Column{Name: "ym", Type: types.Type{Kind: types.KindIntervalYearMonth}},
		types.Column{Name: "mm", Type: types.MapType(types.String, types.MultisetType(types.Char(1)))})
	f.Add([]byte(`{"id":1,"t":"12:34:56.789","arr":[1,null,3],"m":{"a":1.5},"ms":{"x":2},"r":{"a":"A","in":{"x":7}},` +
		`"ar":[{"x":1,"s":"u"},null],"bin":"AQI=","ym":14,"mm":{"k":{"a":1}}}`))
	f.Add([]byte(`{"arr":{"a":[1,{"b":2}]},"m":[1,[2]],"r":[{"a":1}],"ar":[[1],{"x":{}}],"mm":{"k":[]}}`))
	if o, err := readOracleInputs(); err == nil {
		for _, in := range o {
			f.Add(in)
		}
	}
	var decs []formats.Decoder
	for _, o := range []map[string]string{nil, {"ignore-parse-errors": "true"}, {"fail-on-missing-field": "true"}} {
		d, err := Factory{}.NewDecoder(schema, o)
		if err != nil {
			f.Fatal(err)
		}
		decs = append(decs, d)
	}
	enc, err := Factory{}.NewEncoder(schema, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range decs {
			dst := make([]types.Value, len(schema))
			if ok, _ := d.Decode(data, dst); !ok {
				continue
			}
			out, err := enc.Encode(nil, dst)
			if err != nil || !stdjson.Valid(out) {
				t.Fatalf("encoded %q from %q: %v", out, data, err)
			}
			_ = types.AppendRowString(nil, types.Row{Fields: dst})
		}
	})
}
