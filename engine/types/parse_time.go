package types

import (
	"errors"
	"fmt"
)

// Date and timestamp text as Flink's json format reads and writes it
// (org.apache.flink.formats.common.TimeFormats). The parsers are hand-written
// rather than built on time.Parse: they run once per field of every record.
//
// What Flink accepts, per java.time pattern semantics:
//   - SQL: ISO_LOCAL_DATE ' ' HH:mm:ss, then optionally '.' and 0–9 fraction
//     digits ("…:56." is accepted). Exactly two digits for each time field;
//     seconds are required. Resolved SMART: a day-of-month up to 31 is clamped
//     to the month's length (2023-02-30 → 2023-02-28) and 24:00:00 is the next
//     day's midnight.
//   - ISO-8601 (ISO_LOCAL_DATE_TIME): ISO_LOCAL_DATE 'T' (or 't') HH:mm, then
//     optionally :ss and a fraction. Resolved STRICT: no clamping, no 24:00.
//   - DATE (ISO_LOCAL_DATE): yyyy-MM-dd, STRICT.
//   - TIMESTAMP_LTZ adds a literal 'Z' (case-sensitive) and is resolved SMART
//     in both standards.
//
// Only years 0000–9999 without a sign are read (Java also reads signed years
// such as +10000 or -0001); they are written in Java's way whatever the year.

// ErrDateTimeSyntax is wrapped by every date and timestamp parse error.
var ErrDateTimeSyntax = errors.New("could not be parsed")

// text is the input of the parsers: record fields arrive as bytes, literals
// as strings; a type parameter spares converting one into the other.
type text interface{ ~string | ~[]byte }

// ParseTimestampSQL reads "yyyy-MM-dd HH:mm:ss[.fffffffff]" (the json
// format's 'SQL' standard). The fraction keeps all its digits.
func ParseTimestampSQL[T text](s T) (Timestamp, error) {
	return parseTimestamp(s, tsLayout{sep: ' ', smart: true})
}

// ParseTimestampISO reads "yyyy-MM-ddTHH:mm[:ss[.fffffffff]]" (the json
// format's 'ISO-8601' standard).
func ParseTimestampISO[T text](s T) (Timestamp, error) {
	return parseTimestamp(s, tsLayout{sep: 'T', foldSep: true, optSeconds: true})
}

// ParseTimestampLTZSQL reads a TIMESTAMP_LTZ in the 'SQL' standard:
// "yyyy-MM-dd HH:mm:ss[.f]Z". The result is the UTC instant.
func ParseTimestampLTZSQL[T text](s T) (Timestamp, error) {
	return parseTimestamp(s, tsLayout{sep: ' ', smart: true, zulu: true})
}

// ParseTimestampLTZISO reads a TIMESTAMP_LTZ in the 'ISO-8601' standard:
// "yyyy-MM-ddTHH:mm[:ss[.f]]Z".
func ParseTimestampLTZISO[T text](s T) (Timestamp, error) {
	return parseTimestamp(s, tsLayout{sep: 'T', optSeconds: true, smart: true, zulu: true})
}

// ParseDate reads "yyyy-MM-dd" and returns days since 1970-01-01.
func ParseDate[T text](s T) (int32, error) {
	y, m, d, err := parseDatePart(s)
	if err != nil {
		return 0, err
	}
	if len(s) != 10 {
		return 0, parseErr(s, "unparsed text found at index 10")
	}
	if d > monthLength(y, m) {
		return 0, parseErr(s, fmt.Sprintf("Invalid date '%s %d'", monthNames[m-1], d))
	}
	return int32(daysFromCivil(y, m, d)), nil
}

// tsLayout describes one of Flink's timestamp patterns.
type tsLayout struct {
	sep        byte // between date and time
	foldSep    bool // sep matches case-insensitively
	optSeconds bool // ":ss" may be absent
	smart      bool // SMART resolution (else STRICT)
	zulu       bool // a literal 'Z' ends the text
}

func parseTimestamp[T text](s T, l tsLayout) (Timestamp, error) {
	y, mo, d, err := parseDatePart(s)
	if err != nil {
		return Timestamp{}, err
	}
	i := 10
	if i >= len(s) || !(s[i] == l.sep || l.foldSep && s[i]|0x20 == l.sep|0x20) {
		return Timestamp{}, parseErr(s, fmt.Sprintf("at index %d", i))
	}
	i++
	h, ok1 := two(s, i)
	ok2 := i+2 < len(s) && s[i+2] == ':'
	mi, ok3 := two(s, i+3)
	if !ok1 || !ok2 || !ok3 {
		return Timestamp{}, parseErr(s, fmt.Sprintf("at index %d", firstBad(s, i, "00:00")))
	}
	i += 5
	sec, nano := 0, 0
	if i < len(s) && s[i] == ':' {
		var ok bool
		if sec, ok = two(s, i+1); !ok {
			return Timestamp{}, parseErr(s, fmt.Sprintf("at index %d", firstBad(s, i+1, "00")))
		}
		i += 3
		if i < len(s) && s[i] == '.' {
			i++
			digits := 0
			for i < len(s) && digits < 9 && s[i] >= '0' && s[i] <= '9' {
				nano = nano*10 + int(s[i]-'0')
				i++
				digits++
			}
			for ; digits < 9; digits++ {
				nano *= 10
			}
		}
	} else if !l.optSeconds {
		return Timestamp{}, parseErr(s, fmt.Sprintf("at index %d", i))
	}
	if l.zulu {
		if i >= len(s) || s[i] != 'Z' {
			return Timestamp{}, parseErr(s, fmt.Sprintf("at index %d", i))
		}
		i++
	}
	if i != len(s) {
		return Timestamp{}, parseErr(s, fmt.Sprintf("unparsed text found at index %d", i))
	}
	if mi > 59 || sec > 59 {
		return Timestamp{}, parseErr(s, "invalid time")
	}
	if ml := monthLength(y, mo); d > ml {
		if !l.smart {
			return Timestamp{}, parseErr(s, fmt.Sprintf("Invalid date '%s %d'", monthNames[mo-1], d))
		}
		d = ml
	}
	days := daysFromCivil(y, mo, d)
	switch {
	case h == 24 && l.smart && mi == 0 && sec == 0 && nano == 0:
		h, days = 0, days+1 // end of day is the next day's midnight
	case h > 23:
		return Timestamp{}, parseErr(s, fmt.Sprintf("Invalid value for HourOfDay (valid values 0 - 23): %d", h))
	}
	return Timestamp{Sec: days*86400 + int64(h*3600+mi*60+sec), Nano: int32(nano)}, nil
}

// parseDatePart reads the leading yyyy-MM-dd, checking month and day ranges
// (day against 31; the caller checks the month's length).
func parseDatePart[T text](s T) (y, m, d int, err error) {
	y1, ok1 := two(s, 0)
	y2, ok2 := two(s, 2)
	ok3 := len(s) > 4 && s[4] == '-'
	m, ok4 := two(s, 5)
	ok5 := len(s) > 7 && s[7] == '-'
	d, ok6 := two(s, 8)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return 0, 0, 0, parseErr(s, fmt.Sprintf("at index %d", firstBad(s, 0, "0000-00-00")))
	}
	y = y1*100 + y2
	if m < 1 || m > 12 {
		return 0, 0, 0, parseErr(s, fmt.Sprintf("Invalid value for MonthOfYear (valid values 1 - 12): %d", m))
	}
	if d < 1 || d > 31 {
		return 0, 0, 0, parseErr(s, fmt.Sprintf("Invalid value for DayOfMonth (valid values 1 - 28/31): %d", d))
	}
	return y, m, d, nil
}

// two reads two ASCII digits at s[i:].
func two[T text](s T, i int) (int, bool) {
	if i+1 >= len(s) || s[i] < '0' || s[i] > '9' || s[i+1] < '0' || s[i+1] > '9' {
		return 0, false
	}
	return int(s[i]-'0')*10 + int(s[i+1]-'0'), true
}

// firstBad returns the index of the first byte from i that does not fit the
// shape ('0' = a digit, other bytes literal), for Java-like error positions.
func firstBad[T text](s T, i int, shape string) int {
	for k := 0; k < len(shape); k++ {
		if i+k >= len(s) {
			return i + k
		}
		c := s[i+k]
		if shape[k] == '0' && (c < '0' || c > '9') || shape[k] != '0' && c != shape[k] {
			return i + k
		}
	}
	return i + len(shape)
}

func parseErr[T text](s T, detail string) error {
	if len(detail) > 3 && detail[:3] == "at " || len(detail) > 9 && detail[:9] == "unparsed " {
		return fmt.Errorf("Text '%s' %w %s", string(s), ErrDateTimeSyntax, detail)
	}
	return fmt.Errorf("Text '%s' %w: %s", string(s), ErrDateTimeSyntax, detail)
}

var monthNames = [12]string{"JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
	"AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func monthLength(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns days since 1970-01-01 of a proleptic Gregorian date
// (H. Hinnant's algorithm: exact for every year, no time package).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(days int64) (y int64, m, d int) {
	z := days + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// splitTimestamp returns the days since the epoch and the second of the day.
func splitTimestamp(t Timestamp) (days int64, secOfDay int) {
	days = t.Sec / 86400
	rem := t.Sec % 86400
	if rem < 0 {
		days--
		rem += 86400
	}
	return days, int(rem)
}

// AppendDate appends a DATE (days since 1970-01-01) as Java's
// LocalDate.toString / ISO_LOCAL_DATE: "2023-08-10", "+10000-01-01", "-0001-01-01".
func AppendDate(dst []byte, days int32) []byte {
	return appendCivilDate(dst, int64(days))
}

func appendCivilDate(dst []byte, days int64) []byte {
	y, m, d := civilFromDays(days)
	dst = appendYear(dst, y)
	dst = append(dst, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return dst
}

// appendYear writes a year as java.time does: four digits at least, a sign
// for negative years and a '+' beyond 9999.
func appendYear(dst []byte, y int64) []byte {
	if y < 0 {
		dst = append(dst, '-')
		y = -y
	} else if y > 9999 {
		dst = append(dst, '+')
	}
	if y < 1000 {
		dst = append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
		return dst
	}
	return appendUint(dst, uint64(y))
}

func appendUint(dst []byte, u uint64) []byte {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

func append2(dst []byte, v int) []byte { return append(dst, byte('0'+v/10), byte('0'+v%10)) }

// appendClock writes "HH:mm:ss".
func appendClock(dst []byte, secOfDay int) []byte {
	dst = append2(dst, secOfDay/3600)
	dst = append(dst, ':')
	dst = append2(dst, secOfDay/60%60)
	dst = append(dst, ':')
	return append2(dst, secOfDay%60)
}

// appendFractionStripped writes ".fff…" without trailing zeros, nothing for
// zero (java.time's appendFraction(NANO_OF_SECOND, 0, 9, true)).
func appendFractionStripped(dst []byte, nano int32) []byte {
	if nano <= 0 {
		return dst
	}
	n := 9
	for nano%10 == 0 {
		nano /= 10
		n--
	}
	return appendNanoDigits(append(dst, '.'), nano, n)
}

// appendNanoDigits writes v zero-padded to n digits.
func appendNanoDigits(dst []byte, v int32, n int) []byte {
	var buf [9]byte
	for i := n - 1; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, buf[:n]...)
}

// AppendTimestampSQL appends t as the json format's 'SQL' standard writes
// it: "2023-08-10 12:34:56.12", seconds always, fraction without trailing
// zeros and omitted when zero.
func AppendTimestampSQL(dst []byte, t Timestamp) []byte {
	return appendTimestampWith(dst, t, ' ')
}

// AppendTimestampISO appends t in the 'ISO-8601' standard: "2023-08-10T12:34:56.12".
func AppendTimestampISO(dst []byte, t Timestamp) []byte {
	return appendTimestampWith(dst, t, 'T')
}

func appendTimestampWith(dst []byte, t Timestamp, sep byte) []byte {
	days, sod := splitTimestamp(t)
	dst = appendCivilDate(dst, days)
	dst = append(dst, sep)
	dst = appendClock(dst, sod)
	return appendFractionStripped(dst, t.Nano)
}
