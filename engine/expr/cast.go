package expr

import (
	"strings"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

// Cast converts a value to another type. Built with NewCast it is SQL's
// CAST or TRY_CAST with Flink 1.20's rules: a value that cannot be
// converted fails the job (CAST) or becomes NULL (TRY_CAST). Built as a
// literal &Cast{X, To} it is the planner's implicit widening on INSERT
// (INT → BIGINT, DECIMAL(10,2) → DECIMAL(12,4), CHAR → VARCHAR), where a
// DECIMAL that no longer fits becomes NULL, as in Flink.
type Cast struct {
	X  Expr
	To types.Type
	// Try is TRY_CAST.
	Try bool
	// from is the operand's type; explicit marks a NewCast.
	from     types.Type
	explicit bool
	// legacy turns failures into NULL (see Functions.LegacyCast).
	legacy bool
	zone   *time.Location
}

// NewCast returns CAST(e AS to), or TRY_CAST when try, in UTC (see
// NewCastIn). It fails, as Flink's validator does, when Flink cannot cast
// e's type to to at all.
func NewCast(e Expr, to types.Type, try bool) (Expr, error) { return NewCastIn(e, to, try, time.UTC) }

// NewCastIn is NewCast with the session time zone ('table.local-time-zone')
// used by casts from and to TIMESTAMP_LTZ.
func NewCastIn(e Expr, to types.Type, try bool, zone *time.Location) (Expr, error) {
	from := e.Type()
	if err := checkCast(from, to); err != nil {
		return nil, err
	}
	// The result is nullable when the operand is, and always for TRY_CAST.
	to.NotNull = from.NotNull && !try
	return &Cast{X: e, To: to, Try: try, from: from, explicit: true, zone: zone}, nil
}

func (c *Cast) Type() types.Type { return c.To }
func (c *Cast) String() string   { return render(c) }

func (c *Cast) Eval(row []types.Value) (types.Value, error) {
	v, err := c.X.Eval(row)
	if err != nil {
		return types.Null, err
	}
	if !c.explicit {
		return CastValue(v, c.To), nil
	}
	r, err := castExplicit(v, c.from, c.To, c.zone)
	if err != nil {
		if c.Try || c.legacy {
			return types.Null, nil
		}
		return types.Null, err
	}
	return r, nil
}

func (c *Cast) write(b *strings.Builder) {
	if c.Try {
		b.WriteString("TRY_CAST(")
	} else {
		b.WriteString("CAST(")
	}
	write(b, c.X)
	b.WriteString(" AS ")
	b.WriteString(c.To.Nullable().String())
	b.WriteByte(')')
}

// CastValue converts v to a wider type of the same family (see Cast).
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
