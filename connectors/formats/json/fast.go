package json

import (
	"encoding/binary"
	"math"
	"math/bits"
	"strconv"

	"github.com/sluice-sql/sluice/engine/types"
)

// The fast path decodes the common record shape — an object whose names are
// exactly the columns in schema order, each once, with plain values — in one
// pass over the bytes, without the token scanner, the name lookup or the
// generic converters. It either decodes the whole record or gives up (ok ==
// false), leaving dst, strBuf and refs in an undefined state; Decode then
// clears them and runs the general path from the start. The general path
// therefore defines the semantics: the fast path only accepts what it can
// prove decodes to the same values without an error, and gives up on
// anything else (escapes, non-ASCII, exponents, out-of-range numbers, values
// of another type, unknown or reordered names, …). TestFastPathMatchesGeneral
// (seed records, the oracle's and fuzz corpus' inputs and byte mutations of
// them) and FuzzFastPath check that the two agree, errors included.
//
// Why it agrees with the general path on what it accepts:
//   - names: `"<column>"` compared byte for byte with a column name that
//     needs no escaping, so the scanner would read the same name and the
//     lookup would pick the next column in order (it tries it first);
//   - after the last column only '}' is accepted; the general path stops at
//     that '}' and, like Flink, ignores what follows it;
//   - a value must be followed by whitespace, ',' or '}', which is where the
//     scanner's token ends too (a literal glued to more letters, "1x", "1."
//     are rejected rather than reproduced);
//   - whitespace is JSON's (space, tab, CR, LF), as the scanner skips it.

// fastKind is how the fast path reads a column.
type fastKind uint8

const (
	fastString    fastKind = iota + 1 // CHAR, VARCHAR: a plain string
	fastInt                           // TINYINT … BIGINT: a plain integer in range
	fastDecimal                       // DECIMAL(p ≤ 18): a plain number without exponent
	fastTimestamp                     // TIMESTAMP in the SQL standard: a plain, valid string
	fastBool                          // BOOLEAN: true or false
	fastFloat                         // FLOAT, DOUBLE: a JSON number that parses without range error
	fastTime                          // DATE, TIMESTAMP_LTZ, ISO TIMESTAMP: a plain string that parses
	fastBytes                         // BYTES: a plain string that is valid base64
)

// fastCol is a column as the fast path sees it.
type fastCol struct {
	// lead is what precedes the value in the two usual layouts, compact
	// (`,"name":`) and json.dumps's (`, "name": `); `{"name":` and
	// `{"name": ` for the first column.
	lead     [2]literal
	name     string // `"name"`, for other layouts
	fast     fastKind
	kind     types.Kind
	p, s     int   // DECIMAL precision and scale; p is the bit size of FLOAT/DOUBLE
	min, max int64 // range of an integer kind
}

// fastPlan returns the fast path's view of the columns, or nil when some
// column has a name that needs escaping or a type it does not read (then
// every record takes the general path).
func fastPlan(cols []column, iso bool) []fastCol {
	if len(cols) == 0 {
		return nil
	}
	plan := make([]fastCol, len(cols))
	for i, c := range cols {
		if c.key == nil {
			return nil
		}
		name := string(c.key[:len(c.key)-1])
		lead := [2]literal{newLiteral("," + name + ":"), newLiteral(", " + name + ": ")}
		if i == 0 {
			lead = [2]literal{newLiteral("{" + name + ":"), newLiteral("{" + name + ": ")}
		}
		f := fastCol{
			lead: lead,
			name: name, kind: c.kind, p: c.precision, s: c.scale,
		}
		switch c.kind {
		case types.KindChar, types.KindVarchar:
			f.fast = fastString
		case types.KindTinyInt:
			f.fast, f.min, f.max = fastInt, math.MinInt8, math.MaxInt8
		case types.KindSmallInt:
			f.fast, f.min, f.max = fastInt, math.MinInt16, math.MaxInt16
		case types.KindInt:
			f.fast, f.min, f.max = fastInt, math.MinInt32, math.MaxInt32
		case types.KindBigInt:
			f.fast, f.min, f.max = fastInt, math.MinInt64, math.MaxInt64
		case types.KindDecimal:
			if c.precision > 18 || c.scale < 0 || c.scale > c.precision {
				return nil
			}
			f.fast = fastDecimal
		case types.KindTimestamp:
			f.fast = fastTimestamp
			if iso {
				f.fast = fastTime
			}
		case types.KindDate, types.KindTimestampLTZ:
			f.fast = fastTime
		case types.KindBoolean:
			f.fast = fastBool
		case types.KindFloat:
			f.fast, f.p = fastFloat, 32
		case types.KindDouble:
			f.fast, f.p = fastFloat, 64
		case types.KindBytes:
			f.fast = fastBytes
		default:
			return nil
		}
		plan[i] = f
	}
	return plan
}

// decodeFast is the fast path; see above.
func (d *decoder) decodeFast(b []byte, dst []types.Value) bool {
	plan := d.fast
	if len(plan) == 0 || len(dst) != len(plan) || len(d.refs) != len(plan) {
		return false
	}
	i := 0
	for ci := range plan {
		c := &plan[ci]
		// Everything from the '{' or ',' to the value: usually one of the
		// two layouts of c.lead, compared at once; else token by token.
		if l := &c.lead[d.layout&1]; l.at(b, i) {
			i += len(l.text)
		} else if l := &c.lead[1-d.layout&1]; l.at(b, i) {
			i += len(l.text)
			d.layout = 1 - d.layout&1
		} else if i = leadSlow(c.name, ci == 0, b, i); i < 0 {
			return false
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return false
		}
		switch {
		case b[i] == 'n':
			// null is NULL for every type (convert's first case).
			if len(b)-i < 4 || string(b[i:i+4]) != "null" {
				return false
			}
			dst[ci] = types.Null
			d.refs[ci].set = false
			i += 4
		case c.fast == fastString:
			if b[i] != '"' {
				return false
			}
			end, ok := plainString(b, i+1)
			if !ok {
				return false
			}
			start := len(d.strBuf)
			d.strBuf = append(d.strBuf, b[i+1:end]...)
			// dst[ci] is set from refs once the record is read.
			d.refs[ci] = strRef{start: start, end: len(d.strBuf), set: true}
			d.anyStr = true
			i = end + 1
		case c.fast == fastInt:
			v, end, ok := plainInt(b, i)
			if !ok || v < c.min || v > c.max {
				return false
			}
			dst[ci] = types.IntValue(c.kind, v)
			i = end
		case c.fast == fastDecimal:
			v, end, ok := plainDecimal(b, i, c.p, c.s)
			if !ok {
				return false
			}
			dst[ci] = types.DecimalValue(types.NewDecimal(v, c.s))
			i = end
		case c.fast == fastTimestamp:
			if b[i] != '"' {
				return false
			}
			ts, end, ok := d.tsMinute.parseQuoted(b, i+1)
			if !ok {
				return false
			}
			dst[ci] = types.TimestampValue(ts)
			i = end + 1
		case c.fast == fastFloat:
			end, ok := numberEnd(b, i)
			if !ok {
				return false
			}
			f, err := strconv.ParseFloat(string(b[i:end]), c.p)
			if err != nil {
				return false // a range error is infinity: left to the general path
			}
			dst[ci] = types.FloatValue(c.kind, f)
			i = end
		case c.fast == fastTime:
			if b[i] != '"' {
				return false
			}
			end, ok := plainString(b, i+1)
			if !ok {
				return false
			}
			t := b[i+1 : end]
			if c.kind == types.KindDate {
				days, err := types.ParseDate(t)
				if err != nil {
					return false
				}
				dst[ci] = types.DateValue(days)
			} else {
				ts, err := d.parseTimestamp(c.kind, t)
				if err != nil {
					return false
				}
				if c.kind == types.KindTimestamp {
					dst[ci] = types.TimestampValue(ts)
				} else {
					dst[ci] = types.TimestampLTZValue(ts)
				}
			}
			i = end + 1
		case c.fast == fastBytes:
			if b[i] != '"' {
				return false
			}
			end, ok := plainString(b, i+1)
			if !ok {
				return false
			}
			out, pos, ok := decodeBase64(d.tmp[:0], b, i+1)
			d.tmp = out
			if !ok || pos != end+1 {
				return false
			}
			dst[ci] = types.BytesValue(out)
			i = end + 1
		case c.fast == fastBool && len(b)-i >= 4 && string(b[i:i+4]) == "true":
			dst[ci] = types.BoolValue(true)
			i += 4
		case c.fast == fastBool && len(b)-i >= 5 && string(b[i:i+5]) == "false":
			dst[ci] = types.BoolValue(false)
			i += 5
		default:
			return false
		}
		// The ',' that follows is part of the next column's lead.
	}
	i = skipSpace(b, i)
	return i < len(b) && b[i] == '}'
}

// literal is a byte string to compare input with, also as 8-byte words
// when it is 8 to 32 bytes long (the usual name): a few word compares
// instead of a call to the runtime's memequal.
type literal struct {
	text  string
	words [4]uint64 // at offsets 0, 8, 16 … and the last at len-8 (overlapping)
	n     int       // words used; 0: compare text
}

func newLiteral(text string) literal {
	l := literal{text: text}
	if len(text) < 8 || len(text) > 32 {
		return l
	}
	for off := 0; ; off += 8 {
		if off > len(text)-8 {
			off = len(text) - 8
		}
		l.words[l.n] = binary.LittleEndian.Uint64([]byte(text[off:]))
		l.n++
		if off == len(text)-8 {
			return l
		}
	}
}

// at reports whether b[i:] starts with the literal.
func (l *literal) at(b []byte, i int) bool {
	n := len(l.text)
	if len(b)-i < n {
		return false
	}
	if l.n == 0 {
		return string(b[i:i+n]) == l.text
	}
	b = b[i : i+n]
	for k := 0; k < l.n-1; k++ {
		if binary.LittleEndian.Uint64(b[8*k:]) != l.words[k] {
			return false
		}
	}
	return binary.LittleEndian.Uint64(b[n-8:]) == l.words[l.n-1]
}

// leadSlow matches, whitespace allowed between the tokens, '{' (the first
// column) or ',', then name (`"name"`) and ':' from b[i]. It returns the
// position after the ':', or -1. (A BOM is not '{': the general path
// handles it.)
func leadSlow(name string, first bool, b []byte, i int) int {
	open := byte(',')
	if first {
		open = '{'
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != open {
		return -1
	}
	i = skipSpace(b, i+1)
	if len(b)-i < len(name) || string(b[i:i+len(name)]) != name {
		return -1
	}
	i = skipSpace(b, i+len(name))
	if i >= len(b) || b[i] != ':' {
		return -1
	}
	return i + 1
}

// numberEnd returns the end of the JSON number at b[i], with the scanner's
// grammar -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; false where the
// scanner would fail (leading zero, missing digits).
func numberEnd(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b) || b[i] < '0' || b[i] > '9':
		return i, false
	case b[i] == '0':
		i++
		if i < len(b) && b[i] >= '0' && b[i] <= '9' {
			return i, false
		}
	default:
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return i, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return i, false
		}
	}
	return i, true
}

// plainString scans string contents from b[i] (after the opening quote) and
// returns the index of the closing quote; false on an escape, a byte ≥ 0x80
// (UTF-8 is validated by the general path) or the end of the input. Raw
// control characters are contents, as for the scanner.
func plainString(b []byte, i int) (int, bool) {
	for i+8 <= len(b) {
		if m := specialMask(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			i += bits.TrailingZeros64(m) >> 3
			return i, b[i] == '"'
		}
		i += 8
	}
	for i < len(b) {
		switch c := b[i]; {
		case c == '"':
			return i, true
		case c == '\\' || c >= 0x80:
			return i, false
		}
		i++
	}
	return i, false
}

// specialMask has the high bit of each byte of w that is '"', '\\' or
// ≥ 0x80 set — exactly for the lowest such byte; bytes above it may be
// marked wrongly (a borrow of the zero-byte test), so only the lowest set
// bit is to be trusted.
func specialMask(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := w ^ (ones * '"')
	bs := w ^ (ones * '\\')
	return ((q-ones)&^q | (bs-ones)&^bs | w) & highs
}

// plainInt reads a JSON integer token -?(0|[1-9][0-9]*) of at most 18
// digits (so it cannot overflow) that is not the start of a float.
func plainInt(b []byte, i int) (v int64, end int, ok bool) {
	neg := false
	if b[i] == '-' {
		neg = true
		i++
	}
	start := i
	if len(b)-i >= 8 {
		if w := binary.LittleEndian.Uint64(b[i:]); allDigits8(w) {
			v, i = int64(parse8(w)), i+8
		}
	}
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		v = v*10 + int64(b[i]-'0')
		i++
	}
	n := i - start
	if n == 0 || n > 18 || n > 1 && b[start] == '0' {
		return 0, i, false
	}
	if i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E') {
		return 0, i, false
	}
	if neg {
		v = -v
	}
	return v, i, true
}

// allDigits8 reports whether the eight bytes of w are ASCII digits: the high
// nibble is 3 and adding 6 does not carry out of the low one.
func allDigits8(w uint64) bool {
	const f0, x30, x06 = 0xF0F0F0F0F0F0F0F0, 0x3030303030303030, 0x0606060606060606
	return w&f0 == x30 && (w+x06)&f0 == x30
}

// parse8 converts eight ASCII digits, the first in the lowest byte, to
// their value (D. Lemire's SWAR method: pairs, then quads, then the eight).
func parse8(w uint64) uint64 {
	w -= 0x3030303030303030
	w = w*10 + w>>8
	return ((w&0x000000FF000000FF)*(100+1000000<<32) + (w>>16&0x000000FF000000FF)*(1+10000<<32)) >> 32
}

// pow10 are the powers of ten that fit in int64.
var pow10 = [19]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// plainDecimal reads a JSON number token -?(0|[1-9][0-9]*)(\.[0-9]+)?
// (no exponent) as the unscaled value of DECIMAL(p, s), rounding HALF_UP
// as toDecimal does. It gives up when the value does not fit the precision
// (Flink's NULL: left to the general path) or p > 18.
func plainDecimal(b []byte, i, p, s int) (v int64, end int, ok bool) {
	if p > 18 || s < 0 || s > p {
		return 0, i, false
	}
	neg := false
	if b[i] == '-' {
		neg = true
		i++
	}
	// v never reaches 10^18: a value with more digits than that does not
	// fit p ≤ 18 anyway (the general path makes it NULL).
	const maxV = 1e17
	start := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		if v >= maxV {
			return 0, i, false
		}
		v = v*10 + int64(b[i]-'0')
		i++
	}
	if i == start || i-start > 1 && b[start] == '0' {
		return 0, i, false
	}
	frac := 0 // fraction digits taken into v
	roundUp := false
	if i < len(b) && b[i] == '.' {
		i++
		fs := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if frac < s {
				if v >= maxV {
					return 0, i, false
				}
				v = v*10 + int64(b[i]-'0')
				frac++
			} else if i == fs+s {
				roundUp = b[i] >= '5' // HALF_UP looks at the first dropped digit
			}
			i++
		}
		if i == fs {
			return 0, i, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		return 0, i, false
	}
	// The unscaled value is v × 10^(s-frac) (+1 when rounding up); check
	// it has at most p digits before scaling so the product cannot overflow.
	if v >= pow10[p-s+frac] {
		return 0, i, false // does not fit (even before rounding)
	}
	v *= pow10[s-frac]
	if roundUp {
		v++
	}
	if v >= pow10[p] {
		return 0, i, false
	}
	if neg {
		v = -v
	}
	return v, i, true
}

// parseTimestampSQLFast is types.ParseTimestampSQL for well-formed text:
// "yyyy-MM-dd HH:mm:ss" with an optional '.' and up to nine digits, every
// field in range (no day clamping, no 24:00). false means "not this
// shape": the caller uses types.ParseTimestampSQL, which then decides
// (and words the error). TestTimestampFastMatches checks the agreement.
func parseTimestampSQLFast(s []byte) (types.Timestamp, bool) {
	if len(s) < 19 {
		return types.Timestamp{}, false
	}
	base, ok := parseMinute(s[:16])
	if !ok {
		return types.Timestamp{}, false
	}
	return secondsAndFraction(base, s[16:])
}

// parseMinute reads "yyyy-MM-dd HH:mm" (valid date, hour ≤ 23, minute ≤ 59)
// as seconds since the epoch.
func parseMinute(s []byte) (int64, bool) {
	if len(s) != 16 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' {
		return 0, false
	}
	y1, ok1 := digits2(s[0], s[1])
	y2, ok2 := digits2(s[2], s[3])
	mo, ok3 := digits2(s[5], s[6])
	d, ok4 := digits2(s[8], s[9])
	h, ok5 := digits2(s[11], s[12])
	mi, ok6 := digits2(s[14], s[15])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return 0, false
	}
	y := y1*100 + y2
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 {
		return 0, false
	}
	return civilDays(y, mo, d)*86400 + int64(h*3600+mi*60), true
}

// secondsAndFraction reads ":ss" then nothing or '.' and 0–9 digits.
func secondsAndFraction(base int64, s []byte) (types.Timestamp, bool) {
	if len(s) < 3 || s[0] != ':' {
		return types.Timestamp{}, false
	}
	sec, ok := digits2(s[1], s[2])
	if !ok || sec > 59 {
		return types.Timestamp{}, false
	}
	nano := 0
	if len(s) > 3 {
		if s[3] != '.' || len(s) > 13 {
			return types.Timestamp{}, false
		}
		for _, c := range s[4:] {
			if c < '0' || c > '9' {
				return types.Timestamp{}, false
			}
			nano = nano*10 + int(c-'0')
		}
		nano *= int(pow10[13-len(s)])
	}
	return types.Timestamp{Sec: base + int64(sec), Nano: int32(nano)}, true
}

// minuteCache remembers the last minute prefix parsed, so that a stream of
// close timestamps (the usual case) skips the date arithmetic.
type minuteCache struct {
	ok     bool
	prefix [2]uint64 // the 16 bytes, little-endian
	base   int64
}

// parse is parseTimestampSQLFast through the cache.
func (m *minuteCache) parse(s []byte) (types.Timestamp, bool) {
	if len(s) < 19 {
		return types.Timestamp{}, false
	}
	if !m.ok || binary.LittleEndian.Uint64(s) != m.prefix[0] || binary.LittleEndian.Uint64(s[8:]) != m.prefix[1] {
		base, ok := parseMinute(s[:16])
		if !ok {
			return types.Timestamp{}, false
		}
		m.ok, m.base = true, base
		m.prefix = [2]uint64{binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[8:])}
	}
	return secondsAndFraction(m.base, s[16:])
}

// parseQuoted parses the string contents from b[i] to the closing quote
// as a timestamp and returns the quote's position. It stands for
// plainString + parse: a timestamp it accepts is all digits and
// separators, so the string has no escape, nothing ≥ 0x80 and ends at
// the first quote after it.
func (m *minuteCache) parseQuoted(b []byte, i int) (types.Timestamp, int, bool) {
	if len(b)-i < 20 {
		return types.Timestamp{}, i, false
	}
	e := i + 19
	if b[e] == '.' {
		e++
		for e < len(b) && e-i < 29 && b[e] >= '0' && b[e] <= '9' {
			e++
		}
	}
	if e >= len(b) || b[e] != '"' {
		return types.Timestamp{}, i, false
	}
	ts, ok := m.parse(b[i:e])
	return ts, e, ok
}

func digits2(a, b byte) (int, bool) {
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilDays returns days since 1970-01-01 of a proleptic Gregorian date,
// year 0–9999 (H. Hinnant's days_from_civil, as engine/types uses).
func civilDays(y, m, d int) int64 {
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
