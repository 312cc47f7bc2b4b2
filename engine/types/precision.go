package types

// Truncate drops the fraction digits beyond p (0–9), as Flink's cast to
// TIMESTAMP(p) does (toward the past: the nanosecond is never negative).
func (t Timestamp) Truncate(p int) Timestamp {
	if p < 0 || p >= 9 {
		return t
	}
	unit := int32(1) // nanoseconds of the last digit kept
	for range 9 - p {
		unit *= 10
	}
	t.Nano -= t.Nano % unit
	return t
}

// TruncateTimestamp returns v with its timestamp truncated to p fraction
// digits; other values are returned as they are.
func TruncateTimestamp(v Value, p int) Value {
	k := v.kind()
	if k != KindTimestamp && k != KindTimestampLTZ {
		return v
	}
	ts := v.Timestamp().Truncate(p)
	return mkValue(k, ts.Sec, ts.Nano, "")
}
