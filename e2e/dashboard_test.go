package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/internal/kafkalog"
)

// The job's HTTP server, seen from outside: the binary is started with
// --http-addr 127.0.0.1:0 and the tests read the URL it logs.

var dashboardURL = regexp.MustCompile(`dashboard at (http://127\.0\.0\.1:\d+/)`)

// startObserved runs checkpointJob with its HTTP server on a free loopback
// port and returns the process and the server's base URL.
func startObserved(t *testing.T, brokerAddr string) (*process, string) {
	t.Helper()
	return startObservedIn(t, t.TempDir(), brokerAddr)
}

// startObservedIn is startObserved in dir, where a second start restores
// the first one's checkpoints.
func startObservedIn(t *testing.T, dir, brokerAddr string) (*process, string) {
	t.Helper()
	writeFile(t, dir, "props.json", properties(brokerAddr))
	writeFile(t, dir, "job.sql", checkpointJob("earliest-offset", false))
	p := start(t, dir, nil, "run", "--sql", "job.sql", "--properties", "props.json", "--http-addr", "127.0.0.1:0")
	return p, waitDashboardURL(t, p)
}

// waitDashboardURL returns the dashboard URL the job logs.
func waitDashboardURL(t *testing.T, p *process) string {
	t.Helper()
	var url string
	waitUntil(t, p, "the dashboard URL in the log", 30*time.Second, func() bool {
		m := dashboardURL.FindStringSubmatch(p.stderr.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	return url
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res.StatusCode, string(body)
}

var (
	promSample = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$`)
	promLabel  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// promValue sums the samples of name whose labels include want; found is
// false when there is none.
func promValue(text, name string, want map[string]string) (sum float64, found bool) {
	for _, line := range strings.Split(text, "\n") {
		m := promSample.FindStringSubmatch(line)
		if m == nil || m[1] != name {
			continue
		}
		labels := map[string]string{}
		for _, l := range promLabel.FindAllStringSubmatch(m[2], -1) {
			labels[l[1]] = l[2]
		}
		ok := true
		for k, v := range want {
			ok = ok && labels[k] == v
		}
		if v, err := strconv.ParseFloat(m[3], 64); ok && err == nil {
			sum, found = sum+v, true
		}
	}
	return sum, found
}

// TestMetricsAndHealth runs the join job, produces known input and checks
// what /metrics reports against it, and the health endpoints.
func TestMetricsAndHealth(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions")
	p, url := startObserved(t, broker.Addr())
	produceFlags(t, broker.Addr(), testFlags)
	txs := txBatch("METRICS0", 60)
	produceTxs(t, broker.Addr(), txs)
	want, _, _ := expected(t, testFlags, txs)

	var text string
	waitUntil(t, p, "every record counted and checkpointed", 30*time.Second, func() bool {
		_, text = httpGet(t, url+"metrics")
		out, _ := promValue(text, "sluice_sink_records_total", map[string]string{"table": "sink_print"})
		pos, _ := promValue(text, "sluice_source_partition_position", map[string]string{"table": "transactions"})
		cps, _ := promValue(text, "sluice_checkpoints_total", map[string]string{"result": "completed"})
		return int(out) == len(want) && pos == float64(len(txs)) && cps >= 1
	})
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"sluice_source_records_total", map[string]string{"table": "transactions"}, float64(len(txs))},
		{"sluice_source_records_total", map[string]string{"table": "flagged_accounts"}, float64(len(testFlags))},
		{"sluice_source_records_read_total", map[string]string{"table": "transactions"}, float64(len(txs))},
		{"sluice_operator_records_in_total", map[string]string{"operator": "Source: transactions"}, float64(len(txs))},
		{"sluice_operator_records_in_total", map[string]string{"operator": "Join"}, float64(len(txs) + len(testFlags))},
		{"sluice_operator_records_in_total", map[string]string{"operator": "Sink: sink_print"}, float64(len(want))},
		{"sluice_source_partition_high_watermark", map[string]string{"table": "transactions"}, float64(len(txs))},
		{"sluice_source_partition_lag_records", map[string]string{"table": "transactions"}, 0},
		{"sluice_join_state_rows", map[string]string{"side": "left"}, float64(len(txs))},
		{"sluice_join_state_rows", map[string]string{"side": "right"}, float64(len(testFlags))},
		{"sluice_job_up", map[string]string{"state": "running"}, 1},
		{"sluice_job_ready", nil, 1},
		{"sluice_checkpoints_total", map[string]string{"result": "failed"}, 0},
	}
	for _, c := range checks {
		if got, ok := promValue(text, c.name, c.labels); !ok || got != c.want {
			t.Errorf("%s%v = %v (present %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	if v, _ := promValue(text, "sluice_checkpoint_last_size_bytes", nil); v <= 0 {
		t.Errorf("sluice_checkpoint_last_size_bytes = %v, want > 0", v)
	}
	if v, _ := promValue(text, "sluice_checkpoint_last_completed_timestamp_seconds", nil); time.Since(time.Unix(int64(v), 0)) > time.Minute {
		t.Errorf("sluice_checkpoint_last_completed_timestamp_seconds = %v, not recent", v)
	}
	if code, body := httpGet(t, url+"healthz"); code != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz: %d %s", code, body)
	}
	if code, body := httpGet(t, url+"readyz"); code != http.StatusOK || !strings.Contains(body, `"ready"`) {
		t.Errorf("/readyz: %d %s", code, body)
	}
	// The container health check command asks the same server.
	hc := exec.Command(binary, "healthcheck", "--url", url+"healthz")
	if out, err := hc.CombinedOutput(); err != nil {
		t.Errorf("sluice healthcheck: %v\n%s", err, out)
	}
	stop(t, p)
	checkMultiset(t, "print sink", printed(p, ""), want)
	if hc := exec.Command(binary, "healthcheck", "--url", url+"healthz"); hc.Run() == nil {
		t.Error("sluice healthcheck succeeded with the job stopped")
	}
}

// chromium returns the browser for the dashboard test, installing Debian's
// package through scripts/chromium.sh when it is missing. The test skips,
// loudly, only when no browser can be had at all.
func chromium(t *testing.T) string {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("..", "scripts", "chromium.sh"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(script, "path").Output()
	path := strings.TrimSpace(string(out))
	if err != nil || path == "" {
		msg := fmt.Sprintf("SKIPPING THE BROWSER TEST: no Chromium could be found or installed by scripts/chromium.sh (%v); "+
			"install Debian's chromium package or set SLUICE_CHROMIUM", err)
		if ee, ok := err.(*exec.ExitError); ok {
			msg += "\n" + string(ee.Stderr)
		}
		t.Log(msg)
		t.Skip(msg)
	}
	return path
}

// pageState is what the dashboard shows, read from its DOM.
type pageState struct {
	Nodes       []string  `json:"nodes"`
	Rates       []float64 `json:"rates"`
	Checkpoints []string  `json:"checkpoints"`
	Rows        []string  `json:"rows"`
	State       string    `json:"state"`
	Ready       string    `json:"ready"`
	Lags        []string  `json:"lags"`
	JoinLeft    string    `json:"joinLeft"`
	SinkStats   string    `json:"sinkStats"`
	// PlanLongest is the longest plan line in characters; PlanOverflow is
	// how far the plan or the page overflows horizontally, in pixels.
	PlanLongest  int      `json:"planLongest"`
	PlanOverflow int      `json:"planOverflow"`
	Restore      []string `json:"restore"`
}

const readPage = `(() => {
  const texts = sel => [...document.querySelectorAll(sel)].map(e => e.textContent.trim());
  return {
    nodes: [...document.querySelectorAll("#graph g.node")].map(g => g.getAttribute("data-name")),
    rates: texts("#operators td.rate-in, #operators td.rate-out").map(s => parseFloat(s.replace(/,/g, ""))),
    checkpoints: texts("#checkpoints tr.checkpoint td:first-child"),
    rows: texts(".sink .recent .row"),
    state: document.getElementById("job-state").textContent,
    ready: document.getElementById("ready").textContent,
    lags: texts("#sources td.lag"),
    joinLeft: (document.querySelector("#joins td.left-rows") || {textContent: ""}).textContent,
    sinkStats: (document.querySelector("#graph g.node.sink text.stats") || {textContent: ""}).textContent,
    planLongest: Math.max(0, ...texts("#plan .plan-line").map(l => l.length)),
    planOverflow: Math.max(document.getElementById("plan").scrollWidth - document.getElementById("plan").clientWidth,
      document.documentElement.scrollWidth - window.innerWidth),
    restore: texts("#restore tbody td"),
  };
})()`

// TestDashboardInBrowser loads the dashboard in headless Chromium while the
// job runs and records keep arriving, and checks what a person would see:
// the plan's operators in the graph, a nonzero rate, a completed
// checkpoint and output rows the print sink printed.
func TestDashboardInBrowser(t *testing.T) {
	browser := chromium(t)
	broker := startBroker(t, "flagged-accounts", "transactions")
	p, url := startObserved(t, broker.Addr())
	produceFlags(t, broker.Addr(), testFlags)

	// Keep records flowing while the page is watched, so that its rates
	// are live (bounded: at most 150 batches of 10, 5 a second).
	producer, err := kafka.NewProducer(kafkalog.ForTest(t, kafka.ConfigMap{"bootstrap.servers": broker.Addr(), "linger.ms": 5}))
	if err != nil {
		t.Fatal(err)
	}
	defer producer.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		topic := "transactions"
		for i := 0; i < 150 && ctx.Err() == nil; i++ {
			for _, x := range txBatch(fmt.Sprintf("BROWSE%02d", i%100), 10) {
				m := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}, Value: []byte(x.json())}
				if err := producer.Produce(m, nil); err != nil {
					t.Errorf("producing while the page is open: %v", err)
					return
				}
			}
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	go func() { // delivery reports, so that the producer's queue drains
		for range producer.Events() {
		}
	}()
	defer wg.Wait()
	defer cancel()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.WindowSize(1300, 1800))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	tctx, cancelTimeout := context.WithTimeout(bctx, 90*time.Second)
	defer cancelTimeout()
	if err := chromedp.Do(tctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#graph g.node"))); err != nil {
		t.Fatalf("loading %s in %s: %v\nsluice stderr:\n%s", url, browser, err, p.stderr.String())
	}

	var st pageState
	deadline := time.Now().Add(45 * time.Second)
	for {
		var err error
		if st, err = chromedp.Run(tctx, chromedp.Evaluate[pageState](readPage)); err != nil {
			t.Fatalf("reading the page: %v", err)
		}
		maxRate := 0.0
		for _, r := range st.Rates {
			maxRate = max(maxRate, r)
		}
		if len(st.Nodes) == 5 && maxRate > 0 && len(st.Checkpoints) > 0 && len(st.Rows) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page never showed the running job: %+v", st)
		}
		time.Sleep(500 * time.Millisecond)
	}
	if got := strings.Join(st.Nodes, ", "); got != "Source: transactions, Source: flagged_accounts, Join, Calc, Sink: sink_print" {
		t.Errorf("graph nodes: %s", got)
	}
	if st.State != "running" || st.Ready != "ready" {
		t.Errorf("job state %q, readiness %q", st.State, st.Ready)
	}
	if id, err := strconv.Atoi(st.Checkpoints[0]); err != nil || id < 1 {
		t.Errorf("checkpoint rows %v", st.Checkpoints)
	}
	if len(st.Lags) != 4 { // two partitions of each source
		t.Errorf("lag rows %v, want 4", st.Lags)
	}
	if st.JoinLeft == "" || st.JoinLeft == "0" {
		t.Errorf("join state left rows %q", st.JoinLeft)
	}
	// The print sink writes every row it takes: its "written" is its "in".
	if m := regexp.MustCompile(`^in ([\d,]+) · written ([\d,]+)$`).FindStringSubmatch(st.SinkStats); m == nil || m[1] == "0" || m[1] != m[2] {
		t.Errorf("the sink node shows %q, want in N · written N", st.SinkStats)
	}
	// The plan's long lines wrap: nothing to scroll sideways.
	if st.PlanLongest < 150 || st.PlanOverflow > 0 {
		t.Errorf("plan: longest line %d characters, horizontal overflow %d px (want a long line and none)", st.PlanLongest, st.PlanOverflow)
	}
	if path := os.Getenv("SLUICE_DASHBOARD_SCREENSHOT"); path != "" {
		if png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100)); err != nil {
			t.Errorf("screenshot: %v", err)
		} else if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Error(err)
		}
	}
	if strings.Join(st.Restore, "|") != "nothing restored (no checkpoint)" { // a new job
		t.Errorf("restore decisions %q", st.Restore)
	}
	cancel()
	wg.Wait()
	// Every row the page shows was printed by the print sink, verbatim.
	printedRows := map[string]bool{}
	for _, l := range printed(p, "") {
		printedRows[l] = true
	}
	for _, r := range st.Rows {
		if !strings.HasPrefix(r, "+I[") || !printedRows[r] {
			t.Errorf("the page shows %q, which the print sink did not print", r)
		}
	}
	stop(t, p)
}

// TestRestoredPartitionsShowPosition: after a restart from a checkpoint,
// every partition shows its position and lag at once, though no record
// arrives after the restart (they showed "–" until read): restored ones
// where the checkpoint left them, one the producer left empty (absent from
// the checkpoint) at its earliest offset.
func TestRestoredPartitionsShowPosition(t *testing.T) {
	broker := startBroker(t, "flagged-accounts", "transactions")
	dir := t.TempDir()
	p, _ := startObservedIn(t, dir, broker.Addr())
	produceFlags(t, broker.Addr(), testFlags)
	txs := txBatch("RESTORE0", 40)
	produceTxs(t, broker.Addr(), txs)
	waitCheckpointed(t, p, broker.Addr(), int64(len(testFlags)), int64(len(txs)))
	stop(t, p)

	p, url := startObservedIn(t, dir, broker.Addr())
	var view struct {
		Sources []struct {
			Table string `json:"table"`
			Stats struct {
				Partitions []struct {
					Partition     int32 `json:"partition"`
					Position      int64 `json:"position"`
					HighWatermark int64 `json:"high_watermark"`
				} `json:"partitions"`
			} `json:"stats"`
		} `json:"sources"`
	}
	summary := func() (known int, positions map[string]int64) {
		_, body := httpGet(t, url+"api/job")
		if err := json.Unmarshal([]byte(body), &view); err != nil {
			t.Fatalf("/api/job: %v", err)
		}
		positions = map[string]int64{}
		for _, s := range view.Sources {
			for _, ps := range s.Stats.Partitions {
				if ps.Position >= 0 && ps.HighWatermark >= 0 {
					known++
				}
				positions[s.Table] += max(ps.Position, 0)
			}
		}
		return known, positions
	}
	waitUntil(t, p, "the position and lag of all four restored partitions", 20*time.Second, func() bool {
		known, _ := summary()
		return known == 4
	})
	if _, pos := summary(); pos["transactions"] != int64(len(txs)) || pos["flagged_accounts"] != int64(len(testFlags)) {
		t.Errorf("restored positions sum to %v, want transactions %d and flagged_accounts %d", pos, len(txs), len(testFlags))
	}
	stop(t, p)
}
