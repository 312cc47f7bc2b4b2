package runtime_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/internal/kafkalog"
)

const asyncJob = `CREATE TABLE flagged_accounts (account_id BIGINT, flag_date TIMESTAMP(3)) WITH (
  'connector' = 'kafka', 'topic' = 'flags', 'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'properties.group.id' = 'flags-group', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE transactions (account_id BIGINT, transaction_id STRING, transaction_date TIMESTAMP(3)) WITH (
  'connector' = 'kafka', 'topic' = 'tx', 'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'properties.group.id' = 'tx-group', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE sink_print (account_id BIGINT, transaction_id STRING, transaction_date TIMESTAMP(3)) WITH ('connector' = 'print');
INSERT INTO sink_print SELECT l.* FROM transactions AS l JOIN flagged_accounts AS r
  ON l.account_id = r.account_id AND l.transaction_date > r.flag_date;
`

// lockedBuffer is the print sink's stdout, read while the job writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func produce(t *testing.T, addr, topic string, values []string) {
	t.Helper()
	p, err := kafka.NewProducer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "log_level": 3}))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	dr := make(chan kafka.Event, len(values))
	for _, v := range values {
		if err := p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
			Value: []byte(v)}, dr); err != nil {
			t.Fatal(err)
		}
	}
	for range values {
		if m := (<-dr).(*kafka.Message); m.TopicPartition.Error != nil {
			t.Fatal(m.TopicPartition.Error)
		}
	}
}

// TestAsyncCheckpointsRestore runs a job without transactional sinks (its
// checkpoints are saved beside the job loop) with a short checkpoint
// interval while input keeps arriving, stops it, and restarts it from its
// checkpoints: the restart must have the join's state and the sources'
// positions of the last checkpoint, so new input joins the old flags and
// no old transaction is emitted again.
func TestAsyncCheckpointsRestore(t *testing.T) {
	broker, err := devbroker.Start(context.Background(), devbroker.Config{Topics: map[string]int32{"flags": 1, "tx": 2}})
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	dir := t.TempDir()
	sqlPath, propsPath := filepath.Join(dir, "fraud.sql"), filepath.Join(dir, "props.json")
	if err := os.WriteFile(sqlPath, []byte(asyncJob), 0o644); err != nil {
		t.Fatal(err)
	}
	props := fmt.Sprintf(`[{"PropertyGroupId": "kafka", "PropertyMap": {"bootstrap.servers": %q}}]`, broker.Addr())
	if err := os.WriteFile(propsPath, []byte(props), 0o644); err != nil {
		t.Fatal(err)
	}
	produce(t, broker.Addr(), "flags", []string{
		`{"account_id": 1, "flag_date": "2020-01-01 00:00:00"}`, `{"account_id": 3, "flag_date": "2020-01-01 00:00:00"}`})
	tx := func(from, n int) []string {
		var out []string
		for i := from; i < from+n; i++ {
			out = append(out, fmt.Sprintf(`{"account_id": %d, "transaction_id": "T%04d", "transaction_date": "2030-01-01 00:00:00"}`, 1+i%4, i))
		}
		return out
	}
	// run starts the job and returns its stdout, its log and a stop
	// function that returns Run's error.
	run := func() (*lockedBuffer, *observer.ObservedLogs, func() error) {
		stdout := &lockedBuffer{}
		core, logs := observer.New(zap.InfoLevel)
		log := zap.New(core)
		j, err := job.Load(job.Spec{SQLPath: sqlPath, PropertiesPath: propsPath}, builtin.Registry(stdout, stdout), log)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- runtime.Run(ctx, j.Graph, runtime.Options{FlushInterval: 20 * time.Millisecond, Logger: log,
				JobName: "fraud.sql", CheckpointDir: filepath.Join(dir, "checkpoints")})
		}()
		var once sync.Once
		var runErr error
		stop := func() error {
			once.Do(func() { cancel(); runErr = <-done })
			return runErr
		}
		// A failed test stops the job before its directory is removed.
		t.Cleanup(func() { _ = stop() })
		return stdout, logs, stop
	}
	waitRows := func(out *lockedBuffer, want int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for strings.Count(out.String(), "+I[") < want {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %d rows; got:\n%s", want, out.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	out, logs, stop := run()
	const waves, perWave = 10, 40 // half of each wave is accounts 1 and 3
	for w := range waves {
		produce(t, broker.Addr(), "tx", tx(w*perWave, perWave))
		time.Sleep(30 * time.Millisecond) // a checkpoint or more per wave
	}
	waitRows(out, waves*perWave/2)
	time.Sleep(100 * time.Millisecond)
	if err := stop(); err != nil {
		t.Fatalf("first run: %v", err)
	}
	if n := strings.Count(out.String(), "+I["); n != waves*perWave/2 {
		t.Fatalf("first run printed %d rows, want %d", n, waves*perWave/2)
	}
	done := logs.FilterMessage("checkpoint complete").All()
	if len(done) < 3 {
		t.Fatalf("%d checkpoints completed in the first run, want several", len(done))
	}
	for i, e := range done {
		id, _ := e.ContextMap()["checkpoint"].(uint64)
		if id != uint64(i+1) {
			t.Fatalf("checkpoint %d completed as number %d: ids must complete in order, one at a time", id, i+1)
		}
	}

	out, logs, stop = run()
	produce(t, broker.Addr(), "tx", tx(waves*perWave, 4)) // one each of accounts 1-4
	waitRows(out, 2)
	time.Sleep(200 * time.Millisecond) // room for wrongly replayed rows to show
	if err := stop(); err != nil {
		t.Fatalf("second run: %v", err)
	}
	want := fmt.Sprintf("+I[1, T%04d, 2030-01-01T00:00]\n+I[3, T%04d, 2030-01-01T00:00]\n", waves*perWave, waves*perWave+2)
	if got := out.String(); !sameLines(got, want) {
		t.Fatalf("second run printed:\n%s\nwant (the new transactions of the restored flags only):\n%s", got, want)
	}
	if len(logs.FilterMessage("restored from checkpoint").All()) != 1 {
		t.Fatalf("second run did not restore: %v", logs.All())
	}
}

func sameLines(a, b string) bool {
	la, lb := strings.Split(strings.TrimSpace(a), "\n"), strings.Split(strings.TrimSpace(b), "\n")
	if len(la) != len(lb) {
		return false
	}
	seen := map[string]int{}
	for _, l := range la {
		seen[l]++
	}
	for _, l := range lb {
		seen[l]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
