// Package flinktext renders values as Apache Flink writes them, for tests
// that compute a job's expected output by brute force and compare text:
// DECIMAL as read (HALF_UP) and as the JSON format writes it, TIMESTAMP as
// the JSON format and as Java's LocalDateTime.toString write it. Each rule
// was observed on Flink 1.20 (scripts/flink-oracle).
package flinktext

import (
	"fmt"
	"math/big"
	"strings"
)

// DecimalHalfUp renders a JSON number's text with the given scale, rounding
// HALF_UP as Flink does when it reads a DECIMAL(p, s); ok is false when the
// result needs more than precision digits (Flink reads NULL).
func DecimalHalfUp(text string, precision, scale int) (string, bool) {
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		panic("bad number " + text)
	}
	shift := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	r.Mul(r, new(big.Rat).SetInt(shift))
	neg := r.Sign() < 0
	r.Abs(r)
	q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if new(big.Int).Mul(rem, big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	digits := q.String()
	if len(digits) > precision {
		return "", false
	}
	for len(digits) <= scale {
		digits = "0" + digits
	}
	s := digits
	if scale > 0 {
		s = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg && q.Sign() != 0 {
		s = "-" + s
	}
	return s, true
}

// JavaLocalDateTime renders "yyyy-MM-dd HH:mm:ss[.fffffffff]" as Java's
// LocalDateTime.toString: 'T', seconds omitted when seconds and fraction are
// zero, fraction in groups of 3 digits.
func JavaLocalDateTime(sqlTS string) string {
	date, clock, _ := strings.Cut(sqlTS, " ")
	hms, frac, _ := strings.Cut(clock, ".")
	frac = (frac + "000000000")[:9]
	out := date + "T" + hms[:5]
	sec := hms[6:8]
	if sec == "00" && frac == "000000000" {
		return out
	}
	out += ":" + sec
	switch {
	case frac == "000000000":
	case frac[3:] == "000000":
		out += "." + frac[:3]
	case frac[6:] == "000":
		out += "." + frac[:6]
	default:
		out += "." + frac
	}
	return out
}

// JSONTimestamp renders a timestamp as Flink's JSON format writes it
// (SQL standard): the fraction without trailing zeros, none when zero.
func JSONTimestamp(sqlTS string) string {
	main, frac, _ := strings.Cut(sqlTS, ".")
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return main
	}
	return main + "." + frac
}

// JSONDecimal renders a DECIMAL the way Flink's JSON format writes it:
// Jackson's JsonNodeFactory strips trailing zeros, then BigDecimal.toString
// lays it out (so 12.50 → 12.5, 100.00 → 1E+2, 0.00 → 0). Observed with
// Apache Flink 1.20 (scripts/flink-oracle).
func JSONDecimal(plain string) string {
	neg := strings.HasPrefix(plain, "-")
	plain = strings.TrimPrefix(plain, "-")
	intPart, frac, _ := strings.Cut(plain, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	scale := len(frac)
	if digits == "" {
		return "0"
	}
	for len(digits) > 1 && strings.HasSuffix(digits, "0") {
		digits = digits[:len(digits)-1]
		scale--
	}
	adjusted := len(digits) - 1 - scale
	var s string
	switch {
	case scale == 0:
		s = digits
	case scale > 0 && adjusted >= -6:
		if len(digits) > scale {
			s = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
		} else {
			s = "0." + strings.Repeat("0", scale-len(digits)) + digits
		}
	default:
		s = digits[:1]
		if len(digits) > 1 {
			s += "." + digits[1:]
		}
		s += fmt.Sprintf("E%+d", adjusted)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Millis drops the fraction digits below the millisecond, as Flink's keyed
// exchange does to a TIMESTAMP(3) in front of a join (docs/timestamp-precision.md):
// what the seed join compares and writes. "… 12:34:12.898999" → "… 12:34:12.898".
func Millis(sqlTS string) string {
	main, frac, ok := strings.Cut(sqlTS, ".")
	if !ok || len(frac) <= 3 {
		return sqlTS
	}
	return main + "." + frac[:3]
}
