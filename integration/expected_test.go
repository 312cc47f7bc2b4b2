//go:build integration

package integration

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/internal/flinktext"
	"github.com/sluice-sql/sluice/txgen"
)

// jobData is what the generator and the test write to the job's input
// topics, known in advance so the test can compute the job's exact output.
type jobData struct {
	// flags are the flagged accounts txgen sends before the transactions.
	flags []txgen.Account
	// late are flags the test sends while the job runs: one for an account
	// the generator never flags, dated before every transaction (so it must
	// also match transactions the join saw before it, i.e. restored state),
	// and a second flag of an already flagged account, dated exactly at one
	// of its transactions (N×M matches, and '>' is strict).
	late []txgen.Account
	// txs are the transactions, in the generator's order.
	txs []txgen.Transaction
}

// soakData is the deterministic dataset of a seed: what txgen.Run sends
// with Deterministic, Seed and Count, plus the late flags.
func soakData(seed int64, count int) jobData {
	d := jobData{flags: txgen.DeterministicAccounts(seed)}
	gen := txgen.NewTransactions(seed)
	for range count {
		d.txs = append(d.txs, gen.Next())
	}
	first := d.flags[0].AccountID
	var again string
	for _, x := range d.txs[count/3:] {
		if x.AccountID == first {
			again = x.TransactionDate
			break
		}
	}
	d.late = append(d.late, txgen.Account{AccountID: txgen.LastAccountID, FlagDate: "2000-01-01 00:00:00.000000"})
	if again != "" {
		d.late = append(d.late, txgen.Account{AccountID: first, FlagDate: again})
	}
	return d
}

// expectedValues computes the job's output by brute force: for every
// (transaction, flag) pair with the same account and transaction_date >
// flag_date, the JSON value the Kafka sink writes (Flink's JSON format:
// DECIMAL(10,2) rounded HALF_UP then written without trailing zeros,
// timestamps as SQL text without trailing fractional zeros). The result maps
// each value to how many times it must appear.
func expectedValues(t *testing.T, d jobData) (map[string]int, int) {
	t.Helper()
	flags := append(append([]txgen.Account(nil), d.flags...), d.late...)
	flagTimes := make([]time.Time, len(flags))
	for i, f := range flags {
		flagTimes[i] = parseTS(t, flinktext.Millis(f.FlagDate))
	}
	want := map[string]int{}
	total := 0
	for _, x := range d.txs {
		// The join sees both dates cut to the millisecond (docs/timestamp-precision.md).
		date := flinktext.Millis(x.TransactionDate)
		ts := parseTS(t, date)
		for i, f := range flags {
			if x.AccountID != f.AccountID || !ts.After(flagTimes[i]) {
				continue
			}
			amount := "null"
			if dec, ok := flinktext.DecimalHalfUp(x.AmountText(), 10, 2); ok {
				amount = flinktext.JSONDecimal(dec)
			}
			v := fmt.Sprintf(`{"account_id":%d,"customer_id":"%s","merchant_type":"%s","transaction_id":"%s","transaction_type":"%s","transaction_amount":%s,"transaction_date":"%s"}`,
				x.AccountID, x.CustomerID, x.MerchantType, x.TransactionID, x.TransactionType, amount, flinktext.JSONTimestamp(date))
			want[v]++
			total++
		}
	}
	return want, total
}

func parseTS(t *testing.T, s string) time.Time {
	t.Helper()
	ts, err := time.Parse("2006-01-02 15:04:05.999999999", s)
	if err != nil {
		t.Fatalf("test data timestamp %q: %v", s, err)
	}
	return ts
}

// comparison is how an output multiset differs from the expected one.
type comparison struct {
	missing    int      // expected occurrences not found
	duplicates int      // occurrences beyond the expected count
	unexpected int      // rows that should not exist at all
	examples   []string // a few of the differences, for the failure message
}

func (c comparison) String() string {
	return fmt.Sprintf("%d missing, %d duplicated, %d unexpected\n%s",
		c.missing, c.duplicates, c.unexpected, strings.Join(c.examples, "\n"))
}

// compare compares got with want (value → count).
func compare(got, want map[string]int) comparison {
	var c comparison
	keys := make([]string, 0, len(want)+len(got))
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		g, w := got[k], want[k]
		switch {
		case w == 0:
			c.unexpected += g
			if len(c.examples) < 10 {
				c.examples = append(c.examples, fmt.Sprintf("unexpected %d× %s", g, k))
			}
		case g < w:
			c.missing += w - g
			if len(c.examples) < 10 {
				c.examples = append(c.examples, fmt.Sprintf("missing %d× %s", w-g, k))
			}
		case g > w:
			c.duplicates += g - w
		}
	}
	return c
}

// TestExpectedValues checks the brute-force expectation itself on known
// cases, so that a wrong expectation cannot hide a wrong engine.
func TestExpectedValues(t *testing.T) {
	for in, want := range map[string]string{"12.50": "12.5", "100.00": "1E+2", "0.00": "0", "-0.10": "-0.1",
		"99999999.99": "99999999.99", "0.01": "0.01", "1015.30": "1015.3", "120.00": "1.2E+2"} {
		if got := flinktext.JSONDecimal(in); got != want {
			t.Errorf("flinktext.JSONDecimal(%s) = %s, want %s", in, got, want)
		}
	}
	d := jobData{
		flags: []txgen.Account{{AccountID: 1, FlagDate: "2023-01-01 00:00:00.000000"}},
		late:  []txgen.Account{{AccountID: 1, FlagDate: "2023-01-02 00:00:00.000000"}},
		txs: []txgen.Transaction{
			{AccountID: 1, CustomerID: "C1", MerchantType: "Online", TransactionID: "A", TransactionType: "Others", TransactionAmount: 100, TransactionDate: "2023-01-02 00:00:00.000000"},
			{AccountID: 1, CustomerID: "C1", MerchantType: "Online", TransactionID: "B", TransactionType: "Others", TransactionAmount: 1.005, TransactionDate: "2023-01-02 00:00:00.001100"},
			// Later than the second flag only below the millisecond, which the join does not see.
			{AccountID: 1, CustomerID: "C1", MerchantType: "Online", TransactionID: "E", TransactionType: "Others", TransactionAmount: 1, TransactionDate: "2023-01-02 00:00:00.000999"},
			{AccountID: 2, CustomerID: "C2", MerchantType: "Online", TransactionID: "C", TransactionType: "Others", TransactionAmount: 1, TransactionDate: "2023-01-03 00:00:00.000000"},
			{AccountID: 1, CustomerID: "C1", MerchantType: "Online", TransactionID: "D", TransactionType: "Others", TransactionAmount: 1, TransactionDate: "2022-12-31 00:00:00.000000"},
		},
	}
	got, total := expectedValues(t, d)
	want := map[string]int{
		// Equal to the second flag's date: matches the first flag only.
		`{"account_id":1,"customer_id":"C1","merchant_type":"Online","transaction_id":"A","transaction_type":"Others","transaction_amount":1E+2,"transaction_date":"2023-01-02 00:00:00"}`: 1,
		// After both flags: two rows. 1.005 (float text "1.005") rounds HALF_UP.
		`{"account_id":1,"customer_id":"C1","merchant_type":"Online","transaction_id":"B","transaction_type":"Others","transaction_amount":1.01,"transaction_date":"2023-01-02 00:00:00.001"}`: 2,
		`{"account_id":1,"customer_id":"C1","merchant_type":"Online","transaction_id":"E","transaction_type":"Others","transaction_amount":1,"transaction_date":"2023-01-02 00:00:00"}`:        1,
	}
	if total != 4 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("expectedValues = %d rows %v\nwant 4 rows %v", total, got, want)
	}
	if c := compare(map[string]int{"x": 2, "y": 1}, map[string]int{"x": 1, "z": 1}); c.missing != 1 || c.duplicates != 1 || c.unexpected != 1 {
		t.Errorf("compare: %v", c)
	}
}
