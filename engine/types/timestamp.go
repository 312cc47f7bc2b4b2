package types

import "time"

// Timestamp is a date-time without time zone (Flink's TimestampData /
// Java's LocalDateTime): seconds since 1970-01-01T00:00:00 on the wall clock
// plus nanoseconds. A value read with microseconds keeps them even in a
// TIMESTAMP(3) column, as Flink does, until a join's input cuts them to the
// millisecond as Flink's keyed exchange does (docs/timestamp-precision.md).
type Timestamp struct {
	Sec  int64
	Nano int32
}

// TimestampFromTime returns the wall-clock date-time of t in t's location.
func TimestampFromTime(t time.Time) Timestamp {
	_, off := t.Zone()
	return Timestamp{Sec: t.Unix() + int64(off), Nano: int32(t.Nanosecond())}
}

// Time returns the date-time as a time.Time in UTC with the same wall clock.
func (t Timestamp) Time() time.Time { return time.Unix(t.Sec, int64(t.Nano)).UTC() }

// Cmp compares two timestamps.
func (t Timestamp) Cmp(o Timestamp) int {
	switch {
	case t.Sec < o.Sec:
		return -1
	case t.Sec > o.Sec:
		return 1
	case t.Nano < o.Nano:
		return -1
	case t.Nano > o.Nano:
		return 1
	}
	return 0
}

// UnixMilli returns milliseconds since the epoch.
func (t Timestamp) UnixMilli() int64 { return t.Sec*1000 + int64(t.Nano)/1e6 }

// TimestampFromMilli returns the timestamp for milliseconds since the epoch.
func TimestampFromMilli(ms int64) Timestamp {
	sec, rem := ms/1000, ms%1000
	if rem < 0 {
		sec--
		rem += 1000
	}
	return Timestamp{Sec: sec, Nano: int32(rem) * 1e6}
}
