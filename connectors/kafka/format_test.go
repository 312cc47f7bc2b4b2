package kafka

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
)

// testJSON is a small stand-in for the real 'json' format (written
// elsewhere), enough for the connector's tests: flat objects of numbers,
// strings, decimals and SQL timestamps; Flink's error wording for bad input.
type testJSON struct{}

func (testJSON) Identifier() string { return "json" }
func (testJSON) Options() []string  { return []string{"ignore-parse-errors", "fail-on-missing-field"} }

func (testJSON) NewDecoder(schema types.Schema, opts map[string]string) (formats.Decoder, error) {
	return &testDecoder{schema: schema, ignore: opts["ignore-parse-errors"] == "true"}, nil
}

func (testJSON) NewEncoder(schema types.Schema, _ map[string]string) (formats.Encoder, error) {
	return &testEncoder{schema: schema}, nil
}

type testDecoder struct {
	schema types.Schema
	ignore bool
}

func (d *testDecoder) Decode(data []byte, dst []types.Value) (bool, error) {
	ok, err := d.decode(data, dst)
	if err != nil {
		if d.ignore {
			return false, nil
		}
		return false, fmt.Errorf("Failed to deserialize JSON '%s'.: %w", data, err)
	}
	return ok, nil
}

func (d *testDecoder) decode(data []byte, dst []types.Value) (bool, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return false, err
	}
	for i, col := range d.schema {
		raw, ok := obj[col.Name]
		if !ok || raw == nil {
			dst[i] = types.Null
			continue
		}
		v, err := convert(col.Type, raw)
		if err != nil {
			return false, fmt.Errorf("Fail to deserialize at field: %s.: %w", col.Name, err)
		}
		dst[i] = v
	}
	return true, nil
}

const sqlTimestamp = "2006-01-02 15:04:05.999999999"

func convert(t types.Type, raw any) (types.Value, error) {
	switch {
	case t.IsInteger():
		n, ok := raw.(json.Number)
		if !ok {
			return types.Null, fmt.Errorf("not a number: %v", raw)
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		return types.IntValue(t.Kind, i), err
	case t.Kind == types.KindDouble:
		n, ok := raw.(json.Number)
		if !ok {
			return types.Null, fmt.Errorf("not a number: %v", raw)
		}
		f, err := n.Float64()
		return types.DoubleValue(f), err
	case t.Kind == types.KindDecimal:
		n, ok := raw.(json.Number)
		if !ok {
			return types.Null, fmt.Errorf("not a number: %v", raw)
		}
		d, err := types.ParseDecimal(n.String())
		if err != nil {
			return types.Null, err
		}
		d, ok = d.ToType(t.Precision, t.Scale)
		if !ok {
			return types.Null, nil
		}
		return types.DecimalValue(d), nil
	case t.IsString():
		s, ok := raw.(string)
		if !ok {
			return types.Null, fmt.Errorf("not a string: %v", raw)
		}
		return types.StringValue(s), nil
	case t.Kind == types.KindTimestamp:
		s, ok := raw.(string)
		if !ok {
			return types.Null, fmt.Errorf("not a timestamp: %v", raw)
		}
		tm, err := time.Parse(sqlTimestamp, s)
		if err != nil {
			return types.Null, err
		}
		return types.TimestampValue(types.TimestampFromTime(tm)), nil
	}
	return types.Null, fmt.Errorf("type %s not supported by the test format", t)
}

type testEncoder struct{ schema types.Schema }

func (e *testEncoder) Encode(dst []byte, fields []types.Value) ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, col := range e.schema {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(col.Name)
		b.Write(name)
		b.WriteByte(':')
		v := fields[i]
		switch {
		case v.IsNull():
			b.WriteString("null")
		case col.Type.IsInteger():
			b.WriteString(strconv.FormatInt(v.Int(), 10))
		case col.Type.Kind == types.KindDouble:
			b.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
		case col.Type.Kind == types.KindDecimal:
			b.WriteString(v.Decimal().PlainString())
		case col.Type.IsString():
			s, _ := json.Marshal(v.Str())
			b.Write(s)
		case col.Type.Kind == types.KindTimestamp:
			b.WriteString(`"` + v.Timestamp().Time().Format(sqlTimestamp) + `"`)
		default:
			return nil, fmt.Errorf("type %s not supported by the test format", col.Type)
		}
	}
	b.WriteByte('}')
	return append(dst, b.String()...), nil
}
