package expr

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
)

// Case is the searched CASE: the first WHEN that is TRUE gives its THEN,
// else the ELSE (NULL when absent). A simple CASE (CASE x WHEN v …) is
// built by NewSimpleCase as WHEN x = v.
type Case struct {
	Whens, Thens []Expr
	Else         Expr // nil: NULL
	t            types.Type
}

// NewCase returns CASE WHEN whens[i] THEN thens[i] … [ELSE els] END; els
// may be nil. The branches are cast to their common type (CommonType).
func NewCase(whens, thens []Expr, els Expr) (Expr, error) {
	if len(whens) == 0 || len(whens) != len(thens) {
		return nil, fmt.Errorf("CASE needs one THEN per WHEN and at least one WHEN")
	}
	for i, w := range whens {
		if k := w.Type().Kind; k != types.KindBoolean && k != types.KindNull {
			return nil, fmt.Errorf("CASE: WHEN %d must be BOOLEAN, not %s", i+1, w.Type())
		}
	}
	branches := append([]Expr(nil), thens...)
	if els != nil {
		branches = append(branches, els)
	}
	t, err := CommonType(argTypes(branches))
	if err != nil {
		return nil, fmt.Errorf("CASE: %w", err)
	}
	if els == nil {
		t.NotNull = false
	}
	c := &Case{Whens: whens, Thens: make([]Expr, len(thens)), t: t}
	for i, e := range thens {
		c.Thens[i] = coerce(e, t)
	}
	if els != nil {
		c.Else = coerce(els, t)
	}
	return c, nil
}

// NewSimpleCase returns CASE x WHEN values[i] THEN thens[i] … [ELSE els] END.
func NewSimpleCase(x Expr, values, thens []Expr, els Expr) (Expr, error) {
	whens := make([]Expr, len(values))
	for i, v := range values {
		w, err := NewComparison(Eq, x, v)
		if err != nil {
			return nil, fmt.Errorf("CASE: WHEN %d: %w", i+1, err)
		}
		whens[i] = w
	}
	return NewCase(whens, thens, els)
}

func (c *Case) Type() types.Type { return c.t }
func (c *Case) String() string   { return render(c) }

func (c *Case) write(b *strings.Builder) {
	b.WriteString("CASE(")
	for i := range c.Whens {
		write(b, c.Whens[i])
		b.WriteString(", ")
		write(b, c.Thens[i])
		b.WriteString(", ")
	}
	if c.Else != nil {
		write(b, c.Else)
	} else {
		b.WriteString("null:")
		b.WriteString(c.t.Nullable().String())
	}
	b.WriteByte(')')
}

func (c *Case) Eval(row []types.Value) (types.Value, error) {
	for i, w := range c.Whens {
		v, err := w.Eval(row)
		if err != nil {
			return types.Null, err
		}
		if True(v) {
			return c.Thens[i].Eval(row)
		}
	}
	if c.Else == nil {
		return types.Null, nil
	}
	return c.Else.Eval(row)
}

// NewCoalesce returns COALESCE(args…): the first non-NULL argument. Its
// type is the arguments' common type, NOT NULL when any argument is.
func NewCoalesce(args []Expr) (Expr, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("Invalid number of arguments to function 'COALESCE'. Was expecting 1 arguments")
	}
	t, err := CommonType(argTypes(args))
	if err != nil {
		return nil, fmt.Errorf("COALESCE: %w", err)
	}
	for _, a := range args {
		t.NotNull = t.NotNull || a.Type().NotNull
	}
	return newCall("COALESCE", args, coerceAll(args, t), t, func(vals []types.Value) (types.Value, error) {
		for _, v := range vals {
			if !v.IsNull() {
				return v, nil
			}
		}
		return types.Null, nil
	}), nil
}

// coerceAll casts each argument to t.
func coerceAll(args []Expr, t types.Type) []Expr {
	out := make([]Expr, len(args))
	for i, a := range args {
		out[i] = coerce(a, t)
	}
	return out
}

// NewNullIf returns NULLIF(a, b): NULL when a = b, else a.
func NewNullIf(a, b Expr) (Expr, error) {
	eq, err := NewComparison(Eq, a, b)
	if err != nil {
		return nil, fmt.Errorf("NULLIF: %w", err)
	}
	return NewCase([]Expr{eq}, []Expr{nullOfType(a.Type().Nullable())}, a)
}

func nullOfType(t types.Type) Expr { return &Literal{V: types.Null, T: t, Text: "null:" + t.String()} }

// NewIf returns IF(cond, a, b), Flink's shorthand for CASE WHEN cond THEN a ELSE b END.
func NewIf(cond, a, b Expr) (Expr, error) {
	c, err := NewCase([]Expr{cond}, []Expr{a}, b)
	if err != nil {
		return nil, fmt.Errorf("IF: %w", err)
	}
	return c, nil
}

// NewConcatOp returns l || r: CHAR(m+n) for two CHARs, else VARCHAR(m+n)
// (STRING once that reaches STRING's length); NULL if either is NULL.
func NewConcatOp(l, r Expr) (Expr, error) {
	lt, rt := l.Type(), r.Type()
	for _, t := range []types.Type{lt, rt} {
		if !t.IsString() && t.Kind != types.KindNull {
			return nil, fmt.Errorf("Cannot apply '||' to arguments of type '<%s> || <%s>'. Supported form(s): '<STRING> || <STRING>'",
				calciteName(lt), calciteName(rt))
		}
	}
	n := min(lt.Length+rt.Length, types.MaxVarcharLength)
	if lt.Length == types.MaxVarcharLength || rt.Length == types.MaxVarcharLength {
		n = types.MaxVarcharLength
	}
	t := types.Varchar(n)
	if lt.Kind == types.KindChar && rt.Kind == types.KindChar {
		t = types.Char(n)
	}
	t = t.WithNullable(lt, rt)
	return newCall("||", []Expr{l, r}, []Expr{l, r}, t, func(v []types.Value) (types.Value, error) {
		if v[0].IsNull() || v[1].IsNull() {
			return types.Null, nil
		}
		if t.Kind == types.KindChar {
			return types.CharValue(v[0].Str() + v[1].Str()), nil
		}
		return types.StringValue(v[0].Str() + v[1].Str()), nil
	}), nil
}
