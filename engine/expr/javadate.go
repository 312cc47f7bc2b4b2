package expr

import (
	"fmt"
	"strings"
	"time"
)

// Date-time patterns as Flink's DATE_FORMAT, TO_TIMESTAMP, TO_DATE,
// UNIX_TIMESTAMP and FROM_UNIXTIME read them (java.time's
// DateTimeFormatter.ofPattern letters): y year, M month (MMM Aug, MMMM
// August), d day, D day of year, H hour 0-23, h hour 1-12, k 1-24, K 0-11,
// m minute, s second, S fraction of second, E day name (EEEE in full), a
// AM/PM, and '…' literal text ('' is a quote). Other letters are refused
// rather than rendered wrongly.

type patternField struct {
	letter byte // 0 for literal text
	count  int
	text   string
}

// compilePattern splits a pattern into fields and literals.
func compilePattern(p string) ([]patternField, error) {
	var out []patternField
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			j := i + 1
			var lit strings.Builder
			for {
				if j >= len(p) {
					return nil, fmt.Errorf("date-time pattern %q: unterminated quote", p)
				}
				if p[j] == '\'' {
					if j+1 < len(p) && p[j+1] == '\'' {
						lit.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				lit.WriteByte(p[j])
				j++
			}
			if j == i+1 {
				lit.WriteByte('\'')
			}
			out = append(out, patternField{text: lit.String()})
			i = j + 1
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(p) && p[j] == c {
				j++
			}
			if !strings.ContainsRune("yMdDHhkKmsSEa", rune(c)) {
				return nil, fmt.Errorf("date-time pattern %q: the letter '%c' is not supported by Sluice", p, c)
			}
			out = append(out, patternField{letter: c, count: j - i})
			i = j
		default:
			out = append(out, patternField{text: string(c)})
			i++
		}
	}
	return out, nil
}

var monthShort = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// formatPattern renders t (its wall clock) with the fields.
func formatPattern(fields []patternField, t time.Time) string {
	var b strings.Builder
	for _, f := range fields {
		switch f.letter {
		case 0:
			b.WriteString(f.text)
		case 'y':
			if f.count == 2 {
				pad(&b, t.Year()%100, 2)
			} else {
				pad(&b, t.Year(), f.count)
			}
		case 'M':
			switch {
			case f.count >= 4:
				b.WriteString(t.Month().String())
			case f.count == 3:
				b.WriteString(monthShort[t.Month()-1])
			default:
				pad(&b, int(t.Month()), f.count)
			}
		case 'd':
			pad(&b, t.Day(), f.count)
		case 'D':
			pad(&b, t.YearDay(), f.count)
		case 'H':
			pad(&b, t.Hour(), f.count)
		case 'k':
			h := t.Hour()
			if h == 0 {
				h = 24
			}
			pad(&b, h, f.count)
		case 'K':
			pad(&b, t.Hour()%12, f.count)
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			pad(&b, h, f.count)
		case 'm':
			pad(&b, t.Minute(), f.count)
		case 's':
			pad(&b, t.Second(), f.count)
		case 'S':
			digits := fmt.Sprintf("%09d", t.Nanosecond())
			for len(digits) < f.count {
				digits += "0"
			}
			b.WriteString(digits[:f.count])
		case 'E':
			if f.count >= 4 {
				b.WriteString(t.Weekday().String())
			} else {
				b.WriteString(t.Weekday().String()[:3])
			}
		case 'a':
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		}
	}
	return b.String()
}

func pad(b *strings.Builder, v, width int) {
	s := fmt.Sprint(v)
	for i := len(s); i < width; i++ {
		b.WriteByte('0')
	}
	b.WriteString(s)
}

// parsePattern reads s with the fields; ok is false when s does not match
// (the functions then give NULL, as Flink does). Fields not in the pattern
// default to 1970-01-01 00:00:00.
func parsePattern(fields []patternField, s string) (time.Time, bool) {
	y, mo, d, h, mi, sec, nano := 1970, 1, 1, 0, 0, 0, 0
	pm, hasAmPm, h12 := false, false, false
	i := 0
	for k, f := range fields {
		if f.letter == 0 {
			if !strings.HasPrefix(s[i:], f.text) {
				return time.Time{}, false
			}
			i += len(f.text)
			continue
		}
		if f.letter == 'M' && f.count >= 3 || f.letter == 'E' || f.letter == 'a' {
			n, v, ok := parseText(f, s[i:])
			if !ok {
				return time.Time{}, false
			}
			i += n
			switch f.letter {
			case 'M':
				mo = v
			case 'a':
				hasAmPm, pm = true, v == 1
			}
			continue
		}
		// Fixed width when the count is 2 or more, or a number follows
		// directly (yyyyMMdd); otherwise as many digits as there are.
		adjacent := k+1 < len(fields) && fields[k+1].letter != 0 && fields[k+1].letter != 'a' && fields[k+1].letter != 'E'
		lo, hi := f.count, f.count
		if f.count == 1 || f.letter == 'y' && f.count >= 4 && !adjacent {
			hi = 10
		}
		if f.letter == 'S' {
			lo, hi = f.count, f.count
		}
		j := i
		for j < len(s) && j-i < hi && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i < lo {
			return time.Time{}, false
		}
		v := 0
		for _, c := range s[i:j] {
			v = v*10 + int(c-'0')
		}
		switch f.letter {
		case 'y':
			y = v
			if f.count == 2 {
				y = 2000 + v
			}
		case 'M':
			mo = v
		case 'd':
			d = v
		case 'D':
			mo, d = 1, v
		case 'H', 'k':
			h = v % 24
		case 'h', 'K':
			h, h12 = v%12, true
		case 'm':
			mi = v
		case 's':
			sec = v
		case 'S':
			for n := j - i; n < 9; n++ {
				v *= 10
			}
			nano = v
		}
		i = j
	}
	if i != len(s) {
		return time.Time{}, false
	}
	if hasAmPm && pm && (h12 || h < 12) {
		h += 12
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) && !(fields != nil && d <= 366 && mo == 1 && hasLetter(fields, 'D')) ||
		h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, nano, time.UTC), true
}

func hasLetter(fields []patternField, c byte) bool {
	for _, f := range fields {
		if f.letter == c {
			return true
		}
	}
	return false
}

// parseText reads a month name, a day name or AM/PM; v is the month
// (1-12), or 1 for PM.
func parseText(f patternField, s string) (n, v int, ok bool) {
	var names []string
	switch f.letter {
	case 'M':
		for m := time.January; m <= time.December; m++ {
			if f.count >= 4 {
				names = append(names, m.String())
			} else {
				names = append(names, monthShort[m-1])
			}
		}
	case 'E':
		for d := time.Sunday; d <= time.Saturday; d++ {
			if f.count >= 4 {
				names = append(names, d.String())
			} else {
				names = append(names, d.String()[:3])
			}
		}
	case 'a':
		names = []string{"AM", "PM"}
	}
	for i, name := range names {
		if strings.HasPrefix(s, name) {
			if f.letter == 'M' {
				return len(name), i + 1, true
			}
			return len(name), i, true
		}
	}
	return 0, 0, false
}
