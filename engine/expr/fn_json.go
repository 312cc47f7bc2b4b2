package expr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

func registerJSONFunctions(f *Functions) {
	f.define(func(env *Functions, args []Expr) (Expr, error) {
		if err := arity("JSON_VALUE", args, 2); err != nil {
			return nil, err
		}
		return NewJSONValue(args[0], args[1], types.String)
	}, "JSON_VALUE")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("JSON_QUERY", args, 2); err != nil {
			return nil, err
		}
		return NewJSONQuery(args[0], args[1])
	}, "JSON_QUERY")
}

// jsonStep is one step of a JSON path: a member name or an array index.
type jsonStep struct {
	key   string
	index int // -1 for a member step
}

// parseJSONPath reads the subset of SQL/JSON paths Sluice supports:
// [lax|strict] $ followed by .name, ."name", ['name'] and [n] steps.
func parseJSONPath(p string) ([]jsonStep, error) {
	s := strings.TrimSpace(p)
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "lax "), "strict "))
	if !strings.HasPrefix(s, "$") {
		return nil, fmt.Errorf("Illegal jsonpath spec: %s, format of the spec should be: '<lax|strict> ${expr}'", p)
	}
	s = s[1:]
	var steps []jsonStep
	for s != "" {
		switch {
		case s[0] == '.':
			s = s[1:]
			if strings.HasPrefix(s, `"`) {
				end := strings.IndexByte(s[1:], '"')
				if end < 0 {
					return nil, fmt.Errorf("JSON path %q: unterminated quoted member name", p)
				}
				steps, s = append(steps, jsonStep{key: s[1 : end+1], index: -1}), s[end+2:]
				continue
			}
			n := strings.IndexAny(s, ".[")
			if n < 0 {
				n = len(s)
			}
			if n == 0 || s[:n] == "*" {
				return nil, fmt.Errorf("JSON path %q: Sluice supports member names and array indexes only, not %q", p, "."+s[:n])
			}
			steps, s = append(steps, jsonStep{key: s[:n], index: -1}), s[n:]
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, fmt.Errorf("JSON path %q: unterminated [", p)
			}
			in := strings.TrimSpace(s[1:end])
			if len(in) >= 2 && (in[0] == '\'' || in[0] == '"') && in[len(in)-1] == in[0] {
				steps = append(steps, jsonStep{key: in[1 : len(in)-1], index: -1})
			} else if i, err := strconv.Atoi(in); err == nil && i >= 0 {
				steps = append(steps, jsonStep{index: i})
			} else {
				return nil, fmt.Errorf("JSON path %q: Sluice supports member names and array indexes only, not [%s]", p, in)
			}
			s = s[end+1:]
		default:
			return nil, fmt.Errorf("JSON path %q: unexpected %q", p, s[:1])
		}
	}
	return steps, nil
}

// jsonAt follows the path through the document; ok is false when the path
// does not exist or the text is not JSON.
func jsonAt(doc string, steps []jsonStep) (json.RawMessage, bool) {
	cur := json.RawMessage(doc)
	if !json.Valid(cur) {
		return nil, false
	}
	for _, st := range steps {
		if st.index >= 0 {
			var arr []json.RawMessage
			if json.Unmarshal(cur, &arr) != nil || st.index >= len(arr) {
				return nil, false
			}
			cur = arr[st.index]
			continue
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(cur, &obj) != nil {
			return nil, false
		}
		v, ok := obj[st.key]
		if !ok {
			return nil, false
		}
		cur = v
	}
	return bytes.TrimSpace(cur), true
}

// pathArg parses a literal path once, a computed one per row.
func pathArg(e Expr) (func(types.Value) ([]jsonStep, error), error) {
	if p, ok := constString(e); ok {
		steps, err := parseJSONPath(p)
		if err != nil {
			return nil, err
		}
		return func(types.Value) ([]jsonStep, error) { return steps, nil }, nil
	}
	return func(v types.Value) ([]jsonStep, error) { return parseJSONPath(v.Str()) }, nil
}

// NewJSONValue returns JSON_VALUE(doc, path RETURNING t) with Flink's
// defaults NULL ON EMPTY and NULL ON ERROR: the scalar at path as text (an
// object or array gives NULL), cast to t.
func NewJSONValue(doc, path Expr, t types.Type) (Expr, error) {
	if err := wantKinds("JSON_VALUE", []Expr{doc, path}, "<CHARACTER>, <CHARACTER>", isStr); err != nil {
		return nil, err
	}
	at, err := pathArg(path)
	if err != nil {
		return nil, err
	}
	t = t.Nullable()
	return nullable("JSON_VALUE", []Expr{doc, path}, t, func(v []types.Value) (types.Value, error) {
		steps, err := at(v[1])
		if err != nil {
			return types.Null, err
		}
		raw, ok := jsonAt(v[0].Str(), steps)
		if !ok || len(raw) == 0 || raw[0] == '{' || raw[0] == '[' || string(raw) == "null" {
			return types.Null, nil
		}
		text := string(raw)
		if raw[0] == '"' {
			if json.Unmarshal(raw, &text) != nil {
				return types.Null, nil
			}
		}
		s := types.StringValue(text)
		if t.IsString() {
			return fitString(text, t), nil
		}
		out, err := castExplicit(s, types.String, t, time.UTC)
		if err != nil {
			return types.Null, nil
		}
		return out, nil
	}), nil
}

// NewJSONQuery returns JSON_QUERY(doc, path) with Flink's defaults WITHOUT
// WRAPPER, NULL ON EMPTY, NULL ON ERROR: the object or array at path as
// compact JSON; a scalar gives NULL.
func NewJSONQuery(doc, path Expr) (Expr, error) {
	if err := wantKinds("JSON_QUERY", []Expr{doc, path}, "<CHARACTER>, <CHARACTER>", isStr); err != nil {
		return nil, err
	}
	at, err := pathArg(path)
	if err != nil {
		return nil, err
	}
	return nullable("JSON_QUERY", []Expr{doc, path}, types.String, func(v []types.Value) (types.Value, error) {
		steps, err := at(v[1])
		if err != nil {
			return types.Null, err
		}
		raw, ok := jsonAt(v[0].Str(), steps)
		if !ok || len(raw) == 0 || raw[0] != '{' && raw[0] != '[' {
			return types.Null, nil
		}
		var b bytes.Buffer
		if json.Compact(&b, raw) != nil {
			return types.Null, nil
		}
		return types.StringValue(b.String()), nil
	}), nil
}

// NewJSONObject returns JSON_OBJECT(keys[i] VALUE values[i] …): compact
// JSON in key order (as Flink writes it); a NULL value is written as null, or left
// out with absentOnNull. A value that is itself a JSON_OBJECT/JSON_QUERY
// result is inserted as JSON, not as a string.
func NewJSONObject(keys, values []Expr, absentOnNull bool) (Expr, error) {
	if len(keys) != len(values) {
		return nil, fmt.Errorf("JSON_OBJECT: every key needs a VALUE")
	}
	args := make([]Expr, 0, 2*len(keys))
	rawJSON := make([]bool, len(values))
	for i := range keys {
		if !keys[i].Type().IsString() {
			return nil, fmt.Errorf("JSON_OBJECT: key %d must be a string, not %s", i+1, keys[i].Type())
		}
		if c, ok := values[i].(*Call); ok && (c.Name == "JSON_OBJECT" || c.Name == "JSON_QUERY") {
			rawJSON[i] = true
		}
		args = append(args, keys[i], values[i])
	}
	valueTypes := argTypes(values)
	return newCall("JSON_OBJECT", args, args, types.String.NotNullable(), func(v []types.Value) (types.Value, error) {
		var b []byte
		b = append(b, '{')
		first := true
		for _, i := range keyOrder(v) {
			if v[i].IsNull() {
				return types.Null, fmt.Errorf("JSON_OBJECT: key %d is NULL", i/2+1)
			}
			val := v[i+1]
			if val.IsNull() && absentOnNull {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendJSONString(b, v[i].Str())
			b = append(b, ':')
			switch {
			case val.IsNull():
				b = append(b, "null"...)
			case rawJSON[i/2]:
				b = append(b, val.Str()...)
			default:
				b = appendJSONScalar(b, val, valueTypes[i/2])
			}
		}
		b = append(b, '}')
		return types.StringValue(string(b)), nil
	}), nil
}

// keyOrder lists the key positions of alternating keys and values sorted
// by key: Flink 1.20 writes JSON_OBJECT's members in key order, not in the
// order written (checked on 1.20.5, e2e/flinkdiff/cases/zone_nested_json).
func keyOrder(kv []types.Value) []int {
	order := make([]int, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		order = append(order, i)
	}
	sort.SliceStable(order, func(a, b int) bool { return kv[order[a]].Str() < kv[order[b]].Str() })
	return order
}

// appendJSONScalar writes a SQL value as Jackson writes it in Flink's JSON
// functions: numbers and booleans bare, everything else as a string of its
// CAST-to-STRING text.
func appendJSONScalar(b []byte, v types.Value, t types.Type) []byte {
	switch v.Kind() {
	case types.KindBoolean:
		return strconv.AppendBool(b, v.Bool())
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		return strconv.AppendInt(b, v.Int(), 10)
	case types.KindFloat, types.KindDouble:
		return types.AppendJavaFloat(b, v.Float(), 64)
	case types.KindDecimal:
		return types.AppendJavaDecimal(b, v.Decimal())
	}
	return appendJSONString(b, string(AppendCastString(nil, v, t, time.UTC)))
}

// appendJSONString quotes s as Jackson does: no HTML escaping of <, >, &.
func appendJSONString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...)
}
