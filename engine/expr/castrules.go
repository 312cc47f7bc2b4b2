package expr

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sluice-sql/sluice/engine/types"
)

// CanCast reports whether Flink 1.20 accepts CAST(x AS to) for x of type
// from (LogicalTypeCasts.supportsExplicitCast).
func CanCast(from, to types.Type) bool {
	f, t := from.Kind, to.Kind
	switch {
	case f == types.KindNull || f == t && from.Nested == nil:
		return true
	case to.IsString():
		return true
	case from.IsString():
		// Flink also reads intervals from strings; Sluice does not yet.
		return t != types.KindArray && t != types.KindMap && t != types.KindMultiset && t != types.KindRow &&
			!isInterval(to)
	case isNumberOrBool(from) && isNumberOrBool(to):
		return true
	case isBinary(f) && isBinary(t):
		return true
	case f == types.KindDate:
		return to.IsTimestamp()
	case f == types.KindTime:
		return to.IsTimestamp()
	case from.IsTimestamp():
		return t == types.KindDate || t == types.KindTime || to.IsTimestamp()
	case (f == types.KindArray || f == types.KindMultiset) && f == t:
		return CanCast(from.Nested.Elem, to.Nested.Elem)
	case f == types.KindMap && t == types.KindMap:
		return CanCast(from.Nested.Key, to.Nested.Key) && CanCast(from.Nested.Elem, to.Nested.Elem)
	case f == types.KindRow && t == types.KindRow:
		if len(from.Nested.Fields) != len(to.Nested.Fields) {
			return false
		}
		for i := range from.Nested.Fields {
			if !CanCast(from.Nested.Fields[i].Type, to.Nested.Fields[i].Type) {
				return false
			}
		}
		return true
	}
	return false
}

// checkCast is CanCast with Flink's validation messages.
func checkCast(from, to types.Type) error {
	if CanCast(from, to) {
		return nil
	}
	switch {
	case from.Kind == types.KindTimestamp && to.IsNumeric():
		return fmt.Errorf("The cast from TIMESTAMP type to NUMERIC type is not allowed. " +
			"It's recommended to use UNIX_TIMESTAMP(CAST(timestamp_col AS STRING)) instead")
	case from.IsNumeric() && to.Kind == types.KindTimestamp:
		return fmt.Errorf("The cast from NUMERIC type to TIMESTAMP type is not allowed. " +
			"It's recommended to use TO_TIMESTAMP(FROM_UNIXTIME(numeric_col)) instead")
	case from.Kind == types.KindTimestampLTZ && to.IsNumeric():
		return fmt.Errorf("The cast from TIMESTAMP_LTZ type to NUMERIC type is not allowed.")
	case from.IsNumeric() && to.Kind == types.KindTimestampLTZ:
		return fmt.Errorf("The cast from NUMERIC type to TIMESTAMP_LTZ type is not allowed. " +
			"It's recommended to use TO_TIMESTAMP_LTZ(numeric_col, precision) instead.")
	}
	return fmt.Errorf("Cast function cannot convert value of type %s to type %s", calciteName(from), calciteName(to))
}

// calciteName is a type as Calcite's validator names it in messages.
func calciteName(t types.Type) string {
	t.NotNull = false
	switch t.Kind {
	case types.KindInt:
		return "INTEGER"
	case types.KindTime:
		return "TIME(" + fmt.Sprint(t.Precision) + ")"
	}
	return t.String()
}

func isNumberOrBool(t types.Type) bool { return t.IsNumeric() || t.Kind == types.KindBoolean }

func isBinary(k types.Kind) bool { return k == types.KindBytes || k == types.KindBinary }

// castExplicit is CAST's conversion of a value of type from to type to.
func castExplicit(v types.Value, from, to types.Type, loc *time.Location) (types.Value, error) {
	if v.IsNull() {
		return v, nil
	}
	switch {
	case to.IsString():
		return castToString(v, from, to, loc), nil
	case from.IsString():
		return castFromString(v.Str(), to, loc)
	}
	switch to.Kind {
	case types.KindBoolean:
		return castToBool(v)
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		return castToInteger(v, to.Kind)
	case types.KindFloat, types.KindDouble:
		return types.FloatValue(to.Kind, v.AsFloat()), nil
	case types.KindDecimal:
		return castToDecimal(v, to)
	case types.KindDate, types.KindTime, types.KindTimestamp, types.KindTimestampLTZ:
		return castTemporal(v, to, loc)
	case types.KindBytes, types.KindBinary:
		return fitBinary(v.Str(), to), nil
	case types.KindArray, types.KindMultiset, types.KindMap, types.KindRow:
		return castNested(v, from, to, loc)
	}
	return types.Null, fmt.Errorf("cannot cast %s to %s", from, to)
}

func castToBool(v types.Value) (types.Value, error) {
	switch v.Kind() {
	case types.KindFloat, types.KindDouble:
		return types.BoolValue(v.Float() != 0), nil
	case types.KindDecimal:
		return types.BoolValue(v.Decimal().Sign() != 0), nil
	}
	return types.BoolValue(v.Int() != 0), nil
}

// castToInteger truncates toward zero and, like Java's narrowing casts,
// keeps the low bits when the value does not fit.
func castToInteger(v types.Value, k types.Kind) (types.Value, error) {
	var i int64
	switch v.Kind() {
	case types.KindFloat, types.KindDouble:
		i = javaDoubleToLong(v.Float(), k)
	case types.KindDecimal:
		d := v.Decimal().Rescale(0)
		if d.Sign() < 0 && d.Cmp(v.Decimal()) < 0 || d.Sign() >= 0 && d.Cmp(v.Decimal()) > 0 {
			// Rescale rounds HALF_UP; a cast truncates.
			d = truncDecimal(v.Decimal())
		}
		i = d.Unscaled().Int64()
	default:
		i = v.Int()
	}
	return types.IntValue(k, narrow(i, k)), nil
}

// javaDoubleToLong is Java's (long) d, or (int) d for narrower kinds:
// saturating at the type's range, NaN → 0.
func javaDoubleToLong(f float64, k types.Kind) int64 {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if k != types.KindBigInt {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	switch {
	case math.IsNaN(f):
		return 0
	case f <= float64(lo):
		return lo
	case f >= float64(hi):
		return hi
	}
	return int64(f)
}

// narrow keeps the low bits of i that fit k, as Java's (byte)/(short)/(int).
func narrow(i int64, k types.Kind) int64 {
	switch k {
	case types.KindTinyInt:
		return int64(int8(i))
	case types.KindSmallInt:
		return int64(int16(i))
	case types.KindInt:
		return int64(int32(i))
	}
	return i
}

func truncDecimal(d types.Decimal) types.Decimal {
	u := d.Unscaled()
	u.Quo(u, pow10(d.Scale()))
	return types.NewDecimalBig(u, 0)
}

// errDecimalOverflow marks a number too wide for the target DECIMAL.
var errDecimalOverflow = errors.New("decimal overflow")

func castToDecimal(v types.Value, to types.Type) (types.Value, error) {
	var d types.Decimal
	switch v.Kind() {
	case types.KindFloat, types.KindDouble:
		var err error
		if d, err = types.DecimalFromFloat(v.Float(), to.Scale); err != nil {
			return types.Null, err
		}
	case types.KindDecimal:
		d = v.Decimal()
	default:
		d = types.DecimalFromInt(v.Int())
	}
	r, ok := d.ToType(to.Precision, to.Scale)
	if !ok {
		// Flink yields NULL for a number that does not fit (no error).
		return types.Null, nil
	}
	return types.DecimalValue(r), nil
}

// fitBinary pads BINARY(n) with zero bytes or cuts it, and cuts VARBINARY(n).
func fitBinary(b string, to types.Type) types.Value {
	n := to.Length
	if to.Kind == types.KindBytes {
		if n > 0 && len(b) > n {
			b = b[:n]
		}
		return types.BytesValue([]byte(b))
	}
	if len(b) > n {
		b = b[:n]
	} else if len(b) < n {
		b += strings.Repeat("\x00", n-len(b))
	}
	return types.BinaryValue([]byte(b))
}

// fitString cuts VARCHAR(n) and CHAR(n) to n characters and pads CHAR(n)
// with spaces, as Flink 1.20 does when legacy cast behaviour is off.
func fitString(s string, to types.Type) types.Value {
	n := to.Length
	if n <= 0 || n == types.MaxVarcharLength {
		return types.StringValue(s)
	}
	count := 0
	for i := range s {
		if count == n {
			s = s[:i]
			break
		}
		count++
	}
	if to.Kind == types.KindChar {
		if c := utf8.RuneCountInString(s); c < n {
			s += strings.Repeat(" ", n-c)
		}
		return types.CharValue(s)
	}
	return types.StringValue(s)
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// parseFlinkInteger reads text as Flink's BinaryStringDataUtil.toLong:
// surrounding whitespace ignored, an optional sign, digits, then optionally
// '.' and digits that are dropped. Errors carry Flink's messages.
func parseFlinkInteger(text string, k types.Kind) (int64, error) {
	s := strings.TrimSpace(text)
	bad := fmt.Errorf("For input string: '%s'. Invalid character found.", text)
	if s == "" {
		return 0, bad
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	if s == "" {
		return 0, bad
	}
	lo, hi := intRange(k)
	var u uint64
	i := 0
	for ; i < len(s) && s[i] != '.'; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, bad
		}
		u = u*10 + uint64(c-'0')
		if u > uint64(hi)+1 {
			return 0, fmt.Errorf("For input string: '%s'. Overflow.", text)
		}
	}
	if i < len(s) {
		if !allDigits(s[i+1:]) {
			return 0, bad
		}
		if i == 0 && len(s) == 1 {
			return 0, bad
		}
	}
	n := int64(u)
	if neg {
		n = -int64(u)
	}
	if !neg && u > uint64(hi) || n < lo {
		return 0, fmt.Errorf("For input string: '%s'. Overflow.", text)
	}
	return n, nil
}

func intRange(k types.Kind) (int64, int64) {
	switch k {
	case types.KindTinyInt:
		return math.MinInt8, math.MaxInt8
	case types.KindSmallInt:
		return math.MinInt16, math.MaxInt16
	case types.KindInt:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseJavaDouble reads text as Java's Double.parseDouble (after trimming):
// "NaN", "Infinity" with an optional sign, decimal and scientific notation,
// and a trailing type suffix d/D/f/F.
func parseJavaDouble(text string) (float64, error) {
	s := strings.TrimSpace(text)
	body := strings.TrimLeft(s, "+-")
	switch body {
	case "NaN", "Infinity":
		f, _ := strconv.ParseFloat(strings.Replace(s, "Infinity", "Inf", 1), 64)
		return f, nil
	}
	if n := len(s); n > 1 && strings.ContainsRune("dDfF", rune(s[n-1])) {
		s = s[:n-1]
	}
	ok := s != ""
	for i := 0; i < len(s) && ok; i++ {
		ok = strings.IndexByte("0123456789+-.eE", s[i]) >= 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if !ok || err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("For input string: %q", text)
	}
	return f, nil
}

func castFromString(s string, to types.Type, loc *time.Location) (types.Value, error) {
	switch to.Kind {
	case types.KindBoolean:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "t", "true", "y", "yes", "1":
			return types.BoolValue(true), nil
		case "f", "false", "n", "no", "0":
			return types.BoolValue(false), nil
		}
		return types.Null, fmt.Errorf("Cannot parse '%s' as BOOLEAN.", s)
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		i, err := parseFlinkInteger(s, to.Kind)
		return types.IntValue(to.Kind, i), err
	case types.KindFloat, types.KindDouble:
		f, err := parseJavaDouble(s)
		return types.FloatValue(to.Kind, f), err
	case types.KindDecimal:
		return parseDecimalCast(s, to)
	case types.KindBytes, types.KindBinary:
		return fitBinary(s, to), nil
	case types.KindDate:
		d, err := ParseDateLenient(s)
		return types.DateValue(d), err
	case types.KindTime:
		n, err := ParseTimeLenient(s)
		return types.TimeValue(n), err
	case types.KindTimestamp, types.KindTimestampLTZ:
		ts, err := ParseTimestampCast(s)
		if err != nil {
			return types.Null, err
		}
		ts = TruncateTimestamp(ts, to.Precision)
		if to.Kind == types.KindTimestampLTZ {
			return types.TimestampLTZValue(LocalToInstant(ts, loc)), nil
		}
		return types.TimestampValue(ts), nil
	}
	return types.Null, fmt.Errorf("cannot cast STRING to %s", to)
}

// parseDecimalCast is Flink's string → DECIMAL: an overflow fails; text
// that is not a number gives zero, as Flink 1.20's StringToDecimalCastRule
// does (the oracle shows TRY_CAST('x' AS DECIMAL(5,2)) = 0.00).
func parseDecimalCast(s string, to types.Type) (types.Value, error) {
	d, err := types.ParseDecimal(strings.TrimSpace(s))
	if err != nil {
		d = types.DecimalFromInt(0)
	}
	r, ok := d.ToType(to.Precision, to.Scale)
	if !ok {
		return types.Null, fmt.Errorf("For input string: '%s'. Overflow.", s)
	}
	return types.DecimalValue(r), nil
}
