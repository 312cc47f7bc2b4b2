package expr

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

const defaultTimestampPattern = "yyyy-MM-dd HH:mm:ss"

func registerTemporalFunctions(f *Functions) {
	f.define(nowBuilder("CURRENT_TIMESTAMP", types.TimestampLTZType(3)), "CURRENT_TIMESTAMP", "NOW", "CURRENT_ROW_TIMESTAMP")
	// PROCTIME() is the processing time of the row being read, from the
	// same clock; Flink types it TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*.
	f.define(nowBuilder("PROCTIME", types.TimestampLTZType(3)), "PROCTIME")
	f.define(nowBuilder("LOCALTIMESTAMP", types.TimestampType(3)), "LOCALTIMESTAMP")
	f.define(nowBuilder("CURRENT_DATE", types.Date), "CURRENT_DATE")
	f.define(nowBuilder("LOCALTIME", types.TimeType(0)), "LOCALTIME", "CURRENT_TIME")
	f.define(buildDateFormat, "DATE_FORMAT")
	f.define(parseBuilder("TO_TIMESTAMP", types.TimestampType(3)), "TO_TIMESTAMP")
	f.define(parseBuilder("TO_DATE", types.Date), "TO_DATE")
	f.define(buildToTimestampLTZ, "TO_TIMESTAMP_LTZ")
	f.define(buildUnixTimestamp, "UNIX_TIMESTAMP")
	f.define(buildFromUnixtime, "FROM_UNIXTIME")
	for _, unit := range []string{"YEAR", "QUARTER", "MONTH", "WEEK", "DAYOFYEAR", "DAYOFMONTH", "DAYOFWEEK", "HOUR", "MINUTE", "SECOND"} {
		unit := unit
		f.define(func(_ *Functions, args []Expr) (Expr, error) {
			if err := arity(unit, args, 1); err != nil {
				return nil, err
			}
			return newExtract(unit, unit, args[0])
		}, unit)
	}
}

func nowBuilder(name string, t types.Type) Builder {
	return func(env *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 0); err != nil {
			return nil, err
		}
		t := t.NotNullable()
		return newCall(name, args, args, t, func([]types.Value) (types.Value, error) {
			now := env.Now()
			instant := types.Timestamp{Sec: now.Unix(), Nano: int32(now.Nanosecond()) / 1e6 * 1e6}
			local := InstantToLocal(instant, env.Zone)
			switch t.Kind {
			case types.KindTimestampLTZ:
				return types.TimestampLTZValue(instant), nil
			case types.KindTimestamp:
				return types.TimestampValue(local), nil
			case types.KindDate:
				return types.DateValue(int32(floorDiv(local.Sec, 86400))), nil
			}
			return types.TimeValue((local.Sec - floorDiv(local.Sec, 86400)*86400) * int64(time.Second)), nil
		}), nil
	}
}

// patternArg compiles a literal pattern once; a non-literal one per row.
func patternArg(name string, e Expr) (func(types.Value) ([]patternField, error), error) {
	if p, ok := constString(e); ok {
		fields, err := compilePattern(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return func(types.Value) ([]patternField, error) { return fields, nil }, nil
	}
	return func(v types.Value) ([]patternField, error) { return compilePattern(v.Str()) }, nil
}

var (
	defaultPattern, _ = compilePattern(defaultTimestampPattern)
	datePattern, _    = compilePattern("yyyy-MM-dd")
)

// patternAt returns the pattern of a call: argument i when present (a
// literal compiled once), else def; the result reads it from the
// evaluated arguments.
func patternAt(name string, args []Expr, i int, def []patternField) (func([]types.Value) ([]patternField, error), error) {
	if len(args) <= i {
		return func([]types.Value) ([]patternField, error) { return def, nil }, nil
	}
	pat, err := patternArg(name, args[i])
	if err != nil {
		return nil, err
	}
	return func(v []types.Value) ([]patternField, error) { return pat(v[i]) }, nil
}

// wallClock is a DATE, TIMESTAMP or TIMESTAMP_LTZ (in zone) as a time.Time
// whose UTC fields are the local date-time.
func wallClock(v types.Value, zone *time.Location) time.Time {
	switch v.Kind() {
	case types.KindDate:
		return time.Unix(int64(v.Days())*86400, 0).UTC()
	case types.KindTimestampLTZ:
		return InstantToLocal(v.Timestamp(), zone).Time()
	}
	return v.Timestamp().Time()
}

// buildDateFormat is DATE_FORMAT(timestamp | string, pattern): a string
// argument is read as "yyyy-MM-dd HH:mm:ss" first.
func buildDateFormat(env *Functions, args []Expr) (Expr, error) {
	if err := arity("DATE_FORMAT", args, 2); err != nil {
		return nil, err
	}
	isTS := func(t types.Type) bool { return t.IsTimestamp() || t.Kind == types.KindDate || t.IsString() }
	if err := wantKinds("DATE_FORMAT", args, "<TIMESTAMP>, <CHARACTER>", isTS, isStr); err != nil {
		return nil, err
	}
	pat, err := patternAt("DATE_FORMAT", args, 1, nil)
	if err != nil {
		return nil, err
	}
	return nullable("DATE_FORMAT", args, types.String, func(v []types.Value) (types.Value, error) {
		fields, err := pat(v)
		if err != nil {
			return types.Null, err
		}
		x := v[0]
		if x.Kind() == types.KindChar || x.Kind() == types.KindVarchar {
			ts, err := ParseTimestampCast(x.Str())
			if err != nil {
				return types.Null, nil
			}
			x = types.TimestampValue(ts)
		}
		return types.StringValue(formatPattern(fields, wallClock(x, env.Zone))), nil
	}), nil
}

// parseBuilder is TO_TIMESTAMP / TO_DATE(string [, pattern]): NULL when
// the text does not match.
func parseBuilder(name string, t types.Type) Builder {
	return func(_ *Functions, args []Expr) (Expr, error) {
		if err := arity(name, args, 1, 2); err != nil {
			return nil, err
		}
		if err := wantKinds(name, args, "<CHARACTER>[, <CHARACTER>]", isStr); err != nil {
			return nil, err
		}
		def := defaultPattern
		if t.Kind == types.KindDate {
			def = datePattern
		}
		pat, err := patternAt(name, args, 1, def)
		if err != nil {
			return nil, err
		}
		return nullable(name, args, t, func(v []types.Value) (types.Value, error) {
			fields, err := pat(v)
			if err != nil {
				return types.Null, err
			}
			tm, ok := parsePattern(fields, v[0].Str())
			if !ok {
				return types.Null, nil
			}
			ts := types.TimestampFromTime(tm)
			if t.Kind == types.KindDate {
				return types.DateValue(int32(floorDiv(ts.Sec, 86400))), nil
			}
			return types.TimestampValue(TruncateTimestamp(ts, 3)), nil
		}), nil
	}
}

// buildToTimestampLTZ is TO_TIMESTAMP_LTZ(number, precision): the number
// counts seconds (precision 0) or milliseconds (precision 3) since the epoch.
func buildToTimestampLTZ(_ *Functions, args []Expr) (Expr, error) {
	if err := arity("TO_TIMESTAMP_LTZ", args, 1, 2); err != nil {
		return nil, err
	}
	if err := wantKinds("TO_TIMESTAMP_LTZ", args, "<NUMERIC>, <INTEGER>", isNum, isIntType); err != nil {
		return nil, err
	}
	prec := int64(3)
	if len(args) == 2 {
		lit, ok := args[1].(*Literal)
		if !ok || lit.V.IsNull() || (lit.V.Int() != 0 && lit.V.Int() != 3) {
			return nil, fmt.Errorf("The precision of TO_TIMESTAMP_LTZ must be 0 or 3, got %s", args[1])
		}
		prec = lit.V.Int()
	}
	return nullable("TO_TIMESTAMP_LTZ", args, types.TimestampLTZType(3), func(v []types.Value) (types.Value, error) {
		ms := v[0].AsFloat()
		if prec == 0 {
			ms *= 1000
		}
		if math.IsNaN(ms) || math.IsInf(ms, 0) {
			return types.Null, nil
		}
		return types.TimestampLTZValue(types.TimestampFromMilli(int64(ms))), nil
	}), nil
}

// buildUnixTimestamp is UNIX_TIMESTAMP([string [, pattern]]): seconds since
// the epoch of the text read in the session time zone, or of now. Text
// that does not match gives Long.MIN_VALUE, as Flink's
// DateTimeUtils.unixTimestamp does (its result type is NOT NULL).
func buildUnixTimestamp(env *Functions, args []Expr) (Expr, error) {
	if err := arity("UNIX_TIMESTAMP", args, 0, 1, 2); err != nil {
		return nil, err
	}
	if err := wantKinds("UNIX_TIMESTAMP", args, "[<CHARACTER>[, <CHARACTER>]]", isStr); err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return newCall("UNIX_TIMESTAMP", args, args, types.BigInt.NotNullable(), func([]types.Value) (types.Value, error) {
			return types.BigIntValue(env.Now().Unix()), nil
		}), nil
	}
	pat, err := patternAt("UNIX_TIMESTAMP", args, 1, defaultPattern)
	if err != nil {
		return nil, err
	}
	return strict("UNIX_TIMESTAMP", args, types.BigInt.NotNullable(), func(v []types.Value) (types.Value, error) {
		fields, err := pat(v)
		if err != nil {
			return types.Null, err
		}
		tm, ok := parsePattern(fields, v[0].Str())
		if !ok {
			return types.BigIntValue(math.MinInt64), nil
		}
		return types.BigIntValue(LocalToInstant(types.TimestampFromTime(tm), env.Zone).Sec), nil
	}), nil
}

// buildFromUnixtime is FROM_UNIXTIME(seconds [, pattern]) in the session zone.
func buildFromUnixtime(env *Functions, args []Expr) (Expr, error) {
	if err := arity("FROM_UNIXTIME", args, 1, 2); err != nil {
		return nil, err
	}
	if err := wantKinds("FROM_UNIXTIME", args, "<INTEGER>[, <CHARACTER>]", isIntType, isStr); err != nil {
		return nil, err
	}
	pat, err := patternAt("FROM_UNIXTIME", args, 1, defaultPattern)
	if err != nil {
		return nil, err
	}
	return nullable("FROM_UNIXTIME", args, types.String, func(v []types.Value) (types.Value, error) {
		fields, err := pat(v)
		if err != nil {
			return types.Null, err
		}
		t := time.Unix(v[0].Int(), 0).In(env.Zone)
		wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		return types.StringValue(formatPattern(fields, wall)), nil
	}), nil
}

// NewExtract returns EXTRACT(unit FROM x) for a DATE, TIME or timestamp:
// YEAR, QUARTER, MONTH, WEEK (ISO week), DAY, DOW (1 = Sunday), ISODOW
// (1 = Monday), DOY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND,
// NANOSECOND, EPOCH, DECADE, CENTURY, MILLENNIUM; BIGINT.
func NewExtract(unit string, x Expr) (Expr, error) { return newExtract("EXTRACT", unit, x) }

func newExtract(name, unit string, x Expr) (Expr, error) {
	unit = strings.ToUpper(unit)
	switch unit {
	case "DAYOFMONTH":
		unit = "DAY"
	case "DAYOFYEAR":
		unit = "DOY"
	case "DAYOFWEEK":
		unit = "DOW"
	}
	t := x.Type()
	if !isTemporal(t) && t.Kind != types.KindNull {
		return nil, signatureError(name, []Expr{x}, "<DATETIME>")
	}
	if _, ok := extractField(unit, time.Unix(0, 0).UTC()); !ok {
		return nil, fmt.Errorf("EXTRACT: unknown time unit %s", unit)
	}
	return strict(name, []Expr{x}, types.BigInt.NotNullable(), func(v []types.Value) (types.Value, error) {
		var w time.Time
		if v[0].Kind() == types.KindTime {
			w = time.Unix(0, v[0].NanoOfDay()).UTC()
		} else {
			w = wallClock(v[0], time.UTC)
		}
		n, _ := extractField(unit, w)
		return types.BigIntValue(n), nil
	}), nil
}

func extractField(unit string, w time.Time) (int64, bool) {
	switch unit {
	case "YEAR":
		return int64(w.Year()), true
	case "QUARTER":
		return int64(w.Month()-1)/3 + 1, true
	case "MONTH":
		return int64(w.Month()), true
	case "WEEK":
		_, wk := w.ISOWeek()
		return int64(wk), true
	case "DAY":
		return int64(w.Day()), true
	case "DOW":
		return int64(w.Weekday()) + 1, true
	case "ISODOW":
		return (int64(w.Weekday())+6)%7 + 1, true
	case "DOY":
		return int64(w.YearDay()), true
	case "HOUR":
		return int64(w.Hour()), true
	case "MINUTE":
		return int64(w.Minute()), true
	case "SECOND":
		return int64(w.Second()), true
	// Flink counts MILLISECOND within the second (789 for …:56.789), not
	// with the seconds as Calcite's docs suggest; MICROSECOND and
	// NANOSECOND follow it.
	case "MILLISECOND":
		return int64(w.Nanosecond()) / 1e6, true
	case "MICROSECOND":
		return int64(w.Nanosecond()) / 1e3, true
	case "NANOSECOND":
		return int64(w.Nanosecond()), true
	case "EPOCH":
		return w.Unix(), true
	case "DECADE":
		return int64(w.Year()) / 10, true
	case "CENTURY":
		return (int64(w.Year()) + 99) / 100, true
	case "MILLENNIUM":
		return (int64(w.Year()) + 999) / 1000, true
	}
	return 0, false
}

// unitMillis is the length of a fixed-length time unit, or 0 for a
// calendar unit (MONTH, QUARTER, YEAR) counted in months by monthsOf.
func unitMillis(unit string) (ms int64, months int64, ok bool) {
	switch unit {
	case "FRAC_SECOND", "MICROSECOND":
		return 0, 0, false
	case "MILLISECOND":
		return 1, 0, true
	case "SECOND":
		return 1000, 0, true
	case "MINUTE":
		return 60000, 0, true
	case "HOUR":
		return 3600000, 0, true
	case "DAY":
		return 86400000, 0, true
	case "WEEK":
		return 7 * 86400000, 0, true
	case "MONTH":
		return 0, 1, true
	case "QUARTER":
		return 0, 3, true
	case "YEAR":
		return 0, 12, true
	}
	return 0, 0, false
}

// NewTimestampAdd returns TIMESTAMPADD(unit, n, x): x moved by n units,
// keeping x's type.
func NewTimestampAdd(unit string, n, x Expr) (Expr, error) {
	unit = strings.ToUpper(unit)
	ms, months, ok := unitMillis(unit)
	if !ok {
		return nil, fmt.Errorf("TIMESTAMPADD: unsupported time unit %s", unit)
	}
	if !n.Type().IsInteger() && n.Type().Kind != types.KindNull || !isTemporal(x.Type()) {
		return nil, signatureError("TIMESTAMPADD", []Expr{n, x}, "<INTEGER>, <DATETIME>")
	}
	return strict("TIMESTAMPADD", []Expr{n, x}, x.Type(), func(v []types.Value) (types.Value, error) {
		if months != 0 {
			return AddMonths(v[1], v[0].Int()*months), nil
		}
		return AddMillis(v[1], v[0].Int()*ms), nil
	}), nil
}

// NewTimestampDiff returns TIMESTAMPDIFF(unit, a, b): whole units from a
// to b, truncated toward zero (INT).
func NewTimestampDiff(unit string, a, b Expr) (Expr, error) {
	unit = strings.ToUpper(unit)
	ms, months, ok := unitMillis(unit)
	if !ok {
		return nil, fmt.Errorf("TIMESTAMPDIFF: unsupported time unit %s", unit)
	}
	if !isTemporal(a.Type()) || !isTemporal(b.Type()) {
		return nil, signatureError("TIMESTAMPDIFF", []Expr{a, b}, "<DATETIME>, <DATETIME>")
	}
	return strict("TIMESTAMPDIFF", []Expr{a, b}, types.Int.NotNullable(), func(v []types.Value) (types.Value, error) {
		x, y := wallClock(v[0], time.UTC), wallClock(v[1], time.UTC)
		if months == 0 {
			d := y.Sub(x).Milliseconds() / ms
			return types.IntValue(types.KindInt, narrow(d, types.KindInt)), nil
		}
		return types.IntValue(types.KindInt, monthsBetween(x, y)/months), nil
	}), nil
}

// monthsBetween counts whole months from x to y as Calcite's
// DateTimeUtils.subtractMonths: the estimate from year and month, less one
// when x moved by it (day clamped: Feb 29 + 12 months = Feb 28) passes y.
func monthsBetween(x, y time.Time) int64 {
	if y.Before(x) {
		return -monthsBetween(y, x)
	}
	m := int64(y.Year()-x.Year())*12 + int64(y.Month()-x.Month())
	moved := AddMonths(types.TimestampValue(types.TimestampFromTime(x)), m).Timestamp().Time()
	if moved.After(y) {
		m--
	}
	return m
}
