package kafka

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/engine/metrics"
)

// Metrics of the Kafka connector (engine/metrics interfaces).
//
// Consumer lag comes from the consumer's own state, without a request to
// the broker: Assignment, Position (the offset after the last record Poll
// returned) and GetWatermarkOffsets (the high watermark cached from the
// last fetch response). librdkafka's statistics events would give the same
// numbers but cost a JSON document per interval on the poll loop and have to
// be parsed; QueryWatermarkOffsets would cost a round trip per partition
// per scrape. Measured with BenchmarkSourceStats (kfake, 2 partitions,
// 2-core dev machine): ~21 µs per SourceStats call, i.e. per scrape.

var (
	_ metrics.SourceReporter    = (*Source)(nil)
	_ metrics.ReadinessReporter = (*Source)(nil)
	_ metrics.SinkReporter      = (*Sink)(nil)
	_ metrics.ReadinessReporter = (*Sink)(nil)
)

// sourceCounters count what a source reads. The Run goroutine adds to the
// plain fields per record and publishes them to the atomics once per batch
// (and every publishEvery records), so that the poll loop stays free of
// atomic operations per record.
type sourceCounters struct {
	records, bytes, skipped, decodeErrors, unpublished int64

	pubRecords, pubBytes, pubSkipped, pubDecodeErrors atomic.Int64
	// assigned is set once Run has assigned the partitions.
	assigned atomic.Bool
}

// publishEvery bounds how stale the published counters get while records
// arrive that never make a batch (all skipped).
const publishEvery = 1024

// record counts one record fetched, by what decoding it gave.
func (c *sourceCounters) record(m *kafka.Message, ok bool, err error) {
	c.records++
	c.bytes += int64(len(m.Key) + len(m.Value))
	switch {
	case err != nil:
		c.decodeErrors++
		c.publish() // the source stops on a decode error: publish it now
		return
	case !ok:
		c.skipped++
	}
	if c.unpublished++; c.unpublished >= publishEvery {
		c.publish()
	}
}

// publish makes the counters visible to other goroutines.
func (c *sourceCounters) publish() {
	c.unpublished = 0
	c.pubRecords.Store(c.records)
	c.pubBytes.Store(c.bytes)
	c.pubSkipped.Store(c.skipped)
	c.pubDecodeErrors.Store(c.decodeErrors)
}

// SourceStats implements metrics.SourceReporter. It is safe to call while
// Run polls: the consumer calls it makes take librdkafka's own locks and
// send nothing to the broker.
func (s *Source) SourceStats() metrics.SourceStats {
	st := metrics.SourceStats{
		RecordsRead:  s.stats.pubRecords.Load(),
		BytesRead:    s.stats.pubBytes.Load(),
		Skipped:      s.stats.pubSkipped.Load(),
		DecodeErrors: s.stats.pubDecodeErrors.Load(),
	}
	s.posMu.Lock()
	emitted, assignedAt := s.pos, s.assignedAt
	s.posMu.Unlock()
	_ = s.locked(func(c *kafka.Consumer) error {
		parts, err := c.Assignment()
		if err != nil || len(parts) == 0 {
			return nil
		}
		if pos, err := c.Position(parts); err == nil {
			parts = pos
		}
		for _, p := range parts {
			if p.Topic == nil {
				continue
			}
			ps := metrics.PartitionStats{Topic: *p.Topic, Partition: p.Partition, Position: -1, HighWatermark: -1}
			if p.Offset >= 0 {
				ps.Position = int64(p.Offset)
			}
			// Nothing polled yet on this partition (or a restart): the
			// position of the rows handed to the engine is the next best.
			tp := TopicPartition{Topic: *p.Topic, Partition: p.Partition}
			if off, ok := emitted[tp]; ok && off > ps.Position {
				ps.Position = off
			}
			lo, hi, err := c.GetWatermarkOffsets(*p.Topic, p.Partition)
			if err != nil {
				lo, hi = -1, -1
			}
			if hi >= 0 {
				ps.HighWatermark = hi
			}
			if ps.Position < 0 {
				ps.Position = unreadPosition(assignedAt[tp], lo, hi)
			}
			st.Partitions = append(st.Partitions, ps)
		}
		return nil
	})
	return st
}

// unreadPosition is the position of a partition nothing has been read
// from yet (restored at its end, a quiet topic): where it was assigned, or
// for a logical start the watermark it stands for, once the consumer has
// seen it; -1 when unknown.
func unreadPosition(assigned kafka.Offset, lo, hi int64) int64 {
	switch {
	case assigned >= 0:
		return int64(assigned)
	case assigned == kafka.OffsetBeginning && lo >= 0:
		return lo
	case assigned == kafka.OffsetEnd && hi >= 0:
		return hi
	}
	return -1
}

// Ready implements metrics.ReadinessReporter: a source is ready once its
// partitions are assigned (start offsets resolved).
func (s *Source) Ready() error {
	if s.stats.assigned.Load() {
		return nil
	}
	return errors.New("partitions not assigned yet (resolving topics and start offsets)")
}

// sinkCounters count what a sink delivers; the events goroutine adds to
// them once per delivery report, which librdkafka already batches.
type sinkCounters struct {
	delivered, errors atomic.Int64

	// Reachability is probed with a metadata request at most every
	// reachTTL, so that frequent /readyz probes cost nothing more.
	reachMu  sync.Mutex
	reachAt  time.Time
	reachErr error
}

const (
	reachTTL     = 5 * time.Second
	reachTimeout = 2 * time.Second
)

// delivery counts one delivery report.
func (c *sinkCounters) delivery(err error) {
	if err != nil {
		c.errors.Add(1)
		return
	}
	c.delivered.Add(1)
}

// SinkStats implements metrics.SinkReporter.
func (s *Sink) SinkStats() metrics.SinkStats {
	return metrics.SinkStats{Delivered: s.stats.delivered.Load(), Errors: s.stats.errors.Load()}
}

// Ready implements metrics.ReadinessReporter: the sink has not failed and
// a broker answers a metadata request. The engine never calls it once it
// has started closing the sink.
func (s *Sink) Ready() error {
	if err := s.failure(); err != nil {
		return err
	}
	c := &s.stats
	c.reachMu.Lock()
	defer c.reachMu.Unlock()
	if !c.reachAt.IsZero() && time.Since(c.reachAt) < reachTTL {
		return c.reachErr
	}
	_, err := s.producer.GetMetadata(nil, false, int(reachTimeout/time.Millisecond))
	c.reachAt, c.reachErr = time.Now(), nil
	if err != nil {
		c.reachErr = fmt.Errorf("no broker answers (%s): %w", s.cfg.props["bootstrap.servers"], err)
	}
	return c.reachErr
}
