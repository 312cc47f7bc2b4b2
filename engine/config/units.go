package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration as Flink's TimeUtils.parseDuration does:
// a number with an optional unit ("10 s", "500ms", "1 min", "2h", "1d"); a
// bare number is milliseconds.
func ParseDuration(s string) (time.Duration, error) {
	num, unit := splitNumber(s)
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a duration (e.g. '10 s', '500 ms', '1 min')", s)
	}
	units := map[string]time.Duration{
		"": time.Millisecond, "ms": time.Millisecond, "milli": time.Millisecond, "millis": time.Millisecond,
		"millisecond": time.Millisecond, "milliseconds": time.Millisecond,
		"us": time.Microsecond, "µs": time.Microsecond, "micro": time.Microsecond, "micros": time.Microsecond,
		"microsecond": time.Microsecond, "microseconds": time.Microsecond,
		"ns": time.Nanosecond, "nano": time.Nanosecond, "nanos": time.Nanosecond,
		"nanosecond": time.Nanosecond, "nanoseconds": time.Nanosecond,
		"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
		"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
		"h": time.Hour, "hour": time.Hour, "hours": time.Hour,
		"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	}
	u, ok := units[strings.ToLower(unit)]
	if !ok {
		return 0, fmt.Errorf("%q has an unknown time unit %q", s, unit)
	}
	if n > math.MaxInt64/int64(u) {
		return 0, fmt.Errorf("%q is too long a duration (at most %d days)", s, math.MaxInt64/int64(24*time.Hour))
	}
	return time.Duration(n) * u, nil
}

// ParseMemorySize reads a size as Flink's MemorySize does: "128mb", "1 gb",
// "4096" (bytes).
func ParseMemorySize(s string) (int64, error) {
	num, unit := splitNumber(s)
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a memory size (e.g. '128mb')", s)
	}
	units := map[string]int64{"": 1, "b": 1, "bytes": 1, "k": 1 << 10, "kb": 1 << 10, "kibibytes": 1 << 10,
		"m": 1 << 20, "mb": 1 << 20, "mebibytes": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gibibytes": 1 << 30,
		"t": 1 << 40, "tb": 1 << 40, "tebibytes": 1 << 40}
	u, ok := units[strings.ToLower(unit)]
	if !ok {
		return 0, fmt.Errorf("%q has an unknown size unit %q", s, unit)
	}
	if n > math.MaxInt64/u {
		return 0, fmt.Errorf("%q is too large a memory size", s)
	}
	return n * u, nil
}

func splitNumber(s string) (num, unit string) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], strings.TrimSpace(s[i:])
}
