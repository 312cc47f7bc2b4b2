//go:build integration

package integration

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/internal/kafkalog"
	"github.com/sluice-sql/sluice/internal/testserver"
)

const (
	envBootstrap = "SLUICE_KAFKA_BOOTSTRAP"
	envSkip      = "SLUICE_SKIP_KAFKA"

	// testTimeout bounds every test; each one is far below it here.
	testTimeout = 50 * time.Second
)

// TestMain announces a skipped run loudly and checks, after the tests, that
// every client was closed: librdkafka clients own goroutines until Close.
func TestMain(m *testing.M) {
	if os.Getenv(envBootstrap) == "" && os.Getenv(envSkip) != "" {
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING the real-Kafka integration tests: %s=%q ***\n\n", envSkip, os.Getenv(envSkip))
	}
	before := runtime.NumGoroutine()
	code := m.Run()
	removeBuild()
	if code == 0 {
		if err := waitGoroutines(before, 5*time.Second); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// waitGoroutines waits until no more goroutines run than at the start.
func waitGoroutines(want int, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		n := runtime.NumGoroutine()
		if n <= want {
			return nil
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			return fmt.Errorf("goroutine leak: %d goroutines after the tests, %d before:\n%s", n, want, buf)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// bootstrap returns the broker address, failing (or skipping, when
// SLUICE_SKIP_KAFKA gives a reason) when none is configured.
func bootstrap(t *testing.T) string {
	t.Helper()
	return testserver.Server{What: "a real Kafka broker (go test -tags integration ./integration/...)", EnvAddr: envBootstrap,
		EnvSkip: envSkip, Script: "scripts/kafka-local.sh"}.Addr(t)
}

// testContext is cancelled when the test ends or after testTimeout.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// untilDeadline is the time left before ctx's deadline, for the librdkafka
// calls that take a timeout instead of a context.
func untilDeadline(ctx context.Context) time.Duration {
	if d, ok := ctx.Deadline(); ok {
		return time.Until(d)
	}
	return testTimeout
}

// config is a client configuration for the broker with the given extras.
// Clients log into t (kafkalog): the outage tests make librdkafka log a lot.
func config(addr string, extra kafka.ConfigMap) kafka.ConfigMap {
	cm := kafka.ConfigMap{"bootstrap.servers": addr, "broker.address.family": "v4"}
	for k, v := range extra {
		cm[k] = v
	}
	return cm
}

func newAdmin(t *testing.T, addr string) *kafka.AdminClient {
	t.Helper()
	a, err := kafkalog.NewAdminForTest(t, config(addr, nil))
	if err != nil {
		t.Fatalf("creating the admin client: %v", err)
	}
	t.Cleanup(a.Close)
	return a
}

func newProducer(t *testing.T, addr string, extra kafka.ConfigMap) *kafka.Producer {
	t.Helper()
	p, err := kafka.NewProducer(kafkalog.ForTest(t, config(addr, extra)))
	if err != nil {
		t.Fatalf("creating a producer: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

func newConsumer(t *testing.T, addr, group string, extra kafka.ConfigMap) *kafka.Consumer {
	t.Helper()
	base := kafka.ConfigMap{"group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": false}
	for k, v := range extra {
		base[k] = v
	}
	c, err := kafka.NewConsumer(kafkalog.ForTest(t, config(addr, base)))
	if err != nil {
		t.Fatalf("creating a consumer for group %s: %v", group, err)
	}
	t.Cleanup(func() {
		if c.IsClosed() { // a test may close it early to leave the group
			return
		}
		if err := c.Close(); err != nil {
			t.Errorf("closing the consumer of group %s: %v", group, err)
		}
	})
	return c
}

var seq atomic.Int64

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9._-]+`)

// uniqueName is a topic or group name of its own for this test and run, so
// that tests never see each other's records on a broker that lives on.
func uniqueName(t *testing.T, kind string) string {
	base := strings.ToLower(unsafeName.ReplaceAllString(t.Name(), "-"))
	return fmt.Sprintf("sluice-it-%s-%s-%d-%d", kind, base, time.Now().UnixNano(), seq.Add(1))
}

// createTopic creates a new topic and deletes it when the test ends.
func createTopic(ctx context.Context, t *testing.T, admin *kafka.AdminClient, partitions int) string {
	t.Helper()
	topic := uniqueName(t, "topic")
	res, err := admin.CreateTopics(ctx,
		[]kafka.TopicSpecification{{Topic: topic, NumPartitions: partitions, ReplicationFactor: 1}},
		kafka.SetAdminOperationTimeout(10*time.Second))
	if err != nil {
		t.Fatalf("creating topic %s: %v", topic, err)
	}
	if len(res) != 1 || res[0].Error.Code() != kafka.ErrNoError {
		t.Fatalf("creating topic %s: %v", topic, res)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := admin.DeleteTopics(ctx, []string{topic}); err != nil {
			t.Logf("deleting topic %s: %v", topic, err)
		}
	})
	return topic
}

// record is one message as the tests write and read it.
type record struct {
	Key       string
	Value     []byte
	Partition int32
	Offset    kafka.Offset
}

// produceAll sends the records and waits until every one is acknowledged,
// returning them with the partition and offset the broker gave them.
func produceAll(ctx context.Context, p *kafka.Producer, topic string, recs []record) ([]record, error) {
	delivered, err := sendAll(p, topic, recs)
	if err != nil {
		return nil, err
	}
	return awaitDelivery(ctx, delivered, topic, recs)
}

// sendAll queues the records for topic; their delivery reports come on the
// returned channel.
func sendAll(p *kafka.Producer, topic string, recs []record) (chan kafka.Event, error) {
	delivered := make(chan kafka.Event, len(recs))
	for i, r := range recs {
		msg := &kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
			Key:            []byte(r.Key),
			Value:          r.Value,
			Opaque:         i,
		}
		if err := p.Produce(msg, delivered); err != nil {
			return nil, fmt.Errorf("producing record %d to %s: %w", i, topic, err)
		}
	}
	return delivered, nil
}

// awaitDelivery waits for the delivery reports of recs sent by sendAll.
func awaitDelivery(ctx context.Context, delivered chan kafka.Event, topic string, recs []record) ([]record, error) {
	out := make([]record, len(recs))
	for range recs {
		select {
		case ev := <-delivered:
			m, ok := ev.(*kafka.Message)
			if !ok {
				return nil, fmt.Errorf("unexpected delivery event %T: %v", ev, ev)
			}
			if m.TopicPartition.Error != nil {
				return nil, fmt.Errorf("delivering record %v to %s: %w", m.Opaque, topic, m.TopicPartition.Error)
			}
			i := m.Opaque.(int)
			out[i] = recs[i]
			out[i].Partition = m.TopicPartition.Partition
			out[i].Offset = m.TopicPartition.Offset
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for delivery reports from %s: %w", topic, ctx.Err())
		}
	}
	return out, nil
}

// readN reads exactly n records. With quiet > 0 it then keeps reading for
// that long and fails if anything more arrives.
func readN(ctx context.Context, c *kafka.Consumer, n int, quiet time.Duration) ([]record, error) {
	var out []record
	for len(out) < n {
		if ctx.Err() != nil {
			return out, fmt.Errorf("read %d of %d records: %w", len(out), n, ctx.Err())
		}
		m, err := c.ReadMessage(200 * time.Millisecond)
		if err != nil {
			var kerr kafka.Error
			if errors.As(err, &kerr) && kerr.IsTimeout() {
				continue
			}
			return out, fmt.Errorf("reading record %d of %d: %w", len(out)+1, n, err)
		}
		out = append(out, record{Key: string(m.Key), Value: m.Value, Partition: m.TopicPartition.Partition, Offset: m.TopicPartition.Offset})
	}
	for end := time.Now().Add(quiet); time.Now().Before(end); {
		m, err := c.ReadMessage(100 * time.Millisecond)
		if err == nil {
			return out, fmt.Errorf("expected %d records, got one more: key %q value %s at %v", n, m.Key, m.Value, m.TopicPartition)
		}
	}
	return out, nil
}

// assignAll assigns every partition of topic to c from the beginning
// (no group rebalance, so reading starts at once).
func assignAll(t *testing.T, c *kafka.Consumer, topic string, partitions int) {
	t.Helper()
	tps := make([]kafka.TopicPartition, partitions)
	for i := range tps {
		tps[i] = kafka.TopicPartition{Topic: &topic, Partition: int32(i), Offset: kafka.OffsetBeginning}
	}
	if err := c.Assign(tps); err != nil {
		t.Fatalf("assigning %s: %v", topic, err)
	}
}

// script runs scripts/kafka-local.sh with the given arguments.
func script(ctx context.Context, args ...string) (string, error) {
	path, err := filepath.Abs(filepath.Join("..", "scripts", "kafka-local.sh"))
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, path, args...)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("scripts/kafka-local.sh %s: %w\n%s", strings.Join(args, " "), err, ee.Stderr)
		}
		return "", fmt.Errorf("scripts/kafka-local.sh %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}
