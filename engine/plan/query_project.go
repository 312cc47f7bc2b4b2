package plan

import (
	"fmt"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// project compiles the SELECT list.
func (qc *queryCtx) project(items []syntax.SelectItem, input Node, sc *scope) (Node, error) {
	var exprs []expr.Expr
	var names []string
	for _, item := range items {
		if star, ok := item.Expr.(*syntax.Star); ok {
			es, ns, err := qc.star(star, sc)
			if err != nil {
				return nil, err
			}
			exprs, names = append(exprs, es...), append(names, ns...)
			continue
		}
		e, err := qc.compile(sc, item.Expr)
		if err != nil {
			return nil, err
		}
		exprs = append(exprs, e)
		names = append(names, itemName(item, len(names)))
	}
	names = uniqueNames(names)
	if passesThrough(exprs, names, input) {
		return input, nil
	}
	return qc.st.share(&Project{Input: input, Exprs: exprs, Names: names}), nil
}

// star expands * or t.*.
func (qc *queryCtx) star(star *syntax.Star, sc *scope) ([]expr.Expr, []string, error) {
	if len(star.Qualifier) > 1 {
		return nil, nil, qc.errAt(star.Position(), "%s.* is not supported by Sluice yet", star.Qualifier)
	}
	q := ""
	if len(star.Qualifier) == 1 {
		q = star.Qualifier[0].Name
	}
	var exprs []expr.Expr
	var names []string
	matched := false
	for ri, r := range sc.rels {
		if q != "" && r.alias != q {
			continue
		}
		matched = true
		for ci, c := range r.node.Schema() {
			exprs = append(exprs, &expr.Column{Index: sc.offsets[ri] + ci, Name: sc.name(ri, c.Name), T: c.Type})
			names = append(names, c.Name)
		}
	}
	if !matched {
		return nil, nil, qc.errAt(star.Position(), "Table '%s' not found", q)
	}
	return exprs, names, nil
}

// itemName is a select item's alias, its column's name, or EXPR$n.
func itemName(item syntax.SelectItem, n int) string {
	if item.Alias != nil {
		return item.Alias.Name
	}
	if c, ok := item.Expr.(*syntax.ColumnRef); ok {
		return c.Name.Last().Name
	}
	return fmt.Sprintf("EXPR$%d", n)
}

// passesThrough reports whether a projection leaves its input unchanged
// (then it is left out).
func passesThrough(exprs []expr.Expr, names []string, input Node) bool {
	in := input.Schema()
	if len(exprs) != len(in) {
		return false
	}
	for i, e := range exprs {
		if c, ok := e.(*expr.Column); !ok || c.Index != i || names[i] != in[i].Name {
			return false
		}
	}
	return true
}

// uniqueNames renames duplicates as Flink does: account_id, account_id0, account_id1…
func uniqueNames(names []string) []string {
	seen := map[string]bool{}
	out := make([]string, len(names))
	for i, n := range names {
		cand := n
		for k := 0; seen[cand]; k++ {
			cand = fmt.Sprintf("%s%d", n, k)
		}
		seen[cand] = true
		out[i] = cand
	}
	return out
}
