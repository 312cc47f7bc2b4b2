// Package expr holds compiled scalar expressions: what a WHERE clause, a join
// condition or a SELECT list becomes once names are resolved to positions.
package expr

import (
	"github.com/sluice-sql/sluice/engine/types"
)

// Expr is a typed expression evaluated against one row's fields.
type Expr interface {
	Type() types.Type
	Eval(row []types.Value) types.Value
	// String renders the expression for EXPLAIN.
	String() string
}

// Column reads one field of the row.
type Column struct {
	Index int
	Name  string
	T     types.Type
}

func (c *Column) Type() types.Type                   { return c.T }
func (c *Column) Eval(row []types.Value) types.Value { return row[c.Index] }
func (c *Column) String() string                     { return c.Name }

// Literal is a constant.
type Literal struct {
	V    types.Value
	T    types.Type
	Text string
}

func (l *Literal) Type() types.Type               { return l.T }
func (l *Literal) Eval([]types.Value) types.Value { return l.V }
func (l *Literal) String() string                 { return l.Text }

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

func (c *Compare) Type() types.Type { return types.Boolean }
func (c *Compare) String() string   { return render(c) }

func (c *Compare) Eval(row []types.Value) types.Value {
	l, r := c.L.Eval(row), c.R.Eval(row)
	n, ok := types.Compare(l, r)
	if !ok {
		return types.Null
	}
	var b bool
	switch c.Op {
	case Eq:
		b = n == 0
	case Ne:
		b = n != 0
	case Lt:
		b = n < 0
	case Le:
		b = n <= 0
	case Gt:
		b = n > 0
	case Ge:
		b = n >= 0
	}
	return types.BoolValue(b)
}

// And is a conjunction: FALSE if any operand is FALSE, else NULL if any is NULL.
type And struct{ Args []Expr }

func (a *And) Type() types.Type { return types.Boolean }
func (a *And) String() string   { return render(a) }

func (a *And) Eval(row []types.Value) types.Value {
	null := false
	for _, e := range a.Args {
		v := e.Eval(row)
		if v.IsNull() {
			null = true
		} else if !v.Bool() {
			return types.BoolValue(false)
		}
	}
	if null {
		return types.Null
	}
	return types.BoolValue(true)
}

// Or is a disjunction: TRUE if any operand is TRUE, else NULL if any is NULL.
type Or struct{ Args []Expr }

func (o *Or) Type() types.Type { return types.Boolean }
func (o *Or) String() string   { return render(o) }

func (o *Or) Eval(row []types.Value) types.Value {
	null := false
	for _, e := range o.Args {
		v := e.Eval(row)
		if v.IsNull() {
			null = true
		} else if v.Bool() {
			return types.BoolValue(true)
		}
	}
	if null {
		return types.Null
	}
	return types.BoolValue(false)
}

// Not negates a boolean; NOT NULL is NULL.
type Not struct{ X Expr }

func (n *Not) Type() types.Type { return types.Boolean }
func (n *Not) String() string   { return render(n) }

func (n *Not) Eval(row []types.Value) types.Value {
	v := n.X.Eval(row)
	if v.IsNull() {
		return v
	}
	return types.BoolValue(!v.Bool())
}

// IsNull is `x IS NULL` (or IS NOT NULL when Negate).
type IsNull struct {
	X      Expr
	Negate bool
}

func (i *IsNull) Type() types.Type { return types.Boolean.NotNullable() }

func (i *IsNull) String() string { return render(i) }

func (i *IsNull) Eval(row []types.Value) types.Value {
	return types.BoolValue(i.X.Eval(row).IsNull() != i.Negate)
}

// IsBool is `x IS [NOT] TRUE|FALSE`: never NULL.
type IsBool struct {
	X      Expr
	Want   bool
	Negate bool
}

func (i *IsBool) Type() types.Type { return types.Boolean.NotNullable() }

func (i *IsBool) String() string { return render(i) }

func (i *IsBool) Eval(row []types.Value) types.Value {
	v := i.X.Eval(row)
	is := !v.IsNull() && v.Bool() == i.Want
	return types.BoolValue(is != i.Negate)
}

// In is `x IN (a, b, …)`: TRUE on a match, NULL if x or any candidate is NULL
// and nothing matched, else FALSE.
type In struct {
	X      Expr
	List   []Expr
	Negate bool
}

func (in *In) Type() types.Type { return types.Boolean }

func (in *In) String() string { return render(in) }

func (in *In) Eval(row []types.Value) types.Value {
	x := in.X.Eval(row)
	if x.IsNull() {
		return types.Null
	}
	null := false
	for _, e := range in.List {
		v := e.Eval(row)
		if v.IsNull() {
			null = true
			continue
		}
		if c, ok := types.Compare(x, v); ok && c == 0 {
			return types.BoolValue(!in.Negate)
		}
	}
	if null {
		return types.Null
	}
	return types.BoolValue(in.Negate)
}

// True reports whether a predicate value lets a row through (NULL does not).
func True(v types.Value) bool { return !v.IsNull() && v.Bool() }
