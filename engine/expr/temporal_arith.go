package expr

import (
	"fmt"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

func isTemporalOrInterval(t types.Type) bool {
	switch t.Kind {
	case types.KindDate, types.KindTime, types.KindTimestamp, types.KindTimestampLTZ,
		types.KindIntervalDayTime, types.KindIntervalYearMonth:
		return true
	}
	return false
}

func isInterval(t types.Type) bool {
	return t.Kind == types.KindIntervalDayTime || t.Kind == types.KindIntervalYearMonth
}

// TemporalArithmetic is datetime ± interval, interval + datetime and
// interval ± interval. A month interval moves the calendar month and clamps
// the day (2023-01-31 + 1 month = 2023-02-28), as Java's plusMonths.
type TemporalArithmetic struct {
	Op   ArithOp
	L, R Expr
	t    types.Type
}

// NewTemporalArithmetic returns l op r for a datetime and an interval.
func NewTemporalArithmetic(op ArithOp, l, r Expr) (Expr, error) {
	lt, rt := l.Type(), r.Type()
	if op == Plus && isInterval(lt) && !isInterval(rt) {
		l, r, lt, rt = r, l, rt, lt
	}
	var t types.Type
	switch {
	case (op == Plus || op == Minus) && isInterval(rt) && (lt.Kind == types.KindDate || lt.Kind == types.KindTime || lt.IsTimestamp()):
		// The datetime keeps its type: TIMESTAMP(0) + INTERVAL SECOND is
		// still TIMESTAMP(0) in Flink.
		t = lt
	case (op == Plus || op == Minus) && isInterval(lt) && lt.Kind == rt.Kind:
		t = lt
	default:
		return nil, fmt.Errorf("Cannot apply '%s' to arguments of type '<%s> %s <%s>'",
			op, calciteName(lt), op, calciteName(rt))
	}
	return &TemporalArithmetic{Op: op, L: l, R: r, t: t.WithNullable(lt, rt)}, nil
}

func (a *TemporalArithmetic) Type() types.Type { return a.t }
func (a *TemporalArithmetic) String() string   { return render(a) }

func (a *TemporalArithmetic) write(b *strings.Builder) {
	writeOperand(b, a.L, 1, false)
	b.WriteByte(' ')
	b.WriteString(a.Op.String())
	b.WriteByte(' ')
	writeOperand(b, a.R, 1, true)
}

func (a *TemporalArithmetic) Eval(row []types.Value) (types.Value, error) {
	l, r, err := eval2(a.L, a.R, row)
	if err != nil || l.IsNull() || r.IsNull() {
		return types.Null, err
	}
	n := r.Int()
	if a.Op == Minus {
		n = -n
	}
	if isInterval(a.t) {
		return types.IntValue(a.t.Kind, l.Int()+n), nil
	}
	var out types.Value
	if r.Kind() == types.KindIntervalYearMonth {
		out = AddMonths(l, n)
	} else {
		out = AddMillis(l, n)
	}
	// TIMESTAMP(0) + INTERVAL '0.5' SECOND stays at whole seconds in Flink.
	return truncateToType(out, a.t), nil
}

// AddMillis moves a DATE, TIME, TIMESTAMP or TIMESTAMP_LTZ by ms
// milliseconds (a DATE by whole days, a TIME around the clock).
func AddMillis(v types.Value, ms int64) types.Value {
	switch v.Kind() {
	case types.KindDate:
		return types.DateValue(v.Days() + int32(ms/86400000))
	case types.KindTime:
		n := (v.NanoOfDay() + ms%86400000*int64(time.Millisecond)) % nanosPerDay
		if n < 0 {
			n += nanosPerDay
		}
		return types.TimeValue(n)
	}
	t := v.Timestamp()
	ns := int64(t.Nano) + ms%1000*1e6
	sec := t.Sec + ms/1000 + floorDiv(ns, 1e9)
	t = types.Timestamp{Sec: sec, Nano: int32(ns - floorDiv(ns, 1e9)*1e9)}
	if v.Kind() == types.KindTimestampLTZ {
		return types.TimestampLTZValue(t)
	}
	return types.TimestampValue(t)
}

// AddMonths moves a DATE or timestamp by n calendar months, clamping the day.
func AddMonths(v types.Value, n int64) types.Value {
	var local types.Timestamp
	if v.Kind() == types.KindDate {
		local = types.Timestamp{Sec: int64(v.Days()) * 86400}
	} else {
		local = v.Timestamp()
	}
	w := local.Time()
	total := int64(w.Year())*12 + int64(w.Month()-1) + n
	y, m := int(floorDiv(total, 12)), time.Month(total-floorDiv(total, 12)*12+1)
	d := min(w.Day(), daysIn(y, m))
	moved := time.Date(y, m, d, w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC)
	ts := types.TimestampFromTime(moved)
	switch v.Kind() {
	case types.KindDate:
		return types.DateValue(int32(floorDiv(ts.Sec, 86400)))
	case types.KindTimestampLTZ:
		return types.TimestampLTZValue(ts)
	}
	return types.TimestampValue(ts)
}

// truncateToType cuts a timestamp's fraction to t's precision.
func truncateToType(v types.Value, t types.Type) types.Value {
	switch v.Kind() {
	case types.KindTimestamp:
		return types.TimestampValue(TruncateTimestamp(v.Timestamp(), t.Precision))
	case types.KindTimestampLTZ:
		return types.TimestampLTZValue(TruncateTimestamp(v.Timestamp(), t.Precision))
	}
	return v
}
