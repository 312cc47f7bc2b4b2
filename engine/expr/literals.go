package expr

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
)

// Literals typed as Flink types them, for the front end to build from the
// parsed SQL text.

// NewStringLiteral is 'text': CHAR(n) NOT NULL, n its length in characters.
func NewStringLiteral(s string) *Literal {
	return &Literal{V: types.CharValue(s), T: types.Char(len([]rune(s))).NotNullable(),
		Text: "'" + strings.ReplaceAll(s, "'", "''") + "'"}
}

// NewNumericLiteral types an unsigned numeric literal: an integer is INT
// when it fits, else BIGINT, else DECIMAL(p, 0); with a point it is
// DECIMAL(p, s); with an exponent DOUBLE.
func NewNumericLiteral(text string) (*Literal, error) {
	if strings.ContainsAny(text, "eE") {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, fmt.Errorf("Numeric literal '%s' out of range", text)
		}
		return &Literal{V: types.DoubleValue(f), T: types.Double.NotNullable(), Text: text}, nil
	}
	if !strings.Contains(text, ".") {
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			if i <= math.MaxInt32 && i >= math.MinInt32 {
				return &Literal{V: types.IntValue(types.KindInt, i), T: types.Int.NotNullable(), Text: text}, nil
			}
			return &Literal{V: types.BigIntValue(i), T: types.BigInt.NotNullable(), Text: text}, nil
		}
	}
	d, err := types.ParseDecimal(text)
	if err != nil {
		return nil, fmt.Errorf("invalid numeric literal '%s'", text)
	}
	p := max(d.Precision(), d.Scale())
	if p > types.MaxDecimalPrecision {
		return nil, fmt.Errorf("Numeric literal '%s' out of range", text)
	}
	return &Literal{V: types.DecimalValue(d), T: types.DecimalType(p, d.Scale()).NotNullable(), Text: text}, nil
}

// NewBooleanLiteral is TRUE or FALSE.
func NewBooleanLiteral(b bool) *Literal {
	text := "false"
	if b {
		text = "true"
	}
	return &Literal{V: types.BoolValue(b), T: types.Boolean.NotNullable(), Text: text}
}

// NewNullLiteral is NULL of type t (CAST(NULL AS t), or a bare NULL whose
// type the context gives).
func NewNullLiteral(t types.Type) *Literal {
	return &Literal{V: types.Null, T: t.Nullable(), Text: "null:" + t.Nullable().String()}
}

// NewDateLiteral is DATE 'yyyy-MM-dd'.
func NewDateLiteral(text string) (*Literal, error) {
	d, err := ParseDateLenient(text)
	if err != nil {
		return nil, fmt.Errorf("Illegal DATE literal '%s': not in format 'yyyy-MM-dd'", text)
	}
	return &Literal{V: types.DateValue(d), T: types.Date.NotNullable(), Text: "DATE '" + text + "'"}, nil
}

// NewTimeLiteral is TIME 'HH:mm:ss[.fff]': TIME(p) with p its fraction digits.
func NewTimeLiteral(text string) (*Literal, error) {
	n, err := ParseTimeLenient(text)
	if err != nil {
		return nil, fmt.Errorf("Illegal TIME literal '%s': not in format 'HH:mm:ss'", text)
	}
	return &Literal{V: types.TimeValue(n), T: types.TimeType(fractionDigits(text)).NotNullable(), Text: "TIME '" + text + "'"}, nil
}

// NewTimestampLiteral is TIMESTAMP 'yyyy-MM-dd HH:mm:ss[.f…]':
// TIMESTAMP(p) with p its fraction digits (TIMESTAMP '… 10:00:00.5' is
// TIMESTAMP(1)); ltz makes it TIMESTAMP_LTZ, read in the session zone.
func NewTimestampLiteral(text string, ltz bool, f *Functions) (*Literal, error) {
	ts, err := types.ParseTimestampSQL(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("Illegal TIMESTAMP literal '%s': not in format 'yyyy-MM-dd HH:mm:ss'", text)
	}
	p := fractionDigits(text)
	if ltz {
		return &Literal{V: types.TimestampLTZValue(LocalToInstant(ts, f.Zone)), T: types.TimestampLTZType(p).NotNullable(),
			Text: "TIMESTAMP_LTZ '" + text + "'"}, nil
	}
	return &Literal{V: types.TimestampValue(ts), T: types.TimestampType(p).NotNullable(), Text: "TIMESTAMP '" + text + "'"}, nil
}

func fractionDigits(text string) int {
	i := strings.LastIndexByte(text, '.')
	if i < 0 {
		return 0
	}
	return len(strings.TrimSpace(text[i+1:]))
}

// NewIntervalLiteral is INTERVAL 'text' from [TO to], e.g. ('5', "SECOND",
// ""), ('1-6', "YEAR", "MONTH"), ('1 02:03:04.5', "DAY", "SECOND"). A
// year-month interval counts months, a day-time one milliseconds.
func NewIntervalLiteral(text, from, to string) (*Literal, error) {
	from, to = strings.ToUpper(from), strings.ToUpper(to)
	if to == "" {
		to = from
	}
	s := strings.TrimSpace(text)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	bad := fmt.Errorf("Illegal interval literal format '%s' for INTERVAL %s%s", text, from, map[bool]string{true: "", false: " TO " + to}[from == to])
	var n int64
	var kind types.Kind
	switch from {
	case "YEAR", "MONTH":
		kind = types.KindIntervalYearMonth
		parts := strings.Split(s, "-")
		switch {
		case from == "YEAR" && to == "MONTH" && len(parts) == 2:
			y, e1 := strconv.ParseInt(parts[0], 10, 64)
			m, e2 := strconv.ParseInt(parts[1], 10, 64)
			if e1 != nil || e2 != nil || m > 11 {
				return nil, bad
			}
			n = y*12 + m
		case from == to && len(parts) == 1:
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, bad
			}
			n = v
			if from == "YEAR" {
				n *= 12
			}
		default:
			return nil, bad
		}
	case "DAY", "HOUR", "MINUTE", "SECOND":
		kind = types.KindIntervalDayTime
		ms, ok := parseDayTime(s, from, to)
		if !ok {
			return nil, bad
		}
		n = ms
	default:
		return nil, bad
	}
	if neg {
		n = -n
	}
	lit := &Literal{T: types.Type{Kind: kind, NotNull: true}, Text: "INTERVAL '" + text + "' " + from}
	if to != from {
		lit.Text += " TO " + to
	}
	if kind == types.KindIntervalYearMonth {
		lit.V = types.IntervalYearMonthValue(n)
	} else {
		lit.V = types.IntervalDayTimeValue(n)
	}
	return lit, nil
}

// parseDayTime reads the fields from..to of a day-time interval text:
// DAY "d hh:mm:ss.fff", HOUR "hh:mm:ss", …, each trailing part per to.
func parseDayTime(s, from, to string) (int64, bool) {
	units := []string{"DAY", "HOUR", "MINUTE", "SECOND"}
	millis := []int64{86400000, 3600000, 60000, 1000}
	fi, ti := indexOf(units, from), indexOf(units, to)
	if fi < 0 || ti < fi {
		return 0, false
	}
	// Split on the separators: ' ' after days, ':' between clock fields.
	var fields []string
	rest := s
	for u := fi; u <= ti; u++ {
		sep := ":"
		if u == 0 {
			sep = " "
		}
		if u == ti {
			fields = append(fields, rest)
			break
		}
		i := strings.Index(rest, sep)
		if i < 0 {
			return 0, false
		}
		fields, rest = append(fields, rest[:i]), rest[i+1:]
	}
	var total int64
	for k, f := range fields {
		u := fi + k
		if units[u] == "SECOND" {
			sec, err := strconv.ParseFloat(f, 64)
			if err != nil || sec < 0 {
				return 0, false
			}
			total += int64(math.Round(sec * 1000))
			continue
		}
		v, err := strconv.ParseInt(f, 10, 64)
		if err != nil || v < 0 {
			return 0, false
		}
		total += v * millis[u]
	}
	return total, true
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
