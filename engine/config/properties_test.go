package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedProperties = `[
  {
    "PropertyGroupId": "kinesis.analytics.flink.run.options",
    "PropertyMap": { "sql": "processor.sql" }
  },
  {
    "PropertyGroupId": "consumer.config.0",
    "PropertyMap": {
      "table.name": "flagged_accounts",
      "topic.name": "flagged-accounts",
      "bootstrap.servers": "localhost:29092",
      "startup.mode": "earliest-offset"
    }
  }
]`

func TestLoadAndLookup(t *testing.T) {
	p, err := Load("app.json", []byte(seedProperties), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"consumer.config.0.topic.name":            "flagged-accounts",
		"consumer.config.0.bootstrap.servers":     "localhost:29092",
		"kinesis.analytics.flink.run.options.sql": "processor.sql",
	} {
		if got, ok := p.Lookup(name); !ok || got != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if _, ok := p.Lookup("consumer.config.0.nope"); ok {
		t.Error("unknown key resolved")
	}
	if got := p.Groups(); strings.Join(got, ",") != "kinesis.analytics.flink.run.options,consumer.config.0" {
		t.Errorf("groups in file order: %v", got)
	}
}

func TestEnvOverride(t *testing.T) {
	env := []string{"SLUICE_PROPERTY__CONSUMER_CONFIG_0__BOOTSTRAP_SERVERS=broker:9092", "PATH=/bin"}
	p, err := Load("app.json", []byte(seedProperties), env)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Get("consumer.config.0", "bootstrap.servers"); got != "broker:9092" {
		t.Errorf("override not applied: %q", got)
	}
	if got, _ := p.Get("consumer.config.0", "topic.name"); got != "flagged-accounts" {
		t.Errorf("other property changed: %q", got)
	}
	_, err = Load("app.json", []byte(seedProperties), []string{"SLUICE_PROPERTY__CONSUMER_CONFIG_0__BOOTSTRAP_SERVER=x"})
	if err == nil || !strings.Contains(err.Error(), "SLUICE_PROPERTY__CONSUMER_CONFIG_0__BOOTSTRAP_SERVER names no property") {
		t.Errorf("mistyped override: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"object at top", `{"PropertyGroupId": "a"}`, "app.json:1:1: application properties must be a JSON array"},
		{"syntax", "[\n  {\"PropertyGroupId\": \"a\",}\n]", "app.json:2:"},
		{"non-string value", "[\n {\"PropertyGroupId\": \"a\", \"PropertyMap\": {\"k\": [1]}}\n]", "app.json:2:48: property \"k\" must be a string"},
		{"duplicate group", "[{\"PropertyGroupId\": \"a\"},\n {\"PropertyGroupId\": \"a\"}]", "app.json:2:2: duplicate PropertyGroupId \"a\""},
		{"missing id", `[{"PropertyMap": {}}]`, "app.json:1:2: property group without PropertyGroupId"},
		{"unknown field", `[{"PropertyGroupId": "a", "Props": {}}]`, `app.json:1:27: unknown field Props`},
		{"truncated", `[{"PropertyGroupId": "a"`, "app.json:1:"},
		{"trailing", `[] []`, "app.json:1:4: unexpected"},
		{"trailing text", "[\n  {\"PropertyGroupId\": \"a\"}\n]\ngarbage }\n", `app.json:4:1: unexpected text after the property group array: "garbage }\n"`},
		{"trailing brace", "[]\n }", `app.json:2:2: unexpected text after the property group array: "}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("app.json", []byte(tt.in), nil)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestLookupPrefersLongestGroup(t *testing.T) {
	p, err := Load("f", []byte(`[{"PropertyGroupId":"a","PropertyMap":{"b.c":"short"}},{"PropertyGroupId":"a.b","PropertyMap":{"c":"long"}}]`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Lookup("a.b.c"); got != "long" {
		t.Errorf("got %q", got)
	}
}

func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.json")
	if err := os.WriteFile(path, make([]byte, 101), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path, "application properties", 100); err == nil || err.Error() != "application properties "+path+" is larger than 100 bytes, the most Sluice reads (is it the right file?)" {
		t.Errorf("over the limit: %v", err)
	}
	if data, err := ReadFile(path, "application properties", 101); err != nil || len(data) != 101 {
		t.Errorf("at the limit: %d bytes, %v", len(data), err)
	}
	// An endless file is cut at the limit, not read into memory.
	if _, err := ReadFile("/dev/zero", "SQL file", MaxSQLBytes); err == nil || !strings.Contains(err.Error(), "SQL file /dev/zero is larger than 16 MiB") {
		t.Errorf("/dev/zero: %v", err)
	}
}
