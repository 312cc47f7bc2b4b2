package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// caseExpr compiles CASE WHEN c THEN r ... [ELSE e] END and the simple
// form CASE x WHEN v THEN r ... END.
func (qc *queryCtx) caseExpr(sc *scope, e *syntax.Case) (expr.Expr, error) {
	x, err := qc.optional(sc, e.Operand)
	if err != nil {
		return nil, err
	}
	whens := make([]expr.Expr, len(e.Whens))
	thens := make([]expr.Expr, len(e.Whens))
	for i, w := range e.Whens {
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
	els, err := qc.optional(sc, e.Else)
	if err != nil {
		return nil, err
	}
	var c expr.Expr
	if x == nil {
		c, err = expr.NewCase(whens, thens, els)
	} else {
		c, err = expr.NewSimpleCase(x, whens, thens, els)
	}
	return c, qc.wrap(e, err)
}
