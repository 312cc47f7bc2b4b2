package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/sluice-sql/sluice/devbroker"
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

// TestLargeBadRecordsStayBounded: 5 MB records that do not decode go to the
// dead-letter topic whole, while the log lines and /api/job quoting them
// stay small; without a dead-letter topic the job fails with a bounded
// error that says how to go on.
func TestLargeBadRecordsStayBounded(t *testing.T) {
	broker, err := devbroker.Start(context.Background(), devbroker.Config{
		Topics:         map[string]int32{"flagged-accounts": 2, "transactions": 2, "transactions-dlq": 2},
		ClusterOptions: []kfake.Opt{kfake.BrokerConfigs(map[string]string{"message.max.bytes": strconv.Itoa(8 << 20)})}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broker.Close)
	var bad []record
	for i := range 3 {
		bad = append(bad, record{nil, []byte(fmt.Sprintf(`{"account_id": 1000000001, "transaction_id": "BIG%d%s`, i, strings.Repeat("x", 5<<20)))})
	}
	good := txBatch("BIGGOOD0", 10)
	recs := bad
	for _, x := range good {
		recs = append(recs, record{nil, []byte(x.json())})
	}
	produce(t, broker.Addr(), "transactions", recs)
	produceFlags(t, broker.Addr(), testFlags)

	dir := t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	job := strings.Replace(checkpointJob("earliest-offset", false),
		"'topic' = 'transactions',", "'topic' = 'transactions',\n    'scan.dead-letter.topic' = 'transactions-dlq',", 1)
	writeFile(t, dir, "job.sql", job)
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json", "--http-addr", "127.0.0.1:0")
	var url string
	waitUntil(t, p, "the dashboard URL in the log", 30*time.Second, func() bool {
		if m := dashboardURL.FindStringSubmatch(p.stderr.String()); m != nil {
			url = m[1]
		}
		return url != ""
	})
	want, _, _ := expected(t, testFlags, good)
	waitUntil(t, p, "matches of the good transactions", 60*time.Second, func() bool { return len(printed(p, "")) >= len(want) })
	waitCheckpointed(t, p, broker.Addr(), int64(len(testFlags)), int64(len(recs)))
	_, body := httpGet(t, url+"api/job")
	if len(body) > 256<<10 || !strings.Contains(body, "undecodable record sent to the dead-letter topic") {
		t.Errorf("/api/job is %d bytes (want ≤ 256 KB, with the dead-letter warning): %.2000s", len(body), body)
	}
	stop(t, p)
	checkLongestLine(t, p.stderr.String(), 16<<10)
	dead := consumeAll(t, broker.Addr(), "transactions-dlq")
	if len(dead) != len(bad) {
		t.Fatalf("%d dead letters, want %d", len(dead), len(bad))
	}
	for _, d := range dead {
		if len(d.value) != len(bad[0].value) {
			t.Errorf("dead letter of %d bytes, want the record's %d", len(d.value), len(bad[0].value))
		}
	}

	// Without the dead-letter topic, the first bad record fails the job.
	dir = t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	writeFile(t, dir, "job.sql", checkpointJob("earliest-offset", false))
	p = start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json", "--http-addr", "off")
	if code := p.wait(t, 60*time.Second); code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%.4000s", code, p.stderr.String())
	}
	out := p.stderr.String()
	checkLongestLine(t, out, 16<<10)
	for _, want := range []string{"offset 0: Failed to deserialize JSON '{\"account_id\": 1000000001, \"transaction_id\": \"BIG",
		"… (5242", " bytes)'", "'scan.startup.specific-offsets' = 'partition:"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%.4000s", want, out)
		}
	}
}

// checkLongestLine fails when a line of text is longer than limit bytes.
func checkLongestLine(t *testing.T, text string, limit int) {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if len(l) > limit {
			t.Errorf("a line of %d bytes (limit %d): %.300s…", len(l), limit, l)
		}
	}
}
