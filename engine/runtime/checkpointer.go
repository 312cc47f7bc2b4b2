package runtime

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/ops"
	"github.com/sluice-sql/sluice/engine/plan"
)

// statefulJoin is a running join with its stable state id.
type statefulJoin struct {
	id   string
	desc string // the plan description, for log lines
	// schema renders both inputs' column types; state stored under another
	// schema cannot be used.
	schema string
	join   *ops.Join
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
}

// restore loads the latest checkpoint, if any, into the joins and sources.
// State whose id is no longer in the job is dropped, and operators without
// state start empty; both are logged by name.
func (c *checkpointer) restore(ctx context.Context) error {
	id, data, err := c.store.Latest(ctx)
	if errors.Is(err, checkpoint.ErrNoCheckpoint) {
		c.log.Info("no checkpoint to restore: starting with empty state", zap.String("checkpoints", c.where))
		c.nextID = 1
		return nil
	}
	if err != nil {
		return fmt.Errorf("checkpoints in %s: %w", c.where, err)
	}
	c.nextID = id + 1
	snap, err := checkpoint.DecodeSnapshot(data)
	if err != nil {
		return fmt.Errorf("checkpoint %d in %s: %w", id, c.where, err)
	}
	used := map[string]bool{}
	start := time.Now()
	for _, j := range c.joins {
		used[j.id] = true
		entry, ok := snap.Entries[j.id]
		if !ok {
			c.log.Info("join has no state in the checkpoint: it starts empty", zap.String("state_id", j.id), zap.String("join", j.desc))
			continue
		}
		if err := c.restoreJoin(j, entry); err != nil {
			c.log.Warn("join state cannot be used: the join starts empty", zap.String("state_id", j.id),
				zap.String("join", j.desc), zap.Uint64("checkpoint", id), zap.Error(err))
			continue
		}
		l, r := j.join.StateRows()
		c.log.Info("join state restored", zap.String("state_id", j.id), zap.Int("left_rows", l), zap.Int("right_rows", r))
	}
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
	var dropped []string
	for sid := range snap.Entries {
		if !used[sid] {
			dropped = append(dropped, sid)
		}
	}
	sort.Strings(dropped)
	for _, sid := range dropped {
		c.log.Warn("dropping state of an operator that is no longer in the job", zap.String("state_id", sid),
			zap.String("operator", storedDescription(sid, snap.Entries[sid])), zap.Uint64("checkpoint", id))
	}
	c.log.Info("restored from checkpoint", zap.Uint64("checkpoint", id), zap.String("checkpoints", c.where),
		zap.Duration("took", time.Since(start)))
	return nil
}

// restoreJoin checks the stored schema, then loads the rows.
func (c *checkpointer) restoreJoin(j statefulJoin, entry []byte) error {
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
	return j.join.Restore(entry[len(entry)-d.Remaining():])
}

// take builds and saves a checkpoint of the joins and the latest processed
// position of each source. It returns once the checkpoint is durable.
func (c *checkpointer) take(ctx context.Context, latest map[*plan.Scan]any) error {
	start := time.Now()
	snap := checkpoint.Snapshot{Entries: map[string][]byte{}}
	fields := []zap.Field{}
	for _, j := range c.joins {
		expired := j.join.ExpireState()
		var buf []byte
		buf = binary.AppendUvarint(buf, uint64(len(j.schema)))
		buf = append(buf, j.schema...)
		buf = binary.AppendUvarint(buf, uint64(len(j.desc)))
		buf = append(buf, j.desc...)
		snap.Entries[j.id] = j.join.AppendSnapshot(buf)
		l, r := j.join.StateRows()
		fields = append(fields, zap.Dict(j.id, zap.Int("left_rows", l), zap.Int("right_rows", r), zap.Int("expired", expired)))
	}
	for scan, src := range c.sources {
		r, ok := src.(connectors.Restorer)
		if !ok {
			continue
		}
		if pos, ok := latest[scan]; ok {
			b, err := r.EncodePosition(pos)
			if err != nil {
				return fmt.Errorf("checkpoint %d: %w", c.nextID, err)
			}
			c.restored[scan] = b
		}
		if b, ok := c.restored[scan]; ok {
			snap.Entries[sourceStateID(scan)] = b
		}
	}
	data := snap.Encode()
	id := c.nextID
	if err := c.store.Save(ctx, id, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("checkpoint %d in %s: %w", id, c.where, err)
	}
	c.nextID++
	c.log.Info("checkpoint complete", append([]zap.Field{zap.Uint64("checkpoint", id), zap.Int("bytes", len(data)),
		zap.Duration("took", time.Since(start))}, fields...)...)
	return nil
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
