package checkpoint

import (
	"io"
	"math"
	"math/big"
	"reflect"
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

func mustDecimal(t testing.TB, s string) types.Value {
	d, err := types.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return types.DecimalValue(d)
}

func TestRowRoundTrip(t *testing.T) {
	huge, _ := new(big.Int).SetString("-123456789012345678901234567890123456", 10)
	tests := []struct {
		name string
		v    types.Value
	}{
		{"NULL", types.Null},
		{"true", types.BoolValue(true)},
		{"false", types.BoolValue(false)},
		{"TINYINT", types.IntValue(types.KindTinyInt, -128)},
		{"SMALLINT", types.IntValue(types.KindSmallInt, 32767)},
		{"INT", types.IntValue(types.KindInt, math.MinInt32)},
		{"BIGINT max", types.BigIntValue(math.MaxInt64)},
		{"BIGINT min", types.BigIntValue(math.MinInt64)},
		{"FLOAT", types.FloatValue(types.KindFloat, 1.5)},
		{"DOUBLE NaN", types.DoubleValue(math.NaN())},
		{"DOUBLE -0", types.DoubleValue(math.Copysign(0, -1))},
		{"DECIMAL small", mustDecimal(t, "412.53")},
		{"DECIMAL trailing zeros", mustDecimal(t, "12.50")},
		{"DECIMAL 38 digits", mustDecimal(t, "99999999999999999999999999999999999999")},
		{"DECIMAL big negative", types.DecimalValue(types.NewDecimalBig(huge, 10))},
		{"VARCHAR empty", types.StringValue("")},
		{"VARCHAR unicode", types.StringValue("Grocery_Store ✓ \x00")},
		{"BYTES", types.BytesValue([]byte{0, 1, 255})},
		{"DATE", types.DateValue(-719162)},
		{"TIMESTAMP ns", types.TimestampValue(types.Timestamp{Sec: 1_900_000_000, Nano: 123456789})},
		{"TIMESTAMP before 1970", types.TimestampValue(types.Timestamp{Sec: -62135596800, Nano: 1})},
		{"TIMESTAMP_LTZ", types.TimestampLTZValue(types.Timestamp{Sec: 1, Nano: 999999999})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := []types.Value{tt.v, types.BigIntValue(7)}
			buf := AppendRow(nil, row)
			d := NewDecoder(buf)
			got, err := d.Row()
			if err != nil {
				t.Fatal(err)
			}
			if d.Remaining() != 0 {
				t.Fatalf("%d bytes left", d.Remaining())
			}
			if !sameValue(got[0], tt.v) || !sameValue(got[1], row[1]) {
				t.Fatalf("round trip of %v gave %v", row, got)
			}
		})
	}
}

// sameValue compares by kind and content, NULL and NaN included (Equal
// follows SQL and would say NULL != NULL).
func sameValue(a, b types.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case types.KindNull:
		return true
	case types.KindFloat, types.KindDouble:
		return math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	case types.KindDecimal:
		return a.Decimal().Scale() == b.Decimal().Scale() && a.Decimal().Unscaled().Cmp(b.Decimal().Unscaled()) == 0
	}
	return reflect.DeepEqual(a, b)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		buf  []byte
	}{
		{"empty", nil},
		{"count beyond end", []byte{5, 0}},
		{"unknown kind", []byte{1, 200}},
		{"truncated string", []byte{1, byte(types.KindVarchar), 10, 'a'}},
		{"truncated double", []byte{1, byte(types.KindDouble), 1, 2}},
		{"bad boolean", []byte{1, byte(types.KindBoolean), 7}},
		{"nanos out of range", append([]byte{1, byte(types.KindTimestamp), 0}, 0x80, 0x94, 0xeb, 0xdc, 0x03)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewDecoder(tt.buf).Row(); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func FuzzDecodeRow(f *testing.F) {
	f.Add(AppendRow(nil, []types.Value{types.BigIntValue(1), types.StringValue("x"), types.Null}))
	f.Add(AppendRow(nil, []types.Value{mustDecimal(f, "123456789012345678901234567890.5")}))
	f.Add([]byte{3, 255, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder(data)
		for d.Remaining() > 0 {
			row, err := d.Row()
			if err != nil {
				return
			}
			// What decodes must re-encode to the same values.
			again, err := NewDecoder(AppendRow(nil, row)).Row()
			if err != nil || len(again) != len(row) {
				t.Fatalf("re-decoding %v: %v", row, err)
			}
		}
		_, _ = DecodeSnapshot(data)
	})
}

func TestSnapshotRoundTrip(t *testing.T) {
	s := &Snapshot{Entries: map[string][]byte{"join/ab": {1, 2, 3}, "source/t/topic": {}, "x": nil}}
	got, err := DecodeSnapshot(s.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 3 || string(got.Entries["join/ab"]) != "\x01\x02\x03" {
		t.Fatalf("got %v", got.Entries)
	}
	for _, bad := range [][]byte{nil, []byte("NOTSLUICE"), append([]byte(magic), 9)} {
		if _, err := DecodeSnapshot(bad); err == nil {
			t.Errorf("DecodeSnapshot(%q): no error", bad)
		}
	}
}

// TestSnapshotReader pins the encoding byte by byte (ids sorted, each id and
// entry length-prefixed) and checks the size Reader reports.
func TestSnapshotReader(t *testing.T) {
	for _, c := range []struct {
		entries map[string][]byte
		want    string
	}{
		{nil, "SLUICECK\x01\x00"},
		{map[string][]byte{"b": {7, 8}, "a": nil}, "SLUICECK\x01\x02" + "\x01a\x00" + "\x01b\x02\x07\x08"},
		{map[string][]byte{"join/x": make([]byte, 300)}, "SLUICECK\x01\x01" + "\x06join/x\xac\x02" + string(make([]byte, 300))},
	} {
		s := &Snapshot{Entries: c.entries}
		r, size := s.Reader()
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want || size != len(c.want) {
			t.Errorf("entries %v: %q (size %d), want %q (%d)", c.entries, got, size, c.want, len(c.want))
		}
		if enc := s.Encode(); string(enc) != c.want {
			t.Errorf("Encode: %q, want %q", enc, c.want)
		}
	}
}

// seedRow is a transaction row of the seed job, as the join stores it.
func seedRow() []types.Value {
	return []types.Value{
		types.BigIntValue(1_234_567),
		types.StringValue("CUST-0042-99"),
		types.StringValue("online"),
		types.StringValue("TX-0000123456789"),
		types.StringValue("purchase"),
		types.DecimalValue(types.NewDecimal(125_075, 2)),
		types.TimestampValue(types.Timestamp{Sec: 1_764_000_000, Nano: 123_000_000}),
	}
}

func BenchmarkAppendRow(b *testing.B) {
	row := seedRow()
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendRow(buf[:0], row)
	}
	b.SetBytes(int64(len(buf)))
}
