package devbroker

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/internal/kafkalog"
)

// TestLibrdkafka checks that librdkafka clients work against the embedded
// broker the way the kafka connector uses them: an idempotent producer, a
// consumer with explicitly assigned partitions, end-of-partition events,
// watermarks, offsets for times, and committing and reading back the
// offsets of a group that never joins (Flink's KafkaSource does the same).
func TestLibrdkafka(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Start(ctx, Config{Topics: map[string]int32{"t": 0}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	p, err := kafka.NewProducer(kafkalog.ForTest(t, kafka.ConfigMap{
		"bootstrap.servers":  b.Addr(),
		"enable.idempotence": true,
		"linger.ms":          1,
		"partitioner":        "murmur2_random",
		"log_level":          3,
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	topic := "t"
	before := time.Now().Add(-time.Second)
	const n = 20
	dr := make(chan kafka.Event, n)
	for i := 0; i < n; i++ {
		err := p.Produce(&kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: int32(i % 2)},
			Key:            []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprintf(`{"i":%d}`, i)),
		}, dr)
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		m := (<-dr).(*kafka.Message)
		if m.TopicPartition.Error != nil {
			t.Fatalf("delivery: %v", m.TopicPartition.Error)
		}
	}

	c, err := kafka.NewConsumer(kafkalog.ForTest(t, kafka.ConfigMap{
		"bootstrap.servers":    b.Addr(),
		"group.id":             "g",
		"enable.auto.commit":   false,
		"enable.partition.eof": true,
		"auto.offset.reset":    "error",
		"log_level":            3,
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	md, err := c.GetMetadata(&topic, false, 5000)
	if err != nil || len(md.Topics["t"].Partitions) != DefaultPartitions {
		t.Fatalf("metadata: %v %+v", err, md)
	}
	lo, hi, err := c.QueryWatermarkOffsets(topic, 1, 5000)
	if err != nil || lo != 0 || hi != n/2 {
		t.Fatalf("watermarks: %d %d %v", lo, hi, err)
	}
	ts, err := c.OffsetsForTimes([]kafka.TopicPartition{{Topic: &topic, Partition: 0, Offset: kafka.Offset(before.UnixMilli())}}, 5000)
	if err != nil || ts[0].Offset != 0 {
		t.Fatalf("offsets for times: %v %v", ts, err)
	}
	// No committed offset yet.
	com, err := c.Committed([]kafka.TopicPartition{{Topic: &topic, Partition: 0}}, 5000)
	if err != nil || com[0].Offset != kafka.OffsetInvalid {
		t.Fatalf("committed before commit: %v %v", com, err)
	}
	if err := c.Assign([]kafka.TopicPartition{{Topic: &topic, Partition: 0, Offset: kafka.OffsetBeginning}, {Topic: &topic, Partition: 1, Offset: 3}}); err != nil {
		t.Fatal(err)
	}
	got, eof := 0, map[int32]kafka.Offset{}
	for len(eof) < 2 && ctx.Err() == nil {
		switch e := c.Poll(100).(type) {
		case *kafka.Message:
			got++
		case kafka.PartitionEOF:
			eof[e.Partition] = e.Offset
		case kafka.Error:
			t.Fatalf("consumer: %v", e)
		}
	}
	if got != n-3 || eof[0] != n/2 || eof[1] != n/2 {
		t.Fatalf("consumed %d, eof %v", got, eof)
	}
	if _, err := c.CommitOffsets([]kafka.TopicPartition{{Topic: &topic, Partition: 0, Offset: 7}}); err != nil {
		t.Fatalf("commit: %v", err)
	}
	com, err = c.Committed([]kafka.TopicPartition{{Topic: &topic, Partition: 0}, {Topic: &topic, Partition: 1}}, 5000)
	if err != nil || com[0].Offset != 7 || com[1].Offset != kafka.OffsetInvalid {
		t.Fatalf("committed: %v %v", com, err)
	}
}

func TestPortAndClose(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	b, err := Start(ctx, Config{Port: port})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("127.0.0.1:%d", port); b.Addr() != want {
		t.Fatalf("Addr() = %q, want %q", b.Addr(), want)
	}
	// A second broker on the same port fails with an error, not a panic.
	if b2, err := Start(context.Background(), Config{Port: port}); err == nil {
		b2.Close()
		t.Fatal("second broker on the same port started")
	}
	// Clients given "localhost" reach it over IPv6 too when the host has ::1.
	if c, err := net.DialTimeout("tcp6", fmt.Sprintf("[::1]:%d", port), time.Second); err == nil {
		c.Close()
	} else if l6, err6 := net.Listen("tcp6", "[::1]:0"); err6 == nil {
		l6.Close()
		t.Fatalf("::1 is available but the broker does not listen there: %v", err)
	}
	cancel() // ctx cancellation stops the broker; Close still returns.
	b.Close()
	b.Close()
	if c, err := net.DialTimeout("tcp", b.Addr(), time.Second); err == nil {
		c.Close()
		t.Fatal("broker still listening after Close")
	}
	if _, err := Start(context.Background(), Config{Port: -1}); err == nil {
		t.Fatal("negative port accepted")
	}
}
