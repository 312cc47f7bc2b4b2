package runtime

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/plan"
)

// Options tune a run.
type Options struct {
	// FlushInterval is the checkpoint interval: how often sinks are
	// flushed, state is saved and source positions committed. Zero means 10 s.
	FlushInterval time.Duration
	// ShutdownTimeout bounds the final flush after a stop. Zero means 30 s.
	ShutdownTimeout time.Duration
	Logger          *zap.Logger
	// JobName is the SQL file's name; with the sink tables it makes the job
	// id that names the checkpoint directory. Empty is allowed.
	JobName string
	// CheckpointDir is where the job's checkpoints live: a directory
	// (path or file://…) or s3://bucket/prefix; empty means
	// $SLUICE_CHECKPOINT_DIR, else SET 'state.checkpoints.dir' (or
	// 'execution.checkpointing.dir'), else ./.sluice/checkpoints/<job id>.
	CheckpointDir string
	// Observer, if set, is fed metrics, health and recent rows for the
	// HTTP server (observe.go).
	Observer *Observer
	// Restore says what a start does with state it cannot restore; the
	// zero value fails the start.
	Restore RestorePolicy
}

// commitTimeout bounds one source's offset commit. A failed commit is only
// retried at the next checkpoint, so it must not hold up the job.
const commitTimeout = 5 * time.Second

// sourceEvent is what a source goroutine tells the job loop.
type sourceEvent struct {
	scan   *plan.Scan
	batch  connectors.Batch
	done   bool
	err    error
	replay bool // from a replay rebuilding join state (replay.go)
}

// Run executes the graph until every source is exhausted (bounded job: the
// sinks are flushed and Run returns nil), ctx is cancelled (a final flush,
// then nil), or something fails (the error).
func Run(ctx context.Context, g *plan.Graph, opts Options) (err error) {
	obs := opts.Observer
	defer func() { obs.finish(err) }()
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = 10 * time.Second
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 30 * time.Second
	}
	sources, sinks, err := open(g)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), opts.ShutdownTimeout)
		defer cancel()
		for s, sink := range sinks {
			if cerr := sink.Close(cctx); cerr != nil && err == nil {
				err = fmt.Errorf("sink %s: close: %w", s.Table.Name, cerr)
			}
		}
	}()
	scanNodes, joins, err := build(g, sources, sinks)
	if err != nil {
		return err
	}
	ttl, err := stateTTL(g)
	if err != nil {
		return err
	}
	sideTTL := joinStateTTLs(g, ttl)
	for _, j := range joins {
		l, r := sideTTL.of(j.id, ttl)
		j.join.SetStateTTL(l, r, nil)
	}
	committers, err := transactionalSinks(sinks)
	if err != nil {
		return err
	}
	cp, err := newCheckpointer(ctx, g, opts, log, joins, sources, committers)
	if err != nil {
		return err
	}
	replays, err := planReplays(cp)
	if err != nil {
		return err
	}

	obs.attach(g, opts, scanNodes, joins, sources, sinks, cp != nil)
	defer obs.detach() // before the sinks close
	observeTick, stopObserving := obs.ticker(ctx)
	defer stopObserving()

	runCtx, stopSources := context.WithCancel(ctx)
	defer stopSources()
	events := make(chan sourceEvent, len(sources))
	pending := 0
	runSource := func(scan *plan.Scan, src connectors.Source, replay bool) {
		pending++
		go func() {
			emit := func(ctx context.Context, b connectors.Batch) error {
				select {
				case events <- sourceEvent{scan: scan, batch: b, replay: replay}:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			rerr := src.Run(runCtx, emit)
			if cerr := src.Close(); cerr != nil && rerr == nil {
				rerr = fmt.Errorf("close: %w", cerr)
			}
			events <- sourceEvent{scan: scan, done: true, err: rerr, replay: replay}
		}()
	}
	for scan, src := range sources {
		runSource(scan, src, false)
	}
	// rebuilding counts the replays still running. Until they are done the
	// rebuilt joins' state is partial, so no checkpoint is taken: a crash
	// restarts from the checkpoint restored, and the rebuild begins again.
	rebuilding := len(replays)
	for _, r := range replays {
		runSource(r.scan, r.src, true)
	}
	// Drain the goroutines before returning so none outlives Run.
	defer func() {
		stopSources()
		for pending > 0 {
			if ev := <-events; ev.done {
				pending--
			}
		}
	}()

	log.Info("job running", zap.Int("sources", len(sources)), zap.Int("sinks", len(sinks)))
	// positions are those not yet committed; latest are the newest of every
	// source, for checkpoints.
	positions := map[*plan.Scan]any{}
	latest := map[*plan.Scan]any{}
	ticker := time.NewTicker(opts.FlushInterval)
	defer ticker.Stop()
	// flush makes every row written so far durable in the sinks.
	flush := func(ctx context.Context) error {
		for s, sink := range sinks {
			if err := sink.Flush(ctx); err != nil {
				return fmt.Errorf("sink %s: flush: %w", s.Table.Name, err)
			}
		}
		// Records a source wrote on the side (dead letters) must be durable
		// before a position past them is saved or committed.
		for scan, src := range sources {
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
	takePositions := func() map[*plan.Scan]any {
		taken := positions
		positions = map[*plan.Scan]any{}
		return taken
	}
	// commitPositions commits the positions a completed checkpoint covers.
	// Positions are committed only after every sink has flushed what was
	// derived from them, so a restart from them loses nothing.
	commitPositions := func(ctx context.Context, taken map[*plan.Scan]any) {
		for scan, pos := range taken {
			c, ok := sources[scan].(connectors.Committer)
			if !ok {
				continue
			}
			cctx, cancel := context.WithTimeout(ctx, commitTimeout)
			err := c.Commit(cctx, pos)
			cancel()
			if err != nil {
				log.Warn("committing source position failed; it will be retried at the next flush",
					zap.String("table", scan.Table.Name), zap.Error(err))
				if _, newer := positions[scan]; !newer {
					positions[scan] = pos
				}
			}
		}
	}
	checkpoint := func(ctx context.Context) error {
		obs.checkpointBegin()
		if err := flush(ctx); err != nil {
			return err
		}
		// As in Flink, offsets are committed on checkpoint completion: a
		// restart from the checkpoint then neither loses nor skips input.
		var id uint64
		if cp != nil {
			var err error
			if id, err = cp.take(ctx, latest); err != nil {
				return err
			}
		}
		// Second phase: the transactional sinks' rows become visible with
		// the checkpoint's id. A failure fails the job, which restarts from
		// the last checkpoint they committed (never a duplicate).
		for s, tc := range committers {
			if err := tc.Commit(ctx, id); err != nil {
				return fmt.Errorf("sink %s: commit: %w", s.Table.Name, err)
			}
		}
		if cp != nil && len(committers) > 0 {
			cp.store.Pin(id) // the checkpoint a restart now resumes from
		}
		commitPositions(ctx, takePositions())
		return nil
	}

	// Without transactional sinks a checkpoint's encode and save run beside
	// the job loop (issue 6: they stalled the pipeline ~170 ms per 1M rows
	// of join state, the p99 latency). The loop flushes the sinks and
	// captures the state and positions, a goroutine encodes and saves, and
	// the loop commits that checkpoint's positions when the save reports
	// back. A transactional sink's Commit commits its open transaction,
	// which would then hold rows written after the flush: those checkpoints
	// stay synchronous (checkpoint above).
	async := cp != nil && len(committers) == 0
	type savedCheckpoint struct {
		cc        *capturedCheckpoint
		positions map[*plan.Scan]any
		size      int
		err       error
	}
	// One checkpoint at most is in flight, so saves never queue up behind a
	// slow disk and the channel's one slot never blocks the goroutine.
	saves := make(chan savedCheckpoint, 1)
	inFlight, due := false, false
	// The save is not cancelled by a stop: the final checkpoint waits for
	// it, bounded by the shutdown timeout.
	saveCtx, stopSave := context.WithCancel(context.WithoutCancel(ctx))
	defer func() {
		stopSave()
		if inFlight {
			<-saves // no goroutine outlives Run
		}
	}()
	startCheckpoint := func(ctx context.Context) error {
		obs.checkpointBegin()
		begin := time.Now()
		if err := flush(ctx); err != nil {
			return err
		}
		flushed := time.Since(begin)
		cc, err := cp.capture(latest)
		if err != nil {
			return err
		}
		cc.onLoop += flushed
		taken := takePositions()
		inFlight = true
		go func() {
			size, err := cp.save(saveCtx, cc)
			saves <- savedCheckpoint{cc: cc, positions: taken, size: size, err: err}
		}()
		return nil
	}
	// completeCheckpoint runs on the loop when a save reports back.
	completeCheckpoint := func(ctx context.Context, s savedCheckpoint) error {
		inFlight = false
		if s.err != nil {
			// The positions stay uncommitted; the job fails and restarts
			// from the last durable checkpoint.
			return s.err
		}
		cp.saved(s.cc, s.size)
		commitPositions(ctx, s.positions)
		return nil
	}
	finalFlush := func() error {
		fctx, cancel := context.WithTimeout(context.Background(), opts.ShutdownTimeout)
		defer cancel()
		if inFlight {
			select {
			case s := <-saves:
				if err := completeCheckpoint(fctx, s); err != nil {
					return err
				}
			case <-fctx.Done():
				return fmt.Errorf("final checkpoint: waiting for checkpoint save: %w", fctx.Err())
			}
		}
		if rebuilding > 0 {
			log.Warn("stopped while rebuilding join state: the sinks are flushed, but no checkpoint is taken; the next start rebuilds again",
				zap.Int("replays_running", rebuilding))
			return flush(fctx)
		}
		return checkpoint(fctx)
	}
	for {
		select {
		case <-ctx.Done():
			obs.stopping() // /readyz fails before the final checkpoint
			log.Info("stopping: flushing sinks")
			return finalFlush()
		case <-observeTick:
			obs.publish()
		case <-ticker.C:
			var err error
			switch {
			case rebuilding > 0:
				log.Debug("checkpoint skipped: join state is being rebuilt", zap.Int("replays_running", rebuilding))
			case !async:
				err = checkpoint(ctx)
			case inFlight:
				// The previous save is still running: this checkpoint
				// starts when it completes, rather than waiting on the
				// loop (the stall this avoids) or skipping an interval.
				due = true
			default:
				err = startCheckpoint(ctx)
			}
			if err != nil {
				obs.checkpointFailed(err)
				return err
			}
		case s := <-saves:
			err := completeCheckpoint(ctx, s)
			if err == nil && due {
				due = false
				err = startCheckpoint(ctx)
			}
			if err != nil {
				obs.checkpointFailed(err)
				return err
			}
		case ev := <-events:
			if ev.replay {
				if err := replayed(ctx, ev, replays, cp, &rebuilding, &pending); err != nil {
					return err
				}
				continue
			}
			if ev.done {
				pending--
				if ev.err != nil && !(errors.Is(ev.err, context.Canceled) && ctx.Err() != nil) {
					return fmt.Errorf("source %s: %w", ev.scan.Table.Name, ev.err)
				}
				log.Info("source finished", zap.String("table", ev.scan.Table.Name))
				if pending == 0 {
					log.Info("all sources finished: flushing sinks")
					return finalFlush()
				}
				continue
			}
			if err := scanNodes[ev.scan].push(ctx, 0, ev.batch.Rows); err != nil {
				return err
			}
			if ev.batch.Position != nil {
				positions[ev.scan] = ev.batch.Position
				latest[ev.scan] = ev.batch.Position
			}
		}
	}
}

// replayed handles an event of a replay: its rows go to the joins being
// rebuilt, and its end completes the rebuild once every replay has ended.
func replayed(ctx context.Context, ev sourceEvent, replays map[*plan.Scan]*replay, cp *checkpointer, rebuilding, pending *int) error {
	if !ev.done {
		return replays[ev.scan].node.push(ctx, 0, ev.batch.Rows)
	}
	*pending--
	if ev.err != nil {
		if errors.Is(ev.err, context.Canceled) && ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("rebuilding join state: re-reading table %s: %w", ev.scan.Table.Name, ev.err)
	}
	if *rebuilding--; *rebuilding == 0 {
		cp.rebuilt()
	}
	return nil
}

// open creates every source and sink before anything runs, so a bad option
// fails the job before it reads or writes a record.
func open(g *plan.Graph) (map[*plan.Scan]connectors.Source, map[*plan.Sink]connectors.Sink, error) {
	sources := map[*plan.Scan]connectors.Source{}
	sinks := map[*plan.Sink]connectors.Sink{}
	fail := func(err error) (map[*plan.Scan]connectors.Source, map[*plan.Sink]connectors.Sink, error) {
		for _, s := range sources {
			_ = s.Close()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, s := range sinks {
			_ = s.Close(ctx)
		}
		return nil, nil, err
	}
	for _, s := range g.Scans {
		src, err := s.Factory.NewSource(s.Conn)
		if err != nil {
			return fail(fmt.Errorf("table `%s`: %w", s.Table.Name, err))
		}
		sources[s] = src
	}
	for _, s := range g.Sinks {
		sink, err := s.Factory.NewSink(s.Conn)
		if err != nil {
			return fail(fmt.Errorf("table `%s`: %w", s.Table.Name, err))
		}
		sinks[s] = sink
	}
	return sources, sinks, nil
}

// newCheckpointer opens the job's checkpoint store and restores the latest
// checkpoint. Jobs whose sources are all bounded are not checkpointed: like
// a Flink batch job, they rerun from the start.
func newCheckpointer(ctx context.Context, g *plan.Graph, opts Options, log *zap.Logger,
	joins []statefulJoin, sources map[*plan.Scan]connectors.Source,
	committers map[*plan.Sink]connectors.TwoPhaseCommitter) (*checkpointer, error) {
	bounded := true
	for _, src := range sources {
		bounded = bounded && src.Bounded()
	}
	if bounded {
		return nil, nil
	}
	store, where, err := openCheckpointStore(ctx, g, opts, log)
	if err != nil {
		return nil, err
	}
	cp := &checkpointer{store: store, where: where, log: log, joins: joins, sources: sources,
		restored: map[*plan.Scan][]byte{}, committers: committers, policy: opts.Restore, obs: opts.Observer}
	err = cp.restore(ctx)
	cp.obs.restoreDecisions(cp.decisions)
	if err != nil {
		return nil, err
	}
	return cp, nil
}

// openCheckpointStore opens the store at the job's checkpoint location (a
// directory or an S3 prefix) and returns it with the location's name.
func openCheckpointStore(ctx context.Context, g *plan.Graph, opts Options, log *zap.Logger) (checkpoint.Store, string, error) {
	loc, err := checkpointLocation(g, opts)
	if err != nil {
		return nil, "", err
	}
	if loc.Dir == filepath.Join(DefaultCheckpointBase, jobID(opts.JobName)) {
		from, err := adoptLegacyCheckpoints(g, opts.JobName)
		if err != nil {
			return nil, "", err
		}
		if from != "" {
			log.Warn("moved the job's checkpoints from the directory an earlier Sluice named after the job's sink tables",
				zap.String("from", from), zap.String("to", loc.Dir))
		}
	}
	s3, err := s3Config(g)
	if err != nil {
		return nil, "", err
	}
	store, err := checkpoint.OpenStore(ctx, loc, checkpoint.OpenOptions{
		Retained: defaultCheckpointRetention,
		S3:       s3,
		OnSkip: func(err error) {
			log.Warn("ignoring an unreadable checkpoint", zap.Error(err))
		},
	})
	if err != nil {
		return nil, "", err
	}
	return store, loc.String(), nil
}

// transactionalSinks returns the sinks that commit with checkpoints. Two of
// them with one transactional id would fence each other at every start.
func transactionalSinks(sinks map[*plan.Sink]connectors.Sink) (map[*plan.Sink]connectors.TwoPhaseCommitter, error) {
	out := map[*plan.Sink]connectors.TwoPhaseCommitter{}
	byID := map[string]string{}
	for s, sink := range sinks {
		tc, ok := sink.(connectors.TwoPhaseCommitter)
		if !ok {
			continue
		}
		if other, dup := byID[tc.TransactionalID()]; dup {
			if other == s.Table.Name {
				return nil, fmt.Errorf("table %s is written by two INSERTs: an exactly-once Kafka sink has one transactional id (%s) and can be written by one INSERT only",
					other, tc.TransactionalID())
			}
			a, b := other, s.Table.Name
			if a > b {
				a, b = b, a
			}
			return nil, fmt.Errorf("sinks %s and %s use the same transactional id %s: give each exactly-once sink its own 'sink.transactional-id-prefix'",
				a, b, tc.TransactionalID())
		}
		byID[tc.TransactionalID()] = s.Table.Name
		out[s] = tc
	}
	return out, nil
}
