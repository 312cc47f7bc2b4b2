package json

import (
	"encoding/binary"
	"errors"
)

// scanner is a streaming JSON tokenizer that behaves like the Jackson
// parser Flink's json format runs (JsonParserRowDataDeserializationSchema):
// strict JSON, raw control characters allowed in strings
// (ALLOW_UNESCAPED_CONTROL_CHARS), any number of root values, and string
// contents validated lazily — an error inside a string surfaces only when
// the string is read or skipped, and after a failed read Jackson carries on
// right after the offending byte. Flink's row converter reacts to all of
// these (ignore-parse-errors turns some into NULL fields, others drop the
// record), so Sluice reproduces them rather than using a stricter parser.
type scanner struct {
	buf []byte
	pos int // next byte to read
	tok tok
	// start/end delimit the token text: the contents of a string or name
	// (without quotes), the text of a number or literal.
	start, end int
	// esc is set when a string or name contains backslash escapes.
	esc bool
	// badAt is, for a string whose contents are invalid, the position right
	// after the offending byte (where Jackson resumes after a failed read);
	// -1 otherwise. The token's end is then unknown.
	badAt int
	// stack holds the open containers, true for an object.
	stack []bool
	state state
}

type tok uint8

const (
	tEOF tok = iota
	tStartObject
	tEndObject
	tStartArray
	tEndArray
	tName
	tString
	tInt
	tFloat
	tTrue
	tFalse
	tNull
)

// state is what the scanner expects next.
type state uint8

const (
	stRoot       state = iota // a root value, or the end of the input
	stValue                   // a value (after ':' or ',' in an array)
	stValueOrEnd              // a value or ']' (after '[')
	stNameOrEnd               // a name or '}' (after '{')
	stName                    // a name (after ',' in an object)
	stAfter                   // ',' or the close of the open container
)

// Syntax errors: Flink reports Jackson's message; these say the same thing
// in short. They are package-level constants in effect (never modified).
var (
	errEOF         = errors.New("unexpected end-of-input")
	errUnexpected  = errors.New("unexpected character")
	errLeadingZero = errors.New("invalid numeric value: leading zeroes not allowed")
	errNumber      = errors.New("invalid numeric value")
	errLiteral     = errors.New("unrecognized token")
	errBadString   = errors.New("invalid string contents (bad escape or UTF-8)")
	errNotObject   = errors.New("No content to map due to end-of-input")
)

func (s *scanner) reset(data []byte) {
	s.buf, s.pos, s.tok, s.state = data, 0, tEOF, stRoot
	s.stack = s.stack[:0]
	s.badAt = -1
	// Jackson's bootstrapper skips a UTF-8 byte order mark.
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		s.pos = 3
	}
}

// skipWS skips JSON whitespace and returns the next byte, or -1 at the end.
func (s *scanner) skipWS() int {
	for s.pos < len(s.buf) {
		switch c := s.buf[s.pos]; c {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return int(c)
		}
	}
	return -1
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON whitespace (len(b) if none).
func skipSpace(b []byte, i int) int {
	// The first test settles the usual byte (a token, above ' ') at once.
	for i < len(b) && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// next advances to the next token. A string left unread whose contents are
// invalid fails here, as Jackson's skipping of it does.
func (s *scanner) next() error {
	if (s.tok == tString) && s.badAt >= 0 {
		return errBadString
	}
	s.badAt = -1
	c := s.skipWS()
	switch s.state {
	case stAfter:
		if c < 0 {
			return errEOF
		}
		s.pos++
		inObject := s.stack[len(s.stack)-1]
		switch {
		case c == ',' && inObject:
			return s.name()
		case c == ',':
			s.state = stValue
			c = s.skipWS()
		case c == '}' && inObject, c == ']' && !inObject:
			return s.closeContainer()
		default:
			return errUnexpected
		}
	case stNameOrEnd:
		if c == '}' {
			s.pos++
			return s.closeContainer()
		}
		return s.name()
	case stName:
		return s.name()
	case stValueOrEnd:
		if c == ']' {
			s.pos++
			return s.closeContainer()
		}
	case stRoot:
		if c < 0 {
			s.tok = tEOF
			return nil
		}
	}
	return s.value(c)
}

func (s *scanner) closeContainer() error {
	s.start, s.end, s.esc = s.pos-1, s.pos, false
	if s.stack[len(s.stack)-1] {
		s.tok = tEndObject
	} else {
		s.tok = tEndArray
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.afterValue()
	return nil
}

// afterValue sets the state following a complete value.
func (s *scanner) afterValue() {
	if len(s.stack) == 0 {
		s.state = stRoot
	} else {
		s.state = stAfter
	}
}

// name reads `"name" :` after skipping whitespace.
func (s *scanner) name() error {
	c := s.skipWS()
	if c < 0 {
		return errEOF
	}
	if c != '"' {
		return errUnexpected
	}
	s.pos++
	if err := s.scanString(); err != nil {
		return err
	}
	if s.badAt >= 0 {
		// Jackson decodes names eagerly: a bad name fails the token.
		s.badAt = -1
		return errBadString
	}
	s.tok = tName
	c = s.skipWS()
	if c != ':' {
		if c < 0 {
			return errEOF
		}
		return errUnexpected
	}
	s.pos++
	s.state = stValue
	return nil
}

// value reads a value starting with byte c (already known, not consumed).
func (s *scanner) value(c int) error {
	if c < 0 {
		return errEOF
	}
	s.start, s.end, s.esc = s.pos, s.pos+1, false
	switch {
	case c == '{':
		s.pos++
		s.stack = append(s.stack, true)
		s.tok, s.state = tStartObject, stNameOrEnd
		return nil
	case c == '[':
		s.pos++
		s.stack = append(s.stack, false)
		s.tok, s.state = tStartArray, stValueOrEnd
		return nil
	case c == '"':
		s.pos++
		if err := s.scanString(); err != nil {
			return err
		}
		s.tok = tString
	case c == '-' || c >= '0' && c <= '9':
		if err := s.scanNumber(); err != nil {
			return err
		}
	case c == 't':
		if err := s.literal("true"); err != nil {
			return err
		}
		s.tok = tTrue
	case c == 'f':
		if err := s.literal("false"); err != nil {
			return err
		}
		s.tok = tFalse
	case c == 'n':
		if err := s.literal("null"); err != nil {
			return err
		}
		s.tok = tNull
	default:
		return errUnexpected
	}
	s.afterValue()
	return nil
}

func (s *scanner) literal(word string) error {
	if len(s.buf)-s.pos < len(word) || string(s.buf[s.pos:s.pos+len(word)]) != word {
		return errLiteral
	}
	s.pos += len(word)
	// Jackson rejects a literal glued to identifier characters ("truex").
	if s.pos < len(s.buf) && isIdentPart(s.buf[s.pos]) {
		return errLiteral
	}
	s.end = s.pos
	return nil
}

func isIdentPart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

// scanNumber reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) scanNumber() error {
	b, i := s.buf, s.pos
	if b[i] == '-' {
		i++
	}
	if i >= len(b) || b[i] < '0' || b[i] > '9' {
		return errNumber
	}
	if b[i] == '0' {
		i++
		if i < len(b) && b[i] >= '0' && b[i] <= '9' {
			return errLeadingZero
		}
	} else {
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	s.tok = tInt
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return errNumber
		}
		s.tok = tFloat
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
			return errNumber
		}
		s.tok = tFloat
	}
	s.start, s.end, s.pos = s.pos, i, i
	return nil
}

// scanString scans string contents from s.pos (after the opening quote) to
// the closing quote, setting start/end/esc. Invalid contents set badAt and
// stop the scan there (the caller decides whether that is an error now).
// Only the end of the input is an immediate error.
func (s *scanner) scanString() error {
	b := s.buf
	i := s.pos
	s.start, s.esc, s.badAt = i, false, -1
	for {
		// Fast path: plain ASCII, eight bytes at a time.
		for i+8 <= len(b) && !hasSpecial(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		for i < len(b) && plainByte[b[i]] == 'x' {
			i++
		}
		if i >= len(b) {
			return errEOF
		}
		switch c := b[i]; {
		case c == '"':
			s.end, s.pos = i, i+1
			return nil
		case c == '\\':
			s.esc = true
			n, ok := escapeLen(b, i)
			if !ok {
				return s.bad(i + n)
			}
			i += n
		default:
			n, ok := utf8SeqLen(b, i)
			if !ok {
				return s.bad(i + n)
			}
			i += n
		}
	}
}

// plainByte marks with 'x' the bytes a string holds as they are (not '"',
// '\\', nor ≥ 0x80). A constant string, so lookups need no bounds check.
const plainByte = "" +
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + // 0x00-0x1F: raw control characters are allowed
	"xx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + // 0x20-0x3F: '"'
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxx" + // 0x40-0x5F: '\\'
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + // 0x60-0x7F
	"................................" +
	"................................" +
	"................................" +
	"................................"

// hasSpecial reports whether any byte of w is '"', '\\' or ≥ 0x80 (SWAR:
// a byte equal to c makes (w^c…) have a zero byte, which the classic
// (x-0x01…)&^x&0x80… test detects).
func hasSpecial(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := w ^ (ones * '"')
	bs := w ^ (ones * '\\')
	return ((q-ones)&^q|(bs-ones)&^bs|w)&highs != 0
}

// bad records invalid string contents ending at position at.
func (s *scanner) bad(at int) error {
	if at > len(s.buf) {
		at = len(s.buf)
	}
	s.badAt, s.end, s.pos = at, at, at
	if at >= len(s.buf) {
		return errEOF
	}
	return nil
}

// escapeLen returns the length of the escape sequence at b[i] ('\\'), or,
// when invalid, the number of bytes Jackson consumed before failing.
func escapeLen(b []byte, i int) (int, bool) {
	if i+1 >= len(b) {
		return len(b) - i, false
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, true
	case 'u':
		for k := 2; k < 6; k++ {
			if i+k >= len(b) {
				return len(b) - i, false
			}
			if hexVal(b[i+k]) < 0 {
				return k + 1, false
			}
		}
		return 6, true
	}
	return 2, false
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// utf8SeqLen checks the multi-byte sequence at b[i] as Jackson does: by the
// lead byte's class and the continuation bytes only (no overlong or
// surrogate checks). When invalid it returns the bytes consumed up to and
// including the offending one.
func utf8SeqLen(b []byte, i int) (int, bool) {
	c := b[i]
	var n int
	switch {
	case c&0xE0 == 0xC0:
		n = 2
	case c&0xF0 == 0xE0:
		n = 3
	case c&0xF8 == 0xF0:
		n = 4
	default:
		return 1, false
	}
	for k := 1; k < n; k++ {
		if i+k >= len(b) {
			return len(b) - i, false
		}
		if b[i+k]&0xC0 != 0x80 {
			return k + 1, false
		}
	}
	return n, true
}

// resumeAfterBadString continues after a string whose read failed: Jackson
// has consumed up to the offending byte and goes on from there as if the
// string had ended.
func (s *scanner) resumeAfterBadString() {
	s.pos = s.badAt
	s.badAt = -1
	s.tok = tNull // consumed; never reported as a string again
	s.afterValue()
}

// skipChildren skips to the end of the container the current token opens
// (Flink's skipToNextField without the final advance).
func (s *scanner) skipChildren() error {
	if s.tok != tStartObject && s.tok != tStartArray {
		return nil
	}
	depth := 1
	for depth > 0 {
		if err := s.next(); err != nil {
			return err
		}
		switch s.tok {
		case tStartObject, tStartArray:
			depth++
		case tEndObject, tEndArray:
			depth--
		case tEOF:
			return errEOF
		}
	}
	return nil
}
