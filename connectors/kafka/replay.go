package kafka

import (
	"context"
	"fmt"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/connectors"
)

// boundedReplay is the bounded mode of a Replay source: each partition
// stops at the offset of the checkpoint it replays up to. It is internal:
// no option selects it.
const boundedReplay boundedMode = "checkpoint-position"

// Replay implements connectors.Replayer: a new bounded source over the same
// table that reads each partition of position from its earliest offset
// (from the first record at or after since, when since is set) up to, not
// including, the offset position holds. Partitions position does not name
// are not read: the restored source reads them per its startup mode.
//
// The replay source never commits offsets (the engine does not call Commit
// on it) and assigns partitions without joining the consumer group, so it
// runs beside the restored source of the same group.
func (s *Source) Replay(position []byte, since time.Time) (connectors.Source, error) {
	var stop Offsets
	if err := stop.UnmarshalBinary(position); err != nil {
		return nil, fmt.Errorf("kafka source '%s': replay: reading the checkpoint's offsets: %w", s.cfg.name, err)
	}
	c, dec, err := checkSource(s.table)
	if err != nil {
		return nil, err
	}
	c.startup, c.bounded = "earliest-offset", boundedReplay
	if !since.IsZero() {
		c.startup, c.startupTS = "timestamp", since.UnixMilli()
	}
	r, err := buildSource(s.table, c, dec)
	if err != nil {
		return nil, fmt.Errorf("kafka source '%s': replay: %w", s.cfg.name, err)
	}
	r.replayStop = stop
	return r, nil
}

// replayStops is stopOffsets for a Replay source: the checkpoint's offsets,
// and for a partition the checkpoint does not name its start, so that
// nothing is read from it.
func (s *Source) replayStops(ctx context.Context, tps []TopicPartition, starts map[TopicPartition]kafka.Offset) (map[TopicPartition]int64, error) {
	out := map[TopicPartition]int64{}
	for _, tp := range tps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if off, ok := s.replayStop[tp]; ok {
			out[tp] = off
			continue
		}
		lo, _, err := s.watermarks(tp)
		if err != nil {
			return nil, err
		}
		out[tp], starts[tp] = lo, kafka.Offset(lo) // an empty split

	}
	return out, nil
}
