package kafka

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/connectors/formats/json"
	"github.com/sluice-sql/sluice/devbroker"
)

// dlqTable is a transactions table read with the real 'json' format.
func dlqTable(t *testing.T, addr string, extra map[string]string) connectors.Table {
	tbl := table(t, "transactions", txSchema, map[string]string{"topic": "transactions", "properties.bootstrap.servers": addr,
		"format": "json", "json.fail-on-missing-field": "true", "key.format": "json", "key.fields": "account_id",
		"scan.startup.mode": "earliest-offset", "scan.bounded.mode": "latest-offset"})
	for k, v := range extra {
		tbl.Options[k] = v
	}
	tbl.Formats = formats.NewRegistry(json.Factory{})
	return tbl
}

func header(m *kafka.Message, key string) string {
	for _, h := range m.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return "<absent>"
}

// TestDeadLetterTopic: bad JSON, a wrong type, a missing field (with
// 'json.fail-on-missing-field') and an undecodable key go to the dead-letter
// topic with their bytes and headers unchanged plus the error and origin;
// the good records are read; Flush returns once the dead letters are
// durable. Without the option the first bad record fails the source.
func TestDeadLetterTopic(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"transactions": 1, "dlq": 1}})
	ts := time.UnixMilli(1691670896123)
	good := func(acct int64, id string) record {
		return record{key: []byte(`{"account_id": 1}`), value: txValue(acct, id, "1.5", "2023-08-10 12:00:00"), ts: ts}
	}
	produce(t, b.Addr(), "transactions",
		good(1, "A"),
		record{key: []byte(`{"account_id": 1}`), value: []byte(`{"account_id": 1, "transaction_id": `), ts: ts}, // offset 1: bad JSON
		good(2, "B"),
		record{key: []byte(`{"account_id": 1}`), value: txValue(3, "C", `"much"`, "2023-08-10 12:00:00"), ts: ts},   // 3: wrong type
		record{key: []byte(`{"account_id": 1}`), value: []byte(`{"account_id": 4, "transaction_id": "D"}`), ts: ts}, // 4: missing fields
		record{key: []byte(`not json`), value: txValue(5, "E", "1", "2023-08-10 12:00:00"), ts: ts},                 // 5: bad key
		good(6, "F"))

	src := newSource(t, dlqTable(t, b.Addr(), map[string]string{"scan.dead-letter.topic": "dlq"}))
	rows := runBounded(t, src)
	if len(rows) != 3 {
		t.Fatalf("%d rows, want the 3 good ones: %v", len(rows), showRows(rows))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := src.Flush(ctx); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	if got := src.Offsets()[TopicPartition{"transactions", 0}]; got != 7 {
		t.Fatalf("position %d after the run, want 7 (past every record, dead letters included)", got)
	}
	dead := consumeRaw(t, b.Addr(), "dlq", 1, 4)
	wantErr := map[int64]string{
		1: "kafka source 'transactions': topic transactions partition 0 offset 1: ",
		3: "at field: amount",
		4: "field",
		5: "offset 5 (key): ",
	}
	for i, m := range dead {
		off := []int64{1, 3, 4, 5}[i]
		if header(m, HeaderOffset) != strconvI(off) || header(m, HeaderTopic) != "transactions" || header(m, HeaderPartition) != "0" ||
			header(m, HeaderTimestamp) != "1691670896123" {
			t.Errorf("dead letter %d: origin headers %v", i, m.Headers)
		}
		if e := header(m, HeaderError); !strings.Contains(e, wantErr[off]) || !strings.Contains(e, "topic transactions partition 0 offset "+strconvI(off)) {
			t.Errorf("dead letter of offset %d: error header %q, want it to contain %q", off, e, wantErr[off])
		}
	}
	if string(dead[0].Value) != `{"account_id": 1, "transaction_id": ` || string(dead[0].Key) != `{"account_id": 1}` {
		t.Errorf("bad JSON not kept as it was: key %q value %q", dead[0].Key, dead[0].Value)
	}
	if string(dead[3].Key) != "not json" {
		t.Errorf("bad key not kept as it was: %q", dead[3].Key)
	}

	// Without the option: the first bad record fails the source, naming
	// topic, partition and offset.
	_, err := runBoundedErr(newSource(t, dlqTable(t, b.Addr(), nil)))
	if err == nil || !strings.Contains(err.Error(), "kafka source 'transactions': topic transactions partition 0 offset 1") {
		t.Fatalf("without a dead-letter topic: %v", err)
	}
}

// TestDeadLetterTopicMissing: a dead-letter topic that does not exist fails
// the flush (and so the checkpoint), naming the topic and the brokers.
func TestDeadLetterTopicMissing(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"transactions": 1}})
	produce(t, b.Addr(), "transactions", record{key: []byte(`{"account_id": 1}`), value: []byte(`{`)})
	src := newSource(t, dlqTable(t, b.Addr(), map[string]string{"scan.dead-letter.topic": "nowhere",
		"properties.delivery.timeout.ms": "500", "properties.topic.metadata.propagation.max.ms": "500"}))
	if rows := runBounded(t, src); len(rows) != 0 {
		t.Fatalf("rows %v", showRows(rows))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := src.Flush(ctx)
	if err == nil || !strings.Contains(err.Error(), "dead-letter topic nowhere") || !strings.Contains(err.Error(), b.Addr()) {
		t.Fatalf("Flush: %v", err)
	}
}

func strconvI(i int64) string { return strconv.FormatInt(i, 10) }
