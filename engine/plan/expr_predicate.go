package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// like compiles x [NOT] LIKE p [ESCAPE e] and x [NOT] SIMILAR TO p [ESCAPE e].
func (qc *queryCtx) like(sc *scope, e *syntax.Like) (expr.Expr, error) {
	x, p, err := qc.pair(sc, e.X, e.Pattern)
	if err != nil {
		return nil, err
	}
	esc, err := qc.optional(sc, e.Escape)
	if err != nil {
		return nil, err
	}
	l, err := expr.NewLike(x, p, esc, e.Op != "LIKE", e.Not)
	return l, qc.wrap(e, err)
}
