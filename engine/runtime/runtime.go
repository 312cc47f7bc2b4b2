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
	opts = withDefaults(opts)
	sources, sinks, err := open(g)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := closeSinks(sinks, opts.ShutdownTimeout); cerr != nil && err == nil {
			err = cerr
		}
	}()
	r, joins, err := prepare(ctx, g, opts, sources, sinks)
	if err != nil {
		return err
	}

	obs.attach(g, opts, r.scanNodes, joins, sources, sinks, r.cp != nil)
	defer obs.detach() // before the sinks close
	observeTick, stopObserving := obs.ticker(ctx)
	defer stopObserving()

	runCtx, stopSources := context.WithCancel(ctx)
	r.startSources(runCtx)
	defer r.drainSources(stopSources)
	// A save in flight is not cancelled by a stop: the final checkpoint
	// waits for it, bounded by the shutdown timeout.
	saveCtx, stopSave := context.WithCancel(context.WithoutCancel(ctx))
	r.saveCtx = saveCtx
	defer r.waitForSave(stopSave)

	opts.Logger.Info("job running", zap.Int("sources", len(sources)), zap.Int("sinks", len(sinks)))
	return r.loop(ctx, observeTick)
}

// withDefaults fills in the options left at their zero value.
func withDefaults(opts Options) Options {
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = 10 * time.Second
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 30 * time.Second
	}
	return opts
}

// closeSinks closes every sink, within timeout, returning the first error.
func closeSinks(sinks map[*plan.Sink]connectors.Sink, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var first error
	for s, sink := range sinks {
		if err := sink.Close(ctx); err != nil && first == nil {
			first = fmt.Errorf("sink %s: close: %w", s.Table.Name, err)
		}
	}
	return first
}

// prepare builds the operators over the opened connectors, sets the joins'
// state TTLs, and restores the newest usable checkpoint (planning the
// replays of joins that are rebuilt).
func prepare(ctx context.Context, g *plan.Graph, opts Options, sources map[*plan.Scan]connectors.Source,
	sinks map[*plan.Sink]connectors.Sink) (*jobRun, []statefulJoin, error) {
	scanNodes, joins, err := build(g, sources, sinks)
	if err != nil {
		return nil, nil, err
	}
	ttl, err := stateTTL(g)
	if err != nil {
		return nil, nil, err
	}
	sideTTL := joinStateTTLs(g, ttl)
	for _, j := range joins {
		l, r := sideTTL.of(j.id, ttl)
		j.join.SetStateTTL(l, r, nil)
	}
	committers, err := transactionalSinks(sinks)
	if err != nil {
		return nil, nil, err
	}
	cp, err := newCheckpointer(ctx, g, opts, opts.Logger, joins, sources, committers)
	if err != nil {
		return nil, nil, err
	}
	replays, err := planReplays(cp)
	if err != nil {
		return nil, nil, err
	}
	return &jobRun{
		opts: opts, log: opts.Logger, obs: opts.Observer,
		sources: sources, sinks: sinks, scanNodes: scanNodes, committers: committers, cp: cp, replays: replays,
		positions: map[*plan.Scan]any{}, latest: map[*plan.Scan]any{},
		saves: make(chan savedCheckpoint, 1),
	}, joins, nil
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
