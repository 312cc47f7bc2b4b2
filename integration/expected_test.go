//go:build integration

package integration

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
	"testing"
	"time"

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
		flagTimes[i] = parseTS(t, f.FlagDate)
	}
	want := map[string]int{}
	total := 0
	for _, x := range d.txs {
		ts := parseTS(t, x.TransactionDate)
		for i, f := range flags {
			if x.AccountID != f.AccountID || !ts.After(flagTimes[i]) {
				continue
			}
			amount := "null"
			if dec, ok := decimalHalfUp(x.AmountText(), 10, 2); ok {
				amount = flinkJSONDecimal(dec)
			}
			v := fmt.Sprintf(`{"account_id":%d,"customer_id":"%s","merchant_type":"%s","transaction_id":"%s","transaction_type":"%s","transaction_amount":%s,"transaction_date":"%s"}`,
				x.AccountID, x.CustomerID, x.MerchantType, x.TransactionID, x.TransactionType, amount, flinkJSONTimestamp(x.TransactionDate))
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

// decimalHalfUp renders a JSON number's text with the given scale, rounding
// HALF_UP as Flink does when it reads a DECIMAL(p, s); ok is false when the
// result needs more than precision digits (Flink reads NULL). Same as e2e's.
func decimalHalfUp(text string, precision, scale int) (string, bool) {
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		panic("bad number " + text)
	}
	shift := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	r.Mul(r, new(big.Rat).SetInt(shift))
	neg := r.Sign() < 0
	r.Abs(r)
	q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if new(big.Int).Mul(rem, big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	digits := q.String()
	if len(digits) > precision {
		return "", false
	}
	for len(digits) <= scale {
		digits = "0" + digits
	}
	s := digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	if neg && q.Sign() != 0 {
		s = "-" + s
	}
	return s, true
}

// flinkJSONTimestamp renders a timestamp as Flink's JSON format writes it
// (SQL standard): the fraction without trailing zeros, none when zero.
func flinkJSONTimestamp(sqlTS string) string {
	main, frac, _ := strings.Cut(sqlTS, ".")
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return main
	}
	return main + "." + frac
}

// flinkJSONDecimal renders a DECIMAL the way Flink's JSON format writes it:
// trailing zeros stripped, then BigDecimal.toString (12.50 → 12.5,
// 100.00 → 1E+2, 0.00 → 0). Same as e2e's, which checks it against Flink.
func flinkJSONDecimal(plain string) string {
	neg := strings.HasPrefix(plain, "-")
	plain = strings.TrimPrefix(plain, "-")
	intPart, frac, _ := strings.Cut(plain, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	scale := len(frac)
	if digits == "" {
		return "0"
	}
	for len(digits) > 1 && strings.HasSuffix(digits, "0") {
		digits = digits[:len(digits)-1]
		scale--
	}
	adjusted := len(digits) - 1 - scale
	var s string
	switch {
	case scale == 0:
		s = digits
	case scale > 0 && adjusted >= -6:
		if len(digits) > scale {
			s = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
		} else {
			s = "0." + strings.Repeat("0", scale-len(digits)) + digits
		}
	default:
		s = digits[:1]
		if len(digits) > 1 {
			s += "." + digits[1:]
		}
		s += fmt.Sprintf("E%+d", adjusted)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// TestExpectedValues checks the brute-force expectation itself on known
// cases, so that a wrong expectation cannot hide a wrong engine.
func TestExpectedValues(t *testing.T) {
	for in, want := range map[string]string{"12.50": "12.5", "100.00": "1E+2", "0.00": "0", "-0.10": "-0.1",
		"99999999.99": "99999999.99", "0.01": "0.01", "1015.30": "1015.3", "120.00": "1.2E+2"} {
		if got := flinkJSONDecimal(in); got != want {
			t.Errorf("flinkJSONDecimal(%s) = %s, want %s", in, got, want)
		}
	}
	d := jobData{
		flags: []txgen.Account{{AccountID: 1, FlagDate: "2023-01-01 00:00:00.000000"}},
		late:  []txgen.Account{{AccountID: 1, FlagDate: "2023-01-02 00:00:00.000000"}},
		txs: []txgen.Transaction{
			{AccountID: 1, CustomerID: "C1", MerchantType: "Online", TransactionID: "A", TransactionType: "Others", TransactionAmount: 100, TransactionDate: "2023-01-02 00:00:00.000000"},
			{AccountID: 1, CustomerID: "C1", MerchantType: "Online", TransactionID: "B", TransactionType: "Others", TransactionAmount: 1.005, TransactionDate: "2023-01-02 00:00:00.000100"},
			{AccountID: 2, CustomerID: "C2", MerchantType: "Online", TransactionID: "C", TransactionType: "Others", TransactionAmount: 1, TransactionDate: "2023-01-03 00:00:00.000000"},
			{AccountID: 1, CustomerID: "C1", MerchantType: "Online", TransactionID: "D", TransactionType: "Others", TransactionAmount: 1, TransactionDate: "2022-12-31 00:00:00.000000"},
		},
	}
	got, total := expectedValues(t, d)
	want := map[string]int{
		// Equal to the second flag's date: matches the first flag only.
		`{"account_id":1,"customer_id":"C1","merchant_type":"Online","transaction_id":"A","transaction_type":"Others","transaction_amount":1E+2,"transaction_date":"2023-01-02 00:00:00"}`: 1,
		// After both flags: two rows. 1.005 (float text "1.005") rounds HALF_UP.
		`{"account_id":1,"customer_id":"C1","merchant_type":"Online","transaction_id":"B","transaction_type":"Others","transaction_amount":1.01,"transaction_date":"2023-01-02 00:00:00.0001"}`: 2,
	}
	if total != 3 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("expectedValues = %d rows %v\nwant 3 rows %v", total, got, want)
	}
	if c := compare(map[string]int{"x": 2, "y": 1}, map[string]int{"x": 1, "z": 1}); c.missing != 1 || c.duplicates != 1 || c.unexpected != 1 {
		t.Errorf("compare: %v", c)
	}
}
