package checkpoint

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/sluice-sql/sluice/engine/types"
)

// The row encoding is compact and allocation-light, so that millions of
// stored join rows snapshot and restore in well under a second:
//
//	row   = uvarint(field count) value*
//	value = kind byte, then by kind:
//	  NULL                      nothing
//	  BOOLEAN                   1 byte
//	  TINYINT…BIGINT, DATE      zigzag varint
//	  FLOAT, DOUBLE             8 bytes, IEEE bits, little-endian
//	  DECIMAL                   zigzag varint scale, then 0 + zigzag varint unscaled
//	                            or 1 + uvarint len + big-endian magnitude with sign byte
//	  CHAR, VARCHAR, BYTES      uvarint length + bytes
//	  TIMESTAMP(_LTZ)           zigzag varint seconds, uvarint nanoseconds

// ErrBadEncoding is wrapped by every decoding error.
var ErrBadEncoding = errors.New("bad state encoding")

// AppendRow appends the encoding of fields to buf.
func AppendRow(buf []byte, fields []types.Value) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(fields)))
	for i := range fields {
		buf = appendValue(buf, &fields[i])
	}
	return buf
}

// AppendValue appends the encoding of v to buf.
func AppendValue(buf []byte, v types.Value) []byte { return appendValue(buf, &v) }

// appendValue takes v by pointer and keeps DECIMAL out of line: this runs
// for every value of every stored join row, and a copied Value plus the
// DECIMAL path's stack frame made it twice as slow.
func appendValue(buf []byte, v *types.Value) []byte {
	k := v.Kind()
	buf = append(buf, byte(k))
	switch k {
	case types.KindNull:
	case types.KindBoolean:
		if v.Bool() {
			return append(buf, 1)
		}
		return append(buf, 0)
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		return binary.AppendVarint(buf, v.Int())
	case types.KindDate:
		return binary.AppendVarint(buf, int64(v.Days()))
	case types.KindFloat, types.KindDouble:
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(v.Float()))
	case types.KindDecimal:
		return appendDecimal(buf, v)
	case types.KindChar, types.KindVarchar, types.KindBytes:
		s := v.Str()
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		return append(buf, s...)
	case types.KindTimestamp, types.KindTimestampLTZ:
		ts := v.Timestamp()
		buf = binary.AppendVarint(buf, ts.Sec)
		return binary.AppendUvarint(buf, uint64(ts.Nano))
	}
	return buf
}

// appendDecimal is out of line: the Decimal it builds holds a pointer, and
// the stack slot for it cost every other kind its zeroing.
//
//go:noinline
func appendDecimal(buf []byte, v *types.Value) []byte {
	d := v.Decimal()
	buf = binary.AppendVarint(buf, int64(d.Scale()))
	// A DECIMAL's unscaled value is kept in the int Value.Int returns
	// unless it needs a big.Int, in which case that int is 0 and the
	// sign is not: this avoids Unscaled's allocation for the common case.
	if v.Int() != 0 || d.Sign() == 0 {
		buf = append(buf, 0)
		return binary.AppendVarint(buf, v.Int())
	}
	u := d.Unscaled()
	sign := byte(0)
	if u.Sign() < 0 {
		sign = 1
	}
	mag := u.Bytes()
	buf = append(buf, 1, sign)
	buf = binary.AppendUvarint(buf, uint64(len(mag)))
	return append(buf, mag...)
}

// Decoder reads values and rows from an encoded buffer; every error wraps
// ErrBadEncoding and garbage never panics (see FuzzDecodeRow).
type Decoder struct {
	buf []byte
	off int
	// slab is where rows' values are carved from: one allocation for
	// thousands of rows instead of one each.
	slab []types.Value
	// str is buf as one string, made on the first string value: decoded
	// strings are substrings of it rather than an allocation each. (They
	// keep it alive until the last is dropped: restored state costs about
	// its checkpoint size in memory until it has all expired.)
	str string
}

const slabValues = 8192

// NewDecoder reads buf.
func NewDecoder(buf []byte) *Decoder { return &Decoder{buf: buf} }

// Remaining is the number of bytes not yet read.
func (d *Decoder) Remaining() int { return len(d.buf) - d.off }

func (d *Decoder) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", ErrBadEncoding, what, d.off)
}

// Uvarint reads an unsigned varint.
func (d *Decoder) Uvarint() (uint64, error) {
	v, n := binary.Uvarint(d.buf[d.off:])
	if n <= 0 {
		return 0, d.fail("truncated or overlong unsigned varint")
	}
	d.off += n
	return v, nil
}

// Varint reads a signed (zigzag) varint.
func (d *Decoder) Varint() (int64, error) {
	v, n := binary.Varint(d.buf[d.off:])
	if n <= 0 {
		return 0, d.fail("truncated or overlong varint")
	}
	d.off += n
	return v, nil
}

// Bytes reads a length-prefixed byte string; the result aliases the buffer.
func (d *Decoder) Bytes() ([]byte, error) {
	n, err := d.Uvarint()
	if err != nil {
		return nil, err
	}
	if n > uint64(d.Remaining()) {
		return nil, d.fail(fmt.Sprintf("length %d beyond the end", n))
	}
	b := d.buf[d.off : d.off+int(n)]
	d.off += int(n)
	return b, nil
}

// string reads a length-prefixed string as a substring of d.str.
func (d *Decoder) string() (string, error) {
	b, err := d.Bytes()
	if err != nil {
		return "", err
	}
	if d.str == "" {
		d.str = string(d.buf)
	}
	end := d.off
	return d.str[end-len(b) : end], nil
}

func (d *Decoder) byte() (byte, error) {
	if d.off >= len(d.buf) {
		return 0, d.fail("unexpected end")
	}
	b := d.buf[d.off]
	d.off++
	return b, nil
}

// Row reads one row into a new slice.
func (d *Decoder) Row() ([]types.Value, error) {
	n, err := d.Uvarint()
	if err != nil {
		return nil, err
	}
	// Every value takes at least one byte: a bound that stops a garbage
	// count from allocating gigabytes.
	if n > uint64(d.Remaining()) {
		return nil, d.fail(fmt.Sprintf("field count %d beyond the end", n))
	}
	if int(n) > len(d.slab) {
		d.slab = make([]types.Value, max(int(n), slabValues))
	}
	row := d.slab[:n:n]
	d.slab = d.slab[n:]
	for i := range row {
		if row[i], err = d.Value(); err != nil {
			return nil, err
		}
	}
	return row, nil
}

// Value reads one value.
func (d *Decoder) Value() (types.Value, error) {
	kb, err := d.byte()
	if err != nil {
		return types.Null, err
	}
	switch k := types.Kind(kb); k {
	case types.KindNull:
		return types.Null, nil
	case types.KindBoolean:
		b, err := d.byte()
		if err != nil || b > 1 {
			return types.Null, d.fail("bad BOOLEAN")
		}
		return types.BoolValue(b == 1), nil
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		i, err := d.Varint()
		if err != nil {
			return types.Null, err
		}
		return types.IntValue(k, i), nil
	case types.KindDate:
		i, err := d.Varint()
		if err != nil {
			return types.Null, err
		}
		return types.DateValue(int32(i)), nil
	case types.KindFloat, types.KindDouble:
		if d.Remaining() < 8 {
			return types.Null, d.fail("truncated floating-point value")
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(d.buf[d.off:]))
		d.off += 8
		return types.FloatValue(k, f), nil
	case types.KindDecimal:
		return d.decimal()
	case types.KindChar, types.KindVarchar:
		str, err := d.string()
		if err != nil {
			return types.Null, err
		}
		// types has no CHAR constructor: CHAR values are VARCHAR at run time.
		return types.StringValue(str), nil
	case types.KindBytes:
		b, err := d.Bytes()
		if err != nil {
			return types.Null, err
		}
		return types.BytesValue(b), nil
	case types.KindTimestamp, types.KindTimestampLTZ:
		sec, err := d.Varint()
		if err != nil {
			return types.Null, err
		}
		nano, err := d.Uvarint()
		if err != nil {
			return types.Null, err
		}
		if nano >= 1e9 {
			return types.Null, d.fail("nanosecond of a timestamp out of range")
		}
		ts := types.Timestamp{Sec: sec, Nano: int32(nano)}
		if k == types.KindTimestampLTZ {
			return types.TimestampLTZValue(ts), nil
		}
		return types.TimestampValue(ts), nil
	default:
		return types.Null, d.fail(fmt.Sprintf("unknown value kind %d", kb))
	}
}

func (d *Decoder) decimal() (types.Value, error) {
	scale, err := d.Varint()
	if err != nil {
		return types.Null, err
	}
	// Intermediate results may have any scale; this bound only rejects garbage.
	if scale > 1<<16 || scale < -(1<<16) {
		return types.Null, d.fail(fmt.Sprintf("DECIMAL scale %d", scale))
	}
	form, err := d.byte()
	if err != nil {
		return types.Null, err
	}
	switch form {
	case 0:
		u, err := d.Varint()
		if err != nil {
			return types.Null, err
		}
		return types.DecimalValue(types.NewDecimal(u, int(scale))), nil
	case 1:
		sign, err := d.byte()
		if err != nil {
			return types.Null, err
		}
		mag, err := d.Bytes()
		if err != nil {
			return types.Null, err
		}
		u := new(big.Int).SetBytes(mag)
		if sign == 1 {
			u.Neg(u)
		}
		return types.DecimalValue(types.NewDecimalBig(u, int(scale))), nil
	default:
		return types.Null, d.fail("bad DECIMAL form")
	}
}
