package runtime

import (
	"context"
	"testing"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/plan"
)

// TestCaptureIsolatedFromLaterRows: rows the join takes after a capture,
// while the capture is being saved on another goroutine, belong to the
// next checkpoint, not to the one being saved.
func TestCaptureIsolatedFromLaterRows(t *testing.T) {
	ctx := context.Background()
	store, err := checkpoint.NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	j := testJoin("join/a", "s1")
	cp := &checkpointer{store: store, log: zap.NewNop(), joins: []statefulJoin{j},
		sources: map[*plan.Scan]connectors.Source{}, restored: map[*plan.Scan][]byte{}, nextID: 1}
	addLeft(j, 1)
	addLeft(j, 2)
	cc, err := cp.capture(nil)
	if err != nil {
		t.Fatal(err)
	}
	saved := make(chan error, 1)
	go func() {
		_, err := cp.save(ctx, cc)
		saved <- err
	}()
	for k := range int64(1000) { // the join goes on during the save
		addLeft(j, 10+k)
	}
	if err := <-saved; err != nil {
		t.Fatal(err)
	}
	if cp.nextID != 2 {
		t.Fatalf("next id %d after one capture, want 2", cp.nextID)
	}

	restored := testJoin("join/a", "s1")
	again := &checkpointer{store: store, log: zap.NewNop(), joins: []statefulJoin{restored},
		sources: map[*plan.Scan]connectors.Source{}, restored: map[*plan.Scan][]byte{}}
	if err := again.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if l, r := restored.join.StateRows(); l != 2 || r != 0 {
		t.Fatalf("restored %d left, %d right rows; want the 2 left rows of the capture", l, r)
	}
}
