package values

import (
	"context"
	"testing"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
)

// The source emits its rows once, in order, and ends; a consumer changing
// an emitted row does not change what a second run emits.
func TestSourceEmitsRowsOnceAndEnds(t *testing.T) {
	f := &Factory{Rows: []types.Row{
		{Fields: []types.Value{types.IntValue(types.KindInt, 1), types.StringValue("a")}},
		{Fields: []types.Value{types.IntValue(types.KindInt, 2), types.Null}},
	}}
	for run := 0; run < 2; run++ {
		src, err := f.NewSource(connectors.Table{})
		if err != nil {
			t.Fatal(err)
		}
		if !src.Bounded() {
			t.Fatal("a VALUES source must be bounded")
		}
		var got []types.Row
		err = src.Run(context.Background(), func(_ context.Context, b connectors.Batch) error {
			got = append(got, b.Rows...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || rowString(got[0]) != "+I[1, a]" || rowString(got[1]) != "+I[2, null]" {
			t.Fatalf("run %d emitted %v", run, got)
		}
		got[0].Fields[0] = types.IntValue(types.KindInt, 99)
	}
}

func rowString(r types.Row) string { return string(types.AppendRowString(nil, r)) }
