package kafka

import (
	"testing"
	"time"

	"github.com/sluice-sql/sluice/devbroker"
)

// TestReplayReadsUpToThePosition: a replay of an unbounded, restored source
// reads each partition of the position from its start (or from a
// timestamp) up to, not including, the position's offset, and nothing of a
// partition the position does not name.
func TestReplayReadsUpToThePosition(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx": 2}})
	base := time.UnixMilli(1_700_000_000_000)
	want := seedTopic(t, b.Addr(), "tx", base)
	opts := map[string]string{"topic": "tx", "properties.bootstrap.servers": b.Addr(), "format": "json",
		"properties.group.id": "replayed", "scan.startup.mode": "group-offsets"}
	tests := []struct {
		name  string
		pos   Offsets
		since time.Time
		want  []string
	}{
		{"both partitions", Offsets{{"tx", 0}: 3, {"tx", 1}: 2}, time.Time{}, sortedCopy(append(append([]string(nil), want[0][:3]...), want[1][:2]...))},
		{"one partition in the position", Offsets{{"tx", 0}: 4}, time.Time{}, sortedCopy(want[0][:4])},
		{"from a timestamp", Offsets{{"tx", 0}: 5, {"tx", 1}: 4}, base.Add(3 * time.Second), sortedCopy(append(append([]string(nil), want[0][3:]...), want[1]...))},
		{"position at the start", Offsets{{"tx", 0}: 0, {"tx", 1}: 0}, time.Time{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := newSource(t, table(t, "tx", txSchema, opts))
			if src.Bounded() {
				t.Fatal("the restored source is bounded; the test needs an unbounded one")
			}
			pos, err := tc.pos.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			r, err := src.Replay(pos, tc.since)
			if err != nil {
				t.Fatal(err)
			}
			replay := r.(*Source)
			t.Cleanup(func() { _ = replay.Close() })
			if !replay.Bounded() {
				t.Fatal("the replay is not bounded")
			}
			got := showRows(runBounded(t, replay))
			if !equalStrings(got, tc.want) {
				t.Errorf("replayed %v, want %v", got, tc.want)
			}
		})
	}
}
