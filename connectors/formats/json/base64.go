package json

// BYTES columns read a JSON string as base64 the way Jackson's
// getBinaryValue does (MIME-NO-LINEFEEDS variant): straight from the raw
// string, blanks allowed before each 4-character group, padding required,
// decoding resuming after '=' padding. On failure Jackson leaves the parser
// right after the offending character and skips the rest of the string
// later, which is why the failure position matters.

func b64Value(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	case c == '=':
		return -2
	}
	return -1
}

// decodeBase64 decodes the string whose contents start at b[i]. It returns
// the bytes and the position after the closing quote, or ok=false and the
// position where Jackson stops (the caller skips the string from there).
func decodeBase64(dst, b []byte, i int) (out []byte, pos int, ok bool) {
	// next returns the next character (escapes decoded: \u0041 counts as
	// 'A'), whether it came from an escape, and false at a bad escape/EOF.
	next := func() (c int, escaped bool, good bool) {
		if i >= len(b) {
			return 0, false, false
		}
		if b[i] != '\\' {
			i++
			return int(b[i-1]), false, true
		}
		n, valid := escapeLen(b, i)
		if !valid {
			i += n
			return 0, true, false
		}
		var tmp [4]byte
		u := unescape(tmp[:0], b[i:i+n])
		i += n
		if len(u) != 1 {
			return 0x100, true, true // non-ASCII: never base64
		}
		return int(u[0]), true, true
	}
	for {
		c, esc, good := next()
		for good && c <= ' ' && !(c == '"' && !esc) {
			c, esc, good = next()
		}
		if !good {
			return dst, i, false
		}
		if c == '"' && !esc {
			return dst, i, true
		}
		v0 := b64ValueInt(c)
		if v0 < 0 {
			return dst, i, false
		}
		c, esc, good = next()
		v1 := b64ValueInt(c)
		if !good || v1 < 0 {
			return dst, i, false
		}
		data := v0<<6 | v1
		c, esc, good = next()
		if !good {
			return dst, i, false
		}
		v2 := b64ValueInt(c)
		if v2 < 0 {
			if c == '"' && !esc {
				// Missing padding: an error, with the quote not consumed.
				return dst, i - 1, false
			}
			if v2 != -2 {
				return dst, i, false
			}
			c, _, good = next()
			if !good || b64ValueInt(c) != -2 {
				return dst, i, false
			}
			dst = append(dst, byte(data>>4))
			continue
		}
		data = data<<6 | v2
		c, esc, good = next()
		if !good {
			return dst, i, false
		}
		v3 := b64ValueInt(c)
		if v3 < 0 {
			if c == '"' && !esc {
				return dst, i - 1, false
			}
			if v3 != -2 {
				return dst, i, false
			}
			dst = append(dst, byte(data>>10), byte(data>>2))
			continue
		}
		data = data<<6 | v3
		dst = append(dst, byte(data>>16), byte(data>>8), byte(data))
	}
}

func b64ValueInt(c int) int {
	if c < 0 || c > 0x7F {
		return -1
	}
	return b64Value(byte(c))
}
