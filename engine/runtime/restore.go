package runtime

import (
	"fmt"
	"sort"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/metrics"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/engine/types"
)

// Restore decisions, as metrics.RestoreDecision.Decision.
const (
	decisionRestored         = "restored"
	decisionRestoredFiltered = "restored-filtered"
	decisionFailed           = "failed"
	decisionStartedEmpty     = "started-empty"
	decisionRebuilding       = "rebuilding"
	decisionRebuilt          = "rebuilt"
	decisionDropped          = "dropped"
	decisionReprocessing     = "reprocessing"
)

// stateSource is a stored entry a join's state can be restored from, with
// the filters its rows must pass on each side.
type stateSource struct {
	id          string
	left, right []expr.Expr
}

// stateSources lists where a join's state may come from, best first: its
// own entry, then the entry of the same join over its inputs without the
// filters directly on them. A WHERE on one input of a shared join is pushed
// below the join (as Flink does), which splits the join in two; the state
// of the filtered one is the shared join's state, filtered, so both restore
// from the one stored entry.
func stateSources(j statefulJoin) []stateSource {
	out := []stateSource{{id: j.id}}
	if j.plan == nil {
		return out
	}
	lb, lf := peelFilters(j.plan.Left)
	rb, rf := peelFilters(j.plan.Right)
	add := func(l, r plan.Node, lc, rc []expr.Expr) {
		v := *j.plan
		v.Left, v.Right = l, r
		out = append(out, stateSource{id: joinStateID(&v), left: lc, right: rc})
	}
	if len(lf) > 0 {
		add(lb, j.plan.Right, lf, nil)
	}
	if len(rf) > 0 {
		add(j.plan.Left, rb, nil, rf)
	}
	if len(lf) > 0 && len(rf) > 0 {
		add(lb, rb, lf, rf)
	}
	return out
}

// peelFilters returns n below the filters on top of it, and their conditions.
func peelFilters(n plan.Node) (plan.Node, []expr.Expr) {
	var conds []expr.Expr
	for {
		f, ok := n.(*plan.Filter)
		if !ok {
			return n, conds
		}
		conds = append(conds, f.Cond)
		n = f.Input
	}
}

// keepAll returns a row predicate requiring every condition (nil for none).
func keepAll(conds []expr.Expr) func([]types.Value) bool {
	if len(conds) == 0 {
		return nil
	}
	return func(fields []types.Value) bool {
		for _, c := range conds {
			// A condition failing on a stored row drops the row here; the
			// same row fails the job when it is processed live.
			if v, err := c.Eval(fields); err != nil || !expr.True(v) {
				return false
			}
		}
		return true
	}
}

// unrestorable is a join whose state the checkpoint cannot give, and why.
type unrestorable struct {
	join statefulJoin
	why  string
}

// restoreJoins restores every join it can from snap (checkpoint id),
// marking the entries it uses, and returns the joins it cannot restore.
func (c *checkpointer) restoreJoins(id uint64, snap *checkpoint.Snapshot, used map[string]bool) []unrestorable {
	var failed []unrestorable
	for _, j := range c.joins {
		used[j.id] = true
		why := "the checkpoint holds no state for this join: the join is new in the job, or its inputs, keys or condition changed"
		for _, src := range stateSources(j) {
			entry, ok := snap.Entries[src.id]
			if !ok {
				continue
			}
			if err := c.restoreJoin(j, entry, keepAll(src.left), keepAll(src.right)); err != nil {
				why = err.Error()
				break // the best source is damaged or does not fit: no lesser one is tried
			}
			used[src.id] = true
			l, r := j.join.StateRows()
			if src.id == j.id {
				c.decide(zap.InfoLevel, "join state restored", j.id, j.desc, decisionRestored, "", id,
					zap.Int("left_rows", l), zap.Int("right_rows", r))
			} else {
				c.decide(zap.WarnLevel, "join state restored from the join it was split from, filtered by the conditions now below it",
					j.id, j.desc, decisionRestoredFiltered, "from "+src.id+" ("+describeConds(src)+")", id,
					zap.String("from_state_id", src.id), zap.Int("left_rows", l), zap.Int("right_rows", r))
			}
			why = ""
			break
		}
		if why != "" {
			failed = append(failed, unrestorable{join: j, why: why})
		}
	}
	return failed
}

func describeConds(s stateSource) string {
	var parts []string
	for _, c := range s.left {
		parts = append(parts, "left: "+c.String())
	}
	for _, c := range s.right {
		parts = append(parts, "right: "+c.String())
	}
	return strings.Join(parts, "; ")
}

// decide records one restore decision: logged at level and kept for the
// dashboard (the observer reads them once the job is attached).
func (c *checkpointer) decide(level zapcore.Level, msg, stateID, operator, decision, detail string, checkpointID uint64, fields ...zap.Field) {
	c.decisions = append(c.decisions, metrics.RestoreDecision{StateID: stateID, Operator: operator,
		Decision: decision, Detail: detail, Checkpoint: checkpointID})
	fields = append([]zap.Field{zap.String("state_id", stateID), zap.String("operator", operator),
		zap.String("decision", decision), zap.Uint64("checkpoint", checkpointID)}, fields...)
	if detail != "" {
		fields = append(fields, zap.String("detail", detail))
	}
	if ce := c.log.Check(level, msg); ce != nil {
		ce.Write(fields...)
	}
}

// handleUnrestorable applies the policy to the joins the checkpoint cannot
// restore: the start fails (the default), or they start empty, or they are
// rebuilt from their inputs' history (with every join downstream of them,
// whose state would otherwise count the history twice).
func (c *checkpointer) handleUnrestorable(id uint64, failed []unrestorable, dropped []string, snap *checkpoint.Snapshot) error {
	switch c.policy.Unrestorable {
	case UnrestorableFail:
		for _, u := range failed {
			c.decide(zap.ErrorLevel, "join state cannot be restored", u.join.id, u.join.desc, decisionFailed, u.why, id)
		}
		return c.unrestorableError(id, failed, dropped, snap)
	case UnrestorableEmpty:
		for _, u := range failed {
			u.join.join.Clear()
			c.decide(zap.WarnLevel, "join state cannot be restored: the join starts EMPTY as --unrestorable-state=empty asks, "+
				"and its inputs resume from the checkpoint: rows read before the restart never match", u.join.id, u.join.desc,
				decisionStartedEmpty, u.why, id)
		}
		return nil
	}
	c.rebuild = rebuildClosure(c.joins, failed)
	for _, j := range c.rebuild {
		j.join.Clear()
		why := "its input join is rebuilt: its state would count that join's replayed output twice"
		for _, u := range failed {
			if u.join.id == j.id {
				why = u.why
			}
		}
		c.decide(zap.WarnLevel, "join state cannot be restored: the join starts empty and is REBUILT: its inputs are re-read from "+
			c.policy.rebuildFromText()+" up to the checkpoint's positions, into this join only; its output for that history "+
			"is written to its sinks again (rows it wrote before the restart are duplicated there); checkpoints wait until the rebuild is complete",
			j.id, j.desc, decisionRebuilding, why, id)
	}
	return nil
}

// rebuildClosure returns the failed joins and every join that consumes one
// of them, directly or through other operators.
func rebuildClosure(joins []statefulJoin, failed []unrestorable) []statefulJoin {
	rebuilt := map[*plan.Join]bool{}
	for _, u := range failed {
		rebuilt[u.join.plan] = true
	}
	var feeds func(n plan.Node) bool
	feeds = func(n plan.Node) bool {
		if j, ok := n.(*plan.Join); ok && rebuilt[j] {
			return true
		}
		for _, in := range n.Inputs() {
			if feeds(in) {
				return true
			}
		}
		return false
	}
	var out []statefulJoin
	for changed := true; changed; {
		changed = false
		for _, j := range joins {
			if j.plan != nil && !rebuilt[j.plan] && (feeds(j.plan.Left) || feeds(j.plan.Right)) {
				rebuilt[j.plan], changed = true, true
			}
		}
	}
	for _, j := range joins {
		if rebuilt[j.plan] {
			out = append(out, j)
		}
	}
	return out
}

// unrestorableError says which joins cannot be restored, what changed, and
// the choices.
func (c *checkpointer) unrestorableError(id uint64, failed []unrestorable, dropped []string, snap *checkpoint.Snapshot) error {
	var b strings.Builder
	fmt.Fprintf(&b, "checkpoint %d in %s: the state of %d join(s) cannot be restored, and starting them empty while the sources resume from the checkpoint would lose every match with rows read before:",
		id, c.where, len(failed))
	for _, u := range failed {
		fmt.Fprintf(&b, "\n  - %s %s: %s", u.join.id, u.join.desc, u.why)
	}
	if len(dropped) > 0 {
		b.WriteString("\n  state in the checkpoint that the job no longer uses (what the joins above were, if they changed):")
		for _, sid := range dropped {
			fmt.Fprintf(&b, "\n    %s %s", sid, storedDescription(sid, snap.Entries[sid]))
		}
	}
	b.WriteString("\nChoose one: go back to the SQL that wrote the checkpoint; or start with --unrestorable-state=rebuild " +
		"(SLUICE_UNRESTORABLE_STATE=rebuild) to start these joins empty and re-read their inputs from the earliest offset " +
		"(--rebuild-from=<RFC 3339 time> for a later one) into them only, which writes their output for that history to their sinks again; " +
		"or --unrestorable-state=empty to start them empty and accept the lost matches; " +
		"or move the checkpoint directory away to start the whole job afresh from the sources' startup modes")
	return fmt.Errorf("%s", b.String())
}

// droppedEntries lists the entries of snap no operator used, sorted.
func droppedEntries(snap *checkpoint.Snapshot, used map[string]bool) []string {
	var dropped []string
	for sid := range snap.Entries {
		if !used[sid] {
			dropped = append(dropped, sid)
		}
	}
	sort.Strings(dropped)
	return dropped
}

// rebuilt records that every replay has ended: the rebuilt joins hold the
// state of their inputs' history, and checkpoints resume.
func (c *checkpointer) rebuilt() {
	for i, d := range c.decisions {
		if d.Decision == decisionRebuilding {
			c.decisions[i].Decision = decisionRebuilt
		}
	}
	for _, j := range c.rebuild {
		l, r := j.join.StateRows()
		c.log.Warn("join state rebuilt from its inputs' history: checkpoints resume", zap.String("state_id", j.id),
			zap.String("operator", j.desc), zap.String("decision", decisionRebuilt), zap.Int("left_rows", l), zap.Int("right_rows", r))
	}
	c.obs.restoreDecisions(c.decisions)
}
