package types

import (
	"errors"
	"testing"
	"time"
)

// Expected values follow Flink 1.20's json format (TimeFormats), as
// recorded by scripts/flink-oracle; "" means a parse error.
func TestParseTimestampSQL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2023-08-10 12:34:56", "2023-08-10T12:34:56"},
		{"2023-08-10 12:34:56.1", "2023-08-10T12:34:56.100"},
		{"2023-08-10 12:34:56.123456789", "2023-08-10T12:34:56.123456789"},
		{"2023-08-10 12:34:56.1234567", "2023-08-10T12:34:56.123456700"},
		{"2023-08-10 12:34:56.", "2023-08-10T12:34:56"},
		{"2023-08-10 12:34:56.000", "2023-08-10T12:34:56"},
		{"2023-08-10 24:00:00", "2023-08-11T00:00"},          // SMART: end of day
		{"2023-02-29 10:00:00", "2023-02-28T10:00"},          // SMART: clamped
		{"2023-04-31 10:00:00", "2023-04-30T10:00"},          // SMART: clamped
		{"2024-02-29 10:00:00", "2024-02-29T10:00"},          // leap year
		{"0001-01-01 00:00:00", "0001-01-01T00:00"},          // first year
		{"0000-01-01 00:00:00", "0000-01-01T00:00"},          // year zero
		{"1969-12-31 23:59:59.5", "1969-12-31T23:59:59.500"}, // before the epoch
		{"9999-12-31 23:59:59.999999999", "9999-12-31T23:59:59.999999999"},
		{"2023-08-10T12:34:56", ""},
		{"2023-08-10 1:34:56", ""},
		{"2023-08-10 12:34", ""},
		{"2023-08-10 12:34:56.1234567891", ""},
		{"2023-08-10 12:34:56 ", ""},
		{" 2023-08-10 12:34:56", ""},
		{"2023-08-10 12:34:60", ""},
		{"2023-08-10 24:00:01", ""},
		{"2023-08-10 25:00:00", ""},
		{"2023-02-32 10:00:00", ""},
		{"2023-13-01 10:00:00", ""},
		{"2023-00-01 10:00:00", ""},
		{"2023-01-00 10:00:00", ""},
		{"23-08-10 12:34:56", ""},
		{"2023-8-10 12:34:56", ""},
		{"+2023-08-10 12:34:56", ""},
		{"2023-08-10 12:34:56Z", ""},
		{"", ""},
		{"2023", ""},
	}
	for _, c := range cases {
		ts, err := ParseTimestampSQL(c.in)
		checkTS(t, "SQL", c.in, c.want, ts, err)
		// The []byte form must agree.
		ts2, err2 := ParseTimestampSQL([]byte(c.in))
		if ts2 != ts || (err == nil) != (err2 == nil) {
			t.Errorf("SQL %q: bytes form differs", c.in)
		}
	}
}

func TestParseTimestampISO(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2023-08-10T12:34:56", "2023-08-10T12:34:56"},
		{"2023-08-10T12:34:56.123456789", "2023-08-10T12:34:56.123456789"},
		{"2023-08-10t12:34:56", "2023-08-10T12:34:56"},
		{"2023-08-10T12:34", "2023-08-10T12:34"},
		{"2023-08-10T12:34:56.", "2023-08-10T12:34:56"},
		{"2023-08-10T24:00:00", ""}, // STRICT
		{"2023-02-29T10:00:00", ""}, // STRICT
		{"2023-08-10 12:34:56", ""},
		{"2023-08-10T12:34:56Z", ""},
		{"2023-08-10T12", ""},
		{"2023-08-10T12:34.5", ""},
	}
	for _, c := range cases {
		ts, err := ParseTimestampISO(c.in)
		checkTS(t, "ISO", c.in, c.want, ts, err)
	}
}

func TestParseTimestampLTZ(t *testing.T) {
	sql := []struct{ in, want string }{
		{"2023-08-10 12:34:56Z", "2023-08-10T12:34:56"},
		{"2023-08-10 12:34:56.5Z", "2023-08-10T12:34:56.500"},
		{"1970-01-01 00:00:00Z", "1970-01-01T00:00"},
		{"2023-08-10 12:34:56", ""},
		{"2023-08-10 12:34:56z", ""},
	}
	for _, c := range sql {
		ts, err := ParseTimestampLTZSQL(c.in)
		checkTS(t, "LTZ SQL", c.in, c.want, ts, err)
	}
	iso := []struct{ in, want string }{
		{"2023-08-10T12:34:56Z", "2023-08-10T12:34:56"},
		{"2023-08-10T12:34Z", "2023-08-10T12:34"},
		{"2023-08-10T12:34:56.000001Z", "2023-08-10T12:34:56.000001"},
		{"2023-08-10T12:34:56.5z", ""},
		{"2023-08-10t12:34:56Z", ""},
		{"2023-08-10 12:34:56Z", ""},
	}
	for _, c := range iso {
		ts, err := ParseTimestampLTZISO(c.in)
		checkTS(t, "LTZ ISO", c.in, c.want, ts, err)
	}
}

func checkTS(t *testing.T, what, in, want string, ts Timestamp, err error) {
	t.Helper()
	if want == "" {
		if err == nil {
			t.Errorf("%s %q: want an error, got %s", what, in, AppendJavaString(nil, TimestampValue(ts)))
		} else if !errors.Is(err, ErrDateTimeSyntax) {
			t.Errorf("%s %q: error %v does not wrap ErrDateTimeSyntax", what, in, err)
		}
		return
	}
	if err != nil {
		t.Errorf("%s %q: %v", what, in, err)
		return
	}
	if got := string(AppendJavaString(nil, TimestampValue(ts))); got != want {
		t.Errorf("%s %q = %s, want %s", what, in, got, want)
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want int32
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"2023-08-10", 19579, true},
		{"1969-12-31", -1, true},
		{"0001-01-01", -719162, true},
		{"9999-12-31", 2932896, true},
		{"2024-02-29", 19782, true},
		{"2023-02-29", 0, false}, // STRICT
		{" 2023-08-10", 0, false},
		{"2023-8-10", 0, false},
		{"2023-08-10T00:00", 0, false},
		{"20230810", 0, false},
	}
	for _, c := range cases {
		got, err := ParseDate(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseDate(%q) = %d, %v; want %d ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

// Days and civil dates agree with the time package over a wide range.
func TestCivilDays(t *testing.T) {
	start := time.Date(-400, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := start; d.Year() < 10001; d = d.AddDate(0, 0, 7) {
		days := d.Unix() / 86400
		if got := daysFromCivil(d.Year(), int(d.Month()), d.Day()); got != days {
			t.Fatalf("daysFromCivil(%v) = %d, want %d", d, got, days)
		}
		y, m, dd := civilFromDays(days)
		if int(y) != d.Year() || m != int(d.Month()) || dd != d.Day() {
			t.Fatalf("civilFromDays(%d) = %d-%d-%d, want %v", days, y, m, dd, d)
		}
	}
}

func TestAppendTimestampFormats(t *testing.T) {
	cases := []struct{ in, sql, iso string }{
		{"2023-08-10 12:34:56.120", "2023-08-10 12:34:56.12", "2023-08-10T12:34:56.12"},
		{"2023-08-10 12:34:56.000", "2023-08-10 12:34:56", "2023-08-10T12:34:56"},
		{"2023-08-10 12:34:00", "2023-08-10 12:34:00", "2023-08-10T12:34:00"},
		{"2023-08-10 00:00:00.000001", "2023-08-10 00:00:00.000001", "2023-08-10T00:00:00.000001"},
		{"0001-01-01 00:00:00.123456789", "0001-01-01 00:00:00.123456789", "0001-01-01T00:00:00.123456789"},
	}
	for _, c := range cases {
		ts, err := ParseTimestampSQL(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(AppendTimestampSQL(nil, ts)); got != c.sql {
			t.Errorf("SQL(%q) = %q, want %q", c.in, got, c.sql)
		}
		if got := string(AppendTimestampISO(nil, ts)); got != c.iso {
			t.Errorf("ISO(%q) = %q, want %q", c.in, got, c.iso)
		}
	}
}

func BenchmarkParseTimestampSQL(b *testing.B) {
	in := []byte("2023-08-10 12:34:56.789")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseTimestampSQL(in); err != nil {
			b.Fatal(err)
		}
	}
}
