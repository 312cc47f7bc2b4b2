package expr

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/sluice-sql/sluice/engine/types"
)

// castToString is CAST(v AS CHAR/VARCHAR(n)).
func castToString(v types.Value, from, to types.Type, loc *time.Location) types.Value {
	return fitString(string(AppendCastString(nil, v, from, loc)), to)
}

// AppendCastString appends v as Flink 1.20's CAST(v AS STRING) renders it:
// TRUE/FALSE, Java's Double.toString, DECIMAL with its scale ("100.00"),
// "2023-08-10 12:34:56.500" for a TIMESTAMP(3) (fraction padded to the
// type's precision), TIMESTAMP_LTZ in the session zone, bytes decoded as
// UTF-8, ARRAY "[1, 2]", ROW "(1, a)", MAP "{a=1}". t is v's type.
func AppendCastString(dst []byte, v types.Value, t types.Type, loc *time.Location) []byte {
	if v.IsNull() {
		return append(dst, "null"...)
	}
	switch v.Kind() {
	case types.KindBoolean:
		if v.Bool() {
			return append(dst, "TRUE"...)
		}
		return append(dst, "FALSE"...)
	case types.KindDecimal:
		return append(dst, v.Decimal().PlainString()...)
	case types.KindChar, types.KindVarchar:
		return append(dst, v.Str()...)
	case types.KindBytes, types.KindBinary:
		return appendUTF8Decoded(dst, v.Str())
	case types.KindTime:
		n := v.NanoOfDay()
		dst = appendClock(dst, n/int64(time.Second))
		return appendFraction(dst, int32(n%int64(time.Second)), t.Precision)
	case types.KindTimestamp:
		return appendTimestampText(dst, v.Timestamp(), t.Precision)
	case types.KindTimestampLTZ:
		return appendTimestampText(dst, InstantToLocal(v.Timestamp(), loc), t.Precision)
	case types.KindArray, types.KindMultiset, types.KindMap, types.KindRow:
		return appendNestedCastString(dst, v, t, loc)
	case types.KindIntervalDayTime, types.KindIntervalYearMonth:
		return AppendIntervalString(dst, v)
	}
	return types.AppendJavaString(dst, v)
}

// appendTimestampText writes "yyyy-MM-dd HH:mm:ss" and, for precision p > 0,
// '.' and exactly p fraction digits.
func appendTimestampText(dst []byte, ts types.Timestamp, p int) []byte {
	dst = types.AppendDate(dst, int32(floorDiv(ts.Sec, 86400)))
	dst = append(dst, ' ')
	dst = appendClock(dst, ts.Sec-floorDiv(ts.Sec, 86400)*86400)
	return appendFraction(dst, ts.Nano, p)
}

func appendClock(dst []byte, sec int64) []byte {
	h, m, s := sec/3600, sec/60%60, sec%60
	dst = append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':')
	return append(dst, byte('0'+s/10), byte('0'+s%10))
}

// appendFraction writes '.' and the first p digits of nano (nothing for p ≤ 0).
func appendFraction(dst []byte, nano int32, p int) []byte {
	if p <= 0 {
		return dst
	}
	var buf [9]byte
	for i := 8; i >= 0; i-- {
		buf[i] = byte('0' + nano%10)
		nano /= 10
	}
	return append(append(dst, '.'), buf[:min(p, 9)]...)
}

// appendUTF8Decoded is Java's new String(bytes, UTF_8): each malformed
// byte becomes U+FFFD.
func appendUTF8Decoded(dst []byte, b string) []byte {
	for len(b) > 0 {
		r, n := utf8.DecodeRuneInString(b)
		if r == utf8.RuneError && n == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, b[:n]...)
		}
		b = b[n:]
	}
	return dst
}

func appendNestedCastString(dst []byte, v types.Value, t types.Type, loc *time.Location) []byte {
	elems, err := v.Elems()
	if err != nil {
		return append(dst, "null"...)
	}
	n := t.Nested
	if n == nil {
		n = &types.Nested{}
	}
	switch v.Kind() {
	case types.KindRow:
		dst = append(dst, '(')
		for i, e := range elems {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			var ft types.Type
			if i < len(n.Fields) {
				ft = n.Fields[i].Type
			}
			dst = AppendCastString(dst, e, ft, loc)
		}
		return append(dst, ')')
	case types.KindMap, types.KindMultiset:
		kt, vt := n.Key, n.Elem
		if v.Kind() == types.KindMultiset {
			kt, vt = n.Elem, types.Int
		}
		dst = append(dst, '{')
		for i := 0; i+1 < len(elems); i += 2 {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = AppendCastString(dst, elems[i], kt, loc)
			dst = append(dst, '=')
			dst = AppendCastString(dst, elems[i+1], vt, loc)
		}
		return append(dst, '}')
	}
	dst = append(dst, '[')
	for i, e := range elems {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = AppendCastString(dst, e, n.Elem, loc)
	}
	return append(dst, ']')
}

// AppendIntervalString renders an interval as Flink's CAST to STRING:
// "+1 02:03:04.000" (day-time) or "+1-02" (year-month).
func AppendIntervalString(dst []byte, v types.Value) []byte {
	n := v.Int()
	sign := byte('+')
	if n < 0 {
		sign, n = '-', -n
	}
	dst = append(dst, sign)
	if v.Kind() == types.KindIntervalYearMonth {
		dst = strconv.AppendInt(dst, n/12, 10)
		m := n % 12
		return append(dst, '-', byte('0'+m/10), byte('0'+m%10))
	}
	dst = strconv.AppendInt(dst, n/86400000, 10)
	dst = append(dst, ' ')
	dst = appendClock(dst, n%86400000/1000)
	return appendFraction(dst, int32(n%1000)*1e6, 3)
}

// castNested casts ARRAY/MULTISET/MAP/ROW element by element.
func castNested(v types.Value, from, to types.Type, loc *time.Location) (types.Value, error) {
	elems, err := v.Elems()
	if err != nil {
		return types.Null, err
	}
	out := make([]types.Value, len(elems))
	for i, e := range elems {
		var ft, tt types.Type
		switch to.Kind {
		case types.KindRow:
			ft, tt = from.Nested.Fields[i].Type, to.Nested.Fields[i].Type
		case types.KindMap:
			ft, tt = from.Nested.Elem, to.Nested.Elem
			if i%2 == 0 {
				ft, tt = from.Nested.Key, to.Nested.Key
			}
		case types.KindMultiset:
			ft, tt = from.Nested.Elem, to.Nested.Elem
			if i%2 == 1 {
				out[i] = e
				continue
			}
		default:
			ft, tt = from.Nested.Elem, to.Nested.Elem
		}
		if out[i], err = castExplicit(e, ft, tt, loc); err != nil {
			return types.Null, err
		}
	}
	switch to.Kind {
	case types.KindRow:
		return types.RowValue(out), nil
	case types.KindMap:
		return types.MapValue(out), nil
	case types.KindMultiset:
		return types.MultisetValue(out), nil
	}
	return types.ArrayValue(out), nil
}
