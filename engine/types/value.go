package types

import (
	"math"
)

// Value is one SQL value. The zero Value is NULL. It is a small struct rather
// than an interface so that rows of numbers and timestamps do not allocate.
type Value struct {
	// The fields are ordered largest first: 40 bytes instead of 48 with
	// kind first, which every stored row and batch pays seven times over.

	// i holds integers, booleans (0/1), DATE (days since 1970-01-01), the
	// seconds of a TIMESTAMP, the unscaled value of a small DECIMAL and the bits
	// of a FLOAT/DOUBLE.
	i int64
	// s holds strings and bytes.
	s string
	// big holds the unscaled value of a DECIMAL that does not fit in int64.
	big *bigDecimal
	// n holds the nanosecond of a TIMESTAMP and the scale of a DECIMAL.
	n    int32
	kind Kind
}

// Null is the NULL value.
var Null = Value{}

// Kind returns the value's kind; KindNull for NULL.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether the value is NULL.
func (v Value) IsNull() bool { return v.kind == KindNull }

// BoolValue returns a BOOLEAN value.
func BoolValue(b bool) Value {
	if b {
		return Value{kind: KindBoolean, i: 1}
	}
	return Value{kind: KindBoolean}
}

// IntValue returns an integer value of the given integer kind.
func IntValue(k Kind, i int64) Value { return Value{kind: k, i: i} }

// BigIntValue returns a BIGINT value.
func BigIntValue(i int64) Value { return Value{kind: KindBigInt, i: i} }

// FloatValue returns a FLOAT (k == KindFloat) or DOUBLE value.
func FloatValue(k Kind, f float64) Value {
	if k == KindFloat {
		f = float64(float32(f))
	}
	return Value{kind: k, i: int64(math.Float64bits(f))}
}

// DoubleValue returns a DOUBLE value.
func DoubleValue(f float64) Value { return FloatValue(KindDouble, f) }

// StringValue returns a VARCHAR value.
func StringValue(s string) Value { return Value{kind: KindVarchar, s: s} }

// BytesValue returns a BYTES value.
func BytesValue(b []byte) Value { return Value{kind: KindBytes, s: string(b)} }

// DateValue returns a DATE value from days since 1970-01-01.
func DateValue(days int32) Value { return Value{kind: KindDate, i: int64(days)} }

// TimestampValue returns a TIMESTAMP value.
func TimestampValue(t Timestamp) Value {
	return Value{kind: KindTimestamp, i: t.Sec, n: t.Nano}
}

// TimestampLTZValue returns a TIMESTAMP_LTZ value (t is the UTC instant).
func TimestampLTZValue(t Timestamp) Value {
	return Value{kind: KindTimestampLTZ, i: t.Sec, n: t.Nano}
}

// DecimalValue returns a DECIMAL value.
func DecimalValue(d Decimal) Value {
	return Value{kind: KindDecimal, i: d.small, n: d.scale, big: d.big}
}

// Bool returns the value of a BOOLEAN.
func (v Value) Bool() bool { return v.i != 0 }

// Int returns the value of an integer kind.
func (v Value) Int() int64 { return v.i }

// Float returns the value of a FLOAT or DOUBLE.
func (v Value) Float() float64 { return math.Float64frombits(uint64(v.i)) }

// Str returns the value of a CHAR, VARCHAR or BYTES.
func (v Value) Str() string { return v.s }

// Days returns the value of a DATE as days since 1970-01-01.
func (v Value) Days() int32 { return int32(v.i) }

// Timestamp returns the value of a TIMESTAMP or TIMESTAMP_LTZ.
func (v Value) Timestamp() Timestamp { return Timestamp{Sec: v.i, Nano: v.n} }

// Decimal returns the value of a DECIMAL.
func (v Value) Decimal() Decimal { return Decimal{small: v.i, scale: v.n, big: v.big} }

// Equal reports whether two values are the same SQL value of the same kind
// family (NULL equals nothing, as in SQL; use IsNull to test for NULL).
func (v Value) Equal(o Value) bool {
	if v.kind == KindNull || o.kind == KindNull {
		return false
	}
	c, ok := Compare(v, o)
	return ok && c == 0
}

// RowKind tells what change a row represents, as Flink's RowKind.
type RowKind uint8

// Row kinds.
const (
	Insert RowKind = iota
	UpdateBefore
	UpdateAfter
	Delete
)

// String returns Flink's short string: +I, -U, +U, -D.
func (k RowKind) String() string {
	switch k {
	case UpdateBefore:
		return "-U"
	case UpdateAfter:
		return "+U"
	case Delete:
		return "-D"
	}
	return "+I"
}

// Row is one change row: a kind and its field values in schema order.
type Row struct {
	Kind   RowKind
	Fields []Value
}
