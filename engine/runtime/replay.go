package runtime

import (
	"fmt"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/plan"
)

// replay is a bounded source re-reading one table's history, up to the
// restored position, into the joins being rebuilt (RestorePolicy rebuild).
type replay struct {
	scan *plan.Scan
	src  connectors.Source
	node *node // the head of the operators carrying its rows to the joins
}

// planReplays builds the replays of the joins cp rebuilds. Each rebuilt
// join's inputs are re-read through fresh copies of the operators between
// the sources and the join (filters, projections, and joins, which start
// empty and so produce their output for the history once), so no operator
// that restored its state sees a row twice; the restored sources go on from
// the checkpoint for everything, the rebuilt joins included. A rebuilt join
// below another needs no copy: its own output carries its history upward.
// Tables with no restored position need no replay: their source reads them
// per its startup mode.
func planReplays(cp *checkpointer) (map[*plan.Scan]*replay, error) {
	if cp == nil || len(cp.rebuild) == 0 {
		return nil, nil
	}
	rebuilt := map[*plan.Join]bool{}
	for _, j := range cp.rebuild {
		rebuilt[j.plan] = true
	}
	replays := map[*plan.Scan]*replay{}
	nodes := map[plan.Node]*node{} // nil: nothing to replay below
	var get func(pn plan.Node) (*node, error)
	get = func(pn plan.Node) (*node, error) {
		if n, ok := nodes[pn]; ok {
			return n, nil
		}
		n, err := replayNode(cp, pn, rebuilt, replays, get)
		if err != nil {
			return nil, err
		}
		nodes[pn] = n
		return n, nil
	}
	for _, j := range cp.rebuild {
		for port, in := range j.plan.Inputs() {
			up, err := get(in)
			if err != nil {
				closeReplays(replays)
				return nil, err
			}
			if up != nil {
				up.outs = append(up.outs, edge{to: j.node, port: port})
			}
		}
	}
	return replays, nil
}

// replayNode builds the replay copy of pn fed by its inputs' replays (get),
// or nil when nothing below pn is replayed.
func replayNode(cp *checkpointer, pn plan.Node, rebuilt map[*plan.Join]bool, replays map[*plan.Scan]*replay,
	get func(plan.Node) (*node, error)) (*node, error) {
	if j, ok := pn.(*plan.Join); ok && rebuilt[j] {
		return nil, nil
	}
	if scan, ok := pn.(*plan.Scan); ok {
		return replaySource(cp, scan, replays)
	}
	n, _, err := newNode(pn, nil)
	if err != nil {
		return nil, err
	}
	fed := false
	for port, in := range pn.Inputs() {
		up, err := get(in)
		if err != nil {
			return nil, err
		}
		if up != nil {
			up.outs, fed = append(up.outs, edge{to: n, port: port}), true
		}
	}
	if !fed {
		return nil, nil
	}
	return n, nil
}

// replaySource opens the replay of scan up to its restored position.
func replaySource(cp *checkpointer, scan *plan.Scan, replays map[*plan.Scan]*replay) (*node, error) {
	pos, ok := cp.restored[scan]
	if !ok {
		return nil, nil
	}
	r, ok := cp.sources[scan].(connectors.Replayer)
	if !ok {
		return nil, fmt.Errorf("table `%s`: its connector cannot re-read its history, so the joins it feeds cannot be rebuilt; "+
			"use --unrestorable-state=empty or move the checkpoint directory away", scan.Table.Name)
	}
	src, err := r.Replay(pos, cp.policy.RebuildFrom)
	if err != nil {
		return nil, fmt.Errorf("table `%s`: rebuilding join state: %w", scan.Table.Name, err)
	}
	n := &node{name: "replay of source " + scan.Table.Name, op: passOp{}}
	replays[scan] = &replay{scan: scan, src: src, node: n}
	return n, nil
}

func closeReplays(replays map[*plan.Scan]*replay) {
	for _, r := range replays {
		_ = r.src.Close()
	}
}
