package ops

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
)

// A join restored from a snapshot emits exactly what the original would.
func TestJoinSnapshotRestore(t *testing.T) {
	tests := []struct {
		name          string
		before, after []input
	}{
		{"flags then transactions", []input{flag(1, 10), flag(2, 10)}, []input{tx(1, "1.00", 20), tx(2, "2.00", 5), tx(3, "3", 30)}},
		{"transactions then flags", []input{tx(1, "1.00", 20), tx(1, "1.50", 21)}, []input{flag(1, 10)}},
		{"duplicates", []input{flag(1, 10), flag(1, 10), tx(1, "9", 11)}, []input{tx(1, "1.00", 20)}},
		{"NULL keys are not stored", []input{flag(-1, 10)}, []input{tx(-1, "1", 20)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := fraudJoin()
			run(orig, tt.before)
			snap := orig.AppendSnapshot(nil)
			restored := fraudJoin()
			if err := restored.Restore(snap); err != nil {
				t.Fatal(err)
			}
			ol, or := orig.StateRows()
			rl, rr := restored.StateRows()
			if ol != rl || or != rr {
				t.Fatalf("restored state rows %d/%d, want %d/%d", rl, rr, ol, or)
			}
			want, got := run(orig, tt.after), run(restored, tt.after)
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Fatalf("after restore:\n%v\nwant:\n%v", got, want)
			}
		})
	}
}

func TestJoinRestoreRejectsOtherSchema(t *testing.T) {
	j := fraudJoin()
	run(j, []input{flag(1, 10)})
	lk, rk := NewKeyPair([]int{0}, []int{0}, []types.Type{types.BigInt}, []types.Type{types.BigInt})
	wider := NewJoin(lk, rk, nil, 3, 3)
	err := wider.Restore(j.AppendSnapshot(nil))
	if err == nil || !strings.Contains(err.Error(), "stored rows have 2 columns, the input now has 3") {
		t.Fatalf("Restore into a wider join: %v", err)
	}
	if l, r := wider.StateRows(); l+r != 0 {
		t.Fatal("failed restore left state behind")
	}
	if err := fraudJoin().Restore([]byte{1, 2, 3}); err == nil {
		t.Fatal("garbage restored without error")
	}
}

// Rows older than the TTL are not matched, are dropped on access and on
// ExpireState, and the arrival time survives a snapshot.
func TestJoinStateTTL(t *testing.T) {
	now := time.Unix(1000, 0)
	clock := func() time.Time { return now }
	j := fraudJoin()
	j.SetStateTTL(time.Hour, time.Hour, clock)
	run(j, []input{flag(1, 10), flag(2, 10)})
	now = now.Add(30 * time.Minute)
	run(j, []input{flag(3, 10)})
	now = now.Add(45 * time.Minute) // flags 1 and 2 are 75 min old, 3 is 45 min old

	restored := fraudJoin()
	restored.SetStateTTL(time.Hour, time.Hour, clock)
	if err := restored.Restore(j.AppendSnapshot(nil)); err != nil {
		t.Fatal(err)
	}
	if _, r := restored.StateRows(); r != 1 {
		t.Fatalf("%d flags after snapshot, want 1 (expired ones are not written)", r)
	}
	got := run(restored, []input{tx(1, "1", 20), tx(2, "1", 20), tx(3, "1", 20)})
	if len(got) != 1 || !strings.HasPrefix(got[0], "+I[3,") {
		t.Fatalf("matches %v, want only account 3", got)
	}
	now = now.Add(time.Hour + time.Second)
	if n := restored.ExpireState(); n != 4 {
		t.Fatalf("ExpireState dropped %d rows, want 4 (flag 3 and three transactions)", n)
	}
}

// fillJoin stores one million transaction-like rows (BIGINT key over 100k
// accounts, DECIMAL, TIMESTAMP with nanoseconds, two strings) on the left.
func fillJoin(b *testing.B) (*Join, func() *Join) {
	const rows = 1_000_000
	lk, rk := NewKeyPair([]int{0}, []int{0}, []types.Type{types.BigInt}, []types.Type{types.BigInt})
	newJoin := func() *Join { return NewJoin(lk, rk, nil, 5, 2) }
	j := newJoin()
	batch := make([]types.Row, 0, 1000)
	for i := range rows {
		batch = append(batch, types.Row{Fields: []types.Value{
			types.BigIntValue(int64(1_000_000_000 + i%100_000)),
			types.DecimalValue(types.NewDecimal(int64(i%100_000), 2)),
			types.TimestampValue(types.Timestamp{Sec: 1_900_000_000 + int64(i), Nano: 123456789}),
			types.StringValue(fmt.Sprintf("%016X", i)),
			types.StringValue("Grocery_Store"),
		}})
		if len(batch) == cap(batch) {
			j.Left(batch, nil)
			batch = batch[:0]
		}
	}
	return j, newJoin
}

// BenchmarkJoinSnapshot1M: encoding one million stored rows.
func BenchmarkJoinSnapshot1M(b *testing.B) {
	j, _ := fillJoin(b)
	var snap []byte
	b.ResetTimer()
	for b.Loop() {
		snap = j.AppendSnapshot(snap[:0])
	}
	b.ReportMetric(float64(len(snap))/1e6, "bytes/row")
}

// BenchmarkJoinRestore1M: decoding one million stored rows into a new join.
func BenchmarkJoinRestore1M(b *testing.B) {
	j, newJoin := fillJoin(b)
	snap := j.AppendSnapshot(nil)
	b.ResetTimer()
	for b.Loop() {
		r := newJoin()
		if err := r.Restore(snap); err != nil {
			b.Fatal(err)
		}
		if l, _ := r.StateRows(); l != 1_000_000 {
			b.Fatalf("%d rows restored", l)
		}
	}
}

// BenchmarkJoinSnapshot1MFresh: as the checkpointer calls it, into a new
// small buffer each time; B/op is what one checkpoint allocates.
func BenchmarkJoinSnapshot1MFresh(b *testing.B) {
	j, _ := fillJoin(b)
	var snap []byte
	b.ResetTimer()
	for b.Loop() {
		snap = j.AppendSnapshot(make([]byte, 0, 64))
	}
	b.ReportMetric(float64(len(snap))/1e6, "bytes/row")
}

// A captured snapshot encodes the state of the moment of capture, however
// the join changes while (or before) it is encoded on another goroutine.
func TestJoinCaptureSnapshotIsolated(t *testing.T) {
	now := time.Unix(1000, 0)
	clock := func() time.Time { return now }
	j := fraudJoin()
	j.SetStateTTL(time.Hour, time.Hour, clock)
	run(j, []input{flag(1, 10), flag(2, 10), tx(1, "1.00", 20), tx(1, "2.00", 21), tx(3, "3.00", 22)})
	want := j.AppendSnapshot(nil)
	snap := j.CaptureSnapshot()

	done := make(chan []byte)
	go func() { done <- snap.AppendTo(nil) }()
	// Meanwhile: more rows under the same keys (appends into the buckets'
	// spare capacity), new keys, and an expiry that rebuilds buckets.
	for i := range 200 {
		run(j, []input{tx(1, fmt.Sprintf("%d.00", i), int64(30+i)), tx(int64(100+i), "1", 40), flag(int64(200+i), 10)})
	}
	now = now.Add(2 * time.Hour)
	run(j, []input{tx(1, "9.99", 99)})
	j.ExpireState()
	got := <-done

	orig, restored := fraudJoin(), fraudJoin()
	if err := orig.Restore(want); err != nil {
		t.Fatal(err)
	}
	if err := restored.Restore(got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("captured snapshot is %d bytes, the state at capture %d", len(got), len(want))
	}
	ol, or := orig.StateRows()
	rl, rr := restored.StateRows()
	if ol != rl || or != rr || ol != 3 || or != 2 {
		t.Fatalf("captured state rows %d/%d, want %d/%d (3/2)", rl, rr, ol, or)
	}
	after := []input{tx(1, "5", 50), tx(2, "6", 50), flag(3, 10)}
	w, g := run(orig, after), run(restored, after)
	if strings.Join(w, "\n") != strings.Join(g, "\n") {
		t.Fatalf("captured snapshot joins\n%v\nwant\n%v", g, w)
	}
}

// BenchmarkJoinCaptureSnapshot1M: what a checkpoint would block the job
// loop for if it captured on the loop and encoded beside it.
func BenchmarkJoinCaptureSnapshot1M(b *testing.B) {
	j, _ := fillJoin(b)
	b.ResetTimer()
	for b.Loop() {
		_ = j.CaptureSnapshot()
	}
}
