package flinktext

import "testing"

func TestJSONDecimal(t *testing.T) {
	for in, want := range map[string]string{"12.50": "12.5", "100.00": "1E+2", "0.00": "0", "-0.10": "-0.1",
		"99999999.99": "99999999.99", "0.01": "0.01", "1015.30": "1015.3", "-1.01": "-1.01", "120.00": "1.2E+2",
		"0.0000001": "1E-7", "0.000001": "0.000001"} {
		if got := JSONDecimal(in); got != want {
			t.Errorf("JSONDecimal(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestDecimalHalfUp(t *testing.T) {
	tests := []struct {
		in         string
		p, s       int
		want       string
		wantFitted bool
	}{
		{"12.345", 10, 2, "12.35", true}, {"-12.345", 10, 2, "-12.35", true}, {"-0.001", 10, 2, "0.00", true},
		{"1e3", 10, 2, "1000.00", true}, {"123456789.99", 10, 2, "", false}, {"0.5", 10, 0, "1", true},
	}
	for _, tt := range tests {
		got, ok := DecimalHalfUp(tt.in, tt.p, tt.s)
		if got != tt.want || ok != tt.wantFitted {
			t.Errorf("DecimalHalfUp(%s, %d, %d) = %q, %v; want %q, %v", tt.in, tt.p, tt.s, got, ok, tt.want, tt.wantFitted)
		}
	}
}

func TestTimestamps(t *testing.T) {
	for in, want := range map[string]string{"2023-08-10 12:00:00": "2023-08-10T12:00", "2023-08-10 12:00:01": "2023-08-10T12:00:01",
		"2023-08-10 12:00:00.5": "2023-08-10T12:00:00.500", "2023-08-10 12:00:00.1234": "2023-08-10T12:00:00.123400"} {
		if got := JavaLocalDateTime(in); got != want {
			t.Errorf("JavaLocalDateTime(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{"2023-08-10 12:00:00.000": "2023-08-10 12:00:00", "2023-08-10 12:00:00.120": "2023-08-10 12:00:00.12"} {
		if got := JSONTimestamp(in); got != want {
			t.Errorf("JSONTimestamp(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{"2023-08-10 12:34:12.898999": "2023-08-10 12:34:12.898", "2023-08-10 12:00:00.1": "2023-08-10 12:00:00.1",
		"2023-08-10 12:00:00": "2023-08-10 12:00:00", "2023-08-10 12:00:00.123456789": "2023-08-10 12:00:00.123", "2023-08-10 12:00:00.": "2023-08-10 12:00:00."} {
		if got := Millis(in); got != want {
			t.Errorf("Millis(%s) = %s, want %s", in, got, want)
		}
	}
}
