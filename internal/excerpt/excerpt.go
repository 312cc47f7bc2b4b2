// Package excerpt bounds text that may quote a record before it reaches a
// log line, an error, a dead-letter header or the dashboard: a record can
// be megabytes, and so would every message quoting it.
package excerpt

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds in bytes, before the suffix String adds.
const (
	// Record bounds a record quoted in a message: enough to recognise it
	// (the seed's records are about 200 bytes and are quoted whole).
	Record = 512
	// Text bounds one whole message: an error, a log entry's fields.
	Text = 4 << 10
)

// String returns s unchanged when it has at most limit bytes and is valid
// UTF-8. Otherwise it returns at most limit bytes of it, cut at a character
// boundary, followed by "… (N bytes)" with N the length of s. Invalid
// UTF-8 is replaced by U+FFFD: the result is always valid UTF-8, as JSON
// logs need.
func String(s string, limit int) string {
	if len(s) <= limit {
		return valid(s)
	}
	return cut(s[:boundary(s, limit)], len(s))
}

// Bytes is String of a record's bytes; it converts only what it keeps.
func Bytes(b []byte, limit int) string {
	if len(b) <= limit {
		return valid(string(b))
	}
	return cut(string(b[:boundary(b, limit)]), len(b))
}

func valid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func cut(kept string, total int) string {
	return valid(kept) + "… (" + strconv.Itoa(total) + " bytes)"
}

// boundary is the largest end ≤ limit (len(s) > limit) that does not split a
// character; in invalid UTF-8 it backs off at most utf8.UTFMax-1 bytes.
func boundary[T string | []byte](s T, limit int) int {
	end := max(limit, 0)
	for back := 0; end > 0 && back < utf8.UTFMax-1 && !utf8.RuneStart(s[end]); back++ {
		end--
	}
	return end
}
