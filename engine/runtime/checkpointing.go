package runtime

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/plan"
)

// The job loop's checkpoints. Without transactional sinks a checkpoint's
// encode and save run beside the job loop (issue 6: they stalled the
// pipeline ~170 ms per 1M rows of join state, the p99 latency). The loop
// flushes the sinks and captures the state and positions, a goroutine
// encodes and saves, and the loop commits that checkpoint's positions when
// the save reports back. A transactional sink's Commit commits its open
// transaction, which would then hold rows written after the flush: those
// checkpoints stay synchronous (checkpoint).

// savedCheckpoint is what the save goroutine reports back.
type savedCheckpoint struct {
	cc        *capturedCheckpoint
	positions map[*plan.Scan]any
	size      int
	err       error
}

// async says whether checkpoints are saved beside the loop.
func (r *jobRun) async() bool { return r.cp != nil && len(r.committers) == 0 }

// onTick starts the interval's checkpoint.
func (r *jobRun) onTick(ctx context.Context) error {
	var err error
	switch {
	case r.rebuilding > 0:
		r.log.Debug("checkpoint skipped: join state is being rebuilt", zap.Int("replays_running", r.rebuilding))
	case !r.async():
		err = r.checkpoint(ctx)
	case r.inFlight:
		// The previous save is still running: this checkpoint starts when
		// it completes, rather than waiting on the loop (the stall this
		// avoids) or skipping an interval.
		r.due = true
	default:
		err = r.startCheckpoint(ctx)
	}
	if err != nil {
		r.obs.checkpointFailed(err)
	}
	return err
}

// onSaved completes the checkpoint whose save reported back, and starts a
// due one.
func (r *jobRun) onSaved(ctx context.Context, s savedCheckpoint) error {
	err := r.completeCheckpoint(ctx, s)
	if err == nil && r.due {
		r.due = false
		err = r.startCheckpoint(ctx)
	}
	if err != nil {
		r.obs.checkpointFailed(err)
	}
	return err
}

// flush makes every row written so far durable in the sinks.
func (r *jobRun) flush(ctx context.Context) error {
	for s, sink := range r.sinks {
		if err := sink.Flush(ctx); err != nil {
			return fmt.Errorf("sink %s: flush: %w", s.Table.Name, err)
		}
	}
	// Records a source wrote on the side (dead letters) must be durable
	// before a position past them is saved or committed.
	for scan, src := range r.sources {
		if f, ok := src.(connectors.SourceFlusher); ok {
			if err := f.Flush(ctx); err != nil {
				return fmt.Errorf("source %s: flush: %w", scan.Table.Name, err)
			}
		}
	}
	return nil
}

// takePositions hands over the positions not yet committed: those a
// checkpoint covers.
func (r *jobRun) takePositions() map[*plan.Scan]any {
	taken := r.positions
	r.positions = map[*plan.Scan]any{}
	return taken
}

// commitPositions commits the positions a completed checkpoint covers.
// Positions are committed only after every sink has flushed what was
// derived from them, so a restart from them loses nothing.
func (r *jobRun) commitPositions(ctx context.Context, taken map[*plan.Scan]any) {
	for scan, pos := range taken {
		c, ok := r.sources[scan].(connectors.Committer)
		if !ok {
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, commitTimeout)
		err := c.Commit(cctx, pos)
		cancel()
		if err != nil {
			r.log.Warn("committing source position failed; it will be retried at the next flush",
				zap.String("table", scan.Table.Name), zap.Error(err))
			if _, newer := r.positions[scan]; !newer {
				r.positions[scan] = pos
			}
		}
	}
}

// checkpoint takes a checkpoint on the loop: flush, save, commit the
// transactional sinks, then the source positions.
func (r *jobRun) checkpoint(ctx context.Context) error {
	r.obs.checkpointBegin()
	if err := r.flush(ctx); err != nil {
		return err
	}
	// As in Flink, offsets are committed on checkpoint completion: a
	// restart from the checkpoint then neither loses nor skips input.
	var id uint64
	if r.cp != nil {
		var err error
		if id, err = r.cp.take(ctx, r.latest); err != nil {
			return err
		}
	}
	// Second phase: the transactional sinks' rows become visible with the
	// checkpoint's id. A failure fails the job, which restarts from the
	// last checkpoint they committed (never a duplicate).
	for s, tc := range r.committers {
		if err := tc.Commit(ctx, id); err != nil {
			return fmt.Errorf("sink %s: commit: %w", s.Table.Name, err)
		}
	}
	if r.cp != nil && len(r.committers) > 0 {
		r.cp.store.Pin(id) // the checkpoint a restart now resumes from
	}
	r.commitPositions(ctx, r.takePositions())
	return nil
}

// startCheckpoint flushes and captures a checkpoint on the loop and saves
// it on a goroutine, which reports on r.saves.
func (r *jobRun) startCheckpoint(ctx context.Context) error {
	r.obs.checkpointBegin()
	begin := time.Now()
	if err := r.flush(ctx); err != nil {
		return err
	}
	flushed := time.Since(begin)
	cc, err := r.cp.capture(r.latest)
	if err != nil {
		return err
	}
	cc.onLoop += flushed
	taken := r.takePositions()
	r.inFlight = true
	go func() {
		size, err := r.cp.save(r.saveCtx, cc)
		r.saves <- savedCheckpoint{cc: cc, positions: taken, size: size, err: err}
	}()
	return nil
}

// completeCheckpoint runs on the loop when a save reports back.
func (r *jobRun) completeCheckpoint(ctx context.Context, s savedCheckpoint) error {
	r.inFlight = false
	if s.err != nil {
		// The positions stay uncommitted; the job fails and restarts from
		// the last durable checkpoint.
		return s.err
	}
	r.cp.saved(s.cc, s.size)
	r.commitPositions(ctx, s.positions)
	return nil
}

// finalFlush is the checkpoint at the end of a run, bounded by the
// shutdown timeout: it waits for a save in flight, then checkpoints (or,
// while rebuilding, only flushes).
func (r *jobRun) finalFlush() error {
	fctx, cancel := context.WithTimeout(context.Background(), r.opts.ShutdownTimeout)
	defer cancel()
	if r.inFlight {
		select {
		case s := <-r.saves:
			if err := r.completeCheckpoint(fctx, s); err != nil {
				return err
			}
		case <-fctx.Done():
			return fmt.Errorf("final checkpoint: waiting for checkpoint save: %w", fctx.Err())
		}
	}
	if r.rebuilding > 0 {
		r.log.Warn("stopped while rebuilding join state: the sinks are flushed, but no checkpoint is taken; the next start rebuilds again",
			zap.Int("replays_running", r.rebuilding))
		return r.flush(fctx)
	}
	return r.checkpoint(fctx)
}

// waitForSave waits for the save in flight, if any, once the job ends: the
// save is not cancelled by a stop (the final checkpoint waits for it), so
// it is cancelled here, and no goroutine outlives Run.
func (r *jobRun) waitForSave(stopSave context.CancelFunc) {
	stopSave()
	if r.inFlight {
		<-r.saves
	}
}
