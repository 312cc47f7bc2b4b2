package expr

import (
	"strconv"
	"testing"
	"time"
)

func TestLiterals(t *testing.T) {
	f := NewFunctions(time.UTC)
	mustLit := func(l *Literal, err error) *Literal {
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	tests := []struct {
		l          *Literal
		typ, value string
	}{
		{mustLit(NewNumericLiteral("42")), "INT NOT NULL", "+I[42]"},
		{mustLit(NewNumericLiteral("3000000000")), "BIGINT NOT NULL", "+I[3000000000]"},
		{mustLit(NewNumericLiteral("99999999999999999999")), "DECIMAL(20, 0) NOT NULL", "+I[99999999999999999999]"},
		{mustLit(NewNumericLiteral("1.50")), "DECIMAL(3, 2) NOT NULL", "+I[1.50]"},
		{mustLit(NewNumericLiteral("0.05")), "DECIMAL(2, 2) NOT NULL", "+I[0.05]"},
		{mustLit(NewNumericLiteral("1.5E0")), "DOUBLE NOT NULL", "+I[1.5]"},
		{NewStringLiteral("it's"), "CHAR(4) NOT NULL", "+I[it's]"},
		{mustLit(NewTimestampLiteral("2020-01-01 10:00:00.5", false, f)), "TIMESTAMP(1) NOT NULL", "+I[2020-01-01T10:00:00.500]"},
		{mustLit(NewTimestampLiteral("2020-01-01 10:00:00", true, f)), "TIMESTAMP_LTZ(0) NOT NULL", "+I[2020-01-01T10:00:00Z]"},
		{mustLit(NewDateLiteral("2023-08-10")), "DATE NOT NULL", "+I[2023-08-10]"},
		{mustLit(NewTimeLiteral("12:34:56.789")), "TIME(3) NOT NULL", "+I[12:34:56.789]"},
		{mustLit(NewIntervalLiteral("1 02:03", "DAY", "MINUTE")), "INTERVAL SECOND(3) NOT NULL", "+I[93780000]"},
		{mustLit(NewIntervalLiteral("-1.5", "SECOND", "")), "INTERVAL SECOND(3) NOT NULL", "+I[-1500]"},
		{mustLit(NewIntervalLiteral("1-6", "YEAR", "MONTH")), "INTERVAL MONTH NOT NULL", "+I[18]"},
		{mustLit(NewIntervalLiteral("2", "year", "")), "INTERVAL MONTH NOT NULL", "+I[24]"},
	}
	for _, tt := range tests {
		if got := tt.l.Type().String(); got != tt.typ {
			t.Errorf("%s: type %s, want %s", tt.l.Text, got, tt.typ)
		}
		v, _ := tt.l.Eval(nil)
		got := printed(v)
		if isInterval(tt.l.Type()) { // intervals print their count here
			got = "+I[" + strconv.FormatInt(v.Int(), 10) + "]"
		}
		if got != tt.value {
			t.Errorf("%s: %s, want %s", tt.l.Text, got, tt.value)
		}
	}
	for _, bad := range [][3]string{{"1:2", "DAY", ""}, {"x", "SECOND", ""}, {"1-13", "YEAR", "MONTH"}, {"1", "WEEK", ""}} {
		if _, err := NewIntervalLiteral(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("INTERVAL '%s' %s accepted", bad[0], bad[1])
		}
	}
}
