package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// columnRef compiles a column, or a nested field path a.b.c on a ROW column.
func (qc *queryCtx) columnRef(sc *scope, e *syntax.ColumnRef) (expr.Expr, error) {
	ri, idx, col, fields, err := qc.resolvePath(sc, e)
	if err != nil {
		return nil, err
	}
	var x expr.Expr = &expr.Column{Index: idx, Name: sc.name(ri, col.Name), T: col.Type}
	for _, f := range fields {
		if x, err = expr.NewField(x, f.Name); err != nil {
			return nil, qc.wrap(f, err)
		}
	}
	return x, nil
}

// isNestedRef reports whether a name reaches into a nested field (a join
// key must be a whole column); a name that does not resolve is not.
func (qc *queryCtx) isNestedRef(sc *scope, c *syntax.ColumnRef) bool {
	_, _, _, fields, err := qc.resolvePath(sc, c)
	return err == nil && len(fields) > 0
}

// fieldAccess compiles (x).field.
func (qc *queryCtx) fieldAccess(sc *scope, e *syntax.FieldAccess) (expr.Expr, error) {
	x, err := qc.compile(sc, e.X)
	if err != nil {
		return nil, err
	}
	f, err := expr.NewField(x, e.Field.Name)
	return f, qc.wrap(e.Field, err)
}

// index compiles arr[i] and map[key].
func (qc *queryCtx) index(sc *scope, e *syntax.Index) (expr.Expr, error) {
	return qc.build2(sc, e, e.X, e.Index, expr.NewItem)
}

// rowCtor compiles ROW(a, b) and (a, b).
func (qc *queryCtx) rowCtor(sc *scope, e *syntax.RowCtor) (expr.Expr, error) {
	fields, err := qc.compileAll(sc, e.Items)
	if err != nil {
		return nil, err
	}
	r, err := expr.NewRow(fields, nil)
	return r, qc.wrap(e, err)
}

// arrayCtor compiles ARRAY[a, b].
func (qc *queryCtx) arrayCtor(sc *scope, e *syntax.ArrayCtor) (expr.Expr, error) {
	return qc.constructor(sc, e, "ARRAY", e.Items, e.Query, expr.NewArray)
}

// mapCtor compiles MAP[k1, v1, k2, v2].
func (qc *queryCtx) mapCtor(sc *scope, e *syntax.MapCtor) (expr.Expr, error) {
	return qc.constructor(sc, e, "MAP", e.Items, e.Query, expr.NewMap)
}

// constructor compiles a value constructor's items and builds it; the
// sub-query forms (ARRAY(SELECT ...)) are not supported.
func (qc *queryCtx) constructor(sc *scope, e syntax.Expr, name string, items []syntax.Expr, q *syntax.Query,
	build func([]expr.Expr) (expr.Expr, error)) (expr.Expr, error) {
	if q != nil {
		return nil, qc.errAt(e.Position(), "%s(sub-query) is not supported by Sluice yet", name)
	}
	args, err := qc.compileAll(sc, items)
	if err != nil {
		return nil, err
	}
	v, err := build(args)
	return v, qc.wrap(e, err)
}
