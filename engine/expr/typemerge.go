package expr

import (
	"fmt"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

// Result types of Flink's operators (LogicalTypeMerging, which follows
// Calcite and, for DECIMAL overflow, SQL Server / Spark).

// integerDigits is the DECIMAL precision an integer type converts to.
func integerDigits(k types.Kind) int {
	switch k {
	case types.KindTinyInt:
		return 3
	case types.KindSmallInt:
		return 5
	case types.KindInt:
		return 10
	}
	return 19
}

// asDecimalType is a numeric exact type as DECIMAL(p, s).
func asDecimalType(t types.Type) types.Type {
	if t.Kind == types.KindDecimal {
		return t
	}
	return types.DecimalType(integerDigits(t.Kind), 0)
}

// adjustPrecisionScale caps a DECIMAL at precision 38, giving up scale but
// keeping at least min(scale, 6) digits of it.
func adjustPrecisionScale(p, s int) types.Type {
	if p <= types.MaxDecimalPrecision {
		return types.DecimalType(p, s)
	}
	intDigits := p - s
	minScale := min(s, 6)
	s = max(types.MaxDecimalPrecision-intDigits, minScale)
	return types.DecimalType(types.MaxDecimalPrecision, s)
}

// arithmeticType is the result type of l op r for numeric operands.
func arithmeticType(op ArithOp, l, r types.Type) types.Type {
	var t types.Type
	switch {
	case l.Kind == types.KindDouble || r.Kind == types.KindDouble,
		l.Kind == types.KindFloat && r.Kind == types.KindDecimal,
		l.Kind == types.KindDecimal && r.Kind == types.KindFloat:
		t = types.Double
	case l.Kind == types.KindFloat || r.Kind == types.KindFloat:
		t = types.Float
	case l.IsInteger() && r.IsInteger():
		t = types.Type{Kind: max(l.Kind, r.Kind)}
	default:
		a, b := asDecimalType(l), asDecimalType(r)
		p1, s1, p2, s2 := a.Precision, a.Scale, b.Precision, b.Scale
		switch op {
		case Plus, Minus:
			s := max(s1, s2)
			t = adjustPrecisionScale(max(p1-s1, p2-s2)+s+1, s)
		case Times:
			t = adjustPrecisionScale(p1+p2+1, s1+s2)
		case Divide:
			s := max(6, s1+p2+1)
			t = adjustPrecisionScale(p1-s1+s2+s, s)
		default: // Mod
			s := max(s1, s2)
			t = adjustPrecisionScale(min(p1-s1, p2-s2)+s, s)
		}
	}
	return t.WithNullable(l, r)
}

// CommonType is the type Flink gives to the branches of CASE, COALESCE, IF
// and the operands of IN and BETWEEN (LogicalTypeMerging.findCommonType):
// strings of one CHAR length stay CHAR, otherwise VARCHAR of the longest;
// integers widen; an integer with a DECIMAL keeps both's integer digits
// and the larger scale; any DOUBLE, or FLOAT with DECIMAL, makes DOUBLE. NULL literals adopt the
// others' type. The result is nullable if any input is.
func CommonType(ts []types.Type) (types.Type, error) {
	var acc types.Type
	first := true
	notNull := true
	for _, t := range ts {
		notNull = notNull && t.NotNull
		if t.Kind == types.KindNull {
			continue
		}
		if first {
			acc, first = t, false
			continue
		}
		m, ok := merge2(acc, t)
		if !ok {
			return types.Type{}, fmt.Errorf("Cannot find a common type for %s and %s", acc.Nullable(), t.Nullable())
		}
		acc = m
	}
	acc.NotNull = notNull
	return acc, nil
}

func merge2(a, b types.Type) (types.Type, bool) {
	switch {
	case a.Kind == b.Kind && a.Nested == nil && a.Kind != types.KindChar && a.Kind != types.KindVarchar &&
		a.Kind != types.KindDecimal && !a.IsTimestamp() && a.Kind != types.KindTime:
		return a, true
	case a.IsString() && b.IsString():
		if a.Kind == types.KindChar && b.Kind == types.KindChar && a.Length == b.Length {
			return a, true
		}
		return types.Varchar(max(a.Length, b.Length)), true
	case a.IsNumeric() && b.IsNumeric():
		switch {
		case a.Kind == types.KindDouble || b.Kind == types.KindDouble,
			a.Kind == types.KindFloat && b.Kind == types.KindDecimal,
			a.Kind == types.KindDecimal && b.Kind == types.KindFloat:
			return types.Double, true
		case a.Kind == types.KindFloat || b.Kind == types.KindFloat:
			return types.Float, true
		case a.IsInteger() && b.IsInteger():
			return types.Type{Kind: max(a.Kind, b.Kind)}, true
		}
		x, y := asDecimalType(a), asDecimalType(b)
		s := max(x.Scale, y.Scale)
		return adjustPrecisionScale(max(x.Precision-x.Scale, y.Precision-y.Scale)+s, s), true
	case a.Kind == b.Kind && (a.IsTimestamp() || a.Kind == types.KindTime):
		return types.Type{Kind: a.Kind, Precision: max(a.Precision, b.Precision)}, true
	case a.IsTimestamp() && b.IsTimestamp():
		return types.TimestampLTZType(max(a.Precision, b.Precision)), true
	case a.Kind == types.KindDate && b.IsTimestamp(), b.Kind == types.KindDate && a.IsTimestamp():
		return types.TimestampType(max(a.Precision, b.Precision)), true
	case a.Nested != nil && a.Equal(b.NotNullable()) || a.Nested != nil && a.Nullable().Equal(b.Nullable()):
		return a, true
	}
	return types.Type{}, false
}

// coerce wraps e in a cast to t unless it already has t's kind and
// parameters (nullability aside).
func coerce(e Expr, t types.Type) Expr {
	et := e.Type()
	t.NotNull = et.NotNull
	if et.Equal(t) {
		return e
	}
	return &Cast{X: e, To: t, from: et, explicit: true, zone: time.UTC}
}
