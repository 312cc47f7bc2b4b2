package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// checkpointJob is the fraud join into print sinks over unbounded Kafka
// sources with 1 s checkpoints. flagStartup is the flags' scan.startup.mode:
// restarts use 'latest-offset', so that whatever a restarted job knows of
// earlier flags can only come from the checkpoint. Transactions always start
// at the earliest offset: partitions absent from a checkpoint follow the
// startup mode, and the producer's sticky partitioner may leave a partition
// without records before the restart. extraSink adds a second print sink
// ("audit> " lines): a changed job.
func checkpointJob(flagStartup string, extraSink bool) string {
	src := func(name, cols, topic, group, startup string) string {
		return fmt.Sprintf(`CREATE TABLE %s (%s) WITH (
    'connector' = 'kafka',
    'topic' = '%s',
    'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
    'properties.group.id' = '%s',
    'format' = 'json',
    'scan.startup.mode' = '%s'
);
`, name, cols, topic, group, startup)
	}
	sql := "SET 'execution.checkpointing.interval' = '1 s';\n" +
		src("flagged_accounts", "account_id BIGINT, flag_date TIMESTAMP(3)", "flagged-accounts", "flagged-account-source-group", flagStartup) +
		src("transactions", columns, "transactions", "transaction-source-group", "earliest-offset") +
		fmt.Sprintf("CREATE TABLE sink_print (%s) WITH ('connector' = 'print');\n", columns)
	if !extraSink {
		return sql + "INSERT INTO sink_print " + joinQuery + ";\n"
	}
	return sql + fmt.Sprintf("CREATE TABLE sink_audit (%s) WITH ('connector' = 'print', 'print-identifier' = 'audit');\n", columns) +
		"EXECUTE STATEMENT SET BEGIN\n  INSERT INTO sink_print " + joinQuery + ";\n  INSERT INTO sink_audit " + joinQuery + ";\nEND;\n"
}

func produceFlags(t *testing.T, addr string, flags []flagRec) {
	t.Helper()
	var recs []record
	for _, f := range flags {
		recs = append(recs, record{nil, []byte(f.json())})
	}
	produce(t, addr, "flagged-accounts", recs)
}

func produceTxs(t *testing.T, addr string, txs []txRec) {
	t.Helper()
	var recs []record
	for _, x := range txs {
		recs = append(recs, record{nil, []byte(x.json())})
	}
	produce(t, addr, "transactions", recs)
}

// txBatch makes n transactions over accounts 1000000001…1000000006, ids
// prefixed so batches differ; half the accounts are flagged by testFlags.
func txBatch(prefix string, n int) []txRec {
	var txs []txRec
	for i := range n {
		txs = append(txs, txRec{int64(1000000001 + i%6), "C1000000001", "Online",
			fmt.Sprintf("%s%08d", prefix, i), "Others", fmt.Sprintf("%d.25", i), "2030-01-01 00:00:01"})
	}
	return txs
}

var testFlags = []flagRec{{1000000001, "2020-01-01 00:00:00"}, {1000000003, "2020-01-01 00:00:00"}, {1000000005, "2020-01-01 00:00:00"}}

// waitUntil polls cond until it holds or fails the test after timeout.
func waitUntil(t *testing.T, p *process, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s; stdout:\n%s\nstderr:\n%s", what, timeout, p.stdout.String(), p.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitCheckpointed waits until both source groups' committed offsets reach
// the given counts: offsets are committed only once a checkpoint holding
// them is durable.
func waitCheckpointed(t *testing.T, p *process, addr string, flags, txs int64) {
	t.Helper()
	waitUntil(t, p, "checkpoint covering every record", 30*time.Second, func() bool {
		return committed(t, addr, "flagged-account-source-group", "flagged-accounts") >= flags &&
			committed(t, addr, "transaction-source-group", "transactions") >= txs
	})
}

func stop(t *testing.T, p *process) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM; stderr:\n%s", code, p.stderr.String())
	}
}

// printed returns the rows of the print sink with the given identifier
// ("" for none).
func printed(p *process, identifier string) []string {
	var out []string
	for _, l := range lines(p.stdout.String()) {
		switch {
		case identifier == "" && strings.HasPrefix(l, "+I["):
			out = append(out, l)
		case identifier != "" && strings.HasPrefix(l, identifier+"> "):
			out = append(out, strings.TrimPrefix(l, identifier+"> "))
		}
	}
	return out
}

// TestRestartKeepsJoinState: flags consumed before a SIGTERM still match
// transactions produced after the restart, although the restarted job
// starts reading flags at the latest offset.
func TestRestartKeepsJoinState(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions")
	dir := t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	writeFile(t, dir, "job.sql", checkpointJob("earliest-offset", false))
	first := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	produceFlags(t, broker.Addr(), testFlags)
	waitCheckpointed(t, first, broker.Addr(), int64(len(testFlags)), 0)
	stop(t, first)
	if !strings.Contains(first.stderr.String(), "checkpoint complete") {
		t.Fatalf("no checkpoint logged; stderr:\n%s", first.stderr.String())
	}

	writeFile(t, dir, "job.sql", checkpointJob("latest-offset", false))
	second := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	txs := txBatch("RESTART0", 6)
	produceTxs(t, broker.Addr(), txs)
	want, _, _ := expected(t, testFlags, txs)
	waitUntil(t, second, "matches of checkpointed flags", 30*time.Second, func() bool { return len(printed(second, "")) >= len(want) })
	stop(t, second)
	checkMultiset(t, "print sink after restart", printed(second, ""), want)
	if !strings.Contains(second.stderr.String(), "join state restored") {
		t.Errorf("restore not logged; stderr:\n%s", second.stderr.String())
	}
}

// TestKillDuringRunLosesNothing: kill -9 in the middle of a run, then
// restart: what was printed before plus after covers every expected row
// (at-least-once: rows after the last checkpoint may be printed twice).
func TestKillDuringRunLosesNothing(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions")
	dir := t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	writeFile(t, dir, "job.sql", checkpointJob("earliest-offset", false))
	first := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	produceFlags(t, broker.Addr(), testFlags)
	batch1 := txBatch("KILLED01", 60)
	produceTxs(t, broker.Addr(), batch1)
	waitCheckpointed(t, first, broker.Addr(), int64(len(testFlags)), int64(len(batch1)))
	batch2 := txBatch("KILLED02", 600)
	produceTxs(t, broker.Addr(), batch2)
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.wait(t, 10*time.Second)

	writeFile(t, dir, "job.sql", checkpointJob("latest-offset", false))
	second := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	batch3 := txBatch("KILLED03", 60)
	produceTxs(t, broker.Addr(), batch3)
	want, _, _ := expected(t, testFlags, append(append(append([]txRec{}, batch1...), batch2...), batch3...))
	wantSet := map[string]bool{}
	for _, w := range want {
		wantSet[w] = true
	}
	missing := func() []string {
		seen := map[string]bool{}
		for _, l := range append(printed(first, ""), printed(second, "")...) {
			seen[l] = true
		}
		var m []string
		for _, w := range want {
			if !seen[w] {
				m = append(m, w)
			}
		}
		return m
	}
	waitUntil(t, second, "every expected row printed by one of the runs", 30*time.Second, func() bool { return len(missing()) == 0 })
	stop(t, second)
	for _, l := range append(printed(first, ""), printed(second, "")...) {
		if !wantSet[l] {
			t.Errorf("unexpected row %s", l)
		}
	}
	t.Logf("%d rows expected; printed %d before the kill, %d after", len(want), len(printed(first, "")), len(printed(second, "")))
}

// TestChangedJobKeepsJoinState: a job edited to write to one more sink
// keeps the join's state, found under its plan-derived id in the same
// checkpoint directory ($SLUICE_CHECKPOINT_DIR).
func TestChangedJobKeepsJoinState(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions")
	dir := t.TempDir()
	env := []string{"SLUICE_CHECKPOINT_DIR=" + filepath.Join(dir, "checkpoints")}
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	writeFile(t, dir, "job.sql", checkpointJob("earliest-offset", false))
	first := start(t, dir, env, "run", "--sql", "job.sql", "--properties", "props.json")
	produceFlags(t, broker.Addr(), testFlags)
	seed := []txRec{{1000000002, "C1", "Online", "CHANGED000000000", "Others", "1", "2030-01-01 00:00:00"}} // matches nothing
	produceTxs(t, broker.Addr(), seed)
	waitCheckpointed(t, first, broker.Addr(), int64(len(testFlags)), 1)
	stop(t, first)
	if entries, err := os.ReadDir(filepath.Join(dir, "checkpoints")); err != nil || len(entries) == 0 {
		t.Fatalf("no checkpoint in $SLUICE_CHECKPOINT_DIR: %v %v", entries, err)
	}

	writeFile(t, dir, "job.sql", checkpointJob("latest-offset", true))
	second := start(t, dir, env, "run", "--sql", "job.sql", "--properties", "props.json")
	txs := txBatch("CHANGED1", 12)
	produceTxs(t, broker.Addr(), txs)
	want, _, _ := expected(t, testFlags, txs)
	waitUntil(t, second, "matches in both sinks", 30*time.Second, func() bool {
		return len(printed(second, "")) >= len(want) && len(printed(second, "audit")) >= len(want)
	})
	stop(t, second)
	checkMultiset(t, "print sink", printed(second, ""), want)
	checkMultiset(t, "added print sink", printed(second, "audit"), want)
	if strings.Contains(second.stderr.String(), "starts empty") {
		t.Errorf("the join lost its state; stderr:\n%s", second.stderr.String())
	}
}
