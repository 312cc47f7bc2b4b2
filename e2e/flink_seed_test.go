package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

// seedJobBounded returns the repository's processor.sql with both sources
// bounded ('scan.bounded.mode' = 'latest-offset', as seed-kafka.sh runs it on
// Flink) and application_properties.json pointed at addr.
func seedJobBounded(t *testing.T, addr string) (sqlText, props string) {
	t.Helper()
	src, err := os.ReadFile("../processor.sql")
	if err != nil {
		t.Fatal(err)
	}
	startup := regexp.MustCompile(`('scan\.startup\.mode' = '[^']*')`)
	if n := len(startup.FindAllIndex(src, -1)); n != 2 {
		t.Fatalf("processor.sql has %d scan.startup.mode options, want 2 (one per source)", n)
	}
	sqlText = startup.ReplaceAllString(string(src), "$1,\n    'scan.bounded.mode' = 'latest-offset'")
	p, err := os.ReadFile("../application_properties.json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(p), `"localhost:29092"`) != 3 {
		t.Fatal(`application_properties.json no longer names "localhost:29092" three times; update this test`)
	}
	return sqlText, strings.ReplaceAll(string(p), `"localhost:29092"`, strconv.Quote(addr))
}

// TestSeedJobOnKafkaEqualsFlink runs the seed job (processor.sql and
// application_properties.json, sources bounded) with the built binary on an
// embedded broker over the differential suite's seed inputs: the Kafka
// sink's keys and values and the print sink's lines must be what Flink 1.20
// wrote and printed for the same job on a real Kafka broker
// (flink_kafka.out, scripts/flink-oracle/seed-kafka.sh), byte for byte.
func TestSeedJobOnKafkaEqualsFlink(t *testing.T) {
	want := flinkSections(t, filepath.Join(flinkSeedCase, "flink_kafka.out"))
	wantKeys, wantValues := want["== kafka flagged-transactions keys =="], want["== kafka flagged-transactions values =="]
	wantPrint := want["== print =="]
	if len(wantValues) < 20 || len(wantPrint) != len(wantValues) || len(wantKeys) != len(wantValues) {
		t.Fatalf("%s/flink_kafka.out has %d keys, %d values and %d print lines; expected the seed case's",
			flinkSeedCase, len(wantKeys), len(wantValues), len(wantPrint))
	}
	// The filesystem-sink recording of the same job must agree (make flink-diff).
	if fs := flinkSections(t, filepath.Join(flinkSeedCase, "flink.out"))["== filesystem flagged_transactions =="]; strings.Join(fs, "\n") != strings.Join(wantValues, "\n") {
		t.Fatalf("Flink's Kafka values (flink_kafka.out) differ from its filesystem JSON (flink.out): re-record both")
	}
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	for topic, file := range map[string]string{"flagged-accounts": "flagged_accounts.jsonl", "transactions": "transactions.jsonl"} {
		data, err := os.ReadFile(filepath.Join(flinkSeedCase, file))
		if err != nil {
			t.Fatal(err)
		}
		var recs []record
		for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
			recs = append(recs, record{nil, []byte(l)})
		}
		produce(t, broker.Addr(), topic, recs)
	}
	dir := t.TempDir()
	sqlText, props := seedJobBounded(t, broker.Addr())
	writeFile(t, dir, "processor.sql", sqlText)
	writeFile(t, dir, "application_properties.json", props)
	p := start(t, dir, nil, "run", "--sql", "processor.sql", "--properties", "application_properties.json")
	if code := p.wait(t, 90*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}
	var keys, values []string
	for _, r := range consumeAll(t, broker.Addr(), "flagged-transactions") {
		keys = append(keys, string(r.key))
		values = append(values, string(r.value))
	}
	checkMultiset(t, "kafka sink values", lines(strings.Join(values, "\n")), wantValues)
	checkMultiset(t, "kafka sink keys", lines(strings.Join(keys, "\n")), wantKeys)
	checkMultiset(t, "print sink", lines(p.stdout.String()), wantPrint)
}
