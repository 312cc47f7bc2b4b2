package ops

import (
	"testing"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
)

func tsAt(nano int32) types.Value {
	return types.TimestampValue(types.Timestamp{Sec: 1691668800, Nano: nano})
}

// TestJoinTruncatesToMillis: behind Flink's keyed exchange a TIMESTAMP(3)
// has only its milliseconds, for the residual, the key and the output; a
// TIMESTAMP(6) keeps every digit; the arriving rows are left as they are.
func TestJoinTruncatesToMillis(t *testing.T) {
	left := types.Schema{{Name: "id", Type: types.BigInt}, {Name: "ts", Type: types.TimestampType(3)}, {Name: "ts6", Type: types.TimestampType(6)}}
	right := types.Schema{{Name: "rid", Type: types.BigInt}, {Name: "flag", Type: types.TimestampLTZType(3)}}
	if got := MillisColumns(left); len(got) != 1 || got[0] != 1 {
		t.Fatalf("MillisColumns(left) = %v, want [1]", got)
	}
	tests := []struct {
		name     string
		key      int // left key column: 0 (id) or 1 (ts, against flag)
		tx, fl   int32
		want     int32 // the output's ts nanosecond; -1: no match
		wantTS6  int32
		residual bool // tx > flag
	}{
		{"same millisecond is not later", 0, 898999000, 898485000, -1, 898999001, true},
		{"next millisecond is later", 0, 899000001, 898999999, 899000000, 899000002, true},
		{"output keeps only the milliseconds", 0, 380060000, 100000000, 380000000, 380060001, true},
		{"timestamp keys equal by millisecond", 1, 123999999, 123000001, 123000000, 124000000, false},
		{"timestamp keys of different milliseconds", 1, 124000000, 123999999, -1, 124000001, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var residual expr.Expr
			if tt.residual {
				residual = &expr.Compare{Op: expr.Gt,
					L: &expr.Column{Index: 1, Name: "ts", T: types.TimestampType(3)},
					R: &expr.Column{Index: 4, Name: "flag", T: types.TimestampLTZType(3)}}
			}
			rk := 0
			if tt.key == 1 {
				rk = 1
			}
			lk, rke := NewKeyPair([]int{tt.key}, []int{rk}, []types.Type{left[tt.key].Type}, []types.Type{right[rk].Type})
			j := NewJoin(lk, rke, residual, len(left), len(right))
			j.TruncateToMillis(MillisColumns(left), MillisColumns(right))
			flagTS := types.TimestampLTZValue(types.Timestamp{Sec: 1691668800, Nano: tt.fl})
			flagRow := types.Row{Fields: []types.Value{types.BigIntValue(1), flagTS}}
			txRow := types.Row{Fields: []types.Value{types.BigIntValue(1), tsAt(tt.tx), tsAt(tt.wantTS6)}}
			out := j.Right([]types.Row{flagRow}, nil)
			out = j.Left([]types.Row{txRow}, out)
			if txRow.Fields[1].Timestamp().Nano != tt.tx || flagRow.Fields[1].Timestamp().Nano != tt.fl {
				t.Fatal("the join changed the rows it was given")
			}
			if tt.want < 0 {
				if len(out) != 0 {
					t.Fatalf("matched: %v", out)
				}
				return
			}
			if len(out) != 1 {
				t.Fatalf("%d rows, want 1", len(out))
			}
			f := out[0].Fields
			if f[1].Timestamp().Nano != tt.want || f[2].Timestamp().Nano != tt.wantTS6 || f[4].Timestamp().Nano != tt.fl-tt.fl%1e6 || f[4].Kind() != types.KindTimestampLTZ {
				t.Errorf("output %v %v %v, want ts %d, ts6 %d, flag %d", f[1].Timestamp(), f[2].Timestamp(), f[4].Timestamp(), tt.want, tt.wantTS6, tt.fl-tt.fl%1e6)
			}
		})
	}
}

// The truncation must not cost the join's hot path an allocation.
func TestJoinTruncationDoesNotAllocate(t *testing.T) {
	j := fraudJoin()
	j.TruncateToMillis([]int{2}, []int{1})
	flags := []types.Row{{Fields: []types.Value{types.BigIntValue(7), tsAt(1)}}}
	j.Right(flags, nil)
	rows := []types.Row{{Fields: []types.Value{types.BigIntValue(8), types.Null, tsAt(123456789)}}}
	out := make([]types.Row, 0, 4)
	if n := testing.AllocsPerRun(2000, func() { out = j.Left(rows, out[:0]) }); n != 0 {
		t.Errorf("%v allocations per row", n)
	}
}
