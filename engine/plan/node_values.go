package plan

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/values"
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// Values is what a VALUES clause reads: constant rows computed by the
// planner. It is planned as a Scan of a bounded source, so the runtime
// reads it like any table, and a job whose sources are all bounded ends.
type Values struct {
	// Tuples are the rows as EXPLAIN shows them: "{ 1, 'a' }".
	Tuples []string
	Schema types.Schema
}

// Describe is Flink's "Values(tuples=[[{ 1, 'a' }, …]], values=[…])"; the
// types are shown too, since rows written alike but typed differently
// are different rows.
func (v *Values) Describe() string {
	return fmt.Sprintf("Values(tuples=[[%s]], values=%s)", strings.Join(v.Tuples, ", "), schemaList(v.Schema))
}

// values plans VALUES (…), (…): each row's expressions are constants,
// each column typed as the common type of its rows (Flink's
// LogicalTypeMerging), the rows cast to it and computed once.
func (qc *queryCtx) values(v *syntax.Values) (Node, error) {
	rows, err := qc.valueRows(v)
	if err != nil {
		return nil, err
	}
	schema := make(types.Schema, len(rows[0]))
	for c := range schema {
		col := make([]types.Type, len(rows))
		for r := range rows {
			col[r] = rows[r][c].Type()
		}
		t, err := expr.CommonType(col)
		if err != nil {
			return nil, qc.errAt(v.Position(), "column %d of VALUES: %v", c+1, err)
		}
		schema[c] = types.Column{Name: fmt.Sprintf("EXPR$%d", c), Type: t}
	}
	out := make([]types.Row, len(rows))
	tuples := make([]string, len(rows))
	for r, row := range rows {
		fields := make([]types.Value, len(row))
		texts := make([]string, len(row))
		for c, e := range row {
			texts[c] = e.String()
			val, err := qc.valueOf(e, schema[c].Type)
			if err != nil {
				return nil, qc.errAt(v.Rows[r].Position(), "row %d of VALUES, column %d: %v", r+1, c+1, err)
			}
			fields[c] = val
		}
		out[r] = types.Row{Fields: fields}
		tuples[r] = "{ " + strings.Join(texts, ", ") + " }"
	}
	vals := &Values{Tuples: tuples, Schema: schema}
	t := &TableDecl{Name: "values at " + qc.st.src.At(v.Position()).String(), Pos: qc.st.src.At(v.Position())}
	for _, c := range schema {
		t.Physical = append(t.Physical, ColumnDecl{Name: c.Name, Type: c.Type, Pos: t.Pos})
	}
	return qc.st.share(&Scan{Table: t, Factory: &values.Factory{Rows: out}, Conn: connectors.Table{Name: t.Name, Schema: schema}, Values: vals}), nil
}

// valueRows compiles the rows' expressions, which may not read columns.
func (qc *queryCtx) valueRows(v *syntax.Values) ([][]expr.Expr, error) {
	sc := newScope(nil)
	var rows [][]expr.Expr
	for _, r := range v.Rows {
		items := []syntax.Expr{r}
		if rc, ok := r.(*syntax.RowCtor); ok {
			items = rc.Items
		}
		row, err := qc.compileAll(sc, items)
		if err != nil {
			return nil, err
		}
		// Flink cannot type a bare NULL in VALUES, not even from the
		// other rows: it must be written CAST(NULL AS type).
		for i, e := range row {
			if e.Type().Kind == types.KindNull {
				return nil, qc.errAt(items[i].Position(), "Illegal use of 'NULL': write CAST(NULL AS type) in VALUES")
			}
		}
		if len(rows) > 0 && len(row) != len(rows[0]) {
			return nil, qc.errAt(r.Position(), "rows of VALUES must have the same number of columns: the first has %d, this one %d", len(rows[0]), len(row))
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// valueOf computes a constant cast to its column's type.
func (qc *queryCtx) valueOf(e expr.Expr, to types.Type) (types.Value, error) {
	if !e.Type().Nullable().Equal(to.Nullable()) {
		c, err := qc.st.fns.Cast(e, to, false)
		if err != nil {
			return types.Value{}, err
		}
		e = c
	}
	return e.Eval(nil)
}
