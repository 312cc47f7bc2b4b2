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

// seedTopic writes 5 records to partition 0 and 4 to partition 1, record i
// with timestamp base+i s, and returns the rows a source reads for them.
func seedTopic(t *testing.T, addr, topic string, base time.Time) map[int32][]string {
	t.Helper()
	var recs []record
	want := map[int32][]string{}
	for i := 0; i < 9; i++ {
		p := int32(0)
		if i >= 5 {
			p = 1
		}
		id := fmt.Sprintf("T%02d", i)
		ts := fmt.Sprintf("2023-08-10 12:34:%02d.123456", i)
		recs = append(recs, record{partition: p, value: txValue(1000000001+int64(i), id, fmt.Sprintf("%d.5", i), ts), ts: base.Add(time.Duration(i) * time.Second)})
		want[p] = append(want[p], fmt.Sprintf("+I[%d, %s, %d.50, %s]", 1000000001+i, id, i, ts))
	}
	produce(t, addr, topic, recs...)
	return want
}

func pick(w map[int32][]string, p0from, p1from int) []string {
	var out []string
	out = append(out, w[0][min(p0from, len(w[0])):]...)
	out = append(out, w[1][min(p1from, len(w[1])):]...)
	return sortedCopy(out)
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// TestBoundedStartupModes reads a topic with each startup mode up to its
// latest offsets.
func TestBoundedStartupModes(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx": 2}})
	base := time.UnixMilli(1_700_000_000_000)
	want := seedTopic(t, b.Addr(), "tx", base)

	// Commit offsets for group "committed": partition 0 at 3, partition 1 at 1.
	committer := newSource(t, table(t, "tx", txSchema, map[string]string{"topic": "tx", "properties.bootstrap.servers": b.Addr(),
		"properties.group.id": "committed", "format": "json", "scan.startup.mode": "earliest-offset"}))
	if err := committer.CommitOffsets(t.Context(), Offsets{{"tx", 0}: 3, {"tx", 1}: 1}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		opts map[string]string
		want []string
		err  string
	}{
		{"earliest", map[string]string{"scan.startup.mode": "earliest-offset"}, pick(want, 0, 0), ""},
		{"latest", map[string]string{"scan.startup.mode": "latest-offset"}, nil, ""},
		{"specific", map[string]string{"scan.startup.mode": "specific-offsets", "scan.startup.specific-offsets": "partition:0,offset:2;partition:1,offset:3"}, pick(want, 2, 3), ""},
		// A partition missing from the specific offsets starts from the
		// group's committed offset, else the earliest.
		{"specific, rest committed", map[string]string{"scan.startup.mode": "specific-offsets", "scan.startup.specific-offsets": "partition:1,offset:2", "properties.group.id": "committed"}, pick(want, 3, 2), ""},
		{"specific, rest earliest", map[string]string{"scan.startup.mode": "specific-offsets", "scan.startup.specific-offsets": "partition:1,offset:2"}, pick(want, 0, 2), ""},
		{"timestamp", map[string]string{"scan.startup.mode": "timestamp", "scan.startup.timestamp-millis": fmt.Sprint(base.Add(3 * time.Second).UnixMilli())}, pick(want, 3, 0), ""},
		{"timestamp after all", map[string]string{"scan.startup.mode": "timestamp", "scan.startup.timestamp-millis": fmt.Sprint(base.Add(time.Hour).UnixMilli())}, nil, ""},
		{"group offsets", map[string]string{"scan.startup.mode": "group-offsets", "properties.group.id": "committed"}, pick(want, 3, 1), ""},
		{"group offsets, none committed, reset earliest", map[string]string{"scan.startup.mode": "group-offsets", "properties.group.id": "fresh", "properties.auto.offset.reset": "earliest"}, pick(want, 0, 0), ""},
		{"group offsets, none committed, reset latest", map[string]string{"properties.group.id": "fresh", "properties.auto.offset.reset": "latest"}, nil, ""},
		{"group offsets, none committed", map[string]string{"properties.group.id": "fresh"}, nil,
			"kafka source 'tx': Undefined offset with no reset policy for partitions: [tx-0, tx-1]"},
		{"bounded specific", map[string]string{"scan.startup.mode": "earliest-offset", "scan.bounded.mode": "specific-offsets", "scan.bounded.specific-offsets": "partition:0,offset:2"}, []string{want[0][0], want[0][1]}, ""},
		{"bounded timestamp", map[string]string{"scan.startup.mode": "earliest-offset", "scan.bounded.mode": "timestamp", "scan.bounded.timestamp-millis": fmt.Sprint(base.Add(6 * time.Second).UnixMilli())}, sortedCopy(append(append([]string(nil), want[0]...), want[1][0])), ""},
		{"bounded group offsets", map[string]string{"scan.startup.mode": "earliest-offset", "scan.bounded.mode": "group-offsets", "properties.group.id": "committed"}, sortedCopy(append(append([]string(nil), want[0][:3]...), want[1][0])), ""},
		{"bounded group offsets, none committed", map[string]string{"scan.startup.mode": "earliest-offset", "scan.bounded.mode": "group-offsets", "properties.group.id": "fresh"}, nil,
			"Partition tx-0 should stop at committed offset. But there is no committed offset of this partition for group fresh"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := map[string]string{"topic": "tx", "properties.bootstrap.servers": b.Addr(), "format": "json", "scan.bounded.mode": "latest-offset"}
			for k, v := range tc.opts {
				opts[k] = v
			}
			src := newSource(t, table(t, "tx", txSchema, opts))
			if !src.Bounded() {
				t.Fatal("not bounded")
			}
			rows, err := runBoundedErr(src)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := showRows(rows); !equalStrings(got, tc.want) {
				t.Fatalf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestMetadataAndPositions checks metadata columns, tombstones and the
// positions batches carry, and that committed positions are where a
// 'group-offsets' source resumes.
func TestMetadataAndPositions(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx": 2}})
	ts := time.UnixMilli(1_691_670_896_123)
	produce(t, b.Addr(), "tx",
		record{partition: 0, value: txValue(1, "A", "1.5", "2023-08-10 12:34:56"), ts: ts},
		record{partition: 0, key: []byte("k")}, // tombstone: skipped
		record{partition: 1, value: txValue(2, "B", "2", "2023-08-10 12:34:57"), ts: ts.Add(time.Second)},
	)
	opts := map[string]string{"topic": "tx", "properties.bootstrap.servers": b.Addr(), "format": "json",
		"properties.group.id": "g", "scan.startup.mode": "earliest-offset", "scan.bounded.mode": "latest-offset"}
	meta := []connectors.MetadataColumn{
		{Name: "t", Key: "topic", Type: types.String, Virtual: true},
		{Name: "p", Key: "partition", Type: types.Int, Virtual: true},
		{Name: "o", Key: "offset", Type: types.BigInt, Virtual: true},
		{Name: "ts_kafka", Key: "timestamp", Type: types.TimestampLTZType(3)},
		{Name: "tt", Key: "timestamp-type", Type: types.String, Virtual: true},
	}
	src := newSource(t, table(t, "tx", txSchema, opts, meta...))
	var positions []Offsets
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var rows []types.Row
	err := src.Run(ctx, func(_ context.Context, b connectors.Batch) error {
		rows = append(rows, b.Rows...)
		positions = append(positions, b.Position.(Offsets))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("+I[1, A, 1.50, 2023-08-10 12:34:56, tx, 0, 0, ltz(%d), CreateTime]", ts.UnixMilli()),
		fmt.Sprintf("+I[2, B, 2.00, 2023-08-10 12:34:57, tx, 1, 0, ltz(%d), CreateTime]", ts.Add(time.Second).UnixMilli()),
	}
	if got := showRows(rows); !equalStrings(got, want) {
		t.Fatalf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(positions) == 0 {
		t.Fatal("no batches")
	}
	// The last position covers both partitions; the tombstone's offset is
	// consumed although it yields no row.
	last := positions[len(positions)-1]
	fin := src.Offsets()
	if fmt.Sprint(last) != fmt.Sprint(fin) {
		t.Fatalf("Offsets() = %v, last batch position %v", fin, last)
	}
	if fin[TopicPartition{"tx", 0}] != 1 && fin[TopicPartition{"tx", 0}] != 2 || fin[TopicPartition{"tx", 1}] != 1 {
		t.Fatalf("positions %v", fin)
	}
	// The engine commits the final position after Close.
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if err := src.Commit(t.Context(), Offsets{{"tx", 0}: 2, {"tx", 1}: 1}); err != nil {
		t.Fatal(err)
	}
	if err := src.Commit(t.Context(), "not offsets"); err == nil {
		t.Fatal("Commit accepted a foreign position")
	}
	// A new record; a group-offsets source resumes after what was committed.
	produce(t, b.Addr(), "tx", record{partition: 0, value: txValue(3, "C", "3", "2023-08-10 12:35:00")})
	opts["scan.startup.mode"] = "group-offsets"
	rows = runBounded(t, newSource(t, table(t, "tx", txSchema, opts)))
	if got := showRows(rows); !equalStrings(got, []string{"+I[3, C, 3.00, 2023-08-10 12:35:00]"}) {
		t.Fatalf("after commit: %v", got)
	}
}

// TestUnbounded reads records as they arrive, discovers new partitions and
// stops on cancellation.
func TestUnbounded(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx": 2}})
	produce(t, b.Addr(), "tx", record{partition: 0, value: txValue(1, "OLD", "1", "2023-08-10 12:00:00")})
	src := newSource(t, table(t, "tx", txSchema, map[string]string{"topic": "tx", "properties.bootstrap.servers": b.Addr(),
		"format": "json", "scan.startup.mode": "latest-offset", "scan.topic-partition-discovery.interval": "200 ms",
		"properties.group.id": "unbounded"}))
	if src.Bounded() {
		t.Fatal("bounded")
	}
	c := runUnbounded(src)
	waitAssigned(t, src, 2)
	var err error
	var admin *kafka.AdminClient
	produce(t, b.Addr(), "tx",
		record{partition: 0, value: txValue(2, "N1", "1", "2023-08-10 12:00:01")},
		record{partition: 1, value: txValue(3, "N2", "1", "2023-08-10 12:00:02")})
	rows := c.waitRows(t, 2)
	if got := showRows(rows); len(got) != 2 || !strings.Contains(got[0], "N1") || !strings.Contains(got[1], "N2") {
		t.Fatalf("rows %v (latest-offset must skip OLD)", got)
	}
	// The engine commits a batch position while the source runs.
	c.mu.Lock()
	pos := c.pos[len(c.pos)-1]
	c.mu.Unlock()
	if err := src.Commit(t.Context(), pos); err != nil {
		t.Fatal(err)
	}
	var committed []kafka.TopicPartition
	_ = src.locked(func(kc *kafka.Consumer) error {
		topic := "tx"
		committed, err = kc.Committed([]kafka.TopicPartition{{Topic: &topic, Partition: 0}, {Topic: &topic, Partition: 1}}, 5000)
		return nil
	})
	if err != nil || len(committed) != 2 || committed[0].Offset+committed[1].Offset < 2 {
		t.Fatalf("committed %v %v after position %v", committed, err, pos)
	}

	// A third partition appears: it is read from its earliest offset.
	admin, err = kafkalog.NewAdminForTest(t, kafka.ConfigMap{"bootstrap.servers": b.Addr(), "log_level": 3})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	res, err := admin.CreatePartitions(t.Context(), []kafka.PartitionsSpecification{{Topic: "tx", IncreaseTo: 3}})
	if err != nil || res[0].Error.Code() != kafka.ErrNoError {
		t.Fatalf("create partitions: %v %v", err, res)
	}
	produce(t, b.Addr(), "tx", record{partition: 2, value: txValue(4, "P2", "1", "2023-08-10 12:00:03")})
	rows = c.waitRows(t, 3)
	if got := showRows(rows); !strings.Contains(strings.Join(got, ","), "P2") {
		t.Fatalf("rows %v: record of the new partition missing", got)
	}
	if err := c.stop(t); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v after cancellation, want context.Canceled", err)
	}
}

// TestTopicPatternAndList reads several topics.
func TestTopicPatternAndList(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx-a": 1, "tx-b": 2, "other": 1}})
	for _, topic := range []string{"tx-a", "tx-b", "other"} {
		produce(t, b.Addr(), topic, record{partition: 0, value: txValue(1, topic, "1", "2023-08-10 12:00:00")})
	}
	for _, opt := range []map[string]string{{"topic-pattern": "tx-.*"}, {"topic": "tx-a;tx-b"}} {
		opts := map[string]string{"properties.bootstrap.servers": b.Addr(), "format": "json",
			"scan.startup.mode": "earliest-offset", "scan.bounded.mode": "latest-offset"}
		for k, v := range opt {
			opts[k] = v
		}
		rows := runBounded(t, newSource(t, table(t, "tx", txSchema, opts, connectors.MetadataColumn{Name: "t", Key: "topic", Type: types.String})))
		got := showRows(rows)
		if len(got) != 2 || !strings.HasSuffix(got[0], "tx-a]") || !strings.HasSuffix(got[1], "tx-b]") {
			t.Fatalf("%v: rows %v", opt, got)
		}
	}
	// Flink's enumerator fails on a listed topic that does not exist.
	src := newSource(t, table(t, "tx", txSchema, map[string]string{"topic": "missing", "properties.bootstrap.servers": b.Addr(),
		"format": "json", "scan.startup.mode": "earliest-offset"}))
	if _, err := runBoundedErr(src); err == nil || !strings.Contains(err.Error(), "Failed to get metadata for topics [missing].") {
		t.Fatalf("missing topic: %v", err)
	}
}

// TestDecodeError: the error names the table, topic, partition and offset,
// then the format's message.
func TestDecodeError(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"transactions": 2}})
	produce(t, b.Addr(), "transactions",
		record{partition: 1, value: txValue(1, "A", "1", "2023-08-10 12:00:00")},
		record{partition: 1, value: txValue(2, "B", "1", "2023-08-10 12:00:00")},
		record{partition: 1, value: []byte(`{"account_id": "x"}`)})
	opts := map[string]string{"topic": "transactions", "properties.bootstrap.servers": b.Addr(), "format": "json",
		"scan.startup.mode": "earliest-offset", "scan.bounded.mode": "latest-offset"}
	_, err := runBoundedErr(newSource(t, table(t, "transactions", txSchema, opts)))
	want := `kafka source 'transactions': topic transactions partition 1 offset 2: Failed to deserialize JSON '{"account_id": "x"}'.: Fail to deserialize at field: account_id.`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v\nwant prefix %s", err, want)
	}
	// With the format's ignore-parse-errors the record is skipped.
	opts["json.ignore-parse-errors"] = "true"
	rows := runBounded(t, newSource(t, table(t, "transactions", txSchema, opts)))
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
}
