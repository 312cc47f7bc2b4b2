package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// cast compiles CAST(x AS t) and TRY_CAST(x AS t) with Flink's cast rules,
// in the session time zone.
func (qc *queryCtx) cast(sc *scope, e *syntax.Cast) (expr.Expr, error) {
	x, err := qc.compile(sc, e.X)
	if err != nil {
		return nil, err
	}
	to, err := typeReader{qc.st.src}.dataType(e.Type)
	if err != nil {
		return nil, err
	}
	c, err := qc.st.fns.Cast(x, to, e.Try)
	return c, qc.wrap(e, err)
}
