package json

import "unicode/utf8"

// unescape appends the decoded contents of a JSON string (raw bytes
// between the quotes, already validated by the scanner) to dst. \u escapes
// of surrogates are combined into UTF-8 when they pair up; a lone surrogate
// becomes its 3-byte (WTF-8) form, which keeps it distinct — Flink holds it
// in a Java string and writes it back as "\uD800".
func unescape(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		if c != '\\' {
			j := i + 1
			for j < len(src) && src[j] != '\\' {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
			continue
		}
		if i+1 >= len(src) {
			return dst
		}
		e := src[i+1]
		i += 2
		switch e {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			if i+4 > len(src) {
				return dst
			}
			r := hex4(src[i:])
			i += 4
			if r >= 0xD800 && r < 0xDC00 && i+6 <= len(src) && src[i] == '\\' && src[i+1] == 'u' {
				if lo := hex4(src[i+2:]); lo >= 0xDC00 && lo < 0xE000 {
					dst = utf8.AppendRune(dst, 0x10000+(r-0xD800)<<10+(lo-0xDC00))
					i += 6
					continue
				}
			}
			dst = appendCodeUnit(dst, r)
		default: // '"', '\\', '/'
			dst = append(dst, e)
		}
	}
	return dst
}

func hex4(b []byte) rune {
	return rune(hexVal(b[0])<<12 | hexVal(b[1])<<8 | hexVal(b[2])<<4 | hexVal(b[3]))
}

// appendCodeUnit appends a BMP code unit, surrogates included (as WTF-8).
func appendCodeUnit(dst []byte, r rune) []byte {
	if r >= 0xD800 && r < 0xE000 {
		return append(dst, byte(0xE0|r>>12), byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(dst, r)
}

const hexDigits = "0123456789ABCDEF"

// appendQuoted appends s as a JSON string the way Flink's Jackson generator
// writes it to bytes: '"' and '\\' escaped, control characters as \b \t \n
// \f \r or \u00XX, characters outside the BMP as an escaped surrogate pair
// ("\uD83D\uDE00"), everything else (DEL and '/' included) as UTF-8.
func appendQuoted[T ~string | ~[]byte](dst []byte, s T) []byte {
	return appendQuotedMode(dst, s, true)
}

// appendQuotedString is appendQuoted for the usual string, which needs no
// escaping at all: checked eight bytes at a time (the last word overlapping
// the one before) and copied in one go; anything else goes through
// appendQuoted.
func appendQuotedString(dst []byte, s string) []byte {
	if len(s) >= 8 {
		for i := 0; ; i += 8 {
			if i > len(s)-8 {
				i = len(s) - 8
			}
			if needsEscape(uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56) {
				return appendQuoted(dst, s)
			}
			if i == len(s)-8 {
				break
			}
		}
	} else {
		for i := 0; i < len(s); i++ {
			if plainByteOut[s[i]] != 'x' {
				return appendQuoted(dst, s)
			}
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// plainByteOut marks with 'x' the bytes appendQuoted copies as they are:
// not a control character, '"', '\\' nor ≥ 0x80.
const plainByteOut = "" +
	"................................" + // 0x00-0x1F
	"xx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + // 0x20-0x3F: '"'
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxx" + // 0x40-0x5F: '\\'
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + // 0x60-0x7F
	"................................" +
	"................................" +
	"................................" +
	"................................"

// needsEscape reports whether a byte of w is below 0x20, '"', '\\' or
// ≥ 0x80 — anything appendQuoted does not copy as it is. (SWAR: the
// subtractions borrow, and so set a high bit, only where some byte is
// below the bound or equal to the character; no byte qualifying, no bit.)
func needsEscape(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := w ^ (ones * '"')
	bs := w ^ (ones * '\\')
	return ((w-ones*0x20)&^w|(q-ones)&^q|(bs-ones)&^bs|w)&highs != 0
}

// appendQuotedChars is the same for Jackson's character-based generator
// (JsonNode.toString, used for objects read into STRING columns): it leaves
// characters outside the BMP, and lone surrogates, unescaped.
func appendQuotedChars[T ~string | ~[]byte](dst []byte, s T) []byte {
	return appendQuotedMode(dst, s, false)
}

func appendQuotedMode[T ~string | ~[]byte](dst []byte, s T, escapeSurrogates bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
			i++
		case c < 0x20:
			dst = appendControl(dst, c)
			i++
		default:
			n := multiByte(s, i)
			switch {
			case n > 0 && !escapeSurrogates:
				dst = append(dst, s[i:i+n]...)
			case n == 4:
				r := rune(c&0x07)<<18 | rune(s[i+1]&0x3F)<<12 | rune(s[i+2]&0x3F)<<6 | rune(s[i+3]&0x3F)
				r -= 0x10000
				dst = appendUEscape(dst, 0xD800+(r>>10))
				dst = appendUEscape(dst, 0xDC00+(r&0x3FF))
			case n == 3 && c == 0xED && s[i+1] >= 0xA0:
				// A lone surrogate held as WTF-8.
				dst = appendUEscape(dst, rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F))
			case n > 0:
				dst = append(dst, s[i:i+n]...)
			default:
				// Not UTF-8: cannot come from Java; write U+FFFD.
				dst = append(dst, "\uFFFD"...)
				n = 1
			}
			i += n
		}
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendControl(dst []byte, c byte) []byte {
	switch c {
	case '\b':
		return append(dst, '\\', 'b')
	case '\t':
		return append(dst, '\\', 't')
	case '\n':
		return append(dst, '\\', 'n')
	case '\f':
		return append(dst, '\\', 'f')
	case '\r':
		return append(dst, '\\', 'r')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

func appendUEscape(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}

// multiByte returns the length of the well-formed (WTF-8 tolerant) UTF-8
// sequence at s[i], or 0.
func multiByte[T ~string | ~[]byte](s T, i int) int {
	c := s[i]
	var n int
	var min rune
	switch {
	case c&0xE0 == 0xC0:
		n, min = 2, 0x80
	case c&0xF0 == 0xE0:
		n, min = 3, 0x800
	case c&0xF8 == 0xF0:
		n, min = 4, 0x10000
	default:
		return 0
	}
	if i+n > len(s) {
		return 0
	}
	r := rune(c) & (0x7F >> n)
	for k := 1; k < n; k++ {
		if s[i+k]&0xC0 != 0x80 {
			return 0
		}
		r = r<<6 | rune(s[i+k]&0x3F)
	}
	if r < min || r > utf8.MaxRune {
		return 0
	}
	return n
}
