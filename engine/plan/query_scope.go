package plan

import (
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// scope is the row a compiled expression reads: relations side by side.
type scope struct {
	rels    []relation
	offsets []int
	// qualify shows columns as alias.column (when more than one relation).
	qualify bool
}

func newScope(rels []relation) *scope {
	sc := &scope{rels: rels, qualify: len(rels) > 1}
	off := 0
	for _, r := range rels {
		sc.offsets = append(sc.offsets, off)
		off += len(r.node.Schema())
	}
	return sc
}

func (sc *scope) name(rel int, col string) string {
	if sc.qualify {
		return sc.rels[rel].alias + "." + col
	}
	return col
}

// resolve finds a column: the relation index and the position in the scope's row.
func (qc *queryCtx) resolve(sc *scope, c *syntax.ColumnRef) (rel, index int, col types.Column, err error) {
	rel, index, col, _, err = qc.resolvePath(sc, c)
	return rel, index, col, err
}

// resolvePath resolves a name to a column and the nested field path after
// it: t.a.b is field b of column a of t, a.b field b of column a when no
// relation is called a (Calcite's order).
func (qc *queryCtx) resolvePath(sc *scope, c *syntax.ColumnRef) (rel, index int, col types.Column, fields []syntax.Ident, err error) {
	if len(c.Name) == 1 {
		rel, index, col, err = qc.resolveBare(sc, c.Name[0])
		return rel, index, col, nil, err
	}
	if qc.isQualifier(sc, c.Name[0]) {
		rel, index, col, err = qc.resolveQualified(sc, c.Name[0], c.Name[1])
		return rel, index, col, c.Name[2:], err
	}
	if _, _, _, bareErr := qc.resolveBare(sc, c.Name[0]); bareErr == nil {
		rel, index, col, err = qc.resolveBare(sc, c.Name[0])
		return rel, index, col, c.Name[1:], err
	}
	rel, index, col, err = qc.resolveQualified(sc, c.Name[0], c.Name[1])
	return rel, index, col, c.Name[2:], err
}

// isQualifier reports whether q names one of the scope's relations.
func (qc *queryCtx) isQualifier(sc *scope, q syntax.Ident) bool {
	for _, r := range sc.rels {
		if r.alias == q.Name {
			return true
		}
	}
	return false
}

func (qc *queryCtx) resolveQualified(sc *scope, q, name syntax.Ident) (rel, index int, col types.Column, err error) {
	for ri, r := range sc.rels {
		if r.alias != q.Name {
			continue
		}
		s := r.node.Schema()
		i := s.Index(name.Name)
		if i < 0 {
			return 0, 0, col, qc.errAt(q.Position(), "Column '%s' not found in table '%s'%s", name.Name, q.Name, suggest(name.Name, s.Names()))
		}
		return ri, sc.offsets[ri] + i, s[i], nil
	}
	var aliases []string
	for _, r := range sc.rels {
		aliases = append(aliases, r.alias)
	}
	return 0, 0, col, qc.errAt(q.Position(), "Table '%s' not found%s", q.Name, suggest(q.Name, aliases))
}

func (qc *queryCtx) resolveBare(sc *scope, name syntax.Ident) (rel, index int, col types.Column, err error) {
	found := -1
	for ri, r := range sc.rels {
		s := r.node.Schema()
		if i := s.Index(name.Name); i >= 0 {
			if found >= 0 {
				return 0, 0, col, qc.errAt(name.Position(), "Column '%s' is ambiguous", name.Name)
			}
			found, index, col = ri, sc.offsets[ri]+i, s[i]
		}
	}
	if found < 0 {
		var all []string
		for _, r := range sc.rels {
			all = append(all, r.node.Schema().Names()...)
		}
		return 0, 0, col, qc.errAt(name.Position(), "Column '%s' not found in any table%s", name.Name, suggest(name.Name, all))
	}
	return found, index, col, nil
}

// refs returns the set of relations an expression reads (validating names).
func (qc *queryCtx) refs(sc *scope, e syntax.Expr) (map[int]bool, error) {
	set := map[int]bool{}
	var err error
	syntax.Inspect(e, func(n syntax.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *syntax.ColumnRef:
			var ri int
			ri, _, _, err = qc.resolve(sc, n)
			set[ri] = true
			return false
		case *syntax.Subquery, *syntax.Exists, *syntax.Quantified:
			err = qc.errAt(n.Position(), "sub-queries in expressions are not supported by Sluice yet")
		case *syntax.In:
			if n.Query != nil {
				err = qc.errAt(n.Position(), "IN with a sub-query is not supported by Sluice yet")
			}
		}
		return err == nil
	})
	return set, err
}
