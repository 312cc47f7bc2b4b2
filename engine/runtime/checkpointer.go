package runtime

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/metrics"
	"github.com/sluice-sql/sluice/engine/ops"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/engine/types"
)

// statefulJoin is a running join with its stable state id.
type statefulJoin struct {
	id   string
	desc string // the plan description, for log lines
	// schema renders both inputs' column types; state stored under another
	// schema cannot be used.
	schema string
	join   *ops.Join
	// plan is the planned join (nil in tests that build joins by hand): it
	// names the other entries the state may be restored from (restore.go).
	plan *plan.Join
	node *node // the running operator, where a rebuild feeds replayed rows
}

// checkpointer snapshots and restores the job's state. It is used only from
// the job goroutine, between batches: a consistent point.
type checkpointer struct {
	store   checkpoint.Store
	where   string // the store's location, for messages
	log     *zap.Logger
	joins   []statefulJoin
	sources map[*plan.Scan]connectors.Source
	// restored keeps each source's restored position until the source
	// reports a newer one, so a quiet source keeps its place.
	restored map[*plan.Scan][]byte
	nextID   uint64
	// committers are the transactional sinks (exactly-once): each
	// checkpoint records them, and restore skips checkpoints whose
	// transactions were not committed.
	committers map[*plan.Sink]connectors.TwoPhaseCommitter
	obs        *Observer // nil when unobserved
	// policy says what to do with state that cannot be restored.
	policy RestorePolicy
	// decisions are what restore did with each operator's state.
	decisions []metrics.RestoreDecision
	// rebuild are the joins restore started empty to be rebuilt from
	// their inputs' history (replay.go).
	rebuild []statefulJoin
}

// txnMark is what a transactional sink reports at start: the id of the
// last checkpoint whose transaction it committed.
type txnMark struct {
	table string
	txnID string
	id    uint64
	ok    bool
}

// restore loads the newest usable checkpoint, if any, into the joins and
// sources. Without transactional sinks that is the newest intact one; with
// them, the newest whose transactions were committed (see
// connectors.TwoPhaseCommitter). A join the checkpoint cannot restore fails
// the start unless the policy says to start it empty or rebuild it
// (restore.go); state whose id is no longer in the job is dropped. Every
// decision is logged and kept for the dashboard.
func (c *checkpointer) restore(ctx context.Context) error {
	marks := map[string]txnMark{}
	var newestMark uint64
	for sink, tc := range c.committers {
		id, ok, err := tc.LastCommitted(ctx)
		if err != nil {
			return fmt.Errorf("sink %s: %w", sink.Table.Name, err)
		}
		marks[sinkStateID(sink)] = txnMark{table: sink.Table.Name, txnID: tc.TransactionalID(), id: id, ok: ok}
		if ok {
			newestMark = max(newestMark, id)
		}
	}
	id, snap, newestStored, err := c.choose(ctx, marks)
	if err != nil {
		return err
	}
	// Ids keep increasing past every marker, even if the checkpoint
	// directory was emptied: a marker must never name a later checkpoint
	// than the one it was committed with.
	c.nextID = max(newestStored, newestMark) + 1
	if snap == nil {
		return nil
	}
	c.store.Pin(id)
	c.warnUnevenCommits(id, marks)
	used := map[string]bool{}
	for sid := range marks {
		used[sid] = true
	}
	start := time.Now()
	failed := c.restoreJoins(id, snap, used)
	for scan, src := range c.sources {
		sid := sourceStateID(scan)
		used[sid] = true
		pos, ok := snap.Entries[sid]
		r, restorable := src.(connectors.Restorer)
		if !ok || !restorable {
			c.log.Info("source has no position in the checkpoint: it follows its startup mode", zap.String("state_id", sid))
			continue
		}
		if err := r.Restore(pos); err != nil {
			return fmt.Errorf("checkpoint %d in %s: %s: %w", id, c.where, sid, err)
		}
		c.restored[scan] = pos
	}
	dropped := droppedEntries(snap, used)
	if len(failed) > 0 {
		if err := c.handleUnrestorable(id, failed, dropped, snap); err != nil {
			return err
		}
	}
	for _, sid := range dropped {
		c.decide(zap.WarnLevel, "dropping state of an operator that is no longer in the job", sid,
			storedDescription(sid, snap.Entries[sid]), decisionDropped, "", id)
	}
	c.log.Info("restored from checkpoint", zap.Uint64("checkpoint", id), zap.String("checkpoints", c.where),
		zap.Duration("took", time.Since(start)))
	return nil
}

// choose finds the checkpoint to restore: the newest intact one whose
// transactional sinks (per marks) committed it. snap is nil when there is
// none; newest is the highest id stored, usable or not. A checkpoint a
// sink's marker names must be there and intact (checkMarked); stored
// checkpoints of which none is usable fail the start unless the policy
// accepts starting without state.
func (c *checkpointer) choose(ctx context.Context, marks map[string]txnMark) (id uint64, snap *checkpoint.Snapshot, newest uint64, err error) {
	ids, err := c.store.List(ctx)
	if err != nil {
		return 0, nil, 0, fmt.Errorf("checkpoints in %s: %w", c.where, err)
	}
	if len(ids) > 0 {
		newest = ids[0]
	}
	// damaged holds why each checkpoint tried could not be loaded. Every
	// marker names a checkpoint at or past the one chosen (uncommitted
	// skips the others), so every stored one a marker names is tried.
	damaged := map[uint64]string{}
	for _, cid := range ids {
		data, err := c.store.Load(ctx, cid)
		if err != nil && !errors.Is(err, checkpoint.ErrCorrupt) && !errors.Is(err, checkpoint.ErrNoCheckpoint) {
			// A store that cannot be read now (network, permissions) says
			// nothing about the checkpoint: restoring an older one instead
			// would silently rewind the job. A restart tries again.
			return 0, nil, 0, fmt.Errorf("checkpoint %d in %s cannot be read now (the start is stopped rather than resuming from an older checkpoint): %w", cid, c.where, err)
		}
		if err != nil {
			c.log.Warn("ignoring an unreadable checkpoint", zap.Error(err))
			damaged[cid] = err.Error()
			continue
		}
		s, err := checkpoint.DecodeSnapshot(data)
		if err != nil {
			return 0, nil, 0, fmt.Errorf("checkpoint %d in %s: %w", cid, c.where, err)
		}
		if why := uncommitted(cid, s, marks); why != "" {
			c.log.Warn("skipping a checkpoint whose transactions were not committed", zap.Uint64("checkpoint", cid), zap.String("reason", why))
			continue
		}
		id, snap = cid, s
		break
	}
	if err := c.checkMarked(ids, damaged, marks, snap != nil, id); err != nil {
		return 0, nil, 0, err
	}
	switch {
	case snap != nil:
		return id, snap, newest, nil
	case len(ids) == 0:
		c.log.Info("no checkpoint to restore: starting with empty state", zap.String("checkpoints", c.where))
		return 0, nil, newest, nil
	case c.policy.Unrestorable == UnrestorableFail:
		return 0, nil, 0, fmt.Errorf("none of the checkpoints in %s (%v) can be used: starting with empty joins while the sources follow their startup mode "+
			"could lose every match with rows read before; see the warnings above for why each was not used. Start with --unrestorable-state=empty "+
			"(SLUICE_UNRESTORABLE_STATE=empty) to do that anyway, or move the checkpoint directory away", c.where, ids)
	}
	c.log.Warn("no usable checkpoint: starting with empty state, sources follow their startup mode",
		zap.String("checkpoints", c.where), zap.Uint64s("skipped", ids))
	for _, j := range c.joins {
		c.decide(zap.WarnLevel, "join starts EMPTY: no checkpoint is usable and --unrestorable-state accepts an empty start",
			j.id, j.desc, decisionStartedEmpty, fmt.Sprintf("no usable checkpoint in %s (%v)", c.where, ids), 0)
	}
	return 0, nil, newest, nil
}

// checkMarked fails the start when an exactly-once sink's marker names a
// checkpoint that is missing or damaged: restoring an older one (or none)
// would write again the rows the sink committed since, visible to
// read_committed consumers. With --lost-checkpoint=reprocess that is done,
// loudly.
func (c *checkpointer) checkMarked(ids []uint64, damaged map[uint64]string, marks map[string]txnMark, found bool, chosen uint64) error {
	resume := "the sources' startup modes (no usable checkpoint)"
	if found {
		resume = fmt.Sprintf("checkpoint %d", chosen)
	}
	var problems []string
	for _, sid := range slices.Sorted(maps.Keys(marks)) {
		m := marks[sid]
		if !m.ok {
			continue
		}
		state := ""
		if why, bad := damaged[m.id]; bad {
			state = "damaged (" + why + ")"
		} else if !slices.Contains(ids, m.id) {
			state = "missing"
		}
		if state == "" {
			continue
		}
		problem := fmt.Sprintf("exactly-once sink %s (transactional id %s): its marker says checkpoint %d was committed, but checkpoint %d is %s in %s",
			m.table, m.txnID, m.id, m.id, state, c.where)
		if c.policy.LostCheckpoint == LostCheckpointReprocess {
			c.decide(zap.WarnLevel, "the checkpoint an exactly-once sink committed is lost: resuming from "+resume+
				" as --lost-checkpoint=reprocess asks; rows the sink committed since are written to it AGAIN (duplicates for read_committed consumers)",
				sid, "sink "+m.table, decisionReprocessing, problem, m.id)
			continue
		}
		problems = append(problems, problem)
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%s. Resuming from %s would write the rows committed since then a second time. "+
		"Put the checkpoint back in %s, or start with --lost-checkpoint=reprocess (SLUICE_LOST_CHECKPOINT=reprocess) to resume from %s and accept those duplicates",
		strings.Join(problems, "; "), resume, c.where, resume)
}

// uncommitted says why checkpoint id cannot be restored given the sinks'
// markers, or "" if it can. A checkpoint taken while a sink was not
// transactional does not record it and is usable as it is.
func uncommitted(id uint64, snap *checkpoint.Snapshot, marks map[string]txnMark) string {
	var reasons []string
	for _, sid := range slices.Sorted(maps.Keys(marks)) {
		m := marks[sid]
		txnID, recorded := snap.Entries[sid]
		switch {
		case !recorded:
		case !m.ok:
			reasons = append(reasons, fmt.Sprintf("sink %s (transactional id %s) has no committed checkpoint marker: its transactions' outcome is unknown (marker expired or prefix changed?)", m.table, txnID))
		case id > m.id:
			reasons = append(reasons, fmt.Sprintf("sink %s committed checkpoint %d last; the transaction of checkpoint %d was aborted, its rows are redone", m.table, m.id, id))
		}
	}
	return strings.Join(reasons, "; ")
}

// warnUnevenCommits reports transactional sinks that committed a later
// checkpoint than the one restored: a crash came between two sinks' commits
// (Kafka transactions cannot span producers), or the checkpoint of the last
// commit is missing or damaged. The rows since the restored checkpoint are
// written to those sinks a second time.
func (c *checkpointer) warnUnevenCommits(restored uint64, marks map[string]txnMark) {
	for _, m := range marks {
		if m.ok && m.id > restored {
			c.log.Warn("a transactional sink committed a later checkpoint than the one restored: rows since the restored checkpoint are written to it again",
				zap.String("table", m.table), zap.Uint64("restored", restored), zap.Uint64("sink_committed", m.id))
		}
	}
}

// sinkStateID names the checkpoint entry recording a transactional sink.
func sinkStateID(s *plan.Sink) string { return "sink/" + s.Table.Name }

// restoreJoin checks the stored schema, then loads the rows that pass keepLeft
// and keepRight (nil: all).
func (c *checkpointer) restoreJoin(j statefulJoin, entry []byte, keepLeft, keepRight func([]types.Value) bool) error {
	d := checkpoint.NewDecoder(entry)
	schema, err := d.Bytes()
	if err != nil {
		return err
	}
	if _, err := d.Bytes(); err != nil { // the description, for log lines only
		return err
	}
	if string(schema) != j.schema {
		return fmt.Errorf("the join's input columns changed: state was stored for %s, the job now has %s", schema, j.schema)
	}
	if err := j.join.RestoreWhere(entry[len(entry)-d.Remaining():], keepLeft, keepRight); err != nil {
		return fmt.Errorf("the stored state is damaged: %w", err)
	}
	return nil
}

// take builds and saves a checkpoint of the joins, the latest processed
// position of each source and the transactional sinks' ids. It returns the
// checkpoint's id once it is durable. It runs wholly on the job goroutine;
// capture, save and saved are its three steps for a checkpoint whose save
// runs beside the job.
func (c *checkpointer) take(ctx context.Context, latest map[*plan.Scan]any) (uint64, error) {
	cc, err := c.capture(latest)
	if err != nil {
		return 0, err
	}
	size, err := c.save(ctx, cc)
	if err != nil {
		return 0, err
	}
	cc.onLoop = time.Since(cc.start) // all of it, here
	c.saved(cc, size)
	return cc.id, nil
}

// capturedCheckpoint is a checkpoint's content taken at a consistent point
// on the job goroutine, before it is encoded and saved.
type capturedCheckpoint struct {
	id    uint64
	start time.Time
	// snap holds the sources' positions and the sinks' ids; save adds the
	// joins' entries.
	snap  checkpoint.Snapshot
	joins []capturedJoin
	// fields describe the joins' state at the capture, for the log line.
	fields []zap.Field
	// onLoop is how long the job loop was held: the sinks' flush (set by
	// the runtime) and the capture. took, in the log, runs to durability.
	onLoop time.Duration
}

// capturedJoin is one join's captured state and the header of its entry.
type capturedJoin struct {
	id     string
	header []byte
	state  *ops.JoinSnapshot
}

// capture takes the checkpoint's content and reserves its id. It must run
// on the job goroutine; it costs a walk over the joins' keys, not an
// encode of their rows (ops.Join.CaptureSnapshot).
func (c *checkpointer) capture(latest map[*plan.Scan]any) (*capturedCheckpoint, error) {
	cc := &capturedCheckpoint{id: c.nextID, start: time.Now(), snap: checkpoint.Snapshot{Entries: map[string][]byte{}}}
	for _, j := range c.joins {
		expired := j.join.ExpireState()
		var head []byte
		head = binary.AppendUvarint(head, uint64(len(j.schema)))
		head = append(head, j.schema...)
		head = binary.AppendUvarint(head, uint64(len(j.desc)))
		head = append(head, j.desc...)
		cc.joins = append(cc.joins, capturedJoin{id: j.id, header: head, state: j.join.CaptureSnapshot()})
		l, r := j.join.StateRows()
		cc.fields = append(cc.fields, zap.Dict(j.id, zap.Int("left_rows", l), zap.Int("right_rows", r), zap.Int("expired", expired)))
	}
	for scan, src := range c.sources {
		r, ok := src.(connectors.Restorer)
		if !ok {
			continue
		}
		if pos, ok := latest[scan]; ok {
			b, err := r.EncodePosition(pos)
			if err != nil {
				return nil, fmt.Errorf("checkpoint %d: %w", cc.id, err)
			}
			c.restored[scan] = b
		}
		if b, ok := c.restored[scan]; ok {
			cc.snap.Entries[sourceStateID(scan)] = b
		}
	}
	for sink, tc := range c.committers {
		cc.snap.Entries[sinkStateID(sink)] = []byte(tc.TransactionalID())
	}
	// The id is used once even if the save fails: the job then fails, and
	// a restart chooses ids past every stored one.
	c.nextID++
	cc.onLoop = time.Since(cc.start)
	return cc, nil
}

// save encodes a captured checkpoint and makes it durable, returning its
// size in bytes. It touches only cc and the store, so it may run on another
// goroutine while the job goes on.
func (c *checkpointer) save(ctx context.Context, cc *capturedCheckpoint) (int, error) {
	for _, j := range cc.joins {
		cc.snap.Entries[j.id] = j.state.AppendTo(j.header)
	}
	r, size := cc.snap.Reader()
	if err := c.store.Save(ctx, cc.id, r); err != nil {
		return 0, fmt.Errorf("checkpoint %d in %s: %w", cc.id, c.where, err)
	}
	return size, nil
}

// saved records a durable checkpoint. It must run on the job goroutine
// (the observer reads the joins' row counts).
func (c *checkpointer) saved(cc *capturedCheckpoint, size int) {
	c.obs.checkpointSaved(cc.id, size, cc.snap.Entries)
	c.log.Info("checkpoint complete", append([]zap.Field{zap.Uint64("checkpoint", cc.id), zap.Int("bytes", size),
		zap.Duration("took", time.Since(cc.start)), zap.Duration("on_loop", cc.onLoop)}, cc.fields...)...)
	if len(c.committers) == 0 {
		// Every checkpoint is complete when saved; with transactional
		// sinks the runtime pins it once their commits succeed.
		c.store.Pin(cc.id)
	}
}

// storedDescription returns the plan description kept with a join's state,
// so that dropped state can be named in words.
func storedDescription(id string, entry []byte) string {
	if !strings.HasPrefix(id, "join/") {
		return id
	}
	d := checkpoint.NewDecoder(entry)
	if _, err := d.Bytes(); err != nil {
		return id
	}
	desc, err := d.Bytes()
	if err != nil {
		return id
	}
	return string(desc)
}
