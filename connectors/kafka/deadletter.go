package kafka

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
)

// Dead letters: 'scan.dead-letter.topic' (Sluice's own option; Flink has
// only 'json.ignore-parse-errors', which drops such records).
//
// A record whose key or value the format cannot decode is produced to the
// dead-letter topic as it was read (key, value and headers unchanged) with
// these headers added:
//
//	sluice.error      the error without the record: table, topic, partition,
//	                  offset, field and the format's reason
//	sluice.topic      the topic it was read from
//	sluice.partition  its partition (decimal)
//	sluice.offset     its offset (decimal)
//	sluice.timestamp  its timestamp, epoch milliseconds (decimal)
//
// and the source goes on. The position after the record is handed to the
// engine like any other, but the engine flushes the source
// (connectors.SourceFlusher) before a checkpoint saves it or the offsets
// are committed: a dead letter is durable before its record is skipped for
// good. Restarts may write a dead letter twice (at-least-once).

// Header keys of a dead letter.
const (
	HeaderError     = "sluice.error"
	HeaderTopic     = "sluice.topic"
	HeaderPartition = "sluice.partition"
	HeaderOffset    = "sluice.offset"
	HeaderTimestamp = "sluice.timestamp"
)

// deadLetters produces a source's undecodable records. Send runs on the
// source's goroutine, Flush on the engine's.
type deadLetters struct {
	topic    string
	table    string
	servers  string
	log      *zap.Logger
	errs     *errorLog
	producer *kafka.Producer
	// maxBytes is the producer's message.max.bytes.
	maxBytes int
	logs     *logForwarder
	events   sync.WaitGroup
	inflight inflight

	errMu sync.Mutex
	err   error
}

var _ connectors.SourceFlusher = (*Source)(nil)

// newDeadLetters creates the producer, connected with the table's
// 'properties.*' (the source's own connection settings). consumer is the
// source's consumer configuration: the producer must take any record the
// consumer can read.
func newDeadLetters(c *sourceConfig, consumer kafka.ConfigMap, log *zap.Logger) (*deadLetters, error) {
	d := &deadLetters{topic: c.deadLetter, table: c.name, servers: c.props["bootstrap.servers"], log: log, errs: newErrorLog(log)}
	// Consumer-only settings of the table would only make librdkafka warn.
	skip := map[string]bool{"group.id": true, "auto.offset.reset": true, "isolation.level": true, "enable.auto.commit": true,
		"transactional.id": true, "allow.auto.create.topics": true}
	cm, origin := clientConfig(c.props, kafka.ConfigMap{"go.delivery.report.fields": "none"}, skip, log)
	setDefaults(cm, kafka.ConfigMap{"acks": "all", "enable.idempotence": true, "linger.ms": 5,
		// librdkafka's 1 MB default would refuse the dead letter of any
		// larger record the source reads.
		"message.max.bytes": largestRecord(consumer)})
	d.maxBytes = intSetting(cm, "message.max.bytes", librdkafkaMessageMax)
	d.logs = newLogForwarder(log)
	for k, v := range d.logs.config() {
		cm[k] = v
	}
	p, err := newClient(c.name, kafka.NewProducer, cm, origin, log)
	if err != nil {
		d.logs.stop()
		return nil, fmt.Errorf("kafka source '%s': dead-letter producer: %w", c.name, err)
	}
	d.producer = p
	d.inflight.zero = closedChan()
	d.events.Add(1)
	go d.readEvents()
	return d, nil
}

// librdkafka's defaults and bounds of the size settings.
const (
	librdkafkaMessageMax    = 1000000    // message.max.bytes
	librdkafkaMessageMaxTop = 1000000000 // message.max.bytes, its maximum
	librdkafkaReceiveMax    = 100000000  // receive.message.max.bytes
	librdkafkaFetchMax      = 52428800   // fetch.max.bytes
)

// largestRecord is the largest record a consumer with configuration cm
// receives: a fetch returns at least one whole record batch however large
// (fetch.max.bytes is no bound for it), up to receive.message.max.bytes,
// which librdkafka raises to fetch.max.bytes + 512 unless it is set.
func largestRecord(cm kafka.ConfigMap) int {
	recv := intSetting(cm, "receive.message.max.bytes", 0)
	if recv == 0 {
		recv = max(librdkafkaReceiveMax, intSetting(cm, "fetch.max.bytes", librdkafkaFetchMax)+512)
	}
	return min(max(recv, librdkafkaMessageMax), librdkafkaMessageMaxTop)
}

// intSetting reads an integer setting of cm (an int or its text), def when
// absent or unreadable (librdkafka then rejects the value itself).
func intSetting(cm kafka.ConfigMap, key string, def int) int {
	v, ok := cm[key]
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(fmt.Sprint(v)))
	if err != nil {
		return def
	}
	return n
}

// deadLetter is what a failed delivery must say about its dead letter.
type deadLetter struct {
	topic     string
	partition int32
	offset    int64
	bytes     int // key, value and headers
}

func (d *deadLetters) readEvents() {
	defer d.events.Done()
	for ev := range d.producer.Events() {
		switch e := ev.(type) {
		case *kafka.Message:
			if err := e.TopicPartition.Error; err != nil {
				dl, _ := e.Opaque.(*deadLetter)
				d.fail(d.deliveryError(err, dl))
			}
			d.inflight.done()
		case kafka.Error:
			if e.IsFatal() {
				d.fail(fmt.Errorf("kafka source '%s': dead-letter producer: %w", d.table, e))
			} else {
				d.errs.warn("kafka dead-letter producer error (retrying)", e,
					zap.String("bootstrap_servers", d.servers))
			}
		}
	}
}

// deliveryError is the error of a dead letter that could not be
// delivered; dl is nil when the report does not say which.
func (d *deadLetters) deliveryError(err error, dl *deadLetter) error {
	hint := ""
	var ke kafka.Error
	if errors.As(err, &ke) {
		switch ke.Code() {
		case kafka.ErrUnknownTopic, kafka.ErrUnknownTopicOrPart:
			hint = fmt.Sprintf(" (topic %s does not exist on bootstrap.servers %s)", d.topic, d.servers)
		case kafka.ErrMsgSizeTooLarge:
			if dl != nil {
				return d.tooLarge(err, dl)
			}
		}
	}
	return fmt.Errorf("kafka source '%s': delivering a record to the dead-letter topic %s ('%s') failed%s: %w",
		d.table, d.topic, optDeadLetterTopic, hint, err)
}

// tooLarge says which record's dead letter is too large and what limit to
// raise: the producer's own (checked before sending) or the broker's.
func (d *deadLetters) tooLarge(err error, dl *deadLetter) error {
	limits := fmt.Sprintf("raise the dead-letter topic's 'max.message.bytes' (kafka-configs --bootstrap-server %s --alter "+
		"--entity-type topics --entity-name %s --add-config max.message.bytes=<bytes>) or the broker's 'message.max.bytes' above %d bytes",
		d.servers, d.topic, dl.bytes)
	if dl.bytes > d.maxBytes {
		limits = fmt.Sprintf("raise 'properties.message.max.bytes' of table '%s' (now %d) above %d bytes, "+
			"and the topic's or broker's limit as needed", d.table, d.maxBytes, dl.bytes)
	}
	return fmt.Errorf("kafka source '%s': the dead letter of topic %s partition %d offset %d (%d bytes) is too large "+
		"for the dead-letter topic %s ('%s'): %w; %s. The record stays unread until it is delivered",
		d.table, dl.topic, dl.partition, dl.offset, dl.bytes, d.topic, optDeadLetterTopic, err, limits)
}

func (d *deadLetters) fail(err error) {
	d.errMu.Lock()
	defer d.errMu.Unlock()
	if d.err == nil {
		d.err = err
	}
}

func (d *deadLetters) failure() error {
	d.errMu.Lock()
	defer d.errMu.Unlock()
	return d.err
}

// send produces m's raw bytes to the dead-letter topic with the error and
// the record's origin in headers. It does not wait for the delivery.
func (d *deadLetters) send(ctx context.Context, m *kafka.Message, cause *decodeError) error {
	if err := d.failure(); err != nil {
		return err
	}
	reason := cause.reason()
	headers := make([]kafka.Header, 0, len(m.Headers)+5)
	headers = append(headers, m.Headers...)
	headers = append(headers,
		kafka.Header{Key: HeaderError, Value: []byte(reason)},
		kafka.Header{Key: HeaderTopic, Value: []byte(*m.TopicPartition.Topic)},
		kafka.Header{Key: HeaderPartition, Value: []byte(strconv.FormatInt(int64(m.TopicPartition.Partition), 10))},
		kafka.Header{Key: HeaderOffset, Value: []byte(strconv.FormatInt(int64(m.TopicPartition.Offset), 10))},
		kafka.Header{Key: HeaderTimestamp, Value: []byte(strconv.FormatInt(m.Timestamp.UnixMilli(), 10))},
	)
	dl := &deadLetter{topic: *m.TopicPartition.Topic, partition: m.TopicPartition.Partition,
		offset: int64(m.TopicPartition.Offset), bytes: len(m.Key) + len(m.Value)}
	for _, h := range headers {
		dl.bytes += len(h.Key) + len(h.Value)
	}
	topic := d.topic
	out := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
		Key: m.Key, Value: m.Value, Headers: headers, Opaque: dl}
	backoff := 100 * time.Microsecond
	for {
		d.inflight.add()
		err := d.producer.Produce(out, nil)
		if err == nil {
			break
		}
		d.inflight.done()
		var ke kafka.Error
		if !errors.As(err, &ke) || ke.Code() != kafka.ErrQueueFull {
			return d.deliveryError(err, dl)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 50*time.Millisecond)
	}
	// One kind for every dead letter: a burst of bad records logs one line
	// per interval, with the count of the others. The logger names the
	// table already.
	d.errs.warn("kafka source: undecodable record sent to the dead-letter topic", nil, zap.String("error", reason),
		zap.String("dead_letter_topic", d.topic))
	return nil
}

// flush waits until every dead letter sent so far is acknowledged and
// returns the first delivery failure.
func (d *deadLetters) flush(ctx context.Context) error {
	select {
	case <-d.inflight.wait():
	case <-ctx.Done():
		return fmt.Errorf("kafka source '%s': waiting for dead-letter deliveries to %s: %w", d.table, d.topic, ctx.Err())
	}
	return d.failure()
}

// close waits (until ctx ends) for the dead letters in flight, then closes
// the producer.
func (d *deadLetters) close(ctx context.Context) error {
	err := d.flush(ctx)
	if err != nil {
		_ = d.producer.Purge(kafka.PurgeQueue | kafka.PurgeInFlight | kafka.PurgeNonBlocking)
	}
	d.producer.Close()
	d.events.Wait()
	d.logs.stop()
	return err
}

// Flush implements connectors.SourceFlusher: with a dead-letter topic, it
// returns once the dead letters of the records read so far are durable.
func (s *Source) Flush(ctx context.Context) error {
	if s.dlq == nil {
		return nil
	}
	return s.dlq.flush(ctx)
}
