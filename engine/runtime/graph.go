// Package runtime runs a planned job: it opens the sources and sinks, pushes
// every batch through the operator graph on one goroutine, checkpoints
// periodically (flush the sinks, save operator state and source positions,
// then commit the positions), restores the latest checkpoint on start, and
// shuts down cleanly with a final checkpoint.
package runtime

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/ops"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/engine/types"
)

// operator is a node of the running graph.
type operator interface {
	// process handles rows arriving on an input port and returns the output rows.
	process(ctx context.Context, port int, rows []types.Row) ([]types.Row, error)
}

// edge connects an operator's output to an input port of another.
type edge struct {
	to   *node
	port int
}

type node struct {
	name string
	op   operator
	outs []edge
	// rowsIn and rowsOut count rows for metrics and logs. They are atomic
	// because the HTTP server reads them while the job goroutine adds, once
	// per batch.
	rowsIn, rowsOut atomic.Int64
	// For the dashboard and metrics: a short label ("Source: t", "Join"),
	// the operator kind, the EXPLAIN line, and the id Observer assigns.
	label, kind, describe string
	id                    int
}

// push runs rows through n and everything downstream of it.
func (n *node) push(ctx context.Context, port int, rows []types.Row) error {
	n.rowsIn.Add(int64(len(rows)))
	out, err := n.op.process(ctx, port, rows)
	if err != nil {
		return fmt.Errorf("%s: %w", n.name, err)
	}
	if len(out) == 0 {
		return nil
	}
	n.rowsOut.Add(int64(len(out)))
	for _, e := range n.outs {
		if err := e.to.push(ctx, e.port, out); err != nil {
			return err
		}
	}
	return nil
}

type passOp struct{}

func (passOp) process(_ context.Context, _ int, rows []types.Row) ([]types.Row, error) {
	return rows, nil
}

type filterOp struct{ cond expr.Expr }

func (f *filterOp) process(_ context.Context, _ int, rows []types.Row) ([]types.Row, error) {
	out := make([]types.Row, 0, len(rows))
	for _, r := range rows {
		v, err := f.cond.Eval(r.Fields)
		if err != nil {
			return nil, fmt.Errorf("WHERE %s: %w", f.cond, err)
		}
		if expr.True(v) {
			out = append(out, r)
		}
	}
	return out, nil
}

type projectOp struct{ exprs []expr.Expr }

func (p *projectOp) process(_ context.Context, _ int, rows []types.Row) ([]types.Row, error) {
	out := make([]types.Row, len(rows))
	// One backing array per batch: fewer, larger allocations.
	fields := make([]types.Value, len(rows)*len(p.exprs))
	for i, r := range rows {
		f := fields[i*len(p.exprs) : (i+1)*len(p.exprs) : (i+1)*len(p.exprs)]
		for j, e := range p.exprs {
			v, err := e.Eval(r.Fields)
			if err != nil {
				return nil, fmt.Errorf("SELECT %s: %w", e, err)
			}
			f[j] = v
		}
		out[i] = types.Row{Kind: r.Kind, Fields: f}
	}
	return out, nil
}

// newProjectOp returns the operator for a projection. One that only picks a
// run of adjacent columns in order (SELECT l.* over a join, a column prefix)
// shares the input rows' values instead of copying them: rows are never
// changed once emitted, so the narrower view is as good as a copy.
func newProjectOp(exprs []expr.Expr) operator {
	if lo, ok := adjacentColumns(exprs); ok {
		return &sliceOp{lo: lo, hi: lo + len(exprs)}
	}
	return &projectOp{exprs: exprs}
}

// adjacentColumns reports whether exprs are the columns lo, lo+1, … in order.
func adjacentColumns(exprs []expr.Expr) (lo int, ok bool) {
	for i, e := range exprs {
		c, isCol := e.(*expr.Column)
		if !isCol {
			return 0, false
		}
		if i == 0 {
			lo = c.Index
		} else if c.Index != lo+i {
			return 0, false
		}
	}
	return lo, len(exprs) > 0
}

// sliceOp is a projection of the adjacent columns [lo, hi).
type sliceOp struct{ lo, hi int }

func (p *sliceOp) process(_ context.Context, _ int, rows []types.Row) ([]types.Row, error) {
	out := make([]types.Row, len(rows))
	for i, r := range rows {
		out[i] = types.Row{Kind: r.Kind, Fields: r.Fields[p.lo:p.hi:p.hi]}
	}
	return out, nil
}

type joinOp struct{ join *ops.Join }

func (j *joinOp) process(_ context.Context, port int, rows []types.Row) ([]types.Row, error) {
	var out []types.Row
	if port == 0 {
		out = j.join.Left(rows, nil)
	} else {
		out = j.join.Right(rows, nil)
	}
	return out, j.join.Err()
}

type sinkOp struct {
	table, connector string
	sink             connectors.Sink
	width            int     // physical columns, for rendering recent rows
	recent           *recent // set by Observer.attach; nil when unobserved
}

func (s *sinkOp) process(ctx context.Context, _ int, rows []types.Row) ([]types.Row, error) {
	if err := s.sink.Write(ctx, rows); err != nil {
		return nil, err
	}
	s.recent.add(rows)
	return nil, nil
}

// build turns the plan into running nodes; sources and sinks are opened by the caller.
func build(g *plan.Graph, sources map[*plan.Scan]connectors.Source, sinks map[*plan.Sink]connectors.Sink) (map[*plan.Scan]*node, []statefulJoin, error) {
	nodes := map[plan.Node]*node{}
	var joins []statefulJoin
	var get func(n plan.Node) (*node, error)
	get = func(pn plan.Node) (*node, error) {
		if n, ok := nodes[pn]; ok {
			return n, nil
		}
		n, j, err := newNode(pn, sinks)
		if err != nil {
			return nil, err
		}
		if j != nil {
			joins = append(joins, *j)
		}
		nodes[pn] = n
		for port, in := range pn.Inputs() {
			up, err := get(in)
			if err != nil {
				return nil, err
			}
			up.outs = append(up.outs, edge{to: n, port: port})
		}
		return n, nil
	}
	for _, s := range g.Sinks {
		if _, err := get(s); err != nil {
			return nil, nil, err
		}
	}
	scans := map[*plan.Scan]*node{}
	for _, s := range g.Scans {
		scans[s] = nodes[s]
	}
	return scans, joins, nil
}

// newNode builds the operator of one plan node, unconnected; for a join it
// also returns the join's state handle.
func newNode(pn plan.Node, sinks map[*plan.Sink]connectors.Sink) (*node, *statefulJoin, error) {
	n := &node{name: pn.Describe(), describe: pn.Describe()}
	var sj *statefulJoin
	switch pn := pn.(type) {
	case *plan.Scan:
		n.name = "source " + pn.Table.Name
		n.label, n.kind = "Source: "+pn.Table.Name, "source"
		n.op = passOp{}
	case *plan.Filter:
		n.label, n.kind = "Filter", "filter"
		n.op = &filterOp{cond: pn.Cond}
	case *plan.Project:
		n.label, n.kind = "Calc", "calc"
		n.op = newProjectOp(pn.Exprs)
	case *plan.Union:
		// UNION ALL forwards the rows of every input as they come.
		n.label, n.kind = "Union", "union"
		n.op = passOp{}
	case *plan.Join:
		n.label, n.kind = "Join", "join"
		ls, rs := pn.Left.Schema(), pn.Right.Schema()
		lt, rt := make([]types.Type, len(pn.LeftKeys)), make([]types.Type, len(pn.RightKeys))
		for i := range pn.LeftKeys {
			lt[i], rt[i] = ls[pn.LeftKeys[i]].Type, rs[pn.RightKeys[i]].Type
		}
		lk, rk := ops.NewKeyPair(pn.LeftKeys, pn.RightKeys, lt, rt)
		join := ops.NewJoin(lk, rk, pn.Residual, len(ls), len(rs))
		// Flink hashes both inputs to the join by key; the exchange keeps
		// only the milliseconds of TIMESTAMP(p <= 3) values.
		join.TruncateToMillis(ops.MillisColumns(ls), ops.MillisColumns(rs))
		n.op = &joinOp{join: join}
		sj = &statefulJoin{id: joinStateID(pn), desc: pn.Describe(), plan: pn, node: n,
			schema: "left " + ls.String() + ", right " + rs.String(), join: join}
	case *plan.Sink:
		n.name = "sink " + pn.Table.Name
		n.label, n.kind = "Sink: "+pn.Table.Name, "sink"
		n.op = &sinkOp{table: pn.Table.Name, connector: pn.Factory.Identifier(), sink: sinks[pn],
			width: len(pn.Conn.Schema)}
	default:
		return nil, nil, fmt.Errorf("internal error: no operator for plan node %T", pn)
	}
	return n, sj, nil
}
