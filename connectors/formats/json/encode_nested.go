package json

import (
	"errors"
	"fmt"

	"github.com/sluice-sql/sluice/engine/types"
)

// Writing the constructed types as Flink 1.20's RowDataToJsonConverters
// does: ARRAY as a JSON array, MAP and MULTISET (element → count) as an
// object whose names are the keys, ROW as an object by field name (with
// encode.ignore-null-fields applied at every level). A repeated name keeps
// its first position and its last value, as Jackson's ObjectNode.set does.

var errMapNullKey = errors.New("JSON format doesn't support to serialize map data with null keys. " +
	"You can drop null key entries or encode null in literals by specifying map-null-key.mode option.")

// SerializeError is a value Flink's json format cannot write; Field is the
// path of the failing field ("m", "r.inner['k']").
type SerializeError struct {
	Field string
	Err   error
}

func (e *SerializeError) Error() string {
	return fmt.Sprintf("Fail to serialize at field: %s: %v", e.Field, e.Err)
}

func (e *SerializeError) Unwrap() error { return e.Err }

// appendTyped writes v of type t.
func (e *encoder) appendTyped(dst []byte, v *types.Value, t *types.Type) ([]byte, error) {
	if v.IsNull() {
		return append(dst, "null"...), nil
	}
	switch t.Kind {
	case types.KindArray:
		elems, err := v.Elems()
		if err != nil {
			return dst, err
		}
		dst = append(dst, '[')
		for i := range elems {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = e.appendTyped(dst, &elems[i], &t.Nested.Elem); err != nil {
				return dst, under(fmt.Sprintf("[%d]", i+1), err)
			}
		}
		return append(dst, ']'), nil
	case types.KindMap:
		return e.appendMap(dst, v, &t.Nested.Elem)
	case types.KindMultiset:
		count := types.Int // Flink writes a MULTISET's counts as INT
		return e.appendMap(dst, v, &count)
	case types.KindRow:
		return e.appendRow(dst, v, t.Nested.Fields)
	}
	return e.appendValue(dst, v), nil
}

// appendMap writes a MAP or MULTISET; null keys follow map-null-key.mode.
func (e *encoder) appendMap(dst []byte, v *types.Value, val *types.Type) ([]byte, error) {
	kv, err := v.Elems()
	if err != nil {
		return dst, err
	}
	// Jackson's ObjectNode: a repeated name is set in place.
	type entry struct {
		key string
		val types.Value
	}
	entries := make([]entry, 0, len(kv)/2)
outer:
	for i := 0; i+1 < len(kv); i += 2 {
		key := kv[i].Str()
		if kv[i].IsNull() {
			switch e.nullKeyMode {
			case "DROP":
				continue
			case "LITERAL":
				key = e.nullKeyLiteral
			default:
				return dst, errMapNullKey
			}
		}
		for j := range entries {
			if entries[j].key == key {
				entries[j].val = kv[i+1]
				continue outer
			}
		}
		entries = append(entries, entry{key, kv[i+1]})
	}
	dst = append(dst, '{')
	for i := range entries {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(appendQuoted(dst, entries[i].key), ':')
		if dst, err = e.appendTyped(dst, &entries[i].val, val); err != nil {
			return dst, under("['"+entries[i].key+"']", err)
		}
	}
	return append(dst, '}'), nil
}

func (e *encoder) appendRow(dst []byte, v *types.Value, fields []types.Column) ([]byte, error) {
	vals, err := v.Elems()
	if err != nil {
		return dst, err
	}
	dst = append(dst, '{')
	first := true
	for i := range fields {
		var f types.Value
		if i < len(vals) {
			f = vals[i]
		}
		if e.ignoreNulls && f.IsNull() {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(appendQuoted(dst, fields[i].Name), ':')
		if dst, err = e.appendTyped(dst, &f, &fields[i].Type); err != nil {
			return dst, under("."+fields[i].Name, err)
		}
	}
	return append(dst, '}'), nil
}
