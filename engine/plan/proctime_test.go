package plan_test

import (
	"io"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql"
)

// TestProctimeIsReadPerRow checks that a PROCTIME() column is
// TIMESTAMP_LTZ(3) NOT NULL and reads the planner's clock for every row it
// evaluates, in milliseconds, as Flink's processing time is.
func TestProctimeIsReadPerRow(t *testing.T) {
	const src = "CREATE TABLE s (id INT, p AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '/tmp/s', 'format' = 'json');\n" +
		"CREATE TABLE o (id INT, p TIMESTAMP_LTZ(3)) WITH ('connector' = 'print');\n" +
		"INSERT INTO o SELECT * FROM s;\n"
	script, err := sql.Parse(sql.NewSource("job.sql", src))
	if err != nil {
		t.Fatal(err)
	}
	decls, err := plan.FromSQL(script)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	p := &plan.Planner{Registry: builtin.Registry(io.Discard, io.Discard), Logger: zap.NewNop(), Now: func() time.Time { return now }}
	g, err := p.Plan(decls)
	if err != nil {
		t.Fatal(err)
	}
	calc, ok := g.Sinks[0].Input.(*plan.Project)
	if !ok {
		t.Fatalf("sink input is %T, want the computed columns' Calc:\n%s", g.Sinks[0].Input, g.Explain())
	}
	e := calc.Exprs[1]
	if got := e.Type().String(); got != "TIMESTAMP_LTZ(3) NOT NULL" {
		t.Errorf("PROCTIME() type = %s, want TIMESTAMP_LTZ(3) NOT NULL", got)
	}
	row := []types.Value{types.IntValue(types.KindInt, 1)}
	for _, at := range []time.Time{now, now.Add(1500 * time.Millisecond)} {
		now = at
		v, err := e.Eval(row)
		if err != nil {
			t.Fatal(err)
		}
		want := types.Timestamp{Sec: at.Unix(), Nano: int32(at.Nanosecond()) / 1e6 * 1e6}
		if v.IsNull() || v.Timestamp() != want {
			t.Errorf("PROCTIME() at %s = %v, want %v", at, v.Timestamp(), want)
		}
	}
}
