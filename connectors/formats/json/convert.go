package json

import (
	"errors"
	"math"
	"strconv"

	"github.com/sluice-sql/sluice/engine/types"
)

// Field conversion failures (Flink's JsonParserToRowDataConverters). Under
// ignore-parse-errors they make the field NULL; otherwise they fail the
// record naming the field.
var (
	errNumberFormat = errors.New("invalid number")
	errOutOfRange   = errors.New("numeric value out of range")
	errNotNumeric   = errors.New("current token not numeric")
	errNotBinary    = errors.New("current token not VALUE_STRING, can not access as binary")
	errBase64       = errors.New("invalid base64 content")
	errUnsupported  = errors.New("unsupported column type")
)

// convert reads the current token into column idx. fieldErr is a value
// that does not convert; recErr fails the whole record.
func (d *decoder) convert(idx int, dst []types.Value) (fieldErr, recErr error) {
	s := &d.sc
	d.refs[idx].set = false // a repeated key replaces the earlier value
	if s.tok == tNull || s.tok == tEOF {
		dst[idx] = types.Null
		return nil, nil
	}
	c := &d.cols[idx]
	switch c.kind {
	case types.KindChar, types.KindVarchar:
		dst[idx] = types.Null // set from refs once the record is read
		return d.stringField(idx)
	case types.KindBytes:
		return d.bytesField(idx, dst)
	case types.KindBinary:
		fieldErr, recErr = d.bytesField(idx, dst)
		dst[idx] = asBinary(dst[idx])
		return fieldErr, recErr
	case types.KindArray, types.KindMap, types.KindMultiset, types.KindRow:
		v, fieldErr, recErr := d.notNullValue(&c.typ)
		dst[idx] = v
		return fieldErr, recErr
	}
	v, fieldErr, recErr := d.scalar(c)
	dst[idx] = v
	return fieldErr, recErr
}

// scalar converts the current (non-null) token to a value of a type other
// than CHAR/VARCHAR, BYTES and the constructed types.
func (d *decoder) scalar(c *column) (types.Value, error, error) {
	s := &d.sc
	var v types.Value
	switch c.kind {
	case types.KindBoolean:
		switch s.tok {
		case tTrue:
			return types.BoolValue(true), nil, nil
		case tFalse:
			return types.BoolValue(false), nil, nil
		}
		t, err := d.text()
		if err != nil {
			return types.Null, err, nil
		}
		// Boolean.parseBoolean: anything but "true" is false, never an error.
		v = types.BoolValue(equalFoldTrue(javaTrim(t)))
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		n, err := d.integer(c.kind)
		if err != nil {
			return types.Null, err, nil
		}
		v = types.IntValue(c.kind, n)
	case types.KindFloat, types.KindDouble:
		bits := 64
		if c.kind == types.KindFloat {
			bits = 32
		}
		var f float64
		if s.tok == tFloat {
			var err error
			if f, err = strconv.ParseFloat(string(s.buf[s.start:s.end]), bits); err != nil && !isRangeErr(err) {
				return types.Null, errNumberFormat, nil
			}
		} else {
			t, err := d.text()
			if err != nil {
				return types.Null, err, nil
			}
			var ok bool
			if f, ok = parseJavaFloat(t, bits); !ok {
				return types.Null, errNumberFormat, nil
			}
		}
		v = types.FloatValue(c.kind, f)
	case types.KindDecimal:
		var txt []byte
		switch s.tok {
		case tString:
			t, err := d.text()
			if err != nil {
				return types.Null, err, nil
			}
			txt = javaTrim(t)
		case tInt, tFloat:
			txt = s.buf[s.start:s.end]
		default:
			return types.Null, errNotNumeric, nil
		}
		dt, ok := parseBigDecimal(txt)
		if !ok {
			return types.Null, errNumberFormat, nil
		}
		if dec, ok := dt.toDecimal(c.precision, c.scale); ok {
			v = types.DecimalValue(dec)
		} // else NULL: precision overflow is NULL in Flink, not an error
	case types.KindDate:
		t, err := d.text()
		if err != nil {
			return types.Null, err, nil
		}
		days, err := types.ParseDate(t)
		if err != nil {
			return types.Null, err, nil
		}
		v = types.DateValue(days)
	case types.KindTimestamp, types.KindTimestampLTZ:
		t, err := d.text()
		if err != nil {
			return types.Null, err, nil
		}
		ts, err := d.parseTimestamp(c.kind, t)
		if err != nil {
			return types.Null, err, nil
		}
		if c.kind == types.KindTimestamp {
			v = types.TimestampValue(ts)
		} else {
			v = types.TimestampLTZValue(ts)
		}
	case types.KindTime:
		t, err := d.timeValue()
		if err != nil {
			return types.Null, err, nil
		}
		v = t
	case types.KindIntervalYearMonth, types.KindIntervalDayTime:
		// Flink reads them as INT months and BIGINT milliseconds.
		k := types.KindInt
		if c.kind == types.KindIntervalDayTime {
			k = types.KindBigInt
		}
		n, err := d.integer(k)
		if err != nil {
			return types.Null, err, nil
		}
		v = types.IntervalYearMonthValue(n)
		if c.kind == types.KindIntervalDayTime {
			v = types.IntervalDayTimeValue(n)
		}
	case types.KindNull:
		// Flink's converter for the NULL type ignores the value.
		v = types.Null
	default:
		return types.Null, errUnsupported, nil
	}
	return v, nil, nil
}

func (d *decoder) parseTimestamp(k types.Kind, t []byte) (types.Timestamp, error) {
	switch {
	case k == types.KindTimestamp && d.iso:
		return types.ParseTimestampISO(t)
	case k == types.KindTimestamp:
		if ts, ok := parseTimestampSQLFast(t); ok {
			return ts, nil
		}
		return types.ParseTimestampSQL(t)
	case d.iso:
		return types.ParseTimestampLTZISO(t)
	}
	return types.ParseTimestampLTZSQL(t)
}

// integer converts as Flink's convertToByte/Short/Int/Long: JSON integers
// through Jackson (range-checked, floats truncated for INT and BIGINT
// only), anything else through Java's parseInt of the trimmed text.
func (d *decoder) integer(k types.Kind) (int64, error) {
	s := &d.sc
	var min, max int64
	switch k {
	case types.KindTinyInt:
		min, max = math.MinInt8, math.MaxInt8
	case types.KindSmallInt:
		min, max = math.MinInt16, math.MaxInt16
	case types.KindInt:
		min, max = math.MinInt32, math.MaxInt32
	default:
		min, max = math.MinInt64, math.MaxInt64
	}
	raw := s.buf[s.start:s.end]
	switch {
	case s.tok == tInt:
		// Jackson reads an int (or long for BIGINT) first, then narrows.
		lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
		if k == types.KindBigInt {
			lo, hi = math.MinInt64, math.MaxInt64
		}
		v, ok := jsonInt(raw, lo, hi)
		if !ok || v < min || v > max {
			return 0, errOutOfRange
		}
		return v, nil
	case s.tok == tFloat && (k == types.KindInt || k == types.KindBigInt):
		v, ok := jsonFloatToInt(raw, min, max)
		if !ok {
			return 0, errOutOfRange
		}
		return v, nil
	}
	t, err := d.text()
	if err != nil {
		return 0, err
	}
	v, ok := parseJavaInt(javaTrim(t), min, max)
	if !ok {
		return 0, errNumberFormat
	}
	return v, nil
}

// stringField reads CHAR/VARCHAR: a string's contents, a container's
// compact JSON text, or any other token's text ("12.50", "true").
func (d *decoder) stringField(idx int) (fieldErr, recErr error) {
	s := &d.sc
	start := len(d.strBuf)
	switch s.tok {
	case tStartObject, tStartArray:
		out, ferr, rerr := d.tree.build(s, d.decimals, d.strBuf)
		if ferr != nil || rerr != nil {
			return ferr, rerr
		}
		d.strBuf = out
	case tString, tName:
		if s.tok == tString && s.badAt >= 0 {
			s.resumeAfterBadString()
			return errBadString, nil
		}
		if s.esc {
			d.strBuf = unescape(d.strBuf, s.buf[s.start:s.end])
		} else {
			d.strBuf = append(d.strBuf, s.buf[s.start:s.end]...)
		}
	default:
		d.strBuf = append(d.strBuf, s.buf[s.start:s.end]...)
	}
	d.refs[idx] = strRef{start: start, end: len(d.strBuf), set: true}
	d.anyStr = true
	return nil, nil
}

// bytesField reads BYTES from a base64 string.
func (d *decoder) bytesField(idx int, dst []types.Value) (fieldErr, recErr error) {
	s := &d.sc
	if s.tok != tString {
		return errNotBinary, nil
	}
	out, pos, ok := decodeBase64(d.tmp[:0], s.buf, s.start)
	d.tmp = out
	if ok {
		dst[idx] = types.BytesValue(out)
		return nil, nil
	}
	// Jackson skips the rest of the string from where decoding stopped.
	s.pos = pos
	if err := s.scanString(); err != nil {
		return nil, err
	}
	if s.badAt >= 0 {
		return nil, errBadString
	}
	return errBase64, nil
}

// asBinary turns a BYTES value into BINARY: Flink reads both with
// getBinaryValue, the bytes as they are.
func asBinary(v types.Value) types.Value {
	if v.IsNull() {
		return v
	}
	return types.BinaryValue([]byte(v.Str()))
}
