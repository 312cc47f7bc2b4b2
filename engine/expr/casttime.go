package expr

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

const nanosPerDay = 86400 * int64(time.Second)

// ParseDateLenient reads a DATE as Flink's DateTimeUtils.parseDate: text
// trimmed, anything from the first space on ignored, then y-m-d with any
// number of digits per field ("2023-8-1"); an impossible date fails.
func ParseDateLenient(text string) (int32, error) {
	s := strings.TrimSpace(text)
	if i := strings.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	bad := fmt.Errorf("For input string: '%s'.", text)
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return 0, bad
	}
	var ymd [3]int
	for i, p := range parts {
		if p == "" || len(p) > 9 || !allDigits(p) {
			return 0, bad
		}
		ymd[i], _ = strconv.Atoi(p)
	}
	y, m, d := ymd[0], ymd[1], ymd[2]
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return 0, bad
	}
	days := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	return int32(days), nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ParseTimeLenient reads a TIME as Flink's DateTimeUtils.timeStringToUnixDate:
// H:m[:s[.fff]] summed arithmetically (12:34:60 is 12:35), keeping
// milliseconds (Flink's TIME holds milliseconds).
func ParseTimeLenient(text string) (int64, error) {
	sec, nano, ok := parseClock(strings.TrimSpace(text), false)
	if !ok || sec >= 86400 {
		return 0, fmt.Errorf("For input string: '%s'.", text)
	}
	return sec*int64(time.Second) + int64(nano/1e6)*int64(time.Millisecond), nil
}

// ParseTimestampCast reads a TIMESTAMP as Flink 1.20's CAST from a string
// does: a date (as ParseDateLenient) alone, or followed by a space and
// H:m:s[.fraction] with one or two digits per field; 24:00:00 is the next
// day's midnight. The 'T' separator and a missing seconds field fail.
func ParseTimestampCast(text string) (types.Timestamp, error) {
	s := strings.TrimSpace(text)
	datePart, clock, hasClock := strings.Cut(s, " ")
	if !hasClock && len(datePart) > 10 {
		return types.Timestamp{}, fmt.Errorf("Text '%s' could not be parsed, unparsed text found at index 10", text)
	}
	d, err := ParseDateLenient(datePart)
	if err != nil {
		return types.Timestamp{}, fmt.Errorf("Text '%s' could not be parsed at index 0", text)
	}
	ts := types.Timestamp{Sec: int64(d) * 86400}
	if !hasClock {
		return ts, nil
	}
	sec, nano, ok := parseClock(clock, true)
	if !ok {
		return types.Timestamp{}, fmt.Errorf("Text '%s' could not be parsed, unparsed text found at index %d", text, len(datePart))
	}
	ts.Sec += sec
	ts.Nano = nano
	return ts, nil
}

// parseClock reads H:m:s[.fraction] (one or two digits per field, seconds
// required when needSeconds) into seconds of the day and nanoseconds.
func parseClock(s string, needSeconds bool) (int64, int32, bool) {
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i+1:]
		if !allDigits(frac) || len(frac) > 9 {
			return 0, 0, false
		}
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 || needSeconds && len(parts) != 3 {
		return 0, 0, false
	}
	var hms [3]int64
	for i, p := range parts {
		if p == "" || len(p) > 2 || !allDigits(p) {
			return 0, 0, false
		}
		v, _ := strconv.Atoi(p)
		hms[i] = int64(v)
	}
	nano := int32(0)
	for i := 0; i < 9; i++ {
		nano *= 10
		if i < len(frac) {
			nano += int32(frac[i] - '0')
		}
	}
	sec := hms[0]*3600 + hms[1]*60 + hms[2]
	if hms[0] > 24 || sec > 86400 || sec == 86400 && nano > 0 {
		return 0, 0, false
	}
	return sec, nano, true
}

// TruncateTimestamp drops the fraction digits beyond precision p.
func TruncateTimestamp(t types.Timestamp, p int) types.Timestamp {
	if p >= 9 || p < 0 {
		return t
	}
	unit := int32(1)
	for i := p; i < 9; i++ {
		unit *= 10
	}
	t.Nano -= t.Nano % unit
	return t
}

// LocalToInstant is the instant (as UTC wall clock) of a local date-time in loc.
func LocalToInstant(t types.Timestamp, loc *time.Location) types.Timestamp {
	w := t.Time()
	inZone := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
	return types.Timestamp{Sec: inZone.Unix(), Nano: t.Nano}
}

// InstantToLocal is the local date-time in loc of an instant.
func InstantToLocal(t types.Timestamp, loc *time.Location) types.Timestamp {
	return types.TimestampFromTime(time.Unix(t.Sec, int64(t.Nano)).In(loc))
}

// castTemporal converts between DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ.
func castTemporal(v types.Value, to types.Type, loc *time.Location) (types.Value, error) {
	var local types.Timestamp // the value as a local date-time
	switch v.Kind() {
	case types.KindDate:
		local = types.Timestamp{Sec: int64(v.Days()) * 86400}
	case types.KindTime:
		local = types.Timestamp{Sec: v.NanoOfDay() / int64(time.Second), Nano: int32(v.NanoOfDay() % int64(time.Second))}
	case types.KindTimestamp:
		local = v.Timestamp()
	default:
		local = InstantToLocal(v.Timestamp(), loc)
	}
	switch to.Kind {
	case types.KindDate:
		return types.DateValue(int32(floorDiv(local.Sec, 86400))), nil
	case types.KindTime:
		sod := local.Sec - floorDiv(local.Sec, 86400)*86400
		ms := int64(local.Nano) / 1e6 * 1e6
		return types.TimeValue(sod*int64(time.Second) + ms), nil
	case types.KindTimestamp:
		return types.TimestampValue(TruncateTimestamp(local, to.Precision)), nil
	}
	return types.TimestampLTZValue(TruncateTimestamp(LocalToInstant(local, loc), to.Precision)), nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
