package main

import (
	"context"
	"testing"

	"github.com/sluice-sql/sluice/devbroker"
)

// TestRun runs the command against the embedded broker: accounts with the
// seed's typo'd DATE_TYPE, then a short seeded benchmark; bad flags fail.
func TestRun(t *testing.T) {
	b, err := devbroker.Start(context.Background(), devbroker.Config{Topics: map[string]int32{"flagged-accounts": 2, "transactions": 2}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	t.Setenv("BOOTSTRAP_SERVERS", b.Addr())
	t.Setenv("DATE_TYPE", "account")
	if code := run(nil); code != 0 {
		t.Fatalf("account run exited %d", code)
	}
	t.Setenv("DATE_TYPE", "transaction")
	if code := run([]string{"--seed", "5", "--count", "1000", "--accounts-first"}); code != 0 {
		t.Fatalf("benchmark run exited %d", code)
	}
	for _, args := range [][]string{{"--rate", "10"}, {"--bogus"}, {"extra"}} {
		if code := run(args); code != 2 {
			t.Fatalf("%v exited %d, want 2", args, code)
		}
	}
	t.Setenv("MAX_RUN", "x")
	if code := run(nil); code != 2 {
		t.Fatalf("bad MAX_RUN exited %d, want 2", code)
	}
}
