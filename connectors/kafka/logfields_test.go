package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/syncbuf"
)

// duplicateKeys returns the keys that occur more than once at the top
// level of one JSON log line. zap's JSON encoder writes a field as often
// as it is given, and a duplicate key is kept by one JSON reader and
// dropped by the next.
func duplicateKeys(line []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object: %v %v", tok, err)
	}
	seen := map[string]bool{}
	var dups []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key := tok.(string)
		if seen[key] {
			dups = append(dups, key)
		}
		seen[key] = true
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
	}
	return dups, nil
}

func TestDuplicateKeys(t *testing.T) {
	for line, want := range map[string]string{
		`{"level":"warn","table":"a","msg":"m","table":"a"}`:  "table",
		`{"level":"warn","table":"a","x":{"table":"b"}}`:      "",
		`{"table":"a","bootstrap_servers":"b","error":"c"}`:   "",
		`{"a":1,"a":[1,{"a":2}],"b":"a","a":null,"c":"a"}`:    "a,a",
		`{"msg":"with \"table\":\"quoted\"","table":"t"}`:     "",
		`{"msg":"m","table":"t","sink":"s","table_x":"u"}`:    "",
		`{"msg":"m","table":"t","client":"c","facility":"f"}`: "",
	} {
		got, err := duplicateKeys([]byte(line))
		if err != nil || strings.Join(got, ",") != want {
			t.Errorf("%s: %v %v, want %q", line, got, err, want)
		}
	}
}

// TestLogLinesHaveUniqueKeys: the connector's logger is tagged with the
// table already (connectors.Table.Logger, as engine/plan's connectorTable
// makes it), so the connector's own lines must not name it again. A
// source and a sink whose broker is down log their retries and
// librdkafka's lines; each JSON line has each key once.
func TestLogLinesHaveUniqueKeys(t *testing.T) {
	var buf syncbuf.Buffer
	root := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&buf), zap.WarnLevel))
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))

	st := table(t, "transactions", txSchema, map[string]string{"topic": "transactions",
		"properties.bootstrap.servers": addr, "format": "json", "scan.startup.mode": "earliest-offset"})
	st.Logger = root.With(zap.String("table", st.Name))
	c := runUnbounded(newSource(t, st))

	kt := table(t, "out", txSchema, map[string]string{"topic": "out", "properties.bootstrap.servers": addr,
		"format": "json", "properties.delivery.timeout.ms": "3000"})
	kt.Logger = root.With(zap.String("table", kt.Name))
	sink := newSink(t, kt)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := sink.Write(ctx, []types.Row{txRow(1, "A", "1", "2023-08-10 12:00:00")}); err != nil {
		t.Fatal(err)
	}
	_ = sink.Flush(ctx) // fails: the broker is down

	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(buf.String(), "cannot reach the brokers") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if err := c.stop(t); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("stop: %v", err)
	}
	out := buf.String()
	for _, want := range []string{"kafka source: cannot reach the brokers", "kafka producer error (retrying)"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q line in:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		dups, err := duplicateKeys([]byte(line))
		if err != nil || len(dups) > 0 {
			t.Errorf("keys %v repeated (%v) in %s", dups, err, line)
		}
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["table"] != "transactions" && m["table"] != "out" {
			t.Errorf("no table in %s", line)
		}
	}
}
