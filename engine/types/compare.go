package types

import (
	"cmp"
	"math/big"
	"strings"
)

// Compare orders two non-NULL values of comparable families (numbers with
// numbers, strings with strings, timestamps with timestamps, …). ok is false
// when either is NULL or the families differ.
func Compare(a, b Value) (c int, ok bool) {
	if a.kind() == KindNull || b.kind() == KindNull {
		return 0, false
	}
	ta, tb := Type{Kind: a.kind()}, Type{Kind: b.kind()}
	switch {
	case ta.IsNumeric() && tb.IsNumeric():
		return compareNumbers(a, b), true
	case ta.IsString() && tb.IsString(), ta.Family() == "BINARY_STRING" && tb.Family() == "BINARY_STRING":
		return strings.Compare(a.s, b.s), true
	case ta.IsTimestamp() && tb.IsTimestamp():
		return a.Timestamp().Cmp(b.Timestamp()), true
	case a.kind() == KindDate && b.kind() == KindDate, a.kind() == KindTime && b.kind() == KindTime:
		return cmp.Compare(a.i, b.i), true
	case a.kind() == KindBoolean && b.kind() == KindBoolean:
		return cmp.Compare(a.i, b.i), true
	}
	return 0, false
}

func compareNumbers(a, b Value) int {
	aInt, bInt := Type{Kind: a.kind()}.IsInteger(), Type{Kind: b.kind()}.IsInteger()
	switch {
	case aInt && bInt:
		return cmp.Compare(a.i, b.i)
	case a.kind() == KindFloat || a.kind() == KindDouble || b.kind() == KindFloat || b.kind() == KindDouble:
		return cmp.Compare(a.AsFloat(), b.AsFloat())
	}
	return a.asDecimal().Cmp(b.asDecimal())
}

// AsFloat is a number (or a boolean) as float64.
func (v Value) AsFloat() float64 {
	switch v.kind() {
	case KindFloat, KindDouble:
		return v.Float()
	case KindDecimal:
		return v.Decimal().Float()
	}
	return float64(v.i)
}

func (v Value) asDecimal() Decimal {
	if v.kind() == KindDecimal {
		return v.Decimal()
	}
	return NewDecimalBig(big.NewInt(v.i), 0)
}
