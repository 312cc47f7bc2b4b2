package runtime

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/connectors/formats/json"
	"github.com/sluice-sql/sluice/connectors/kafka"
	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/engine/types"
)

// eoSink opens an exactly-once Kafka sink on the embedded broker (a real
// Kafka-protocol broker over TCP).
func eoSink(t *testing.T, addr, prefix string) connectors.TwoPhaseCommitter {
	t.Helper()
	tbl := connectors.Table{Name: "out", Schema: types.Schema{{Name: "id", Type: types.BigInt}},
		Options: map[string]string{"connector": "kafka", "topic": "out", "properties.bootstrap.servers": addr, "format": "json",
			"sink.delivery-guarantee": "exactly-once", "sink.transactional-id-prefix": prefix},
		Formats: formats.NewRegistry(json.Factory{}), Logger: zap.NewNop()}
	s, err := kafka.Factory{}.NewSink(tbl)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s.(connectors.TwoPhaseCommitter)
}

// outBroker starts an embedded broker with the topic "out" for the whole test.
func outBroker(t *testing.T) *devbroker.Broker {
	t.Helper()
	broker, err := devbroker.Start(context.Background(), devbroker.Config{Topics: map[string]int32{"out": 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broker.Close) // after the sinks' cleanups: they abort on it
	return broker
}

func writeIDs(t *testing.T, s connectors.Sink, ids ...int64) {
	t.Helper()
	ctx := context.Background()
	var rows []types.Row
	for _, id := range ids {
		rows = append(rows, types.Row{Kind: types.Insert, Fields: []types.Value{types.BigIntValue(id)}})
	}
	if err := s.Write(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func addLeft(j statefulJoin, key int64) {
	j.join.Left([]types.Row{{Fields: []types.Value{types.BigIntValue(key)}}}, nil)
}

// TestRestoreSkipsUncommittedCheckpoint: checkpoint 2 was saved but the
// process died before its transaction was committed. The restart restores
// checkpoint 1 (the sink's marker), keeps checkpoint 1 pinned while newer
// checkpoints come and go uncommitted, and numbers the next checkpoint 3.
func TestRestoreSkipsUncommittedCheckpoint(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	broker := outBroker(t)
	store, err := checkpoint.NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	sinkNode := &plan.Sink{Table: &plan.TableDecl{Name: "out"}}
	newCP := func(log *zap.Logger, j statefulJoin, sink connectors.TwoPhaseCommitter) *checkpointer {
		return &checkpointer{store: store, log: log, joins: []statefulJoin{j}, sources: map[*plan.Scan]connectors.Source{},
			restored: map[*plan.Scan][]byte{}, committers: map[*plan.Sink]connectors.TwoPhaseCommitter{sinkNode: sink}}
	}

	first := eoSink(t, broker.Addr(), "restore")
	j1 := testJoin("join/a", "s1")
	cp1 := newCP(zap.NewNop(), j1, first)
	if err := cp1.restore(ctx); err != nil {
		t.Fatal(err)
	}
	addLeft(j1, 1)
	writeIDs(t, first, 1)
	if id, err := cp1.take(ctx, nil); err != nil || id != 1 {
		t.Fatalf("take = %d %v", id, err)
	}
	if err := first.Commit(ctx, 1); err != nil {
		t.Fatal(err)
	}
	addLeft(j1, 2)
	writeIDs(t, first, 2)
	if id, err := cp1.take(ctx, nil); err != nil || id != 2 {
		t.Fatalf("take = %d %v", id, err)
	}
	// The process dies here: checkpoint 2 is saved, its transaction open.

	core, logs := observer.New(zap.InfoLevel)
	j2 := testJoin("join/a", "s1")
	cp2 := newCP(zap.New(core), j2, eoSink(t, broker.Addr(), "restore"))
	if err := cp2.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if l, _ := j2.join.StateRows(); l != 1 {
		t.Fatalf("restored %d join rows, want 1 (checkpoint 1)", l)
	}
	skipped := logs.FilterMessage("skipping a checkpoint whose transactions were not committed").All()
	if len(skipped) != 1 || !strings.Contains(fieldsText(skipped[0]), "sink out committed checkpoint 1 last") {
		t.Fatalf("skip not logged as expected: %v", logs.All())
	}
	if cp2.nextID != 3 {
		t.Fatalf("next checkpoint id %d, want 3", cp2.nextID)
	}
	// Three more checkpoints die uncommitted: checkpoint 1 must survive.
	for range 3 {
		if _, err := cp2.take(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := store.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[5 4 3 1]" {
		t.Fatalf("checkpoints kept %v, want [5 4 3 1] (1 pinned)", ids)
	}

	// A new prefix has no marker: checkpoints that recorded the sink as
	// transactional cannot be trusted. Starting empty could lose matches,
	// so the start fails unless told to start empty.
	refused := newCP(zap.NewNop(), testJoin("join/a", "s1"), eoSink(t, broker.Addr(), "renamed"))
	if err := refused.restore(ctx); err == nil || !strings.Contains(err.Error(), "--unrestorable-state=empty") {
		t.Fatalf("restore without a marker: %v, want a refusal naming --unrestorable-state=empty", err)
	}
	core3, logs3 := observer.New(zap.InfoLevel)
	j3 := testJoin("join/a", "s1")
	cp3 := newCP(zap.New(core3), j3, eoSink(t, broker.Addr(), "renamed"))
	cp3.policy.Unrestorable = UnrestorableEmpty
	if err := cp3.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if l, _ := j3.join.StateRows(); l != 0 {
		t.Fatalf("restored %d join rows without a marker, want 0", l)
	}
	if len(logs3.FilterMessage("no usable checkpoint: starting with empty state, sources follow their startup mode").All()) != 1 {
		t.Fatalf("empty start not logged: %v", logs3.All())
	}
}

// TestRestoreUsesCheckpointsFromBeforeExactlyOnce: a checkpoint taken while
// the sink was not transactional records no sink and is restored as is.
func TestRestoreUsesCheckpointsFromBeforeExactlyOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	broker := outBroker(t)
	store, err := checkpoint.NewDirStore(t.TempDir(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	j1 := testJoin("join/a", "s1")
	addLeft(j1, 7)
	before := &checkpointer{store: store, log: zap.NewNop(), joins: []statefulJoin{j1}, sources: map[*plan.Scan]connectors.Source{},
		restored: map[*plan.Scan][]byte{}}
	if err := before.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := before.take(ctx, nil); err != nil {
		t.Fatal(err)
	}
	j2 := testJoin("join/a", "s1")
	after := &checkpointer{store: store, log: zap.NewNop(), joins: []statefulJoin{j2}, sources: map[*plan.Scan]connectors.Source{},
		restored: map[*plan.Scan][]byte{}, committers: map[*plan.Sink]connectors.TwoPhaseCommitter{
			{Table: &plan.TableDecl{Name: "out"}}: eoSink(t, broker.Addr(), "upgrade")}}
	if err := after.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if l, _ := j2.join.StateRows(); l != 1 {
		t.Fatalf("restored %d join rows, want 1", l)
	}
}

// TestTransactionalSinksNeedTheirOwnIDs: two exactly-once sinks with one
// transactional id would fence each other; the job refuses to start.
func TestTransactionalSinksNeedTheirOwnIDs(t *testing.T) {
	sink := func(table string) *plan.Sink { return &plan.Sink{Table: &plan.TableDecl{Name: table}} }
	// No broker is contacted before the first write or LastCommitted.
	a, b := eoSink(t, "127.0.0.1:1", "dup"), eoSink(t, "127.0.0.1:1", "dup")
	_, err := transactionalSinks(map[*plan.Sink]connectors.Sink{sink("alerts"): a, sink("audit"): b})
	if err == nil || !strings.Contains(err.Error(), "sinks alerts and audit use the same transactional id dup-0") {
		t.Fatalf("two tables, one prefix: %v", err)
	}
	_, err = transactionalSinks(map[*plan.Sink]connectors.Sink{sink("alerts"): a, sink("alerts"): b})
	if err == nil || !strings.Contains(err.Error(), "table alerts is written by two INSERTs") {
		t.Fatalf("one table, two INSERTs: %v", err)
	}
	got, err := transactionalSinks(map[*plan.Sink]connectors.Sink{sink("alerts"): a, sink("audit"): eoSink(t, "127.0.0.1:1", "other")})
	if err != nil || len(got) != 2 {
		t.Fatalf("distinct prefixes: %v %v", got, err)
	}
}

// TestLostCommittedCheckpointFailsTheStart: the exactly-once sink's marker
// names checkpoint 2. With checkpoint 2 damaged, or every checkpoint
// deleted, restoring an older one (or none) would commit again what the sink
// already committed (issue 13: 144 and 2,190 duplicates for read_committed):
// the start fails naming the marker, the location and the override; with
// the override it resumes from what is left and says so.
func TestLostCommittedCheckpointFailsTheStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	broker := outBroker(t)
	sinkNode := &plan.Sink{Table: &plan.TableDecl{Name: "out"}}
	newCP := func(dir string, log *zap.Logger, policy RestorePolicy) (*checkpointer, statefulJoin) {
		store, err := checkpoint.NewDirStore(dir, 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		j := testJoin("join/a", "s1")
		return &checkpointer{store: store, where: dir, log: log, joins: []statefulJoin{j}, sources: map[*plan.Scan]connectors.Source{},
			restored: map[*plan.Scan][]byte{}, policy: policy,
			committers: map[*plan.Sink]connectors.TwoPhaseCommitter{sinkNode: eoSink(t, broker.Addr(), "lost")}}, j
	}
	// Two committed checkpoints: 1 (one join row), 2 (two).
	dir := t.TempDir()
	cp, j := newCP(dir, zap.NewNop(), RestorePolicy{})
	if err := cp.restore(ctx); err != nil {
		t.Fatal(err)
	}
	sink := cp.committers[sinkNode]
	for i := range 2 {
		addLeft(j, int64(i))
		writeIDs(t, sink, int64(i))
		id, err := cp.take(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := sink.Commit(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	refused := func(what, state string) {
		t.Helper()
		cp, _ := newCP(dir, zap.NewNop(), RestorePolicy{})
		err := cp.restore(ctx)
		if err == nil {
			t.Fatalf("%s: the start succeeded, want a refusal", what)
		}
		for _, want := range []string{"sink out", "marker says checkpoint 2 was committed", "checkpoint 2 is " + state, dir, "--lost-checkpoint=reprocess"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not mention %q", what, err, want)
			}
		}
	}

	damageFile(t, dir, 2)
	refused("newest checkpoint damaged", "damaged")
	core, logs := observer.New(zap.InfoLevel)
	cp, j = newCP(dir, zap.New(core), RestorePolicy{LostCheckpoint: LostCheckpointReprocess})
	if err := cp.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if l, _ := j.join.StateRows(); l != 1 {
		t.Errorf("reprocessing restored %d rows, want 1 (checkpoint 1)", l)
	}
	if logs.FilterMessageSnippet("written to it AGAIN").FilterLevelExact(zap.WarnLevel).Len() != 1 {
		t.Errorf("reprocessing not warned: %v", logs.All())
	}

	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	refused("every checkpoint deleted", "missing")
	cp, j = newCP(dir, zap.NewNop(), RestorePolicy{LostCheckpoint: LostCheckpointReprocess})
	if err := cp.restore(ctx); err != nil {
		t.Fatal(err)
	}
	if l, _ := j.join.StateRows(); l != 0 || cp.nextID != 3 {
		t.Errorf("after reprocessing with no checkpoint: %d rows, next id %d; want 0 and 3", l, cp.nextID)
	}
	if len(cp.decisions) != 1 || cp.decisions[0].Decision != decisionReprocessing {
		t.Errorf("decisions %+v, want one reprocessing", cp.decisions)
	}
}
