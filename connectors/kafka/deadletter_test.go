package kafka

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/twmb/franz-go/pkg/kfake"

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
	// topic, partition and offset, and how to go on.
	_, err := runBoundedErr(newSource(t, dlqTable(t, b.Addr(), nil)))
	for _, want := range []string{"kafka source 'transactions': topic transactions partition 0 offset 1: ",
		"'json.ignore-parse-errors' = 'true'", "without 'json.fail-on-missing-field'", "'scan.dead-letter.topic' = '<topic>'",
		"'scan.startup.mode' = 'specific-offsets' and 'scan.startup.specific-offsets' = 'partition:0,offset:2'"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("without a dead-letter topic: %v\nwant it to contain %q", err, want)
		}
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

// largeBadRecord is a malformed JSON record of n bytes.
func largeBadRecord(n int) []byte {
	return []byte(`{"account_id": 1, "transaction_id": "` + strings.Repeat("x", n-38) + `"`)
}

// createTopic creates a one-partition topic with configs.
func createTopic(t *testing.T, addr, topic string, configs map[string]string) {
	t.Helper()
	admin, err := kafka.NewAdminClient(&kafka.ConfigMap{"bootstrap.servers": addr, "log_level": 3})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	res, err := admin.CreateTopics(t.Context(), []kafka.TopicSpecification{{Topic: topic, NumPartitions: 1, ReplicationFactor: 1, Config: configs}})
	if err != nil || res[0].Error.Code() != kafka.ErrNoError {
		t.Fatalf("create topic %s: %v %v", topic, err, res)
	}
}

// TestDeadLetterLargeRecords: dead letters of large records are delivered
// with a short error header; one that the dead-letter topic refuses, or
// the producer's own limit the user set, fails with a message that names
// the record, the sizes and the settings to change.
func TestDeadLetterLargeRecords(t *testing.T) {
	// The broker takes records up to 4 MB, the 'dlq-1mb' topic up to Kafka's default.
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx-700k": 1, "tx-1500k": 1, "dlq": 1},
		ClusterOptions: []kfake.Opt{kfake.BrokerConfigs(map[string]string{"message.max.bytes": "4194304"})}})
	createTopic(t, b.Addr(), "dlq-1mb", map[string]string{"max.message.bytes": "1048588"})
	rec700k, rec1500k := largeBadRecord(700<<10), largeBadRecord(1500<<10)
	produce(t, b.Addr(), "tx-700k", record{key: []byte(`{"account_id": 1}`), value: rec700k})
	produce(t, b.Addr(), "tx-1500k", record{key: []byte(`{"account_id": 1}`), value: rec1500k})
	run := func(topic, dlq string, extra map[string]string) error {
		opts := map[string]string{"topic": topic, "scan.dead-letter.topic": dlq}
		for k, v := range extra {
			opts[k] = v
		}
		src := newSource(t, dlqTable(t, b.Addr(), opts))
		if _, err := runBoundedErr(src); err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		return src.Flush(ctx)
	}

	// 700 KB fits Kafka's default limit once the header no longer repeats
	// the record; 1.5 MB needs the producer sized for what the source reads.
	for _, c := range []struct {
		topic, dlq string
		rec        []byte
	}{{"tx-700k", "dlq-1mb", rec700k}, {"tx-1500k", "dlq", rec1500k}} {
		if err := run(c.topic, c.dlq, map[string]string{"properties.delivery.timeout.ms": "5000"}); err != nil {
			t.Fatalf("%s: %.600v", c.topic, err)
		}
		dead := consumeRaw(t, b.Addr(), c.dlq, 1, 1)[0]
		if !bytes.Equal(dead.Value, c.rec) {
			t.Errorf("%s: dead letter of %d bytes, want the record's %d", c.topic, len(dead.Value), len(c.rec))
		}
		e := header(dead, HeaderError)
		if len(e) > 300 || strings.Contains(e, "xxxx") ||
			!strings.HasPrefix(e, "kafka source 'transactions': topic "+c.topic+" partition 0 offset 0: ") {
			t.Errorf("%s: error header of %d bytes: %.400q", c.topic, len(e), e)
		}
	}

	err := run("tx-1500k", "dlq-1mb", map[string]string{"properties.delivery.timeout.ms": "5000"})
	for _, want := range []string{"topic tx-1500k partition 0 offset 0", "dead-letter topic dlq-1mb", "(1536", "bytes)",
		"'max.message.bytes'", "'message.max.bytes'", "kafka-configs --bootstrap-server " + b.Addr()} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("refused by the dead-letter topic: error %v\nwant it to contain %q", err, want)
		}
	}
	// The user's limit wins over the sizing; the error names it.
	err = run("tx-1500k", "dlq", map[string]string{"properties.message.max.bytes": "1000000"})
	for _, want := range []string{"topic tx-1500k partition 0 offset 0", "'properties.message.max.bytes' of table 'transactions' (now 1000000)"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("over the user's producer limit: error %v\nwant it to contain %q", err, want)
		}
	}
}
