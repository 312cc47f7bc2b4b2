package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

var arithOps = map[string]expr.ArithOp{
	"+": expr.Plus, "-": expr.Minus, "*": expr.Times, "/": expr.Divide, "%": expr.Mod,
}

// arithmetic compiles l op r on numbers, or on a datetime and an interval,
// with Flink's result types.
func (qc *queryCtx) arithmetic(sc *scope, e *syntax.Binary, op expr.ArithOp) (expr.Expr, error) {
	return qc.build2(sc, e, e.L, e.R, func(l, r expr.Expr) (expr.Expr, error) { return expr.NewArithmetic(op, l, r) })
}

// negate compiles -x for a non-literal number or an interval.
func (qc *queryCtx) negate(sc *scope, e *syntax.Unary) (expr.Expr, error) {
	x, err := qc.compile(sc, e.X)
	if err != nil {
		return nil, err
	}
	n, err := expr.NewNegate(x)
	return n, qc.wrap(e, err)
}

// concat compiles a || b.
func (qc *queryCtx) concat(sc *scope, e *syntax.Binary) (expr.Expr, error) {
	return qc.build2(sc, e, e.L, e.R, expr.NewConcatOp)
}

// distinctFrom compiles l IS [NOT] DISTINCT FROM r.
func (qc *queryCtx) distinctFrom(sc *scope, e *syntax.Binary) (expr.Expr, error) {
	negate := e.Op == "IS NOT DISTINCT FROM"
	return qc.build2(sc, e, e.L, e.R, func(l, r expr.Expr) (expr.Expr, error) { return expr.NewDistinctFrom(l, r, negate) })
}

// build2 compiles two operands and builds n from them, its error at n.
func (qc *queryCtx) build2(sc *scope, n syntax.Node, a, b syntax.Expr, build func(l, r expr.Expr) (expr.Expr, error)) (expr.Expr, error) {
	l, r, err := qc.pair(sc, a, b)
	if err != nil {
		return nil, err
	}
	v, err := build(l, r)
	return v, qc.wrap(n, err)
}

func (qc *queryCtx) pair(sc *scope, a, b syntax.Expr) (expr.Expr, expr.Expr, error) {
	l, err := qc.compile(sc, a)
	if err != nil {
		return nil, nil, err
	}
	r, err := qc.compile(sc, b)
	if err != nil {
		return nil, nil, err
	}
	return l, r, nil
}
