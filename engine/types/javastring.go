package types

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Flink's print sink converts each row to its external Java objects and
// prints Row.toString; these functions reproduce that text byte for byte so
// that Sluice's output can be diffed against Flink's.

// AppendRowString appends r as Flink's Row.toString: "+I[1, abc, null]".
func AppendRowString(dst []byte, r Row) []byte {
	dst = append(dst, r.Kind.String()...)
	dst = append(dst, '[')
	for i, v := range r.Fields {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = AppendJavaString(dst, v)
	}
	return append(dst, ']')
}

// AppendJavaString appends the toString of v's Java external value: null,
// strings as they are, Double.toString, BigDecimal.toString,
// LocalDate/LocalDateTime/Instant.toString, and byte[] as Arrays.toString.
func AppendJavaString(dst []byte, v Value) []byte {
	switch v.kind() {
	case KindNull:
		return append(dst, "null"...)
	case KindBoolean:
		if v.i != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case KindTinyInt, KindSmallInt, KindInt, KindBigInt:
		return strconv.AppendInt(dst, v.i, 10)
	case KindFloat:
		return AppendJavaFloat(dst, v.Float(), 32)
	case KindDouble:
		return AppendJavaFloat(dst, v.Float(), 64)
	case KindDecimal:
		return AppendJavaDecimal(dst, v.Decimal())
	case KindChar, KindVarchar:
		return appendJavaPrinted(dst, v.s)
	case KindDate:
		return AppendDate(dst, int32(v.i))
	case KindTimestamp:
		return appendLocalDateTime(dst, v.Timestamp())
	case KindTimestampLTZ:
		return appendInstant(dst, v.Timestamp())
	case KindTime:
		return appendLocalTime(dst, v.i)
	case KindArray, KindMap, KindMultiset, KindRow:
		return appendNestedJavaString(dst, v)
	case KindBytes, KindBinary:
		// Arrays.toString(byte[]): Java bytes are signed.
		dst = append(dst, '[')
		for i := 0; i < len(v.s); i++ {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = strconv.AppendInt(dst, int64(int8(v.s[i])), 10)
		}
		return append(dst, ']')
	}
	return append(dst, "null"...)
}

// appendJavaPrinted appends a string as Java's PrintStream encodes it to
// UTF-8: a lone surrogate (held as its 3-byte WTF-8 form, e.g. from a JSON
// "\ud800" escape) cannot be encoded and comes out as '?'.
func appendJavaPrinted(dst []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, 0xED)
		if i < 0 || i+2 >= len(s) {
			return append(dst, s...)
		}
		if s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2]&0xC0 == 0x80 {
			dst = append(dst, s[:i]...)
			dst = append(dst, '?')
			s = s[i+3:]
			continue
		}
		dst = append(dst, s[:i+1]...)
		s = s[i+1:]
	}
}

// appendLocalDateTime writes LocalDateTime.toString: "2023-08-10T12:34",
// "…T12:34:56", "…T12:34:56.120" — seconds only when the seconds or the
// fraction are non-zero, the fraction in groups of 3 digits.
func appendLocalDateTime(dst []byte, t Timestamp) []byte {
	days, sod := splitTimestamp(t)
	dst = appendCivilDate(dst, days)
	dst = append(dst, 'T')
	dst = append2(dst, sod/3600)
	dst = append(dst, ':')
	dst = append2(dst, sod/60%60)
	if sod%60 == 0 && t.Nano == 0 {
		return dst
	}
	dst = append(dst, ':')
	dst = append2(dst, sod%60)
	return appendFractionGroups(dst, t.Nano)
}

// appendInstant writes Instant.toString (ISO_INSTANT): seconds always, the
// fraction in groups of 3 digits, then 'Z'.
func appendInstant(dst []byte, t Timestamp) []byte {
	days, sod := splitTimestamp(t)
	dst = appendCivilDate(dst, days)
	dst = append(dst, 'T')
	dst = appendClock(dst, sod)
	dst = appendFractionGroups(dst, t.Nano)
	return append(dst, 'Z')
}

// appendFractionGroups writes ".123", ".123456" or ".123456789" (nothing for 0).
func appendFractionGroups(dst []byte, nano int32) []byte {
	switch {
	case nano <= 0:
		return dst
	case nano%1e6 == 0:
		return appendNanoDigits(append(dst, '.'), nano/1e6, 3)
	case nano%1e3 == 0:
		return appendNanoDigits(append(dst, '.'), nano/1e3, 6)
	}
	return appendNanoDigits(append(dst, '.'), nano, 9)
}

// AppendJavaDecimal appends d as Java's BigDecimal.toString: plain when the
// scale is ≥ 0 and the adjusted exponent ≥ -6 ("12.50", "0.000001"),
// otherwise scientific ("1E-8", "1.23E-7", "0E-8", "1E+2" for scale -2).
func AppendJavaDecimal(dst []byte, d Decimal) []byte {
	var buf [40]byte
	var digits []byte
	neg := false
	if d.big != nil {
		digits = d.big.Append(buf[:0], 10)
	} else {
		digits = strconv.AppendInt(buf[:0], d.small, 10)
	}
	if digits[0] == '-' {
		neg, digits = true, digits[1:]
	}
	return appendBigDecimalString(dst, neg, digits, int(d.scale), false)
}

// AppendJavaDecimalStripped appends BigDecimal.stripTrailingZeros() then
// toString (or toPlainString when plain): how Jackson's JsonNodeFactory, and
// so Flink's json format, writes a DECIMAL — "12.5" for 12.50, "1E+2" for
// 100.00 ("100" when plain), "0" for any zero.
func AppendJavaDecimalStripped(dst []byte, d Decimal, plain bool) []byte {
	var buf [40]byte
	var digits []byte
	if d.big != nil {
		digits = d.big.Append(buf[:0], 10)
	} else {
		digits = strconv.AppendInt(buf[:0], d.small, 10)
	}
	neg := false
	if digits[0] == '-' {
		neg, digits = true, digits[1:]
	}
	if len(digits) == 1 && digits[0] == '0' {
		return append(dst, '0')
	}
	scale := int(d.scale)
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		scale--
	}
	return appendBigDecimalString(dst, neg, digits, scale, plain)
}

// AppendJavaDecimalDigits lays out a decimal given by its coefficient digits
// (no sign, no leading zeros unless the value is zero) and its scale, as
// BigDecimal.toString, or toPlainString when plain.
func AppendJavaDecimalDigits(dst []byte, neg bool, digits []byte, scale int, plain bool) []byte {
	return appendBigDecimalString(dst, neg, digits, scale, plain)
}

// appendBigDecimalString lays out coefficient digits (no sign, no leading
// zeros unless zero) and a scale as BigDecimal.toString, or toPlainString
// when plain is set.
func appendBigDecimalString(dst []byte, neg bool, digits []byte, scale int, plain bool) []byte {
	if neg {
		dst = append(dst, '-')
	}
	n := len(digits)
	adjusted := -scale + n - 1
	switch {
	case scale == 0:
		return append(dst, digits...)
	case plain && scale < 0:
		dst = append(dst, digits...)
		if !(n == 1 && digits[0] == '0') {
			for i := 0; i < -scale; i++ {
				dst = append(dst, '0')
			}
		}
		return dst
	case scale > 0 && (plain || adjusted >= -6):
		if n > scale {
			dst = append(dst, digits[:n-scale]...)
			dst = append(dst, '.')
			return append(dst, digits[n-scale:]...)
		}
		dst = append(dst, '0', '.')
		for i := n; i < scale; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[0])
	if n > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:]...)
	}
	if adjusted != 0 {
		dst = append(dst, 'E')
		if adjusted > 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(adjusted), 10)
	}
	return dst
}

// AppendJavaFloat appends f as Java's Double.toString (bitSize 64) or
// Float.toString (bitSize 32) with the shortest-digits rule of JDK 19+
// (earlier JDKs sometimes print one digit too many): plain for
// 1e-3 ≤ |f| < 1e7 ("12.5", "1.0"), otherwise computerized scientific
// ("1.0E10", "1.0E-5"); "NaN", "Infinity", "-Infinity", "-0.0".
func AppendJavaFloat(dst []byte, f float64, bitSize int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	var buf [32]byte
	digits, exp := shortestDigits(buf[:0], f, bitSize)
	// exp is the decimal exponent of the first digit: f = d.ddd × 10^exp.
	n := len(digits)
	if exp >= -3 && exp < 7 {
		if exp < 0 {
			dst = append(dst, '0', '.')
			for i := -1; i > exp; i-- {
				dst = append(dst, '0')
			}
			return append(dst, digits...)
		}
		if n > exp+1 {
			dst = append(dst, digits[:exp+1]...)
			dst = append(dst, '.')
			return append(dst, digits[exp+1:]...)
		}
		dst = append(dst, digits...)
		for i := n; i < exp+1; i++ {
			dst = append(dst, '0')
		}
		return append(dst, '.', '0')
	}
	dst = append(dst, digits[0], '.')
	if n > 1 {
		dst = append(dst, digits[1:]...)
	} else {
		dst = append(dst, '0')
	}
	dst = append(dst, 'E')
	return strconv.AppendInt(dst, int64(exp), 10)
}

// shortestDigits returns the significant digits of positive finite f and
// the exponent of the first one. Go's shortest round-trip digits are Java's
// (JDK 19+) except when one digit suffices: Java then picks, among the
// decimals of one or two digits that round to f, the one closest to f
// (Double.MIN_VALUE is "4.9E-324", not "5E-324").
func shortestDigits(buf []byte, f float64, bitSize int) ([]byte, int) {
	s := strconv.AppendFloat(buf, f, 'e', -1, bitSize)
	digits, exp := splitE(s)
	if len(digits) != 1 {
		return digits, exp
	}
	var tmp [32]byte
	two := strconv.AppendFloat(tmp[:0], f, 'e', 1, bitSize)
	if g, err := strconv.ParseFloat(string(two), bitSize); err != nil || g != f {
		// The nearest two-digit decimal does not round to f: the other
		// two-digit neighbour may, and may still beat the one-digit one.
		return closestOfTwo(digits, exp, f, bitSize, two)
	}
	d2, e2 := splitE(two)
	if d2[1] == '0' {
		return digits, exp
	}
	return d2, e2
}

// closestOfTwo handles the rare case where the nearest two-digit decimal is
// outside f's rounding interval: it tries the two-digit decimal on the other
// side of f and keeps it if it rounds to f and is closer than the one digit.
func closestOfTwo(one []byte, exp int, f float64, bitSize int, near []byte) ([]byte, int) {
	nd, ne := splitE(near)
	v := int64(nd[0]-'0')*10 + int64(nd[1]-'0')
	exact := new(big.Rat).SetFloat64(f)
	nearR := decimalRat(v, ne-1)
	if nearR.Cmp(exact) > 0 {
		v--
	} else {
		v++
	}
	if v < 10 || v > 99 {
		return one, exp
	}
	other := decimalRat(v, ne-1)
	oneR := decimalRat(int64(one[0]-'0'), exp)
	text := other.FloatString(400)
	if g, err := strconv.ParseFloat(text, bitSize); err != nil || g != f {
		return one, exp
	}
	dOther := new(big.Rat).Sub(other, exact)
	dOne := new(big.Rat).Sub(oneR, exact)
	if dOther.Abs(dOther).Cmp(dOne.Abs(dOne)) >= 0 {
		return one, exp
	}
	out := []byte{byte('0' + v/10), byte('0' + v%10)}
	if out[1] == '0' {
		out = out[:1]
	}
	return out, ne
}

func decimalRat(v int64, exp int) *big.Rat {
	r := new(big.Rat).SetInt64(v)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(exp))), nil)
	if exp >= 0 {
		return r.Mul(r, new(big.Rat).SetInt(p))
	}
	return r.Quo(r, new(big.Rat).SetInt(p))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// splitE splits strconv's "d.ddde±xx" into digits and exponent. The digits
// alias s; the '.' is removed in place.
func splitE(s []byte) ([]byte, int) {
	e := len(s) - 1
	for s[e] != 'e' {
		e--
	}
	exp, neg := 0, false
	for _, c := range s[e+1:] {
		switch c {
		case '-':
			neg = true
		case '+':
		default:
			exp = exp*10 + int(c-'0')
		}
	}
	if neg {
		exp = -exp
	}
	mant := s[:e]
	if len(mant) > 1 {
		copy(mant[1:], mant[2:])
		mant = mant[:len(mant)-1]
	}
	// strconv never emits trailing zeros for -1 precision; with precision 1
	// it may ("1.0"), which the caller handles.
	return mant, exp
}

// appendLocalTime writes LocalTime.toString: "12:34", "12:34:56",
// "12:34:56.789" (fraction in groups of 3 digits).
func appendLocalTime(dst []byte, nanoOfDay int64) []byte {
	sec := int(nanoOfDay / 1e9)
	nano := int32(nanoOfDay % 1e9)
	dst = append2(dst, sec/3600)
	dst = append(dst, ':')
	dst = append2(dst, sec/60%60)
	if sec%60 == 0 && nano == 0 {
		return dst
	}
	dst = append(dst, ':')
	dst = append2(dst, sec%60)
	return appendFractionGroups(dst, nano)
}

// appendNestedJavaString writes a constructed value as Flink's Row.toString
// shows its external object: arrays "[1, 2]", maps and multisets
// "{a=1, b=2}" (entries in the value's order), nested rows "+I[1, a]".
func appendNestedJavaString(dst []byte, v Value) []byte {
	elems, err := v.Elems()
	if err != nil {
		return append(dst, "null"...)
	}
	switch v.kind() {
	case KindRow:
		return AppendRowString(dst, Row{Fields: elems})
	case KindMap, KindMultiset:
		dst = append(dst, '{')
		for i := 0; i+1 < len(elems); i += 2 {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = AppendJavaString(dst, elems[i])
			dst = append(dst, '=')
			dst = AppendJavaString(dst, elems[i+1])
		}
		return append(dst, '}')
	}
	dst = append(dst, '[')
	for i, e := range elems {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = AppendJavaString(dst, e)
	}
	return append(dst, ']')
}
