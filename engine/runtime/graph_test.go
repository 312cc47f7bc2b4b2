package runtime

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
)

func col(i int) expr.Expr { return &expr.Column{Index: i, Name: "c", T: types.BigInt} }

// TestProjectOpShortcut checks that a projection of adjacent columns takes
// the sharing shortcut and gives the same rows as evaluating it, and that
// any other projection evaluates its expressions.
func TestProjectOpShortcut(t *testing.T) {
	lit := &expr.Literal{V: types.IntValue(types.KindBigInt, 7), T: types.BigInt}
	cases := []struct {
		name    string
		exprs   []expr.Expr
		sharing bool
	}{
		{"prefix", []expr.Expr{col(0), col(1), col(2)}, true},
		{"middle run", []expr.Expr{col(1), col(2)}, true},
		{"one column", []expr.Expr{col(3)}, true},
		{"gap", []expr.Expr{col(0), col(2)}, false},
		{"reordered", []expr.Expr{col(1), col(0)}, false},
		{"repeated", []expr.Expr{col(1), col(1)}, false},
		{"literal", []expr.Expr{col(0), lit}, false},
		{"empty", nil, false},
	}
	in := []types.Row{
		{Kind: types.Insert, Fields: []types.Value{types.IntValue(types.KindBigInt, 1), types.StringValue("a"), types.Null, types.IntValue(types.KindBigInt, 4)}},
		{Kind: types.Delete, Fields: []types.Value{types.IntValue(types.KindBigInt, 5), types.StringValue("b"), types.BoolValue(true), types.Null}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			op := newProjectOp(c.exprs)
			if _, sharing := op.(*sliceOp); sharing != c.sharing {
				t.Fatalf("sharing shortcut = %v, want %v (%T)", sharing, c.sharing, op)
			}
			got, err := op.process(context.Background(), 0, in)
			if err != nil {
				t.Fatal(err)
			}
			want, err := (&projectOp{exprs: c.exprs}).process(context.Background(), 0, in)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d rows, want %d", len(got), len(want))
			}
			for i := range got {
				if got[i].Kind != want[i].Kind || len(got[i].Fields) != len(want[i].Fields) ||
					(len(want[i].Fields) > 0 && !reflect.DeepEqual(got[i].Fields, want[i].Fields)) {
					t.Errorf("row %d = %v, want %v", i, got[i], want[i])
				}
				if cap(got[i].Fields) != len(got[i].Fields) {
					t.Errorf("row %d: capacity %d past its %d fields: an append would overwrite the input", i, cap(got[i].Fields), len(got[i].Fields))
				}
			}
		})
	}
}

// A CAST that fails on a row fails the filter or projection with the
// expression named, as the CAST fails the job in Flink.
func TestEvalErrorFailsOperator(t *testing.T) {
	s := &expr.Column{Index: 0, Name: "s", T: types.String}
	asInt, err := expr.NewCast(s, types.Int, false)
	if err != nil {
		t.Fatal(err)
	}
	cond, err := expr.NewComparison(expr.Gt, asInt, &expr.Literal{V: types.IntValue(types.KindInt, 1), T: types.Int.NotNullable(), Text: "1"})
	if err != nil {
		t.Fatal(err)
	}
	in := []types.Row{{Fields: []types.Value{types.StringValue("7")}}, {Fields: []types.Value{types.StringValue("x")}}}
	for name, op := range map[string]operator{
		"filter":  &filterOp{cond: cond},
		"project": newProjectOp([]expr.Expr{asInt}),
	} {
		_, err := op.process(context.Background(), 0, in)
		if err == nil || !strings.Contains(err.Error(), "CAST(s AS INT)") || !strings.Contains(err.Error(), "For input string: 'x'") {
			t.Errorf("%s: error %v, want the CAST and Flink's message", name, err)
		}
	}
}
