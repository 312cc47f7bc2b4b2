package expr

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sluice-sql/sluice/engine/types"
)

// strict builds a call that is NULL when any argument is NULL, typed t
// made nullable when any argument is.
func strict(name string, args []Expr, t types.Type, fn Impl) Expr {
	return newCall(name, args, args, t.WithNullable(argTypes(args)...), nullOnNull(fn))
}

// nullable builds a strict call whose result may be NULL even for non-NULL
// arguments (Flink types these functions nullable).
func nullable(name string, args []Expr, t types.Type, fn Impl) Expr {
	t.NotNull = false
	return newCall(name, args, args, t, nullOnNull(fn))
}

func str1(name string, args []Expr) error {
	if err := arity(name, args, 1); err != nil {
		return err
	}
	return wantKinds(name, args, "<CHARACTER>", isStr)
}

// sameStringType is the argument's string type (VARCHAR for a NULL literal).
func sameStringType(e Expr) types.Type {
	t := e.Type()
	if !t.IsString() {
		return types.String.WithNullable(t)
	}
	return t
}

func registerStringFunctions(f *Functions) {
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if len(args) == 0 {
			return nil, arity("CONCAT", args, 1)
		}
		if err := wantKinds("CONCAT", args, "<CHARACTER>, ...", isStr); err != nil {
			return nil, err
		}
		return strict("CONCAT", args, types.String.NotNullable(), func(v []types.Value) (types.Value, error) {
			var b strings.Builder
			for _, x := range v {
				b.WriteString(x.Str())
			}
			return types.StringValue(b.String()), nil
		}), nil
	}, "CONCAT")
	f.define(buildConcatWS, "CONCAT_WS")
	f.define(caseMapper("UPPER", strings.ToUpper), "UPPER")
	f.define(caseMapper("LOWER", strings.ToLower), "LOWER")
	f.define(caseMapper("INITCAP", initcap), "INITCAP")
	f.define(trimBuilder("TRIM", TrimBoth), "TRIM")
	f.define(trimBuilder("LTRIM", TrimLeading), "LTRIM")
	f.define(trimBuilder("RTRIM", TrimTrailing), "RTRIM")
	f.define(buildSubstring("SUBSTRING"), "SUBSTRING")
	f.define(buildSubstring("SUBSTR"), "SUBSTR")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("REPLACE", args, 3); err != nil {
			return nil, err
		}
		if err := wantKinds("REPLACE", args, "<CHARACTER>, <CHARACTER>, <CHARACTER>", isStr); err != nil {
			return nil, err
		}
		return strict("REPLACE", args, types.String.NotNullable(), func(v []types.Value) (types.Value, error) {
			return types.StringValue(strings.ReplaceAll(v[0].Str(), v[1].Str(), v[2].Str())), nil
		}), nil
	}, "REPLACE")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := str1("CHAR_LENGTH", args); err != nil {
			return nil, err
		}
		return strict("CHAR_LENGTH", args, types.Int.NotNullable(), func(v []types.Value) (types.Value, error) {
			return types.IntValue(types.KindInt, int64(utf8.RuneCountInString(v[0].Str()))), nil
		}), nil
	}, "CHAR_LENGTH", "CHARACTER_LENGTH")
	f.define(padBuilder("LPAD", true), "LPAD")
	f.define(padBuilder("RPAD", false), "RPAD")
	f.define(hashBuilder("MD5", 32, func(b []byte) []byte { s := md5.Sum(b); return s[:] }), "MD5")
	f.define(hashBuilder("SHA1", 40, func(b []byte) []byte { s := sha1.Sum(b); return s[:] }), "SHA1")
	f.define(hashBuilder("SHA256", 64, func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }), "SHA256")
	f.define(buildSplitIndex, "SPLIT_INDEX")
	f.define(buildRegexpExtract, "REGEXP_EXTRACT")
	f.define(buildRegexpReplace, "REGEXP_REPLACE")
	f.define(buildRegexp, "REGEXP")
	f.define(buildLocate("LOCATE"), "LOCATE")
	f.define(buildLocate("POSITION"), "POSITION")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := str1("REVERSE", args); err != nil {
			return nil, err
		}
		return nullable("REVERSE", args, types.String, func(v []types.Value) (types.Value, error) {
			r := []rune(v[0].Str())
			for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
				r[i], r[j] = r[j], r[i]
			}
			return types.StringValue(string(r)), nil
		}), nil
	}, "REVERSE")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("REPEAT", args, 2); err != nil {
			return nil, err
		}
		if err := wantKinds("REPEAT", args, "<CHARACTER>, <INTEGER>", isStr, isIntType); err != nil {
			return nil, err
		}
		return strict("REPEAT", args, types.String.NotNullable(), func(v []types.Value) (types.Value, error) {
			n := v[1].Int()
			if n <= 0 {
				return types.StringValue(""), nil
			}
			if int64(len(v[0].Str()))*n > 1<<30 {
				return types.Null, fmt.Errorf("REPEAT: result of %d × %d bytes is too large", len(v[0].Str()), n)
			}
			return types.StringValue(strings.Repeat(v[0].Str(), int(n))), nil
		}), nil
	}, "REPEAT")
	f.define(sideBuilder("LEFT", true), "LEFT")
	f.define(sideBuilder("RIGHT", false), "RIGHT")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := str1("ASCII", args); err != nil {
			return nil, err
		}
		return strict("ASCII", args, types.Int.NotNullable(), func(v []types.Value) (types.Value, error) {
			if v[0].Str() == "" {
				return types.IntValue(types.KindInt, 0), nil
			}
			return types.IntValue(types.KindInt, int64(int8(v[0].Str()[0]))), nil
		}), nil
	}, "ASCII")
	f.define(func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity("CHR", args, 1); err != nil {
			return nil, err
		}
		if err := wantKinds("CHR", args, "<INTEGER>", isIntType); err != nil {
			return nil, err
		}
		return nullable("CHR", args, types.String, func(v []types.Value) (types.Value, error) {
			n := v[0].Int()
			if n < 0 {
				return types.Null, nil
			}
			return types.StringValue(string(rune(n % 256))), nil
		}), nil
	}, "CHR")
}

func buildConcatWS(_ *Functions, args []Expr) (Expr, error) {
	if len(args) < 2 {
		return nil, arity("CONCAT_WS", args, 2)
	}
	if err := wantKinds("CONCAT_WS", args, "<CHARACTER>, <CHARACTER>, ...", isStr); err != nil {
		return nil, err
	}
	// NULL separator: NULL; NULL strings are skipped.
	return newCall("CONCAT_WS", args, args, types.String.WithNullable(argTypes(args)...), func(v []types.Value) (types.Value, error) {
		if v[0].IsNull() {
			return types.Null, nil
		}
		var b strings.Builder
		first := true
		for _, x := range v[1:] {
			if x.IsNull() {
				continue
			}
			if !first {
				b.WriteString(v[0].Str())
			}
			b.WriteString(x.Str())
			first = false
		}
		return types.StringValue(b.String()), nil
	}), nil
}

// caseMapper builds UPPER, LOWER, INITCAP: the argument's type, mapped.
func caseMapper(name string, m func(string) string) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := str1(name, args); err != nil {
			return nil, err
		}
		t := sameStringType(args[0])
		return strict(name, args, t, func(v []types.Value) (types.Value, error) {
			return withKind(t, m(v[0].Str())), nil
		}), nil
	}
}

// withKind is s as a value of string type t.
func withKind(t types.Type, s string) types.Value {
	if t.Kind == types.KindChar {
		return types.CharValue(s)
	}
	return types.StringValue(s)
}

// initcap upper-cases the first letter of each word and lower-cases the
// rest; words are runs of letters and digits.
func initcap(s string) string {
	var b strings.Builder
	start := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			start = false
			continue
		}
		b.WriteRune(r)
		start = true
	}
	return b.String()
}

// TrimMode says which side TRIM cuts.
type TrimMode byte

// Trim modes.
const (
	TrimBoth TrimMode = iota
	TrimLeading
	TrimTrailing
)

// NewTrim returns TRIM([BOTH|LEADING|TRAILING] [chars] FROM s): it removes
// any of the characters of chars (a space when chars is nil). The result is
// VARCHAR of s's length.
func NewTrim(mode TrimMode, chars, s Expr) (Expr, error) {
	name := [...]string{"TRIM", "LTRIM", "RTRIM"}[mode]
	args := []Expr{s}
	if chars != nil {
		args = []Expr{chars, s}
	}
	if err := wantKinds(name, args, "<CHARACTER>", isStr); err != nil {
		return nil, err
	}
	t := types.Varchar(sameStringType(s).Length)
	return strict(name, args, t, func(v []types.Value) (types.Value, error) {
		cut, x := " ", v[len(v)-1].Str()
		if len(v) == 2 {
			cut = v[0].Str()
		}
		switch mode {
		case TrimLeading:
			x = strings.TrimLeft(x, cut)
		case TrimTrailing:
			x = strings.TrimRight(x, cut)
		default:
			x = strings.Trim(x, cut)
		}
		return types.StringValue(x), nil
	}), nil
}

func trimBuilder(name string, mode TrimMode) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 1, 2); err != nil {
			return nil, err
		}
		if len(args) == 2 {
			// LTRIM(s, chars) / TRIM(s, chars) as Flink's function form.
			return NewTrim(mode, args[1], args[0])
		}
		return NewTrim(mode, nil, args[0])
	}
}

// buildSubstring is SUBSTRING(s, start [, length]) with Flink's rules:
// positions count from 1, 0 counts as 1, a negative start counts from the
// end, a start past the end gives ”, a negative length gives NULL.
func buildSubstring(name string) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 2, 3); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<CHARACTER>, <INTEGER>[, <INTEGER>]", isStr, isIntType); err != nil {
			return nil, err
		}
		t := types.Varchar(sameStringType(args[0]).Length)
		return nullable(name, args, t, func(v []types.Value) (types.Value, error) {
			r := []rune(v[0].Str())
			n := int64(len(r))
			start := v[1].Int()
			switch {
			case start < 0:
				start += n + 1
				if start < 1 {
					start = 1
				}
			case start == 0:
				start = 1
			}
			if start > n {
				return types.StringValue(""), nil
			}
			end := n
			if len(v) == 3 {
				if v[2].Int() < 0 {
					return types.Null, nil
				}
				end = min(n, start-1+v[2].Int())
			}
			return types.StringValue(string(r[start-1 : end])), nil
		}), nil
	}
}

// padBuilder is LPAD/RPAD(s, len, pad): cut to len when longer; NULL for a
// negative len or an empty pad (Flink returns NULL there too).
func padBuilder(name string, left bool) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 3); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<CHARACTER>, <INTEGER>, <CHARACTER>", isStr, isIntType, isStr); err != nil {
			return nil, err
		}
		return strict(name, args, types.String.NotNullable(), func(v []types.Value) (types.Value, error) {
			s, n, pad := []rune(v[0].Str()), v[1].Int(), []rune(v[2].Str())
			if n < 0 || len(pad) == 0 {
				return types.Null, nil
			}
			if int64(len(s)) >= n {
				return types.StringValue(string(s[:n])), nil
			}
			fill := make([]rune, 0, n-int64(len(s)))
			for int64(len(fill)) < n-int64(len(s)) {
				fill = append(fill, pad[len(fill)%len(pad)])
			}
			if left {
				return types.StringValue(string(fill) + string(s)), nil
			}
			return types.StringValue(string(s) + string(fill)), nil
		}), nil
	}
}

func hashBuilder(name string, width int, sum func([]byte) []byte) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := str1(name, args); err != nil {
			return nil, err
		}
		return strict(name, args, types.Char(width).NotNullable(), func(v []types.Value) (types.Value, error) {
			return types.CharValue(hex.EncodeToString(sum([]byte(v[0].Str())))), nil
		}), nil
	}
}

func buildSplitIndex(_ *Functions, args []Expr) (Expr, error) {
	if err := arity("SPLIT_INDEX", args, 3); err != nil {
		return nil, err
	}
	if err := wantKinds("SPLIT_INDEX", args, "<CHARACTER>, <CHARACTER>, <INTEGER>", isStr, isStr, isIntType); err != nil {
		return nil, err
	}
	return nullable("SPLIT_INDEX", args, types.String, func(v []types.Value) (types.Value, error) {
		i := v[2].Int()
		if i < 0 || v[1].Str() == "" {
			return types.Null, nil
		}
		parts := strings.Split(v[0].Str(), v[1].Str())
		if i >= int64(len(parts)) {
			return types.Null, nil
		}
		return types.StringValue(parts[i]), nil
	}), nil
}

func buildLocate(name string) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 2, 3); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<CHARACTER>, <CHARACTER>[, <INTEGER>]", isStr, isStr, isIntType); err != nil {
			return nil, err
		}
		return strict(name, args, types.Int.NotNullable(), func(v []types.Value) (types.Value, error) {
			needle, hay := []rune(v[0].Str()), []rune(v[1].Str())
			from := int64(1)
			if len(v) == 3 {
				from = v[2].Int()
			}
			if from < 1 || from > int64(len(hay))+1 {
				return types.IntValue(types.KindInt, 0), nil
			}
			i := strings.Index(string(hay[from-1:]), string(needle))
			if i < 0 {
				return types.IntValue(types.KindInt, 0), nil
			}
			return types.IntValue(types.KindInt, from+int64(utf8.RuneCountInString(string(hay[from-1:])[:i]))), nil
		}), nil
	}
}

func sideBuilder(name string, left bool) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 2); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<CHARACTER>, <INTEGER>", isStr, isIntType); err != nil {
			return nil, err
		}
		t := types.Varchar(sameStringType(args[0]).Length)
		return nullable(name, args, t, func(v []types.Value) (types.Value, error) {
			r, n := []rune(v[0].Str()), v[1].Int()
			if n <= 0 {
				return types.StringValue(""), nil
			}
			n = min(n, int64(len(r)))
			if left {
				return types.StringValue(string(r[:n])), nil
			}
			return types.StringValue(string(r[int64(len(r))-n:])), nil
		}), nil
	}
}

// javaOnlyRegexp finds Java regex constructs that Go's RE2 engine does not
// have (and so cannot match as Flink would): backreferences, lookaround,
// atomic groups, possessive quantifiers.
var javaOnlyRegexp = regexp.MustCompile(`\\[1-9]|\\k<|\(\?[=!>]|\(\?<[=!]|[*+?}]\+`)

// compileJavaRegexp compiles a Java regular expression for REGEXP_*, or
// fails clearly on a construct Sluice cannot honour.
func compileJavaRegexp(fn, pattern string) (*regexp.Regexp, error) {
	if m := javaOnlyRegexp.FindString(pattern); m != "" {
		return nil, fmt.Errorf("%s: the regular expression %q uses %q (backreference, lookaround, atomic group or possessive quantifier), which Java supports but Sluice's regular expression engine (Go's RE2) does not", fn, pattern, m)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("%s: invalid regular expression %q: %w", fn, pattern, err)
	}
	return re, nil
}

// regexpOf returns a function giving the compiled pattern of argument i:
// compiled once when it is a literal, per row otherwise.
func regexpOf(fn string, pattern Expr) (func(types.Value) (*regexp.Regexp, error), error) {
	if p, ok := constString(pattern); ok {
		re, err := compileJavaRegexp(fn, p)
		if err != nil {
			return nil, err
		}
		return func(types.Value) (*regexp.Regexp, error) { return re, nil }, nil
	}
	return func(v types.Value) (*regexp.Regexp, error) { return compileJavaRegexp(fn, v.Str()) }, nil
}

func buildRegexpExtract(_ *Functions, args []Expr) (Expr, error) {
	if err := arity("REGEXP_EXTRACT", args, 2, 3); err != nil {
		return nil, err
	}
	if err := wantKinds("REGEXP_EXTRACT", args, "<CHARACTER>, <CHARACTER>[, <INTEGER>]", isStr, isStr, isIntType); err != nil {
		return nil, err
	}
	re, err := regexpOf("REGEXP_EXTRACT", args[1])
	if err != nil {
		return nil, err
	}
	return nullable("REGEXP_EXTRACT", args, types.String, func(v []types.Value) (types.Value, error) {
		r, err := re(v[1])
		if err != nil {
			return types.Null, err
		}
		group := int64(0)
		if len(v) == 3 {
			group = v[2].Int()
		}
		m := r.FindStringSubmatchIndex(v[0].Str())
		if m == nil || group < 0 || int(group) > r.NumSubexp() || m[2*group] < 0 {
			return types.Null, nil
		}
		return types.StringValue(v[0].Str()[m[2*group]:m[2*group+1]]), nil
	}), nil
}

// buildRegexpReplace replaces every match with the replacement taken
// literally, as Flink 1.20 does ('$1' is not a group reference there).
func buildRegexpReplace(_ *Functions, args []Expr) (Expr, error) {
	if err := arity("REGEXP_REPLACE", args, 3); err != nil {
		return nil, err
	}
	if err := wantKinds("REGEXP_REPLACE", args, "<CHARACTER>, <CHARACTER>, <CHARACTER>", isStr); err != nil {
		return nil, err
	}
	re, err := regexpOf("REGEXP_REPLACE", args[1])
	if err != nil {
		return nil, err
	}
	return strict("REGEXP_REPLACE", args, types.String.NotNullable(), func(v []types.Value) (types.Value, error) {
		r, err := re(v[1])
		if err != nil {
			return types.Null, err
		}
		return types.StringValue(r.ReplaceAllLiteralString(v[0].Str(), v[2].Str())), nil
	}), nil
}

func buildRegexp(_ *Functions, args []Expr) (Expr, error) {
	if err := arity("REGEXP", args, 2); err != nil {
		return nil, err
	}
	if err := wantKinds("REGEXP", args, "<CHARACTER>, <CHARACTER>", isStr); err != nil {
		return nil, err
	}
	re, err := regexpOf("REGEXP", args[1])
	if err != nil {
		return nil, err
	}
	return strict("REGEXP", args, types.Boolean.NotNullable(), func(v []types.Value) (types.Value, error) {
		r, err := re(v[1])
		if err != nil {
			return types.Null, err
		}
		return types.BoolValue(r.MatchString(v[0].Str())), nil
	}), nil
}
