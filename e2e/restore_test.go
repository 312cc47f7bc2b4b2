package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestChangedColumnTypeRefusesThenRebuilds: a join input's column type
// changed (VARCHAR(20) → VARCHAR(30), the transactions table only) makes the
// checkpointed join state unusable. The start fails and says so, instead of
// starting the join empty while the sources resume (issue 13: 0 of 569 rows);
// with --unrestorable-state=rebuild the join re-reads its inputs' history and
// matches both the flags read before the restart and the transactions after;
// the next start restores the rebuilt state.
func TestChangedColumnTypeRefusesThenRebuilds(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions")
	dir := t.TempDir()
	before := txBatch("BEFORE00", 12)
	checkpointedRun(t, broker.Addr(), dir, nil, false, before)

	job := checkpointJob("latest-offset", false)
	at := strings.Index(job, "CREATE TABLE transactions")
	changed := job[:at] + strings.Replace(job[at:], "transaction_type VARCHAR(20)", "transaction_type VARCHAR(30)", 1)
	if changed == checkpointJob("latest-offset", false) {
		t.Fatal("test bug: the column type was not changed")
	}
	writeFile(t, dir, "job.sql", changed)
	refused := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json", "--http-addr", "off")
	if code := refused.wait(t, 30*time.Second); code == 0 {
		t.Fatalf("the start with unusable join state succeeded; stderr:\n%s", refused.stderr.String())
	}
	for _, want := range []string{"input columns changed", "VARCHAR(30)", "--unrestorable-state=rebuild", "--unrestorable-state=empty"} {
		if !strings.Contains(refused.stderr.String(), want) {
			t.Errorf("the refusal does not mention %q; stderr:\n%s", want, refused.stderr.String())
		}
	}

	second := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json", "--unrestorable-state=rebuild",
		"--http-addr", "127.0.0.1:0")
	after := txBatch("AFTER000", 12)
	produceTxs(t, broker.Addr(), after)
	// The rebuilt join's output for the history (before) is written again:
	// documented, and logged.
	want, _, _ := expected(t, testFlags, append(append([]txRec{}, before...), after...))
	waitUntil(t, second, "matches of history and new transactions", 30*time.Second, func() bool {
		return len(printed(second, "")) >= len(want) && strings.Contains(second.stderr.String(), "join state rebuilt")
	})
	waitCheckpointed(t, second, broker.Addr(), int64(len(testFlags)), int64(len(before)+len(after)))
	checkRestoreDecision(t, second, "rebuilt")
	stop(t, second)
	checkMultiset(t, "print sink after the rebuild", printed(second, ""), want)
	if !strings.Contains(second.stderr.String(), "REBUILT") {
		t.Errorf("the rebuild is not logged as a warning; stderr:\n%s", second.stderr.String())
	}

	third := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	last := txBatch("LAST0000", 6)
	produceTxs(t, broker.Addr(), last)
	wantLast, _, _ := expected(t, testFlags, last)
	waitUntil(t, third, "matches after the rebuild was checkpointed", 30*time.Second, func() bool { return len(printed(third, "")) >= len(wantLast) })
	stop(t, third)
	checkMultiset(t, "print sink after restoring the rebuilt state", printed(third, ""), wantLast)
}

// TestWhereSplitJoinKeepsState: adding a WHERE on one input to one of two
// INSERTs that shared a join splits it into two joins (the filter is pushed
// below the join). Both restore from the one stored entry, the new one
// filtering it, so the changed sink keeps matching flags read before the
// restart (issue 13: it printed 0 rows).
func TestWhereSplitJoinKeepsState(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions")
	dir := t.TempDir()
	seed := []txRec{{1000000002, "C1", "Online", "SPLIT00000000000", "Others", "1", "2030-01-01 00:00:00"}} // matches nothing
	checkpointedRun(t, broker.Addr(), dir, nil, true, seed)

	job := checkpointJob("latest-offset", true)
	i := strings.LastIndex(job, joinQuery)
	split := job[:i] + joinQuery + " WHERE l.transaction_amount > 100" + job[i+len(joinQuery):]
	writeFile(t, dir, "job.sql", split)
	second := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json", "--http-addr", "127.0.0.1:0")
	txs := txBatch("SPLIT001", 240) // amounts 0.25 … 239.25
	produceTxs(t, broker.Addr(), txs)
	big := txs[100:] // amounts 100.25 and up
	want, _, _ := expected(t, testFlags, txs)
	wantBig, _, _ := expected(t, testFlags, big)
	waitUntil(t, second, "matches in both sinks", 30*time.Second, func() bool {
		return len(printed(second, "")) >= len(want) && len(printed(second, "audit")) >= len(wantBig)
	})
	checkRestoreDecision(t, second, "restored-filtered")
	stop(t, second)
	checkMultiset(t, "unchanged sink", printed(second, ""), want)
	checkMultiset(t, "sink with the added WHERE", printed(second, "audit"), wantBig)
	if !strings.Contains(second.stderr.String(), "restored-filtered") {
		t.Errorf("the filtered restore is not logged; stderr:\n%s", second.stderr.String())
	}
}

// checkRestoreDecision checks that the dashboard's /api/job lists a restore
// decision of the given kind.
func checkRestoreDecision(t *testing.T, p *process, decision string) {
	t.Helper()
	m := dashboardURL.FindStringSubmatch(p.stderr.String())
	if m == nil {
		t.Fatalf("no dashboard URL logged; stderr:\n%s", p.stderr.String())
	}
	code, body := httpGet(t, m[1]+"api/job")
	var job struct {
		Checkpoints struct {
			Restore []struct{ Decision, Operator string } `json:"restore"`
		} `json:"checkpoints"`
	}
	if err := json.Unmarshal([]byte(body), &job); code != 200 || err != nil {
		t.Fatalf("/api/job: %d %v", code, err)
	}
	for _, d := range job.Checkpoints.Restore {
		if d.Decision == decision {
			return
		}
	}
	t.Errorf("/api/job lists no %q restore decision: %+v", decision, job.Checkpoints.Restore)
}

// TestRebuildFeedsOnlyTheRebuiltJoin: a second INSERT with its own join (a
// changed condition: no state for it in the checkpoint) is added to a job.
// With --unrestorable-state=rebuild the new join re-reads the history, so its
// sink gets the matches of transactions from before the restart; the join
// that restored its state shares the sources but sees no replayed record,
// so its sink gets no duplicate.
func TestRebuildFeedsOnlyTheRebuiltJoin(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions")
	dir := t.TempDir()
	// Adding a sink changes the default directory's job id: name it.
	env := []string{"SLUICE_CHECKPOINT_DIR=" + filepath.Join(dir, "checkpoints")}
	before := txBatch("ROUTE000", 12)
	checkpointedRun(t, broker.Addr(), dir, env, false, before)

	job := checkpointJob("latest-offset", true)
	i := strings.LastIndex(job, joinQuery)
	changedJoin := strings.Replace(joinQuery, "l.transaction_date > r.flag_date", "l.transaction_date >= r.flag_date", 1)
	writeFile(t, dir, "job.sql", job[:i]+changedJoin+job[i+len(joinQuery):])
	second := start(t, dir, env, "run", "--sql", "job.sql", "--properties", "props.json", "--unrestorable-state=rebuild")
	after := txBatch("ROUTE001", 12)
	produceTxs(t, broker.Addr(), after)
	wantRestored, _, _ := expected(t, testFlags, after)
	wantRebuilt, _, _ := expected(t, testFlags, append(append([]txRec{}, before...), after...))
	waitUntil(t, second, "matches in both sinks", 30*time.Second, func() bool {
		return len(printed(second, "")) >= len(wantRestored) && len(printed(second, "audit")) >= len(wantRebuilt)
	})
	waitCheckpointed(t, second, broker.Addr(), int64(len(testFlags)), int64(len(before)+len(after)))
	stop(t, second)
	checkMultiset(t, "sink of the restored join", printed(second, ""), wantRestored)
	checkMultiset(t, "sink of the rebuilt join", printed(second, "audit"), wantRebuilt)
}

// checkpointedRun runs checkpointJob (flags from the earliest offset) in
// dir until testFlags and txs are checkpointed, then stops it.
func checkpointedRun(t *testing.T, addr, dir string, env []string, extraSink bool, txs []txRec) {
	t.Helper()
	writeFile(t, dir, "props.json", properties(addr))
	writeFile(t, dir, "job.sql", checkpointJob("earliest-offset", extraSink))
	first := start(t, dir, env, "run", "--sql", "job.sql", "--properties", "props.json")
	produceFlags(t, addr, testFlags)
	produceTxs(t, addr, txs)
	waitCheckpointed(t, first, addr, int64(len(testFlags)), int64(len(txs)))
	stop(t, first)
}
