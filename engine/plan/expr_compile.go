package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// compile turns a parsed expression into a typed, resolved one.
func (qc *queryCtx) compile(sc *scope, e syntax.Expr) (expr.Expr, error) {
	switch e := e.(type) {
	case *syntax.ColumnRef:
		return qc.columnRef(sc, e)
	case *syntax.Literal:
		return qc.literal(e, "")
	case *syntax.TypedLiteral:
		return qc.typedLiteral(e)
	case *syntax.IntervalLiteral:
		return qc.intervalLiteral(sc, e)
	case *syntax.Unary:
		return qc.unary(sc, e)
	case *syntax.Binary:
		return qc.binary(sc, e)
	case *syntax.Is:
		return qc.is(sc, e)
	case *syntax.Between:
		return qc.between(sc, e)
	case *syntax.In:
		return qc.in(sc, e)
	case *syntax.Like:
		return qc.like(sc, e)
	case *syntax.Cast:
		return qc.cast(sc, e)
	case *syntax.Case:
		return qc.caseExpr(sc, e)
	case *syntax.Call:
		return qc.call(sc, e)
	}
	return qc.compileSpecial(sc, e)
}

// compileSpecial compiles the special-syntax calls and constructors.
func (qc *queryCtx) compileSpecial(sc *scope, e syntax.Expr) (expr.Expr, error) {
	switch e := e.(type) {
	case *syntax.Extract:
		return qc.extract(sc, e)
	case *syntax.Trim:
		return qc.trim(sc, e)
	case *syntax.Substring:
		return qc.substring(sc, e)
	case *syntax.Position:
		return qc.position(sc, e)
	case *syntax.FloorCeil:
		return qc.floorCeil(sc, e)
	case *syntax.JSONValue:
		return qc.jsonValue(sc, e)
	case *syntax.JSONQuery:
		return qc.jsonQuery(sc, e)
	case *syntax.JSONObject:
		return qc.jsonObject(sc, e)
	case *syntax.RowCtor:
		return qc.rowCtor(sc, e)
	case *syntax.ArrayCtor:
		return qc.arrayCtor(sc, e)
	case *syntax.MapCtor:
		return qc.mapCtor(sc, e)
	case *syntax.FieldAccess:
		return qc.fieldAccess(sc, e)
	case *syntax.Index:
		return qc.index(sc, e)
	}
	return nil, qc.unsupportedExpr(e)
}

// wrap gives a library error the position of the node it is about.
func (qc *queryCtx) wrap(n syntax.Node, err error) error {
	if err == nil {
		return nil
	}
	e := qc.st.src.ErrorAt(n.Position(), "%v", err)
	e.Err = err
	return e
}

// optional compiles e, or gives nil for an absent (nil) part.
func (qc *queryCtx) optional(sc *scope, e syntax.Expr) (expr.Expr, error) {
	if e == nil {
		return nil, nil
	}
	return qc.compile(sc, e)
}

// compileAll compiles a list of expressions.
func (qc *queryCtx) compileAll(sc *scope, es []syntax.Expr) ([]expr.Expr, error) {
	out := make([]expr.Expr, len(es))
	for i, e := range es {
		x, err := qc.compile(sc, e)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func (qc *queryCtx) unary(sc *scope, e *syntax.Unary) (expr.Expr, error) {
	switch e.Op {
	case "NOT":
		x, err := qc.predicate(sc, e.X)
		if err != nil {
			return nil, err
		}
		return &expr.Not{X: x}, nil
	case "-":
		if lit, ok := e.X.(*syntax.Literal); ok && (lit.Kind == syntax.LitInteger || lit.Kind == syntax.LitDecimal || lit.Kind == syntax.LitApprox) {
			return qc.literal(lit, "-")
		}
		return qc.negate(sc, e)
	case "+":
		return qc.compile(sc, e.X)
	}
	return nil, qc.unsupportedExpr(e)
}

func (qc *queryCtx) binary(sc *scope, e *syntax.Binary) (expr.Expr, error) {
	if e.Op == "AND" || e.Op == "OR" {
		return qc.logical(sc, e)
	}
	if op, ok := compareOps[e.Op]; ok {
		return qc.comparison(sc, e, op)
	}
	switch e.Op {
	case "IS DISTINCT FROM", "IS NOT DISTINCT FROM":
		return qc.distinctFrom(sc, e)
	case "||":
		return qc.concat(sc, e)
	}
	if op, ok := arithOps[e.Op]; ok {
		return qc.arithmetic(sc, e, op)
	}
	return nil, qc.unsupportedExpr(e)
}

// logical compiles a chain of ANDs or ORs into one n-ary node: a left-deep
// 40,000-term chain then compiles, renders and evaluates without recursing
// once per term.
func (qc *queryCtx) logical(sc *scope, e *syntax.Binary) (expr.Expr, error) {
	ops := operands(e, e.Op)
	args := make([]expr.Expr, len(ops))
	for i, o := range ops {
		p, err := qc.predicate(sc, o)
		if err != nil {
			return nil, err
		}
		args[i] = p
	}
	if e.Op == "AND" {
		return &expr.And{Args: args}, nil
	}
	return &expr.Or{Args: args}, nil
}

// is compiles x IS [NOT] NULL|TRUE|FALSE.
func (qc *queryCtx) is(sc *scope, e *syntax.Is) (expr.Expr, error) {
	if e.What != "NULL" && e.What != "TRUE" && e.What != "FALSE" && e.What != "UNKNOWN" {
		return nil, qc.unsupportedExpr(e)
	}
	x, err := qc.compile(sc, e.X)
	if err != nil {
		return nil, err
	}
	if e.What == "UNKNOWN" && x.Type().Kind != types.KindBoolean && x.Type().Kind != types.KindNull {
		return nil, qc.errAt(e.Position(), "%s needs a BOOLEAN operand, not %s", isText(e), x.Type())
	}
	if e.What == "NULL" || e.What == "UNKNOWN" {
		return &expr.IsNull{X: x, Negate: e.Not}, nil
	}
	if x.Type().Kind != types.KindBoolean {
		return nil, qc.errAt(e.Position(), "%s needs a BOOLEAN operand, not %s", isText(e), x.Type())
	}
	return &expr.IsBool{X: x, Want: e.What == "TRUE", Negate: e.Not}, nil
}

func isText(e *syntax.Is) string {
	if e.Not {
		return "IS NOT " + e.What
	}
	return "IS " + e.What
}

// between compiles x [NOT] BETWEEN lo AND hi as two comparisons.
func (qc *queryCtx) between(sc *scope, e *syntax.Between) (expr.Expr, error) {
	x, err := qc.compile(sc, e.X)
	if err != nil {
		return nil, err
	}
	from, err := qc.operand(sc, e.Lo, x, e)
	if err != nil {
		return nil, err
	}
	to, err := qc.operand(sc, e.Hi, x, e)
	if err != nil {
		return nil, err
	}
	if e.Symmetry == "SYMMETRIC" {
		b, err := expr.NewBetween(x, from, to, e.Not, true)
		return b, qc.wrap(e, err)
	}
	if e.Not {
		return &expr.Or{Args: []expr.Expr{&expr.Compare{Op: expr.Lt, L: x, R: from}, &expr.Compare{Op: expr.Gt, L: x, R: to}}}, nil
	}
	return &expr.And{Args: []expr.Expr{&expr.Compare{Op: expr.Ge, L: x, R: from}, &expr.Compare{Op: expr.Le, L: x, R: to}}}, nil
}

// in compiles x [NOT] IN (list).
func (qc *queryCtx) in(sc *scope, e *syntax.In) (expr.Expr, error) {
	if e.Query != nil {
		return nil, qc.errAt(e.Position(), "IN with a sub-query is not supported by Sluice yet")
	}
	x, err := qc.compile(sc, e.X)
	if err != nil {
		return nil, err
	}
	in := &expr.In{X: x, Negate: e.Not}
	for _, item := range e.List {
		v, err := qc.operand(sc, item, x, e)
		if err != nil {
			return nil, err
		}
		in.List = append(in.List, v)
	}
	return in, nil
}

// predicate compiles a boolean condition.
func (qc *queryCtx) predicate(sc *scope, e syntax.Expr) (expr.Expr, error) {
	p, err := qc.compile(sc, e)
	if err != nil {
		return nil, err
	}
	if k := p.Type().Kind; k != types.KindBoolean && k != types.KindNull {
		return nil, qc.errAt(e.Position(), "condition %s must be BOOLEAN, not %s", exprText(e), p.Type())
	}
	return p, nil
}
