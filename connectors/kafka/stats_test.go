package kafka

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/metrics"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/kafkalog"
)

// waitStats polls SourceStats until cond holds.
func waitStats(t *testing.T, src *Source, what string, cond func(metrics.SourceStats) bool) metrics.SourceStats {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		st := src.SourceStats()
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last stats %+v", what, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func partitionStats(st metrics.SourceStats, p int32) metrics.PartitionStats {
	for _, ps := range st.Partitions {
		if ps.Partition == p {
			return ps
		}
	}
	return metrics.PartitionStats{Position: -1, HighWatermark: -1}
}

// TestSourceStats counts records read, bytes, skipped records and reports
// positions, high watermarks and readiness.
func TestSourceStats(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx": 2}})
	good := txValue(1, "A", "1", "2023-08-10 12:00:00")
	bad := []byte(`{"account_id": "x"}`)
	produce(t, b.Addr(), "tx",
		record{partition: 0, value: good},
		record{partition: 0, value: nil}, // tombstone: skipped
		record{partition: 0, value: bad}, // ignored parse error: skipped
		record{partition: 0, value: good},
		record{partition: 1, key: []byte("k"), value: good})
	src := newSource(t, table(t, "tx", txSchema, map[string]string{"topic": "tx", "properties.bootstrap.servers": b.Addr(),
		"format": "json", "json.ignore-parse-errors": "true", "scan.startup.mode": "earliest-offset"}))
	if err := src.Ready(); err == nil {
		t.Fatal("Ready before Run: want not ready")
	}
	c := runUnbounded(src)
	defer func() { _ = c.stop(t) }()
	c.waitRows(t, 3)
	if err := src.Ready(); err != nil {
		t.Fatalf("Ready while running: %v", err)
	}
	st := waitStats(t, src, "5 records read", func(st metrics.SourceStats) bool {
		return st.RecordsRead == 5 && len(st.Partitions) == 2 &&
			partitionStats(st, 0).HighWatermark == 4 && partitionStats(st, 1).HighWatermark == 1
	})
	wantBytes := int64(3*len(good) + len(bad) + 1)
	if st.BytesRead != wantBytes || st.Skipped != 2 || st.DecodeErrors != 0 {
		t.Errorf("bytes %d (want %d), skipped %d (want 2), decode errors %d (want 0)", st.BytesRead, wantBytes, st.Skipped, st.DecodeErrors)
	}
	for p, want := range map[int32]int64{0: 4, 1: 1} {
		ps := partitionStats(st, p)
		if ps.Topic != "tx" || ps.Position != want || ps.Lag() != 0 {
			t.Errorf("partition %d: %+v, want position %d and lag 0", p, ps, want)
		}
	}
}

// TestSourceLag: while the engine holds a batch (backpressure), records
// produced meanwhile show as lag; once released, the lag drains to 0.
func TestSourceLag(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"lag": 1}})
	v := txValue(1, "A", "1", "2023-08-10 12:00:00")
	produce(t, b.Addr(), "lag", record{partition: 0, value: v})
	src := newSource(t, table(t, "lag", txSchema, map[string]string{"topic": "lag", "properties.bootstrap.servers": b.Addr(),
		"format": "json", "scan.startup.mode": "earliest-offset"}))
	entered, release := make(chan struct{}, 1), make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		first := true
		done <- src.Run(ctx, func(ctx context.Context, _ connectors.Batch) error {
			if first {
				first = false
				entered <- struct{}{}
				select {
				case <-release:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}()
	defer func() {
		cancel()
		<-done
	}()
	select {
	case <-entered:
	case <-time.After(15 * time.Second):
		t.Fatal("no batch emitted")
	}
	var recs []record
	for range 20 {
		recs = append(recs, record{partition: 0, value: v})
	}
	produce(t, b.Addr(), "lag", recs...)
	// The consumer keeps fetching into its queue while the job holds the
	// batch, so the high watermark moves and the position does not.
	st := waitStats(t, src, "lag 20", func(st metrics.SourceStats) bool { return partitionStats(st, 0).Lag() == 20 })
	if ps := partitionStats(st, 0); ps.Position != 1 || ps.HighWatermark != 21 {
		t.Fatalf("while blocked: %+v, want position 1, high watermark 21", ps)
	}
	close(release)
	waitStats(t, src, "lag 0", func(st metrics.SourceStats) bool {
		ps := partitionStats(st, 0)
		return ps.Lag() == 0 && ps.Position == 21
	})
}

// TestSinkStats counts deliveries and delivery errors, and readiness
// follows a failed delivery.
func TestSinkStats(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"out": 1}})
	sink := newSink(t, table(t, "out", txSchema, map[string]string{"topic": "out", "properties.bootstrap.servers": b.Addr(), "format": "json"}))
	writeAll(t, sink, []types.Row{txRow(1, "X", "1", "2023-08-10 12:00:00"), txRow(2, "Y", "2", "2023-08-10 12:00:00")})
	if st := sink.SinkStats(); st.Delivered != 2 || st.Errors != 0 {
		t.Fatalf("stats %+v, want 2 delivered, 0 errors", st)
	}
	if err := sink.Ready(); err != nil {
		t.Fatalf("Ready: %v", err)
	}

	failing := newSink(t, table(t, "missing", txSchema, map[string]string{"topic": "missing", "properties.bootstrap.servers": b.Addr(),
		"format": "json", "properties.delivery.timeout.ms": "300"}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := failing.Write(ctx, []types.Row{txRow(1, "X", "1", "2023-08-10 12:00:00")}); err != nil {
		t.Fatal(err)
	}
	if err := failing.Flush(ctx); err == nil {
		t.Fatal("Flush to a missing topic succeeded")
	}
	if st := failing.SinkStats(); st.Delivered != 0 || st.Errors != 1 {
		t.Fatalf("stats %+v, want 0 delivered, 1 error", st)
	}
	if err := failing.Ready(); err == nil {
		t.Fatal("Ready after a failed delivery: want not ready")
	}
}

// BenchmarkSourceStats measures what a /metrics scrape costs per Kafka
// source (2 partitions): no broker round trip, only local client state.
func BenchmarkSourceStats(b *testing.B) {
	broker, err := devbroker.Start(context.Background(), devbroker.Config{Topics: map[string]int32{"tx": 2}})
	if err != nil {
		b.Fatal(err)
	}
	defer broker.Close()
	p, err := kafka.NewProducer(kafkalog.ForTest(b, kafka.ConfigMap{"bootstrap.servers": broker.Addr(), "log_level": 3}))
	if err != nil {
		b.Fatal(err)
	}
	topic := "tx"
	dr := make(chan kafka.Event, 2)
	for part := range int32(2) {
		m := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: part},
			Value: txValue(1, fmt.Sprint(part), "1", "2023-08-10 12:00:00")}
		if err := p.Produce(m, dr); err != nil {
			b.Fatal(err)
		}
	}
	for range 2 {
		if m := (<-dr).(*kafka.Message); m.TopicPartition.Error != nil {
			b.Fatal(m.TopicPartition.Error)
		}
	}
	p.Close()
	s, err := Factory{}.NewSource(connectors.Table{Name: "tx", Schema: txSchema, Formats: formats.NewRegistry(testJSON{}),
		Options: map[string]string{"connector": "kafka", "topic": "tx", "properties.bootstrap.servers": broker.Addr(),
			"format": "json", "scan.startup.mode": "earliest-offset", "properties.fetch.wait.max.ms": "50"}})
	if err != nil {
		b.Fatal(err)
	}
	src := s.(*Source)
	defer src.Close()
	c := runUnbounded(src)
	defer c.cancel()
	deadline := time.Now().Add(15 * time.Second)
	for st := src.SourceStats(); len(st.Partitions) < 2 || partitionStats(st, 0).Position < 1 || partitionStats(st, 1).Position < 1; st = src.SourceStats() {
		if time.Now().After(deadline) {
			b.Fatalf("partitions not read in time: %+v", st)
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.ResetTimer()
	for b.Loop() {
		if st := src.SourceStats(); len(st.Partitions) != 2 {
			b.Fatalf("%d partitions", len(st.Partitions))
		}
	}
}

// TestRestoredPartitionStats: partitions restored from a checkpoint show
// their position and lag from the start, before any record of theirs is
// read: here both resume at their end, so nothing is ever read, and the
// dashboard showed "–" for them for as long as the topic stayed quiet.
func TestRestoredPartitionStats(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"rs": 3}})
	v := txValue(1, "A", "1", "2023-08-10 12:00:00")
	produce(t, b.Addr(), "rs", record{partition: 0, value: v}, record{partition: 0, value: v},
		record{partition: 1, value: v}, record{partition: 1, value: v}, record{partition: 1, value: v})
	src := newSource(t, table(t, "rs", txSchema, map[string]string{"topic": "rs", "properties.bootstrap.servers": b.Addr(),
		"format": "json", "scan.startup.mode": "earliest-offset"}))
	pos, err := src.EncodePosition(Offsets{{Topic: "rs", Partition: 0}: 2, {Topic: "rs", Partition: 1}: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Restore(pos); err != nil {
		t.Fatal(err)
	}
	c := runUnbounded(src)
	defer func() { _ = c.stop(t) }()
	waitStats(t, src, "restored positions and lag 0", func(st metrics.SourceStats) bool {
		p0, p1 := partitionStats(st, 0), partitionStats(st, 1)
		// Partition 2 is empty and not in the checkpoint: it starts at the
		// earliest offset, 0.
		p2 := partitionStats(st, 2)
		return p0.Position == 2 && p0.Lag() == 0 && p1.Position == 3 && p1.Lag() == 0 && p2.Position == 0 && p2.Lag() == 0
	})
}

func TestUnreadPosition(t *testing.T) {
	for _, tc := range []struct {
		assigned kafka.Offset
		lo, hi   int64
		want     int64
	}{
		{5, -1, -1, 5},
		{5, 0, 9, 5},
		{kafka.OffsetBeginning, 3, 9, 3},
		{kafka.OffsetBeginning, -1, 9, -1},
		{kafka.OffsetEnd, 3, 9, 9},
		{kafka.OffsetEnd, -1, -1, -1},
		{kafka.OffsetInvalid, 3, 9, -1},
	} {
		if got := unreadPosition(tc.assigned, tc.lo, tc.hi); got != tc.want {
			t.Errorf("unreadPosition(%v, %d, %d) = %d, want %d", tc.assigned, tc.lo, tc.hi, got, tc.want)
		}
	}
}
