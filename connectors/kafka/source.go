package kafka

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
)

// TopicPartition names one partition of a topic.
type TopicPartition struct {
	Topic     string
	Partition int32
}

func (tp TopicPartition) String() string { return fmt.Sprintf("%s-%d", tp.Topic, tp.Partition) }

// Offsets maps partitions to the offset of the next record to read: the
// offset Kafka stores as a group's committed offset (last read + 1).
//
// It is the connectors.Batch.Position of the Kafka source: the offsets of
// every partition read so far after the batch, not only the partitions in
// the batch, so that the latest position alone is enough to commit.
type Offsets map[TopicPartition]int64

func (o Offsets) clone() Offsets {
	c := make(Offsets, len(o))
	for k, v := range o {
		c[k] = v
	}
	return c
}

func (o Offsets) list() []kafka.TopicPartition {
	out := make([]kafka.TopicPartition, 0, len(o))
	for tp, off := range o {
		t := tp.Topic
		out = append(out, kafka.TopicPartition{Topic: &t, Partition: tp.Partition, Offset: kafka.Offset(off)})
	}
	sort.Slice(out, func(i, j int) bool {
		if *out[i].Topic != *out[j].Topic {
			return *out[i].Topic < *out[j].Topic
		}
		return out[i].Partition < out[j].Partition
	})
	return out
}

// Tuning. Batches close at maxBatch rows, when a poll finds nothing more
// queued, or batchLinger after their first row, whichever comes first: big
// batches under load, no added latency when records trickle in.
const (
	maxBatch     = 1000
	batchLinger  = 5 * time.Millisecond
	idlePoll     = 100 // ms; bounds how long cancellation takes to be seen
	requestMs    = 30000
	metadataWait = 10 * time.Second
)

// Source reads a Kafka table. It implements connectors.Source,
// connectors.Committer and connectors.Restorer.
type Source struct {
	cfg   *sourceConfig
	table connectors.Table // as given, for Replay
	// replayStop is where a Replay source stops (replay.go); nil otherwise.
	replayStop Offsets
	log        *zap.Logger
	keyDec     formats.Decoder
	valDec     formats.Decoder
	nPhys      int
	meta       []connectors.MetadataColumn
	// identity is set when the value format reads every physical column in
	// order and there is no key format: values decode straight into the row.
	identity bool
	// rows carves the emitted rows' fields from shared chunks, and keyBuf
	// and valBuf are the formats' scratch rows when the row is assembled
	// from key and value: decode runs on the reading goroutine only.
	rows           types.ValueSlab
	keyBuf, valBuf []types.Value

	cm     kafka.ConfigMap
	origin map[string]string
	logs   *logForwarder

	// mu guards consumer: Commit (engine goroutine) uses it while Run polls;
	// Close takes it exclusively.
	mu       sync.RWMutex
	consumer *kafka.Consumer
	closed   bool
	// commits tracks commit goroutines; commitMu orders their Add before
	// Close's Wait.
	commitMu sync.Mutex
	commits  sync.WaitGroup

	posMu sync.Mutex
	pos   Offsets
	// assignedAt holds the offsets the partitions were assigned at
	// (restored ones included), logical ones (kafka.OffsetBeginning,
	// kafka.OffsetEnd) as they are: what the position metrics show until
	// a record of the partition is read.
	assignedAt map[TopicPartition]kafka.Offset
	// restored holds the offsets of a checkpoint (see Restore); they win
	// over the startup mode for their partitions.
	restored Offsets
	// dlq produces undecodable records with 'scan.dead-letter.topic'
	// (deadletter.go); nil without it.
	dlq *deadLetters
	// errs logs the errors librdkafka retries by itself, rate limited.
	errs *errorLog
	// stats are the metrics counters (stats.go).
	stats sourceCounters
}

var (
	_ connectors.Source    = (*Source)(nil)
	_ connectors.Committer = (*Source)(nil)
	_ connectors.Restorer  = (*Source)(nil)
	_ connectors.Replayer  = (*Source)(nil)
)

// NewSource implements connectors.SourceFactory. It validates the options
// and creates the consumer (which starts connecting); Run reads.
func (Factory) NewSource(t connectors.Table) (connectors.Source, error) {
	c, dec, err := checkSource(t)
	if err != nil {
		return nil, err
	}
	return buildSource(t, c, dec)
}

// buildSource builds a source of t with the checked (possibly adjusted)
// config c and the formats' decoders dec.
func buildSource(t connectors.Table, c *sourceConfig, dec sourceDecoders) (*Source, error) {
	log := t.Logger
	if log == nil {
		log = zap.NewNop()
	}
	s := &Source{cfg: c, table: t, log: log, nPhys: len(t.Schema), meta: t.Metadata, pos: Offsets{}, errs: newErrorLog(log)}
	s.valDec, s.keyDec = dec.value, dec.key
	s.identity = s.keyDec == nil && len(c.valueIdx) == s.nPhys
	s.cm, s.origin = clientConfig(c.props, s.baseConfig(), map[string]bool{"auto.offset.reset": true, "allow.auto.create.topics": true}, log)
	// Client tuning with no Java consumer equivalent (tuning.go); the
	// user's properties win.
	setDefaults(s.cm, ConsumerTuning())
	s.logs = newLogForwarder(log)
	for k, v := range s.logs.config() {
		s.cm[k] = v
	}
	var err error
	s.consumer, err = newClient(t.Name, kafka.NewConsumer, s.cm, s.origin, log)
	if err != nil {
		s.logs.stop()
		return nil, err
	}
	if c.deadLetter != "" {
		if s.dlq, err = newDeadLetters(c, s.cm, log); err != nil {
			_ = s.consumer.Close()
			s.logs.stop()
			return nil, err
		}
	}
	return s, nil
}

// baseConfig is what the connector sets on the consumer regardless of the
// user's properties, as KafkaSourceBuilder.parseAndSetRequiredProperties does.
func (s *Source) baseConfig() kafka.ConfigMap {
	c := s.cfg
	group := c.groupID
	prefix := c.props["client.id.prefix"]
	if group == "" {
		// librdkafka needs a group id even for a consumer that only assigns;
		// nothing is ever committed to it (commits need 'properties.group.id').
		group = fmt.Sprintf("KafkaSource-%d", rand.Int64())
	}
	if prefix == "" {
		prefix = group
	}
	cm := kafka.ConfigMap{
		"group.id":                 group,
		"enable.auto.commit":       false,
		"enable.auto.offset.store": false,
		// Only explicit Assign(): never join the group or rebalance.
		"enable.partition.eof": c.bounded != "unbounded",
		// KafkaSourceBuilder overrides auto.offset.reset with the startup
		// mode's reset strategy (used when a start offset is out of range).
		"auto.offset.reset": librdkafkaReset(c.resetStrategy()),
		// Flink's KafkaSource discovers topics with the admin client, which
		// never creates them.
		"allow.auto.create.topics": false,
	}
	if _, ok := c.props["client.id"]; !ok {
		cm["client.id"] = prefix + "-0"
	}
	if _, ok := c.props["isolation.level"]; !ok {
		// The Java consumer's default; librdkafka's is read_committed.
		cm["isolation.level"] = "read_uncommitted"
	}
	return cm
}

// resetStrategy is the startup offsets initializer's OffsetResetStrategy.
func (c *sourceConfig) resetStrategy() string {
	switch c.startup {
	case "group-offsets":
		return c.autoOffsetReset
	case "latest-offset", "timestamp":
		return "latest"
	}
	return "earliest"
}

func librdkafkaReset(s string) string {
	if s == "none" {
		return "error"
	}
	return s
}

// Bounded implements connectors.Source.
func (s *Source) Bounded() bool { return s.cfg.bounded != "unbounded" }

// Offsets returns the position after the last batch emitted: the next
// offset to read of every partition read so far.
func (s *Source) Offsets() Offsets {
	s.posMu.Lock()
	defer s.posMu.Unlock()
	return s.pos.clone()
}

// Commit implements connectors.Committer: position is the Offsets of a
// Batch. The engine calls it once everything derived from the batch is
// written, as Flink commits on checkpoint completion.
func (s *Source) Commit(ctx context.Context, position any) error {
	off, ok := position.(Offsets)
	if !ok {
		return fmt.Errorf("kafka source '%s': commit: position is a %T, not kafka.Offsets", s.cfg.name, position)
	}
	return s.CommitOffsets(ctx, off)
}

// CommitOffsets commits offsets (next offset to read per partition) to the
// consumer group 'properties.group.id'. Without a group id, or with
// 'properties.commit.offsets.on.checkpoint' = 'false', it does nothing, as
// Flink. It may be called while Run runs, and after Close (then a
// short-lived consumer commits).
func (s *Source) CommitOffsets(ctx context.Context, off Offsets) error {
	if !s.cfg.commitOffsets || len(off) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.commitMu.Lock()
	s.commits.Add(1)
	s.commitMu.Unlock()
	done := make(chan error, 1)
	go func() {
		defer s.commits.Done()
		done <- s.commitNow(off.list())
	}()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("kafka source '%s': committing offsets to group '%s': %w", s.cfg.name, s.cfg.groupID, err)
		}
		return nil
	case <-ctx.Done():
		// librdkafka's commit cannot be interrupted; Close waits for it.
		return fmt.Errorf("kafka source '%s': committing offsets to group '%s': %w", s.cfg.name, s.cfg.groupID, ctx.Err())
	}
}

func (s *Source) commitNow(list []kafka.TopicPartition) error {
	s.mu.RLock()
	if !s.closed {
		defer s.mu.RUnlock()
		_, err := s.consumer.CommitOffsets(list)
		return err
	}
	s.mu.RUnlock()
	// Closed: the engine commits the final position after the source has
	// finished. A consumer that never joins the group commits as well.
	logs := newLogForwarder(s.log)
	defer logs.stop()
	cm := kafka.ConfigMap{}
	for k, v := range s.cm {
		cm[k] = v
	}
	for k, v := range logs.config() {
		cm[k] = v
	}
	c, err := newClient(s.cfg.name, kafka.NewConsumer, cm, s.origin, s.log)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.CommitOffsets(list)
	return err
}

// closeCommitWait bounds how long Close waits for an offset commit in
// progress. librdkafka's synchronous commit cannot be interrupted and waits
// as long as the broker is unreachable.
const closeCommitWait = 10 * time.Second

// Close implements connectors.Source. It waits for commits in progress, but
// not forever: with the broker gone, a stuck commit must not keep the
// process from exiting. The consumer is then left to the process exit
// (closing it under a running commit is unsafe); the uncommitted offsets
// only mean records are read again after a restart (at-least-once).
func (s *Source) Close() error {
	idle := make(chan struct{})
	go func() {
		s.commitMu.Lock()
		s.commits.Wait()
		s.commitMu.Unlock()
		close(idle)
	}()
	select {
	case <-idle:
	case <-time.After(closeCommitWait):
		s.log.Warn("closing while an offset commit is still in progress; is the broker reachable? The offsets stay uncommitted",
			zap.String("group", s.cfg.groupID))
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.consumer.Close()
	s.logs.stop()
	if err != nil {
		err = fmt.Errorf("kafka source '%s': closing the consumer: %w", s.cfg.name, err)
	}
	if s.dlq != nil {
		// The engine may still Flush after Close (its final checkpoint):
		// the delivery outcome stays recorded for it.
		ctx, cancel := context.WithTimeout(context.Background(), closeCommitWait)
		defer cancel()
		if derr := s.dlq.close(ctx); derr != nil && err == nil {
			err = derr
		}
	}
	return err
}

// partition is the reading state of one assigned partition.
type partition struct {
	tp   TopicPartition
	stop int64 // offset to stop before; -1 when unbounded
	done bool
}

// errClosed is returned by Run when Close was called while it ran.
var errClosed = errors.New("source closed")

// Run implements connectors.Source.
func (s *Source) Run(ctx context.Context, emit connectors.Emit) error {
	var (
		parts  map[TopicPartition]*partition
		assign []kafka.TopicPartition
	)
	// A broker that cannot be reached at start is waited for, with a
	// warning per attempt (rate limited): Flink's job would fail and be
	// restarted by its restart strategy, to the same effect. A topic that
	// does not exist, or an answer the broker gives, fails at once.
	backoff := time.Second
	for {
		err := s.locked(func(c *kafka.Consumer) (err error) {
			parts, assign, err = s.setup(ctx, c)
			return err
		})
		if err == nil {
			break
		}
		if !retriable(err) || ctx.Err() != nil {
			return err
		}
		s.errs.warn("kafka source: cannot reach the brokers to start reading; retrying", err,
			zap.String("bootstrap_servers", s.cfg.props["bootstrap.servers"]), zap.Duration("backoff", backoff))
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 30*time.Second)
	}
	return s.read(ctx, emit, parts, len(assign))
}

// locked runs fn with the consumer, holding off Close. The engine closes a
// source only after Run returns; this keeps a misbehaving caller from
// crashing librdkafka.
func (s *Source) locked(fn func(c *kafka.Consumer) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return fmt.Errorf("kafka source '%s': %w", s.cfg.name, errClosed)
	}
	return fn(s.consumer)
}

// setup resolves the partitions and their start (and stop) offsets and
// assigns them.
func (s *Source) setup(ctx context.Context, c *kafka.Consumer) (map[TopicPartition]*partition, []kafka.TopicPartition, error) {
	tps, err := s.discover(ctx)
	if err != nil {
		return nil, nil, err
	}
	rest, restored := s.splitRestored(tps)
	starts := map[TopicPartition]kafka.Offset{}
	if len(rest) > 0 {
		if starts, err = s.startOffsets(ctx, rest); err != nil {
			return nil, nil, err
		}
	}
	for tp, off := range restored {
		starts[tp] = kafka.Offset(off)
	}
	parts := map[TopicPartition]*partition{}
	var assign []kafka.TopicPartition
	var stops map[TopicPartition]int64
	if s.Bounded() {
		if stops, err = s.stopOffsets(ctx, tps, starts); err != nil {
			return nil, nil, err
		}
		if err := s.concreteStarts(ctx, starts); err != nil {
			return nil, nil, err
		}
	}
	for _, tp := range tps {
		p := &partition{tp: tp, stop: -1}
		parts[tp] = p
		if s.Bounded() {
			p.stop = stops[tp]
			if int64(starts[tp]) >= p.stop {
				p.done = true // empty split
				continue
			}
		}
		assign = append(assign, ktp(tp, starts[tp]))
	}
	if len(assign) > 0 {
		if err := c.IncrementalAssign(assign); err != nil {
			return nil, nil, fmt.Errorf("kafka source '%s': assigning partitions: %w", s.cfg.name, err)
		}
	}
	s.posMu.Lock()
	s.assignedAt = starts
	s.posMu.Unlock()
	s.stats.assigned.Store(true)
	s.log.Debug("kafka source started", zap.Int("partitions", len(tps)), zap.Int("assigned", len(assign)),
		zap.Bool("bounded", s.Bounded()))
	return parts, assign, nil
}

// read polls records into batches until the bounded partitions are done,
// ctx is cancelled or an error occurs.
func (s *Source) read(ctx context.Context, emit connectors.Emit, parts map[TopicPartition]*partition, remaining int) error {
	// Restored partitions stay in the position even before a record of
	// theirs is read, so the next checkpoint does not forget them.
	next := s.restored.clone()
	rows := make([]types.Row, 0, 64)
	var batchStart time.Time
	// deadLettered is set when the position moved past a dead-lettered
	// record: the batch is emitted even without rows, so that the position
	// gets checkpointed and committed.
	deadLettered := false
	flush := func() error {
		s.stats.publish()
		if len(rows) == 0 && !deadLettered {
			return nil
		}
		deadLettered = false
		pos := next.clone()
		if err := emit(ctx, connectors.Batch{Rows: rows, Position: pos}); err != nil {
			return err
		}
		s.posMu.Lock()
		s.pos = pos
		s.posMu.Unlock()
		rows = make([]types.Row, 0, cap(rows))
		return nil
	}
	finish := func(p *partition) error {
		p.done = true
		remaining--
		return s.locked(func(c *kafka.Consumer) error {
			if err := c.IncrementalUnassign([]kafka.TopicPartition{ktp(p.tp, kafka.OffsetInvalid)}); err != nil {
				return fmt.Errorf("kafka source '%s': unassigning %s: %w", s.cfg.name, p.tp, err)
			}
			return nil
		})
	}
	var nextDiscovery time.Time
	if s.cfg.discovery > 0 {
		nextDiscovery = time.Now().Add(s.cfg.discovery)
	}
	for {
		if s.Bounded() && remaining == 0 {
			return flush()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		timeout := idlePoll
		if len(rows) > 0 || deadLettered {
			left := batchLinger - time.Since(batchStart)
			if left <= 0 || len(rows) >= maxBatch {
				if err := flush(); err != nil {
					return err
				}
				continue
			}
			// A batch ends when librdkafka has nothing more at hand (below)
			// rather than after lingering: under load its queue is full and
			// batches fill up anyway; when idle, waiting only adds latency.
			timeout = 0
		}
		if !nextDiscovery.IsZero() && time.Now().After(nextDiscovery) {
			if err := s.locked(func(c *kafka.Consumer) error { return s.discoverNew(ctx, c, parts) }); err != nil {
				return err
			}
			nextDiscovery = time.Now().Add(s.cfg.discovery)
		}
		var ev kafka.Event
		if err := s.locked(func(c *kafka.Consumer) error { ev = c.Poll(timeout); return nil }); err != nil {
			return err
		}
		switch e := ev.(type) {
		case nil: // idle: make the counters current (skipped records make no batch)
			s.stats.publish()
			if len(rows) > 0 || deadLettered {
				if err := flush(); err != nil {
					return err
				}
			}
		case *kafka.Message:
			if e.TopicPartition.Error != nil {
				if err := s.consumerError(e.TopicPartition.Error); err != nil {
					return err
				}
				continue
			}
			tp := TopicPartition{Topic: *e.TopicPartition.Topic, Partition: e.TopicPartition.Partition}
			p := parts[tp]
			if p == nil || p.done {
				continue // prefetched before the partition was finished
			}
			off := int64(e.TopicPartition.Offset)
			if p.stop >= 0 && off >= p.stop {
				if err := finish(p); err != nil {
					return err
				}
				continue
			}
			row, ok, err := s.decode(e)
			s.stats.record(e, ok, err)
			if err != nil {
				var bad *decodeError
				if !errors.As(err, &bad) {
					return err
				}
				if s.dlq == nil {
					_, restored := s.restored[tp]
					return s.badRecord(bad, restored)
				}
				if err := s.dlq.send(ctx, e, bad); err != nil {
					return err
				}
				if len(rows) == 0 && !deadLettered {
					batchStart = time.Now()
				}
				deadLettered, ok = true, false
			}
			next[tp] = off + 1
			if ok {
				if len(rows) == 0 {
					batchStart = time.Now()
				}
				rows = append(rows, row)
			}
			if p.stop >= 0 && off+1 >= p.stop {
				if err := finish(p); err != nil {
					return err
				}
			}
		case kafka.PartitionEOF:
			// Only in bounded mode: the partition is read up to its end. The
			// position may pass the stopping offset without a record at it
			// (transaction markers), as Flink's consumer-position check.
			tp := TopicPartition{Topic: *e.Topic, Partition: e.Partition}
			if p := parts[tp]; p != nil && !p.done && p.stop >= 0 && int64(e.Offset) >= p.stop {
				if err := finish(p); err != nil {
					return err
				}
			}
		case kafka.Error:
			if err := s.consumerError(e); err != nil {
				return err
			}
		}
	}
}

// consumerError fails the source for errors Flink's consumer fails on and
// logs the ones librdkafka retries by itself (broker connections).
func (s *Source) consumerError(err error) error {
	var ke kafka.Error
	if errors.As(err, &ke) {
		switch {
		case ke.Code() == kafka.ErrAutoOffsetReset:
			// auto.offset.reset = none and the offset is out of range or missing.
			return fmt.Errorf("kafka source '%s': %w", s.cfg.name, err)
		case ke.IsFatal():
			return fmt.Errorf("kafka source '%s': %w", s.cfg.name, err)
		case authFailure(ke):
			// The Java consumer throws SaslAuthenticationException from
			// poll, failing the Flink job: retrying does not fix credentials.
			return authError("source", s.cfg.name, err)
		}
	}
	s.errs.warn("kafka consumer error (retrying)", err,
		zap.String("bootstrap_servers", s.cfg.props["bootstrap.servers"]))
	return nil
}

func ktp(tp TopicPartition, off kafka.Offset) kafka.TopicPartition {
	t := tp.Topic
	return kafka.TopicPartition{Topic: &t, Partition: tp.Partition, Offset: off}
}

// decode turns a record into a row: key columns from the key, value columns
// from the value, then metadata. ok is false for records Flink skips: a
// null value (tombstone), a null key when a key format is set, and records
// the format drops (ignore-parse-errors).
// scratch returns (*buf)[:n] with every value NULL, growing *buf as needed:
// a decoder may leave fields it does not find untouched.
func scratch(buf *[]types.Value, n int) []types.Value {
	if cap(*buf) < n {
		*buf = make([]types.Value, n)
	}
	v := (*buf)[:n]
	clear(v)
	return v
}

func (s *Source) decode(m *kafka.Message) (types.Row, bool, error) {
	if m.Value == nil {
		return types.Row{}, false, nil
	}
	fields := s.rows.Take(s.nPhys + len(s.meta))
	fail := func(key bool, err error) error {
		return &decodeError{table: s.cfg.name, topic: *m.TopicPartition.Topic, partition: m.TopicPartition.Partition,
			offset: int64(m.TopicPartition.Offset), key: key, err: err}
	}
	if s.keyDec != nil {
		if m.Key == nil {
			return types.Row{}, false, nil
		}
		kv := scratch(&s.keyBuf, len(s.cfg.keyIdx))
		ok, err := s.keyDec.Decode(m.Key, kv)
		if err != nil {
			return types.Row{}, false, fail(true, err)
		}
		if !ok {
			return types.Row{}, false, nil
		}
		for i, pos := range s.cfg.keyIdx {
			fields[pos] = kv[i]
		}
	}
	if s.identity {
		ok, err := s.valDec.Decode(m.Value, fields[:s.nPhys])
		if err != nil {
			return types.Row{}, false, fail(false, err)
		}
		if !ok {
			return types.Row{}, false, nil
		}
	} else {
		vv := scratch(&s.valBuf, len(s.cfg.valueIdx))
		ok, err := s.valDec.Decode(m.Value, vv)
		if err != nil {
			return types.Row{}, false, fail(false, err)
		}
		if !ok {
			return types.Row{}, false, nil
		}
		// With 'ALL' a key column also in the value takes the value's field,
		// as Flink sets key fields first, then value fields.
		for i, pos := range s.cfg.valueIdx {
			fields[pos] = vv[i]
		}
	}
	for i, md := range s.meta {
		fields[s.nPhys+i] = metadataValue(md.Key, m)
	}
	return types.Row{Kind: types.Insert, Fields: fields}, true, nil
}

func metadataValue(key string, m *kafka.Message) types.Value {
	switch key {
	case "topic":
		return types.StringValue(*m.TopicPartition.Topic)
	case "partition":
		return types.IntValue(types.KindInt, int64(m.TopicPartition.Partition))
	case "leader-epoch":
		if m.TopicPartition.LeaderEpoch == nil {
			return types.Null
		}
		return types.IntValue(types.KindInt, int64(*m.TopicPartition.LeaderEpoch))
	case "offset":
		return types.BigIntValue(int64(m.TopicPartition.Offset))
	case "timestamp":
		// Kafka's -1 (no timestamp) included, as Flink's fromEpochMillis(-1).
		return types.TimestampLTZValue(types.TimestampFromMilli(m.Timestamp.UnixMilli()))
	case "timestamp-type":
		switch m.TimestampType {
		case kafka.TimestampCreateTime:
			return types.StringValue("CreateTime")
		case kafka.TimestampLogAppendTime:
			return types.StringValue("LogAppendTime")
		}
		return types.StringValue("NoTimestampType")
	}
	return types.Null
}

// metadataOrAuthError asks for a topic's metadata for up to 10 s, in short
// attempts so that credentials the broker refused fail the source at once
// (librdkafka reports them in the event queue, not to the request). Run
// retries an unreachable broker with backoff and a warning each time, so
// the first warning comes after 10 s, not after a 30 s request timeout.
func (s *Source) metadataOrAuthError(topic *string) (*kafka.Metadata, error) {
	const attemptMs = 2000
	deadline := time.Now().Add(10 * time.Second)
	for {
		md, err := s.consumer.GetMetadata(topic, false, attemptMs)
		if err == nil {
			return md, nil
		}
		if aerr := queuedAuthError(s.consumer); aerr != nil {
			return nil, aerr
		}
		if time.Now().After(deadline) {
			return nil, err
		}
	}
}

// discover lists the partitions of the table's topics, sorted. A listed
// topic that does not exist fails the source, as Flink's enumerator does.
func (s *Source) discover(ctx context.Context) ([]TopicPartition, error) {
	var out []TopicPartition
	add := func(t kafka.TopicMetadata) {
		for _, p := range t.Partitions {
			out = append(out, TopicPartition{Topic: t.Topic, Partition: p.ID})
		}
	}
	if s.cfg.pattern == nil {
		for _, topic := range s.cfg.topics {
			md, err := s.topicMetadata(ctx, topic)
			if err != nil {
				if aerr := queuedAuthError(s.consumer); aerr != nil {
					return nil, authError("source", s.cfg.name, aerr)
				}
				return nil, fmt.Errorf("kafka source '%s': Failed to get metadata for topics [%s]. (topic %s, bootstrap.servers %s): %w",
					s.cfg.name, strings.Join(s.cfg.topics, ", "), topic, s.cfg.props["bootstrap.servers"], err)
			}
			add(md)
		}
	} else {
		md, err := s.consumer.GetMetadata(nil, true, requestMs)
		if err != nil {
			if aerr := queuedAuthError(s.consumer); aerr != nil {
				return nil, authError("source", s.cfg.name, aerr)
			}
			return nil, fmt.Errorf("kafka source '%s': Failed to get metadata for %s topics.: %w",
				s.cfg.name, strings.TrimSuffix(strings.TrimPrefix(s.cfg.pattern.String(), "^(?:"), ")$"), err)
		}
		names := make([]string, 0, len(md.Topics))
		for name := range md.Topics {
			// Java's listTopics() leaves out internal topics.
			if !strings.HasPrefix(name, "__") && s.cfg.pattern.MatchString(name) {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			add(md.Topics[name])
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Topic != out[j].Topic {
			return out[i].Topic < out[j].Topic
		}
		return out[i].Partition < out[j].Partition
	})
	return out, nil
}

// topicMetadata fetches one topic's metadata, retrying briefly while the
// broker reports the leader as not yet available (a just-created topic).
func (s *Source) topicMetadata(ctx context.Context, topic string) (kafka.TopicMetadata, error) {
	deadline := time.Now().Add(metadataWait)
	for {
		md, err := s.metadataOrAuthError(&topic)
		if err != nil {
			return kafka.TopicMetadata{}, err
		}
		t, ok := md.Topics[topic]
		switch {
		case !ok:
			err = kafka.NewError(kafka.ErrUnknownTopicOrPart, "topic not in metadata", false)
		case t.Error.Code() == kafka.ErrNoError && len(t.Partitions) > 0:
			return t, nil
		case t.Error.Code() == kafka.ErrNoError:
			err = kafka.NewError(kafka.ErrUnknownTopicOrPart, "topic has no partitions", false)
		default:
			err = t.Error
		}
		if t.Error.Code() != kafka.ErrLeaderNotAvailable || time.Now().After(deadline) {
			return kafka.TopicMetadata{}, err
		}
		select {
		case <-ctx.Done():
			return kafka.TopicMetadata{}, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// discoverNew assigns partitions that appeared since the start (new
// partitions of the topics, new topics matching the pattern) from their
// earliest offset, as Flink's enumerator does for newly discovered splits.
func (s *Source) discoverNew(ctx context.Context, c *kafka.Consumer, parts map[TopicPartition]*partition) error {
	tps, err := s.discover(ctx)
	if err != nil {
		// Flink's enumerator fails the job when discovery fails.
		return err
	}
	var add []kafka.TopicPartition
	for _, tp := range tps {
		if parts[tp] == nil {
			parts[tp] = &partition{tp: tp, stop: -1}
			add = append(add, ktp(tp, kafka.OffsetBeginning))
		}
	}
	if len(add) == 0 {
		return nil
	}
	s.log.Info("kafka source: discovered new partitions", zap.Int("count", len(add)))
	if err := c.IncrementalAssign(add); err != nil {
		return fmt.Errorf("kafka source '%s': assigning new partitions: %w", s.cfg.name, err)
	}
	return nil
}

// committed returns the group's committed offsets (absent when none).
func (s *Source) committed(tps []TopicPartition) (map[TopicPartition]int64, error) {
	list := make([]kafka.TopicPartition, len(tps))
	for i, tp := range tps {
		list[i] = ktp(tp, kafka.OffsetInvalid)
	}
	res, err := s.consumer.Committed(list, requestMs)
	if err != nil {
		var ke kafka.Error
		if errors.As(err, &ke) && ke.Code() == kafka.ErrGroupIDNotFound {
			return map[TopicPartition]int64{}, nil // a group that never committed
		}
		return nil, fmt.Errorf("kafka source '%s': reading committed offsets of group '%s': %w", s.cfg.name, s.cfg.groupID, err)
	}
	out := map[TopicPartition]int64{}
	for _, r := range res {
		if r.Error != nil {
			return nil, fmt.Errorf("kafka source '%s': reading committed offsets of group '%s': %s-%d: %w",
				s.cfg.name, s.cfg.groupID, *r.Topic, r.Partition, r.Error)
		}
		if r.Offset >= 0 {
			out[TopicPartition{Topic: *r.Topic, Partition: r.Partition}] = int64(r.Offset)
		}
	}
	return out, nil
}

// watermarks returns the low and high watermark of a partition.
func (s *Source) watermarks(tp TopicPartition) (lo, hi int64, err error) {
	lo, hi, err = s.consumer.QueryWatermarkOffsets(tp.Topic, tp.Partition, requestMs)
	if err != nil {
		return 0, 0, fmt.Errorf("kafka source '%s': listing offsets of %s: %w", s.cfg.name, tp, err)
	}
	return lo, hi, nil
}

// forTimestamp returns, per partition, the first offset whose record
// timestamp is ≥ ts, or the end offset when there is none
// (TimestampOffsetsInitializer).
func (s *Source) forTimestamp(tps []TopicPartition, ts int64) (map[TopicPartition]int64, error) {
	ends := map[TopicPartition]int64{}
	list := make([]kafka.TopicPartition, len(tps))
	for i, tp := range tps {
		_, hi, err := s.watermarks(tp)
		if err != nil {
			return nil, err
		}
		ends[tp] = hi
		list[i] = ktp(tp, kafka.Offset(ts))
	}
	res, err := s.consumer.OffsetsForTimes(list, requestMs)
	if err != nil {
		return nil, fmt.Errorf("kafka source '%s': offsets for timestamp %d: %w", s.cfg.name, ts, err)
	}
	out := map[TopicPartition]int64{}
	for tp, end := range ends {
		out[tp] = end
	}
	for _, r := range res {
		if r.Error == nil && r.Offset >= 0 {
			out[TopicPartition{Topic: *r.Topic, Partition: r.Partition}] = int64(r.Offset)
		}
	}
	return out, nil
}

// startOffsets resolves the startup mode into an offset per partition;
// logical offsets (beginning, end) are left for librdkafka to resolve.
func (s *Source) startOffsets(ctx context.Context, tps []TopicPartition) (map[TopicPartition]kafka.Offset, error) {
	out := map[TopicPartition]kafka.Offset{}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch s.cfg.startup {
	case "earliest-offset":
		for _, tp := range tps {
			out[tp] = kafka.OffsetBeginning
		}
	case "latest-offset":
		// LatestOffsetsInitializer resolves the end offsets up front: records
		// written once Run has started are read.
		for _, tp := range tps {
			_, hi, err := s.watermarks(tp)
			if err != nil {
				return nil, err
			}
			out[tp] = kafka.Offset(hi)
		}
	case "group-offsets":
		com, err := s.committed(tps)
		if err != nil {
			return nil, err
		}
		var missing []string
		for _, tp := range tps {
			off, ok := com[tp]
			switch {
			case ok:
				out[tp] = kafka.Offset(off)
			case s.cfg.autoOffsetReset == "earliest":
				out[tp] = kafka.OffsetBeginning
			case s.cfg.autoOffsetReset == "latest":
				out[tp] = kafka.OffsetEnd
			default:
				missing = append(missing, tp.String())
			}
		}
		if len(missing) > 0 {
			// The Java consumer's NoOffsetForPartitionException, which fails
			// the Flink job: 'auto.offset.reset' defaults to none in Flink.
			return nil, fmt.Errorf("kafka source '%s': Undefined offset with no reset policy for partitions: [%s] "+
				"(group '%s' has no committed offset; set 'properties.auto.offset.reset' or another 'scan.startup.mode')",
				s.cfg.name, strings.Join(missing, ", "), s.cfg.groupID)
		}
	case "timestamp":
		ts, err := s.forTimestamp(tps, s.cfg.startupTS)
		if err != nil {
			return nil, err
		}
		for tp, off := range ts {
			out[tp] = kafka.Offset(off)
		}
	case "specific-offsets":
		rest, err := s.specific(tps, s.cfg.startupOffsets, out)
		if err != nil {
			return nil, err
		}
		for _, tp := range rest {
			out[tp] = kafka.OffsetBeginning
		}
	}
	return out, nil
}

// specific sets the given offsets, then the committed offsets of the other
// partitions, and returns the partitions still without an offset
// (SpecifiedOffsetsInitializer).
func (s *Source) specific(tps []TopicPartition, given map[int32]int64, out map[TopicPartition]kafka.Offset) ([]TopicPartition, error) {
	var lookup []TopicPartition
	for _, tp := range tps {
		if off, ok := given[tp.Partition]; ok {
			out[tp] = kafka.Offset(off)
		} else {
			lookup = append(lookup, tp)
		}
	}
	if len(lookup) == 0 || s.cfg.groupID == "" {
		return lookup, nil
	}
	com, err := s.committed(lookup)
	if err != nil {
		return nil, err
	}
	var rest []TopicPartition
	for _, tp := range lookup {
		if off, ok := com[tp]; ok {
			out[tp] = kafka.Offset(off)
		} else {
			rest = append(rest, tp)
		}
	}
	return rest, nil
}

// stopOffsets resolves the bounded mode into an offset per partition.
func (s *Source) stopOffsets(ctx context.Context, tps []TopicPartition, starts map[TopicPartition]kafka.Offset) (map[TopicPartition]int64, error) {
	out := map[TopicPartition]int64{}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch s.cfg.bounded {
	case boundedReplay:
		return s.replayStops(ctx, tps, starts)
	case "latest-offset":
		for _, tp := range tps {
			_, hi, err := s.watermarks(tp)
			if err != nil {
				return nil, err
			}
			out[tp] = hi
		}
	case "group-offsets":
		com, err := s.committed(tps)
		if err != nil {
			return nil, err
		}
		for _, tp := range tps {
			off, ok := com[tp]
			if !ok {
				return nil, fmt.Errorf("kafka source '%s': Partition %s should stop at committed offset. But there is no committed offset of this partition for group %s",
					s.cfg.name, tp, s.cfg.groupID)
			}
			out[tp] = off
		}
	case "timestamp":
		return s.forTimestamp(tps, s.cfg.boundedTS)
	case "specific-offsets":
		starts := map[TopicPartition]kafka.Offset{}
		rest, err := s.specific(tps, s.cfg.boundedOffsets, starts)
		if err != nil {
			return nil, err
		}
		for tp, off := range starts {
			out[tp] = int64(off)
		}
		// Partitions without a stopping offset stop at their earliest offset:
		// nothing is read from them.
		for _, tp := range rest {
			lo, _, err := s.watermarks(tp)
			if err != nil {
				return nil, err
			}
			out[tp] = lo
		}
	}
	return out, nil
}

// concreteStarts replaces logical start offsets by numbers so that bounded
// reads can tell empty partitions (start ≥ stop) up front.
func (s *Source) concreteStarts(ctx context.Context, starts map[TopicPartition]kafka.Offset) error {
	for tp, off := range starts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if off >= 0 {
			continue
		}
		lo, hi, err := s.watermarks(tp)
		if err != nil {
			return err
		}
		if off == kafka.OffsetEnd {
			starts[tp] = kafka.Offset(hi)
		} else {
			starts[tp] = kafka.Offset(lo)
		}
	}
	return nil
}

// EncodePosition implements connectors.Restorer: position is an Offsets.
func (s *Source) EncodePosition(position any) ([]byte, error) {
	off, ok := position.(Offsets)
	if !ok {
		return nil, fmt.Errorf("kafka source '%s': position is a %T, not kafka.Offsets", s.cfg.name, position)
	}
	return off.MarshalBinary()
}

// Restore implements connectors.Restorer: Run starts each partition present
// in position at its offset, whatever 'scan.startup.mode' says; the other
// partitions follow the startup mode.
func (s *Source) Restore(position []byte) error {
	var off Offsets
	if err := off.UnmarshalBinary(position); err != nil {
		return fmt.Errorf("kafka source '%s': restoring offsets: %w", s.cfg.name, err)
	}
	s.restored = off
	s.log.Info("kafka source restored from checkpoint", zap.Stringer("offsets", off))
	return nil
}

// splitRestored separates the partitions with a restored offset from the rest.
func (s *Source) splitRestored(tps []TopicPartition) (rest []TopicPartition, restored Offsets) {
	restored = Offsets{}
	for _, tp := range tps {
		if off, ok := s.restored[tp]; ok {
			restored[tp] = off
		} else {
			rest = append(rest, tp)
		}
	}
	return rest, restored
}

// String lists the offsets as topic-partition=offset, sorted.
func (o Offsets) String() string {
	parts := make([]string, 0, len(o))
	for _, tp := range o.list() {
		parts = append(parts, fmt.Sprintf("%s-%d=%d", *tp.Topic, tp.Partition, tp.Offset))
	}
	return strings.Join(parts, ",")
}

// offsetsEncodingVersion starts an encoded Offsets, so that the format can
// change while old checkpoints stay readable.
const offsetsEncodingVersion = 1

// MarshalBinary is the stable checkpoint encoding: version byte, uvarint
// count, then sorted (uvarint topic length, topic, varint partition, varint
// offset).
func (o Offsets) MarshalBinary() ([]byte, error) {
	buf := []byte{offsetsEncodingVersion}
	buf = binary.AppendUvarint(buf, uint64(len(o)))
	for _, tp := range o.list() {
		buf = binary.AppendUvarint(buf, uint64(len(*tp.Topic)))
		buf = append(buf, *tp.Topic...)
		buf = binary.AppendVarint(buf, int64(tp.Partition))
		buf = binary.AppendVarint(buf, int64(tp.Offset))
	}
	return buf, nil
}

// UnmarshalBinary decodes MarshalBinary's output.
func (o *Offsets) UnmarshalBinary(data []byte) error {
	bad := func(what string) error { return fmt.Errorf("bad encoded offsets: %s", what) }
	if len(data) == 0 || data[0] != offsetsEncodingVersion {
		return bad("unknown version")
	}
	data = data[1:]
	n, k := binary.Uvarint(data)
	if k <= 0 || n > uint64(len(data)) {
		return bad("count")
	}
	data = data[k:]
	out := make(Offsets, n)
	for range n {
		l, k := binary.Uvarint(data)
		if k <= 0 || l > uint64(len(data)-k) {
			return bad("topic")
		}
		topic := string(data[k : k+int(l)])
		data = data[k+int(l):]
		part, k := binary.Varint(data)
		if k <= 0 || part < 0 || part > 1<<31-1 {
			return bad("partition")
		}
		data = data[k:]
		off, k := binary.Varint(data)
		if k <= 0 {
			return bad("offset")
		}
		data = data[k:]
		out[TopicPartition{Topic: topic, Partition: int32(part)}] = off
	}
	if len(data) != 0 {
		return bad("trailing bytes")
	}
	*o = out
	return nil
}
