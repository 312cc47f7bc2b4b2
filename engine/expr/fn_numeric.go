package expr

import (
	"math"
	"math/big"

	"github.com/sluice-sql/sluice/engine/types"
)

func registerNumericFunctions(f *Functions) {
	f.define(sameTypeNumeric("ABS", func(v types.Value) types.Value {
		switch v.Kind() {
		case types.KindFloat, types.KindDouble:
			return types.FloatValue(v.Kind(), math.Abs(v.Float()))
		case types.KindDecimal:
			u := v.Decimal().Unscaled()
			return types.DecimalValue(types.NewDecimalBig(u.Abs(u), v.Decimal().Scale()))
		}
		if v.Int() < 0 {
			return types.IntValue(v.Kind(), narrow(-v.Int(), v.Kind()))
		}
		return v
	}), "ABS")
	f.define(sameTypeNumeric("SIGN", func(v types.Value) types.Value {
		switch v.Kind() {
		case types.KindFloat, types.KindDouble:
			s := 0.0
			if v.Float() > 0 {
				s = 1
			} else if v.Float() < 0 {
				s = -1
			}
			return types.FloatValue(v.Kind(), s)
		case types.KindDecimal:
			d := v.Decimal()
			return types.DecimalValue(types.NewDecimal(int64(d.Sign()), 0).Rescale(d.Scale()))
		}
		s := int64(0)
		if v.Int() > 0 {
			s = 1
		} else if v.Int() < 0 {
			s = -1
		}
		return types.IntValue(v.Kind(), s)
	}), "SIGN")
	f.define(roundBuilder("ROUND", roundHalfUp), "ROUND")
	f.define(roundBuilder("TRUNCATE", roundDown), "TRUNCATE")
	f.define(floorCeil("FLOOR", math.Floor, -1), "FLOOR")
	f.define(floorCeil("CEIL", math.Ceil, 1), "CEIL", "CEILING")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("MOD", args, 2); err != nil {
			return nil, err
		}
		if err := wantKinds("MOD", args, "<EXACT_NUMERIC>, <EXACT_NUMERIC>", isExact); err != nil {
			return nil, err
		}
		a, err := NewArithmetic(Mod, args[0], args[1])
		if err != nil {
			return nil, err
		}
		return newCall("MOD", args, []Expr{a}, a.Type(), func(v []types.Value) (types.Value, error) { return v[0], nil }), nil
	}, "MOD")
	f.define(doubleFn("POWER", 2, func(x []float64) float64 { return math.Pow(x[0], x[1]) }), "POWER")
	f.define(doubleFn("SQRT", 1, func(x []float64) float64 { return math.Sqrt(x[0]) }), "SQRT")
	f.define(doubleFn("EXP", 1, func(x []float64) float64 { return math.Exp(x[0]) }), "EXP")
	f.define(doubleFn("LN", 1, func(x []float64) float64 { return math.Log(x[0]) }), "LN")
	f.define(doubleFn("LOG10", 1, func(x []float64) float64 { return math.Log10(x[0]) }), "LOG10")
	f.define(doubleFn("LOG2", 1, func(x []float64) float64 { return math.Log2(x[0]) }), "LOG2")
	f.define(func(e *Functions, args []Expr) (Expr, error) {
		if len(args) == 1 {
			return doubleFn("LOG", 1, func(x []float64) float64 { return math.Log(x[0]) })(e, args)
		}
		return doubleFn("LOG", 2, func(x []float64) float64 { return math.Log(x[1]) / math.Log(x[0]) })(e, args)
	}, "LOG")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("PI", args, 0); err != nil {
			return nil, err
		}
		return newCall("PI", args, args, types.Double.NotNullable(), func([]types.Value) (types.Value, error) {
			return types.DoubleValue(math.Pi), nil
		}), nil
	}, "PI")
}

func isExact(t types.Type) bool { return t.IsInteger() || t.Kind == types.KindDecimal }

func sameTypeNumeric(name string, fn func(types.Value) types.Value) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 1); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<NUMERIC>", isNum); err != nil {
			return nil, err
		}
		return strict(name, args, args[0].Type(), func(v []types.Value) (types.Value, error) { return fn(v[0]), nil }), nil
	}
}

// doubleFn builds a function of n numbers computed in DOUBLE.
func doubleFn(name string, n int, fn func([]float64) float64) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, n); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<NUMERIC>", isNum); err != nil {
			return nil, err
		}
		return strict(name, args, types.Double.NotNullable(), func(v []types.Value) (types.Value, error) {
			var buf [2]float64
			x := buf[:len(v)]
			for i, a := range v {
				x[i] = a.AsFloat()
			}
			return types.DoubleValue(fn(x)), nil
		}), nil
	}
}

// roundType is Flink's result type of ROUND/TRUNCATE(DECIMAL(p, s), r)
// (LogicalTypeMerging.findRoundDecimalType).
func roundType(t types.Type, r int) types.Type {
	if t.Kind != types.KindDecimal || r >= t.Scale {
		return t
	}
	if r < 0 {
		return types.DecimalType(min(types.MaxDecimalPrecision, 1+t.Precision-t.Scale), 0).WithNullable(t)
	}
	return types.DecimalType(t.Precision-t.Scale+r+1, r).WithNullable(t)
}

type rounder func(u *big.Int, div *big.Int) *big.Int

func roundHalfUp(u, div *big.Int) *big.Int {
	q, rem := new(big.Int).QuoRem(u, div, new(big.Int))
	if rem.Abs(rem).Mul(rem, big.NewInt(2)).Cmp(div) >= 0 {
		if u.Sign() < 0 {
			return q.Sub(q, big.NewInt(1))
		}
		return q.Add(q, big.NewInt(1))
	}
	return q
}

func roundDown(u, div *big.Int) *big.Int { return new(big.Int).Quo(u, div) }

// roundDecimal rounds d to r digits after the point (r may be negative)
// and returns it with scale max(r, 0).
func roundDecimal(d types.Decimal, r int, how rounder) types.Decimal {
	if r >= d.Scale() {
		return d.Rescale(r)
	}
	q := how(d.Unscaled(), pow10(d.Scale()-r))
	if r < 0 {
		return types.NewDecimalBig(q.Mul(q, pow10(-r)), 0)
	}
	return types.NewDecimalBig(q, r)
}

func roundBuilder(name string, how rounder) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 1, 2); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<NUMERIC>, <INTEGER>", isNum, isIntType); err != nil {
			return nil, err
		}
		r := 0
		if len(args) == 2 {
			lit, ok := args[1].(*Literal)
			if !ok || lit.V.IsNull() {
				return nil, signatureError(name, args, "<NUMERIC>, <INTEGER literal>")
			}
			r = int(lit.V.Int())
		}
		t := roundType(args[0].Type(), r)
		return strict(name, args, t, func(v []types.Value) (types.Value, error) {
			x := v[0]
			switch x.Kind() {
			case types.KindFloat, types.KindDouble:
				if math.IsNaN(x.Float()) || math.IsInf(x.Float(), 0) {
					return x, nil
				}
				d, err := types.DecimalFromFloat(x.Float(), 17)
				if err != nil {
					return types.Null, err
				}
				return types.FloatValue(x.Kind(), roundDecimal(d, r, how).Float()), nil
			case types.KindDecimal:
				out, ok := roundDecimal(x.Decimal(), r, how).ToType(t.Precision, t.Scale)
				if !ok {
					return types.Null, nil
				}
				return types.DecimalValue(out), nil
			}
			d := roundDecimal(types.DecimalFromInt(x.Int()), r, how)
			return types.IntValue(x.Kind(), narrow(d.Unscaled().Int64(), x.Kind())), nil
		}), nil
	}
}

// floorCeil builds FLOOR/CEIL on numbers: DECIMAL(p, s) becomes
// DECIMAL(p - s + 1, 0) (for s > 0), DOUBLE stays DOUBLE.
func floorCeil(name string, f func(float64) float64, dir int) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 1); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<NUMERIC>", isNum); err != nil {
			return nil, err
		}
		t := roundType(args[0].Type(), 0)
		return strict(name, args, t, func(v []types.Value) (types.Value, error) {
			x := v[0]
			switch x.Kind() {
			case types.KindFloat, types.KindDouble:
				return types.FloatValue(x.Kind(), f(x.Float())), nil
			case types.KindDecimal:
				d := x.Decimal()
				q := roundDown(d.Unscaled(), pow10(d.Scale()))
				exact := new(big.Int).Mul(q, pow10(d.Scale())).Cmp(d.Unscaled()) == 0
				if !exact && (dir < 0) == (d.Sign() < 0) {
					q.Add(q, big.NewInt(int64(dir)))
				}
				out, ok := types.NewDecimalBig(q, 0).ToType(t.Precision, t.Scale)
				if !ok {
					return types.Null, nil
				}
				return types.DecimalValue(out), nil
			}
			return x, nil
		}), nil
	}
}
