// Command kcopy is the practical limit Sluice is measured against: a raw
// Go + librdkafka (confluent-kafka-go) program that consumes the input
// topics from the beginning up to their end at start (a bounded read, as
// the benchmark's 'scan.bounded.mode' = 'latest-offset') and produces every
// record unchanged — key and value — to one output topic. No decoding, no
// join, no encoding: only what any Kafka-to-Kafka program must do.
//
// Its client settings are the Kafka connector's (connectors/kafka
// tuning.go, source.go and sink.go): assigned partitions without a group,
// partition EOF events, read_uncommitted and the connector's fetch-queue
// back-off on the consumer; an idempotent producer with acks=all,
// murmur2_random and the connector's linger and delivery-report settings
// (by default only failed deliveries are reported; the end waits for the
// producer's queue to drain, as the sink's Flush does). Extra settings can
// be given as -consumer k=v,k=v and -producer k=v,k=v, so the copy and
// Sluice can be compared under the same tuning; -dr all reports every
// delivery and counts records in flight, as the sink did before.
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
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	sluicekafka "github.com/sluice-sql/sluice/connectors/kafka"
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
		// confluent-kafka-go's own go.* settings are typed (an int channel
		// size, a bool); librdkafka's take strings.
		if strings.HasPrefix(k, "go.") {
			if n, err := strconv.Atoi(v); err == nil {
				into[k] = n
				continue
			}
			if b, err := strconv.ParseBool(v); err == nil {
				into[k] = b
				continue
			}
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
	dr := flag.String("dr", "all", "delivery reports: errors (failed deliveries only, drain at the end) or all (one per record, counted in flight)")
	consumeOnly := flag.Bool("consume-only", false, "read the records and drop them (the consumer's share of the limit)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the copy")
	flag.Parse()
	if *in == "" || (*out == "" && !*consumeOnly) {
		return errors.New("-in and -out are required")
	}
	if *dr != "errors" && *dr != "all" {
		return fmt.Errorf("-dr %q: want errors or all", *dr)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
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
	for k, v := range sluicekafka.ConsumerTuning() {
		ccm[k] = v
	}
	if err := parseKV(*consumerExtra, ccm); err != nil {
		return err
	}
	pcm := kafka.ConfigMap{
		"bootstrap.servers": *bootstrap,
		"partitioner":       "murmur2_random",
		"acks":              "all",
	}
	for k, v := range sluicekafka.ProducerTuning() {
		pcm[k] = v
	}
	pcm["enable.idempotence"] = true
	if *dr == "errors" {
		// Measurement only: confluent-kafka-go refuses
		// delivery.report.only.error, and without delivery reports it drops
		// failures unseen (see the sink).
		pcm["go.delivery.reports"] = false
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

	// Delivery accounting. With -dr all, as the Kafka sink did before:
	// every delivery report decrements the in-flight count. With -dr
	// errors only failures arrive, and the end drains the producer.
	var (
		mu        sync.Mutex
		inflight  int64
		delivErr  error
		delivered = make(chan struct{}, 1)
		events    sync.WaitGroup
	)
	events.Add(1)
	go func() {
		defer events.Done()
		for ev := range p.Events() {
			var err error
			switch e := ev.(type) {
			case *kafka.Message:
				err = e.TopicPartition.Error
			case kafka.Error:
				if e.IsFatal() {
					err = e
				}
			}
			mu.Lock()
			if err != nil && delivErr == nil {
				delivErr = err
			}
			if _, ok := ev.(*kafka.Message); ok && *dr == "all" {
				inflight--
				if inflight == 0 {
					select {
					case delivered <- struct{}{}:
					default:
					}
				}
			}
			mu.Unlock()
		}
	}()

	outTopic := *out
	// The consumer runs on a goroutine of its own and hands over batches of
	// up to 1000 records, as the Kafka source hands batches to Sluice's job
	// loop: consuming and producing overlap on the two cores (round 2's
	// copy polled and produced on one goroutine).
	batches := make(chan []*kafka.Message, 2)
	consumeErr := make(chan error, 1)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(batches)
		consumeErr <- consume(cctx, c, stops, len(assign), batches)
	}()
	var records int64
	for batch := range batches {
		for _, e := range batch {
			if !*consumeOnly {
				if err := produce(ctx, p, &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &outTopic, Partition: kafka.PartitionAny},
					Key: e.Key, Value: e.Value}, *dr == "all", &mu, &inflight); err != nil {
					return err
				}
			}
			records++
		}
	}
	if err := <-consumeErr; err != nil {
		return err
	}
	if *dr == "all" {
		for {
			mu.Lock()
			n := inflight
			mu.Unlock()
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
	} else {
		// Flush returns when librdkafka holds no more records (acknowledged
		// or failed) and the failures are in the events channel.
		for p.Flush(100) > 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	el := time.Since(start)
	p.Close() // closes Events: the reader has seen every failure
	events.Wait()
	if delivErr != nil {
		return fmt.Errorf("delivery: %w", delivErr)
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"records": records, "elapsed_s": el.Seconds()})
}

// consume reads every assigned partition up to its stop offset and sends the
// records in batches.
func consume(ctx context.Context, c *kafka.Consumer, stops map[string]map[int32]int64, remaining int,
	out chan<- []*kafka.Message) error {
	const maxBatch = 1000
	var batch []*kafka.Message
	send := func() error {
		if len(batch) == 0 {
			return nil
		}
		select {
		case out <- batch:
			batch = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for remaining > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		timeout := 100
		if len(batch) > 0 {
			timeout = 0 // a batch ends when nothing more is at hand
		}
		switch e := c.Poll(timeout).(type) {
		case nil:
			if err := send(); err != nil {
				return err
			}
		case *kafka.Message:
			if e.TopicPartition.Error != nil {
				return fmt.Errorf("consume: %w", e.TopicPartition.Error)
			}
			stop := stops[*e.TopicPartition.Topic][e.TopicPartition.Partition]
			off := int64(e.TopicPartition.Offset)
			if off >= stop {
				continue
			}
			batch = append(batch, e)
			if off+1 == stop {
				remaining--
			}
			if len(batch) >= maxBatch {
				if err := send(); err != nil {
					return err
				}
			}
		case kafka.PartitionEOF:
			// A partition already at its end (its records read) was counted with its last record.
		case kafka.Error:
			if e.IsFatal() {
				return e
			}
		}
	}
	return send()
}

// produce hands one record to the producer, waiting while its queue is full.
func produce(ctx context.Context, p *kafka.Producer, m *kafka.Message, count bool, mu *sync.Mutex, inflight *int64) error {
	for {
		if count {
			mu.Lock()
			*inflight++
			mu.Unlock()
		}
		err := p.Produce(m, nil)
		if err == nil {
			return nil
		}
		if count {
			mu.Lock()
			*inflight--
			mu.Unlock()
		}
		var ke kafka.Error
		if !errors.As(err, &ke) || ke.Code() != kafka.ErrQueueFull {
			return fmt.Errorf("produce: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}
