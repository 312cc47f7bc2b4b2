package types

import (
	"encoding/binary"
	"errors"
)

// Constructed values (ARRAY, MAP, MULTISET, ROW) keep their elements
// encoded in the Value's string, so that Value stays 32 bytes with no
// pointer field of its own: per element its meta word, its integer word
// (8 bytes each, little-endian), then its string as a uvarint length and
// the bytes. Access decodes; constructed values are rare next to scalars.

// ErrCorruptNested is returned when a constructed value's encoding is damaged.
var ErrCorruptNested = errors.New("corrupt constructed value")

func encodeElems(vals []Value) string {
	n := 0
	for _, v := range vals {
		n += 16 + binary.MaxVarintLen64 + len(v.s)
	}
	b := make([]byte, 0, n)
	for _, v := range vals {
		b = binary.LittleEndian.AppendUint64(b, v.meta)
		b = binary.LittleEndian.AppendUint64(b, uint64(v.i))
		b = binary.AppendUvarint(b, uint64(len(v.s)))
		b = append(b, v.s...)
	}
	return string(b)
}

func decodeElems(s string) ([]Value, error) {
	var out []Value
	for len(s) > 0 {
		if len(s) < 17 {
			return nil, ErrCorruptNested
		}
		meta := binary.LittleEndian.Uint64([]byte(s[:8]))
		i := int64(binary.LittleEndian.Uint64([]byte(s[8:16])))
		l, n := binary.Uvarint([]byte(s[16:min(len(s), 16+binary.MaxVarintLen64)]))
		if n <= 0 || uint64(len(s)-16-n) < l {
			return nil, ErrCorruptNested
		}
		start := 16 + n
		out = append(out, Value{meta: meta, i: i, s: s[start : start+int(l)]})
		s = s[start+int(l):]
	}
	return out, nil
}

// ArrayValue returns an ARRAY of the given elements.
func ArrayValue(elems []Value) Value { return mkNested(KindArray, len(elems), elems) }

// RowValue returns a ROW of the given fields.
func RowValue(fields []Value) Value { return mkNested(KindRow, len(fields), fields) }

// MapValue returns a MAP; keys and values alternate in kv.
func MapValue(kv []Value) Value { return mkNested(KindMap, len(kv)/2, kv[:len(kv)/2*2]) }

// MultisetValue returns a MULTISET; elements and their counts (BIGINT…)
// alternate in ec, as in Flink's MapData of element → count.
func MultisetValue(ec []Value) Value { return mkNested(KindMultiset, len(ec)/2, ec[:len(ec)/2*2]) }

// mkNested keeps the element count in i so that Len needs no decoding.
func mkNested(k Kind, n int, vals []Value) Value {
	return mkValue(k, int64(n), 0, encodeElems(vals))
}

// Len is the number of elements of an ARRAY, entries of a MAP or
// MULTISET, or fields of a ROW.
func (v Value) Len() int { return int(v.i) }

// Elems returns the elements of an ARRAY or the fields of a ROW; for a MAP
// or MULTISET keys and values (counts) alternate.
func (v Value) Elems() ([]Value, error) { return decodeElems(v.s) }

// TimeValue returns a TIME value from nanoseconds since midnight.
func TimeValue(nanoOfDay int64) Value { return mkValue(KindTime, nanoOfDay, 0, "") }

// NanoOfDay returns the value of a TIME.
func (v Value) NanoOfDay() int64 { return v.i }

// IntervalDayTimeValue returns an INTERVAL DAY TO SECOND of ms milliseconds.
func IntervalDayTimeValue(ms int64) Value { return mkValue(KindIntervalDayTime, ms, 0, "") }

// IntervalYearMonthValue returns an INTERVAL YEAR TO MONTH of months.
func IntervalYearMonthValue(months int64) Value { return mkValue(KindIntervalYearMonth, months, 0, "") }

// BinaryValue returns a BINARY(n) value (bytes as they are; padding is the
// caster's job).
func BinaryValue(b []byte) Value { return mkValue(KindBinary, 0, 0, string(b)) }

// CharValue returns a CHAR value.
func CharValue(s string) Value { return mkValue(KindChar, 0, 0, s) }
