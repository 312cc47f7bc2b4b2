package kafka

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/types"
)

func txRow(acct int64, id, amount string, ts string) types.Row {
	d, err := types.ParseDecimal(amount)
	if err != nil {
		panic(err)
	}
	tm, err := time.Parse(time.DateTime, ts)
	if err != nil {
		panic(err)
	}
	return types.Row{Kind: types.Insert, Fields: []types.Value{
		types.BigIntValue(acct), types.StringValue(id), types.DecimalValue(d.Rescale(2)), types.TimestampValue(types.TimestampFromTime(tm)),
	}}
}

func newSink(t *testing.T, tbl connectors.Table) *Sink {
	t.Helper()
	s, err := Factory{}.NewSink(tbl)
	if err != nil {
		t.Fatalf("NewSink: %v", err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s.(*Sink)
}

func writeAll(t *testing.T, s *Sink, rows []types.Row) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Write(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestSinkRoundTrip writes rows with each key layout, checks the records
// on the topic and reads them back with a source of the same table.
func TestSinkRoundTrip(t *testing.T) {
	b := startBroker(t, devbroker.Config{AllowAutoCreate: true})
	rows := []types.Row{
		txRow(1000000001, "0123456789ABCDEF", "12.5", "2023-08-10 12:34:56"),
		txRow(1000000003, "FEDCBA9876543210", "0.05", "2023-08-10 12:34:57"),
		txRow(1000000005, "AAAAAAAAAAAAAAAA", "9999.99", "2023-08-10 12:34:58"),
		txRow(1000000007, "BBBBBBBBBBBBBBBB", "100", "2023-08-10 12:34:59"),
	}
	prefixed := types.Schema{{Name: "k_account_id", Type: types.BigInt}, {Name: "transaction_id", Type: types.Varchar(16)},
		{Name: "amount", Type: types.DecimalType(10, 2)}, {Name: "ts", Type: types.TimestampType(3)}}
	tests := []struct {
		name   string
		schema types.Schema
		opts   map[string]string
		// check inspects record i as written.
		key, value func(i int) string
		partition  func(i int, key []byte) int32
	}{
		{
			name: "key fields, default partitioner", schema: txSchema,
			opts: map[string]string{"key.format": "json", "key.fields": "account_id;transaction_id"},
			key: func(i int) string {
				return fmt.Sprintf(`{"account_id":%s,"transaction_id":"%s"}`, show(rows[i].Fields[0]), show(rows[i].Fields[1]))
			},
			value: func(i int) string {
				f := rows[i].Fields
				return fmt.Sprintf(`{"account_id":%s,"transaction_id":"%s","amount":%s,"ts":"%s"}`, show(f[0]), show(f[1]), show(f[2]), show(f[3]))
			},
			// Same partition as the Java producer's default partitioner.
			partition: func(_ int, key []byte) int32 { return javaPartition(key, 2) },
		},
		{
			name: "EXCEPT_KEY with prefix", schema: prefixed,
			opts: map[string]string{"key.format": "json", "key.fields": "k_account_id", "key.fields-prefix": "k_", "value.fields-include": "EXCEPT_KEY"},
			key:  func(i int) string { return fmt.Sprintf(`{"account_id":%s}`, show(rows[i].Fields[0])) },
			value: func(i int) string {
				f := rows[i].Fields
				return fmt.Sprintf(`{"transaction_id":"%s","amount":%s,"ts":"%s"}`, show(f[1]), show(f[2]), show(f[3]))
			},
			partition: func(_ int, key []byte) int32 { return javaPartition(key, 2) },
		},
		{
			name: "no key, fixed partitioner", schema: txSchema,
			opts: map[string]string{"sink.partitioner": "fixed"},
			key:  func(int) string { return "" },
			value: func(i int) string {
				f := rows[i].Fields
				return fmt.Sprintf(`{"account_id":%s,"transaction_id":"%s","amount":%s,"ts":"%s"}`, show(f[0]), show(f[1]), show(f[2]), show(f[3]))
			},
			partition: func(int, []byte) int32 { return 0 },
		},
	}
	for n, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			topic := fmt.Sprintf("out-%d", n) // auto-created with 2 partitions
			opts := map[string]string{"topic": topic, "properties.bootstrap.servers": b.Addr(), "format": "json",
				"properties.allow.auto.create.topics": "true"}
			for k, v := range tc.opts {
				opts[k] = v
			}
			sink := newSink(t, table(t, "out", tc.schema, opts))
			writeAll(t, sink, rows)
			if err := sink.Close(t.Context()); err != nil {
				t.Fatal(err)
			}
			msgs := consumeRaw(t, b.Addr(), topic, 2, len(rows))
			seen := map[string]bool{}
			for _, m := range msgs {
				i := -1
				for j := range rows {
					if strings.Contains(string(m.Value), show(rows[j].Fields[1])) {
						i = j
					}
				}
				if i < 0 {
					t.Fatalf("unexpected record %s", m.Value)
				}
				seen[show(rows[i].Fields[1])] = true
				if string(m.Key) != tc.key(i) || (tc.key(i) == "" && m.Key != nil) {
					t.Errorf("key %q, want %q", m.Key, tc.key(i))
				}
				if string(m.Value) != tc.value(i) {
					t.Errorf("value %s, want %s", m.Value, tc.value(i))
				}
				if want := tc.partition(i, m.Key); m.TopicPartition.Partition != want {
					t.Errorf("record %d in partition %d, want %d", i, m.TopicPartition.Partition, want)
				}
			}
			if len(seen) != len(rows) {
				t.Fatalf("records %v", seen)
			}
			// The same table as a source reads the rows back.
			opts["scan.startup.mode"] = "earliest-offset"
			opts["scan.bounded.mode"] = "latest-offset"
			got := showRows(runBounded(t, newSource(t, table(t, "out", tc.schema, opts))))
			if want := showRows(rows); !equalStrings(got, want) {
				t.Fatalf("read back\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestSinkMetadata writes the record timestamp and chooses the topic per
// row from writable metadata columns.
func TestSinkMetadata(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"a": 1, "b": 1}})
	meta := []connectors.MetadataColumn{
		{Name: "t", Key: "topic", Type: types.String},
		{Name: "kts", Key: "timestamp", Type: types.TimestampLTZType(3)},
		{Name: "off", Key: "offset", Type: types.BigInt, Virtual: true},
	}
	sink := newSink(t, table(t, "out", txSchema, map[string]string{"topic": "a;b", "properties.bootstrap.servers": b.Addr(), "format": "json"}, meta...))
	row := func(topic string, ms int64) types.Row {
		r := txRow(1, "X"+topic, "1", "2023-08-10 12:00:00")
		r.Fields = append(r.Fields, types.StringValue(topic), types.TimestampLTZValue(types.TimestampFromMilli(ms)))
		return r
	}
	writeAll(t, sink, []types.Row{row("a", 1_600_000_000_123), row("b", 1_600_000_000_456)})
	for topic, ms := range map[string]int64{"a": 1_600_000_000_123, "b": 1_600_000_000_456} {
		m := consumeRaw(t, b.Addr(), topic, 1, 1)[0]
		if m.Timestamp.UnixMilli() != ms || !strings.Contains(string(m.Value), `"X`+topic+`"`) {
			t.Errorf("topic %s: %s at %v", topic, m.Value, m.Timestamp.UnixMilli())
		}
	}
	err := sink.Write(t.Context(), []types.Row{row("c", 0)})
	if err == nil || !strings.Contains(err.Error(), "The topic of the sink record is not valid. Expected topic to be in: [a, b] but was: c") {
		t.Fatalf("foreign topic: %v", err)
	}
	bad := txRow(1, "X", "1", "2023-08-10 12:00:00")
	bad.Fields = append(bad.Fields, types.Null, types.Null)
	if err := sink.Write(t.Context(), []types.Row{bad}); err == nil || !strings.Contains(err.Error(), "no topic is set") {
		t.Fatalf("null topic: %v", err)
	}
	if err := sink.Write(t.Context(), []types.Row{{Fields: []types.Value{types.Null}}}); err == nil {
		t.Fatal("short row accepted")
	}
}

// TestSinkDeliveryFailure: with at-least-once a failed delivery fails
// Flush; with 'none' Flush does not wait.
func TestSinkDeliveryFailure(t *testing.T) {
	b := startBroker(t, devbroker.Config{}) // no topics, no auto-creation
	for _, guarantee := range []string{"at-least-once", "none"} {
		t.Run(guarantee, func(t *testing.T) {
			sink := newSink(t, table(t, "out", txSchema, map[string]string{"topic": "missing", "properties.bootstrap.servers": b.Addr(),
				"format": "json", "sink.delivery-guarantee": guarantee, "properties.delivery.timeout.ms": "300"}))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := sink.Write(ctx, []types.Row{txRow(1, "X", "1", "2023-08-10 12:00:00")}); err != nil {
				t.Fatal(err)
			}
			err := sink.Flush(ctx)
			if guarantee == "none" {
				if err != nil {
					t.Fatalf("Flush with 'none': %v", err)
				}
				// The failure still surfaces, at the latest on Close.
				if err := sink.Close(ctx); err == nil || !strings.Contains(err.Error(), "delivering a record to topic missing") {
					t.Fatalf("Close: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "kafka sink 'out': delivering a record to topic missing") {
				t.Fatalf("Flush: %v", err)
			}
			if err := sink.Write(ctx, []types.Row{txRow(1, "X", "1", "2023-08-10 12:00:00")}); err == nil {
				t.Fatal("Write after a failed delivery succeeded")
			}
		})
	}
}

// TestNoGoroutineLeak: a source and a sink, run and closed, leave no
// goroutines of theirs or of the Kafka client behind (the broker's are
// not counted: kfake keeps a writer per connection until it closes).
func TestNoGoroutineLeak(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx": 2}})
	opts := map[string]string{"topic": "tx", "properties.bootstrap.servers": b.Addr(), "format": "json",
		"properties.group.id": "leak", "scan.startup.mode": "earliest-offset", "scan.bounded.mode": "latest-offset"}
	sink, err := Factory{}.NewSink(table(t, "tx", txSchema, opts))
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, sink.(*Sink), []types.Row{txRow(1, "A", "1", "2023-08-10 12:00:00")})
	if err := sink.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	src, err := Factory{}.NewSource(table(t, "tx", txSchema, opts))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := runBoundedErr(src.(*Source))
	if err != nil || len(rows) != 1 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if err := src.(*Source).Commit(t.Context(), src.(*Source).Offsets()); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	// After Close, a commit goes through a short-lived consumer.
	if err := src.(*Source).Commit(t.Context(), Offsets{{"tx", 0}: 1}); err != nil {
		t.Fatal(err)
	}
	ours := func() []string {
		buf := make([]byte, 1<<20)
		var out []string
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if strings.Contains(g, "TestNoGoroutineLeak") {
				continue
			}
			if strings.Contains(g, "sluice/connectors/kafka.") || strings.Contains(g, "confluent-kafka-go") {
				out = append(out, g)
			}
		}
		return out
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(ours()) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if left := ours(); len(left) > 0 {
		t.Fatalf("%d goroutines left:\n%s", len(left), strings.Join(left, "\n\n"))
	}
}
