package kafka

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
)

// Sink writes a Kafka table. It implements connectors.Sink.
type Sink struct {
	cfg    *sinkConfig
	log    *zap.Logger
	keyEnc formats.Encoder
	valEnc formats.Encoder
	nPhys  int
	// topicPos and tsPos are the row positions of the writable 'topic' and
	// 'timestamp' metadata columns, or -1.
	topicPos, tsPos int

	producer *kafka.Producer
	logs     *logForwarder
	events   sync.WaitGroup

	inflight inflight
	errMu    sync.Mutex
	err      error // first delivery error
	// errs logs the errors librdkafka retries by itself, rate limited.
	errs *errorLog
	// tx is set for 'exactly-once' (see txn.go).
	tx *txnState

	// fixed caches the partition the 'fixed' partitioner writes to, per topic.
	fixed map[string]int32

	// msg, topic and buf are reused by every record Write produces (Write
	// runs on the job's goroutine only): librdkafka copies the key and value
	// during Produce (RD_KAFKA_MSG_F_COPY) and keeps no pointer into them,
	// so a record costs no Go allocation.
	msg   kafka.Message
	topic string
	buf   []byte

	closeOnce sync.Once
	closeErr  error
	// stats are the metrics counters (stats.go).
	stats sinkCounters
}

var _ connectors.Sink = (*Sink)(nil)

// NewSink implements connectors.SinkFactory.
func (Factory) NewSink(t connectors.Table) (connectors.Sink, error) {
	c, plan, err := checkSink(t)
	if err != nil {
		return nil, err
	}
	log := t.Logger
	if log == nil {
		log = zap.NewNop()
	}
	s := &Sink{cfg: c, log: log, nPhys: len(t.Schema), topicPos: plan.topicPos, tsPos: plan.tsPos, fixed: map[string]int32{}, errs: newErrorLog(log)}
	s.valEnc, s.keyEnc = plan.value, plan.key
	// confluent-kafka-go's own go.* settings are the connector's (the sink
	// needs no payloads back, and their values are typed); librdkafka's
	// tuning and the Java producer's defaults come below the user's
	// properties.
	base, defaults := kafka.ConfigMap{}, kafka.ConfigMap{}
	for k, v := range ProducerTuning() {
		if strings.HasPrefix(k, "go.") {
			base[k] = v
		} else {
			defaults[k] = v
		}
	}
	cm, origin := clientConfig(c.props, base, map[string]bool{"group.id": true}, log)
	// Java's DefaultPartitioner: murmur2 of the key, sticky for records
	// without a key (librdkafka's sticky.partitioning.linger.ms).
	defaults["partitioner"] = "murmur2_random"
	defaults["acks"] = "all"
	// The Java producer (Kafka ≥ 3.2) is idempotent unless the user's
	// settings conflict with it, in which case it quietly is not.
	if idempotenceCompatible(cm) {
		defaults["enable.idempotence"] = true
	}
	if c.guarantee == "exactly-once" {
		txnConfig(c, cm)
		s.tx = &txnState{id: transactionalID(c.txnPrefix), markerTopic: c.topics[0]}
	}
	setDefaults(cm, defaults)
	s.logs = newLogForwarder(log)
	for k, v := range s.logs.config() {
		cm[k] = v
	}
	s.producer, err = newClient(t.Name, kafka.NewProducer, cm, origin, log)
	if err != nil {
		s.logs.stop()
		return nil, err
	}
	s.inflight.zero = closedChan()
	s.events.Add(1)
	go s.readEvents()
	if s.tx == nil {
		return s, nil
	}
	return TxnSink{s}, nil
}

func closedChan() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

// inflight counts records handed to the producer whose delivery is not
// reported yet; zero is closed whenever the count is 0.
type inflight struct {
	mu   sync.Mutex
	n    int64
	zero chan struct{}
}

func (f *inflight) add() {
	f.mu.Lock()
	if f.n == 0 {
		f.zero = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
}

func (f *inflight) done() {
	f.mu.Lock()
	f.n--
	if f.n == 0 {
		close(f.zero)
	}
	f.mu.Unlock()
}

func (f *inflight) wait() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.zero
}

// readEvents consumes delivery reports and client errors until the producer
// is closed (which closes its Events channel).
func (s *Sink) readEvents() {
	defer s.events.Done()
	for ev := range s.producer.Events() {
		switch e := ev.(type) {
		case *kafka.Message:
			s.stats.delivery(e.TopicPartition.Error)
			if err := e.TopicPartition.Error; err != nil && !s.purgedByAbort(err) {
				topic := ""
				if e.TopicPartition.Topic != nil {
					topic = *e.TopicPartition.Topic
				}
				s.fail(s.deliveryError(topic, err))
			}
			s.inflight.done()
		case kafka.Error:
			if e.IsFatal() {
				s.fail(fmt.Errorf("kafka sink '%s': %w", s.cfg.name, e))
			} else if authFailure(e) {
				// As the Java producer: wrong credentials do not heal by retrying.
				s.fail(authError("sink", s.cfg.name, e))
			} else {
				s.errs.warn("kafka producer error (retrying)", e,
					zap.String("bootstrap_servers", s.cfg.props["bootstrap.servers"]))
			}
		}
	}
}

// purgedByAbort tells the failed deliveries an abort causes (its records
// are purged) from real failures.
func (s *Sink) purgedByAbort(err error) bool {
	var ke kafka.Error
	return s.tx != nil && s.tx.aborting.Load() && errors.As(err, &ke) &&
		(ke.Code() == kafka.ErrPurgeQueue || ke.Code() == kafka.ErrPurgeInflight)
}

// deliveryError is a record's failed delivery: librdkafka has retried it
// until 'delivery.timeout.ms' (message.timeout.ms). The job fails, and a
// restart from the last checkpoint writes the record again.
func (s *Sink) deliveryError(topic string, err error) error {
	hint := ""
	var ke kafka.Error
	if errors.As(err, &ke) {
		switch ke.Code() {
		case kafka.ErrUnknownTopic, kafka.ErrUnknownTopicOrPart:
			hint = fmt.Sprintf(" (topic %s does not exist on bootstrap.servers %s)", topic, s.cfg.props["bootstrap.servers"])
		case kafka.ErrMsgTimedOut:
			hint = fmt.Sprintf(" (not acknowledged within delivery.timeout.ms; is bootstrap.servers %s reachable?)", s.cfg.props["bootstrap.servers"])
		}
	}
	return fmt.Errorf("kafka sink '%s': delivering a record to topic %s failed%s: %w", s.cfg.name, topic, hint, err)
}

func (s *Sink) fail(err error) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	if s.err == nil {
		s.err = err
	}
}

func (s *Sink) failure() error {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.err
}

// Write implements connectors.Sink: it encodes the rows and hands them to
// the producer. A delivery failure of an earlier record is returned here
// (or by Flush), failing the job, as Flink's KafkaWriter does.
func (s *Sink) Write(ctx context.Context, rows []types.Row) error {
	if err := s.failure(); err != nil {
		return err
	}
	if s.tx != nil && len(rows) > 0 {
		if err := s.txnBegin(ctx); err != nil {
			return err
		}
	}
	kv := make([]types.Value, len(s.cfg.keyIdx))
	vv := make([]types.Value, len(s.cfg.valueIdx))
	for _, r := range rows {
		if len(r.Fields) < s.nPhys {
			return fmt.Errorf("kafka sink '%s': row has %d fields, want at least %d", s.cfg.name, len(r.Fields), s.nPhys)
		}
		msg, err := s.message(r, kv, vv)
		if err != nil {
			return err
		}
		if err := s.produce(ctx, msg); err != nil {
			return err
		}
	}
	if cap(s.buf) > maxKeptBuffer {
		s.buf = nil // one huge record must not pin its buffer for good
	}
	return nil
}

// maxKeptBuffer bounds the encoding buffer kept between Writes.
const maxKeptBuffer = 1 << 20

// message encodes r into the reused s.msg; it is valid until the next call.
func (s *Sink) message(r types.Row, kv, vv []types.Value) (*kafka.Message, error) {
	topic := ""
	if len(s.cfg.topics) == 1 {
		topic = s.cfg.topics[0]
	} else {
		v := field(r, s.topicPos)
		if v.IsNull() {
			return nil, fmt.Errorf("kafka sink '%s': The topic of the sink record is not valid. Expected a single topic but no topic is set.", s.cfg.name)
		}
		topic = v.Str()
		if s.cfg.topics != nil && !containsString(s.cfg.topics, topic) {
			return nil, fmt.Errorf("kafka sink '%s': The topic of the sink record is not valid. Expected topic to be in: [%s] but was: %s",
				s.cfg.name, strings.Join(s.cfg.topics, ", "), topic)
		}
		if s.cfg.pattern != nil && !s.cfg.pattern.MatchString(topic) {
			return nil, fmt.Errorf("kafka sink '%s': The topic of the sink record is not valid. Expected topic to match: %s but was: %s",
				s.cfg.name, s.cfg.pattern, topic)
		}
	}
	s.topic = topic
	s.msg = kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &s.topic, Partition: kafka.PartitionAny}}
	m := &s.msg
	// Key and value are encoded into one buffer: key first, value after it.
	buf := s.buf[:0]
	if s.keyEnc != nil {
		for i, pos := range s.cfg.keyIdx {
			kv[i] = r.Fields[pos]
		}
		var err error
		if buf, err = s.keyEnc.Encode(buf, kv); err != nil {
			return nil, fmt.Errorf("kafka sink '%s': encoding the key: %w", s.cfg.name, err)
		}
		if len(buf) > 0 {
			// An encoder that appends nothing to a nil buffer gave a null
			// key before buffers were reused; it still does.
			m.Key = buf[:len(buf):len(buf)]
		}
	}
	k := len(buf)
	for i, pos := range s.cfg.valueIdx {
		vv[i] = r.Fields[pos]
	}
	buf, err := s.valEnc.Encode(buf, vv)
	if err != nil {
		return nil, fmt.Errorf("kafka sink '%s': encoding the value: %w", s.cfg.name, err)
	}
	s.buf = buf
	m.Value = buf[k:len(buf):len(buf)]
	if m.Value == nil {
		m.Value = []byte{} // a null value would be a tombstone
	}
	if v := field(r, s.tsPos); !v.IsNull() {
		m.Timestamp = time.UnixMilli(v.Timestamp().UnixMilli())
	}
	if s.cfg.partitioner == "fixed" {
		p, err := s.fixedPartition(topic)
		if err != nil {
			return nil, err
		}
		m.TopicPartition.Partition = p
	}
	return m, nil
}

func field(r types.Row, pos int) types.Value {
	if pos < 0 || pos >= len(r.Fields) {
		return types.Null
	}
	return r.Fields[pos]
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// fixedPartition is FlinkFixedPartitioner for subtask 0 of a parallelism-1
// sink: partitions[0 % n], the topic's lowest partition id.
func (s *Sink) fixedPartition(topic string) (int32, error) {
	if p, ok := s.fixed[topic]; ok {
		return p, nil
	}
	md, err := s.producer.GetMetadata(&topic, false, requestMs)
	if err != nil {
		return 0, fmt.Errorf("kafka sink '%s': partitions of topic %s: %w", s.cfg.name, topic, err)
	}
	t := md.Topics[topic]
	if len(t.Partitions) == 0 {
		return 0, fmt.Errorf("kafka sink '%s': Partitions of the target topic is empty. (topic %s: %v)", s.cfg.name, topic, t.Error)
	}
	ids := make([]int32, len(t.Partitions))
	for i, p := range t.Partitions {
		ids[i] = p.ID
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	s.fixed[topic] = ids[0]
	return ids[0], nil
}

// produce enqueues one record, waiting while librdkafka's queue is full.
func (s *Sink) produce(ctx context.Context, m *kafka.Message) error {
	backoff := 100 * time.Microsecond
	for {
		s.inflight.add()
		err := s.producer.Produce(m, nil)
		if err == nil {
			return nil
		}
		s.inflight.done()
		var ke kafka.Error
		if !errors.As(err, &ke) || ke.Code() != kafka.ErrQueueFull {
			return fmt.Errorf("kafka sink '%s': producing to topic %s: %w", s.cfg.name, *m.TopicPartition.Topic, err)
		}
		// Deliveries free the queue; wait for some.
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 50*time.Millisecond)
	}
}

// Flush implements connectors.Sink. With 'at-least-once' it waits until
// every record written so far is acknowledged and returns the first
// delivery error; with 'none' it does not wait (fire and forget, as
// Flink). With 'exactly-once' the wait is the pre-commit: the records are
// in the open transaction, which Commit makes visible.
func (s *Sink) Flush(ctx context.Context) error {
	if s.cfg.guarantee != "none" {
		select {
		case <-s.inflight.wait():
		case <-ctx.Done():
			return fmt.Errorf("kafka sink '%s': waiting for deliveries: %w", s.cfg.name, ctx.Err())
		}
	}
	return s.failure()
}

// Close implements connectors.Sink: it flushes, then closes the producer;
// records still undelivered when ctx ends are dropped.
func (s *Sink) Close(ctx context.Context) error {
	s.closeOnce.Do(func() {
		var err error
		if s.tx != nil && s.tx.wedged.Load() {
			// A call is stuck inside librdkafka holding the producer:
			// closing it would hang too. The process exit releases it, and
			// the next start fences and aborts its transaction.
			s.closeErr = fmt.Errorf("kafka sink '%s': not closed: %w", s.cfg.name, errWedged)
			return
		}
		if s.tx != nil && s.tx.open {
			// The job failed or stopped without a final commit: discard the
			// rows now rather than leave read_committed consumers waiting
			// for the transaction timeout (the next start would abort it).
			actx, cancel := context.WithTimeout(ctx, txnCallTimeout)
			aerr := s.abort(actx)
			cancel()
			if aerr != nil {
				s.log.Warn("kafka sink: aborting the open transaction at close failed; the next start aborts it",
					zap.String("transactional_id", s.tx.id), zap.Error(aerr))
			}
		}
		select {
		case <-s.inflight.wait():
		case <-ctx.Done():
			err = fmt.Errorf("kafka sink '%s': closing with undelivered records: %w", s.cfg.name, ctx.Err())
			_ = s.producer.Purge(kafka.PurgeQueue | kafka.PurgeInFlight | kafka.PurgeNonBlocking)
		}
		s.producer.Close()
		s.events.Wait()
		s.logs.stop()
		if err == nil {
			err = s.failure()
		}
		s.closeErr = err
	})
	return s.closeErr
}

// idempotenceCompatible reports whether the user's producer settings allow
// the Java producer's default enable.idempotence=true: acks=all, at most 5
// requests in flight, retries not 0.
func idempotenceCompatible(cm kafka.ConfigMap) bool {
	str := func(k string) (string, bool) {
		v, ok := cm[k]
		if !ok {
			return "", false
		}
		return strings.TrimSpace(fmt.Sprint(v)), true
	}
	if v, ok := str("acks"); ok && v != "all" && v != "-1" {
		return false
	}
	if v, ok := str("max.in.flight.requests.per.connection"); ok {
		if n, err := strconv.Atoi(v); err == nil && n > 5 {
			return false
		}
	}
	if v, ok := str("retries"); ok && v == "0" {
		return false
	}
	return true
}
