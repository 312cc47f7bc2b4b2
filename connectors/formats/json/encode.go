package json

import (
	"encoding/base64"
	"math"
	"strconv"

	"github.com/sluice-sql/sluice/engine/types"
)

// encoder implements formats.Encoder as Flink's JsonRowDataSerializationSchema:
// an object with the columns in schema order. Values are written as
// Jackson writes Flink's JsonNodes:
//   - DECIMAL through JsonNodeFactory, which strips trailing zeros:
//     12.50 → 12.5, 100.00 → 1E+2 (100 with encode.decimal-as-plain-number),
//     any zero → 0;
//   - DOUBLE/FLOAT as Double/Float.toString (1.0E10), NaN and infinities as
//     strings ("NaN");
//   - timestamps as strings in the chosen standard without trailing
//     fraction zeros; BYTES as base64.
type encoder struct {
	keys        [][]byte // `"name":`, escaped once
	iso         bool
	plain       bool
	ignoreNulls bool
}

func newEncoder(schema types.Schema, o options) *encoder {
	e := &encoder{iso: o.iso, plain: o.decimalPlain, ignoreNulls: o.ignoreNullFields}
	for _, c := range schema {
		k := appendQuoted(nil, c.Name)
		e.keys = append(e.keys, append(k, ':'))
	}
	return e
}

// Encode implements formats.Encoder. Missing trailing fields are NULL.
func (e *encoder) Encode(dst []byte, fields []types.Value) ([]byte, error) {
	dst = append(dst, '{')
	first := true
	for i, key := range e.keys {
		var v types.Value
		if i < len(fields) {
			v = fields[i]
		}
		if e.ignoreNulls && v.IsNull() {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, key...)
		dst = e.appendValue(dst, v)
	}
	return append(dst, '}'), nil
}

func (e *encoder) appendValue(dst []byte, v types.Value) []byte {
	switch v.Kind() {
	case types.KindNull:
		return append(dst, "null"...)
	case types.KindBoolean:
		return strconv.AppendBool(dst, v.Bool())
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		return strconv.AppendInt(dst, v.Int(), 10)
	case types.KindFloat:
		return appendJSONFloat(dst, v.Float(), 32)
	case types.KindDouble:
		return appendJSONFloat(dst, v.Float(), 64)
	case types.KindDecimal:
		return types.AppendJavaDecimalStripped(dst, v.Decimal(), e.plain)
	case types.KindChar, types.KindVarchar:
		return appendQuoted(dst, v.Str())
	case types.KindDate:
		dst = append(dst, '"')
		return append(types.AppendDate(dst, v.Days()), '"')
	case types.KindTimestamp:
		dst = append(dst, '"')
		dst = e.appendTimestamp(dst, v.Timestamp())
		return append(dst, '"')
	case types.KindTimestampLTZ:
		dst = append(dst, '"')
		dst = e.appendTimestamp(dst, v.Timestamp())
		return append(dst, 'Z', '"')
	case types.KindBytes:
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, []byte(v.Str()))
		return append(dst, '"')
	}
	return append(dst, "null"...)
}

func (e *encoder) appendTimestamp(dst []byte, t types.Timestamp) []byte {
	if e.iso {
		return types.AppendTimestampISO(dst, t)
	}
	return types.AppendTimestampSQL(dst, t)
}

// appendJSONFloat writes a double as Jackson does: Double.toString, with
// non-finite values quoted (QUOTE_NON_NUMERIC_NUMBERS).
func appendJSONFloat(dst []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		dst = append(dst, '"')
		dst = types.AppendJavaFloat(dst, f, bits)
		return append(dst, '"')
	}
	return types.AppendJavaFloat(dst, f, bits)
}
