package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// unionAll plans a chain of UNION ALLs as one Union over its inputs, casting
// each column to the inputs' common type.
func (qc *queryCtx) unionAll(op *syntax.SetOp) (Node, error) {
	var ins []Node
	for _, b := range unionInputs(op) {
		n, err := qc.body(b)
		if err != nil {
			return nil, err
		}
		if len(ins) > 0 && len(n.Schema()) != len(ins[0].Schema()) {
			return nil, qc.errAt(b.Position(), "Column count mismatch in UNION ALL: the first input has %d columns, this one %d",
				len(ins[0].Schema()), len(n.Schema()))
		}
		ins = append(ins, n)
	}
	common, err := qc.commonTypes(op, ins)
	if err != nil {
		return nil, err
	}
	for i, in := range ins {
		ins[i] = qc.castTo(in, common)
	}
	return qc.st.share(&Union{Ins: ins, Names: ins[0].Schema().Names()}), nil
}

// unionInputs flattens a left-deep chain of UNION ALLs into its inputs, in
// order and without recursion.
func unionInputs(op *syntax.SetOp) []syntax.QueryBody {
	var out []syntax.QueryBody
	stack := []syntax.QueryBody{op}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s, ok := top.(*syntax.SetOp); ok && isUnionAll(s) {
			stack = append(stack, s.R, s.L)
			continue
		}
		out = append(out, top)
	}
	return out
}

func isUnionAll(s *syntax.SetOp) bool { return s.Op == "UNION" && s.Quantifier == "ALL" }

// commonTypes is each column's type that every input converts to.
func (qc *queryCtx) commonTypes(op *syntax.SetOp, ins []Node) ([]types.Type, error) {
	first := ins[0].Schema()
	out := make([]types.Type, len(first))
	for c := range first {
		t := first[c].Type
		for _, in := range ins[1:] {
			u, ok := unionType(t, in.Schema()[c].Type)
			if !ok {
				return nil, qc.errAt(op.Position(), "Type mismatch in column %d of UNION ALL: %s and %s have no common type Sluice supports yet",
					c+1, t, in.Schema()[c].Type)
			}
			t = u
		}
		out[c] = t
	}
	return out, nil
}

// unionType is the common type of a and b: the same type, the wider
// integer, or a string long enough for both.
func unionType(a, b types.Type) (types.Type, bool) {
	notNull := a.NotNull && b.NotNull
	a.NotNull, b.NotNull = notNull, notNull
	switch {
	case a.Kind == types.KindNull:
		b.NotNull = false
		return b, true
	case b.Kind == types.KindNull:
		a.NotNull = false
		return a, true
	case a == b:
		return a, true
	case a.IsInteger() && b.IsInteger():
		if a.Kind < b.Kind {
			return b, true
		}
		return a, true
	case a.IsString() && b.IsString():
		t := types.Varchar(max(a.Length, b.Length))
		t.NotNull = notNull
		return t, true
	}
	return types.Type{}, false
}

// castTo projects n's columns to the given types where they differ.
func (qc *queryCtx) castTo(n Node, to []types.Type) Node {
	s := n.Schema()
	exprs := make([]expr.Expr, len(s))
	same := true
	for i, c := range s {
		exprs[i] = &expr.Column{Index: i, Name: c.Name, T: c.Type}
		if c.Type.Nullable() != to[i].Nullable() {
			exprs[i] = &expr.Cast{X: exprs[i], To: to[i]}
			same = false
		}
	}
	if same {
		return n
	}
	return qc.st.share(&Project{Input: n, Exprs: exprs, Names: s.Names()})
}
