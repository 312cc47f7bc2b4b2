package plan

import "github.com/sluice-sql/sluice/engine/expr"

// computedColumns evaluates a table's computed columns right after its
// scan, as Flink's Calc over the TableSourceScan does: the row a query
// reads is every column in declared order. A computed column's expression
// sees the scan's row only (physical and metadata columns), so naming
// another computed column is an unknown column, as in Flink.
func (qc *queryCtx) computedColumns(t *TableDecl, scan Node) (Node, error) {
	if len(t.Computed) == 0 {
		return scan, nil
	}
	sc := newScope([]relation{{alias: t.Name, node: scan}})
	in := scan.Schema()
	exprs := make([]expr.Expr, 0, len(t.Columns))
	for _, name := range t.Columns {
		if i := in.Index(name); i >= 0 {
			exprs = append(exprs, &expr.Column{Index: i, Name: name, T: in[i].Type})
			continue
		}
		e, err := qc.compile(sc, t.computed(name).Expr)
		if err != nil {
			return nil, err
		}
		exprs = append(exprs, e)
	}
	return qc.st.share(&Project{Input: scan, Exprs: exprs, Names: t.Columns}), nil
}
