package plan

import (
	"slices"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// declaredColumns evaluates a table's computed columns right after its
// scan, as Flink's Calc over the TableSourceScan does: the row a query
// reads is every column in declared order (a scan emits the physical
// columns, then the metadata ones, so the Calc also puts a metadata column
// declared between physical ones back in its place).
func (qc *queryCtx) declaredColumns(t *TableDecl, scan Node) (Node, error) {
	if len(t.Computed) == 0 && slices.Equal(t.Columns, scan.Schema().Names()) {
		return scan, nil
	}
	exprs, err := qc.tableRow(t, scan)
	if err != nil {
		return nil, err
	}
	return qc.st.share(&Project{Input: scan, Exprs: exprs, Names: t.Columns}), nil
}

// tableRow compiles the table's columns in declared order over the scan's
// row. A computed column's expression sees the scan's row only (physical
// and metadata columns): naming another computed column is an unknown
// identifier, as in Flink.
func (qc *queryCtx) tableRow(t *TableDecl, scan Node) ([]expr.Expr, error) {
	sc := newScope([]relation{{alias: t.Name, node: scan}})
	in := scan.Schema()
	exprs := make([]expr.Expr, 0, len(t.Columns))
	for _, name := range t.Columns {
		if i := in.Index(name); i >= 0 {
			exprs = append(exprs, &expr.Column{Index: i, Name: name, T: in[i].Type})
			continue
		}
		c := t.computed(name)
		if err := qc.sourceColumnsOnly(c.Expr, in); err != nil {
			return nil, err
		}
		e, err := qc.compile(sc, c.Expr)
		if err != nil {
			return nil, err
		}
		exprs = append(exprs, e)
	}
	return exprs, nil
}

// sourceColumnsOnly gives Flink's error for a name in a computed column
// that is not a physical or metadata column of the table: the expression is
// validated with those columns as its parameters, not as a FROM clause.
func (qc *queryCtx) sourceColumnsOnly(e syntax.Expr, source types.Schema) error {
	var err error
	syntax.Inspect(e, func(n syntax.Node) bool {
		if c, ok := n.(*syntax.ColumnRef); ok && err == nil && source.Index(c.Name[0].Name) < 0 {
			err = qc.errAt(c.Name[0].Position(), "Unknown identifier '%s'", c.Name[0].Name)
		}
		return err == nil
	})
	return err
}

// checkComputed compiles the computed columns where the table is declared,
// as Flink validates them at CREATE TABLE: explain reports a bad one even
// when no query reads the table.
func (d *decls) checkComputed(t *TableDecl) error {
	if len(t.Computed) == 0 {
		return nil
	}
	fns, err := sessionFunctions(d.out.Settings)
	if err != nil {
		return nil // the SET that names the bad zone reports it
	}
	st := &planning{Planner: &Planner{}, src: d.src, fns: fns, cat: d.cat,
		memo: map[string]Node{}, graph: &Graph{}, expanding: map[string]bool{}}
	_, err = (&queryCtx{st: st}).tableRow(t, &Scan{Table: t})
	return err
}
