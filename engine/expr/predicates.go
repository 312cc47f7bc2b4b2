package expr

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
)

// NewComparison returns l op r after Flink's implicit conversions: numbers
// compare with numbers, strings with strings; a string compared with a
// DATE, TIME or timestamp is cast to that type first (so '…12.898999'
// compared with a TIMESTAMP(3) is truncated to milliseconds), and a DATE
// with a timestamp becomes a timestamp. Other pairs fail as in Flink.
func NewComparison(op CompareOp, l, r Expr) (Expr, error) {
	l, r, err := comparable(l, r)
	if err != nil {
		return nil, err
	}
	return &Compare{Op: op, L: l, R: r}, nil
}

// comparable coerces l and r to types that compare, or fails.
func comparable(l, r Expr) (Expr, Expr, error) {
	lt, rt := l.Type(), r.Type()
	switch {
	case lt.Kind == types.KindNull || rt.Kind == types.KindNull:
		return l, r, nil
	case lt.IsNumeric() && rt.IsNumeric(), lt.IsString() && rt.IsString(),
		isBinary(lt.Kind) && isBinary(rt.Kind), lt.Kind == rt.Kind && lt.Nested == nil:
		return l, r, nil
	case lt.IsString() && isTemporal(rt):
		return coerce(l, rt), r, nil
	case rt.IsString() && isTemporal(lt):
		return l, coerce(r, lt), nil
	case isTemporal(lt) && isTemporal(rt) && lt.Kind != types.KindTime && rt.Kind != types.KindTime:
		t, err := CommonType([]types.Type{lt, rt})
		if err != nil {
			return nil, nil, err
		}
		return coerce(l, t), coerce(r, t), nil
	case lt.Nested != nil && CanCast(lt, rt) && lt.Kind == rt.Kind:
		return l, r, nil
	}
	return nil, nil, fmt.Errorf("implicit type conversion between %s and %s is not supported now", rootName(lt), rootName(rt))
}

func isTemporal(t types.Type) bool {
	return t.Kind == types.KindDate || t.Kind == types.KindTime || t.IsTimestamp()
}

// rootName is the type's name without parameters, as Flink's messages use it.
func rootName(t types.Type) string {
	s := calciteName(t)
	if i := strings.IndexAny(s, "(<"); i >= 0 {
		s = s[:i]
	}
	return s
}

// DistinctFrom is `l IS [NOT] DISTINCT FROM r`: equality where NULL equals
// NULL; never NULL itself.
type DistinctFrom struct {
	L, R   Expr
	Negate bool // IS NOT DISTINCT FROM
}

// NewDistinctFrom returns l IS DISTINCT FROM r, or IS NOT DISTINCT FROM when negate.
func NewDistinctFrom(l, r Expr, negate bool) (Expr, error) {
	l, r, err := comparable(l, r)
	if err != nil {
		return nil, err
	}
	return &DistinctFrom{L: l, R: r, Negate: negate}, nil
}

func (d *DistinctFrom) Type() types.Type { return types.Boolean.NotNullable() }
func (d *DistinctFrom) String() string   { return render(d) }

func (d *DistinctFrom) write(b *strings.Builder) {
	write(b, d.L)
	if d.Negate {
		b.WriteString(" IS NOT DISTINCT FROM ")
	} else {
		b.WriteString(" IS DISTINCT FROM ")
	}
	write(b, d.R)
}

func (d *DistinctFrom) Eval(row []types.Value) (types.Value, error) {
	l, r, err := eval2(d.L, d.R, row)
	if err != nil {
		return types.Null, err
	}
	var same bool
	switch {
	case l.IsNull() || r.IsNull():
		same = l.IsNull() && r.IsNull()
	default:
		c, ok := types.Compare(l, r)
		same = ok && c == 0
	}
	return types.BoolValue(same == d.Negate), nil
}

// NewBetween returns x [NOT] BETWEEN [SYMMETRIC] lo AND hi as Calcite
// expands it: x >= lo AND x <= hi (SYMMETRIC also accepts hi ≤ x ≤ lo).
func NewBetween(x, lo, hi Expr, negate, symmetric bool) (Expr, error) {
	ge, err := NewComparison(Ge, x, lo)
	if err != nil {
		return nil, err
	}
	le, err := NewComparison(Le, x, hi)
	if err != nil {
		return nil, err
	}
	var e Expr = &And{Args: []Expr{ge, le}}
	if symmetric {
		ge2, _ := NewComparison(Ge, x, hi)
		le2, _ := NewComparison(Le, x, lo)
		e = &Or{Args: []Expr{e, &And{Args: []Expr{ge2, le2}}}}
	}
	if negate {
		e = &Not{X: e}
	}
	return e, nil
}

// NewIn returns x [NOT] IN (list…), each candidate type-checked against x.
func NewIn(x Expr, list []Expr, negate bool) (Expr, error) {
	for i, e := range list {
		a, b, err := comparable(x, e)
		if err != nil {
			return nil, err
		}
		if a != x {
			return nil, fmt.Errorf("IN: candidate %d (%s) needs a conversion of the value; cast it explicitly", i+1, e.Type())
		}
		list[i] = b
	}
	return &In{X: x, List: list, Negate: negate}, nil
}

// Like is `x [NOT] LIKE pattern [ESCAPE e]` or `x [NOT] SIMILAR TO pattern`:
// the whole string must match, case-sensitively.
type Like struct {
	X, Pattern, Escape Expr
	Similar, Negate    bool
	// re is the compiled pattern when Pattern and Escape are constants.
	re *regexp.Regexp
}

// NewLike returns x LIKE pattern (SIMILAR TO when similar); escape may be nil.
func NewLike(x, pattern, escape Expr, similar, negate bool) (Expr, error) {
	for _, e := range []Expr{x, pattern, escape} {
		if e != nil && !e.Type().IsString() && e.Type().Kind != types.KindNull {
			return nil, fmt.Errorf("Cannot apply 'LIKE' to arguments of type %s: strings only", e.Type())
		}
	}
	l := &Like{X: x, Pattern: pattern, Escape: escape, Similar: similar, Negate: negate}
	if p, ok := constString(pattern); ok {
		esc, escOK := "", true
		if escape != nil {
			esc, escOK = constString(escape)
		}
		if escOK {
			re, err := l.compile(p, esc)
			if err != nil {
				return nil, err
			}
			l.re = re
		}
	}
	return l, nil
}

// constString is the value of a non-NULL string literal.
func constString(e Expr) (string, bool) {
	lit, ok := e.(*Literal)
	if !ok || lit.V.IsNull() {
		return "", false
	}
	return lit.V.Str(), true
}

func (l *Like) compile(p, esc string) (*regexp.Regexp, error) {
	if len([]rune(esc)) > 1 {
		return nil, fmt.Errorf("Invalid escape character '%s'", esc)
	}
	var src string
	var err error
	if l.Similar {
		src, err = similarToRegexp(p, esc)
	} else {
		src, err = likeToRegexp(p, esc)
	}
	if err != nil {
		return nil, err
	}
	return regexp.Compile(src)
}

// likeToRegexp translates a LIKE pattern: % any run, _ one character, the
// escape character makes the next one literal (only %, _ or itself).
func likeToRegexp(p, esc string) (string, error) {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case esc != "" && string(c) == esc:
			if i+1 >= len(rs) || (rs[i+1] != '%' && rs[i+1] != '_' && string(rs[i+1]) != esc) {
				return "", fmt.Errorf("Invalid escape sequence '%s', %d", p, i)
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case c == '%':
			b.WriteString(`.*`)
		case c == '_':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`)$`)
	return b.String(), nil
}

// similarToRegexp translates SIMILAR TO's SQL regular expression: % and _
// as in LIKE, | * + ? {m,n} ( ) [ ] as in POSIX, everything else literal.
func similarToRegexp(p, esc string) (string, error) {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	rs := []rune(p)
	inClass := false
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case esc != "" && string(c) == esc:
			if i+1 >= len(rs) {
				return "", fmt.Errorf("Invalid escape sequence '%s', %d", p, i)
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case inClass:
			if c == ']' {
				inClass = false
			}
			b.WriteRune(c)
		case c == '[':
			inClass = true
			b.WriteRune(c)
		case c == '%':
			b.WriteString(`.*`)
		case c == '_':
			b.WriteString(`.`)
		case strings.ContainsRune("|*+?{}()", c):
			b.WriteRune(c)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`)$`)
	return b.String(), nil
}

func (l *Like) Type() types.Type {
	ts := []types.Type{l.X.Type(), l.Pattern.Type()}
	if l.Escape != nil {
		ts = append(ts, l.Escape.Type())
	}
	return types.Boolean.WithNullable(ts...)
}

func (l *Like) String() string { return render(l) }

func (l *Like) write(b *strings.Builder) {
	write(b, l.X)
	if l.Negate {
		b.WriteString(" NOT")
	}
	if l.Similar {
		b.WriteString(" SIMILAR TO ")
	} else {
		b.WriteString(" LIKE ")
	}
	write(b, l.Pattern)
	if l.Escape != nil {
		b.WriteString(" ESCAPE ")
		write(b, l.Escape)
	}
}

func (l *Like) Eval(row []types.Value) (types.Value, error) {
	x, p, err := eval2(l.X, l.Pattern, row)
	if err != nil || x.IsNull() || p.IsNull() {
		return types.Null, err
	}
	re := l.re
	if re == nil {
		esc := ""
		if l.Escape != nil {
			e, err := l.Escape.Eval(row)
			if err != nil || e.IsNull() {
				return types.Null, err
			}
			esc = e.Str()
		}
		if re, err = l.compile(p.Str(), esc); err != nil {
			return types.Null, err
		}
	}
	return types.BoolValue(re.MatchString(x.Str()) != l.Negate), nil
}
