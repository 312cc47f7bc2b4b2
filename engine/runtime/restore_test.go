package runtime

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/kafka"
	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/engine/types"
)

// testScan is a planned Kafka scan of table name with BIGINT columns.
func testScan(name string, cols ...string) *plan.Scan {
	decl := &plan.TableDecl{Name: name, Options: map[string]string{"topic": name}}
	for _, c := range cols {
		decl.Physical = append(decl.Physical, plan.ColumnDecl{Name: c, Type: types.BigInt})
	}
	return &plan.Scan{Table: decl, Factory: kafka.Factory{}}
}

// plannedJoin is the running form of a planned join on the first columns.
func plannedJoin(t *testing.T, left, right plan.Node) statefulJoin {
	t.Helper()
	pj := &plan.Join{Left: left, Right: right, LeftKeys: []int{0}, RightKeys: []int{0}, KeyText: []string{"l.k = r.k"}}
	_, j, err := newNode(pj, nil)
	if err != nil {
		t.Fatal(err)
	}
	return *j
}

func bigRows(vals ...[]int64) []types.Row {
	var rows []types.Row
	for _, v := range vals {
		var f []types.Value
		for _, x := range v {
			f = append(f, types.BigIntValue(x))
		}
		rows = append(rows, types.Row{Kind: types.Insert, Fields: f})
	}
	return rows
}

func newTestCheckpointer(store checkpoint.Store, log *zap.Logger, policy RestorePolicy, joins ...statefulJoin) *checkpointer {
	return &checkpointer{store: store, log: log, joins: joins, sources: map[*plan.Scan]connectors.Source{},
		restored: map[*plan.Scan][]byte{}, policy: policy}
}

// TestSplitJoinRestoresFilteredState: a WHERE on one input of a shared join,
// pushed below it, splits the join in two. The unchanged join restores its
// entry; the filtered one restores the same entry, keeping only the rows
// that pass the filter; nothing is dropped. Removing the filter again
// cannot be restored (the filtered-out rows are gone) and fails the start.
func TestSplitJoinRestoresFilteredState(t *testing.T) {
	ctx := context.Background()
	store, err := checkpoint.NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx, flags := testScan("transactions", "k", "amount"), testScan("flagged", "k")
	shared := plannedJoin(t, tx, flags)
	shared.join.Left(bigRows([]int64{1, 50}, []int64{1, 150}, []int64{2, 300}), nil)
	shared.join.Right(bigRows([]int64{1}, []int64{2}), nil)
	first := newTestCheckpointer(store, zap.NewNop(), RestorePolicy{}, shared)
	if err := first.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := first.take(ctx, nil); err != nil {
		t.Fatal(err)
	}

	over100 := &expr.Compare{Op: expr.Gt, L: &expr.Column{Index: 1, Name: "l.amount", T: types.BigInt},
		R: &expr.Literal{V: types.BigIntValue(100), T: types.BigInt, Text: "100"}}
	filtered := &plan.Filter{Input: tx, Cond: over100}
	same, split := plannedJoin(t, tx, flags), plannedJoin(t, filtered, flags)
	core, logs := observer.New(zap.InfoLevel)
	second := newTestCheckpointer(store, zap.New(core), RestorePolicy{}, same, split)
	if err := second.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if l, r := same.join.StateRows(); l != 3 || r != 2 {
		t.Errorf("unchanged join restored %d+%d rows, want 3+2", l, r)
	}
	if l, r := split.join.StateRows(); l != 2 || r != 2 {
		t.Errorf("filtered join restored %d+%d rows, want 2+2 (amount > 100 only)", l, r)
	}
	if out := split.join.Right(bigRows([]int64{1}), nil); len(out) != 1 || out[0].Fields[1].Int() != 150 {
		t.Errorf("filtered join matched %v for key 1, want only the 150 row", out)
	}
	warned := logs.FilterMessageSnippet("restored from the join it was split from").All()
	if len(warned) != 1 || !strings.Contains(fieldsText(warned[0]), "l.amount > 100") {
		t.Errorf("filtered restore not logged with its condition: %v", logs.All())
	}
	if n := logs.FilterMessageSnippet("dropping state").Len(); n != 0 {
		t.Errorf("the shared join's state was dropped (%d logs)", n)
	}
	if _, err := second.take(ctx, nil); err != nil {
		t.Fatal(err)
	}

	// The other way round: a join over the whole input cannot come from
	// the state of one over the filtered input.
	store2, err := checkpoint.NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	onlySplit := newTestCheckpointer(store2, zap.NewNop(), RestorePolicy{}, plannedJoin(t, filtered, flags))
	if err := onlySplit.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := onlySplit.take(ctx, nil); err != nil {
		t.Fatal(err)
	}
	err = newTestCheckpointer(store2, zap.NewNop(), RestorePolicy{}, plannedJoin(t, tx, flags)).restore(ctx)
	if err == nil || !strings.Contains(err.Error(), "no state for this join") {
		t.Errorf("restoring a join over the whole input from filtered state: %v, want a refusal", err)
	}
}

// TestDamagedJoinStateFailsTheStart: join bytes damaged behind a valid
// checksum (issue 13: 3,657 of 5,846 rows missing) fail the start, saying
// so; with --unrestorable-state=empty the join starts empty, loudly.
func TestDamagedJoinStateFailsTheStart(t *testing.T) {
	ctx := context.Background()
	store, err := checkpoint.NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := testJoin("join/a", "s1")
	addLeft(before, 1)
	addLeft(before, 2)
	first := newTestCheckpointer(store, zap.NewNop(), RestorePolicy{}, before)
	if err := first.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := first.take(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// Rewrite checkpoint 1 as checkpoint 2 with the join's rows cut short:
	// the store's checksum is computed over the damaged bytes.
	data, err := store.Load(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := checkpoint.DecodeSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	entry := snap.Entries["join/a"]
	snap.Entries["join/a"] = entry[:len(entry)-3]
	if err := store.Save(ctx, 2, strings.NewReader(string(snap.Encode()))); err != nil {
		t.Fatal(err)
	}

	err = newTestCheckpointer(store, zap.NewNop(), RestorePolicy{}, testJoin("join/a", "s1")).restore(ctx)
	if err == nil || !strings.Contains(err.Error(), "checkpoint 2") || !strings.Contains(err.Error(), "damaged") ||
		!strings.Contains(err.Error(), "--unrestorable-state") {
		t.Fatalf("restore of damaged join bytes: %v, want a refusal naming checkpoint 2, the damage and the choices", err)
	}
	core, logs := observer.New(zap.InfoLevel)
	j := testJoin("join/a", "s1")
	cp := newTestCheckpointer(store, zap.New(core), RestorePolicy{Unrestorable: UnrestorableEmpty}, j)
	if err := cp.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if l, r := j.join.StateRows(); l+r != 0 {
		t.Errorf("%d rows after a damaged restore, want an empty join", l+r)
	}
	if logs.FilterMessageSnippet("starts EMPTY").FilterLevelExact(zap.WarnLevel).Len() != 1 {
		t.Errorf("empty start not warned: %v", logs.All())
	}
	if len(cp.decisions) != 1 || cp.decisions[0].Decision != decisionStartedEmpty {
		t.Errorf("decisions %+v, want one started-empty", cp.decisions)
	}
}

// TestRebuildClosure: a join downstream of a rebuilt one is rebuilt too
// (its state would otherwise count the replayed output twice); one beside
// it is not.
func TestRebuildClosure(t *testing.T) {
	a, b, c := testScan("a", "k"), testScan("b", "k"), testScan("c", "k")
	inner := plannedJoin(t, a, b)
	outer := plannedJoin(t, &plan.Project{Input: inner.plan, Exprs: []expr.Expr{col(0)}, Names: []string{"k"}}, c)
	beside := plannedJoin(t, a, c)
	got := rebuildClosure([]statefulJoin{inner, outer, beside}, []unrestorable{{join: inner}})
	if len(got) != 2 || got[0].plan != inner.plan || got[1].plan != outer.plan {
		t.Errorf("rebuilt %d joins, want the inner and the outer one", len(got))
	}
}

// damageFile flips a byte in the middle of a checkpoint file: its checksum
// no longer matches.
func damageFile(t *testing.T, dir string, id uint64) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if !strings.Contains(filepath.Base(p), strings.Repeat("0", 19)+string(rune('0'+id))) {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 0xff
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("no file of checkpoint %d in %s (%v)", id, dir, paths)
}

// failingLoads is a store whose Load fails with err for checkpoint id, as an
// S3 store does on a network or permission error.
type failingLoads struct {
	checkpoint.Store
	id  uint64
	err error
}

func (f failingLoads) Load(ctx context.Context, id uint64) ([]byte, error) {
	if id == f.id {
		return nil, f.err
	}
	return f.Store.Load(ctx, id)
}

// TestUnreadableCheckpointFailsTheStart: only a damaged or vanished
// checkpoint is skipped for an older one; a store that cannot be read now
// stops the start, since an older checkpoint would rewind the job silently.
func TestUnreadableCheckpointFailsTheStart(t *testing.T) {
	ctx := context.Background()
	dir, err := checkpoint.NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx, flags := testScan("transactions", "k"), testScan("flagged", "k")
	j := plannedJoin(t, tx, flags)
	first := newTestCheckpointer(dir, zap.NewNop(), RestorePolicy{}, j)
	if err := first.restore(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := first.take(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := dir.List(ctx)
	if err != nil || len(ids) != 2 {
		t.Fatalf("checkpoints %v, %v", ids, err)
	}
	for _, tt := range []struct {
		name    string
		err     error
		wantErr bool
	}{
		{"network error", errors.New("dial tcp 127.0.0.1:9: connection refused"), true},
		{"damaged", fmt.Errorf("chk-%d: %w", ids[0], checkpoint.ErrCorrupt), false},
		{"vanished", fmt.Errorf("chk-%d: %w", ids[0], checkpoint.ErrNoCheckpoint), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := failingLoads{Store: dir, id: ids[0], err: tt.err}
			c := newTestCheckpointer(store, zap.NewNop(), RestorePolicy{}, plannedJoin(t, tx, flags))
			err := c.restore(ctx)
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "connection refused") {
					t.Fatalf("restore = %v, want the store's error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("restore = %v, want the older checkpoint restored", err)
			}
		})
	}
}
