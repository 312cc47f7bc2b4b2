// Command kcopy is the practical limit Sluice is measured against: a raw
// Go + librdkafka (confluent-kafka-go) program that consumes the input
// topics from the beginning up to their end at start (a bounded read, as
// the benchmark's 'scan.bounded.mode' = 'latest-offset') and produces every
// record unchanged — key and value — to one output topic. No decoding, no
// join, no encoding: only what any Kafka-to-Kafka program must do.
//
// Its client settings are the Kafka connector's (connectors/kafka source.go
// and sink.go): assigned partitions without a group, partition EOF events,
// read_uncommitted; an idempotent producer with acks=all, murmur2_random,
// linger 5 ms, delivery reports without payloads. Extra settings can be
// given as -consumer k=v,k=v and -producer k=v,k=v, so the copy and Sluice
// can be compared under the same tuning.
//
//	kcopy -bootstrap 127.0.0.1:9092 -in transactions,flagged-accounts -out copy
//
// It prints one JSON line: {"records":…,"elapsed_s":…}.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "kcopy:", err)
		os.Exit(1)
	}
}

func parseKV(s string, into kafka.ConfigMap) error {
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("setting %q is not key=value", kv)
		}
		into[k] = v
	}
	return nil
}

func run() error {
	bootstrap := flag.String("bootstrap", "127.0.0.1:9092", "broker list")
	in := flag.String("in", "", "comma-separated input topics")
	out := flag.String("out", "", "output topic")
	consumerExtra := flag.String("consumer", "", "extra consumer settings k=v,k=v")
	producerExtra := flag.String("producer", "", "extra producer settings k=v,k=v")
	flag.Parse()
	if *in == "" || *out == "" {
		return errors.New("-in and -out are required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()

	ccm := kafka.ConfigMap{
		"bootstrap.servers":        *bootstrap,
		"group.id":                 fmt.Sprintf("kcopy-%d", time.Now().UnixNano()),
		"enable.auto.commit":       false,
		"enable.auto.offset.store": false,
		"enable.partition.eof":     true,
		"auto.offset.reset":        "earliest",
		"allow.auto.create.topics": false,
		"isolation.level":          "read_uncommitted",
	}
	if err := parseKV(*consumerExtra, ccm); err != nil {
		return err
	}
	pcm := kafka.ConfigMap{
		"bootstrap.servers":         *bootstrap,
		"go.delivery.report.fields": "none",
		"partitioner":               "murmur2_random",
		"linger.ms":                 5,
		"acks":                      "all",
		"enable.idempotence":        true,
	}
	if err := parseKV(*producerExtra, pcm); err != nil {
		return err
	}
	c, err := kafka.NewConsumer(&ccm)
	if err != nil {
		return fmt.Errorf("consumer: %w", err)
	}
	defer c.Close()
	p, err := kafka.NewProducer(&pcm)
	if err != nil {
		return fmt.Errorf("producer: %w", err)
	}
	defer p.Close()

	// Stop offsets: each partition's end when the copy starts.
	stops := map[string]map[int32]int64{}
	var assign []kafka.TopicPartition
	for _, topic := range strings.Split(*in, ",") {
		md, err := c.GetMetadata(&topic, false, 10000)
		if err != nil {
			return fmt.Errorf("metadata of %s: %w", topic, err)
		}
		stops[topic] = map[int32]int64{}
		for _, part := range md.Topics[topic].Partitions {
			_, hi, err := c.QueryWatermarkOffsets(topic, part.ID, 10000)
			if err != nil {
				return fmt.Errorf("end offset of %s-%d: %w", topic, part.ID, err)
			}
			if hi > 0 {
				stops[topic][part.ID] = hi
				assign = append(assign, kafka.TopicPartition{Topic: &topic, Partition: part.ID, Offset: kafka.OffsetBeginning})
			}
		}
	}
	if err := c.Assign(assign); err != nil {
		return fmt.Errorf("assign: %w", err)
	}

	// Delivery accounting, as the Kafka sink's.
	var (
		mu        sync.Mutex
		inflight  int64
		delivErr  error
		delivered = make(chan struct{}, 1)
	)
	go func() {
		for ev := range p.Events() {
			if m, ok := ev.(*kafka.Message); ok {
				mu.Lock()
				if m.TopicPartition.Error != nil && delivErr == nil {
					delivErr = m.TopicPartition.Error
				}
				inflight--
				if inflight == 0 {
					select {
					case delivered <- struct{}{}:
					default:
					}
				}
				mu.Unlock()
			}
		}
	}()

	outTopic := *out
	remaining := len(assign)
	var records int64
	for remaining > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch e := c.Poll(100).(type) {
		case *kafka.Message:
			if e.TopicPartition.Error != nil {
				return fmt.Errorf("consume: %w", e.TopicPartition.Error)
			}
			stop := stops[*e.TopicPartition.Topic][e.TopicPartition.Partition]
			off := int64(e.TopicPartition.Offset)
			if off >= stop {
				continue
			}
			m := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &outTopic, Partition: kafka.PartitionAny},
				Key: e.Key, Value: e.Value}
			for {
				mu.Lock()
				inflight++
				mu.Unlock()
				err := p.Produce(m, nil)
				if err == nil {
					break
				}
				mu.Lock()
				inflight--
				mu.Unlock()
				var ke kafka.Error
				if !errors.As(err, &ke) || ke.Code() != kafka.ErrQueueFull {
					return fmt.Errorf("produce: %w", err)
				}
				time.Sleep(time.Millisecond)
			}
			records++
			if off+1 == stop {
				remaining--
			}
		case kafka.PartitionEOF:
			// A partition already at its end (its records read) was counted with its last record.
		case kafka.Error:
			if e.IsFatal() {
				return e
			}
		}
	}
	for {
		mu.Lock()
		n, derr := inflight, delivErr
		mu.Unlock()
		if derr != nil {
			return fmt.Errorf("delivery: %w", derr)
		}
		if n == 0 {
			break
		}
		select {
		case <-delivered:
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	el := time.Since(start)
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"records": records, "elapsed_s": el.Seconds()})
}
