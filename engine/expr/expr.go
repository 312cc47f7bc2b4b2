// Package expr holds compiled scalar expressions: what a WHERE clause, a join
// condition or a SELECT list becomes once names are resolved to positions.
package expr

import (
	"github.com/sluice-sql/sluice/engine/types"
)

// Expr is a typed expression evaluated against one row's fields.
type Expr interface {
	Type() types.Type
	// Eval computes the value for one row. An error is a runtime failure
	// that fails the job in Flink (a CAST of text that is not a number, a
	// division by zero); NULL inputs are not errors.
	Eval(row []types.Value) (types.Value, error)
	// String renders the expression for EXPLAIN.
	String() string
}

// Column reads one field of the row.
type Column struct {
	Index int
	Name  string
	T     types.Type
}

func (c *Column) Type() types.Type                            { return c.T }
func (c *Column) Eval(row []types.Value) (types.Value, error) { return row[c.Index], nil }
func (c *Column) String() string                              { return c.Name }

// Literal is a constant.
type Literal struct {
	V    types.Value
	T    types.Type
	Text string
}

func (l *Literal) Type() types.Type                        { return l.T }
func (l *Literal) Eval([]types.Value) (types.Value, error) { return l.V, nil }
func (l *Literal) String() string                          { return l.Text }

// CompareOp is a comparison operator.
type CompareOp string

// Comparison operators.
const (
	Eq CompareOp = "="
	Ne CompareOp = "<>"
	Lt CompareOp = "<"
	Le CompareOp = "<="
	Gt CompareOp = ">"
	Ge CompareOp = ">="
)

// Compare is a comparison; NULL if either side is NULL (SQL's three-valued logic).
type Compare struct {
	Op   CompareOp
	L, R Expr
}

func (c *Compare) Type() types.Type { return types.Boolean.WithNullable(c.L.Type(), c.R.Type()) }
func (c *Compare) String() string   { return render(c) }

func (c *Compare) Eval(row []types.Value) (types.Value, error) {
	l, r, err := eval2(c.L, c.R, row)
	if err != nil {
		return types.Null, err
	}
	n, ok := types.Compare(l, r)
	if !ok {
		return types.Null, nil
	}
	return types.BoolValue(c.Op.holds(n)), nil
}

// holds reports whether the operator holds for a comparison result n.
func (op CompareOp) holds(n int) bool {
	switch op {
	case Eq:
		return n == 0
	case Ne:
		return n != 0
	case Lt:
		return n < 0
	case Le:
		return n <= 0
	case Gt:
		return n > 0
	case Ge:
		return n >= 0
	}
	return false
}

// eval2 evaluates two operands.
func eval2(a, b Expr, row []types.Value) (types.Value, types.Value, error) {
	x, err := a.Eval(row)
	if err != nil {
		return types.Null, types.Null, err
	}
	y, err := b.Eval(row)
	return x, y, err
}

// And is a conjunction: FALSE if any operand is FALSE, else NULL if any is NULL.
type And struct{ Args []Expr }

func (a *And) Type() types.Type { return types.Boolean.WithNullable(argTypes(a.Args)...) }
func (a *And) String() string   { return render(a) }

func (a *And) Eval(row []types.Value) (types.Value, error) { return junction(a.Args, row, false) }

// junction evaluates AND (short == false) or OR (short == true): the first
// operand equal to short decides; else NULL if any was NULL.
func junction(args []Expr, row []types.Value, short bool) (types.Value, error) {
	null := false
	for _, e := range args {
		v, err := e.Eval(row)
		if err != nil {
			return types.Null, err
		}
		if v.IsNull() {
			null = true
		} else if v.Bool() == short {
			return types.BoolValue(short), nil
		}
	}
	if null {
		return types.Null, nil
	}
	return types.BoolValue(!short), nil
}

// Or is a disjunction: TRUE if any operand is TRUE, else NULL if any is NULL.
type Or struct{ Args []Expr }

func (o *Or) Type() types.Type { return types.Boolean.WithNullable(argTypes(o.Args)...) }
func (o *Or) String() string   { return render(o) }

func (o *Or) Eval(row []types.Value) (types.Value, error) { return junction(o.Args, row, true) }

// Not negates a boolean; NOT NULL is NULL.
type Not struct{ X Expr }

func (n *Not) Type() types.Type { return types.Boolean.WithNullable(n.X.Type()) }
func (n *Not) String() string   { return render(n) }

func (n *Not) Eval(row []types.Value) (types.Value, error) {
	v, err := n.X.Eval(row)
	if err != nil || v.IsNull() {
		return v, err
	}
	return types.BoolValue(!v.Bool()), nil
}

// IsNull is `x IS NULL` (or IS NOT NULL when Negate).
type IsNull struct {
	X      Expr
	Negate bool
}

func (i *IsNull) Type() types.Type { return types.Boolean.NotNullable() }

func (i *IsNull) String() string { return render(i) }

func (i *IsNull) Eval(row []types.Value) (types.Value, error) {
	v, err := i.X.Eval(row)
	return types.BoolValue(v.IsNull() != i.Negate), err
}

// IsBool is `x IS [NOT] TRUE|FALSE`: never NULL.
type IsBool struct {
	X      Expr
	Want   bool
	Negate bool
}

func (i *IsBool) Type() types.Type { return types.Boolean.NotNullable() }

func (i *IsBool) String() string { return render(i) }

func (i *IsBool) Eval(row []types.Value) (types.Value, error) {
	v, err := i.X.Eval(row)
	is := !v.IsNull() && v.Bool() == i.Want
	return types.BoolValue(is != i.Negate), err
}

// In is `x IN (a, b, …)`: TRUE on a match, NULL if x or any candidate is NULL
// and nothing matched, else FALSE.
type In struct {
	X      Expr
	List   []Expr
	Negate bool
}

func (in *In) Type() types.Type {
	return types.Boolean.WithNullable(append(argTypes(in.List), in.X.Type())...)
}

func (in *In) String() string { return render(in) }

func (in *In) Eval(row []types.Value) (types.Value, error) {
	x, err := in.X.Eval(row)
	if err != nil || x.IsNull() {
		return types.Null, err
	}
	null := false
	for _, e := range in.List {
		v, err := e.Eval(row)
		if err != nil {
			return types.Null, err
		}
		if v.IsNull() {
			null = true
			continue
		}
		if c, ok := types.Compare(x, v); ok && c == 0 {
			return types.BoolValue(!in.Negate), nil
		}
	}
	if null {
		return types.Null, nil
	}
	return types.BoolValue(in.Negate), nil
}

// argTypes returns the types of exprs.
func argTypes(exprs []Expr) []types.Type {
	out := make([]types.Type, len(exprs))
	for i, e := range exprs {
		out[i] = e.Type()
	}
	return out
}

// True reports whether a predicate value lets a row through (NULL does not).
func True(v types.Value) bool { return !v.IsNull() && v.Bool() }
