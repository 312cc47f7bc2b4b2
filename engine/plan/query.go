package plan

import (
	"github.com/sluice-sql/sluice/sql"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// queryCtx is what compiling one query needs.
type queryCtx struct {
	st *planning
	// pos is where the query starts, for errors about it as a whole.
	pos sql.Pos
	// unaliased counts the FROM sub-queries written without an alias,
	// which get Calcite's derived names EXPR$0, EXPR$1, …
	unaliased int
}

func (qc *queryCtx) errAt(at syntax.Pos, format string, args ...any) error {
	return qc.st.src.ErrorAt(at, format, args...)
}

// query plans a query: ORDER BY and LIMIT are not supported yet.
func (st *planning) query(q *syntax.Query) (Node, error) {
	qc := &queryCtx{st: st, pos: st.src.At(q.Position())}
	switch {
	case len(q.OrderBy) > 0:
		return nil, qc.unsupportedClause(q.OrderBy[0].Position(), "ORDER BY")
	case q.Limit != nil && q.FetchFirst:
		return nil, qc.unsupportedClause(q.Limit.Position(), "FETCH FIRST")
	case q.Limit != nil:
		return nil, qc.unsupportedClause(q.Limit.Position(), "LIMIT")
	case q.Offset != nil:
		return nil, qc.unsupportedClause(q.Offset.Position(), "OFFSET")
	}
	if len(q.With) > 0 {
		return st.with(q, func() (Node, error) { return qc.body(q.Body) })
	}
	return qc.body(q.Body)
}

// body plans the body of a query: a SELECT, or a query in parentheses.
func (qc *queryCtx) body(b syntax.QueryBody) (Node, error) {
	switch b := b.(type) {
	case *syntax.Select:
		return qc.selectBlock(b)
	case *syntax.Query:
		return qc.st.query(b)
	case *syntax.SetOp:
		if isUnionAll(b) {
			return qc.unionAll(b)
		}
		return nil, qc.errAt(b.Position(), "%s is not supported by Sluice yet (UNION ALL is)", setOpName(b))
	case *syntax.Values:
		return qc.values(b)
	case *syntax.ExplicitTable:
		return nil, qc.errAt(b.Position(), "TABLE %s as a query is not supported by Sluice yet: write SELECT * FROM %s", b.Name, b.Name)
	}
	return nil, qc.errAt(b.Position(), "this query is not supported by Sluice yet")
}

func setOpName(s *syntax.SetOp) string {
	name := s.Op
	if s.Spelling != "" {
		name = s.Spelling
	}
	if s.Quantifier != "" {
		name += " " + s.Quantifier
	}
	return name
}

// unsupportedClause names a clause of a query that Sluice cannot run yet.
func (qc *queryCtx) unsupportedClause(at syntax.Pos, what string) error {
	return qc.errAt(at, "%s is not supported by Sluice yet: the supported queries are projections, WHERE filters and inner joins over insert-only tables", what)
}
