package expr

import (
	"strings"
	"sync"

	"github.com/sluice-sql/sluice/engine/types"
)

// Impl computes a scalar function from its evaluated arguments. It must not
// keep vals: the slice is reused for the next row.
type Impl func(vals []types.Value) (types.Value, error)

// Call is a call of a built-in or user-defined scalar function.
type Call struct {
	// Name is the function's name as EXPLAIN shows it (upper case).
	Name string
	// Args are the arguments as written; eval are the same after the
	// implicit casts the function's signature asks for.
	Args []Expr
	eval []Expr
	t    types.Type
	fn   Impl
	// scratch holds argument slices so that evaluating a call allocates
	// nothing in the steady state, even if an expression tree is shared
	// between goroutines.
	scratch sync.Pool
}

func newCall(name string, args, eval []Expr, t types.Type, fn Impl) *Call {
	return &Call{Name: name, Args: args, eval: eval, t: t, fn: fn}
}

func (c *Call) Type() types.Type { return c.t }
func (c *Call) String() string   { return render(c) }

func (c *Call) write(b *strings.Builder) {
	b.WriteString(c.Name)
	b.WriteByte('(')
	writeList(b, c.Args, ", ")
	b.WriteByte(')')
}

func (c *Call) Eval(row []types.Value) (types.Value, error) {
	p, _ := c.scratch.Get().(*[]types.Value)
	if p == nil {
		s := make([]types.Value, len(c.eval))
		p = &s
	}
	vals := *p
	for i, e := range c.eval {
		v, err := e.Eval(row)
		if err != nil {
			c.scratch.Put(p)
			return types.Null, err
		}
		vals[i] = v
	}
	v, err := c.fn(vals)
	clear(vals)
	c.scratch.Put(p)
	return v, err
}
