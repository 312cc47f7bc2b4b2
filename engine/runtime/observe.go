package runtime

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/metrics"
	"github.com/sluice-sql/sluice/engine/plan"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

// Job states as Observer reports them.
const (
	StateStarting = "starting" // loading, opening connectors, restoring
	StateRunning  = "running"
	StateStopping = "stopping" // stop requested: final checkpoint under way
	StateFinished = "finished"
	StateFailed   = "failed"
)

// Tuning of the observer.
const (
	// observeInterval is how often the job loop publishes what only it may
	// read (join state sizes) and proves it is alive.
	observeInterval = time.Second
	// recentRows is how many output rows each sink keeps for the dashboard.
	recentRows = 20
	// recentCheckpoints is how many completed checkpoints are remembered.
	recentCheckpoints = 10
	// minLiveTimeout bounds the liveness timeout from below: a checkpoint
	// that flushes a slow sink legitimately holds the loop for a while.
	minLiveTimeout = 60 * time.Second
)

// Observer lets another goroutine (the HTTP server) watch a running job. The
// job loop is single-goroutine and must stay cheap: it updates atomics once
// per batch or once per observeInterval, and the readers build snapshots
// from them. Connector counters are read on demand through the metrics
// interfaces, which connectors make safe for concurrent use.
//
// A nil *Observer is valid and observes nothing. One Observer watches one
// Run.
type Observer struct {
	started   time.Time
	heartbeat atomic.Int64 // Unix ns of the job loop's last turn
	state     atomic.Pointer[string]
	failure   atomic.Pointer[string]

	// mu orders attach and detach against readers that call into the
	// connectors, so that no reader touches a closed sink.
	mu       sync.RWMutex
	g        *observedGraph
	detached bool

	cpMu         sync.Mutex
	cpBegin      time.Time // job goroutine only; read under cpMu
	cpCompleted  int64
	cpFailed     int64
	cpRecent     []metrics.Checkpoint // newest first
	cpRestore    []metrics.RestoreDecision
	cpLastFailed string
}

// observedGraph is fixed once the job is built.
type observedGraph struct {
	job        string
	interval   time.Duration
	checkpoint bool
	liveAfter  time.Duration
	nodes      []*node
	edges      []metrics.Edge
	sources    []observedSource
	sinks      []observedSink
	joins      []*observedJoin
}

type observedSource struct {
	table, connector string
	node             *node
	src              connectors.Source
}

type observedSink struct {
	table, connector string
	node             *node
	sink             connectors.Sink
	recent           *recent
}

type observedJoin struct {
	node    *node
	stateID string
	join    statefulJoin
	// Published by the job loop every observeInterval.
	left, right atomic.Int64
	// bytesPerRow (×1000, for precision) of the last checkpoint's state.
	milliBytesPerRow atomic.Int64
}

// NewObserver returns an observer for one job run.
func NewObserver() *Observer {
	o := &Observer{started: time.Now()}
	o.heartbeat.Store(o.started.UnixNano())
	s := StateStarting
	o.state.Store(&s)
	return o
}

func (o *Observer) setState(s string) {
	if o != nil {
		o.state.Store(&s)
	}
}

// State returns the job's state (StateStarting, …).
func (o *Observer) State() string { return *o.state.Load() }

// attach records the running graph. It is called by Run once every
// connector is open and state is restored, before any record flows.
func (o *Observer) attach(g *plan.Graph, opts Options, scans map[*plan.Scan]*node, joins []statefulJoin,
	sources map[*plan.Scan]connectors.Source, sinks map[*plan.Sink]connectors.Sink, checkpointed bool) {
	if o == nil {
		return
	}
	og := &observedGraph{job: jobID(opts.JobName), interval: opts.FlushInterval, checkpoint: checkpointed}
	og.liveAfter = max(3*opts.FlushInterval, minLiveTimeout)
	// Every node is downstream of a scan. Number them in topological order
	// from the scans (Kahn), so that ids read like the graph: sources
	// first, each operator after all of its inputs.
	indegree := map[*node]int{}
	var all func(n *node)
	all = func(n *node) {
		for _, e := range n.outs {
			indegree[e.to]++
			if indegree[e.to] == 1 {
				all(e.to)
			}
		}
	}
	var queue []*node
	for _, s := range g.Scans {
		if n := scans[s]; n != nil {
			all(n)
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		n.id = len(og.nodes)
		og.nodes = append(og.nodes, n)
		for _, e := range n.outs {
			if indegree[e.to]--; indegree[e.to] == 0 {
				queue = append(queue, e.to)
			}
		}
	}
	for _, n := range og.nodes {
		for _, e := range n.outs {
			og.edges = append(og.edges, metrics.Edge{From: n.id, To: e.to.id, Port: e.port})
		}
	}
	for _, s := range g.Scans {
		og.sources = append(og.sources, observedSource{table: s.Table.Name, connector: s.Factory.Identifier(),
			node: scans[s], src: sources[s]})
	}
	for _, n := range og.nodes {
		so, ok := n.op.(*sinkOp)
		if !ok {
			continue
		}
		so.recent = &recent{width: so.width}
		og.sinks = append(og.sinks, observedSink{table: so.table, connector: so.connector, node: n,
			sink: so.sink, recent: so.recent})
	}
	for _, j := range joins {
		oj := &observedJoin{stateID: j.id, join: j}
		for _, n := range og.nodes {
			if jo, ok := n.op.(*joinOp); ok && jo.join == j.join {
				oj.node = n
			}
		}
		oj.milliBytesPerRow.Store(-1)
		og.joins = append(og.joins, oj)
	}
	o.mu.Lock()
	o.g = og
	o.mu.Unlock()
	o.publish()
	o.setState(StateRunning)
}

// detach stops readers from calling into the connectors; Run calls it
// before it closes them.
func (o *Observer) detach() {
	if o == nil {
		return
	}
	o.mu.Lock()
	o.detached = true
	o.mu.Unlock()
}

// ticker returns the channel the job loop turns on to publish (nil, never
// ready, without an observer) and a function that stops it. It also marks
// the job stopping the moment ctx ends, even while the loop is busy in a
// batch, so that /readyz fails at once on SIGTERM.
func (o *Observer) ticker(ctx context.Context) (<-chan time.Time, func()) {
	if o == nil {
		return nil, func() {}
	}
	t := time.NewTicker(observeInterval)
	stopWatching := context.AfterFunc(ctx, o.stopping)
	return t.C, func() {
		t.Stop()
		stopWatching()
	}
}

// publish runs on the job goroutine: it copies what only that goroutine may
// read and marks the loop alive.
func (o *Observer) publish() {
	if o == nil {
		return
	}
	o.heartbeat.Store(time.Now().UnixNano())
	o.mu.RLock()
	g := o.g
	o.mu.RUnlock()
	if g == nil {
		return
	}
	for _, j := range g.joins {
		l, r := j.join.join.StateRows()
		j.left.Store(int64(l))
		j.right.Store(int64(r))
	}
}

// stopping is called when a stop is requested, before the final
// checkpoint: /readyz turns 503 first, so that an orchestrator stops
// sending work while the job drains. A job that has already ended keeps
// its final state.
func (o *Observer) stopping() {
	if o == nil {
		return
	}
	for {
		cur := o.state.Load()
		if *cur != StateRunning && *cur != StateStarting {
			return
		}
		stopping := StateStopping
		if o.state.CompareAndSwap(cur, &stopping) {
			return
		}
	}
}

// finish records how Run ended.
func (o *Observer) finish(err error) {
	if o == nil {
		return
	}
	if err != nil {
		// Errors may quote a record; this text is served on every poll.
		msg := excerpt.String(err.Error(), excerpt.Text)
		o.failure.Store(&msg)
		o.setState(StateFailed)
		return
	}
	o.setState(StateFinished)
}

// checkpointBegin marks the start of a checkpoint (sink flush included, as
// Flink's checkpoint duration covers the sinks' pre-commit).
func (o *Observer) checkpointBegin() {
	if o == nil {
		return
	}
	o.cpMu.Lock()
	o.cpBegin = time.Now()
	o.cpMu.Unlock()
}

// checkpointSaved records a durable checkpoint; entries are its state
// entries by id, used to estimate state bytes per row.
func (o *Observer) checkpointSaved(id uint64, size int, entries map[string][]byte) {
	if o == nil {
		return
	}
	now := time.Now()
	o.mu.RLock()
	g := o.g
	o.mu.RUnlock()
	if g != nil {
		for _, j := range g.joins {
			l, r := j.join.join.StateRows()
			if rows := int64(l + r); rows > 0 {
				j.milliBytesPerRow.Store(int64(len(entries[j.stateID])) * 1000 / rows)
			}
		}
	}
	o.cpMu.Lock()
	defer o.cpMu.Unlock()
	begin := o.cpBegin
	if begin.IsZero() {
		begin = now
	}
	o.cpCompleted++
	cp := metrics.Checkpoint{ID: id, Time: now, Duration: now.Sub(begin), Bytes: int64(size)}
	o.cpRecent = append([]metrics.Checkpoint{cp}, o.cpRecent[:min(len(o.cpRecent), recentCheckpoints-1)]...)
}

// restoreDecisions records what the start did with each operator's state.
func (o *Observer) restoreDecisions(ds []metrics.RestoreDecision) {
	if o == nil {
		return
	}
	o.cpMu.Lock()
	defer o.cpMu.Unlock()
	o.cpRestore = append([]metrics.RestoreDecision(nil), ds...)
}

// checkpointFailed records a failed checkpoint.
func (o *Observer) checkpointFailed(err error) {
	if o == nil || err == nil {
		return
	}
	o.cpMu.Lock()
	defer o.cpMu.Unlock()
	o.cpFailed++
	o.cpLastFailed = excerpt.String(err.Error(), excerpt.Text)
}

// Live reports whether the job loop is turning: nil, or why not. A loop
// that has not turned for LiveTimeout is wedged (a sink that blocks for
// ever, a deadlock), and the orchestrator should restart the process.
func (o *Observer) Live(now time.Time) error {
	if o.State() == StateFailed {
		return fmt.Errorf("job failed: %s", *o.failure.Load())
	}
	o.mu.RLock()
	g := o.g
	o.mu.RUnlock()
	if g == nil {
		// Loading and restoring are bounded by their own timeouts; a
		// startup probe, not liveness, is the check for slow starts.
		return nil
	}
	age := now.Sub(time.Unix(0, o.heartbeat.Load()))
	if age > g.liveAfter {
		return fmt.Errorf("the job loop has not turned for %s (limit %s): it is blocked, probably in a sink or a checkpoint",
			age.Round(time.Second), g.liveAfter)
	}
	return nil
}

// Ready reports whether the job does its work: running, every source has
// its partitions and every sink is reachable. It returns the reasons it is
// not, or nil.
func (o *Observer) Ready() []string {
	switch s := o.State(); s {
	case StateRunning:
	case StateStarting:
		return []string{"job is starting: loading, opening connectors and restoring the checkpoint"}
	case StateStopping:
		return []string{"job is stopping: taking the final checkpoint"}
	case StateFailed:
		return []string{"job failed: " + *o.failure.Load()}
	default:
		return []string{"job " + s}
	}
	o.mu.RLock()
	defer o.mu.RUnlock()
	if o.detached || o.g == nil {
		return []string{"job is stopping"}
	}
	var reasons []string
	for _, s := range o.g.sources {
		if r, ok := s.src.(metrics.ReadinessReporter); ok {
			if err := r.Ready(); err != nil {
				reasons = append(reasons, fmt.Sprintf("source %s: %v", s.table, err))
			}
		}
	}
	for _, s := range o.g.sinks {
		if r, ok := s.sink.(metrics.ReadinessReporter); ok {
			if err := r.Ready(); err != nil {
				reasons = append(reasons, fmt.Sprintf("sink %s: %v", s.table, err))
			}
		}
	}
	return reasons
}

// Snapshot returns the job's current metrics. It may be called from any
// goroutine; it reads atomics and the connectors' own counters.
func (o *Observer) Snapshot() metrics.Snapshot {
	now := time.Now()
	snap := metrics.Snapshot{Started: o.started, Now: now, State: o.State(),
		Heartbeat: time.Unix(0, o.heartbeat.Load())}
	if f := o.failure.Load(); f != nil {
		snap.Error = *f
	}
	o.cpMu.Lock()
	snap.Checkpoints = metrics.CheckpointStats{Completed: o.cpCompleted, Failed: o.cpFailed,
		Recent: append([]metrics.Checkpoint(nil), o.cpRecent...), LastFailure: o.cpLastFailed,
		Restore: append([]metrics.RestoreDecision(nil), o.cpRestore...)}
	o.cpMu.Unlock()

	o.mu.RLock()
	defer o.mu.RUnlock()
	g := o.g
	if g == nil {
		return snap
	}
	snap.Job = g.job
	snap.CheckpointInterval = g.interval
	snap.Checkpointing = g.checkpoint
	snap.Edges = g.edges
	for _, n := range g.nodes {
		snap.Operators = append(snap.Operators, metrics.Operator{ID: n.id, Name: n.label, Kind: n.kind,
			Describe: n.describe, RecordsIn: n.rowsIn.Load(), RecordsOut: n.rowsOut.Load()})
	}
	for _, s := range g.sources {
		ms := metrics.Source{Table: s.table, Connector: s.connector, Operator: -1}
		if s.node != nil {
			ms.Operator, ms.Records = s.node.id, s.node.rowsOut.Load()
		}
		if !o.detached {
			if r, ok := s.src.(metrics.SourceReporter); ok {
				ms.Stats, ms.HasStats = r.SourceStats(), true
				sort.Slice(ms.Stats.Partitions, func(i, j int) bool {
					a, b := ms.Stats.Partitions[i], ms.Stats.Partitions[j]
					return a.Topic < b.Topic || a.Topic == b.Topic && a.Partition < b.Partition
				})
			}
		}
		snap.Sources = append(snap.Sources, ms)
	}
	for _, s := range g.sinks {
		ms := metrics.Sink{Table: s.table, Connector: s.connector, Operator: s.node.id,
			Records: s.node.rowsIn.Load(), Recent: s.recent.strings()}
		if !o.detached {
			if r, ok := s.sink.(metrics.SinkReporter); ok {
				ms.Stats, ms.HasStats = r.SinkStats(), true
			}
		}
		snap.Sinks = append(snap.Sinks, ms)
		// A sink emits nothing downstream; its output is what it wrote
		// out: the records the external system acknowledged when the
		// connector learns of it (Kafka, DynamoDB), else the rows it wrote
		// as it took them (print, filesystem), as Flink counts a sink's
		// records sent.
		out := ms.Records
		if ms.HasStats {
			out = ms.Stats.Delivered
		}
		snap.Operators[s.node.id].RecordsOut = out
	}
	for _, j := range g.joins {
		mj := metrics.Join{Operator: -1, StateID: j.stateID, LeftRows: j.left.Load(), RightRows: j.right.Load(), ApproxBytes: -1}
		if j.node != nil {
			mj.Operator = j.node.id
		}
		if b := j.milliBytesPerRow.Load(); b >= 0 {
			mj.ApproxBytes = (mj.LeftRows + mj.RightRows) * b / 1000
		}
		snap.Joins = append(snap.Joins, mj)
	}
	return snap
}

// recent keeps a sink's latest rows. The job goroutine replaces the slice
// once per batch; readers format it, so the hot path never formats.
type recent struct {
	width int // physical columns; extra fields are not shown, as in print
	rows  atomic.Pointer[[]types.Row]
}

// add keeps the last recentRows of the previous rows and rows. The rows'
// fields are shared, not copied: rows are never modified once emitted.
func (r *recent) add(rows []types.Row) {
	if r == nil || len(rows) == 0 {
		return
	}
	var prev []types.Row
	if p := r.rows.Load(); p != nil {
		prev = *p
	}
	keep := max(recentRows-len(rows), 0)
	keep = min(keep, len(prev))
	next := make([]types.Row, 0, keep+min(len(rows), recentRows))
	next = append(next, prev[len(prev)-keep:]...)
	next = append(next, rows[max(len(rows)-recentRows, 0):]...)
	r.rows.Store(&next)
}

// strings renders the rows as Flink's print sink does: "+I[1, abc]".
func (r *recent) strings() []string {
	if r == nil {
		return nil
	}
	p := r.rows.Load()
	if p == nil {
		return []string{}
	}
	out := make([]string, 0, len(*p))
	var buf []byte
	for _, row := range *p {
		if r.width > 0 && len(row.Fields) > r.width {
			row.Fields = row.Fields[:r.width]
		}
		buf = types.AppendRowString(buf[:0], row)
		out = append(out, excerpt.Bytes(buf, excerpt.Text))
	}
	return out
}
