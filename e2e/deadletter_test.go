package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/internal/kafkalog"
)

// TestDeadLetterTopicKeepsTheJobGoing: undecodable transactions go to the
// dead-letter topic with their bytes and origin, the job keeps matching the
// good ones, and the source offsets are committed past the bad records.
func TestDeadLetterTopicKeepsTheJobGoing(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions", "transactions-dlq")
	dir := t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	job := strings.Replace(checkpointJob("earliest-offset", false),
		"'topic' = 'transactions',", "'topic' = 'transactions',\n    'scan.dead-letter.topic' = 'transactions-dlq',", 1)
	if !strings.Contains(job, "scan.dead-letter.topic") {
		t.Fatal("job not rewritten")
	}
	writeFile(t, dir, "job.sql", job)
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	produceFlags(t, broker.Addr(), testFlags)
	good := txBatch("DLQGOOD0", 30)
	bad := []string{
		`{"account_id": 1000000001, "transaction_id": `,
		`{"account_id": "one", "transaction_id": "DLQBAD0000000001"}`,
		`not json at all`,
	}
	var recs []record
	for i, x := range good {
		recs = append(recs, record{nil, []byte(x.json())})
		if i < len(bad) {
			recs = append(recs, record{nil, []byte(bad[i])})
		}
	}
	produce(t, broker.Addr(), "transactions", recs)
	want, _, _ := expected(t, testFlags, good)
	waitUntil(t, p, "matches of the good transactions", 30*time.Second, func() bool { return len(printed(p, "")) >= len(want) })
	waitCheckpointed(t, p, broker.Addr(), int64(len(testFlags)), int64(len(recs)))
	stop(t, p)
	checkMultiset(t, "print sink", printed(p, ""), want)

	dead := consumeAll(t, broker.Addr(), "transactions-dlq")
	var got []string
	for _, r := range dead {
		got = append(got, string(r.value))
	}
	checkMultiset(t, "dead letters", lines(strings.Join(got, "\n")), lines(strings.Join(bad, "\n")))
	headers := deadLetterHeaders(t, broker.Addr(), "transactions-dlq")
	for _, h := range headers {
		for _, k := range []string{"sluice.error", "sluice.topic", "sluice.partition", "sluice.offset", "sluice.timestamp"} {
			if _, ok := h[k]; !ok {
				t.Errorf("dead letter without header %s: %v", k, h)
			}
		}
		if h["sluice.topic"] != "transactions" || !strings.Contains(h["sluice.error"], "topic transactions partition "+h["sluice.partition"]+" offset "+h["sluice.offset"]) {
			t.Errorf("dead letter headers do not name its origin: %v", h)
		}
	}
	if len(headers) != len(bad) {
		t.Errorf("%d dead letters with headers, want %d", len(headers), len(bad))
	}
}

// deadLetterHeaders reads the headers of every record of a topic.
func deadLetterHeaders(t *testing.T, addr, topic string) []map[string]string {
	t.Helper()
	c, err := kafka.NewConsumer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "group.id": "e2e-dlq-reader", "enable.auto.commit": false}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var tps []kafka.TopicPartition
	for p := range int32(2) {
		tps = append(tps, kafka.TopicPartition{Topic: &topic, Partition: p, Offset: kafka.OffsetBeginning})
	}
	if err := c.Assign(tps); err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		m, err := c.ReadMessage(100 * time.Millisecond)
		if err != nil {
			continue
		}
		h := map[string]string{}
		for _, x := range m.Headers {
			h[x.Key] = string(x.Value)
		}
		out = append(out, h)
	}
	if len(out) == 0 {
		t.Fatalf("no records in %s", topic)
	}
	return out
}
