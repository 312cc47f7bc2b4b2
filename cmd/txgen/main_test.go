package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/devbroker"
)

// startBroker starts the embedded broker with the seed's topics and points
// BOOTSTRAP_SERVERS at it.
func startBroker(t *testing.T) {
	b, err := devbroker.Start(context.Background(), devbroker.Config{Topics: map[string]int32{"flagged-accounts": 2, "transactions": 2}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	t.Setenv("BOOTSTRAP_SERVERS", b.Addr())
}

// TestRun runs the command against the embedded broker: accounts with the
// seed's typo'd DATE_TYPE, then a short seeded benchmark; bad flags fail.
func TestRun(t *testing.T) {
	startBroker(t)
	t.Setenv("DATE_TYPE", "account")
	if code := run(nil, io.Discard); code != 0 {
		t.Fatalf("account run exited %d", code)
	}
	t.Setenv("DATE_TYPE", "transaction")
	if code := run([]string{"--seed", "5", "--count", "1000", "--accounts-first"}, io.Discard); code != 0 {
		t.Fatalf("benchmark run exited %d", code)
	}
	for _, args := range [][]string{{"--rate", "10"}, {"--bogus"}, {"extra"}} {
		if code := run(args, io.Discard); code != 2 {
			t.Fatalf("%v exited %d, want 2", args, code)
		}
	}
	t.Setenv("MAX_RUN", "x")
	if code := run(nil, io.Discard); code != 2 {
		t.Fatalf("bad MAX_RUN exited %d, want 2", code)
	}
}

// TestCountSendsTransactions: the README's benchmark line, with no
// DATA_TYPE, sends the transactions it counts (it used to send the 5
// accounts of DATA_TYPE's default and stop).
func TestCountSendsTransactions(t *testing.T) {
	startBroker(t)
	t.Setenv("DATA_TYPE", "")
	t.Setenv("DATE_TYPE", "")
	var out bytes.Buffer
	if code := run([]string{"--seed", "42", "--count", "300", "--rate", "0"}, &out); code != 0 {
		t.Fatalf("exited %d:\n%s", code, &out)
	}
	if !strings.Contains(out.String(), `"accounts": 0, "transactions": 300`) {
		t.Fatalf("want 300 transactions and no accounts:\n%s", &out)
	}
	// An explicit DATA_TYPE=account contradicts --count: a clear error.
	t.Setenv("DATA_TYPE", "account")
	out.Reset()
	if code := run([]string{"--count", "3"}, &out); code == 0 || !strings.Contains(out.String(), "DATA_TYPE=account sends only the flagged accounts") {
		t.Fatalf("DATA_TYPE=account --count 3 exited %d:\n%s", code, &out)
	}
}

// TestHelpListsEnvironment: -help names every variable txgen reads, with
// its default, and exits 0.
func TestHelpListsEnvironment(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"-help"}, &out); code != 0 {
		t.Fatalf("-help exited %d", code)
	}
	for _, want := range []string{"DATA_TYPE", "DATE_TYPE", "[account; transaction with --count]", "MAX_RUN", "[-1]",
		"BOOTSTRAP_SERVERS", "[localhost:29092]", "CUSTOMER_TOPIC_NAME", "[flagged-accounts]",
		"TRANSACTION_TOPIC_NAME", "[transactions]", "-connect-timeout", "(default 30s)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, &out)
		}
	}
}

// TestNoBrokerFailsFast: with nothing listening at BOOTSTRAP_SERVERS txgen
// fails after --connect-timeout, naming the servers (it used to wait for
// librdkafka's 5-minute delivery timeout).
func TestNoBrokerFailsFast(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	t.Setenv("BOOTSTRAP_SERVERS", addr)
	t.Setenv("DATA_TYPE", "transaction")
	t.Setenv("MAX_RUN", "2")
	var out bytes.Buffer
	start := time.Now()
	code := run([]string{"--connect-timeout", "2s"}, &out)
	if code != 1 || time.Since(start) > 20*time.Second {
		t.Fatalf("exited %d after %v:\n%s", code, time.Since(start), &out)
	}
	if !strings.Contains(out.String(), "no Kafka broker answered at "+addr+" (BOOTSTRAP_SERVERS) within 2s") {
		t.Fatalf("the error does not name the servers and the timeout:\n%s", &out)
	}
	// librdkafka's own lines come through the logger (else they would go
	// to the process's stderr as raw "%3|…" lines).
	if !strings.Contains(out.String(), "WARN\tlibrdkafka: ") || !strings.Contains(out.String(), "Connection refused") {
		t.Fatalf("librdkafka's connection errors are not in the log:\n%s", &out)
	}
}
