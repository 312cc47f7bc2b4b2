package json

import (
	"math"
	"math/big"
	"strconv"

	"github.com/sluice-sql/sluice/engine/types"
)

// Flink converts JSON strings (and other tokens' text) to numbers with
// Java's parsers: Integer.parseInt, Double.parseDouble, new BigDecimal(…),
// after String.trim(). These reproduce their grammars.

// javaTrim is String.trim(): it strips every byte ≤ ' ' at both ends.
func javaTrim(b []byte) []byte {
	for len(b) > 0 && b[0] <= ' ' {
		b = b[1:]
	}
	for len(b) > 0 && b[len(b)-1] <= ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// equalFoldTrue is Boolean.parseBoolean: "true" in any case.
func equalFoldTrue(b []byte) bool {
	return len(b) == 4 && b[0]|0x20 == 't' && b[1]|0x20 == 'r' && b[2]|0x20 == 'u' && b[3]|0x20 == 'e'
}

// parseJavaInt is Long.parseLong / Integer.parseInt: an optional sign and
// ASCII digits (leading zeros allowed), within [min, max].
func parseJavaInt(b []byte, min, max int64) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg, b = b[0] == '-', b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	// Accumulate negatively so that the minimum value parses.
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if v < (math.MinInt64+d)/10 {
			return 0, false
		}
		v = v*10 - d
	}
	if !neg {
		if v == math.MinInt64 {
			return 0, false
		}
		v = -v
	}
	if v < min || v > max {
		return 0, false
	}
	return v, true
}

// jsonInt converts the text of a JSON integer token as Jackson's
// getIntValue/getLongValue do: out of range is an error.
func jsonInt(b []byte, min, max int64) (int64, bool) {
	return parseJavaInt(b, min, max)
}

// jsonFloatToInt converts a JSON float token for an integer column as
// Jackson does: parse as double, reject values outside [min, max] (compared
// as doubles), then truncate toward zero as Java's (int)/(long) cast.
func jsonFloatToInt(b []byte, min, max int64) (int64, bool) {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil && !isRangeErr(err) {
		return 0, false
	}
	if math.IsNaN(f) || f < float64(min) || f > float64(max) {
		return 0, false
	}
	if f >= 9223372036854775807 { // (long) of 2^63 saturates in Java
		return math.MaxInt64, true
	}
	return int64(f), true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// parseJavaFloat is Double.parseDouble (bitSize 64) or Float.parseFloat
// (32): trimmed; optional sign; "NaN", "Infinity", hexadecimal "0x1.8p3",
// or decimal digits with optional '.', exponent and one trailing [fFdD].
func parseJavaFloat(b []byte, bitSize int) (float64, bool) {
	b = javaTrim(b)
	if len(b) == 0 {
		return 0, false
	}
	i := 0
	neg := false
	if b[0] == '+' || b[0] == '-' {
		neg = b[0] == '-'
		i++
	}
	rest := b[i:]
	switch {
	case string(rest) == "NaN":
		return math.NaN(), true
	case string(rest) == "Infinity":
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if len(rest) > 0 {
		if c := rest[len(rest)-1]; c == 'f' || c == 'F' || c == 'd' || c == 'D' {
			b, rest = b[:len(b)-1], rest[:len(rest)-1]
		}
	}
	if len(rest) > 1 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') {
		if !validHexFloat(rest[2:]) {
			return 0, false
		}
	} else if !validDecimalFloat(rest) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(b), bitSize)
	if err != nil && !isRangeErr(err) {
		return 0, false
	}
	return f, true
}

// validDecimalFloat: digits with at most one '.', at least one digit, then
// an optional exponent with at least one digit.
func validDecimalFloat(b []byte) bool {
	i, digits := 0, 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
		digits++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	return i == len(b)
}

// validHexFloat checks what follows "0x": hex digits with an optional '.',
// then a mandatory binary exponent p[+-]digits.
func validHexFloat(b []byte) bool {
	i, digits := 0, 0
	for i < len(b) && hexVal(b[i]) >= 0 {
		i++
		digits++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && hexVal(b[i]) >= 0 {
			i++
			digits++
		}
	}
	if digits == 0 || i >= len(b) || b[i] != 'p' && b[i] != 'P' {
		return false
	}
	i++
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	d := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i > d && i == len(b)
}

// decText is a decimal number as text: sign, significant digits (leading
// zeros stripped; they may span the '.' so they are kept in two parts) and
// a power of ten: value = digits × 10^exp.
type decText struct {
	neg        bool
	hi, lo     []byte // significant digits: hi then lo
	exp        int64
	zeroDigits bool // every digit is zero
}

func (d *decText) ndigits() int { return len(d.hi) + len(d.lo) }

func (d *decText) digit(i int) byte {
	if i < len(d.hi) {
		return d.hi[i]
	}
	return d.lo[i-len(d.hi)]
}

// parseBigDecimal is new BigDecimal(String): [+-]? digits[.digits] or
// .digits, then an optional exponent; no blanks.
func parseBigDecimal(b []byte) (decText, bool) {
	var d decText
	i := 0
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		d.neg = b[0] == '-'
		i++
	}
	intStart := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	intPart := b[intStart:i]
	var frac []byte
	if i < len(b) && b[i] == '.' {
		i++
		fs := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		frac = b[fs:i]
	}
	if len(intPart)+len(frac) == 0 {
		return d, false
	}
	var exp int64
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		es := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if exp > math.MaxInt32 {
				return d, false // Java: exponent overflow
			}
			exp = exp*10 + int64(b[i]-'0')
			i++
		}
		if i == es || exp > math.MaxInt32 {
			return d, false
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(b) {
		return d, false
	}
	d.exp = exp - int64(len(frac))
	// Strip leading zeros across both parts.
	for len(intPart) > 0 && intPart[0] == '0' {
		intPart = intPart[1:]
	}
	if len(intPart) == 0 {
		for len(frac) > 0 && frac[0] == '0' {
			frac = frac[1:]
		}
	}
	d.hi, d.lo = intPart, frac
	d.zeroDigits = d.ndigits() == 0
	return d, true
}

// toDecimal is Flink's DecimalData.fromBigDecimal(bd, p, s): round HALF_UP
// to scale s; ok is false when the result needs more than p digits (Flink
// then yields NULL, without an error).
func (d *decText) toDecimal(p, s int) (types.Decimal, bool) {
	if d.zeroDigits {
		return types.NewDecimal(0, s), true
	}
	nd := d.ndigits()
	k := d.exp + int64(s) // unscaled = digits × 10^k
	if k >= 0 {
		if int64(nd)+k > int64(p) {
			return types.Decimal{}, false
		}
		if nd+int(k) <= 18 {
			v := d.small(nd)
			for ; k > 0; k-- {
				v *= 10
			}
			return types.NewDecimal(d.sign(v), s), true
		}
		return d.bigDecimal(nd, int(k), false, p, s)
	}
	drop := -k
	if drop > int64(nd) {
		return types.NewDecimal(0, s), true // below half a unit: rounds to 0
	}
	keep := nd - int(drop)
	if keep > p {
		return types.Decimal{}, false // keep significant digits, more after rounding up
	}
	roundUp := d.digit(keep) >= '5'
	if keep <= 18 {
		v := d.small(keep)
		if roundUp {
			v++
		}
		if v != 0 && digitCount(v) > p {
			return types.Decimal{}, false
		}
		return types.NewDecimal(d.sign(v), s), true
	}
	return d.bigDecimal(keep, 0, roundUp, p, s)
}

func (d *decText) sign(v int64) int64 {
	if d.neg {
		return -v
	}
	return v
}

// small returns the first n (≤ 18) significant digits as an integer.
func (d *decText) small(n int) int64 {
	var v int64
	for i := 0; i < n; i++ {
		v = v*10 + int64(d.digit(i)-'0')
	}
	return v
}

// bigDecimal builds an unscaled value of more than 18 digits: the first n
// significant digits, then zeros, plus one when rounding up.
func (d *decText) bigDecimal(n, zeros int, roundUp bool, p, s int) (types.Decimal, bool) {
	text := make([]byte, 0, n+zeros+1)
	for i := 0; i < n; i++ {
		text = append(text, d.digit(i))
	}
	for i := 0; i < zeros; i++ {
		text = append(text, '0')
	}
	u, ok := new(big.Int).SetString(string(text), 10)
	if !ok {
		return types.Decimal{}, false
	}
	if roundUp {
		u.Add(u, big.NewInt(1))
	}
	if d.neg {
		u.Neg(u)
	}
	dec := types.NewDecimalBig(u, s)
	return dec, dec.FitsPrecision(p)
}

func digitCount(v int64) int {
	n := 1
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}
