package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	ddb "github.com/sluice-sql/sluice/connectors/dynamodb"
)

// APIData is what the API benchmark preloads into DynamoDB: Accounts
// accounts with PerAccount flagged transactions each, in a table made from
// configs/ddb.json.
type APIData struct {
	Table      string
	Accounts   int
	PerAccount int
}

const firstAccount = 1000000001

func (d APIData) transactionID(account, i int) string {
	return fmt.Sprintf("T%07d%08d", account, i)
}

// LoopbackEndpoint checks that endpoint is a DynamoDB on this machine: the
// benchmark floods it and must never do that to a remote service.
func LoopbackEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return fmt.Errorf("DynamoDB endpoint %q is not a URL", endpoint)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("DynamoDB endpoint %q is not on the loopback interface: the benchmark only runs against DynamoDB Local (scripts/dynamodb-local.sh)", endpoint)
	}
	return nil
}

// PreloadAPITable creates d.Table from configs/ddb.json and writes the
// items. drop deletes the table.
func PreloadAPITable(ctx context.Context, repo, endpoint string, d APIData) (drop func() error, err error) {
	client, err := ddb.NewClient(ctx, ddb.ClientConfig{Endpoint: endpoint})
	if err != nil {
		return nil, err
	}
	def, err := ddb.LoadTableDefinition(filepath.Join(repo, "configs", "ddb.json"))
	if err != nil {
		return nil, err
	}
	def.TableName = aws.String(d.Table)
	if _, err := ddb.EnsureTable(ctx, client, def); err != nil {
		return nil, err
	}
	drop = func() error {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := client.DeleteTable(dctx, &dynamodb.DeleteTableInput{TableName: aws.String(d.Table)})
		return err
	}
	if err := writeItems(ctx, client, d); err != nil {
		_ = drop()
		return nil, err
	}
	return drop, nil
}

// writeItems writes the items in batches of 25, a few batches at once.
func writeItems(ctx context.Context, client *dynamodb.Client, d APIData) error {
	batches := make(chan []ddbtypes.WriteRequest)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				if err := writeBatch(ctx, client, d.Table, b); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var batch []ddbtypes.WriteRequest
	var err error
send:
	for a := range d.Accounts {
		for i := range d.PerAccount {
			batch = append(batch, ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: apiItem(d, a, i)}})
			if len(batch) == 25 || (a == d.Accounts-1 && i == d.PerAccount-1) {
				select {
				case batches <- batch:
				case err = <-errs:
					break send
				}
				batch = nil
			}
		}
	}
	close(batches)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	return err
}

func apiItem(d APIData, a, i int) map[string]ddbtypes.AttributeValue {
	account := firstAccount + a
	date := time.Date(2023, 8, 10, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	return map[string]ddbtypes.AttributeValue{
		"account_id":         &ddbtypes.AttributeValueMemberN{Value: strconv.Itoa(account)},
		"customer_id":        &ddbtypes.AttributeValueMemberS{Value: fmt.Sprintf("C%d", account)},
		"merchant_type":      &ddbtypes.AttributeValueMemberS{Value: "Online"},
		"transaction_id":     &ddbtypes.AttributeValueMemberS{Value: d.transactionID(account, i)},
		"transaction_type":   &ddbtypes.AttributeValueMemberS{Value: "Grocery_Store"},
		"transaction_amount": &ddbtypes.AttributeValueMemberN{Value: fmt.Sprintf("%d.%02d", 1+i%900, i%100)},
		"transaction_date":   &ddbtypes.AttributeValueMemberS{Value: date.Format("2006-01-02T15:04:05.000")},
	}
}

func writeBatch(ctx context.Context, client *dynamodb.Client, table string, reqs []ddbtypes.WriteRequest) error {
	for attempt := 0; len(reqs) > 0; attempt++ {
		if attempt == 50 {
			return fmt.Errorf("preloading %s: %d items still unprocessed after 50 attempts", table, len(reqs))
		}
		out, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]ddbtypes.WriteRequest{table: reqs}})
		if err != nil {
			return fmt.Errorf("preloading %s: %w", table, err)
		}
		reqs = out.UnprocessedItems[table]
		if len(reqs) > 0 {
			time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
		}
	}
	return nil
}

// API is a running `sluice serve`.
type API struct {
	URL  string
	cmd  *exec.Cmd
	done chan error
}

// StartAPI runs `bin serve --addr 127.0.0.1:0 --table … --endpoint …` plus
// extra arguments, with placeholder AWS credentials, and waits for the
// address it prints.
func StartAPI(ctx context.Context, bin, endpoint, table string, extra []string, stderr io.Writer) (*API, error) {
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--table", table, "--endpoint", endpoint}, extra...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench", "AWS_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true")
	cmd.Env = append(cmd.Env, SluiceEnv()...)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	a := &API{cmd: cmd, done: make(chan error, 1)}
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				first <- u
			}
		}
		close(first)
	}()
	go func() { a.done <- cmd.Wait() }()
	select {
	case u, ok := <-first:
		if !ok {
			_ = a.Stop()
			return nil, errors.New("sluice serve exited without printing its address")
		}
		a.URL = u
		return a, nil
	case <-time.After(30 * time.Second):
		_ = a.Stop()
		return nil, errors.New("sluice serve printed no address within 30 s")
	}
}

// Pid is the server's process id, for its CPU time.
func (a *API) Pid() int { return a.cmd.Process.Pid }

// CPU is the server's user + system time so far.
func (a *API) CPU() (time.Duration, error) { return pidCPU(a.Pid()) }

// ProcessCPU is the user + system time of process pid so far (DynamoDB
// Local's, for the CPU the API's answers cost on its side).
func ProcessCPU(pid int) (time.Duration, error) { return pidCPU(pid) }

// SelfCPU is this process's CPU time: the load generator's.
func SelfCPU() (time.Duration, error) { return selfCPU() }

// Stop sends SIGTERM and waits for the server to exit.
func (a *API) Stop() error {
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-a.done:
		a.done <- err
		return err
	case <-time.After(20 * time.Second):
		_ = a.cmd.Process.Kill()
		return errors.New("sluice serve did not stop within 20 s of SIGTERM")
	}
}

// LoadConfig is one load test of the API: Clients goroutines, each sending
// one request after the other (a closed loop) on kept-alive connections,
// for Warmup (not counted) then Duration.
type LoadConfig struct {
	Clients          int
	Warmup, Duration time.Duration
	Data             APIData
	// HonorRetryAfter makes a client that got a 503 wait for its
	// Retry-After before its next request, as a well-behaved client does.
	HonorRetryAfter bool
	// AtMeasureStart, if set, is called when the warm-up ends (to read CPU
	// counters).
	AtMeasureStart func()
}

// LoadResult counts the answers of the measured interval and their latency.
type LoadResult struct {
	Elapsed               time.Duration
	OK, Busy, Other, Fail int // 200/404, 503, other statuses, transport errors
	OKLatency, AllLatency Percentiles
}

// Percentiles of a latency distribution.
type Percentiles struct{ P50, P90, P99, Max time.Duration }

// PerSec is n per second of the measured interval.
func (r LoadResult) PerSec(n int) float64 { return float64(n) / r.Elapsed.Seconds() }

// clientStats is one load client's record.
type clientStats struct {
	ok, busy, other, fail int
	okLat, allLat         []time.Duration
}

// Load runs the load test against the API at base.
func Load(ctx context.Context, base string, c LoadConfig) (LoadResult, error) {
	tr := &http.Transport{MaxIdleConns: c.Clients, MaxIdleConnsPerHost: c.Clients, IdleConnTimeout: time.Minute, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	start := time.Now()
	measureFrom, end := start.Add(c.Warmup), start.Add(c.Warmup+c.Duration)
	stats := make([]clientStats, c.Clients)
	var hook sync.WaitGroup // Load returns after AtMeasureStart
	if c.AtMeasureStart != nil {
		hook.Add(1)
		time.AfterFunc(c.Warmup, func() { defer hook.Done(); c.AtMeasureStart() })
	}
	var wg sync.WaitGroup
	for i := range stats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runClient(ctx, client, base, c, rand.New(rand.NewPCG(uint64(i), 42)), measureFrom, end, &stats[i])
		}()
	}
	wg.Wait()
	hook.Wait()
	if err := ctx.Err(); err != nil {
		return LoadResult{}, err
	}
	r := LoadResult{Elapsed: c.Duration}
	var okLat, allLat []time.Duration
	for _, s := range stats {
		r.OK += s.ok
		r.Busy += s.busy
		r.Other += s.other
		r.Fail += s.fail
		okLat = append(okLat, s.okLat...)
		allLat = append(allLat, s.allLat...)
	}
	r.OKLatency, r.AllLatency = percentiles(okLat), percentiles(allLat)
	return r, nil
}

// runClient sends requests until end: three account listings for each
// transaction lookup, on random accounts and transactions. A request sent
// before end is waited for and counted, however long it takes, so that the
// slowest answers are not cut off from the percentiles.
func runClient(ctx context.Context, client *http.Client, base string, c LoadConfig, rng *rand.Rand, measureFrom, end time.Time, s *clientStats) {
	for n := 0; ctx.Err() == nil && time.Now().Before(end); n++ {
		account := firstAccount + rng.IntN(c.Data.Accounts)
		path := fmt.Sprintf("/accounts/%d/flagged-transactions?limit=10", account)
		if n%4 == 3 {
			path = "/transactions/" + c.Data.transactionID(account, rng.IntN(c.Data.PerAccount))
		}
		sent := time.Now()
		status, retryAfter, err := get(ctx, client, base+path)
		if sent.After(measureFrom) {
			s.record(status, err, time.Since(sent))
		}
		if status == http.StatusServiceUnavailable && c.HonorRetryAfter && retryAfter > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(min(retryAfter, time.Until(end))):
			}
		}
	}
}

func (s *clientStats) record(status int, err error, took time.Duration) {
	switch {
	case err != nil:
		s.fail++
		return
	case status == http.StatusOK || status == http.StatusNotFound:
		s.ok++
		s.okLat = append(s.okLat, took)
	case status == http.StatusServiceUnavailable:
		s.busy++
	default:
		s.other++
	}
	s.allLat = append(s.allLat, took)
}

// get sends one GET and reads the whole answer, so that the connection
// is reused.
func get(ctx context.Context, client *http.Client, u string) (status int, retryAfter time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, 0, err
	}
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
		retryAfter = time.Duration(secs) * time.Second
	}
	return resp.StatusCode, retryAfter, nil
}

func percentiles(d []time.Duration) Percentiles {
	if len(d) == 0 {
		return Percentiles{}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(p float64) time.Duration { return d[min(len(d)-1, int(p*float64(len(d))))] }
	return Percentiles{P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: d[len(d)-1]}
}
