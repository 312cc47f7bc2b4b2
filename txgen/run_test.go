package txgen

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/internal/kafkalog"
)

func readTopic(t *testing.T, addr, topic string, n int) []*kafka.Message {
	t.Helper()
	c, err := kafka.NewConsumer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "group.id": "check", "fetch.wait.max.ms": 50}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.GetMetadata(&topic, false, 5000); err != nil {
		t.Fatal(err)
	}
	var tps []kafka.TopicPartition
	for p := int32(0); p < devbroker.DefaultPartitions; p++ {
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
		t.Fatalf("%s: %d records, want %d", topic, len(out), n)
	}
	return out
}

func values(ms []*kafka.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, string(m.Key)+" "+string(m.Value))
	}
	sort.Strings(out)
	return out
}

// TestRunToBroker produces a seeded run to the embedded broker and reads it
// back: what is on the topics is what the library computes for the seed.
func TestRunToBroker(t *testing.T) {
	b, err := devbroker.Start(context.Background(), devbroker.Config{Topics: map[string]int32{"flagged-accounts": 2, "transactions": 2}, AllowAutoCreate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var slept []time.Duration
	cfg := Config{DataType: "transaction", MaxRun: 3, Bootstrap: b.Addr(), AccountTopic: "flagged-accounts",
		TransactionTopic: "transactions", Deterministic: true, Seed: 99, AccountsFirst: true,
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	st, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// MAX_RUN=3 sends 2 rounds, as producer.py's loop does.
	if st.Accounts != 5 || st.Transactions != 10 || len(slept) != 2 {
		t.Fatalf("stats %+v, %d pauses", st, len(slept))
	}
	var want []string
	for _, a := range DeterministicAccounts(99) {
		want = append(want, string(a.Key())+" "+string(a.Value()))
	}
	sort.Strings(want)
	if got := values(readTopic(t, b.Addr(), "flagged-accounts", 5)); !equal(got, want) {
		t.Fatalf("accounts\n%v\nwant\n%v", got, want)
	}
	gen := NewTransactions(99)
	want = nil
	for r := 0; r < 2; r++ {
		for _, tx := range gen.Round(5) {
			want = append(want, string(tx.Key())+" "+string(tx.Value()))
		}
		if d := gen.Pause(); d != slept[r] {
			t.Fatalf("pause %v, want %v", slept[r], d)
		}
	}
	sort.Strings(want)
	if got := values(readTopic(t, b.Addr(), "transactions", 10)); !equal(got, want) {
		t.Fatalf("transactions\n%v\nwant\n%v", got, want)
	}

	// Benchmark mode: exactly Count records, paced by Rate.
	start := time.Now()
	st, err = Run(t.Context(), Config{DataType: "transaction", Bootstrap: b.Addr(), TransactionTopic: "bench",
		Count: 50, Rate: 500, Producer: kafka.ConfigMap{"allow.auto.create.topics": true}})
	if err != nil {
		t.Fatal(err)
	}
	if st.Transactions != 50 || time.Since(start) < 90*time.Millisecond {
		t.Fatalf("bench: %+v in %v", st, time.Since(start))
	}
}

func equal(a, b []string) bool {
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
