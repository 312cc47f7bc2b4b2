package plan

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/sql"
)

// bareSelect plans a query written on its own into a print sink of its
// own, which prints a header line naming the query, then its rows as
// Flink's print connector does (+I[…]). With several such queries in the
// script, each row is prefixed with its query's position, since their rows
// interleave in the one job.
func (st *planning) bareSelect(ins *InsertDecl) (*Sink, error) {
	if err := st.checkHints(ins.Query); err != nil {
		return nil, err
	}
	q, err := st.query(ins.Query)
	if err != nil {
		return nil, err
	}
	opts := map[string]string{"connector": "print"}
	if st.labelSelects {
		opts["print-identifier"] = strings.TrimPrefix(ins.Select.Name, "select at ")
	}
	t := &TableDecl{Name: ins.Select.Name, Pos: ins.TablePos, Options: opts,
		OptionPos: func(string) sql.Pos { return ins.TablePos }}
	for _, c := range q.Schema() {
		t.Physical = append(t.Physical, ColumnDecl{Name: c.Name, Type: c.Type, Pos: ins.Pos})
	}
	f, ct, err := st.connectorTable(t)
	if err != nil {
		return nil, err
	}
	sf, ok := f.(connectors.SinkFactory)
	if !ok {
		return nil, errorf(ins.TablePos, "the print connector cannot print the query's rows: it is not a sink")
	}
	ct.Header = fmt.Sprintf("-- %s: %s", ins.Select.Name, ins.Select.Text)
	return &Sink{Input: q, Table: t, Factory: sf, Conn: ct}, nil
}

func countSelects(inserts []*InsertDecl) int {
	n := 0
	for _, ins := range inserts {
		if ins.Select != nil {
			n++
		}
	}
	return n
}
