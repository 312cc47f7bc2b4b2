package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// flinkSeedCase is the differential suite's seed case: the seed job over
// crafted timestamps (0-9 fraction digits, equal and same-millisecond), with
// what Apache Flink printed and wrote for it (make flink-diff).
const flinkSeedCase = "flinkdiff/cases/seed_join"

// flinkSections reads a flink.out's sections: header line → lines.
func flinkSections(t *testing.T, path string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	cur := ""
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "#"), l == "":
		case strings.HasPrefix(l, "== "):
			cur = l
		default:
			out[cur] = append(out[cur], l)
		}
	}
	return out
}

// TestSeedJobOnKafkaEqualsFlink runs the seed job's SQL over bounded Kafka
// sources (the built binary, an embedded broker) on the differential suite's
// seed inputs: the Kafka sink's JSON values and the print sink's lines must
// be Flink's, byte for byte (Flink's json format writes the same bytes to
// Kafka as to the filesystem sink it was recorded with).
func TestSeedJobOnKafkaEqualsFlink(t *testing.T) {
	want := flinkSections(t, filepath.Join(flinkSeedCase, "flink.out"))
	wantJSON, wantPrint := want["== filesystem flagged_transactions =="], want["== print =="]
	if len(wantJSON) < 20 || len(wantPrint) != len(wantJSON) {
		t.Fatalf("%s/flink.out has %d JSON and %d print lines; expected the seed case's", flinkSeedCase, len(wantJSON), len(wantPrint))
	}
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	for topic, file := range map[string]string{"flagged-accounts": "flagged_accounts.jsonl", "transactions": "transactions.jsonl"} {
		data, err := os.ReadFile(filepath.Join(flinkSeedCase, file))
		if err != nil {
			t.Fatal(err)
		}
		var recs []record
		for _, l := range lines(string(data)) {
			recs = append(recs, record{nil, []byte(l)})
		}
		produce(t, broker.Addr(), topic, recs)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	writeFile(t, dir, "job.sql", kafkaJob(true, out))
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	if code := p.wait(t, 90*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}
	var values []string
	for _, r := range consumeAll(t, broker.Addr(), "flagged-transactions") {
		values = append(values, string(r.value))
	}
	checkMultiset(t, "kafka sink values", lines(strings.Join(values, "\n")), lines(strings.Join(wantJSON, "\n")))
	checkMultiset(t, "print sink", lines(p.stdout.String()), lines(strings.Join(wantPrint, "\n")))
	checkMultiset(t, "filesystem sink", readPartFiles(t, out), lines(strings.Join(wantJSON, "\n")))
}
