package syntax

import (
	"context"
	"testing"
)

func TestInspect(t *testing.T) {
	s, err := ParseStatement(context.Background(),
		"SELECT /*+ STATE_TTL('t' = '1d') */ t.a, f(b + 1) FROM t /*+ OPTIONS('k' = 'v') */ JOIN u ON t.id = u.id WHERE c IN (SELECT d FROM v)", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var cols, hints, tables int
	Inspect(s, func(n Node) bool {
		switch n.(type) {
		case *ColumnRef:
			cols++
		case *Hint:
			hints++
		case *TableName:
			tables++
		}
		return true
	})
	// t.a, b, t.id, u.id, c, d
	if cols != 6 || hints != 2 || tables != 3 {
		t.Fatalf("got %d column refs, %d hints, %d tables; want 6, 2, 3", cols, hints, tables)
	}
	// Returning false skips the subquery's insides.
	cols = 0
	Inspect(s, func(n Node) bool {
		if _, ok := n.(*In); ok {
			return false
		}
		if _, ok := n.(*ColumnRef); ok {
			cols++
		}
		return true
	})
	if cols != 4 {
		t.Fatalf("with the IN skipped, got %d column refs, want 4", cols)
	}
}
