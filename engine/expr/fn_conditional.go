package expr

import (
	"github.com/sluice-sql/sluice/engine/types"
)

// registerConditionalFunctions adds the conditional forms written as
// function calls, so that a front end can resolve every call by name.
func registerConditionalFunctions(f *Functions) {
	f.define(func(_ *Functions, args []Expr) (Expr, error) { return NewCoalesce(args) }, "COALESCE")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("IFNULL", args, 2); err != nil {
			return nil, err
		}
		return NewCoalesce(args)
	}, "IFNULL")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("NULLIF", args, 2); err != nil {
			return nil, err
		}
		return NewNullIf(args[0], args[1])
	}, "NULLIF")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("IF", args, 3); err != nil {
			return nil, err
		}
		return NewIf(args[0], args[1], args[2])
	}, "IF")
	f.define(extremum("GREATEST", 1), "GREATEST")
	f.define(extremum("LEAST", -1), "LEAST")
}

// extremum builds GREATEST (sign 1) or LEAST (sign -1): NULL if any
// argument is NULL, else the largest (smallest) at the common type.
func extremum(name string, sign int) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if len(args) == 0 {
			return nil, arity(name, args, 1)
		}
		t, err := CommonType(argTypes(args))
		if err != nil {
			return nil, signatureError(name, args, "<COMPARABLE_TYPE>, ...")
		}
		eval := coerceAll(args, t)
		return newCall(name, args, eval, t, nullOnNull(func(v []types.Value) (types.Value, error) {
			best := v[0]
			for _, x := range v[1:] {
				if c, ok := types.Compare(x, best); ok && c*sign > 0 {
					best = x
				}
			}
			return best, nil
		})), nil
	}
}
