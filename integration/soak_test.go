//go:build integration

package integration

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/txgen"
)

// Soak settings; the environment overrides them for longer runs.
const (
	envSoakSeed  = "SLUICE_SOAK_SEED"  // the seed of the data and the kill points (default: the clock)
	envSoakKills = "SLUICE_SOAK_KILLS" // how many kill -9 (default 6)
	envSoakCount = "SLUICE_SOAK_COUNT" // how many transactions (default 9000)

	// soakRate is the generator's pace (transactions/s): the default count
	// takes ~30 s, so the kills land while the input is still arriving.
	soakRate = 300.0
	// soakTimeout bounds a whole soak test.
	soakTimeout = 4 * time.Minute
	// drainTimeout bounds the wait, after the last restart, for the output
	// to become complete.
	drainTimeout = 2 * time.Minute
)

// jobTopics names a job's topics and consumer groups.
type jobTopics struct {
	flags, txs, out          string
	flagsGroup, txsGroup     string
	guarantee, transactionID string // the sink's delivery guarantee and transactional-id prefix
}

// jobSQL is the seed job — transactions ⋈ flagged accounts on account_id
// with transaction_date > flag_date, into a Kafka topic — with 1 s
// checkpoints. Both sources start at the earliest offset: a run that is
// killed before its first checkpoint is restarted from the start (or from
// the previous run's checkpoint), never past unprocessed input.
func jobSQL(j jobTopics) string {
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
	const cols = `account_id BIGINT, customer_id VARCHAR(15), merchant_type VARCHAR(8), transaction_id VARCHAR(16),
    transaction_type VARCHAR(20), transaction_amount DECIMAL(10,2), transaction_date TIMESTAMP(3)`
	guarantee := fmt.Sprintf(",\n    'sink.delivery-guarantee' = '%s'", j.guarantee)
	if j.transactionID != "" {
		guarantee += fmt.Sprintf(",\n    'sink.transactional-id-prefix' = '%s'", j.transactionID)
	}
	return "SET 'execution.checkpointing.interval' = '1 s';\n" +
		src("flagged_accounts", "account_id BIGINT, flag_date TIMESTAMP(3)", j.flags, j.flagsGroup) +
		src("transactions", cols, j.txs, j.txsGroup) +
		fmt.Sprintf(`CREATE TABLE flagged_transactions (%s) WITH (
    'connector' = 'kafka',
    'topic' = '%s',
    'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
    'format' = 'json',
    'key.format' = 'json',
    'key.fields' = 'account_id;transaction_id'%s
);
INSERT INTO flagged_transactions
SELECT l.* FROM transactions AS l JOIN flagged_accounts AS r
    ON l.account_id = r.account_id AND l.transaction_date > r.flag_date;
`, cols, j.out, guarantee)
}

func jobProperties(addr string) string {
	return fmt.Sprintf(`[{"PropertyGroupId": "kafka", "PropertyMap": {"bootstrap.servers": %q}}]`, addr)
}

// newJobTopics creates the job's topics: one partition of flags, two of
// transactions and two of output.
func newJobTopics(ctx context.Context, t *testing.T, admin *kafka.AdminClient, guarantee string) jobTopics {
	t.Helper()
	j := jobTopics{
		flags:      createTopic(ctx, t, admin, 1),
		txs:        createTopic(ctx, t, admin, 2),
		out:        createTopic(ctx, t, admin, 2),
		flagsGroup: uniqueName(t, "flags-group"),
		txsGroup:   uniqueName(t, "txs-group"),
		guarantee:  guarantee,
	}
	if guarantee == "exactly-once" {
		j.transactionID = uniqueName(t, "txn")
	}
	return j
}

// generator runs txgen (the project's data generator, deterministic with
// seed) in the background: the flagged accounts, then count transactions
// at soakRate. Its producer is idempotent with a long delivery timeout, so
// it rides out a broker outage without losing or duplicating input.
type generator struct {
	done  chan struct{}
	stats txgen.Stats
	err   error
}

func startGenerator(ctx context.Context, addr string, j jobTopics, seed int64, count int) *generator {
	g := &generator{done: make(chan struct{})}
	go func() {
		defer close(g.done)
		g.stats, g.err = txgen.Run(ctx, txgen.Config{
			DataType:         "transaction",
			AccountsFirst:    true,
			Bootstrap:        addr,
			AccountTopic:     j.flags,
			TransactionTopic: j.txs,
			Deterministic:    true,
			Seed:             seed,
			Count:            int64(count),
			Rate:             soakRate,
			Producer: kafka.ConfigMap{
				"acks":                  "all",
				"enable.idempotence":    true,
				"message.timeout.ms":    120000,
				"broker.address.family": "v4",
			},
		})
	}()
	return g
}

// wait waits for the generator and checks it sent everything.
func (g *generator) wait(ctx context.Context, flags, count int) error {
	select {
	case <-g.done:
	case <-ctx.Done():
		return fmt.Errorf("waiting for the generator: %w", ctx.Err())
	}
	if g.err != nil {
		return fmt.Errorf("generator: %w", g.err)
	}
	if g.stats.Accounts != int64(flags) || g.stats.Transactions != int64(count) {
		return fmt.Errorf("generator delivered %d flags and %d transactions, want %d and %d",
			g.stats.Accounts, g.stats.Transactions, flags, count)
	}
	return nil
}

// produceLate sends the late flags (unkeyed JSON, as txgen writes them).
func produceLate(ctx context.Context, t *testing.T, addr string, j jobTopics, late []txgen.Account) {
	t.Helper()
	p := newProducer(t, addr, kafka.ConfigMap{"acks": "all", "enable.idempotence": true})
	recs := make([]record, len(late))
	for i, a := range late {
		recs[i] = record{Key: string(a.Key()), Value: a.Value()}
	}
	if _, err := produceAll(ctx, p, j.flags, recs); err != nil {
		t.Fatalf("late flags: %v", err)
	}
}

// outputReader reads the job's output topic from the beginning with a
// read_committed consumer (for a non-transactional sink that is everything).
type outputReader struct {
	c     *kafka.Consumer
	topic string
	got   map[string]int
	total int
	last  time.Time // when the last record arrived
}

func newOutputReader(t *testing.T, addr, topic string, partitions int) *outputReader {
	t.Helper()
	c := newConsumer(t, addr, uniqueName(t, "reader"), kafka.ConfigMap{"isolation.level": "read_committed"})
	assignAll(t, c, topic, partitions)
	return &outputReader{c: c, topic: topic, got: map[string]int{}, last: time.Now()}
}

// poll reads what arrives within d.
func (r *outputReader) poll(d time.Duration) error {
	for end := time.Now().Add(d); time.Now().Before(end); {
		m, err := r.c.ReadMessage(100 * time.Millisecond)
		if err != nil {
			var kerr kafka.Error
			if errors.As(err, &kerr) && !kerr.IsFatal() {
				// A timeout, or a broker that is away (librdkafka retries).
				continue
			}
			return fmt.Errorf("reading %s: %w", r.topic, err)
		}
		r.got[string(m.Value)]++
		r.total++
		r.last = time.Now()
	}
	return nil
}

// untilQuiet reads until nothing has arrived for quiet.
func (r *outputReader) untilQuiet(ctx context.Context, quiet time.Duration) error {
	for time.Since(r.last) < quiet {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := r.poll(200 * time.Millisecond); err != nil {
			return err
		}
	}
	return nil
}

// waitComplete reads until every expected row is there (at least as often
// as expected), or fails after timeout describing what is missing.
func (r *outputReader) waitComplete(ctx context.Context, want map[string]int, timeout time.Duration, alive func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		if err := r.poll(500 * time.Millisecond); err != nil {
			return err
		}
		c := compare(r.got, want)
		if c.missing == 0 {
			return nil
		}
		if err := alive(); err != nil {
			return fmt.Errorf("%w; output so far: %v", err, c)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("output of %s incomplete after %v: %v", r.topic, timeout, c)
		}
	}
}

// inputCount is the number of records in a topic (sum of its high
// watermarks; the generator is idempotent and not transactional, so offsets
// are dense).
func inputCount(c *kafka.Consumer, topic string, partitions int) (int64, error) {
	var n int64
	for p := range partitions {
		lo, hi, err := c.QueryWatermarkOffsets(topic, int32(p), 10000)
		if err != nil {
			return 0, fmt.Errorf("watermarks of %s[%d]: %w", topic, p, err)
		}
		n += hi - lo
	}
	return n, nil
}

func envInt(t *testing.T, key string, def int64) int64 {
	t.Helper()
	s := os.Getenv(key)
	if s == "" {
		return def
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", key, s, err)
	}
	return n
}

// waitRunning waits until a run logs that the job runs, failing if it exits.
func waitRunning(t *testing.T, p *sluiceProc, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(p.stderr.String(), "job running") {
		if p.exited() {
			t.Fatalf("sluice %s exited with %d before running; stderr:\n%s", p.name, p.exitCode(), tail(p.stderr.String(), 6000))
		}
		if time.Now().After(deadline) {
			t.Fatalf("sluice %s not running after %v; stderr:\n%s", p.name, timeout, tail(p.stderr.String(), 6000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestKillSoakAtLeastOnce: kill -9 the engine at random points while the
// generator runs, restart it each time on the same checkpoints, and check
// that the output topic holds every expected row (duplicates allowed).
func TestKillSoakAtLeastOnce(t *testing.T) { killSoak(t, "at-least-once") }

// TestKillSoakExactlyOnce: the same with an exactly-once sink; a
// read_committed reader must see every expected row exactly once.
func TestKillSoakExactlyOnce(t *testing.T) { killSoak(t, "exactly-once") }

func killSoak(t *testing.T, guarantee string) {
	addr := bootstrap(t)
	ctx, cancel := context.WithTimeout(t.Context(), soakTimeout)
	defer cancel()
	seed := envInt(t, envSoakSeed, time.Now().UnixNano()%1_000_000_000)
	kills := int(envInt(t, envSoakKills, 6))
	count := int(envInt(t, envSoakCount, 9000))
	t.Logf("soak: seed %d (rerun with %s=%d), %d kills, %d transactions at %.0f/s, sink %s",
		seed, envSoakSeed, seed, kills, count, soakRate, guarantee)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6b696c6c)) // "kill": the kill points

	data := soakData(seed, count)
	want, wantTotal := expectedValues(t, data)
	admin := newAdmin(t, addr)
	j := newJobTopics(ctx, t, admin, guarantee)
	dir := t.TempDir()
	writeFile(t, dir, "job.sql", jobSQL(j))
	writeFile(t, dir, "props.json", jobProperties(addr))
	env := []string{"SLUICE_CHECKPOINT_DIR=" + filepath.Join(dir, "checkpoints")}
	args := []string{"run", "--sql", "job.sql", "--properties", "props.json"}

	// The first run starts before the generator, so that a job that fails
	// at start (e.g. a sink rejecting its options) fails the test at once.
	run := startSluice(t, "run 1", dir, env, args...)
	waitRunning(t, run, 30*time.Second)
	start := time.Now()
	gen := startGenerator(ctx, addr, j, seed, count)

	for k := 1; k <= kills; k++ {
		// A random point: sometimes before the run's first checkpoint,
		// sometimes several checkpoints in.
		delay := time.Duration(300+rng.IntN(4200)) * time.Millisecond
		if err := sleepCtx(ctx, delay); err != nil {
			t.Fatal(err)
		}
		if run.exited() {
			t.Fatalf("sluice %s exited by itself (code %d) before kill %d; stderr:\n%s", run.name, run.exitCode(), k, tail(run.stderr.String(), 6000))
		}
		run.kill9(t)
		t.Logf("kill -9 #%d at %5.1fs, %4d ms into %s (%d checkpoints completed in it)",
			k, time.Since(start).Seconds(), delay.Milliseconds(), run.name, run.checkpoints())
		if k == kills/2 {
			// Flags that arrive between two runs, after transactions they match.
			produceLate(ctx, t, addr, j, data.late)
		}
		run = startSluice(t, fmt.Sprintf("run %d", k+1), dir, env, args...)
	}
	if kills < 2 {
		produceLate(ctx, t, addr, j, data.late)
	}
	if err := gen.wait(ctx, len(data.flags), count); err != nil {
		t.Fatal(err)
	}
	t.Logf("generator done at %.1fs: %d flags + %d late, %d transactions; %d output rows expected",
		time.Since(start).Seconds(), len(data.flags), len(data.late), count, wantTotal)

	reader := newOutputReader(t, addr, j.out, 2)
	if n, err := inputCount(reader.c, j.txs, 2); err != nil || n != int64(count) {
		t.Fatalf("the transactions topic holds %d records (%v), want %d: the input itself is wrong", n, err, count)
	}
	final := run
	alive := func() error {
		if final.exited() {
			return fmt.Errorf("sluice %s exited by itself with %d", final.name, final.exitCode())
		}
		return nil
	}
	if err := reader.waitComplete(ctx, want, drainTimeout, alive); err != nil {
		final.dumpGoroutines()
		t.Fatalf("%v\n%s", err, uncommittedView(ctx, t, addr, j.out, want))
	}
	t.Logf("output complete at %.1fs", time.Since(start).Seconds())
	final.terminate(t)
	if !strings.Contains(final.stderr.String(), "restored from checkpoint") {
		t.Errorf("the last run did not restore a checkpoint; stderr:\n%s", tail(final.stderr.String(), 4000))
	}
	if err := reader.untilQuiet(ctx, 2*time.Second); err != nil {
		t.Fatal(err)
	}

	c := compare(reader.got, want)
	t.Logf("%s after %d kills: %d rows expected, %d read: %d missing, %d duplicates, %d unexpected",
		guarantee, kills, wantTotal, reader.total, c.missing, c.duplicates, c.unexpected)
	if c.missing > 0 || c.unexpected > 0 {
		t.Errorf("output of %s differs from the brute-force join: %v", j.out, c)
	}
	if guarantee == "exactly-once" && c.duplicates > 0 {
		t.Errorf("exactly-once with read_committed: %d duplicated rows: %v", c.duplicates, c)
	}
}

// uncommittedView describes the output as a read_uncommitted reader sees
// it, to tell rows never written from rows written in transactions that
// were never committed (or aborted) when a read_committed reader misses them.
func uncommittedView(ctx context.Context, t *testing.T, addr, topic string, want map[string]int) string {
	t.Helper()
	c := newConsumer(t, addr, uniqueName(t, "uncommitted"), kafka.ConfigMap{"isolation.level": "read_uncommitted"})
	assignAll(t, c, topic, 2)
	r := &outputReader{c: c, topic: topic, got: map[string]int{}, last: time.Now()}
	if err := r.untilQuiet(ctx, 3*time.Second); err != nil {
		return fmt.Sprintf("read_uncommitted view of %s: %v", topic, err)
	}
	return fmt.Sprintf("read_uncommitted view of %s: %d records: %v", topic, r.total, compare(r.got, want))
}
