package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

var compareOps = map[string]expr.CompareOp{
	"=": expr.Eq, "<>": expr.Ne, "!=": expr.Ne, "<": expr.Lt, "<=": expr.Le, ">": expr.Gt, ">=": expr.Ge,
}

func (qc *queryCtx) comparison(sc *scope, e *syntax.Binary, op expr.CompareOp) (expr.Expr, error) {
	l, err := qc.compile(sc, e.L)
	if err != nil {
		return nil, err
	}
	r, err := qc.compile(sc, e.R)
	if err != nil {
		return nil, err
	}
	// A string literal on either side is cast to the other side's type
	// ('2023-08-10 00:00:00.1234' < ts reads as TIMESTAMP(3) '… 00:00:00.123').
	if lit, ok := l.(*expr.Literal); ok {
		if l, err = qc.coerce(lit, r.Type(), e); err != nil {
			return nil, err
		}
	}
	if lit, ok := r.(*expr.Literal); ok {
		if r, err = qc.coerce(lit, l.Type(), e); err != nil {
			return nil, err
		}
	}
	if err := qc.comparable(l.Type(), r.Type(), e); err != nil {
		return nil, err
	}
	return &expr.Compare{Op: op, L: l, R: r}, nil
}

// operand compiles the other side of a comparison with x, coercing a
// string literal to x's type ('2023-08-10 00:00:00' against a TIMESTAMP).
func (qc *queryCtx) operand(sc *scope, e syntax.Expr, x expr.Expr, whole syntax.Expr) (expr.Expr, error) {
	v, err := qc.compile(sc, e)
	if err != nil {
		return nil, err
	}
	if lit, ok := v.(*expr.Literal); ok {
		if v, err = qc.coerce(lit, x.Type(), whole); err != nil {
			return nil, err
		}
	}
	if err := qc.comparable(x.Type(), v.Type(), whole); err != nil {
		return nil, err
	}
	return v, nil
}

// coerce converts a string literal compared with a temporal or numeric column.
func (qc *queryCtx) coerce(lit *expr.Literal, to types.Type, whole syntax.Expr) (expr.Expr, error) {
	if !lit.T.IsString() || to.IsString() || lit.V.IsNull() {
		return lit, nil
	}
	s := lit.V.Str()
	bad := func(err error) error {
		return qc.errAt(whole.Position(), "cannot compare %s with %s: %v", to, lit.Text, err)
	}
	switch {
	case to.Kind == types.KindTimestamp:
		ts, err := types.ParseTimestampSQL(s)
		if err != nil {
			return nil, bad(err)
		}
		// Flink casts the string to the column's TIMESTAMP(p): the digits
		// beyond p are dropped before comparing (checked on Flink 1.20.5).
		ts = ts.Truncate(to.Precision)
		return &expr.Literal{V: types.TimestampValue(ts), T: types.TimestampType(to.Precision).NotNullable(), Text: "TIMESTAMP " + lit.Text}, nil
	case to.Kind == types.KindDate:
		d, err := types.ParseDate(s)
		if err != nil {
			return nil, bad(err)
		}
		return &expr.Literal{V: types.DateValue(d), T: types.Date, Text: "DATE " + lit.Text}, nil
	case to.IsNumeric():
		d, err := types.ParseDecimal(s)
		if err != nil {
			return nil, bad(err)
		}
		return &expr.Literal{V: types.DecimalValue(d), T: types.DecimalType(max(d.Precision(), d.Scale()), d.Scale()), Text: lit.Text}, nil
	}
	return lit, nil
}

func (qc *queryCtx) comparable(a, b types.Type, e syntax.Expr) error {
	if a.Kind == types.KindNull || b.Kind == types.KindNull || a.Family() == b.Family() {
		return nil
	}
	return qc.errAt(e.Position(), "Cannot apply comparison to arguments of type '<%s>, <%s>' in %s. Supported form(s): '<COMPARABLE_TYPE> <op> <COMPARABLE_TYPE>'",
		a, b, exprText(e))
}
