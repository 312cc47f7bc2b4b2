// Package ops holds the streaming operators that plan nodes run as.
package ops

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
)

// keyClass says how one key column is encoded so that equal SQL values of
// different types (INT 5 and BIGINT 5, DECIMAL 1.50 and 1.5) get equal keys.
type keyClass uint8

const (
	keyInt keyClass = iota
	keyDecimal
	keyFloat
	keyString
	keyTimestamp
	keyOther
)

// KeyEncoder builds the state key of a row from its key columns.
type KeyEncoder struct {
	cols    []int
	classes []keyClass
}

// NewKeyPair returns the encoders of the two sides of an equi-join whose key
// i compares left column leftCols[i] (of type leftTypes[i]) with right
// column rightCols[i].
func NewKeyPair(leftCols, rightCols []int, leftTypes, rightTypes []types.Type) (left, right *KeyEncoder) {
	classes := make([]keyClass, len(leftCols))
	for i := range leftCols {
		classes[i] = classify(leftTypes[i], rightTypes[i])
	}
	return &KeyEncoder{cols: leftCols, classes: classes}, &KeyEncoder{cols: rightCols, classes: classes}
}

func classify(a, b types.Type) keyClass {
	switch {
	case a.IsInteger() && b.IsInteger():
		return keyInt
	case a.IsNumeric() && b.IsNumeric():
		if a.Kind == types.KindFloat || a.Kind == types.KindDouble || b.Kind == types.KindFloat || b.Kind == types.KindDouble {
			return keyFloat
		}
		return keyDecimal
	case a.IsString() && b.IsString():
		return keyString
	case a.IsTimestamp() && b.IsTimestamp():
		return keyTimestamp
	}
	return keyOther
}

// Encode appends the key of fields to dst; ok is false when a key column is
// NULL (SQL's = never matches NULL, so such rows are neither stored nor joined).
func (k *KeyEncoder) Encode(dst []byte, fields []types.Value) (key []byte, ok bool) {
	for i, c := range k.cols {
		v := fields[c]
		if v.IsNull() {
			return dst, false
		}
		switch k.classes[i] {
		case keyInt:
			dst = binary.BigEndian.AppendUint64(dst, uint64(v.Int()))
		case keyFloat:
			f := v.AsFloat()
			if f == 0 {
				f = 0 // -0 equals 0
			}
			dst = binary.BigEndian.AppendUint64(dst, math.Float64bits(f))
		case keyDecimal:
			dst = appendCanonicalDecimal(dst, v)
		case keyString:
			dst = binary.AppendUvarint(dst, uint64(len(v.Str())))
			dst = append(dst, v.Str()...)
		case keyTimestamp:
			ts := v.Timestamp()
			dst = binary.BigEndian.AppendUint64(dst, uint64(ts.Sec))
			dst = binary.BigEndian.AppendUint32(dst, uint32(ts.Nano))
		default:
			dst = binary.BigEndian.AppendUint64(dst, uint64(v.Int()))
			dst = binary.AppendUvarint(dst, uint64(len(v.Str())))
			dst = append(dst, v.Str()...)
		}
	}
	return dst, true
}

// appendCanonicalDecimal writes the value with trailing fraction zeros
// removed, so 1.50 and 1.5 and the integer 2 and 2.00 encode alike.
func appendCanonicalDecimal(dst []byte, v types.Value) []byte {
	var s string
	if v.Kind() == types.KindDecimal {
		s = v.Decimal().PlainString()
	} else {
		s = types.DecimalFromInt(v.Int()).PlainString()
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}
