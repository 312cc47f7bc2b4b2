package types

import "testing"

func TestTimestampTruncate(t *testing.T) {
	ts := Timestamp{Sec: 1691668800, Nano: 123456789}
	for _, tt := range []struct {
		p    int
		want int32
	}{
		{0, 0}, {1, 100000000}, {2, 120000000}, {3, 123000000}, {4, 123400000},
		{6, 123456000}, {8, 123456780}, {9, 123456789}, {-1, 123456789},
	} {
		if got := ts.Truncate(tt.p); got.Sec != ts.Sec || got.Nano != tt.want {
			t.Errorf("Truncate(%d) = %+v, want nano %d", tt.p, got, tt.want)
		}
	}
	// Before 1970 the nanosecond is still the positive part: truncation goes to the past.
	before := Timestamp{Sec: -1, Nano: 999999999}
	if got := before.Truncate(3); got != (Timestamp{Sec: -1, Nano: 999000000}) {
		t.Errorf("Truncate(3) of %+v = %+v", before, got)
	}
	v := TruncateTimestamp(TimestampLTZValue(ts), 3)
	if v.Kind() != KindTimestampLTZ || v.Timestamp().Nano != 123000000 {
		t.Errorf("TruncateTimestamp(LTZ) = %v %+v", v.Kind(), v.Timestamp())
	}
	if s := TruncateTimestamp(StringValue("x"), 3); s.Str() != "x" {
		t.Errorf("TruncateTimestamp(string) changed it: %q", s.Str())
	}
}
