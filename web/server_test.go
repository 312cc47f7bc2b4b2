package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest"

	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/internal/kafkalog"
	"github.com/sluice-sql/sluice/internal/syncbuf"
)

// get fetches a path and returns the status and body.
func get(t *testing.T, base, path string) (int, string) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

var (
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$`)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// metric returns the value of the sample of name whose labels include
// want, and whether there is one. Several matching samples are summed.
func metric(text, name string, want map[string]string) (float64, bool) {
	sum, found := 0.0, false
	for _, line := range strings.Split(text, "\n") {
		m := sampleLine.FindStringSubmatch(line)
		if m == nil || m[1] != name {
			continue
		}
		labels := map[string]string{}
		for _, p := range labelPair.FindAllStringSubmatch(m[2], -1) {
			labels[p[1]] = p[2]
		}
		match := true
		for k, v := range want {
			match = match && labels[k] == v
		}
		if !match {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			continue
		}
		sum, found = sum+v, true
	}
	return sum, found
}

func TestHandlerBeforeTheJobStarts(t *testing.T) {
	obs := runtime.NewObserver()
	srv := httptest.NewServer(NewHandler(Config{Observer: obs, Plan: "== Sluice Plan ==\n"}))
	defer srv.Close()

	if code, body := get(t, srv.URL, "/healthz"); code != http.StatusOK || !strings.Contains(body, `"status": "ok"`) {
		t.Errorf("/healthz: %d %s", code, body)
	}
	code, body := get(t, srv.URL, "/readyz")
	var ready struct {
		Status  string   `json:"status"`
		Reasons []string `json:"reasons"`
	}
	if err := json.Unmarshal([]byte(body), &ready); err != nil {
		t.Fatalf("/readyz body %q: %v", body, err)
	}
	if code != http.StatusServiceUnavailable || ready.Status != "not ready" || len(ready.Reasons) != 1 ||
		!strings.Contains(ready.Reasons[0], "starting") {
		t.Errorf("/readyz: %d %+v", code, ready)
	}
	_, text := get(t, srv.URL, "/metrics")
	if v, ok := metric(text, "sluice_job_up", map[string]string{"state": "starting"}); !ok || v != 0 {
		t.Errorf("sluice_job_up while starting: %v %v", v, ok)
	}
	if v, ok := metric(text, "sluice_job_ready", nil); !ok || v != 0 {
		t.Errorf("sluice_job_ready while starting: %v %v", v, ok)
	}
	if _, ok := metric(text, "go_goroutines", nil); !ok {
		t.Error("no Go runtime metrics")
	}
	// The page and its assets are embedded, nothing from elsewhere.
	for path, want := range map[string]string{"/": `<svg id="graph"`, "/static/app.js": "function layout(", "/static/app.css": "#graph"} {
		code, body := get(t, srv.URL, path)
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("%s: %d, %d bytes, want %q", path, code, len(body), want)
		}
		// The SVG namespace is a name, not an address that is fetched.
		body = strings.ReplaceAll(body, `"http://www.w3.org/2000/svg"`, "")
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "//cdn") {
			t.Errorf("%s refers to another site; the dashboard must work offline", path)
		}
	}
	if code, _ := get(t, srv.URL, "/nothing-here"); code != http.StatusNotFound {
		t.Errorf("/nothing-here: %d, want 404", code)
	}
}

const testJob = `SET 'execution.checkpointing.interval' = '300 ms';
CREATE TABLE flagged_accounts (account_id BIGINT, flag_date TIMESTAMP(3)) WITH (
  'connector' = 'kafka', 'topic' = 'flags', 'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'properties.group.id' = 'flags-group', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE transactions (account_id BIGINT, transaction_id STRING, transaction_date TIMESTAMP(3)) WITH (
  'connector' = 'kafka', 'topic' = 'tx', 'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'properties.group.id' = 'tx-group', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE sink_print (account_id BIGINT, transaction_id STRING, transaction_date TIMESTAMP(3)) WITH ('connector' = 'print');
INSERT INTO sink_print SELECT l.* FROM transactions AS l JOIN flagged_accounts AS r
  ON l.account_id = r.account_id AND l.transaction_date > r.flag_date;
`

func produceJSON(t *testing.T, addr, topic string, values []string) {
	t.Helper()
	p, err := kafka.NewProducer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": addr, "log_level": 3}))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	dr := make(chan kafka.Event, len(values))
	for _, v := range values {
		if err := p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
			Value: []byte(v)}, dr); err != nil {
			t.Fatal(err)
		}
	}
	for range values {
		if m := (<-dr).(*kafka.Message); m.TopicPartition.Error != nil {
			t.Fatal(m.TopicPartition.Error)
		}
	}
}

// TestHandlerServesARunningJob runs a real job (Kafka sources on the
// embedded broker over TCP, the join, a print sink) and checks what
// /metrics, /healthz, /readyz and /api/job report against what was
// produced.
func TestHandlerServesARunningJob(t *testing.T) {
	broker, err := devbroker.Start(context.Background(), devbroker.Config{Topics: map[string]int32{"flags": 2, "tx": 2}})
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	var flags, txs []string
	for i := range 3 {
		flags = append(flags, fmt.Sprintf(`{"account_id": %d, "flag_date": "2020-01-01 00:00:00"}`, 1+2*i)) // 1, 3, 5
	}
	for i := range 12 {
		txs = append(txs, fmt.Sprintf(`{"account_id": %d, "transaction_id": "T%02d", "transaction_date": "2030-01-01 00:00:00"}`, 1+i%6, i))
	}
	produceJSON(t, broker.Addr(), "flags", flags)
	produceJSON(t, broker.Addr(), "tx", txs)
	const wantOut = 6 // transactions of accounts 1, 3 and 5

	dir := t.TempDir()
	sqlPath, propsPath := filepath.Join(dir, "fraud.sql"), filepath.Join(dir, "props.json")
	if err := os.WriteFile(sqlPath, []byte(testJob), 0o644); err != nil {
		t.Fatal(err)
	}
	props := fmt.Sprintf(`[{"PropertyGroupId": "kafka", "PropertyMap": {"bootstrap.servers": %q}}]`, broker.Addr())
	if err := os.WriteFile(propsPath, []byte(props), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout := &syncbuf.Buffer{}
	ring := NewLogRing(10, zapcore.WarnLevel)
	log := ring.Tee(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))
	j, err := job.Load(job.Spec{SQLPath: sqlPath, PropertiesPath: propsPath}, builtin.Registry(stdout, stdout), log)
	if err != nil {
		t.Fatal(err)
	}
	obs := runtime.NewObserver()
	srv := httptest.NewServer(NewHandler(Config{Observer: obs, Plan: j.Graph.Explain(), SQLFile: sqlPath, Logs: ring}))
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- runtime.Run(ctx, j.Graph, runtime.Options{FlushInterval: j.CheckpointInterval, Logger: log,
			JobName: "fraud.sql", CheckpointDir: filepath.Join(dir, "checkpoints"), Observer: obs})
	}()

	// Wait until every input was processed and a checkpoint completed after it.
	var text string
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, text = get(t, srv.URL, "/metrics")
		out, _ := metric(text, "sluice_sink_records_total", map[string]string{"table": "sink_print"})
		cps, _ := metric(text, "sluice_checkpoints_total", map[string]string{"result": "completed"})
		rows, _ := metric(text, "sluice_join_state_rows", nil)
		bytes, _ := metric(text, "sluice_join_state_bytes", nil)
		if out == wantOut && rows == 15 && cps >= 2 && bytes > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("job ended early: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out; last metrics:\n%s", grepSluice(text))
		}
		time.Sleep(100 * time.Millisecond)
	}
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"sluice_job_up", map[string]string{"state": "running"}, 1},
		{"sluice_job_ready", nil, 1},
		{"sluice_source_records_total", map[string]string{"table": "transactions", "connector": "kafka"}, 12},
		{"sluice_source_records_total", map[string]string{"table": "flagged_accounts"}, 3},
		{"sluice_source_records_read_total", map[string]string{"table": "transactions"}, 12},
		{"sluice_source_records_skipped_total", map[string]string{"table": "transactions"}, 0},
		{"sluice_source_decode_errors_total", map[string]string{"table": "transactions"}, 0},
		{"sluice_source_partition_high_watermark", map[string]string{"table": "transactions"}, 12},
		{"sluice_source_partition_position", map[string]string{"table": "transactions"}, 12},
		{"sluice_source_partition_lag_records", map[string]string{"table": "transactions"}, 0},
		{"sluice_operator_records_in_total", map[string]string{"operator": "Join"}, 15},
		{"sluice_operator_records_out_total", map[string]string{"operator": "Join"}, wantOut},
		{"sluice_operator_records_in_total", map[string]string{"operator": "Sink: sink_print", "kind": "sink"}, wantOut},
		{"sluice_operator_records_out_total", map[string]string{"operator": "Sink: sink_print", "kind": "sink"}, wantOut},
		{"sluice_join_state_rows", map[string]string{"side": "left"}, 12},
		{"sluice_join_state_rows", map[string]string{"side": "right"}, 3},
		{"sluice_checkpoints_total", map[string]string{"result": "failed"}, 0},
	}
	for _, c := range checks {
		if got, ok := metric(text, c.name, c.labels); !ok || got != c.want {
			t.Errorf("%s%v = %v (found %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	if size, _ := metric(text, "sluice_checkpoint_last_size_bytes", nil); size <= 0 {
		t.Errorf("checkpoint size %v", size)
	}
	if ts, _ := metric(text, "sluice_checkpoint_last_completed_timestamp_seconds", nil); time.Since(time.Unix(int64(ts), 0)) > time.Minute {
		t.Errorf("last checkpoint at %v", ts)
	}
	if code, body := get(t, srv.URL, "/readyz"); code != http.StatusOK {
		t.Errorf("/readyz while running: %d %s", code, body)
	}
	if code, body := get(t, srv.URL, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz while running: %d %s", code, body)
	}

	log.Warn("a warning for the dashboard", zap.String("topic", "tx"))
	_, body := get(t, srv.URL, "/api/job")
	var view JobView
	if err := json.Unmarshal([]byte(body), &view); err != nil {
		t.Fatalf("/api/job: %v", err)
	}
	var names []string
	for _, o := range view.Operators {
		names = append(names, o.Name)
	}
	if got := strings.Join(names, ", "); got != "Source: transactions, Source: flagged_accounts, Join, Calc, Sink: sink_print" {
		t.Errorf("operators %s", got)
	}
	if len(view.Edges) != 4 || len(view.Sinks) != 1 || len(view.Sinks[0].Recent) != wantOut ||
		!strings.HasPrefix(view.Sinks[0].Recent[0], "+I[") {
		t.Errorf("edges %v, sinks %+v", view.Edges, view.Sinks)
	}
	if !strings.Contains(view.Plan, "Join(joinType=[InnerJoin]") || len(view.Ready) != 0 || view.Live != "" {
		t.Errorf("plan %q, not ready %v, not live %q", view.Plan, view.Ready, view.Live)
	}
	if n := len(view.Logs); n == 0 || view.Logs[n-1].Message != "a warning for the dashboard" || view.Logs[n-1].Fields != "topic=tx" {
		t.Errorf("logs %+v", view.Logs)
	}
	// The recent rows are the ones the print sink printed.
	for _, r := range view.Sinks[0].Recent {
		if !strings.Contains(stdout.String(), r+"\n") {
			t.Errorf("recent row %q was not printed:\n%s", r, stdout.String())
		}
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if code, body := get(t, srv.URL, "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "finished") {
		t.Errorf("/readyz after the job: %d %s", code, body)
	}
}

func grepSluice(text string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "sluice_") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestLogRing(t *testing.T) {
	ring := NewLogRing(3, zapcore.WarnLevel)
	log := ring.Tee(zap.NewNop()).With(zap.String("table", "t"))
	log.Info("not kept")
	for i := range 5 {
		log.Warn(fmt.Sprint("w", i), zap.Int("i", i))
	}
	log.Error("e")
	got := ring.Entries()
	if len(got) != 3 || got[0].Message != "w3" || got[1].Fields != "i=4 table=t" || got[2].Message != "e" || got[2].Level != "error" {
		t.Fatalf("entries %+v", got)
	}
	if c := ring.Counts(); c["warn"] != 5 || c["error"] != 1 || c["info"] != 0 {
		t.Fatalf("counts %v", c)
	}
	var none *LogRing
	if len(none.Entries()) != 0 || len(none.Counts()) != 0 {
		t.Fatal("nil ring")
	}
}
