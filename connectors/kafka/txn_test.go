package kafka

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/kafkalog"
)

// The exactly-once tests run on the embedded broker (kfake), which
// implements transactions, transactional offset commits and read_committed
// fetches; integration/ runs the same protocol against Apache Kafka.

func eoTable(t *testing.T, addr, prefix string) connectors.Table {
	return table(t, "out", txSchema, map[string]string{"topic": "out", "properties.bootstrap.servers": addr,
		"format": "json", "sink.delivery-guarantee": "exactly-once", "sink.transactional-id-prefix": prefix})
}

func newTxnSink(t *testing.T, tbl connectors.Table) TxnSink {
	t.Helper()
	s, err := Factory{}.NewSink(tbl)
	if err != nil {
		t.Fatalf("NewSink: %v", err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ts, ok := s.(TxnSink)
	if !ok {
		t.Fatalf("an exactly-once sink is a %T, not a TxnSink", s)
	}
	return ts
}

func rowsNamed(prefix string, n int) []types.Row {
	var rows []types.Row
	for i := range n {
		rows = append(rows, txRow(int64(1000000001+i), fmt.Sprintf("%s%02d", prefix, i), "1.5", "2023-08-10 12:00:00"))
	}
	return rows
}

// readTopic reads every record of a topic that a consumer with the given
// isolation level sees, waiting until the count stays put; it returns the
// transaction ids of the values, sorted.
func readTopic(t *testing.T, addr, topic string, partitions int32, isolation string, want int) []string {
	t.Helper()
	c, err := kafka.NewConsumer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "group.id": "reader-" + isolation,
		"isolation.level": isolation, "log_level": 3, "fetch.wait.max.ms": 50, "enable.auto.commit": false}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.GetMetadata(&topic, false, 5000); err != nil {
		t.Fatal(err)
	}
	var tps []kafka.TopicPartition
	for p := range partitions {
		tps = append(tps, kafka.TopicPartition{Topic: &topic, Partition: p, Offset: kafka.OffsetBeginning})
	}
	if err := c.Assign(tps); err != nil {
		t.Fatal(err)
	}
	var out []string
	deadline := time.Now().Add(10 * time.Second)
	quietUntil := time.Time{}
	for time.Now().Before(deadline) {
		if len(out) >= want && quietUntil.IsZero() {
			// Keep reading a little: a duplicate would arrive now.
			quietUntil = time.Now().Add(500 * time.Millisecond)
		}
		if !quietUntil.IsZero() && time.Now().After(quietUntil) {
			break
		}
		if m, ok := c.Poll(50).(*kafka.Message); ok && m.TopicPartition.Error == nil {
			i := strings.Index(string(m.Value), `"transaction_id":"`)
			if i < 0 {
				t.Fatalf("unexpected value %s", m.Value)
			}
			id := string(m.Value[i+len(`"transaction_id":"`):])
			out = append(out, id[:strings.IndexByte(id, '"')])
		}
	}
	sort.Strings(out)
	return out
}

func ids(rows ...[]types.Row) []string {
	var out []string
	for _, rs := range rows {
		for _, r := range rs {
			out = append(out, r.Fields[1].Str())
		}
	}
	sort.Strings(out)
	return out
}

// TestExactlyOnceCrashWindow is the crash between saving checkpoint 2 and
// committing its transaction: the first sink wrote and flushed rows B but
// never committed them, and stays alive as a zombie. The restarted sink
// fences it, reports checkpoint 1 as the last committed one (so the
// runtime restores checkpoint 1 and redoes B), writes B again and commits
// checkpoint 2: a read_committed consumer sees A and B once each, while the
// log holds the aborted B too.
func TestExactlyOnceCrashWindow(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"out": 2}})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	a, bRows := rowsNamed("A", 5), rowsNamed("B", 7)

	first := newTxnSink(t, eoTable(t, b.Addr(), "fraud-job"))
	if first.TransactionalID() != "fraud-job-0" {
		t.Fatalf("transactional id %q, want fraud-job-0", first.TransactionalID())
	}
	if id, ok, err := first.LastCommitted(ctx); err != nil || ok || id != 0 {
		t.Fatalf("LastCommitted on a new prefix = %d %v %v, want none", id, ok, err)
	}
	writeAll(t, first.Sink, a)
	if got := readTopic(t, b.Addr(), "out", 2, "read_committed", 0); len(got) != 0 {
		t.Fatalf("read_committed sees %v before the commit", got)
	}
	if err := first.Commit(ctx, 1); err != nil {
		t.Fatalf("Commit(1): %v", err)
	}
	writeAll(t, first.Sink, bRows) // pre-committed, then the process "dies"

	second := newTxnSink(t, eoTable(t, b.Addr(), "fraud-job"))
	id, ok, err := second.LastCommitted(ctx)
	if err != nil || !ok || id != 1 {
		t.Fatalf("LastCommitted after the crash = %d %v %v, want 1", id, ok, err)
	}
	writeAll(t, second.Sink, bRows)
	if err := second.Commit(ctx, 2); err != nil {
		t.Fatalf("Commit(2): %v", err)
	}
	if got, want := readTopic(t, b.Addr(), "out", 2, "read_committed", len(a)+len(bRows)), ids(a, bRows); !equalStrings(got, want) {
		t.Fatalf("read_committed sees\n%v\nwant\n%v", got, want)
	}
	if got := readTopic(t, b.Addr(), "out", 2, "read_uncommitted", len(a)+2*len(bRows)); len(got) != len(a)+2*len(bRows) {
		t.Fatalf("read_uncommitted sees %d records, want %d (the aborted B included)", len(got), len(a)+2*len(bRows))
	}
	if id, ok, err := second.LastCommitted(ctx); err != nil || !ok || id != 2 {
		t.Fatalf("LastCommitted after Commit(2) = %d %v %v, want 2", id, ok, err)
	}
	// The zombie is fenced: its commit fails and says why.
	err = first.Commit(ctx, 2)
	if err == nil || !strings.Contains(err.Error(), "another producer with this transactional.id started") {
		t.Fatalf("zombie Commit: %v", err)
	}
}

// TestExactlyOnceWithoutCheckpoints: a job that is not checkpointed commits
// with id 0 (no marker); Close aborts what was not committed.
func TestExactlyOnceWithoutCheckpoints(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"out": 1}})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sink := newTxnSink(t, eoTable(t, b.Addr(), "bounded"))
	a := rowsNamed("A", 3)
	writeAll(t, sink.Sink, a)
	if err := sink.Commit(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := sink.Commit(ctx, 0); err != nil { // nothing open: a no-op
		t.Fatal(err)
	}
	writeAll(t, sink.Sink, rowsNamed("X", 2))
	if err := sink.Close(ctx); err != nil {
		t.Fatalf("Close with an open transaction: %v", err)
	}
	if got, want := readTopic(t, b.Addr(), "out", 1, "read_committed", len(a)), ids(a); !equalStrings(got, want) {
		t.Fatalf("read_committed sees %v, want %v", got, want)
	}
	again := newTxnSink(t, eoTable(t, b.Addr(), "bounded"))
	if id, ok, err := again.LastCommitted(ctx); err != nil || ok {
		t.Fatalf("LastCommitted after commits without checkpoint ids = %d %v %v, want none", id, ok, err)
	}
}

// TestExactlyOnceDeliveryFailureFailsCommit: a record that cannot be
// delivered (no such topic) fails Flush and the commit; nothing becomes
// visible.
func TestExactlyOnceDeliveryFailureFailsCommit(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"out": 1}})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tbl := table(t, "out", txSchema, map[string]string{"topic": "out;missing", "properties.bootstrap.servers": b.Addr(),
		"format": "json", "sink.delivery-guarantee": "exactly-once", "sink.transactional-id-prefix": "fails",
		"properties.delivery.timeout.ms": "500", "properties.topic.metadata.propagation.max.ms": "500"},
		connectors.MetadataColumn{Name: "topic", Type: types.String, Key: "topic"})
	sink := newTxnSink(t, tbl)
	row := func(topic, id string) types.Row {
		r := txRow(1, id, "1", "2023-08-10 12:00:00")
		r.Fields = append(r.Fields, types.StringValue(topic))
		return r
	}
	if err := sink.Write(ctx, []types.Row{row("out", "OK"), row("missing", "LOST")}); err != nil {
		t.Fatal(err)
	}
	err := sink.Flush(ctx)
	if err == nil || !strings.Contains(err.Error(), "delivering a record to topic missing failed") {
		t.Fatalf("Flush: %v", err)
	}
	err = sink.Commit(ctx, 1)
	if err == nil || !strings.Contains(err.Error(), "committing the transaction of checkpoint 1") ||
		!strings.Contains(err.Error(), "a restart redoes them from the previous checkpoint") {
		t.Fatalf("Commit: %v", err)
	}
	if got := readTopic(t, b.Addr(), "out", 1, "read_committed", 0); len(got) != 0 {
		t.Fatalf("read_committed sees %v after a failed commit", got)
	}
}

// TestWedgedTransactionalCall: a transactional call that never returns
// (librdkafka issues 5456/5511) fails the job with errWedged instead of
// blocking the job loop forever, later calls fail at once, and Close does
// not touch the stuck producer.
func TestWedgedTransactionalCall(t *testing.T) {
	s := &Sink{cfg: &sinkConfig{tableConfig: &tableConfig{name: "out"}}, log: testLogger(t),
		tx: &txnState{id: "p-0", callTimeout: 20 * time.Millisecond, wedgeAfter: 30 * time.Millisecond}}
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	err := s.retry(t.Context(), "committing the transaction", func(context.Context) error {
		<-release // ignores its context, as the stuck librdkafka call does
		return nil
	})
	if !errors.Is(err, errWedged) {
		t.Fatalf("error %v, want errWedged", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("gave up after %v", d)
	}
	called := false
	if err := s.retry(t.Context(), "aborting the transaction", func(context.Context) error { called = true; return nil }); !errors.Is(err, errWedged) || called {
		t.Fatalf("after the wedge: error %v, op called %v", err, called)
	}
	if err := s.Close(t.Context()); !errors.Is(err, errWedged) {
		t.Fatalf("Close: %v, want errWedged without touching the producer", err)
	}
}
