package kafka

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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
//	sluice.error      the error, naming table, topic, partition, offset and field
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
	logs     *logForwarder
	events   sync.WaitGroup
	inflight inflight

	errMu sync.Mutex
	err   error
}

var _ connectors.SourceFlusher = (*Source)(nil)

// newDeadLetters creates the producer, connected with the table's
// 'properties.*' (the source's own connection settings).
func newDeadLetters(c *sourceConfig, log *zap.Logger) (*deadLetters, error) {
	d := &deadLetters{topic: c.deadLetter, table: c.name, servers: c.props["bootstrap.servers"], log: log, errs: newErrorLog(log)}
	// Consumer-only settings of the table would only make librdkafka warn.
	skip := map[string]bool{"group.id": true, "auto.offset.reset": true, "isolation.level": true, "enable.auto.commit": true,
		"transactional.id": true, "allow.auto.create.topics": true}
	cm, origin := clientConfig(c.props, kafka.ConfigMap{"go.delivery.report.fields": "none"}, skip, log)
	for k, v := range (kafka.ConfigMap{"acks": "all", "enable.idempotence": true, "linger.ms": 5}) {
		if _, ok := cm[k]; !ok {
			cm[k] = v
		}
	}
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

func (d *deadLetters) readEvents() {
	defer d.events.Done()
	for ev := range d.producer.Events() {
		switch e := ev.(type) {
		case *kafka.Message:
			if err := e.TopicPartition.Error; err != nil {
				d.fail(d.deliveryError(err))
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

func (d *deadLetters) deliveryError(err error) error {
	hint := ""
	var ke kafka.Error
	if errors.As(err, &ke) && (ke.Code() == kafka.ErrUnknownTopic || ke.Code() == kafka.ErrUnknownTopicOrPart) {
		hint = fmt.Sprintf(" (topic %s does not exist on bootstrap.servers %s)", d.topic, d.servers)
	}
	return fmt.Errorf("kafka source '%s': delivering a record to the dead-letter topic %s ('%s') failed%s: %w",
		d.table, d.topic, optDeadLetterTopic, hint, err)
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
func (d *deadLetters) send(ctx context.Context, m *kafka.Message, cause error) error {
	if err := d.failure(); err != nil {
		return err
	}
	headers := make([]kafka.Header, 0, len(m.Headers)+5)
	headers = append(headers, m.Headers...)
	headers = append(headers,
		kafka.Header{Key: HeaderError, Value: []byte(cause.Error())},
		kafka.Header{Key: HeaderTopic, Value: []byte(*m.TopicPartition.Topic)},
		kafka.Header{Key: HeaderPartition, Value: []byte(strconv.FormatInt(int64(m.TopicPartition.Partition), 10))},
		kafka.Header{Key: HeaderOffset, Value: []byte(strconv.FormatInt(int64(m.TopicPartition.Offset), 10))},
		kafka.Header{Key: HeaderTimestamp, Value: []byte(strconv.FormatInt(m.Timestamp.UnixMilli(), 10))},
	)
	topic := d.topic
	out := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
		Key: m.Key, Value: m.Value, Headers: headers}
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
			return d.deliveryError(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 50*time.Millisecond)
	}
	d.errs.warn("kafka source: undecodable record sent to the dead-letter topic", cause,
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
