package txgen

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestDeterministic(t *testing.T) {
	a, b, c := NewTransactions(42), NewTransactions(42), NewTransactions(43)
	same := true
	for i := 0; i < 100; i++ {
		x, y, z := a.Next(), b.Next(), c.Next()
		if x != y {
			t.Fatalf("seed 42 diverged at %d: %+v vs %+v", i, x, y)
		}
		same = same && x == z
		if i%5 == 4 && a.Pause() != b.Pause() {
			t.Fatal("pauses diverged")
		}
		if i%5 == 4 {
			c.Pause()
		}
	}
	if same {
		t.Fatal("seeds 42 and 43 gave the same transactions")
	}
	if x, y := DeterministicAccounts(7), DeterministicAccounts(7); len(x) != 5 || x[4] != y[4] {
		t.Fatalf("accounts %v %v", x, y)
	}
}

var (
	txValue = regexp.MustCompile(`^\{"account_id": (100000000[1-9]|1000000010), "customer_id": "C[0-9]{10}", "merchant_type": "(Online|In Store)", ` +
		`"transaction_id": "[0-9A-F]{16}", "transaction_type": "[A-Za-z_ ]+", "transaction_amount": [0-9]+\.[0-9]{1,2}, ` +
		`"transaction_date": "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"\}$`)
	txKey = regexp.MustCompile(`^\{"account_id": [0-9]{10}, "transaction_id": "[0-9A-F]{16}"\}$`)
)

// TestShapes checks records against producer.py's: keys, key order,
// json.dumps spacing, value ranges.
func TestShapes(t *testing.T) {
	accs := DeterministicAccounts(1)
	if got := string(accs[0].Value()); !regexp.MustCompile(`^\{"account_id": 1000000001, "flag_date": "2023-08-14 09:00:00\.0000\d\d"\}$`).MatchString(got) {
		t.Fatalf("account value %s", got)
	}
	if got := string(accs[2].Key()); got != `{"account_id": 1000000005}` {
		t.Fatalf("account key %s", got)
	}
	var ids []int64
	for _, a := range accs {
		ids = append(ids, a.AccountID)
	}
	if len(ids) != 5 || ids[0] != 1000000001 || ids[4] != 1000000009 {
		t.Fatalf("flagged ids %v", ids)
	}
	lastFlag := accs[len(accs)-1].FlagDate
	for _, gen := range []*Transactions{NewTransactions(1), NewLiveTransactions()} {
		prev := ""
		seen := map[int64]bool{}
		for i := 0; i < 2000; i++ {
			tx := gen.Next()
			v, k := string(tx.Value()), string(tx.Key())
			if !txValue.MatchString(v) || !txKey.MatchString(k) {
				t.Fatalf("record %s / %s", k, v)
			}
			var m map[string]any
			if err := json.Unmarshal(tx.Value(), &m); err != nil {
				t.Fatal(err)
			}
			if m["customer_id"] != "C"+reverse(strings.TrimSpace(k[15:25])) {
				t.Fatalf("customer id %v for %s", m["customer_id"], k)
			}
			if tx.TransactionAmount < 0 || tx.TransactionAmount > 10000 {
				t.Fatalf("amount %v", tx.TransactionAmount)
			}
			if tx.TransactionDate < prev {
				t.Fatalf("dates go back: %s after %s", tx.TransactionDate, prev)
			}
			if gen.clock.live == false && tx.TransactionDate <= lastFlag {
				t.Fatalf("transaction %s not after the flags (%s)", tx.TransactionDate, lastFlag)
			}
			prev = tx.TransactionDate
			seen[tx.AccountID] = true
		}
		if len(seen) != 10 {
			t.Fatalf("accounts drawn: %v", seen)
		}
	}
	for id := FirstAccountID; id <= LastAccountID; id++ {
		if IsFlagged(id) != (id%2 == 1) {
			t.Fatalf("IsFlagged(%d)", id)
		}
	}
	if IsFlagged(1000000011) || IsFlagged(999999999) {
		t.Fatal("IsFlagged out of range")
	}
}

func TestPythonNumbers(t *testing.T) {
	a, b := 0.1, 0.2 // variables: constant arithmetic would be exact
	floats := []struct {
		in   float64
		want string
	}{
		{12, "12.0"}, {0, "0.0"}, {1234.5, "1234.5"}, {0.07, "0.07"}, {-2.5, "-2.5"},
		{a + b, "0.30000000000000004"}, {1e16, "1e+16"}, {1.5e-05, "1.5e-05"}, {9999.99, "9999.99"},
	}
	for _, tc := range floats {
		if got := PythonFloat(tc.in); got != tc.want {
			t.Errorf("PythonFloat(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
	// Python's round(x, 2) rounds the exact binary value.
	rounds := []struct{ in, want float64 }{
		{2.675, 2.67}, {1.005, 1.0}, {0.125, 0.12}, {0.375, 0.38}, {1234.5678, 1234.57}, {0.004, 0},
	}
	for _, tc := range rounds {
		if got := round2(tc.in); got != tc.want {
			t.Errorf("round2(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		env  func(string) string
		want Config
		err  bool
	}{
		// Unset: Run decides (account, or transaction with a Count).
		{env(), Config{DataType: "", MaxRun: -1, Bootstrap: "localhost:29092", AccountTopic: "flagged-accounts", TransactionTopic: "transactions"}, false},
		{env("DATE_TYPE", "transaction", "MAX_RUN", "3"), Config{DataType: "transaction", MaxRun: 3, Bootstrap: "localhost:29092", AccountTopic: "flagged-accounts", TransactionTopic: "transactions"}, false},
		{env("DATA_TYPE", "transaction", "DATE_TYPE", "account", "BOOTSTRAP_SERVERS", "b:1", "CUSTOMER_TOPIC_NAME", "c", "TRANSACTION_TOPIC_NAME", "t"),
			Config{DataType: "transaction", MaxRun: -1, Bootstrap: "b:1", AccountTopic: "c", TransactionTopic: "t"}, false},
		{env("MAX_RUN", "many"), Config{}, true},
	}
	for i, tc := range tests {
		got, err := ConfigFromEnv(tc.env)
		if tc.err {
			if err == nil {
				t.Errorf("%d: no error", i)
			}
			continue
		}
		if err != nil || got.DataType != tc.want.DataType || got.MaxRun != tc.want.MaxRun || got.Bootstrap != tc.want.Bootstrap ||
			got.AccountTopic != tc.want.AccountTopic || got.TransactionTopic != tc.want.TransactionTopic {
			t.Errorf("%d: %+v %v, want %+v", i, got, err, tc.want)
		}
	}
}

func TestLiveDatesUseWallClock(t *testing.T) {
	before := time.Now().Add(-time.Second).Format(TimeLayout)
	tx := NewLiveTransactions().Next()
	acc := Accounts()[0]
	if tx.TransactionDate < before || acc.FlagDate < before {
		t.Fatalf("dates %s %s before %s", tx.TransactionDate, acc.FlagDate, before)
	}
}

func TestDataType(t *testing.T) {
	tests := []struct {
		dataType string
		count    int64
		want     string
		err      bool
	}{
		{"", 0, "account", false},
		{"", 10, "transaction", false},
		{"account", 0, "account", false},
		{"account", 10, "", true},
		{"transaction", 0, "transaction", false},
		{"transaction", 10, "transaction", false},
		{"txn", 0, "transaction", false}, // producer.py: anything but "account"
	}
	for _, tc := range tests {
		got, err := Config{DataType: tc.dataType, Count: tc.count}.dataType()
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("DataType %q Count %d: %q, %v; want %q (error %v)", tc.dataType, tc.count, got, err, tc.want, tc.err)
		}
	}
}
