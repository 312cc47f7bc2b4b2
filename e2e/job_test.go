package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/internal/flinktext"
	"github.com/sluice-sql/sluice/txgen"
)

// The job's data, as the test knows it.
type flagRec struct {
	acct int64
	date string // as written in the JSON: "yyyy-MM-dd HH:mm:ss[.f]"
}

type txRec struct {
	acct                         int64
	customer, merchant, id, kind string
	amount                       string // the JSON number as written
	date                         string
}

func (f flagRec) json() string {
	return fmt.Sprintf(`{"account_id": %d, "flag_date": "%s"}`, f.acct, f.date)
}

func (x txRec) json() string {
	return fmt.Sprintf(`{"account_id": %d, "customer_id": "%s", "merchant_type": "%s", "transaction_id": "%s", "transaction_type": "%s", "transaction_amount": %s, "transaction_date": "%s"}`,
		x.acct, x.customer, x.merchant, x.id, x.kind, x.amount, x.date)
}

// dataset is a seeded run of the generator plus the edge cases the join must get right.
func dataset(seed int64, n int) ([]flagRec, []txRec, []flagRec) {
	var flags []flagRec
	for _, a := range txgen.DeterministicAccounts(seed) {
		flags = append(flags, flagRec{a.AccountID, a.FlagDate})
	}
	var txs []txRec
	gen := txgen.NewTransactions(seed)
	for i := 0; i < n; i++ {
		t := gen.Next()
		txs = append(txs, txRec{t.AccountID, t.CustomerID, t.MerchantType, t.TransactionID, t.TransactionType, t.AmountText(), t.TransactionDate})
	}
	edge := func(acct int64, id, amount, date string) txRec {
		return txRec{acct, fmt.Sprintf("C%d", acct), "Online", id, "Others", amount, date}
	}
	// Equal timestamps: transaction_date = flag_date does not pass '>'.
	txs = append(txs, edge(flags[0].acct, "EQUALTIMESTAMP01", "1.00", flags[0].date))
	// A twice-flagged account: one output row per flag the transaction is after.
	flags = append(flags, flagRec{flags[1].acct, "2031-01-01 00:00:00"})
	txs = append(txs, edge(flags[1].acct, "TWICEFLAGGED0001", "2.00", "2030-06-01 00:00:00"),
		edge(flags[1].acct, "TWICEFLAGGED0002", "3.00", "2031-06-01 00:00:00"))
	// DECIMAL(10,2) edge values: scale padding, HALF_UP rounding, exponents, overflow to NULL.
	for i, amount := range []string{"0.01", "99999999.99", "12.5", "0", "1.005", "-1.005", "1E2", "123456789012.34", "-0.001"} {
		txs = append(txs, edge(flags[2].acct, fmt.Sprintf("DECIMALEDGE%05d", i), amount, "2032-01-01 00:00:00"))
	}
	// Digits below the millisecond are read, then dropped by the join's exchange.
	for i, date := range []string{"2032-02-02 10:00:00", "2032-02-02 10:00:01.1", "2032-02-02 10:00:02.123456789", "2032-02-02 10:00:03.000001"} {
		txs = append(txs, edge(flags[3].acct, fmt.Sprintf("PRECISION%07d", i), "4.00", date))
	}
	// A flag that arrives after the transactions it matches (sent last).
	late := []flagRec{{1000000010, "2000-01-01 00:00:00"}}
	txs = append(txs, edge(1000000010, "LATEFLAG00000001", "5.00", "2033-01-01 00:00:00"))
	return flags, txs, late
}

func parseTS(t *testing.T, s string) time.Time {
	ts, err := time.Parse("2006-01-02 15:04:05.999999999", s)
	if err != nil {
		t.Fatalf("test data timestamp %q: %v", s, err)
	}
	return ts
}

// expected computes the join by brute force: every (transaction, flag) pair
// with the same account and transaction_date > flag_date, both dates cut to
// the millisecond as Flink's exchange in front of the join cuts them.
func expected(t *testing.T, flags []flagRec, txs []txRec) (printLines, jsonValues, jsonKeys []string) {
	for _, x := range txs {
		date := flinktext.Millis(x.date)
		for _, f := range flags {
			if x.acct != f.acct || !parseTS(t, date).After(parseTS(t, flinktext.Millis(f.date))) {
				continue
			}
			amountPrint, amountJSON := "null", "null"
			if d, ok := flinktext.DecimalHalfUp(x.amount, 10, 2); ok {
				amountPrint, amountJSON = d, flinktext.JSONDecimal(d)
			}
			printLines = append(printLines, fmt.Sprintf("+I[%d, %s, %s, %s, %s, %s, %s]",
				x.acct, x.customer, x.merchant, x.id, x.kind, amountPrint, flinktext.JavaLocalDateTime(date)))
			jsonValues = append(jsonValues, fmt.Sprintf(`{"account_id":%d,"customer_id":"%s","merchant_type":"%s","transaction_id":"%s","transaction_type":"%s","transaction_amount":%s,"transaction_date":"%s"}`,
				x.acct, x.customer, x.merchant, x.id, x.kind, amountJSON, flinktext.JSONTimestamp(date)))
			jsonKeys = append(jsonKeys, fmt.Sprintf(`{"account_id":%d,"transaction_id":"%s"}`, x.acct, x.id))
		}
	}
	return lines(strings.Join(printLines, "\n")), lines(strings.Join(jsonValues, "\n")), lines(strings.Join(jsonKeys, "\n"))
}

const columns = `account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)`

const joinQuery = `SELECT l.* FROM transactions AS l JOIN flagged_accounts AS r
      ON l.account_id = r.account_id AND l.transaction_date > r.flag_date`

// kafkaJob is the seed job over bounded Kafka sources, writing to Kafka,
// print and the filesystem at once.
func kafkaJob(bounded bool, outDir string) string {
	bound := ""
	if bounded {
		bound = ",\n    'scan.bounded.mode' = 'latest-offset'"
	}
	src := func(name, cols, topic, group string) string {
		return fmt.Sprintf(`CREATE TABLE %s (%s) WITH (
    'connector' = 'kafka',
    'topic' = '%s',
    'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
    'properties.group.id' = '%s',
    'format' = 'json',
    'scan.startup.mode' = 'earliest-offset'%s
);
`, name, cols, topic, group, bound)
	}
	return "SET 'execution.checkpointing.interval' = '1 s';\n" +
		src("flagged_accounts", "account_id BIGINT, flag_date TIMESTAMP(3)", "flagged-accounts", "flagged-account-source-group") +
		src("transactions", columns, "transactions", "transaction-source-group") +
		fmt.Sprintf(`CREATE TABLE flagged_transactions (%s) WITH (
    'connector' = 'kafka',
    'topic' = 'flagged-transactions',
    'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
    'format' = 'json',
    'key.format' = 'json',
    'key.fields' = 'account_id;transaction_id'
);
CREATE TABLE sink_print (%s) WITH ('connector' = 'print');
CREATE TABLE sink_files (%s) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'json');
EXECUTE STATEMENT SET BEGIN
  INSERT INTO flagged_transactions %s;
  INSERT INTO sink_print %s;
  INSERT INTO sink_files %s;
END;
`, columns, columns, columns, outDir, joinQuery, joinQuery, joinQuery)
}

func properties(addr string) string {
	return fmt.Sprintf(`[{"PropertyGroupId": "kafka", "PropertyMap": {"bootstrap.servers": %q}}]`, addr)
}

func readPartFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "part-*"))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return lines(all.String())
}

func checkMultiset(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: %d rows, want %d\n%s", what, len(got), len(want), diffMultisets(got, want))
	}
}

// TestSeededJobOnKafka runs the seed job over bounded Kafka sources and
// checks the exact output multiset on all three sinks, and that the process
// exits 0 by itself once the sources are exhausted.
func TestSeededJobOnKafka(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions", "flagged-transactions")
	flags, txs, late := dataset(42, 3000)
	var frecs, trecs []record
	for _, f := range flags {
		frecs = append(frecs, record{[]byte(fmt.Sprintf(`{"account_id": %d}`, f.acct)), []byte(f.json())})
	}
	for _, x := range txs {
		trecs = append(trecs, record{[]byte(fmt.Sprintf(`{"account_id": %d, "transaction_id": "%s"}`, x.acct, x.id)), []byte(x.json())})
	}
	produce(t, broker.Addr(), "flagged-accounts", frecs)
	produce(t, broker.Addr(), "transactions", trecs)
	var lrecs []record
	for _, f := range late {
		lrecs = append(lrecs, record{nil, []byte(f.json())})
	}
	produce(t, broker.Addr(), "flagged-accounts", lrecs)

	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	writeFile(t, dir, "job.sql", kafkaJob(true, out))
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json")
	if code := p.wait(t, 90*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}

	wantPrint, wantJSON, wantKeys := expected(t, append(flags, late...), txs)
	if len(wantPrint) < 1000 {
		t.Fatalf("the dataset yields only %d matches; the test would prove little", len(wantPrint))
	}
	checkMultiset(t, "print sink", lines(p.stdout.String()), wantPrint)
	var gotValues, gotKeys []string
	for _, r := range consumeAll(t, broker.Addr(), "flagged-transactions") {
		gotValues = append(gotValues, string(r.value))
		gotKeys = append(gotKeys, string(r.key))
	}
	checkMultiset(t, "kafka sink values", lines(strings.Join(gotValues, "\n")), wantJSON)
	checkMultiset(t, "kafka sink keys", lines(strings.Join(gotKeys, "\n")), wantKeys)
	checkMultiset(t, "filesystem sink", readPartFiles(t, out), wantJSON)
	// Offsets are committed to the source groups once the sinks are flushed.
	if got := committed(t, broker.Addr(), "transaction-source-group", "transactions"); got != int64(len(txs)) {
		t.Errorf("committed transaction offsets sum to %d, want %d", got, len(txs))
	}
}

// TestSeededJobOnFiles runs the same job through filesystem tables.
func TestSeededJobOnFiles(t *testing.T) {
	flags, txs, late := dataset(7, 2000)
	dir := t.TempDir()
	var fb, tb strings.Builder
	for _, f := range append(flags, late...) {
		fb.WriteString(f.json() + "\n")
	}
	// Two files in a directory: the source reads them all.
	half := len(txs) / 2
	for _, x := range txs[:half] {
		tb.WriteString(x.json() + "\n")
	}
	writeFile(t, dir, "in/transactions/part-a.json", tb.String())
	tb.Reset()
	for _, x := range txs[half:] {
		tb.WriteString(x.json() + "\n")
	}
	writeFile(t, dir, "in/transactions/part-b.json", tb.String())
	writeFile(t, dir, "in/transactions/.hidden-ignored.json", "not json at all\n")
	writeFile(t, dir, "in/flags.json", fb.String())
	out := filepath.Join(dir, "out")
	writeFile(t, dir, "job.sql", fmt.Sprintf(`
CREATE TABLE flagged_accounts (account_id BIGINT, flag_date TIMESTAMP(3))
  WITH ('connector' = 'filesystem', 'path' = 'in/flags.json', 'format' = 'json');
CREATE TABLE transactions (%s)
  WITH ('connector' = 'filesystem', 'path' = 'in/transactions', 'format' = 'json');
CREATE TABLE sink_files (%s) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'json');
CREATE TABLE sink_print (%s) WITH ('connector' = 'print', 'print-identifier' = 'fraud');
INSERT INTO sink_files %s;
INSERT INTO sink_print %s;
`, columns, columns, out, columns, joinQuery, joinQuery))
	p := start(t, dir, nil, "run", "--sql", "job.sql")
	if code := p.wait(t, 60*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}
	wantPrint, wantJSON, _ := expected(t, append(flags, late...), txs)
	checkMultiset(t, "filesystem sink", readPartFiles(t, out), wantJSON)
	var prefixed []string
	for _, l := range wantPrint {
		prefixed = append(prefixed, "fraud> "+l)
	}
	checkMultiset(t, "print sink with print-identifier", lines(p.stdout.String()), prefixed)
}
