package api

import (
	"reflect"
	"testing"

	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestBound(t *testing.T) {
	tests := []struct {
		in    string
		upper bool
		want  string
	}{
		{"2023-08-10T12:34:56.123", false, "2023-08-10T12:34:56.123"},
		{"2023-08-10 12:34:56.1", false, "2023-08-10T12:34:56.100"},
		{"2023-08-10T12:34", false, "2023-08-10T12:34"},
		{"2023-08-10 12:34:00", false, "2023-08-10T12:34"},
		{"2023-08-10", false, "2023-08-10T00:00"},
		{"2023-08-10", true, "2023-08-10T23:59:59.999999999"},
	}
	for _, tt := range tests {
		got, err := bound(tt.in, tt.upper)
		if err != nil || got != tt.want {
			t.Errorf("bound(%q, %v) = %q, %v; want %q", tt.in, tt.upper, got, err, tt.want)
		}
	}
	for _, bad := range []string{"yesterday", "2023-13-01", "2023-08-10T25:00", "1691670896", "2023-08-10T12:34:56Z", ""} {
		if _, err := bound(bad, false); err == nil {
			t.Errorf("bound(%q) accepted", bad)
		}
	}
}

func TestTokenRoundTrip(t *testing.T) {
	key := map[string]ddbtypes.AttributeValue{
		"account_id":       &ddbtypes.AttributeValueMemberN{Value: "1000000001"},
		"transaction_id":   &ddbtypes.AttributeValueMemberS{Value: "T1"},
		"transaction_date": &ddbtypes.AttributeValueMemberS{Value: "2023-08-10T09:00"},
	}
	tok, err := encodeToken(key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeToken(tok)
	if err != nil || !reflect.DeepEqual(got, key) {
		t.Errorf("decoded %v, %v", got, err)
	}
}

// No input makes the parsers panic.
func FuzzParams(f *testing.F) {
	for _, s := range []string{"", "e30", "eyJhY2NvdW50X2lkIjp7Ik4iOiIxIn19", "2023-08-10", "2023-08-10T12:34:56.123456789", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = decodeToken(s)
		_, _ = bound(s, false)
		_, _ = bound(s, true)
		_, _ = parseLimit(s)
		_ = number(s)
	})
}
