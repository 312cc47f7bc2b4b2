//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// TestAdminTopics creates topics with the AdminClient and checks what the
// broker makes of them, including the errors Sluice must recognise.
func TestAdminTopics(t *testing.T) {
	addr := bootstrap(t)
	ctx := testContext(t)
	admin := newAdmin(t, addr)
	existing := createTopic(ctx, t, admin, 2)

	tests := []struct {
		name       string
		topic      func() string
		partitions int
		replicas   int
		wantErr    kafka.ErrorCode
	}{
		{name: "two partitions", topic: func() string { return uniqueName(t, "topic") }, partitions: 2, replicas: 1, wantErr: kafka.ErrNoError},
		{name: "already exists", topic: func() string { return existing }, partitions: 2, replicas: 1, wantErr: kafka.ErrTopicAlreadyExists},
		{name: "more replicas than brokers", topic: func() string { return uniqueName(t, "topic") }, partitions: 2, replicas: 3, wantErr: kafka.ErrInvalidReplicationFactor},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			topic := tc.topic()
			res, err := admin.CreateTopics(ctx,
				[]kafka.TopicSpecification{{Topic: topic, NumPartitions: tc.partitions, ReplicationFactor: tc.replicas}},
				kafka.SetAdminOperationTimeout(10*time.Second))
			if err != nil {
				t.Fatalf("CreateTopics(%s): %v", topic, err)
			}
			if len(res) != 1 {
				t.Fatalf("CreateTopics(%s): %d results, want 1", topic, len(res))
			}
			if got := res[0].Error.Code(); got != tc.wantErr {
				t.Fatalf("CreateTopics(%s): error %v (%v), want %v", topic, got, res[0].Error, tc.wantErr)
			}
			if tc.wantErr != kafka.ErrNoError {
				return
			}
			t.Cleanup(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if _, err := admin.DeleteTopics(ctx, []string{topic}); err != nil {
					t.Logf("deleting topic %s: %v", topic, err)
				}
			})
			tm, err := topicMetadata(ctx, admin, topic)
			if err != nil {
				t.Fatal(err)
			}
			if len(tm.Partitions) != tc.partitions {
				t.Fatalf("%s has %d partitions, want %d", topic, len(tm.Partitions), tc.partitions)
			}
			for _, p := range tm.Partitions {
				if p.Leader != 1 || !slices.Equal(p.Replicas, []int32{1}) {
					t.Errorf("%s partition %d: leader %d replicas %v, want the single node 1", topic, p.ID, p.Leader, p.Replicas)
				}
			}
		})
	}
}

// topicMetadata waits until the broker's metadata knows topic (a new topic
// reaches the metadata cache shortly after CreateTopics returns).
func topicMetadata(ctx context.Context, admin *kafka.AdminClient, topic string) (kafka.TopicMetadata, error) {
	for {
		md, err := admin.GetMetadata(&topic, false, 5000)
		if err != nil {
			return kafka.TopicMetadata{}, fmt.Errorf("metadata of %s: %w", topic, err)
		}
		tm, ok := md.Topics[topic]
		if ok && tm.Error.Code() == kafka.ErrNoError {
			return tm, nil
		}
		select {
		case <-ctx.Done():
			return tm, fmt.Errorf("metadata of %s: %v: %w", topic, tm.Error, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// event is the JSON value of the keyed records.
type event struct {
	Account string  `json:"account"`
	Seq     int     `json:"seq"`
	Amount  float64 `json:"amount"`
}

func jsonRecords(t *testing.T, accounts, perAccount int, prefix string) []record {
	t.Helper()
	var recs []record
	for s := range perAccount {
		for a := range accounts {
			ev := event{Account: fmt.Sprintf("%s-acct-%d", prefix, a), Seq: s, Amount: float64(a*100+s) / 4}
			b, err := json.Marshal(ev)
			if err != nil {
				t.Fatalf("encoding %+v: %v", ev, err)
			}
			recs = append(recs, record{Key: ev.Account, Value: b})
		}
	}
	return recs
}

// TestProduceConsumeKeyedJSON writes keyed JSON records and reads them back
// through a consumer group: every record once, each key on one partition
// (the Java client's murmur2 partitioner), per-key order kept.
func TestProduceConsumeKeyedJSON(t *testing.T) {
	addr := bootstrap(t)
	ctx := testContext(t)
	topic := createTopic(ctx, t, newAdmin(t, addr), 2)

	p := newProducer(t, addr, kafka.ConfigMap{"partitioner": "murmur2_random", "linger.ms": 5, "acks": "all", "enable.idempotence": true})
	sent, err := produceAll(ctx, p, topic, jsonRecords(t, 8, 5, "kj"))
	if err != nil {
		t.Fatal(err)
	}
	keyPartition := map[string]int32{}
	for _, r := range sent {
		if p, ok := keyPartition[r.Key]; ok && p != r.Partition {
			t.Fatalf("key %s went to partitions %d and %d", r.Key, p, r.Partition)
		}
		keyPartition[r.Key] = r.Partition
	}
	if parts := slices.Compact(slices.Sorted(maps.Values(keyPartition))); len(parts) != 2 {
		t.Fatalf("8 keys landed on partitions %v, want both", parts)
	}

	c := newConsumer(t, addr, uniqueName(t, "group"), nil)
	if err := c.SubscribeTopics([]string{topic}, nil); err != nil {
		t.Fatalf("subscribing to %s: %v", topic, err)
	}
	got, err := readN(ctx, c, len(sent), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	lastSeq := map[string]int{}
	seen := map[string]bool{}
	for _, r := range got {
		var ev event
		if err := json.Unmarshal(r.Value, &ev); err != nil {
			t.Fatalf("decoding %s at %d/%d: %v", r.Value, r.Partition, r.Offset, err)
		}
		if ev.Account != r.Key {
			t.Errorf("record keyed %s holds account %s", r.Key, ev.Account)
		}
		if r.Partition != keyPartition[r.Key] {
			t.Errorf("key %s read from partition %d, produced to %d", r.Key, r.Partition, keyPartition[r.Key])
		}
		id := r.Key + "/" + strconv.Itoa(ev.Seq)
		if seen[id] {
			t.Errorf("record %s read twice", id)
		}
		seen[id] = true
		if prev, ok := lastSeq[r.Key]; ok && ev.Seq <= prev {
			t.Errorf("key %s: seq %d after %d, order lost", r.Key, ev.Seq, prev)
		}
		lastSeq[r.Key] = ev.Seq
	}
	if len(seen) != len(sent) {
		t.Errorf("read %d distinct records, want %d", len(seen), len(sent))
	}
}

// TestConsumerGroupCommit commits the offsets of part of a topic, reads them
// back (consumer and AdminClient), and checks that a new member of the group
// resumes exactly after them.
func TestConsumerGroupCommit(t *testing.T) {
	addr := bootstrap(t)
	ctx := testContext(t)
	admin := newAdmin(t, addr)
	topic := createTopic(ctx, t, admin, 2)
	group := uniqueName(t, "group")

	p := newProducer(t, addr, kafka.ConfigMap{"partitioner": "murmur2_random"})
	sent, err := produceAll(ctx, p, topic, jsonRecords(t, 4, 5, "cg"))
	if err != nil {
		t.Fatal(err)
	}

	first := newConsumer(t, addr, group, nil)
	if err := first.SubscribeTopics([]string{topic}, nil); err != nil {
		t.Fatalf("subscribing to %s: %v", topic, err)
	}
	const firstN = 7
	read, err := readN(ctx, first, firstN, 0)
	if err != nil {
		t.Fatal(err)
	}
	next := map[int32]kafka.Offset{} // partition -> next offset to read
	for _, r := range read {
		next[r.Partition] = max(next[r.Partition], r.Offset+1)
	}
	var commit []kafka.TopicPartition
	for part, off := range next {
		commit = append(commit, kafka.TopicPartition{Topic: &topic, Partition: part, Offset: off})
	}
	committed, err := first.CommitOffsets(commit)
	if err != nil {
		t.Fatalf("committing %v: %v", commit, err)
	}
	for _, tp := range committed {
		if tp.Error != nil {
			t.Fatalf("committing %v: %v", tp, tp.Error)
		}
	}
	if err := first.Close(); err != nil { // leave the group
		t.Fatalf("closing the first consumer: %v", err)
	}

	want := func(part int32) kafka.Offset {
		if off, ok := next[part]; ok {
			return off
		}
		return kafka.OffsetInvalid // nothing committed
	}
	all := []kafka.TopicPartition{{Topic: &topic, Partition: 0}, {Topic: &topic, Partition: 1}}

	second := newConsumer(t, addr, group, nil)
	got, err := second.Committed(all, int(untilDeadline(ctx).Milliseconds()))
	if err != nil {
		t.Fatalf("reading committed offsets of %s: %v", group, err)
	}
	for _, tp := range got {
		if tp.Offset != want(tp.Partition) {
			t.Errorf("consumer: committed offset of partition %d is %v, want %v", tp.Partition, tp.Offset, want(tp.Partition))
		}
	}
	res, err := admin.ListConsumerGroupOffsets(ctx,
		[]kafka.ConsumerGroupTopicPartitions{{Group: group, Partitions: all}},
		kafka.SetAdminRequireStableOffsets(true))
	if err != nil {
		t.Fatalf("listing the offsets of %s: %v", group, err)
	}
	for _, tp := range res.ConsumerGroupsTopicPartitions[0].Partitions {
		if tp.Error != nil || tp.Offset != want(tp.Partition) {
			t.Errorf("admin: committed offset of partition %d is %v (%v), want %v", tp.Partition, tp.Offset, tp.Error, want(tp.Partition))
		}
	}

	if err := second.SubscribeTopics([]string{topic}, nil); err != nil {
		t.Fatalf("subscribing to %s: %v", topic, err)
	}
	rest, err := readN(ctx, second, len(sent)-firstN, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rest {
		if r.Offset < want(r.Partition) && want(r.Partition) != kafka.OffsetInvalid {
			t.Errorf("resumed at %d/%d, before the committed offset %v", r.Partition, r.Offset, want(r.Partition))
		}
	}
}

// values returns the record values, sorted.
func values(recs []record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = string(r.Value)
	}
	sort.Strings(out)
	return out
}

// TestTransactions commits one transaction, aborts another and commits a
// third; a read_committed consumer sees exactly the committed records, while
// a read_uncommitted one sees the aborted ones too (so they were written).
func TestTransactions(t *testing.T) {
	addr := bootstrap(t)
	ctx := testContext(t)
	topic := createTopic(ctx, t, newAdmin(t, addr), 2)

	p := newProducer(t, addr, kafka.ConfigMap{"transactional.id": uniqueName(t, "txn"), "partitioner": "murmur2_random"})
	if err := p.InitTransactions(ctx); err != nil {
		t.Fatalf("InitTransactions: %v", err)
	}
	txns := []struct {
		name   string
		n      int
		commit bool
	}{
		{"committed-1", 3, true},
		{"aborted", 4, false},
		{"committed-2", 2, true},
	}
	var all, committed []record
	for _, tx := range txns {
		recs := make([]record, tx.n)
		for i := range recs {
			recs[i] = record{Key: fmt.Sprintf("k%d", i), Value: fmt.Appendf(nil, `{"txn":%q,"i":%d}`, tx.name, i)}
		}
		if err := p.BeginTransaction(); err != nil {
			t.Fatalf("%s: BeginTransaction: %v", tx.name, err)
		}
		if _, err := produceAll(ctx, p, topic, recs); err != nil {
			t.Fatalf("%s: %v", tx.name, err)
		}
		all = append(all, recs...)
		if tx.commit {
			if err := p.CommitTransaction(ctx); err != nil {
				t.Fatalf("%s: CommitTransaction: %v", tx.name, err)
			}
			committed = append(committed, recs...)
		} else if err := p.AbortTransaction(ctx); err != nil {
			t.Fatalf("%s: AbortTransaction: %v", tx.name, err)
		}
	}

	for _, tc := range []struct {
		isolation string
		want      []record
	}{
		{"read_committed", committed},
		{"read_uncommitted", all},
	} {
		t.Run(tc.isolation, func(t *testing.T) {
			c := newConsumer(t, addr, uniqueName(t, "group"), kafka.ConfigMap{"isolation.level": tc.isolation})
			assignAll(t, c, topic, 2)
			got, err := readN(ctx, c, len(tc.want), 1500*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := values(got), values(tc.want); !slices.Equal(g, w) {
				t.Errorf("%s consumer read\n%q\nwant\n%q", tc.isolation, g, w)
			}
		})
	}
}

// TestTransactionalConsumeProduce is the exactly-once loop: consume, produce
// the results and commit the consumed offsets in one transaction. After one
// committed and one aborted round, the group's offsets and the output hold
// the committed round only, and a new member of the group re-reads exactly
// the aborted round's input.
func TestTransactionalConsumeProduce(t *testing.T) {
	addr := bootstrap(t)
	ctx := testContext(t)
	admin := newAdmin(t, addr)
	in := createTopic(ctx, t, admin, 2)
	out := createTopic(ctx, t, admin, 2)
	group := uniqueName(t, "group")

	src := newProducer(t, addr, kafka.ConfigMap{"partitioner": "murmur2_random"})
	input, err := produceAll(ctx, src, in, jsonRecords(t, 3, 4, "eos"))
	if err != nil {
		t.Fatal(err)
	}

	tp := newProducer(t, addr, kafka.ConfigMap{"transactional.id": uniqueName(t, "txn"), "partitioner": "murmur2_random"})
	if err := tp.InitTransactions(ctx); err != nil {
		t.Fatalf("InitTransactions: %v", err)
	}
	c := newConsumer(t, addr, group, kafka.ConfigMap{"isolation.level": "read_committed"})
	if err := c.SubscribeTopics([]string{in}, nil); err != nil {
		t.Fatalf("subscribing to %s: %v", in, err)
	}

	const batch = 5
	next := map[int32]kafka.Offset{}
	// round runs one consume-transform-produce transaction of batch records.
	round := func(commit bool) []record {
		t.Helper()
		read, err := readN(ctx, c, batch, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := tp.BeginTransaction(); err != nil {
			t.Fatalf("BeginTransaction: %v", err)
		}
		results := make([]record, len(read))
		for i, r := range read {
			results[i] = record{Key: r.Key, Value: fmt.Appendf(nil, `{"from":"%d/%d"}`, r.Partition, r.Offset)}
		}
		if _, err := produceAll(ctx, tp, out, results); err != nil {
			t.Fatal(err)
		}
		pos := maps.Clone(next)
		for _, r := range read {
			pos[r.Partition] = max(pos[r.Partition], r.Offset+1)
		}
		var offsets []kafka.TopicPartition
		for part, off := range pos {
			offsets = append(offsets, kafka.TopicPartition{Topic: &in, Partition: part, Offset: off})
		}
		meta, err := c.GetConsumerGroupMetadata()
		if err != nil {
			t.Fatalf("consumer group metadata: %v", err)
		}
		if err := tp.SendOffsetsToTransaction(ctx, offsets, meta); err != nil {
			t.Fatalf("SendOffsetsToTransaction(%v): %v", offsets, err)
		}
		if commit {
			if err := tp.CommitTransaction(ctx); err != nil {
				t.Fatalf("CommitTransaction: %v", err)
			}
			next = pos
		} else if err := tp.AbortTransaction(ctx); err != nil {
			t.Fatalf("AbortTransaction: %v", err)
		}
		return read
	}
	committedResults := round(true)
	abortedInput := round(false)
	if err := c.Close(); err != nil {
		t.Fatalf("closing the consumer: %v", err)
	}

	// The group's offsets are those of the committed round.
	parts := []kafka.TopicPartition{{Topic: &in, Partition: 0}, {Topic: &in, Partition: 1}}
	res, err := admin.ListConsumerGroupOffsets(ctx,
		[]kafka.ConsumerGroupTopicPartitions{{Group: group, Partitions: parts}},
		kafka.SetAdminRequireStableOffsets(true))
	if err != nil {
		t.Fatalf("listing the offsets of %s: %v", group, err)
	}
	for _, got := range res.ConsumerGroupsTopicPartitions[0].Partitions {
		want, ok := next[got.Partition]
		if !ok {
			want = kafka.OffsetInvalid
		}
		if got.Error != nil || got.Offset != want {
			t.Errorf("committed offset of %s[%d] is %v (%v), want %v", in, got.Partition, got.Offset, got.Error, want)
		}
	}

	// The output holds the committed round's results only.
	oc := newConsumer(t, addr, uniqueName(t, "group"), kafka.ConfigMap{"isolation.level": "read_committed"})
	assignAll(t, oc, out, 2)
	gotOut, err := readN(ctx, oc, len(committedResults), 1500*time.Millisecond)
	if err != nil {
		t.Fatalf("reading %s: %v", out, err)
	}
	wantOut := make([]record, len(committedResults))
	for i, r := range committedResults {
		wantOut[i] = record{Value: fmt.Appendf(nil, `{"from":"%d/%d"}`, r.Partition, r.Offset)}
	}
	if g, w := values(gotOut), values(wantOut); !slices.Equal(g, w) {
		t.Errorf("output\n%q\nwant\n%q", g, w)
	}

	// A new member resumes after the committed round: it re-reads the aborted
	// round's input and then the rest, nothing of the committed round.
	again := newConsumer(t, addr, group, kafka.ConfigMap{"isolation.level": "read_committed"})
	if err := again.SubscribeTopics([]string{in}, nil); err != nil {
		t.Fatalf("subscribing to %s: %v", in, err)
	}
	rest, err := readN(ctx, again, len(input)-len(committedResults), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	restSet := map[string]bool{}
	for _, r := range rest {
		restSet[fmt.Sprintf("%d/%d", r.Partition, r.Offset)] = true
	}
	for _, r := range abortedInput {
		if !restSet[fmt.Sprintf("%d/%d", r.Partition, r.Offset)] {
			t.Errorf("input %d/%d of the aborted round was not re-read", r.Partition, r.Offset)
		}
	}
	for _, r := range committedResults {
		if restSet[fmt.Sprintf("%d/%d", r.Partition, r.Offset)] {
			t.Errorf("input %d/%d of the committed round was read again", r.Partition, r.Offset)
		}
	}
}

// TestBrokerRestart stops the broker (keeping its data) while an idempotent
// producer has records in flight, starts it again on the same port, and
// checks that every record arrives exactly once. It needs the broker to be
// the one scripts/kafka-local.sh runs.
func TestBrokerRestart(t *testing.T) {
	addr := bootstrap(t)
	ctx := testContext(t)
	url, err := script(ctx, "url")
	if err != nil || url != addr {
		t.Skipf("SKIPPED: the broker at %s is not the one scripts/kafka-local.sh runs (url %q, %v); cannot restart it", addr, url, err)
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("%s=%q: %v", envBootstrap, addr, err)
	}
	topic := createTopic(ctx, t, newAdmin(t, addr), 2)

	p := newProducer(t, addr, kafka.ConfigMap{
		"partitioner":              "murmur2_random",
		"enable.idempotence":       true,
		"message.timeout.ms":       40000,
		"retry.backoff.ms":         100,
		"retry.backoff.max.ms":     500,
		"reconnect.backoff.ms":     100,
		"reconnect.backoff.max.ms": 500,
	})
	before, err := produceAll(ctx, p, topic, jsonRecords(t, 4, 3, "before"))
	if err != nil {
		t.Fatal(err)
	}

	t.Cleanup(func() {
		// Whatever happened, leave a running broker for the other tests.
		ctx, cancel := context.WithTimeout(context.Background(), 70*time.Second)
		defer cancel()
		if _, err := script(ctx, "status"); err != nil {
			if _, err := script(ctx, "start", "--port", port); err != nil {
				t.Errorf("restarting the broker after the test: %v", err)
			}
		}
	})
	if _, err := script(ctx, "stop", "--keep-data"); err != nil {
		t.Fatal(err)
	}
	during := jsonRecords(t, 4, 3, "during")
	delivered, err := sendAll(p, topic, during)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // let the producer find the broker gone
	if _, err := script(ctx, "start", "--port", port); err != nil {
		t.Fatal(err)
	}
	if _, err := awaitDelivery(ctx, delivered, topic, during); err != nil {
		t.Fatalf("records produced while the broker was down: %v", err)
	}

	c := newConsumer(t, addr, uniqueName(t, "group"), nil)
	assignAll(t, c, topic, 2)
	want := append(before, during...)
	got, err := readN(ctx, c, len(want), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := values(got), values(want); !slices.Equal(g, w) {
		t.Errorf("after the restart read\n%q\nwant\n%q", g, w)
	}
}
