package expr

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
)

func registerNestedFunctions(f *Functions) {
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("CARDINALITY", args, 1); err != nil {
			return nil, err
		}
		k := args[0].Type().Kind
		if k != types.KindArray && k != types.KindMap && k != types.KindMultiset {
			return nil, signatureError("CARDINALITY", args, "<MULTISET>", "<ARRAY>", "<MAP>")
		}
		return strict("CARDINALITY", args, types.Int.NotNullable(), func(v []types.Value) (types.Value, error) {
			return types.IntValue(types.KindInt, int64(v[0].Len())), nil
		}), nil
	}, "CARDINALITY")
}

// NewArray returns ARRAY[elems…], typed ARRAY<common type of elems>.
func NewArray(elems []Expr) (Expr, error) {
	if len(elems) == 0 {
		return nil, fmt.Errorf("ARRAY needs at least one element")
	}
	et, err := CommonType(argTypes(elems))
	if err != nil {
		return nil, fmt.Errorf("ARRAY: %w", err)
	}
	eval := coerceAll(elems, et)
	return newCall("ARRAY", elems, eval, types.ArrayType(et).NotNullable(), func(v []types.Value) (types.Value, error) {
		return types.ArrayValue(v), nil
	}), nil
}

// NewMap returns MAP[k1, v1, k2, v2, …].
func NewMap(kv []Expr) (Expr, error) {
	if len(kv) == 0 || len(kv)%2 != 0 {
		return nil, fmt.Errorf("MAP needs an even, non-zero number of arguments, got %d", len(kv))
	}
	var ks, vs []Expr
	for i := 0; i < len(kv); i += 2 {
		ks, vs = append(ks, kv[i]), append(vs, kv[i+1])
	}
	kt, err := CommonType(argTypes(ks))
	if err != nil {
		return nil, fmt.Errorf("MAP keys: %w", err)
	}
	vt, err := CommonType(argTypes(vs))
	if err != nil {
		return nil, fmt.Errorf("MAP values: %w", err)
	}
	eval := make([]Expr, len(kv))
	for i := range kv {
		if i%2 == 0 {
			eval[i] = coerce(kv[i], kt)
		} else {
			eval[i] = coerce(kv[i], vt)
		}
	}
	return newCall("MAP", kv, eval, types.MapType(kt, vt).NotNullable(), func(v []types.Value) (types.Value, error) {
		// A repeated key keeps its last value, as a Java map does.
		out := make([]types.Value, 0, len(v))
		for i := 0; i < len(v); i += 2 {
			replaced := false
			for j := 0; j < len(out); j += 2 {
				if same(out[j], v[i]) {
					out[j+1], replaced = v[i+1], true
				}
			}
			if !replaced {
				out = append(out, v[i], v[i+1])
			}
		}
		return types.MapValue(out), nil
	}), nil
}

// same is equality where NULL equals NULL.
func same(a, b types.Value) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	c, ok := types.Compare(a, b)
	return ok && c == 0
}

// NewRow returns ROW(fields…); names may be nil (Flink names them EXPR$0, …).
func NewRow(fields []Expr, names []string) (Expr, error) {
	cols := make([]types.Column, len(fields))
	for i, f := range fields {
		name := fmt.Sprintf("EXPR$%d", i)
		if i < len(names) {
			name = names[i]
		}
		cols[i] = types.Column{Name: name, Type: f.Type()}
	}
	return newCall("ROW", fields, fields, types.RowType(cols...).NotNullable(), func(v []types.Value) (types.Value, error) {
		return types.RowValue(v), nil
	}), nil
}

// Item is `container[key]`: an ARRAY element (1-based; out of range gives
// NULL) or a MAP value (a missing key gives NULL).
type Item struct {
	Container, Key Expr
	t              types.Type
}

// NewItem returns container[key].
func NewItem(container, key Expr) (Expr, error) {
	ct := container.Type()
	switch ct.Kind {
	case types.KindArray:
		if !key.Type().IsInteger() {
			return nil, fmt.Errorf("Cannot apply 'ITEM' to arguments of type 'ITEM(<%s>, <%s>)': an array index must be an integer",
				calciteName(ct), calciteName(key.Type()))
		}
	case types.KindMap:
		if _, _, err := comparable(key, &Literal{T: ct.Nested.Key}); err != nil {
			return nil, fmt.Errorf("map key: %w", err)
		}
	default:
		return nil, fmt.Errorf("Cannot apply 'ITEM' to arguments of type 'ITEM(<%s>, <%s>)'. Supported form(s): <ARRAY>[<INTEGER>], <MAP>[<ANY>]",
			calciteName(ct), calciteName(key.Type()))
	}
	return &Item{Container: container, Key: key, t: ct.Nested.Elem.Nullable()}, nil
}

func (it *Item) Type() types.Type { return it.t }
func (it *Item) String() string   { return render(it) }

func (it *Item) write(b *strings.Builder) {
	write(b, it.Container)
	b.WriteByte('[')
	write(b, it.Key)
	b.WriteByte(']')
}

func (it *Item) Eval(row []types.Value) (types.Value, error) {
	c, k, err := eval2(it.Container, it.Key, row)
	if err != nil || c.IsNull() || k.IsNull() {
		return types.Null, err
	}
	elems, err := c.Elems()
	if err != nil {
		return types.Null, err
	}
	if c.Kind() == types.KindArray {
		i := k.Int()
		if i < 1 || i > int64(len(elems)) {
			return types.Null, nil
		}
		return elems[i-1], nil
	}
	for j := 0; j+1 < len(elems); j += 2 {
		if same(elems[j], k) {
			return elems[j+1], nil
		}
	}
	return types.Null, nil
}

// Field is `row.name`: a field of a ROW value.
type Field struct {
	Row   Expr
	Name  string
	Index int
	t     types.Type
}

// NewField returns row.name, or an error naming the row's fields.
func NewField(row Expr, name string) (Expr, error) {
	rt := row.Type()
	if rt.Kind != types.KindRow {
		return nil, fmt.Errorf("cannot access field %q of a value of type %s: only ROW values have fields", name, rt)
	}
	for i, f := range rt.Nested.Fields {
		if f.Name == name {
			t := f.Type
			if !rt.NotNull {
				t = t.Nullable()
			}
			return &Field{Row: row, Name: name, Index: i, t: t}, nil
		}
	}
	names := make([]string, len(rt.Nested.Fields))
	for i, f := range rt.Nested.Fields {
		names[i] = f.Name
	}
	return nil, fmt.Errorf("Column '%s' not found in %s; its fields are %s", name, rt, strings.Join(names, ", "))
}

func (f *Field) Type() types.Type { return f.t }
func (f *Field) String() string   { return render(f) }

func (f *Field) write(b *strings.Builder) {
	write(b, f.Row)
	b.WriteByte('.')
	b.WriteString(f.Name)
}

func (f *Field) Eval(row []types.Value) (types.Value, error) {
	r, err := f.Row.Eval(row)
	if err != nil || r.IsNull() {
		return types.Null, err
	}
	elems, err := r.Elems()
	if err != nil {
		return types.Null, err
	}
	if f.Index >= len(elems) {
		return types.Null, fmt.Errorf("row value has %d fields, field %s is number %d", len(elems), f.Name, f.Index+1)
	}
	return elems[f.Index], nil
}

// NewMultiset returns MULTISET[elems…]: each distinct element with its
// count (INT), in order of first appearance.
func NewMultiset(elems []Expr) (Expr, error) {
	if len(elems) == 0 {
		return nil, fmt.Errorf("MULTISET needs at least one element")
	}
	et, err := CommonType(argTypes(elems))
	if err != nil {
		return nil, fmt.Errorf("MULTISET: %w", err)
	}
	return newCall("MULTISET", elems, coerceAll(elems, et), types.MultisetType(et).NotNullable(), func(v []types.Value) (types.Value, error) {
		out := make([]types.Value, 0, 2*len(v))
	next:
		for _, x := range v {
			for j := 0; j < len(out); j += 2 {
				if same(out[j], x) {
					out[j+1] = types.IntValue(types.KindInt, out[j+1].Int()+1)
					continue next
				}
			}
			out = append(out, x, types.IntValue(types.KindInt, 1))
		}
		return types.MultisetValue(out), nil
	}), nil
}
