package ops

import (
	"sort"
	"strings"
	"testing"
	"time"
)

// Each input's rows expire by that input's TTL (the STATE_TTL hint sets
// them apart): a row arriving on one side matches the other side's rows
// younger than the other side's TTL.
func TestJoinPerSideStateTTL(t *testing.T) {
	const h = time.Hour
	tests := []struct {
		name        string
		left, right time.Duration
		in          []input // fed at 0, 1 h, 2 h, ... (one per hour)
		want        []string
	}{
		{"left expires, right kept: old flag still matches a new transaction", h, 0,
			[]input{flag(1, 10), tx(1, "1", 20), tx(1, "2", 30), tx(1, "3", 40)},
			[]string{"+I[1, 1, 20, 1, 10]", "+I[1, 2, 30, 1, 10]", "+I[1, 3, 40, 1, 10]"}},
		{"left expires: a new flag no longer matches an old transaction", 90 * time.Minute, 0,
			[]input{tx(1, "1", 20), tx(1, "2", 30), flag(1, 10)},
			[]string{"+I[1, 2, 30, 1, 10]"}},
		{"right expires, left kept", 0, 90 * time.Minute,
			[]input{flag(1, 10), tx(1, "1", 20), tx(1, "2", 30), flag(1, 11)},
			[]string{"+I[1, 1, 20, 1, 10]", "+I[1, 1, 20, 1, 11]", "+I[1, 2, 30, 1, 11]"}},
		{"both sides, different TTLs", h, 3 * h,
			[]input{flag(1, 10), tx(1, "1", 20), tx(1, "2", 30), tx(1, "3", 40), tx(1, "4", 50), flag(1, 12)},
			// The flag at 0 h is seen until 3 h; the new flag at 5 h sees only the transaction of 4 h.
			[]string{"+I[1, 1, 20, 1, 10]", "+I[1, 2, 30, 1, 10]", "+I[1, 3, 40, 1, 10]", "+I[1, 4, 50, 1, 12]"}},
		{"no TTL keeps everything", 0, 0,
			[]input{tx(1, "1", 20), flag(1, 10), flag(1, 11)},
			[]string{"+I[1, 1, 20, 1, 10]", "+I[1, 1, 20, 1, 11]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(1000, 0)
			j := fraudJoin()
			j.SetStateTTL(tt.left, tt.right, func() time.Time { return now })
			var got []string
			for _, in := range tt.in {
				got = append(got, run(j, []input{in})...)
				now = now.Add(h)
			}
			if strings.Join(sorted(got), "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(sorted(got), "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// ExpireState and snapshots drop each side's rows by its own TTL.
func TestJoinPerSideExpireAndSnapshot(t *testing.T) {
	now := time.Unix(1000, 0)
	clock := func() time.Time { return now }
	j := fraudJoin()
	j.SetStateTTL(time.Hour, 3*time.Hour, clock)
	run(j, []input{tx(1, "1", 20), tx(2, "1", 20), flag(1, 10), flag(3, 10)})
	now = now.Add(2 * time.Hour)
	if n := j.ExpireState(); n != 2 {
		t.Fatalf("ExpireState dropped %d rows at 2 h, want the 2 transactions (1 h TTL)", n)
	}
	if l, r := j.StateRows(); l != 0 || r != 2 {
		t.Fatalf("state %d left, %d right; want 0, 2", l, r)
	}
	run(j, []input{tx(4, "1", 20)})
	restored := fraudJoin()
	restored.SetStateTTL(time.Hour, 3*time.Hour, clock)
	if err := restored.Restore(j.AppendSnapshot(nil)); err != nil {
		t.Fatal(err)
	}
	if l, r := restored.StateRows(); l != 1 || r != 2 {
		t.Fatalf("restored state %d left, %d right; want 1, 2", l, r)
	}
	now = now.Add(90 * time.Minute) // flags 3.5 h old, transaction 4 1.5 h old
	if n := restored.ExpireState(); n != 3 {
		t.Fatalf("ExpireState dropped %d rows at 3.5 h, want 3", n)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
