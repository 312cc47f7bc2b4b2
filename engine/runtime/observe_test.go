package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

func TestRecentRows(t *testing.T) {
	r := &recent{width: 2}
	if got := r.strings(); len(got) != 0 {
		t.Fatalf("empty ring: %v", got)
	}
	row := func(i int) types.Row {
		// A third field beyond the sink's physical width is not shown.
		return types.Row{Kind: types.Insert, Fields: []types.Value{types.BigIntValue(int64(i)), types.StringValue(fmt.Sprint("r", i)), types.BigIntValue(-1)}}
	}
	batch := func(from, n int) []types.Row {
		var rows []types.Row
		for i := range n {
			rows = append(rows, row(from+i))
		}
		return rows
	}
	r.add(batch(0, 5))
	r.add(nil)
	if got := r.strings(); len(got) != 5 || got[0] != "+I[0, r0]" || got[4] != "+I[4, r4]" {
		t.Fatalf("after 5 rows: %v", got)
	}
	r.add(batch(5, 17)) // 22 rows so far: the ring keeps 2…21
	got := r.strings()
	if len(got) != recentRows || got[0] != "+I[2, r2]" || got[recentRows-1] != "+I[21, r21]" {
		t.Fatalf("after 22 rows: first %q last %q (%d rows)", got[0], got[len(got)-1], len(got))
	}
	r.add(batch(100, 50)) // a batch larger than the ring
	got = r.strings()
	if len(got) != recentRows || got[0] != "+I[130, r130]" || got[recentRows-1] != "+I[149, r149]" {
		t.Fatalf("after a large batch: first %q last %q", got[0], got[len(got)-1])
	}
	var unobserved *recent
	unobserved.add(batch(0, 1)) // a sink without observer: no-op
}

func TestObserverHealth(t *testing.T) {
	o := NewObserver()
	if reasons := o.Ready(); len(reasons) != 1 || !strings.Contains(reasons[0], "starting") {
		t.Fatalf("Ready while starting: %v", reasons)
	}
	if err := o.Live(time.Now()); err != nil {
		t.Fatalf("Live while starting: %v", err)
	}
	o.g = &observedGraph{liveAfter: time.Minute}
	o.setState(StateRunning)
	if reasons := o.Ready(); len(reasons) != 0 {
		t.Fatalf("Ready while running with no connectors: %v", reasons)
	}
	o.publish()
	if err := o.Live(time.Now().Add(59 * time.Second)); err != nil {
		t.Fatalf("Live 59 s after a heartbeat: %v", err)
	}
	if err := o.Live(time.Now().Add(2 * time.Minute)); err == nil || !strings.Contains(err.Error(), "has not turned for") {
		t.Fatalf("Live 2 min after a heartbeat: %v, want wedged", err)
	}
	o.stopping()
	if reasons := o.Ready(); len(reasons) != 1 || !strings.Contains(reasons[0], "stopping") {
		t.Fatalf("Ready while stopping: %v", reasons)
	}
	o.finish(errors.New("sink x: boom"))
	if o.State() != StateFailed || o.Live(time.Now()) == nil {
		t.Fatalf("after a failure: state %s, live %v", o.State(), o.Live(time.Now()))
	}
	if s := o.Snapshot(); s.Error != "sink x: boom" {
		t.Fatalf("snapshot error %q", s.Error)
	}
}

func TestObserverCheckpoints(t *testing.T) {
	o := NewObserver()
	for id := uint64(1); id <= recentCheckpoints+2; id++ {
		o.checkpointBegin()
		o.checkpointSaved(id, int(id*100), nil)
	}
	o.checkpointFailed(errors.New("disk full"))
	cp := o.Snapshot().Checkpoints
	if cp.Completed != recentCheckpoints+2 || cp.Failed != 1 || cp.LastFailure != "disk full" {
		t.Fatalf("counts %+v", cp)
	}
	if len(cp.Recent) != recentCheckpoints || cp.Recent[0].ID != recentCheckpoints+2 || cp.Recent[0].Bytes != (recentCheckpoints+2)*100 {
		t.Fatalf("recent %+v", cp.Recent)
	}
}

// TestObserverBoundsText: a job error, a checkpoint failure and a sink row
// quoting a 5 MB record reach the dashboard as bounded excerpts.
func TestObserverBoundsText(t *testing.T) {
	huge := strings.Repeat("x", 5<<20)
	bounded := func(what, s string) {
		t.Helper()
		if len(s) > excerpt.Text+32 || !strings.HasSuffix(s, " bytes)") {
			t.Errorf("%s: %d bytes, ends %q", what, len(s), s[max(len(s)-20, 0):])
		}
	}
	o := NewObserver()
	o.checkpointFailed(errors.New("sink: row " + huge))
	o.finish(errors.New("Failed to deserialize JSON '" + huge + "'"))
	s := o.Snapshot()
	bounded("job error", s.Error)
	bounded("checkpoint failure", s.Checkpoints.LastFailure)
	r := &recent{width: 1}
	r.add([]types.Row{{Kind: types.Insert, Fields: []types.Value{types.StringValue(huge)}}})
	bounded("sink row", r.strings()[0])
}

// TestNilObserver: Run without an observer calls every hook on nil.
func TestNilObserver(t *testing.T) {
	var o *Observer
	o.attach(nil, Options{}, nil, nil, nil, nil, false)
	o.publish()
	o.stopping()
	o.checkpointBegin()
	o.checkpointSaved(1, 1, nil)
	o.checkpointFailed(errors.New("x"))
	o.detach()
	o.finish(nil)
	if c, stop := o.ticker(context.Background()); c != nil {
		t.Fatal("nil observer ticks")
	} else {
		stop()
	}
}

// TestObserverStoppingOnCancel: readiness fails the moment the job's
// context ends (SIGTERM), without waiting for the loop; an ended job keeps
// its final state.
func TestObserverStoppingOnCancel(t *testing.T) {
	o := NewObserver()
	o.setState(StateRunning)
	ctx, cancel := context.WithCancel(context.Background())
	_, stop := o.ticker(ctx)
	defer stop()
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for o.State() != StateStopping {
		if time.Now().After(deadline) {
			t.Fatalf("state %s after cancel, want stopping", o.State())
		}
		time.Sleep(time.Millisecond)
	}
	o.finish(nil)
	o.stopping()
	if o.State() != StateFinished {
		t.Fatalf("state %s, want finished to stick", o.State())
	}
}
