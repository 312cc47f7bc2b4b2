package runtime

import (
	"context"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/ops"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/engine/types"
)

func testJoin(id, schema string) statefulJoin {
	lk, rk := ops.NewKeyPair([]int{0}, []int{0}, []types.Type{types.BigInt}, []types.Type{types.BigInt})
	return statefulJoin{id: id, desc: "Join(" + id + ")", schema: schema, join: ops.NewJoin(lk, rk, nil, 1, 1)}
}

func TestCheckpointerRestore(t *testing.T) {
	const noState = "the checkpoint holds no state for this join"
	empty := RestorePolicy{Unrestorable: UnrestorableEmpty}
	tests := []struct {
		name      string
		join      statefulJoin
		policy    RestorePolicy
		wantRows  int
		wantErr   []string // texts the start's error must contain; nil: no error
		wantLog   string   // a message logged on restore
		wantField string   // text found in that message's fields
	}{
		{"same operator", testJoin("join/a", "s1"), RestorePolicy{}, 2, nil, "join state restored", ""},
		{"changed operator fails", testJoin("join/b", "s1"), RestorePolicy{}, 0,
			[]string{"join/b Join(join/b): " + noState, "no longer uses", "join/a Join(join/a)", "--unrestorable-state=rebuild", "--unrestorable-state=empty"},
			"join state cannot be restored", noState},
		{"changed operator, empty by option", testJoin("join/b", "s1"), empty, 0, nil,
			"dropping state of an operator that is no longer in the job", "Join(join/a)"},
		{"new operator, empty by option", testJoin("join/b", "s1"), empty, 0, nil,
			"join state cannot be restored: the join starts EMPTY as --unrestorable-state=empty asks, and its inputs resume from the checkpoint: rows read before the restart never match",
			"decision=started-empty"},
		{"changed input columns fails", testJoin("join/a", "s2"), RestorePolicy{}, 0,
			[]string{"input columns changed: state was stored for s1, the job now has s2", "--unrestorable-state"},
			"join state cannot be restored", "input columns changed"},
		{"changed input columns, empty by option", testJoin("join/a", "s2"), empty, 0, nil,
			"join state cannot be restored: the join starts EMPTY as --unrestorable-state=empty asks, and its inputs resume from the checkpoint: rows read before the restart never match",
			"input columns changed: state was stored for s1, the job now has s2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store, err := checkpoint.NewDirStore(t.TempDir(), 3, nil)
			if err != nil {
				t.Fatal(err)
			}
			before := testJoin("join/a", "s1")
			before.join.Left([]types.Row{{Fields: []types.Value{types.BigIntValue(1)}}}, nil)
			before.join.Right([]types.Row{{Fields: []types.Value{types.BigIntValue(2)}}}, nil)
			first := &checkpointer{store: store, log: zap.NewNop(), joins: []statefulJoin{before},
				sources: map[*plan.Scan]connectors.Source{}, restored: map[*plan.Scan][]byte{}}
			if err := first.restore(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := first.take(ctx, nil); err != nil {
				t.Fatal(err)
			}

			core, logs := observer.New(zap.InfoLevel)
			second := &checkpointer{store: store, log: zap.New(core), joins: []statefulJoin{tt.join},
				sources: map[*plan.Scan]connectors.Source{}, restored: map[*plan.Scan][]byte{}, policy: tt.policy}
			err = second.restore(ctx)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatal(err)
			case tt.wantErr != nil && err == nil:
				t.Fatalf("restore succeeded, want an error mentioning %q", tt.wantErr)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
			if l, r := tt.join.join.StateRows(); l+r != tt.wantRows {
				t.Errorf("%d rows restored, want %d", l+r, tt.wantRows)
			}
			found := logs.FilterMessage(tt.wantLog).All()
			if len(found) != 1 {
				t.Fatalf("log %q not found in %v", tt.wantLog, logs.All())
			}
			if tt.wantField != "" && !strings.Contains(fieldsText(found[0]), tt.wantField) {
				t.Errorf("log %q fields %s do not mention %q", tt.wantLog, fieldsText(found[0]), tt.wantField)
			}
			if len(second.decisions) == 0 {
				t.Errorf("no restore decision recorded for the dashboard")
			}
			if tt.wantErr == nil && second.nextID != 2 {
				t.Errorf("next checkpoint id %d, want 2", second.nextID)
			}
		})
	}
}

func fieldsText(e observer.LoggedEntry) string {
	var b strings.Builder
	for k, v := range e.ContextMap() {
		b.WriteString(k + "=" + strings.ReplaceAll(toString(v), "\n", " ") + " ")
	}
	return b.String()
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if e, ok := v.(error); ok {
		return e.Error()
	}
	return ""
}
