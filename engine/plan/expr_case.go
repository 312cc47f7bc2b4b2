package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// caseExpr compiles CASE WHEN c THEN r ... [ELSE e] END and the simple
// form CASE x WHEN v THEN r ... END.
func (qc *queryCtx) caseExpr(sc *scope, e *syntax.Case) (expr.Expr, error) {
	var x expr.Expr
	if e.Operand != nil {
		v, err := qc.compile(sc, e.Operand)
		if err != nil {
			return nil, err
		}
		x = v
	}
	whens := make([]expr.Expr, len(e.Whens))
	thens := make([]expr.Expr, len(e.Whens))
	for i, w := range e.Whens {
		var err error
		if x == nil {
			whens[i], err = qc.predicate(sc, w.Cond)
		} else {
			whens[i], err = qc.compile(sc, w.Cond)
		}
		if err != nil {
			return nil, err
		}
		if thens[i], err = qc.compile(sc, w.Result); err != nil {
			return nil, err
		}
	}
	var els expr.Expr
	if e.Else != nil {
		v, err := qc.compile(sc, e.Else)
		if err != nil {
			return nil, err
		}
		els = v
	}
	var c expr.Expr
	var err error
	if x == nil {
		c, err = expr.NewCase(whens, thens, els)
	} else {
		c, err = expr.NewSimpleCase(x, whens, thens, els)
	}
	return c, qc.wrap(e, err)
}
