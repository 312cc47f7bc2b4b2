package plan

import (
	"strings"

	"github.com/sluice-sql/sluice/sql/syntax"
)

// cteScope is the WITH elements a query can read: each sees the elements
// before it in its WITH clause and those of the enclosing queries, never
// itself (Flink's WITH is not recursive).
type cteScope struct {
	cte   *syntax.CTE
	outer *cteScope
}

// lookup finds the WITH element named name, innermost first.
func (s *cteScope) lookup(name string) *cteScope {
	for ; s != nil; s = s.outer {
		if s.cte.Name.Name == name {
			return s
		}
	}
	return nil
}

// with plans the body of a query with its WITH elements in scope: each is
// an inline view, planned where it is read.
func (st *planning) with(q *syntax.Query, body func() (Node, error)) (Node, error) {
	scope := st.ctes
	seen := map[string]bool{}
	for i := range q.With {
		cte := &q.With[i]
		if len(cte.Columns) > 0 {
			return nil, st.src.ErrorAt(cte.Columns[0].Position(), "a column list on a WITH element is not supported by Sluice yet: alias the columns in its query")
		}
		if seen[cte.Name.Name] {
			return nil, st.src.ErrorAt(cte.Name.Position(), "Duplicate name '%s' in WITH clause", cte.Name.Name)
		}
		seen[cte.Name.Name] = true
		scope = &cteScope{cte: cte, outer: scope}
	}
	outer := st.ctes
	st.ctes = scope
	defer func() { st.ctes = outer }()
	return body()
}

// cteRelation plans a read of a WITH element.
func (qc *queryCtx) cteRelation(s *cteScope, hints []hint) (Node, error) {
	for _, h := range hints {
		if strings.EqualFold(h.Name, hintOptions) {
			return nil, errorf(h.Pos, "View `%s` cannot be enriched with new options. Hints can only be applied to tables.", s.cte.Name.Name)
		}
		qc.st.ignore(h, strings.ToUpper(h.Name)+" has no effect after the name of a WITH element (Flink ignores it there too)")
	}
	outer := qc.st.ctes
	qc.st.ctes = s.outer
	defer func() { qc.st.ctes = outer }()
	return qc.st.query(s.cte.Query)
}
