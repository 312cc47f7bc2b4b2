package excerpt

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	tests := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"short", "abc", 5, "abc"},
		{"exact", "abcde", 5, "abcde"},
		{"cut", "abcdefgh", 5, "abcde… (8 bytes)"},
		{"cut before a split character", "abcdé", 5, "abcd… (6 bytes)"},
		{"three-byte character", "ab€cd", 4, "ab… (7 bytes)"},
		{"invalid UTF-8 kept short", "a\xffb", 5, "a\uFFFDb"},
		{"invalid UTF-8 cut", "a\xff\xfe\xfd\xfc\xfbbcdef", 5, "a\uFFFD… (11 bytes)"},
		{"zero bound", "abc", 0, "… (3 bytes)"},
		{"negative bound", "abc", -1, "… (3 bytes)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, got := range []string{String(tt.in, tt.limit), Bytes([]byte(tt.in), tt.limit)} {
				if got != tt.want {
					t.Errorf("%q, want %q", got, tt.want)
				}
				if !utf8.ValidString(got) {
					t.Errorf("%q is not valid UTF-8", got)
				}
			}
		})
	}
}

// TestBytesLarge: a 5 MB record becomes a bounded excerpt.
func TestBytesLarge(t *testing.T) {
	rec := []byte(`{"payload": "` + strings.Repeat("é", 5<<19) + `"}`)
	got := Bytes(rec, Record)
	suffix := "… (5242895 bytes)"
	if len(got) > Record+len(suffix) || !strings.HasSuffix(got, suffix) || !utf8.ValidString(got) {
		t.Fatalf("excerpt of %d bytes: %d bytes, ends %q", len(rec), len(got), got[len(got)-40:])
	}
}
