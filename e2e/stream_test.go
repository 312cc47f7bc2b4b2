package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFlagAfterTransactionsUnbounded runs the job unbounded: transactions
// are consumed (and their offsets committed after a flush) before the flag
// that matches them is even produced; the join must still emit them, once
// each, and SIGTERM must stop the job cleanly with exit code 0.
func TestFlagAfterTransactionsUnbounded(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	dir := t.TempDir()
	writeFile(t, dir, "job.sql", kafkaJob(false, filepath.Join(dir, "out")))
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")

	txs := []txRec{
		{1000000004, "C4000000001", "Online", "UNBOUNDED0000001", "Others", "10.10", "2030-01-01 00:00:01"},
		{1000000004, "C4000000001", "In Store", "UNBOUNDED0000002", "Gas_Station", "20.2", "2030-01-01 00:00:02.5"},
		{1000000004, "C4000000001", "Online", "UNBOUNDED0000003", "Others", "30", "2019-01-01 00:00:00"}, // before the flag
	}
	var recs []record
	for _, x := range txs {
		recs = append(recs, record{[]byte(fmt.Sprintf(`{"account_id": %d, "transaction_id": "%s"}`, x.acct, x.id)), []byte(x.json())})
	}
	produce(t, broker.Addr(), "transactions", recs)

	// The transactions are in the join's state once their offsets are
	// committed: commits happen only after the sinks flushed what came before.
	deadline := time.Now().Add(30 * time.Second)
	for committed(t, broker.Addr(), "transaction-source-group", "transactions") < int64(len(txs)) {
		if time.Now().After(deadline) {
			t.Fatalf("transaction offsets were not committed within 30 s; stderr:\n%s", p.stderr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if out := p.stdout.String(); out != "" {
		t.Fatalf("output before any flag: %q", out)
	}

	flag := flagRec{1000000004, "2020-01-01 00:00:00"}
	produce(t, broker.Addr(), "flagged-accounts", []record{{[]byte(`{"account_id": 1000000004}`), []byte(flag.json())}})
	wantPrint, wantJSON, _ := expected(t, []flagRec{flag}, txs)
	if len(wantPrint) != 2 {
		t.Fatalf("test data: %d expected rows", len(wantPrint))
	}
	deadline = time.Now().Add(30 * time.Second)
	for len(lines(p.stdout.String())) < len(wantPrint) {
		if time.Now().After(deadline) {
			t.Fatalf("no output within 30 s of the flag; stdout %q; stderr:\n%s", p.stdout.String(), p.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM; stderr:\n%s", code, p.stderr.String())
	}
	checkMultiset(t, "print sink", lines(p.stdout.String()), wantPrint)
	// The final flush on SIGTERM published the part file.
	checkMultiset(t, "filesystem sink", readPartFiles(t, filepath.Join(dir, "out")), wantJSON)
	var got []string
	for _, r := range consumeAll(t, broker.Addr(), "flagged-transactions") {
		got = append(got, string(r.value))
	}
	checkMultiset(t, "kafka sink", lines(strings.Join(got, "\n")), wantJSON)
}

// TestShutdownWithBrokerGone: when the broker disappears, SIGTERM must still
// end the process in bounded time. The final checkpoint then commits offsets
// to a dead broker, and librdkafka's commit would wait forever.
func TestShutdownWithBrokerGone(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	dir := t.TempDir()
	// No periodic checkpoint: the only commit is the final one.
	job := strings.Replace(kafkaJob(false, filepath.Join(dir, "out")), "'1 s'", "'1 h'", 1)
	writeFile(t, dir, "job.sql", job)
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	flag := flagRec{1000000001, "2020-01-01 00:00:00"}
	tx := txRec{1000000001, "C1000000001", "Online", "BROKERGONE000001", "Others", "1.00", "2030-01-01 00:00:00"}
	produce(t, broker.Addr(), "flagged-accounts", []record{{nil, []byte(flag.json())}})
	produce(t, broker.Addr(), "transactions", []record{{nil, []byte(tx.json())}})
	deadline := time.Now().Add(30 * time.Second)
	// Wait for the row on the print sink and on the Kafka sink's topic: the
	// broker then goes away with nothing in flight, and only the final
	// offset commit finds it gone. (A row still in flight would make the
	// final flush wait for the whole shutdown timeout, by design.)
	for p.stdout.String() == "" || len(consumeAll(t, broker.Addr(), "flagged-transactions")) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no output within 30 s; stderr:\n%s", p.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	broker.Close()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Bounded by the 5 s commit timeout and the 10 s close wait; the exit
	// code may report the failed flush, but the process must end.
	p.wait(t, 25*time.Second)
	if strings.Contains(p.stderr.String(), "panic") {
		t.Errorf("panic during shutdown:\n%s", p.stderr.String())
	}
}
