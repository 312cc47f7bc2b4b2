package types

import (
	"math"
)

// Value is one SQL value. The zero Value is NULL. It is a small struct rather
// than an interface so that rows of numbers and timestamps do not allocate.
//
// It is 32 bytes in three fields on purpose: the Go compiler keeps a struct
// of at most four fields and 32 bytes in registers; a bigger one is copied
// through the stack on every method call, and reading its kind right after
// that copy stalls the CPU (a partial store-to-load forward). Every operator
// reads values in its inner loop, and rows are slices of them.
type Value struct {
	// i holds integers, booleans (0/1), DATE (days since 1970-01-01), the
	// seconds of a TIMESTAMP, the unscaled value of a small DECIMAL and the bits
	// of a FLOAT/DOUBLE.
	i int64
	// s holds strings and bytes, and the unscaled value of a DECIMAL that
	// does not fit in int64 (see bigUnscaled).
	s string
	// meta holds the kind in its low byte and, in its high 32 bits, the
	// nanosecond of a TIMESTAMP or the scale of a DECIMAL.
	meta uint64
}

func mkValue(k Kind, i int64, n int32, s string) Value {
	return Value{i: i, s: s, meta: uint64(k) | uint64(uint32(n))<<32}
}

func (v Value) kind() Kind { return Kind(uint8(v.meta)) }

// n is the nanosecond of a TIMESTAMP or the scale of a DECIMAL.
func (v Value) n() int32 { return int32(v.meta >> 32) }

// Null is the NULL value.
var Null = Value{}

// Kind returns the value's kind; KindNull for NULL.
func (v Value) Kind() Kind { return v.kind() }

// IsNull reports whether the value is NULL.
func (v Value) IsNull() bool { return v.kind() == KindNull }

// BoolValue returns a BOOLEAN value.
func BoolValue(b bool) Value {
	if b {
		return mkValue(KindBoolean, 1, 0, "")
	}
	return mkValue(KindBoolean, 0, 0, "")
}

// IntValue returns an integer value of the given integer kind.
func IntValue(k Kind, i int64) Value { return mkValue(k, i, 0, "") }

// BigIntValue returns a BIGINT value.
func BigIntValue(i int64) Value { return mkValue(KindBigInt, i, 0, "") }

// FloatValue returns a FLOAT (k == KindFloat) or DOUBLE value.
func FloatValue(k Kind, f float64) Value {
	if k == KindFloat {
		f = float64(float32(f))
	}
	return mkValue(k, int64(math.Float64bits(f)), 0, "")
}

// DoubleValue returns a DOUBLE value.
func DoubleValue(f float64) Value { return FloatValue(KindDouble, f) }

// StringValue returns a VARCHAR value.
func StringValue(s string) Value { return mkValue(KindVarchar, 0, 0, s) }

// BytesValue returns a BYTES value.
func BytesValue(b []byte) Value { return mkValue(KindBytes, 0, 0, string(b)) }

// DateValue returns a DATE value from days since 1970-01-01.
func DateValue(days int32) Value { return mkValue(KindDate, int64(days), 0, "") }

// TimestampValue returns a TIMESTAMP value.
func TimestampValue(t Timestamp) Value {
	return mkValue(KindTimestamp, t.Sec, t.Nano, "")
}

// TimestampLTZValue returns a TIMESTAMP_LTZ value (t is the UTC instant).
func TimestampLTZValue(t Timestamp) Value {
	return mkValue(KindTimestampLTZ, t.Sec, t.Nano, "")
}

// DecimalValue returns a DECIMAL value.
func DecimalValue(d Decimal) Value {
	if d.big != nil {
		return mkValue(KindDecimal, 0, d.scale, bigUnscaled(d.big))
	}
	return mkValue(KindDecimal, d.small, d.scale, "")
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
func (v Value) Timestamp() Timestamp { return Timestamp{Sec: v.i, Nano: v.n()} }

// Decimal returns the value of a DECIMAL.
func (v Value) Decimal() Decimal {
	if v.s != "" {
		return Decimal{big: unscaledFromString(v.s), scale: v.n()}
	}
	return Decimal{small: v.i, scale: v.n()}
}

// Equal reports whether two values are the same SQL value of the same kind
// family (NULL equals nothing, as in SQL; use IsNull to test for NULL).
func (v Value) Equal(o Value) bool {
	if v.kind() == KindNull || o.kind() == KindNull {
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
