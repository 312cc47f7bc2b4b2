package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestBadRecordNamesTopicPartitionOffset: a malformed record fails the job
// with a message that says exactly where the record is.
func TestBadRecordNamesTopicPartitionOffset(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	produce(t, broker.Addr(), "transactions", []record{{nil, []byte(`{"account_id": 1, "transaction_amount": "lots"`)}})
	dir := t.TempDir()
	writeFile(t, dir, "job.sql", kafkaJob(true, filepath.Join(dir, "out")))
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	if code := p.wait(t, 60*time.Second); code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", code, p.stderr.String())
	}
	m := regexp.MustCompile(`kafka source 'transactions': topic transactions partition ([01]) offset 0: `).FindStringSubmatch(p.stderr.String())
	if m == nil {
		t.Fatalf("the error does not name table, topic, partition and offset:\n%s", p.stderr.String())
	}
	// Then the ways on, with the offset to start from.
	for _, want := range []string{"at field: transaction_amount", "To go on, set in the WITH options of table 'transactions' one of: ",
		"'json.ignore-parse-errors' = 'true'", "'scan.dead-letter.topic' = '<topic>'",
		"'scan.startup.mode' = 'specific-offsets' and 'scan.startup.specific-offsets' = 'partition:" + m[1] + ",offset:1'"} {
		if !strings.Contains(p.stderr.String(), want) {
			t.Errorf("the error does not say %q:\n%s", want, p.stderr.String())
		}
	}
}

// TestErrorsNameFileLineColumn: bad SQL and properties fail before anything
// starts, pointing at the place to fix.
func TestErrorsNameFileLineColumn(t *testing.T) {
	tests := []struct {
		name, sql, props string
		want             string
	}{
		{"unknown placeholder", "CREATE TABLE t (a BIGINT) WITH (\n  'topic' = '${consumer.config.7.topic.name}'\n);\n", "[]",
			"job.sql:2:14: "},
		{"syntax error", "CREATE TABLE t (a BIGINT) WITH ('connector' = 'print');\nINSERT INTO t SELEC a FROM t;\n", "[]",
			"job.sql:2:"},
		{"unknown column", "CREATE TABLE s (a BIGINT) WITH ('connector' = 'filesystem', 'path' = 'x', 'format' = 'json');\n" +
			"CREATE TABLE t (a BIGINT) WITH ('connector' = 'print');\nINSERT INTO t SELECT b FROM s;\n", "[]",
			"job.sql:3:22: Column 'b' not found in any table"},
		{"bad properties", "SELECT 1;", "[\n  {\"PropertyGroupId\": 5}\n]", "props.json:2:23: PropertyGroupId must be a non-empty string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "job.sql", tt.sql)
			writeFile(t, dir, "props.json", tt.props)
			p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
			if code := p.wait(t, 30*time.Second); code != 1 {
				t.Fatalf("exit code %d, want 1; stderr:\n%s", code, p.stderr.String())
			}
			if !strings.Contains(p.stderr.String(), tt.want) {
				t.Errorf("stderr does not contain %q:\n%s", tt.want, p.stderr.String())
			}
		})
	}
}

// TestRenderAndExplainTheRepoJob: the repo's job renders to placeholder-free
// Flink SQL and plans to the expected join.
func TestRenderAndExplainTheRepoJob(t *testing.T) {
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	p := start(t, repo, []string{"RUNTIME_ENV=LOCAL"}, "render")
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("render: exit %d\n%s", code, p.stderr.String())
	}
	rendered := p.stdout.String()
	var code []string
	for _, l := range strings.Split(rendered, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			code = append(code, l)
		}
	}
	if strings.Contains(strings.Join(code, "\n"), "${") || !strings.Contains(rendered, "'topic' = 'flagged-transactions'") {
		t.Errorf("render output is not resolved Flink SQL:\n%s", rendered)
	}
	src, err := os.ReadFile(filepath.Join(repo, "processor.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(rendered, "\n") != strings.Count(string(src), "\n") {
		t.Errorf("render changed the line structure")
	}
	// testdata/flink/processor.rendered.sql is what Apache Flink 1.20 last
	// accepted (`make check-flink`): the job must still be that SQL.
	accepted, err := os.ReadFile(filepath.Join("testdata", "flink", "processor.rendered.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if rendered != string(accepted) {
		t.Errorf("processor.sql renders differently from the SQL Flink accepted in testdata/flink/processor.rendered.sql: run `make check-flink` to check the new SQL on Flink and record it")
	}
	p = start(t, repo, []string{"RUNTIME_ENV=LOCAL"}, "explain")
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("explain: exit %d\n%s", code, p.stderr.String())
	}
	plan := p.stdout.String()
	for _, want := range []string{
		"Sink(table=[flagged_transactions], connector=[kafka]",
		"Sink(table=[sink_print], connector=[print]",
		"Join(joinType=[InnerJoin], keys=[l.account_id = r.account_id], residual=[l.transaction_date > r.flag_date])",
		"Scan(table=[transactions], connector=[kafka], topic=[transactions]",
		"Reused(reference_id=[1])",
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("explain output lacks %q:\n%s", want, plan)
		}
	}
}
