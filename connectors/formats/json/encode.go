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
	keys [][]byte // `"name":`, escaped once
	// leads are `{"name":` then `,"name":`: what precedes each value when
	// every column is written (encode.ignore-null-fields off).
	leads       [][]byte
	iso         bool
	plain       bool
	ignoreNulls bool
	// typed: the schema has a constructed column, written by appendTyped
	// with the column types (ROW needs its field names).
	typed          bool
	names          []string
	types          []types.Type
	nullKeyMode    string // FAIL, DROP or LITERAL
	nullKeyLiteral string
}

func newEncoder(schema types.Schema, o options) *encoder {
	e := &encoder{iso: o.iso, plain: o.decimalPlain, ignoreNulls: o.ignoreNullFields,
		nullKeyMode: o.nullKeyMode, nullKeyLiteral: o.nullKeyLiteral}
	for i, c := range schema {
		e.names, e.types = append(e.names, c.Name), append(e.types, c.Type)
		switch c.Type.Kind {
		case types.KindArray, types.KindMap, types.KindMultiset, types.KindRow:
			e.typed = true
		}
		k := appendQuoted(nil, c.Name)
		e.keys = append(e.keys, append(k, ':'))
		open := byte(',')
		if i == 0 {
			open = '{'
		}
		e.leads = append(e.leads, append([]byte{open}, e.keys[i]...))
	}
	return e
}

// Encode implements formats.Encoder. Missing trailing fields are NULL.
func (e *encoder) Encode(dst []byte, fields []types.Value) ([]byte, error) {
	if !e.ignoreNulls && !e.typed && len(e.leads) > 0 {
		// Every column is written: one append of its lead, then the value.
		for i, lead := range e.leads {
			dst = append(dst, lead...)
			if i < len(fields) {
				dst = e.appendValue(dst, &fields[i])
			} else {
				dst = append(dst, "null"...)
			}
		}
		return append(dst, '}'), nil
	}
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
		if !e.typed {
			dst = e.appendValue(dst, &v)
			continue
		}
		var err error
		if dst, err = e.appendTyped(dst, &v, &e.types[i]); err != nil {
			field, cause := fieldPath(e.names[i], err)
			return dst, &SerializeError{Field: field, Err: cause}
		}
	}
	return append(dst, '}'), nil
}

func (e *encoder) appendValue(dst []byte, v *types.Value) []byte {
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
		return appendDecimal(dst, v, e.plain)
	case types.KindChar, types.KindVarchar:
		return appendQuotedString(dst, v.Str())
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
	case types.KindBytes, types.KindBinary:
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, []byte(v.Str()))
		return append(dst, '"')
	case types.KindTime:
		return appendSQLTime(dst, v.NanoOfDay())
	case types.KindIntervalYearMonth, types.KindIntervalDayTime:
		// Flink writes INTERVAL YEAR TO MONTH as INT months and INTERVAL
		// DAY TO SECOND as BIGINT milliseconds.
		return strconv.AppendInt(dst, v.Int(), 10)
	}
	return append(dst, "null"...)
}

func (e *encoder) appendTimestamp(dst []byte, t types.Timestamp) []byte {
	sep := byte(' ')
	if e.iso {
		sep = 'T'
	}
	if out, ok := appendTimestampFast(dst, t, sep); ok {
		return out
	}
	if e.iso {
		return types.AppendTimestampISO(dst, t)
	}
	return types.AppendTimestampSQL(dst, t)
}

// appendTimestampFast writes a timestamp of the years 1000–9999 as
// types.AppendTimestampSQL (sep ' ') or AppendTimestampISO (sep 'T') do,
// in one append: "2023-08-10 12:34:56.12", the fraction without trailing
// zeros and omitted when zero. Other years (signs, padding) are left to
// those (ok false). TestTimestampFormatFastMatches compares them.
func appendTimestampFast(dst []byte, t types.Timestamp, sep byte) ([]byte, bool) {
	if t.Nano < 0 || t.Nano >= 1e9 {
		return dst, false
	}
	days, sod := t.Sec/86400, t.Sec%86400
	if sod < 0 {
		days--
		sod += 86400
	}
	y, m, d := civilFromDays(days)
	if y < 1000 || y > 9999 {
		return dst, false
	}
	h, mi, s := int(sod/3600), int(sod/60%60), int(sod%60)
	dst = append(dst,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10), sep,
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10))
	nano := int(t.Nano)
	if nano == 0 {
		return dst, true
	}
	n := 9
	switch {
	case nano%1e6 == 0:
		nano, n = nano/1e6, 3
	case nano%1e3 == 0:
		nano, n = nano/1e3, 6
	}
	for nano%10 == 0 {
		nano /= 10
		n--
	}
	var buf [10]byte
	buf[0] = '.'
	for i := n; i > 0; i-- {
		buf[i] = byte('0' + nano%10)
		nano /= 10
	}
	return append(dst, buf[:n+1]...), true
}

// civilFromDays returns the proleptic Gregorian date of days since
// 1970-01-01 (H. Hinnant's civil_from_days, as engine/types uses).
func civilFromDays(days int64) (y, m, d int) {
	z := days + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// appendDecimal writes a DECIMAL as types.AppendJavaDecimalStripped does
// (Jackson's stripTrailingZeros then toString or toPlainString), with a
// shortcut for the usual value — unscaled in int64, at least 1 in
// magnitude, and an integer or fraction digits left after stripping —
// which both notations write as plain "-12.5". TestDecimalFormatFastMatches
// compares them.
func appendDecimal(dst []byte, v *types.Value, plain bool) []byte {
	d := v.Decimal()
	u, sc := v.Int(), d.Scale()
	// d has no big part exactly when it equals the int64 decimal.
	if d != types.NewDecimal(u, sc) || u == 0 || u == math.MinInt64 || sc < 0 || sc > 18 {
		return types.AppendJavaDecimalStripped(dst, d, plain)
	}
	neg := u < 0
	if neg {
		u = -u
	}
	for sc > 0 && u%10 == 0 {
		u /= 10
		sc--
	}
	switch {
	case sc == 0 && u%10 != 0:
		if neg {
			dst = append(dst, '-')
		}
		return strconv.AppendInt(dst, u, 10)
	case sc > 0 && u >= pow10[sc]:
		if neg {
			dst = append(dst, '-')
		}
		dst = strconv.AppendInt(dst, u/pow10[sc], 10)
		var buf [19]byte
		buf[0] = '.'
		frac := u % pow10[sc]
		for i := sc; i > 0; i-- {
			buf[i] = byte('0' + frac%10)
			frac /= 10
		}
		return append(dst, buf[:sc+1]...)
	}
	return types.AppendJavaDecimalStripped(dst, d, plain)
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

// appendSQLTime writes TIME as Flink does: LocalTime.ofSecondOfDay(millis /
// 1000) formatted with SQL_TIME_FORMAT, so the fraction is dropped
// whatever the precision ("12:34:56"). A value outside the day (which
// Flink's LocalTime would refuse) is taken modulo the day rather than
// written as bytes that are not JSON.
func appendSQLTime(dst []byte, nanoOfDay int64) []byte {
	sec := (nanoOfDay/1e9%86400 + 86400) % 86400
	h, m, s := sec/3600, sec/60%60, sec%60
	return append(dst, '"', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':',
		byte('0'+s/10), byte('0'+s%10), '"')
}
