package plan

import (
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql"
)

// compile turns a parsed expression into a typed, resolved one.
func (qc *queryCtx) compile(sc *scope, e sqlparser.Expr) (expr.Expr, error) {
	switch e := e.(type) {
	case *sqlparser.ParenExpr:
		return qc.compile(sc, e.Expr)
	case *sqlparser.ColName:
		ri, idx, col, err := qc.resolve(sc, e)
		if err != nil {
			return nil, err
		}
		return &expr.Column{Index: idx, Name: sc.name(ri, col.Name), T: col.Type}, nil
	case *sqlparser.SQLVal:
		return qc.literal(e)
	case *sqlparser.NullVal:
		return &expr.Literal{V: types.Null, T: types.Type{Kind: types.KindNull}, Text: "NULL"}, nil
	case sqlparser.BoolVal:
		return &expr.Literal{V: types.BoolValue(bool(e)), T: types.Boolean.NotNullable(), Text: strings.ToUpper(strconv.FormatBool(bool(e)))}, nil
	case *sqlparser.UnaryExpr:
		if e.Operator == sqlparser.UMinusStr {
			if v, ok := e.Expr.(*sqlparser.SQLVal); ok && (v.Type == sqlparser.IntVal || v.Type == sqlparser.FloatVal) {
				return qc.literal(&sqlparser.SQLVal{Type: v.Type, Val: append([]byte("-"), v.Val...)})
			}
		}
	case *sqlparser.AndExpr:
		return qc.logical(sc, e, true)
	case *sqlparser.OrExpr:
		return qc.logical(sc, e, false)
	case *sqlparser.NotExpr:
		x, err := qc.predicate(sc, e.Expr)
		if err != nil {
			return nil, err
		}
		return &expr.Not{X: x}, nil
	case *sqlparser.IsExpr:
		x, err := qc.compile(sc, e.Expr)
		if err != nil {
			return nil, err
		}
		switch e.Operator {
		case sqlparser.IsNullStr, sqlparser.IsNotNullStr:
			return &expr.IsNull{X: x, Negate: e.Operator == sqlparser.IsNotNullStr}, nil
		case sqlparser.IsTrueStr, sqlparser.IsNotTrueStr, sqlparser.IsFalseStr, sqlparser.IsNotFalseStr:
			if x.Type().Kind != types.KindBoolean {
				return nil, qc.errAt(qc.exprPos(e), "%s needs a BOOLEAN operand, not %s", strings.ToUpper(e.Operator), x.Type())
			}
			want := e.Operator == sqlparser.IsTrueStr || e.Operator == sqlparser.IsNotTrueStr
			neg := strings.Contains(e.Operator, "not")
			return &expr.IsBool{X: x, Want: want, Negate: neg}, nil
		}
	case *sqlparser.ComparisonExpr:
		return qc.comparison(sc, e)
	case *sqlparser.RangeCond:
		x, err := qc.compile(sc, e.Left)
		if err != nil {
			return nil, err
		}
		from, err := qc.operand(sc, e.From, x, e)
		if err != nil {
			return nil, err
		}
		to, err := qc.operand(sc, e.To, x, e)
		if err != nil {
			return nil, err
		}
		if e.Operator == sqlparser.NotBetweenStr {
			return &expr.Or{Args: []expr.Expr{&expr.Compare{Op: expr.Lt, L: x, R: from}, &expr.Compare{Op: expr.Gt, L: x, R: to}}}, nil
		}
		return &expr.And{Args: []expr.Expr{&expr.Compare{Op: expr.Ge, L: x, R: from}, &expr.Compare{Op: expr.Le, L: x, R: to}}}, nil
	}
	return nil, qc.errAt(qc.exprPos(e), "expression %s is not supported by Sluice yet (supported: columns, literals, comparisons, BETWEEN, IN, IS [NOT] NULL, AND, OR, NOT)", sql.ExprText(e))
}

// logical compiles a chain of ANDs (and) or ORs into one n-ary node: a
// left-deep 40,000-term chain then compiles, renders and evaluates without
// recursing once per term.
func (qc *queryCtx) logical(sc *scope, e sqlparser.Expr, and bool) (expr.Expr, error) {
	operands := sql.Operands(e, and)
	args := make([]expr.Expr, len(operands))
	for i, o := range operands {
		p, err := qc.predicate(sc, o)
		if err != nil {
			return nil, err
		}
		args[i] = p
	}
	if and {
		return &expr.And{Args: args}, nil
	}
	return &expr.Or{Args: args}, nil
}

var compareOps = map[string]expr.CompareOp{
	sqlparser.EqualStr: expr.Eq, sqlparser.NotEqualStr: expr.Ne, sqlparser.LessThanStr: expr.Lt,
	sqlparser.LessEqualStr: expr.Le, sqlparser.GreaterThanStr: expr.Gt, sqlparser.GreaterEqualStr: expr.Ge,
}

func (qc *queryCtx) comparison(sc *scope, e *sqlparser.ComparisonExpr) (expr.Expr, error) {
	l, err := qc.compile(sc, e.Left)
	if err != nil {
		return nil, err
	}
	if e.Operator == sqlparser.InStr || e.Operator == sqlparser.NotInStr {
		tuple, ok := e.Right.(sqlparser.ValTuple)
		if !ok {
			return nil, qc.errAt(qc.exprPos(e), "IN with a sub-query is not supported by Sluice yet")
		}
		in := &expr.In{X: l, Negate: e.Operator == sqlparser.NotInStr}
		for _, item := range tuple {
			v, err := qc.operand(sc, item, l, e)
			if err != nil {
				return nil, err
			}
			in.List = append(in.List, v)
		}
		return in, nil
	}
	op, ok := compareOps[e.Operator]
	if !ok {
		return nil, qc.errAt(qc.exprPos(e), "operator %s is not supported by Sluice yet", strings.ToUpper(e.Operator))
	}
	r, err := qc.compile(sc, e.Right)
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
func (qc *queryCtx) operand(sc *scope, e sqlparser.Expr, x expr.Expr, whole sqlparser.Expr) (expr.Expr, error) {
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
func (qc *queryCtx) coerce(lit *expr.Literal, to types.Type, whole sqlparser.Expr) (expr.Expr, error) {
	if !lit.T.IsString() || to.IsString() || lit.V.IsNull() {
		return lit, nil
	}
	s := lit.V.Str()
	bad := func(err error) error {
		return qc.errAt(qc.exprPos(whole), "cannot compare %s with %s: %v", to, lit.Text, err)
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

func (qc *queryCtx) comparable(a, b types.Type, e sqlparser.Expr) error {
	if a.Kind == types.KindNull || b.Kind == types.KindNull || a.Family() == b.Family() {
		return nil
	}
	return qc.errAt(qc.exprPos(e), "Cannot apply comparison to arguments of type '<%s>, <%s>' in %s. Supported form(s): '<COMPARABLE_TYPE> <op> <COMPARABLE_TYPE>'",
		a, b, sql.ExprText(e))
}

// literal types a constant as Flink does: integers are INT when they fit,
// else BIGINT; 1.50 is DECIMAL(3, 2); 1.5E3 is DOUBLE; 'x' is a string.
func (qc *queryCtx) literal(v *sqlparser.SQLVal) (expr.Expr, error) {
	text := string(v.Val)
	switch v.Type {
	case sqlparser.StrVal:
		return &expr.Literal{V: types.StringValue(text), T: types.Char(max(len(text), 1)).NotNullable(), Text: "'" + strings.ReplaceAll(text, "'", "''") + "'"}, nil
	case sqlparser.IntVal:
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			d, derr := types.ParseDecimal(text)
			if derr != nil || d.Precision() > types.MaxDecimalPrecision {
				return nil, qc.errAt(qc.pos, "numeric literal %s out of range", text)
			}
			return &expr.Literal{V: types.DecimalValue(d), T: types.DecimalType(d.Precision(), 0).NotNullable(), Text: text}, nil
		}
		t := types.BigInt
		if i >= -1<<31 && i < 1<<31 {
			t = types.Int
		}
		return &expr.Literal{V: types.IntValue(t.Kind, i), T: t.NotNullable(), Text: text}, nil
	case sqlparser.FloatVal:
		if strings.ContainsAny(text, "eE") {
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, qc.errAt(qc.pos, "numeric literal %s: %v", text, err)
			}
			return &expr.Literal{V: types.DoubleValue(f), T: types.Double.NotNullable(), Text: text}, nil
		}
		d, err := types.ParseDecimal(text)
		if err != nil {
			return nil, qc.errAt(qc.pos, "numeric literal %s: %v", text, err)
		}
		return &expr.Literal{V: types.DecimalValue(d), T: types.DecimalType(max(d.Precision(), d.Scale()), d.Scale()).NotNullable(), Text: text}, nil
	}
	return nil, qc.errAt(qc.pos, "literal %s is not supported by Sluice yet", sql.ExprText(v))
}
