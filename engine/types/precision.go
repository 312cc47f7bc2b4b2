package types

// fractionUnit holds the nanoseconds of one unit of the last fraction digit of a
// TIMESTAMP(p), by p.
var fractionUnit = [10]int32{1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1}

// Truncate drops the fraction digits beyond p (0–9), as Flink's cast to
// TIMESTAMP(p) does (toward the past: the nanosecond is never negative).
func (t Timestamp) Truncate(p int) Timestamp {
	if p < 0 || p >= 9 {
		return t
	}
	t.Nano -= t.Nano % fractionUnit[p]
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
