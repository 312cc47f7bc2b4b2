package plan

import (
	"strconv"
	"strings"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// literal types a constant as Flink does: integers are INT when they fit,
// else BIGINT; 1.50 is DECIMAL(3, 2); 1.5E3 is DOUBLE; 'x' is a string.
// sign is "-" for a negated number.
func (qc *queryCtx) literal(v *syntax.Literal, sign string) (expr.Expr, error) {
	text := sign + v.Value
	switch v.Kind {
	case syntax.LitString:
		return &expr.Literal{V: types.StringValue(v.Value), T: types.Char(max(len(v.Value), 1)).NotNullable(), Text: "'" + strings.ReplaceAll(v.Value, "'", "''") + "'"}, nil
	case syntax.LitNull:
		return &expr.Literal{V: types.Null, T: types.Type{Kind: types.KindNull}, Text: "NULL"}, nil
	case syntax.LitBool:
		b := strings.EqualFold(v.Value, "TRUE")
		return &expr.Literal{V: types.BoolValue(b), T: types.Boolean.NotNullable(), Text: strings.ToUpper(strconv.FormatBool(b))}, nil
	case syntax.LitInteger:
		return qc.integer(v, text)
	case syntax.LitApprox:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, qc.errAt(v.Position(), "numeric literal %s: %v", text, err)
		}
		return &expr.Literal{V: types.DoubleValue(f), T: types.Double.NotNullable(), Text: text}, nil
	case syntax.LitDecimal:
		d, err := types.ParseDecimal(text)
		if err != nil {
			return nil, qc.errAt(v.Position(), "numeric literal %s: %v", text, err)
		}
		return &expr.Literal{V: types.DecimalValue(d), T: types.DecimalType(max(d.Precision(), d.Scale()), d.Scale()).NotNullable(), Text: text}, nil
	}
	return nil, qc.unsupportedExpr(v)
}

// integer types an integer literal: INT, BIGINT, or DECIMAL past BIGINT.
func (qc *queryCtx) integer(v *syntax.Literal, text string) (expr.Expr, error) {
	i, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		d, derr := types.ParseDecimal(text)
		if derr != nil || d.Precision() > types.MaxDecimalPrecision {
			return nil, qc.errAt(v.Position(), "numeric literal %s out of range", text)
		}
		return &expr.Literal{V: types.DecimalValue(d), T: types.DecimalType(d.Precision(), 0).NotNullable(), Text: text}, nil
	}
	t := types.BigInt
	if i >= -1<<31 && i < 1<<31 {
		t = types.Int
	}
	return &expr.Literal{V: types.IntValue(t.Kind, i), T: t.NotNullable(), Text: text}, nil
}

// typedLiteral types DATE '…', TIME '…' and TIMESTAMP '…'.
func (qc *queryCtx) typedLiteral(e *syntax.TypedLiteral) (expr.Expr, error) {
	var lit *expr.Literal
	var err error
	switch e.Type {
	case "DATE":
		lit, err = expr.NewDateLiteral(e.Value)
	case "TIME":
		lit, err = expr.NewTimeLiteral(e.Value)
	case "TIMESTAMP":
		lit, err = expr.NewTimestampLiteral(e.Value, false, qc.st.fns)
	default:
		return nil, qc.unsupportedExpr(e)
	}
	if err != nil {
		return nil, qc.wrap(e, err)
	}
	return lit, nil
}

// intervalLiteral types INTERVAL '…' unit [TO unit] and INTERVAL n unit.
func (qc *queryCtx) intervalLiteral(sc *scope, e *syntax.IntervalLiteral) (expr.Expr, error) {
	text := e.Value
	if e.Expr != nil {
		lit, ok := e.Expr.(*syntax.Literal)
		if !ok || lit.Kind != syntax.LitInteger {
			return nil, qc.errAt(e.Position(), "INTERVAL with a non-constant amount is not supported by Sluice yet")
		}
		text = lit.Value
	}
	if e.Negative {
		text = "-" + text
	}
	q := e.Qualifier
	lit, err := expr.NewIntervalLiteral(text, q.Start, q.End)
	if err != nil {
		return nil, qc.wrap(e, err)
	}
	return lit, nil
}
