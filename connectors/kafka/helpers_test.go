package kafka

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/kafkalog"
)

// The tests run against a real Kafka-protocol broker over TCP (the embedded
// devbroker); they never skip.

var txSchema = types.Schema{
	{Name: "account_id", Type: types.BigInt},
	{Name: "transaction_id", Type: types.Varchar(16)},
	{Name: "amount", Type: types.DecimalType(10, 2)},
	{Name: "ts", Type: types.TimestampType(3)},
}

func startBroker(t *testing.T, cfg devbroker.Config) *devbroker.Broker {
	t.Helper()
	b, err := devbroker.Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

func testLogger(t *testing.T) *zap.Logger {
	return zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))
}

func table(t *testing.T, name string, schema types.Schema, opts map[string]string, meta ...connectors.MetadataColumn) connectors.Table {
	// A short fetch wait: closing a consumer waits for its last fetch.
	o := map[string]string{"connector": "kafka", "properties.fetch.wait.max.ms": "50"}
	for k, v := range opts {
		o[k] = v
	}
	return connectors.Table{Name: name, Schema: schema, Metadata: meta, Options: o,
		Formats: formats.NewRegistry(testJSON{}), Logger: testLogger(t)}
}

// record is one record to produce.
type record struct {
	partition  int32
	key, value []byte
	ts         time.Time
}

func txValue(acct int64, id, amount, ts string) []byte {
	return []byte(fmt.Sprintf(`{"account_id": %d, "transaction_id": %q, "amount": %s, "ts": %q}`, acct, id, amount, ts))
}

// produce writes records to explicit partitions and waits for them.
func produce(t *testing.T, addr, topic string, recs ...record) {
	t.Helper()
	// Large enough for the large-record tests; the broker keeps its own limit.
	p, err := kafka.NewProducer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "linger.ms": 0, "log_level": 3, "message.max.bytes": 10000000}))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	dr := make(chan kafka.Event, len(recs))
	for _, r := range recs {
		m := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: r.partition}, Key: r.key, Value: r.value, Timestamp: r.ts}
		if err := p.Produce(m, dr); err != nil {
			t.Fatal(err)
		}
	}
	for range recs {
		if m := (<-dr).(*kafka.Message); m.TopicPartition.Error != nil {
			t.Fatalf("produce: %v", m.TopicPartition.Error)
		}
	}
}

// consumeRaw reads n records of a topic from the beginning.
func consumeRaw(t *testing.T, addr, topic string, partitions int32, n int) []*kafka.Message {
	t.Helper()
	c, err := kafka.NewConsumer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "group.id": "raw", "log_level": 3, "fetch.wait.max.ms": 50}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Leaders known before assigning: librdkafka otherwise waits for its
	// offset-query retry timer.
	if _, err := c.GetMetadata(&topic, false, 5000); err != nil {
		t.Fatal(err)
	}
	var tps []kafka.TopicPartition
	for p := int32(0); p < partitions; p++ {
		tps = append(tps, kafka.TopicPartition{Topic: &topic, Partition: p, Offset: kafka.OffsetBeginning})
	}
	if err := c.Assign(tps); err != nil {
		t.Fatal(err)
	}
	var out []*kafka.Message
	deadline := time.Now().Add(10 * time.Second)
	for len(out) < n && time.Now().Before(deadline) {
		if m, ok := c.Poll(100).(*kafka.Message); ok && m.TopicPartition.Error == nil {
			out = append(out, m)
		}
	}
	if len(out) != n {
		t.Fatalf("read %d records of %s, want %d", len(out), topic, n)
	}
	return out
}

func newSource(t *testing.T, tbl connectors.Table) *Source {
	t.Helper()
	src, err := Factory{}.NewSource(tbl)
	if err != nil {
		t.Fatalf("NewSource: %v", err)
	}
	t.Cleanup(func() { _ = src.Close() })
	return src.(*Source)
}

// runBounded runs a bounded source to its end and returns its rows.
func runBounded(t *testing.T, src *Source) []types.Row {
	t.Helper()
	rows, err := runBoundedErr(src)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rows
}

func runBoundedErr(src *Source) ([]types.Row, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var rows []types.Row
	err := src.Run(ctx, func(_ context.Context, b connectors.Batch) error {
		rows = append(rows, b.Rows...)
		return nil
	})
	if errors.Is(err, context.DeadlineExceeded) {
		return rows, fmt.Errorf("bounded source did not finish: %w", err)
	}
	return rows, err
}

// collector runs an unbounded source in the background.
type collector struct {
	mu     sync.Mutex
	rows   []types.Row
	pos    []any
	cancel context.CancelFunc
	done   chan error
}

func runUnbounded(src *Source) *collector {
	ctx, cancel := context.WithCancel(context.Background())
	c := &collector{cancel: cancel, done: make(chan error, 1)}
	go func() {
		c.done <- src.Run(ctx, func(_ context.Context, b connectors.Batch) error {
			c.mu.Lock()
			c.rows = append(c.rows, b.Rows...)
			c.pos = append(c.pos, b.Position)
			c.mu.Unlock()
			return nil
		})
	}()
	return c
}

// waitRows waits until n rows arrived and returns them.
func (c *collector) waitRows(t *testing.T, n int) []types.Row {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		got := len(c.rows)
		rows := append([]types.Row(nil), c.rows...)
		c.mu.Unlock()
		if got >= n {
			return rows
		}
		select {
		case err := <-c.done:
			t.Fatalf("source stopped after %d rows: %v", got, err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("timed out waiting for %d rows", n)
	return nil
}

func (c *collector) stop(t *testing.T) error {
	t.Helper()
	c.cancel()
	select {
	case err := <-c.done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("source did not stop after cancellation")
	}
	return nil
}

// waitAssigned waits until the source has assigned its partitions (start
// offsets are resolved before that).
func waitAssigned(t *testing.T, src *Source, partitions int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		_ = src.locked(func(c *kafka.Consumer) error {
			as, err := c.Assignment()
			if err == nil {
				n = len(as)
			}
			return nil
		})
		if n == partitions {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("partitions not assigned in time")
}

// show renders a value for comparisons.
func show(v types.Value) string {
	switch v.Kind() {
	case types.KindNull:
		return "null"
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		return fmt.Sprint(v.Int())
	case types.KindDecimal:
		return v.Decimal().PlainString()
	case types.KindTimestamp:
		return v.Timestamp().Time().Format("2006-01-02 15:04:05.999999")
	case types.KindTimestampLTZ:
		return fmt.Sprintf("ltz(%d)", v.Timestamp().UnixMilli())
	default:
		return v.Str()
	}
}

func showRow(r types.Row) string {
	parts := make([]string, len(r.Fields))
	for i, v := range r.Fields {
		parts[i] = show(v)
	}
	return r.Kind.String() + "[" + strings.Join(parts, ", ") + "]"
}

// showRows renders rows sorted: sources interleave partitions freely.
func showRows(rows []types.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = showRow(r)
	}
	sort.Strings(out)
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// murmur2 is Kafka's Utils.murmur2, which the Java producer's default
// partitioner uses: partition = toPositive(murmur2(key)) % partitions.
func murmur2(data []byte) int32 {
	length := len(data)
	const seed uint32 = 0x9747b28c
	const m uint32 = 0x5bd1e995
	const r = 24
	h := seed ^ uint32(length)
	for i := 0; i+4 <= length; i += 4 {
		k := uint32(data[i]) | uint32(data[i+1])<<8 | uint32(data[i+2])<<16 | uint32(data[i+3])<<24
		k *= m
		k ^= k >> r
		k *= m
		h *= m
		h ^= k
	}
	tail := length &^ 3
	switch length % 4 {
	case 3:
		h ^= uint32(data[tail+2]) << 16
		fallthrough
	case 2:
		h ^= uint32(data[tail+1]) << 8
		fallthrough
	case 1:
		h ^= uint32(data[tail])
		h *= m
	}
	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return int32(h)
}

func javaPartition(key []byte, partitions int32) int32 {
	return (murmur2(key) & 0x7fffffff) % partitions
}
