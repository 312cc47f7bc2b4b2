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
// H:m[:s[.fff]], keeping milliseconds (Flink's TIME holds milliseconds).
func ParseTimeLenient(text string) (int64, error) {
	s := strings.TrimSpace(text)
	bad := fmt.Errorf("For input string: '%s'.", text)
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i+1:]
		if !allDigits(frac) {
			return 0, bad
		}
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, bad
	}
	var hms [3]int
	for i, p := range parts {
		if p == "" || len(p) > 2 || !allDigits(p) {
			return 0, bad
		}
		hms[i], _ = strconv.Atoi(p)
	}
	if hms[0] > 23 || hms[1] > 59 || hms[2] > 59 {
		return 0, bad
	}
	ms := 0
	for i := 0; i < 3; i++ {
		ms *= 10
		if i < len(frac) {
			ms += int(frac[i] - '0')
		}
	}
	sec := int64(hms[0]*3600 + hms[1]*60 + hms[2])
	return sec*int64(time.Second) + int64(ms)*int64(time.Millisecond), nil
}

// ParseTimestampCast reads a TIMESTAMP as Flink 1.20's CAST from a string
// does: "yyyy-MM-dd HH:mm:ss[.fraction]" or a date alone ("yyyy-MM-dd",
// midnight). The 'T' separator and a missing seconds field are rejected.
func ParseTimestampCast(text string) (types.Timestamp, error) {
	s := strings.TrimSpace(text)
	if ts, err := types.ParseTimestampSQL(s); err == nil {
		return ts, nil
	}
	d, err := types.ParseDate(s)
	if err != nil {
		return types.Timestamp{}, fmt.Errorf("Text '%s' could not be parsed: %w", text, err)
	}
	return types.Timestamp{Sec: int64(d) * 86400}, nil
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
