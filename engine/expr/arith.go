package expr

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
)

// ArithOp is a binary arithmetic operator.
type ArithOp byte

// Arithmetic operators.
const (
	Plus ArithOp = iota
	Minus
	Times
	Divide
	Mod
)

func (op ArithOp) String() string { return [...]string{"+", "-", "*", "/", "%"}[op] }

// ErrDivisionByZero is the ArithmeticException Flink's generated code
// throws for an integer x / 0 or x % 0 (Java's message).
var ErrDivisionByZero = errors.New("/ by zero")

// ErrDecimalDivisionByZero is BigDecimal's for a DECIMAL x / 0 or x % 0.
var ErrDecimalDivisionByZero = errors.New("Division by zero")

// Arithmetic is l op r on numbers, with Flink's result type (see
// arithmeticType): integers wrap around on overflow as Java's do, a
// DECIMAL result that does not fit its type is NULL, DOUBLE follows IEEE.
type Arithmetic struct {
	Op   ArithOp
	L, R Expr
	t    types.Type
}

// NewArithmetic returns l op r, or Flink's validation error when an
// operand is not a number (temporal operands: see NewTemporalArithmetic).
func NewArithmetic(op ArithOp, l, r Expr) (Expr, error) {
	lt, rt := l.Type(), r.Type()
	if isTemporalOrInterval(lt) || isTemporalOrInterval(rt) {
		return NewTemporalArithmetic(op, l, r)
	}
	if !numericOrNull(lt) || !numericOrNull(rt) {
		return nil, fmt.Errorf("Cannot apply '%s' to arguments of type '<%s> %s <%s>'. Supported form(s): '<NUMERIC> %s <NUMERIC>'",
			op, calciteName(lt), op, calciteName(rt), op)
	}
	if lt.Kind == types.KindNull {
		lt = rt
	}
	if rt.Kind == types.KindNull {
		rt = lt
	}
	return &Arithmetic{Op: op, L: l, R: r, t: arithmeticType(op, lt, rt).WithNullable(l.Type(), r.Type())}, nil
}

func numericOrNull(t types.Type) bool { return t.IsNumeric() || t.Kind == types.KindNull }

func (a *Arithmetic) Type() types.Type { return a.t }
func (a *Arithmetic) String() string   { return render(a) }

func (a *Arithmetic) write(b *strings.Builder) {
	p := a.Op.precedence()
	writeOperand(b, a.L, p, false)
	b.WriteByte(' ')
	b.WriteString(a.Op.String())
	b.WriteByte(' ')
	writeOperand(b, a.R, p, true)
}

func (op ArithOp) precedence() int {
	if op == Plus || op == Minus {
		return 1
	}
	return 2
}

// writeOperand renders an operand of an operator of precedence p,
// parenthesised when it binds more loosely (or equally, on the right:
// a - (b - c)), so that the text reads as it evaluates.
func writeOperand(b *strings.Builder, e Expr, p int, right bool) {
	q := 3
	switch x := e.(type) {
	case *Arithmetic:
		q = x.Op.precedence()
	case *TemporalArithmetic:
		q = x.Op.precedence()
	case *Compare, *And, *Or, *Like, *DistinctFrom:
		q = 0
	}
	if q < p || q == p && right {
		b.WriteByte('(')
		write(b, e)
		b.WriteByte(')')
		return
	}
	write(b, e)
}

// writeInfix renders "l op r" for a comparison-level operator.
func writeInfix(b *strings.Builder, l Expr, op string, r Expr) {
	writeOperand(b, l, 1, false)
	b.WriteByte(' ')
	b.WriteString(op)
	b.WriteByte(' ')
	writeOperand(b, r, 1, true)
}

func (a *Arithmetic) Eval(row []types.Value) (types.Value, error) {
	l, r, err := eval2(a.L, a.R, row)
	if err != nil || l.IsNull() || r.IsNull() {
		return types.Null, err
	}
	switch {
	case a.t.IsInteger():
		return intArith(a.Op, l.Int(), r.Int(), a.t.Kind)
	case a.t.Kind == types.KindDouble || a.t.Kind == types.KindFloat:
		return types.FloatValue(a.t.Kind, floatArith(a.Op, l.AsFloat(), r.AsFloat())), nil
	}
	return decimalArith(a.Op, asDecimal(l), asDecimal(r), a.t)
}

func intArith(op ArithOp, x, y int64, k types.Kind) (types.Value, error) {
	var z int64
	switch op {
	case Plus:
		z = x + y
	case Minus:
		z = x - y
	case Times:
		z = x * y
	case Divide, Mod:
		if y == 0 {
			return types.Null, ErrDivisionByZero
		}
		if y == -1 {
			// Java: MIN / -1 == MIN, MIN % -1 == 0 (Go panics on the former).
			if op == Mod {
				return types.IntValue(k, 0), nil
			}
			z = -x
		} else if op == Divide {
			z = x / y
		} else {
			z = x % y
		}
	}
	return types.IntValue(k, narrow(z, k)), nil
}

func floatArith(op ArithOp, x, y float64) float64 {
	switch op {
	case Plus:
		return x + y
	case Minus:
		return x - y
	case Times:
		return x * y
	case Divide:
		return x / y
	}
	return math.Mod(x, y) // Java's % on doubles truncates like fmod
}

func asDecimal(v types.Value) types.Decimal {
	if v.Kind() == types.KindDecimal {
		return v.Decimal()
	}
	return types.DecimalFromInt(v.Int())
}

// decimalArith computes exactly, then rounds HALF_UP to the result type;
// NULL when it does not fit (Flink's DecimalData.fromBigDecimal).
func decimalArith(op ArithOp, x, y types.Decimal, t types.Type) (types.Value, error) {
	if v, ok := smallDecimalArith(op, x, y, t); ok {
		return v, nil
	}
	s := max(x.Scale(), y.Scale())
	xu, yu := x.Rescale(s).Unscaled(), y.Rescale(s).Unscaled()
	var r types.Decimal
	switch op {
	case Plus:
		r = types.NewDecimalBig(xu.Add(xu, yu), s)
	case Minus:
		r = types.NewDecimalBig(xu.Sub(xu, yu), s)
	case Times:
		r = types.NewDecimalBig(x.Unscaled().Mul(x.Unscaled(), y.Unscaled()), x.Scale()+y.Scale())
	case Divide:
		if yu.Sign() == 0 {
			return types.Null, ErrDecimalDivisionByZero
		}
		// x/y at scale t.Scale+1, then HALF_UP to t.Scale.
		num := xu.Mul(xu, pow10(t.Scale+1))
		r = types.NewDecimalBig(num.Quo(num, yu), t.Scale+1)
	case Mod:
		if yu.Sign() == 0 {
			return types.Null, ErrDecimalDivisionByZero
		}
		r = types.NewDecimalBig(new(big.Int).Rem(xu, yu), s)
	}
	out, ok := r.ToType(t.Precision, t.Scale)
	if !ok {
		return types.Null, nil
	}
	return types.DecimalValue(out), nil
}

// Negate is -x.
type Negate struct{ X Expr }

// NewNegate returns -x for a number or an interval.
func NewNegate(x Expr) (Expr, error) {
	t := x.Type()
	if !t.IsNumeric() && t.Kind != types.KindIntervalDayTime && t.Kind != types.KindIntervalYearMonth {
		return nil, fmt.Errorf("Cannot apply '-' to arguments of type '-<%s>'. Supported form(s): '-<NUMERIC>'", calciteName(t))
	}
	return &Negate{X: x}, nil
}

func (n *Negate) Type() types.Type { return n.X.Type() }
func (n *Negate) String() string   { return render(n) }

func (n *Negate) write(b *strings.Builder) {
	b.WriteString("-(")
	write(b, n.X)
	b.WriteByte(')')
}

func (n *Negate) Eval(row []types.Value) (types.Value, error) {
	v, err := n.X.Eval(row)
	if err != nil || v.IsNull() {
		return v, err
	}
	switch v.Kind() {
	case types.KindFloat, types.KindDouble:
		return types.FloatValue(v.Kind(), -v.Float()), nil
	case types.KindDecimal:
		u := v.Decimal().Unscaled()
		return types.DecimalValue(types.NewDecimalBig(u.Neg(u), v.Decimal().Scale())), nil
	case types.KindIntervalDayTime:
		return types.IntervalDayTimeValue(-v.Int()), nil
	case types.KindIntervalYearMonth:
		return types.IntervalYearMonthValue(-v.Int()), nil
	}
	return types.IntValue(v.Kind(), narrow(-v.Int(), v.Kind())), nil
}

var pow10s = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

// smallDecimalArith is decimalArith for + - * on int64 unscaled values,
// when no step overflows and no rounding is needed; ok is false otherwise
// and the caller takes the exact big.Int path.
func smallDecimalArith(op ArithOp, x, y types.Decimal, t types.Type) (types.Value, bool) {
	a, okA := x.Small()
	b, okB := y.Small()
	if !okA || !okB || t.Precision > 18 {
		return types.Null, false
	}
	var r int64
	var scale int
	switch op {
	case Plus, Minus:
		scale = max(x.Scale(), y.Scale())
		var ok1, ok2 bool
		a, ok1 = mulNoOverflow(a, pow10s[min(scale-x.Scale(), 18)])
		b, ok2 = mulNoOverflow(b, pow10s[min(scale-y.Scale(), 18)])
		if !ok1 || !ok2 {
			return types.Null, false
		}
		if op == Minus {
			b = -b
		}
		r = a + b
		if (a > 0 && b > 0 && r < 0) || (a < 0 && b < 0 && r >= 0) {
			return types.Null, false
		}
	case Times:
		var ok bool
		if r, ok = mulNoOverflow(a, b); !ok {
			return types.Null, false
		}
		scale = x.Scale() + y.Scale()
	default:
		return types.Null, false
	}
	if scale != t.Scale {
		return types.Null, false
	}
	if r >= pow10s[t.Precision] || r <= -pow10s[t.Precision] {
		return types.Null, true // does not fit the result type: NULL
	}
	return types.DecimalValue(types.NewDecimal(r, scale)), true
}

func mulNoOverflow(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	r := a * b
	if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return r, true
}
