package sql

import (
	"strings"
	"testing"
)

// jobProperties are the placeholder values of the flagship job.
var jobProperties = map[string]string{
	"consumer.config.0.table.name":        "flagged_accounts",
	"consumer.config.0.topic.name":        "flagged-accounts",
	"consumer.config.0.bootstrap.servers": "localhost:29092",
	"consumer.config.0.startup.mode":      "earliest-offset",
	"consumer.config.1.table.name":        "transactions",
	"consumer.config.1.topic.name":        "transactions",
	"consumer.config.1.bootstrap.servers": "localhost:29092",
	"consumer.config.1.startup.mode":      "earliest-offset",
	"producer.config.0.table.name":        "flagged_transactions",
	"producer.config.0.topic.name":        "flagged-transactions",
	"producer.config.0.bootstrap.servers": "localhost:29092",
	"producer.config.1.table.name":        "sink_print",
	"producer.config.1.connector":         "print",
}

func lookupIn(m map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}

// parseText parses text as the file job.sql, without placeholders.
func parseText(text string) (*Script, error) {
	return Parse(NewSource("job.sql", text))
}

// mustParse parses text and fails the test on error.
func mustParse(t *testing.T, text string) *Script {
	t.Helper()
	s, err := parseText(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	return s
}

// parseError parses text and returns the error text, failing if there is none.
func parseError(t *testing.T, text string) string {
	t.Helper()
	_, err := parseText(text)
	if err == nil {
		t.Fatalf("Parse(%q): no error", text)
	}
	return err.Error()
}

// checkError fails unless the error of parsing text starts with want.
func checkError(t *testing.T, text, want string) {
	t.Helper()
	if got := parseError(t, text); !strings.HasPrefix(got, want) {
		t.Errorf("Parse(%q) error:\n got: %s\nwant: %s...", text, got, want)
	}
}
