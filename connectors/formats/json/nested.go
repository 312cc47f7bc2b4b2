package json

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/sluice-sql/sluice/engine/types"
)

// Reading TIME, intervals and the constructed types (ARRAY, MULTISET, MAP,
// ROW) as Flink 1.20's JsonParserToRowDataConverters does. Every element
// goes through Flink's null-safe wrapper: a JSON null (or a missing value)
// is NULL, and under ignore-parse-errors an element that fails to convert
// is NULL while parsing goes on from wherever the converter stopped.

var (
	errNotArray      = errors.New("Illegal JSON array data...")
	errNotMap        = errors.New("Illegal JSON map data...")
	errNotJSONObject = errors.New("Illegal JSON object data...")
	errBadTime       = errors.New("invalid TIME text (expected HH:mm:ss[.fffffffff])")
)

// pathError is a failure inside a constructed value; path says where below
// the column ("inner.x", "[2]", "['key']").
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

// under prefixes a nested failure's path with step.
func under(step string, err error) error {
	var pe *pathError
	if errors.As(err, &pe) {
		return &pathError{path: step + pe.path, err: pe.err}
	}
	return &pathError{path: step, err: err}
}

// fieldPath is the column name followed by the path of a nested failure.
func fieldPath(col string, err error) (string, error) {
	var pe *pathError
	if errors.As(err, &pe) {
		return col + pe.path, pe.err
	}
	return col, err
}

// hasDecimal is Flink's LogicalTypeChecks.hasNested(type, DecimalType): a
// DECIMAL anywhere in the schema makes Jackson read floats as BigDecimal,
// which changes how containers read into strings print them.
func hasDecimal(t types.Type) bool {
	if t.Kind == types.KindDecimal {
		return true
	}
	if t.Nested == nil {
		return false
	}
	for _, f := range t.Nested.Fields {
		if hasDecimal(f.Type) {
			return true
		}
	}
	return hasDecimal(t.Nested.Elem) || hasDecimal(t.Nested.Key)
}

// value is Flink's null-safe converter for type t at the current token.
func (d *decoder) value(t *types.Type) (v types.Value, fieldErr, recErr error) {
	if d.sc.tok == tNull || d.sc.tok == tEOF {
		return types.Null, nil, nil
	}
	v, fieldErr, recErr = d.notNullValue(t)
	if fieldErr != nil && d.ignoreErrors {
		return types.Null, nil, recErr
	}
	return v, fieldErr, recErr
}

func (d *decoder) notNullValue(t *types.Type) (types.Value, error, error) {
	switch t.Kind {
	case types.KindArray:
		return d.arrayValue(&t.Nested.Elem)
	case types.KindMap:
		return d.mapValue(&t.Nested.Key, &t.Nested.Elem, types.MapValue)
	case types.KindMultiset:
		count := types.Int // Flink reads a MULTISET's counts as INT
		return d.mapValue(&t.Nested.Elem, &count, types.MultisetValue)
	case types.KindRow:
		return d.rowValue(t.Nested.Fields)
	case types.KindChar, types.KindVarchar:
		// One string per element: constructed values copy their
		// elements' bytes anyway (types.encodeElems).
		start := len(d.strBuf)
		ref := len(d.refs)
		d.refs = append(d.refs, strRef{})
		fe, re := d.stringField(ref)
		d.refs = d.refs[:ref]
		s := string(d.strBuf[start:])
		d.strBuf = d.strBuf[:start]
		if fe != nil || re != nil {
			return types.Null, fe, re
		}
		return types.StringValue(s), nil, nil
	case types.KindBytes, types.KindBinary:
		dst := []types.Value{types.Null}
		fe, re := d.bytesField(0, dst)
		if t.Kind == types.KindBinary {
			return asBinary(dst[0]), fe, re
		}
		return dst[0], fe, re
	}
	c := column{kind: t.Kind, precision: t.Precision, scale: t.Scale}
	return d.scalar(&c)
}

// timeValue is convertToTime: SQL_TIME_FORMAT ("HH:mm:ss" and an optional
// fraction of up to nine digits). Flink 1.20 keeps what it read to the
// second, whatever TIME(p) says: a TIME(3) column read from
// "12:34:56.789" casts to '12:34:56', is not after TIME '12:34:56'
// and has EXTRACT(MILLISECOND) 0 (recorded with PyFlink 1.20.5), so the
// fraction is dropped here too.
func (d *decoder) timeValue() (types.Value, error) {
	t, err := d.text()
	if err != nil {
		return types.Null, err
	}
	nanos, ok := parseSQLTime(t)
	if !ok {
		return types.Null, fmt.Errorf("%w: '%s'", errBadTime, t)
	}
	return types.TimeValue(nanos / 1e9 * 1e9), nil
}

func parseSQLTime(t []byte) (int64, bool) {
	two := func(b []byte) (int64, bool) {
		if b[0] < '0' || b[0] > '9' || b[1] < '0' || b[1] > '9' {
			return 0, false
		}
		return int64(b[0]-'0')*10 + int64(b[1]-'0'), true
	}
	if len(t) < 8 || t[2] != ':' || t[5] != ':' {
		return 0, false
	}
	h, ok1 := two(t[0:2])
	m, ok2 := two(t[3:5])
	s, ok3 := two(t[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	n := ((h*60+m)*60 + s) * 1e9
	frac := t[8:]
	if len(frac) == 0 {
		return n, true
	}
	// appendFraction(NANO_OF_SECOND, 0, 9, true): a '.' then 0 to 9 digits.
	if frac[0] != '.' || len(frac) > 10 {
		return 0, false
	}
	var f int64
	for _, c := range frac[1:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		f = f*10 + int64(c-'0')
	}
	for i := len(frac) - 1; i < 9; i++ {
		f *= 10
	}
	return n + f, true
}

// arrayValue is createArrayConverter: every token up to the END_ARRAY is
// an element.
func (d *decoder) arrayValue(elem *types.Type) (types.Value, error, error) {
	s := &d.sc
	if s.tok != tStartArray {
		return types.Null, errNotArray, nil
	}
	var out []types.Value
	for i := 1; ; i++ {
		if err := s.next(); err != nil {
			return types.Null, nil, err
		}
		if s.tok == tEndArray {
			return types.ArrayValue(out), nil, nil
		}
		if s.tok == tEOF {
			return types.Null, nil, errEOF
		}
		v, fe, re := d.value(elem)
		if re != nil {
			return types.Null, nil, re
		}
		if fe != nil {
			return types.Null, under("["+strconv.Itoa(i)+"]", fe), nil
		}
		out = append(out, v)
	}
}

// mapValue is createMapConverter (MULTISET too, with INT counts): names
// are keys, a repeated key keeps its last value as Java's HashMap does.
func (d *decoder) mapValue(key, val *types.Type, mk func([]types.Value) types.Value) (types.Value, error, error) {
	s := &d.sc
	if s.tok != tStartObject {
		return types.Null, errNotMap, nil
	}
	var kv []types.Value
	for {
		if err := s.next(); err != nil {
			return types.Null, nil, err
		}
		if s.tok == tEndObject {
			return mk(kv), nil, nil
		}
		if s.tok == tEOF {
			return types.Null, nil, errEOF
		}
		k, fe, re := d.value(key)
		if re != nil {
			return types.Null, nil, re
		}
		if fe != nil {
			return types.Null, fe, nil
		}
		if err := s.next(); err != nil {
			return types.Null, nil, err
		}
		v, fe, re := d.value(val)
		if re != nil {
			return types.Null, nil, re
		}
		if fe != nil {
			return types.Null, under("['"+k.Str()+"']", fe), nil
		}
		kv = putEntry(kv, k, v)
	}
}

func putEntry(kv []types.Value, k, v types.Value) []types.Value {
	for j := 0; j < len(kv); j += 2 {
		if kv[j].IsNull() == k.IsNull() && kv[j].Str() == k.Str() {
			kv[j+1] = v
			return kv
		}
	}
	return append(kv, k, v)
}

// rowValue is createRowConverter: fields by name, unknown names skipped,
// the rest of the object skipped once as many fields were read as the row
// has (repeats count), and 'fail-on-missing-field' checked at every level.
func (d *decoder) rowValue(fields []types.Column) (types.Value, error, error) {
	s := &d.sc
	if s.tok != tStartObject {
		return types.Null, errNotJSONObject, nil
	}
	out := make([]types.Value, len(fields))
	seen := make([]bool, len(fields))
	cnt := 0
	if err := s.next(); err != nil {
		return types.Null, nil, err
	}
	for s.tok != tEndObject {
		if s.tok == tEOF {
			return types.Null, nil, errEOF
		}
		if cnt >= len(fields) {
			if err := d.skipToNextField(); err != nil {
				return types.Null, nil, err
			}
			continue
		}
		name, err := d.text()
		if err != nil {
			return types.Null, nil, err
		}
		idx := -1
		for i := range fields {
			if fields[i].Name == string(name) {
				idx = i
				break
			}
		}
		if err := s.next(); err != nil {
			return types.Null, nil, err
		}
		if idx < 0 {
			if err := d.skipToNextField(); err != nil {
				return types.Null, nil, err
			}
			continue
		}
		v, fe, re := d.value(&fields[idx].Type)
		if re != nil {
			return types.Null, nil, re
		}
		if fe != nil {
			return types.Null, under("."+fields[idx].Name, fe), nil
		}
		out[idx], seen[idx] = v, true
		cnt++
		if err := s.next(); err != nil {
			return types.Null, nil, err
		}
	}
	if cnt < len(fields) && d.failOnMissing {
		for i, ok := range seen {
			if !ok {
				return types.Null, under("."+fields[i].Name, errMissingField), nil
			}
		}
		return types.Null, errMissingField, nil
	}
	return types.RowValue(out), nil, nil
}
