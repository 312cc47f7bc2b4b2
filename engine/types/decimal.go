package types

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// bigUnscaled is how a Value keeps the unscaled value of a DECIMAL too large
// for int64: a sign byte ('-' or '+') and the big-endian magnitude, in a
// string, so that Value needs no pointer field. Such decimals (precision
// above 18) are rare; Value.Decimal rebuilds the big.Int on each call.
func bigUnscaled(u *big.Int) string {
	sign := byte('+')
	if u.Sign() < 0 {
		sign = '-'
	}
	return string(append([]byte{sign}, u.Bytes()...))
}

// unscaledFromString is the inverse of bigUnscaled.
func unscaledFromString(s string) *big.Int {
	u := new(big.Int).SetBytes([]byte(s[1:]))
	if s[0] == '-' {
		u.Neg(u)
	}
	return u
}

// Decimal is an exact decimal number: unscaled × 10^-scale. Values whose
// unscaled part fits in int64 (every DECIMAL(p,s) with p ≤ 18) use no heap.
type Decimal struct {
	small int64
	big   *big.Int // non-nil when the unscaled value does not fit in int64
	scale int32
}

// ErrDecimalSyntax is returned by ParseDecimal for text that is not a number.
var ErrDecimalSyntax = errors.New("not a decimal number")

// NewDecimal returns unscaled × 10^-scale.
func NewDecimal(unscaled int64, scale int) Decimal {
	return Decimal{small: unscaled, scale: int32(scale)}
}

// NewDecimalBig returns unscaled × 10^-scale for an arbitrary-size unscaled value.
func NewDecimalBig(unscaled *big.Int, scale int) Decimal {
	if unscaled.IsInt64() {
		return Decimal{small: unscaled.Int64(), scale: int32(scale)}
	}
	return Decimal{big: new(big.Int).Set(unscaled), scale: int32(scale)}
}

// Scale returns the number of digits after the decimal point.
func (d Decimal) Scale() int { return int(d.scale) }

// Unscaled returns the unscaled value as a big.Int (a new one).
func (d Decimal) Unscaled() *big.Int {
	if d.big != nil {
		return new(big.Int).Set(d.big)
	}
	return big.NewInt(d.small)
}

// Sign returns -1, 0 or 1.
func (d Decimal) Sign() int {
	if d.big != nil {
		return d.big.Sign()
	}
	switch {
	case d.small < 0:
		return -1
	case d.small > 0:
		return 1
	}
	return 0
}

// Precision returns the number of digits in the unscaled value (at least 1),
// as Java's BigDecimal.precision.
func (d Decimal) Precision() int {
	u := d.Unscaled()
	u.Abs(u)
	if u.Sign() == 0 {
		return 1
	}
	return len(u.String())
}

var bigTen = big.NewInt(10)

func pow10(n int) *big.Int {
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

// Rescale returns the value with the given scale, rounding HALF_UP (as Flink's
// DecimalData.fromBigDecimal does) when digits are dropped.
func (d Decimal) Rescale(scale int) Decimal {
	cur := int(d.scale)
	if scale == cur {
		return d
	}
	u := d.Unscaled()
	if scale > cur {
		u.Mul(u, pow10(scale-cur))
		return NewDecimalBig(u, scale)
	}
	div := pow10(cur - scale)
	q, r := new(big.Int).QuoRem(u, div, new(big.Int))
	// HALF_UP: away from zero when the dropped part is at least half.
	r.Abs(r).Mul(r, big.NewInt(2))
	if r.Cmp(div) >= 0 {
		if u.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return NewDecimalBig(q, scale)
}

// FitsPrecision reports whether the value fits DECIMAL(precision, its scale).
func (d Decimal) FitsPrecision(precision int) bool {
	return d.Sign() == 0 || d.Precision() <= precision
}

// ToType rescales the value to DECIMAL(p,s) rounding HALF_UP; ok is false on
// overflow (Flink then yields NULL).
func (d Decimal) ToType(p, s int) (Decimal, bool) {
	r := d.Rescale(s)
	if !r.FitsPrecision(p) {
		return Decimal{}, false
	}
	return r, true
}

// ParseDecimal parses a decimal number in plain or scientific notation
// ("12.50", "-1", "1.5E-7"), keeping the scale the text has.
func ParseDecimal(text string) (Decimal, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return Decimal{}, fmt.Errorf("%q: %w", text, ErrDecimalSyntax)
	}
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		var e int
		if _, err := fmt.Sscanf(s[i+1:], "%d", &e); err != nil || !isInteger(s[i+1:]) {
			return Decimal{}, fmt.Errorf("%q: %w", text, ErrDecimalSyntax)
		}
		if e > 1000 || e < -1000 {
			return Decimal{}, fmt.Errorf("%q: exponent out of range: %w", text, ErrDecimalSyntax)
		}
		exp = e
		s = s[:i]
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return Decimal{}, fmt.Errorf("%q: %w", text, ErrDecimalSyntax)
	}
	digits := intPart + frac
	scale := len(frac) - exp
	u, ok := new(big.Int).SetString(strings.TrimLeft(digits, "0")+"0", 10)
	if !ok {
		return Decimal{}, fmt.Errorf("%q: %w", text, ErrDecimalSyntax)
	}
	u.Quo(u, bigTen) // undo the appended "0" that makes an all-zero string parse
	if neg {
		u.Neg(u)
	}
	if scale < 0 {
		// Keep scale ≥ 0 as SQL DECIMAL does.
		u.Mul(u, pow10(-scale))
		scale = 0
	}
	return NewDecimalBig(u, scale), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isInteger(s string) bool {
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	return s != "" && allDigits(s)
}

// DecimalFromInt returns i as a DECIMAL with scale 0.
func DecimalFromInt(i int64) Decimal { return Decimal{small: i} }

// DecimalFromFloat converts a float to a decimal with the given scale,
// rounding HALF_UP; it fails for NaN and infinities.
func DecimalFromFloat(f float64, scale int) (Decimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Decimal{}, fmt.Errorf("%v: %w", f, ErrDecimalSyntax)
	}
	d, err := ParseDecimal(fmt.Sprintf("%g", f))
	if err != nil {
		return Decimal{}, err
	}
	return d.Rescale(scale), nil
}

// PlainString renders the value without exponent, keeping its scale: "12.50",
// "-0.05", "100" (Java's BigDecimal.toPlainString).
func (d Decimal) PlainString() string {
	var digits string
	neg := false
	if d.big != nil {
		digits = d.big.String()
	} else {
		digits = fmt.Sprint(d.small)
	}
	if strings.HasPrefix(digits, "-") {
		neg, digits = true, digits[1:]
	}
	sc := int(d.scale)
	if sc > 0 {
		if len(digits) <= sc {
			digits = strings.Repeat("0", sc-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-sc] + "." + digits[len(digits)-sc:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// Float returns the nearest float64.
func (d Decimal) Float() float64 {
	f, _ := new(big.Float).SetInt(d.Unscaled()).Float64()
	return f / math.Pow(10, float64(d.scale))
}

// Cmp compares two decimals numerically (scales may differ).
func (d Decimal) Cmp(o Decimal) int {
	if d.big == nil && o.big == nil && d.scale == o.scale {
		switch {
		case d.small < o.small:
			return -1
		case d.small > o.small:
			return 1
		}
		return 0
	}
	s := max(int(d.scale), int(o.scale))
	return d.Rescale(s).Unscaled().Cmp(o.Rescale(s).Unscaled())
}

// Small returns the unscaled value when it fits in int64 (always for
// precision ≤ 18), for arithmetic that avoids big.Int.
func (d Decimal) Small() (int64, bool) { return d.small, d.big == nil }
