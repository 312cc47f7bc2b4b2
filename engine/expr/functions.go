package expr

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

// Builder type-checks a call's arguments and builds the call, as Flink's
// validator and code generator do for one function.
type Builder func(env *Functions, args []Expr) (Expr, error)

// Functions is a registry of scalar functions: Flink's built-ins (see
// NewFunctions) plus any user-defined ones registered with Register. It is
// a value the planner holds, not global state, so that two jobs in one
// process can have different functions and sessions.
type Functions struct {
	byName map[string]Builder
	// Zone is the session time zone ('table.local-time-zone'), used by
	// TIMESTAMP_LTZ conversions and the temporal functions.
	Zone *time.Location
	// Now is the clock of CURRENT_TIMESTAMP, NOW() and friends.
	Now func() time.Time
	// LegacyCast is 'table.exec.legacy-cast-behaviour' = ENABLED: a CAST
	// that cannot convert a value gives NULL instead of failing.
	LegacyCast bool
}

// NewFunctions returns a registry holding Flink 1.20's built-in scalar
// functions, evaluated in the session time zone zone (nil: UTC).
func NewFunctions(zone *time.Location) *Functions {
	if zone == nil {
		zone = time.UTC
	}
	f := &Functions{byName: map[string]Builder{}, Zone: zone, Now: time.Now}
	registerStringFunctions(f)
	registerNumericFunctions(f)
	registerTemporalFunctions(f)
	registerJSONFunctions(f)
	registerNestedFunctions(f)
	registerConditionalFunctions(f)
	return f
}

// define registers a built-in under one or more names.
func (f *Functions) define(b Builder, names ...string) {
	for _, n := range names {
		f.byName[n] = b
	}
}

// Names returns the registered function names, sorted.
func (f *Functions) Names() []string {
	out := make([]string, 0, len(f.byName))
	for n := range f.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Resolve builds a call of the named function (case-insensitive, as Flink
// resolves built-in and catalog functions) on args, or returns Flink's
// validation error: no such function, or arguments of the wrong types.
func (f *Functions) Resolve(name string, args []Expr) (Expr, error) {
	b, ok := f.byName[strings.ToUpper(name)]
	if !ok {
		return nil, fmt.Errorf("No match found for function signature %s(%s)", name, familyList(args))
	}
	return b(f, args)
}

// Cast is NewCastIn in the session time zone, with the session's cast
// behaviour (see LegacyCast).
func (f *Functions) Cast(e Expr, to types.Type, try bool) (Expr, error) {
	c, err := NewCastIn(e, to, try || f.LegacyCast, f.Zone)
	if err != nil || try || !f.LegacyCast {
		return c, err
	}
	// Legacy CAST keeps CAST's name and nullability in EXPLAIN and types
	// but converts failures to NULL.
	lc := c.(*Cast)
	lc.Try, lc.legacy = false, true
	lc.To.NotNull = e.Type().NotNull
	return lc, nil
}

// familyList renders argument types as Calcite's "No match found" message
// does: <NUMERIC>, <CHARACTER>, …
func familyList(args []Expr) string {
	parts := make([]string, len(args))
	for i, a := range args {
		t := a.Type()
		switch {
		case t.IsNumeric():
			parts[i] = "<NUMERIC>"
		case t.IsString():
			parts[i] = "<CHARACTER>"
		case isBinary(t.Kind):
			parts[i] = "<BINARY>"
		case t.Kind == types.KindBoolean:
			parts[i] = "<BOOLEAN>"
		case isTemporal(t):
			parts[i] = "<" + rootName(t) + ">"
		default:
			parts[i] = "<" + rootName(t) + ">"
		}
	}
	return strings.Join(parts, ", ")
}

// ScalarUDF is a user-defined scalar function written in Go: the Go
// counterpart of a Java ScalarFunction named by CREATE FUNCTION.
type ScalarUDF struct {
	// Name is how SQL calls it (matched case-insensitively).
	Name string
	// Params are the argument types; arguments are cast to them as Flink
	// casts implicitly (a narrower number widens, CHAR becomes VARCHAR).
	// With Variadic the last one repeats.
	Params   []types.Type
	Variadic bool
	// Result is the return type.
	Result types.Type
	// Eval computes the result. With NullOnNull unset it also sees NULL
	// arguments; with it set, any NULL argument gives NULL without a call.
	Eval       Impl
	NullOnNull bool
}

// Register adds a user-defined scalar function. A name already taken by a
// built-in or an earlier UDF is an error, as CREATE FUNCTION without
// IF NOT EXISTS is in Flink.
func (f *Functions) Register(u ScalarUDF) error {
	name := strings.ToUpper(u.Name)
	if name == "" || u.Eval == nil {
		return fmt.Errorf("register function %q: a name and an Eval are required", u.Name)
	}
	if _, dup := f.byName[name]; dup {
		return fmt.Errorf("Could not register function %s: a function of that name already exists", u.Name)
	}
	f.byName[name] = func(_ *Functions, args []Expr) (Expr, error) { return u.build(args) }
	return nil
}

func (u ScalarUDF) build(args []Expr) (Expr, error) {
	n := len(u.Params)
	if len(args) != n && !(u.Variadic && n > 0 && len(args) >= n-1) {
		return nil, fmt.Errorf("Invalid number of arguments to function '%s'. Was expecting %d arguments", u.Name, n)
	}
	eval := make([]Expr, len(args))
	for i, a := range args {
		p := u.Params[min(i, n-1)]
		if !canImplicitlyCast(a.Type(), p) {
			return nil, fmt.Errorf("Invalid function call:\n%s(%s): argument %d has type %s, the function takes %s",
				u.Name, typeList(args), i+1, a.Type(), p)
		}
		eval[i] = coerce(a, p)
	}
	res := u.Result
	fn := u.Eval
	if u.NullOnNull {
		fn = nullOnNull(fn)
		res = res.WithNullable(argTypes(args)...)
		res.NotNull = res.NotNull && u.Result.NotNull
	}
	return newCall(strings.ToUpper(u.Name), args, eval, res, fn), nil
}

// canImplicitlyCast is Flink's implicit cast (LogicalTypeCasts.supportsImplicitCast):
// within the numbers from narrower to wider, strings to strings, binaries
// to binaries, DATE to TIMESTAMP, TIMESTAMP to TIMESTAMP_LTZ and the same.
func canImplicitlyCast(from, to types.Type) bool {
	switch {
	case from.Kind == types.KindNull || from.Kind == to.Kind && from.Nested == nil:
		return true
	case from.IsNumeric() && to.IsNumeric():
		return numericRank(from) <= numericRank(to)
	case from.IsString() && to.IsString(), isBinary(from.Kind) && isBinary(to.Kind):
		return true
	case from.Kind == types.KindDate && to.IsTimestamp(), from.IsTimestamp() && to.IsTimestamp():
		return true
	}
	return from.Nested != nil && from.Nullable().Equal(to.Nullable())
}

func numericRank(t types.Type) int {
	switch t.Kind {
	case types.KindDecimal:
		return int(types.KindBigInt) + 1
	case types.KindFloat:
		return int(types.KindBigInt) + 2
	case types.KindDouble:
		return int(types.KindBigInt) + 3
	}
	return int(t.Kind)
}

func typeList(args []Expr) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.Type().String()
	}
	return strings.Join(parts, ", ")
}

// nullOnNull wraps fn so that a NULL argument gives NULL.
func nullOnNull(fn Impl) Impl {
	return func(vals []types.Value) (types.Value, error) {
		for _, v := range vals {
			if v.IsNull() {
				return types.Null, nil
			}
		}
		return fn(vals)
	}
}

// signatureError is Calcite's message for arguments of the wrong types.
func signatureError(name string, args []Expr, forms ...string) error {
	quoted := make([]string, len(forms))
	for i, f := range forms {
		quoted[i] = "'" + name + "(" + f + ")'"
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = "<" + calciteName(a.Type()) + ">"
	}
	return fmt.Errorf("Cannot apply '%s' to arguments of type '%s(%s)'. Supported form(s): %s",
		name, name, strings.Join(parts, ", "), strings.Join(quoted, "\n"))
}

// arity fails unless len(args) is one of counts.
func arity(name string, args []Expr, counts ...int) error {
	for _, c := range counts {
		if len(args) == c {
			return nil
		}
	}
	return fmt.Errorf("Invalid number of arguments to function '%s'. Was expecting %d arguments", name, counts[0])
}

// wantKinds checks that each argument satisfies its predicate (NULL
// literals always do), else gives the signature error with form.
func wantKinds(name string, args []Expr, form string, preds ...func(types.Type) bool) error {
	for i, a := range args {
		t := a.Type()
		if t.Kind == types.KindNull {
			continue
		}
		if !preds[min(i, len(preds)-1)](t) {
			return signatureError(name, args, form)
		}
	}
	return nil
}

func isStr(t types.Type) bool     { return t.IsString() }
func isNum(t types.Type) bool     { return t.IsNumeric() }
func isIntType(t types.Type) bool { return t.IsInteger() }
