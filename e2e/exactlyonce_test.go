package e2e

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/internal/kafkalog"
)

// exactlyOnceJob is the fraud join into a Kafka sink with
// 'sink.delivery-guarantee' = 'exactly-once', checkpointing every second.
// Both sources start at the earliest offset: a restart resumes from the
// checkpoint it restores, and partitions absent from it hold nothing read
// before.
func exactlyOnceJob() string {
	src := func(name, cols, topic, group string) string {
		return fmt.Sprintf(`CREATE TABLE %s (%s) WITH (
    'connector' = 'kafka',
    'topic' = '%s',
    'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
    'properties.group.id' = '%s',
    'format' = 'json',
    'scan.startup.mode' = 'earliest-offset'
);
`, name, cols, topic, group)
	}
	return "SET 'execution.checkpointing.interval' = '1 s';\n" +
		src("flagged_accounts", "account_id BIGINT, flag_date TIMESTAMP(3)", "flagged-accounts", "flagged-account-source-group") +
		src("transactions", columns, "transactions", "transaction-source-group") +
		fmt.Sprintf(`CREATE TABLE flagged_transactions (%s) WITH (
    'connector' = 'kafka',
    'topic' = 'flagged-transactions',
    'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
    'format' = 'json',
    'sink.delivery-guarantee' = 'exactly-once',
    'sink.transactional-id-prefix' = 'e2e-fraud'
);
INSERT INTO flagged_transactions %s;
`, columns, joinQuery)
}

// readCommitted reads every record value of a topic a read_committed
// consumer sees: it reads from the beginning until it has at least want
// values and then nothing new arrives for a second (a duplicate would).
func readCommitted(t *testing.T, addr, topic string, want int) []string {
	t.Helper()
	c, err := kafka.NewConsumer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "group.id": "e2e-committed-reader",
		"enable.auto.commit": false, "isolation.level": "read_committed"}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	md, err := c.GetMetadata(&topic, false, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var tps []kafka.TopicPartition
	for _, p := range md.Topics[topic].Partitions {
		tps = append(tps, kafka.TopicPartition{Topic: &topic, Partition: p.ID, Offset: kafka.OffsetBeginning})
	}
	if err := c.Assign(tps); err != nil {
		t.Fatal(err)
	}
	var out []string
	deadline := time.Now().Add(60 * time.Second)
	lastNew := time.Now()
	for time.Now().Before(deadline) {
		if len(out) >= want && time.Since(lastNew) > time.Second {
			break
		}
		m, err := c.ReadMessage(100 * time.Millisecond)
		if err != nil {
			continue
		}
		out = append(out, string(m.Value))
		lastNew = time.Now()
	}
	sort.Strings(out)
	return out
}

// feeder produces transactions in small batches until stopped, like the
// generator of a live pipeline, and remembers what it delivered.
type feeder struct {
	stopc chan struct{}
	done  chan error
	sent  []txRec
}

func feed(t *testing.T, addr string) *feeder {
	f := &feeder{stopc: make(chan struct{}), done: make(chan error, 1)}
	cm := kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "linger.ms": 5, "partitioner": "murmur2_random"})
	go func() {
		p, err := kafka.NewProducer(cm)
		if err != nil {
			f.done <- err
			return
		}
		defer p.Close()
		topic := "transactions"
		for i := 0; ; i++ {
			select {
			case <-f.stopc:
				f.done <- nil
				return
			case <-time.After(50 * time.Millisecond):
			}
			batch := txBatch(fmt.Sprintf("EOK%05d", i), 16)
			dr := make(chan kafka.Event, len(batch))
			for _, x := range batch {
				m := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}, Value: []byte(x.json())}
				if err := p.Produce(m, dr); err != nil {
					f.done <- err
					return
				}
			}
			for range batch {
				if m := (<-dr).(*kafka.Message); m.TopicPartition.Error != nil {
					f.done <- m.TopicPartition.Error
					return
				}
			}
			f.sent = append(f.sent, batch...)
		}
	}()
	return f
}

// stop ends the feed and returns what was delivered.
func (f *feeder) stop(t *testing.T) []txRec {
	t.Helper()
	close(f.stopc)
	if err := <-f.done; err != nil {
		t.Fatalf("feeding transactions: %v", err)
	}
	return f.sent
}

// TestExactlyOnceAcrossKills kills the engine with SIGKILL at random points
// while transactions keep arriving, restarts it each time, and checks that a
// read_committed consumer of the exactly-once sink sees exactly the expected
// multiset: every match once, none missing, none twice. (With
// 'at-least-once' the same run shows duplicates: every kill lands on rows
// written after the last checkpoint.)
func TestExactlyOnceAcrossKills(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	dir := t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	writeFile(t, dir, "job.sql", exactlyOnceJob())
	produceFlags(t, broker.Addr(), testFlags)
	rng := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))

	f := feed(t, broker.Addr())
	var runs []*process
	const kills = 4
	for range kills {
		p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
		runs = append(runs, p)
		// Let the run restore, write and commit a checkpoint or two, then
		// kill it somewhere between two checkpoints.
		waitUntil(t, p, "the job running", 30*time.Second, func() bool { return strings.Contains(p.stderr.String(), "job running") })
		time.Sleep(1500*time.Millisecond + time.Duration(rng.IntN(2000))*time.Millisecond)
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		p.wait(t, 10*time.Second)
	}
	last := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	runs = append(runs, last)
	time.Sleep(time.Second)
	all := f.stop(t)
	_, want, _ := expected(t, testFlags, all)
	waitCheckpointed(t, last, broker.Addr(), int64(len(testFlags)), int64(len(all)))
	stop(t, last)

	got := readCommitted(t, broker.Addr(), "flagged-transactions", len(want))
	if len(want) < 1000 {
		t.Fatalf("only %d expected rows: the test would prove little", len(want))
	}
	if d := diffMultisets(got, want); d != "" {
		t.Fatalf("read_committed output differs from the expected multiset (%d rows, want %d):\n%s", len(got), len(want), d)
	}
	restores := 0
	for _, p := range runs[1:] {
		if strings.Contains(p.stderr.String(), "restored from checkpoint") {
			restores++
		}
	}
	if restores != kills {
		t.Errorf("%d of %d restarts restored a checkpoint", restores, kills)
	}
	t.Logf("%d rows exactly once across %d kills; %d checkpoints skipped as uncommitted", len(got), kills,
		strings.Count(runsStderr(runs), "skipping a checkpoint whose transactions were not committed"))
}

func runsStderr(runs []*process) string {
	var b strings.Builder
	for _, p := range runs {
		b.WriteString(p.stderr.String())
	}
	return b.String()
}

// TestExactlyOnceCommitsAtSIGTERM: with a checkpoint interval far beyond
// the run, nothing is visible to read_committed consumers until SIGTERM,
// whose final checkpoint commits every row once. A print sink next to it
// shows when the rows were processed.
func TestExactlyOnceCommitsAtSIGTERM(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	dir := t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	job := strings.Replace(exactlyOnceJob(), "'1 s'", "'1 h'", 1)
	job = strings.Replace(job, "INSERT INTO flagged_transactions "+joinQuery+";\n",
		fmt.Sprintf("CREATE TABLE sink_print (%s) WITH ('connector' = 'print');\n", columns)+
			"EXECUTE STATEMENT SET BEGIN\n  INSERT INTO flagged_transactions "+joinQuery+";\n  INSERT INTO sink_print "+joinQuery+";\nEND;\n", 1)
	if !strings.Contains(job, "'1 h'") || !strings.Contains(job, "sink_print") {
		t.Fatalf("job not rewritten:\n%s", job)
	}
	writeFile(t, dir, "job.sql", job)
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	produceFlags(t, broker.Addr(), testFlags)
	txs := txBatch("EOSIGTRM", 120)
	produceTxs(t, broker.Addr(), txs)
	wantPrint, want, _ := expected(t, testFlags, txs)
	waitUntil(t, p, "every match processed", 30*time.Second, func() bool { return len(printed(p, "")) >= len(wantPrint) })
	if got := readCommitted(t, broker.Addr(), "flagged-transactions", 0); len(got) != 0 {
		t.Fatalf("read_committed sees %d rows before any checkpoint", len(got))
	}
	stop(t, p)
	got := readCommitted(t, broker.Addr(), "flagged-transactions", len(want))
	if d := diffMultisets(got, want); d != "" {
		t.Fatalf("after SIGTERM read_committed sees %d rows, want %d:\n%s", len(got), len(want), d)
	}
}

// TestExactlyOnceBoundedJob: a job whose sources are bounded is not
// checkpointed; its exactly-once sink commits at every flush and at the
// end, so a read_committed consumer sees every row once after it exits.
func TestExactlyOnceBoundedJob(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	produceFlags(t, broker.Addr(), testFlags)
	txs := txBatch("EOBOUND0", 300)
	produceTxs(t, broker.Addr(), txs)
	dir := t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	job := strings.ReplaceAll(exactlyOnceJob(), "'scan.startup.mode' = 'earliest-offset'",
		"'scan.startup.mode' = 'earliest-offset',\n    'scan.bounded.mode' = 'latest-offset'")
	writeFile(t, dir, "job.sql", job)
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	if code := p.wait(t, 60*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}
	_, want, _ := expected(t, testFlags, txs)
	got := readCommitted(t, broker.Addr(), "flagged-transactions", len(want))
	if d := diffMultisets(got, want); d != "" {
		t.Fatalf("read_committed sees %d rows, want %d:\n%s", len(got), len(want), d)
	}
}
