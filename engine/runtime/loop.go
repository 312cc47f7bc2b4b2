package runtime

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/plan"
)

// jobRun is one run of a job: its opened connectors, operators and
// checkpointer, and the job loop's state. Every field is used only by the
// job goroutine (Run's), except events and saves, which the source and save
// goroutines send on.
type jobRun struct {
	opts Options
	log  *zap.Logger
	obs  *Observer

	sources    map[*plan.Scan]connectors.Source
	sinks      map[*plan.Sink]connectors.Sink
	scanNodes  map[*plan.Scan]*node
	committers map[*plan.Sink]connectors.TwoPhaseCommitter
	cp         *checkpointer // nil: not checkpointed (bounded job)
	replays    map[*plan.Scan]*replay

	events chan sourceEvent
	// pending counts the source and replay goroutines still running.
	pending int
	// rebuilding counts the replays still running. Until they are done the
	// rebuilt joins' state is partial, so no checkpoint is taken: a crash
	// restarts from the checkpoint restored, and the rebuild begins again.
	rebuilding int

	// positions are those not yet committed; latest are the newest of
	// every source, for checkpoints.
	positions map[*plan.Scan]any
	latest    map[*plan.Scan]any

	// The asynchronous checkpoint in flight (checkpointing.go): at most
	// one, so saves never queue up behind a slow disk and the channel's one
	// slot never blocks the save goroutine. due: a checkpoint is to start
	// when it completes.
	saves         chan savedCheckpoint
	inFlight, due bool
	saveCtx       context.Context
}

// startSources runs every source, and every replay, on its own goroutine
// until runCtx ends; they report on r.events.
func (r *jobRun) startSources(runCtx context.Context) {
	r.events = make(chan sourceEvent, len(r.sources))
	for scan, src := range r.sources {
		r.runSource(runCtx, scan, src, false)
	}
	r.rebuilding = len(r.replays)
	for _, rp := range r.replays {
		r.runSource(runCtx, rp.scan, rp.src, true)
	}
}

func (r *jobRun) runSource(runCtx context.Context, scan *plan.Scan, src connectors.Source, replay bool) {
	r.pending++
	go func() {
		emit := func(ctx context.Context, b connectors.Batch) error {
			select {
			case r.events <- sourceEvent{scan: scan, batch: b, replay: replay}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		rerr := src.Run(runCtx, emit)
		if cerr := src.Close(); cerr != nil && rerr == nil {
			rerr = fmt.Errorf("close: %w", cerr)
		}
		r.events <- sourceEvent{scan: scan, done: true, err: rerr, replay: replay}
	}()
}

// drainSources waits for every source goroutine to end (after stop), so
// none outlives Run.
func (r *jobRun) drainSources(stop context.CancelFunc) {
	stop()
	for r.pending > 0 {
		if ev := <-r.events; ev.done {
			r.pending--
		}
	}
}

// loop is the job loop: batches through the operators, checkpoints on the
// interval, until ctx ends or every source has finished (then a final
// checkpoint) or something fails.
func (r *jobRun) loop(ctx context.Context, observeTick <-chan time.Time) error {
	ticker := time.NewTicker(r.opts.FlushInterval)
	defer ticker.Stop()
	for {
		var err error
		select {
		case <-ctx.Done():
			r.obs.stopping() // /readyz fails before the final checkpoint
			r.log.Info("stopping: flushing sinks")
			return r.finalFlush()
		case <-observeTick:
			r.obs.publish()
		case <-ticker.C:
			err = r.onTick(ctx)
		case s := <-r.saves:
			err = r.onSaved(ctx, s)
		case ev := <-r.events:
			var finished bool
			if finished, err = r.onEvent(ctx, ev); finished {
				r.log.Info("all sources finished: flushing sinks")
				return r.finalFlush()
			}
		}
		if err != nil {
			return err
		}
	}
}

// onEvent handles what a source reported; finished is true when it was the
// last source to end.
func (r *jobRun) onEvent(ctx context.Context, ev sourceEvent) (finished bool, err error) {
	if ev.replay {
		return false, replayed(ctx, ev, r.replays, r.cp, &r.rebuilding, &r.pending)
	}
	if ev.done {
		r.pending--
		if ev.err != nil && !(errors.Is(ev.err, context.Canceled) && ctx.Err() != nil) {
			return false, fmt.Errorf("source %s: %w", ev.scan.Table.Name, ev.err)
		}
		r.log.Info("source finished", zap.String("table", ev.scan.Table.Name))
		return r.pending == 0, nil
	}
	if err := r.scanNodes[ev.scan].push(ctx, 0, ev.batch.Rows); err != nil {
		return false, err
	}
	if ev.batch.Position != nil {
		r.positions[ev.scan] = ev.batch.Position
		r.latest[ev.scan] = ev.batch.Position
	}
	return false, nil
}
