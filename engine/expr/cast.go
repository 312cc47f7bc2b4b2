package expr

import (
	"github.com/sluice-sql/sluice/engine/types"
)

// Cast converts a value to a wider type of the same family: what Flink's
// implicit casts on INSERT do (INT → BIGINT, BIGINT → DECIMAL, DECIMAL(10,2) →
// DECIMAL(12,4), FLOAT → DOUBLE, CHAR → VARCHAR). A DECIMAL that no longer
// fits becomes NULL, as in Flink.
type Cast struct {
	X  Expr
	To types.Type
}

func (c *Cast) Type() types.Type { return c.To }
func (c *Cast) String() string   { return render(c) }

func (c *Cast) Eval(row []types.Value) types.Value {
	return CastValue(c.X.Eval(row), c.To)
}

// CastValue converts v to type to (see Cast).
func CastValue(v types.Value, to types.Type) types.Value {
	if v.IsNull() {
		return v
	}
	from := v.Kind()
	fromInt := types.Type{Kind: from}.IsInteger()
	switch {
	case to.IsInteger() && fromInt:
		return types.IntValue(to.Kind, v.Int())
	case to.Kind == types.KindDouble || to.Kind == types.KindFloat:
		switch {
		case fromInt:
			return types.FloatValue(to.Kind, float64(v.Int()))
		case from == types.KindDecimal:
			return types.FloatValue(to.Kind, v.Decimal().Float())
		default:
			return types.FloatValue(to.Kind, v.Float())
		}
	case to.Kind == types.KindDecimal:
		var d types.Decimal
		switch {
		case fromInt:
			d = types.DecimalFromInt(v.Int())
		case from == types.KindDecimal:
			d = v.Decimal()
		default:
			var err error
			if d, err = types.DecimalFromFloat(v.Float(), to.Scale); err != nil {
				return types.Null
			}
		}
		r, ok := d.ToType(to.Precision, to.Scale)
		if !ok {
			return types.Null
		}
		return types.DecimalValue(r)
	case to.IsString() && (from == types.KindChar || from == types.KindVarchar):
		return types.StringValue(v.Str())
	}
	return v
}
