package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/bench"
)

// Bounds of `sluicebench serve`: it floods a local server, so it must end.
const (
	maxLoadClients  = 10_000
	maxLoadDuration = 5 * time.Minute
)

// serveCommand is `sluicebench serve`: the API under load (issue 13 item
// 9). It preloads a table of DynamoDB Local, starts `bin/sluice serve` on
// loopback, runs -clients closed-loop clients for -warmup + -duration and
// prints the answers per second and their latency.
func serveCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	clients := fs.Int("clients", 2000, fmt.Sprintf("concurrent clients, each one request after the other (at most %d)", maxLoadClients))
	duration := fs.Duration("duration", 20*time.Second, fmt.Sprintf("measured interval (at most %v)", maxLoadDuration))
	warmup := fs.Duration("warmup", 2*time.Second, "load before the measured interval, not counted")
	endpoint := fs.String("endpoint", os.Getenv("SLUICE_DYNAMODB_ENDPOINT"), "DynamoDB Local's URL on loopback (default $SLUICE_DYNAMODB_ENDPOINT)")
	binFlag := fs.String("bin", "", "the sluice binary (default: <repo>/bin/sluice)")
	repoFlag := fs.String("repo", "", "repository root")
	accounts := fs.Int("accounts", 1000, "accounts preloaded")
	perAccount := fs.Int("per-account", 20, "flagged transactions per account")
	serveArgs := fs.String("serve-args", "", "more arguments for `sluice serve`, space-separated")
	honor := fs.Bool("honor-retry-after", true, "a client that gets a 503 waits its Retry-After before the next request")
	ddbPid := fs.Int("dynamodb-pid", 0, "DynamoDB Local's process, for its CPU time (scripts/dynamodb-local.sh pid)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *clients < 1 || *clients > maxLoadClients:
		return fmt.Errorf("-clients must be 1 to %d", maxLoadClients)
	case *duration <= 0 || *duration > maxLoadDuration || *warmup < 0 || *warmup > time.Minute:
		return fmt.Errorf("-duration must be in (0, %v] and -warmup in [0, 1m]", maxLoadDuration)
	case *accounts < 1 || *perAccount < 1 || *accounts**perAccount > 1_000_000:
		return errors.New("-accounts and -per-account must be positive, with at most 1,000,000 items")
	case *endpoint == "":
		return errors.New("no DynamoDB: scripts/dynamodb-local.sh start, then -endpoint $(scripts/dynamodb-local.sh url)")
	}
	if err := bench.LoopbackEndpoint(*endpoint); err != nil {
		return err
	}
	repo, err := bench.FindRepo(*repoFlag)
	if err != nil {
		return err
	}
	bin := *binFlag
	if bin == "" {
		bin = filepath.Join(repo, "bin", "sluice")
	}
	data := bench.APIData{Table: fmt.Sprintf("sluicebench-api-%d", time.Now().UnixNano()), Accounts: *accounts, PerAccount: *perAccount}
	loadStart := time.Now()
	drop, err := bench.PreloadAPITable(ctx, repo, *endpoint, data)
	if err != nil {
		return err
	}
	defer func() { _ = drop() }()
	fmt.Fprintf(os.Stderr, "preloaded %d items into %s in %.1f s\n", data.Accounts*data.PerAccount, data.Table, time.Since(loadStart).Seconds())
	api, err := bench.StartAPI(ctx, bin, *endpoint, data.Table, strings.Fields(*serveArgs), os.Stderr)
	if err != nil {
		return err
	}
	var cpu cpuMeter
	r, err := bench.Load(ctx, api.URL, bench.LoadConfig{Clients: *clients, Warmup: *warmup, Duration: *duration, Data: data,
		HonorRetryAfter: *honor, AtMeasureStart: func() { cpu.start(api, *ddbPid) }})
	cpu.stop(api, *ddbPid)
	if serr := api.Stop(); err == nil && serr != nil {
		err = fmt.Errorf("stopping sluice serve: %w", serr)
	}
	if err != nil {
		return err
	}
	printLoad(*clients, *duration, *warmup, *serveArgs, r, cpu)
	return nil
}

// cpuMeter is the CPU time of the API, DynamoDB Local (when its pid is
// known) and the load generator over the measured interval: on a shared
// machine answers per CPU-second are steadier than answers per second.
type cpuMeter struct {
	serve, dynamo, load time.Duration
	dynamoKnown         bool
}

func (m *cpuMeter) start(api *bench.API, ddbPid int) {
	m.serve, _ = api.CPU()
	m.load, _ = bench.SelfCPU()
	if ddbPid > 0 {
		var err error
		m.dynamo, err = bench.ProcessCPU(ddbPid)
		m.dynamoKnown = err == nil
	}
}

func (m *cpuMeter) stop(api *bench.API, ddbPid int) {
	serve, _ := api.CPU()
	load, _ := bench.SelfCPU()
	m.serve, m.load = serve-m.serve, load-m.load
	if m.dynamoKnown {
		dynamo, err := bench.ProcessCPU(ddbPid)
		m.dynamo, m.dynamoKnown = dynamo-m.dynamo, err == nil
	}
}

func printLoad(clients int, duration, warmup time.Duration, serveArgs string, r bench.LoadResult, cpu cpuMeter) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
	fmt.Printf("sluice serve %s: %d clients, %v measured after %v warm-up\n", serveArgs, clients, duration, warmup)
	fmt.Printf("  answered (200/404): %8.0f req/s   p50 %s  p90 %s  p99 %s  max %s\n",
		r.PerSec(r.OK), ms(r.OKLatency.P50), ms(r.OKLatency.P90), ms(r.OKLatency.P99), ms(r.OKLatency.Max))
	fmt.Printf("  503 busy:           %8.0f req/s\n", r.PerSec(r.Busy))
	fmt.Printf("  all answers:        %8.0f req/s   p50 %s  p99 %s\n", r.PerSec(r.OK+r.Busy+r.Other), ms(r.AllLatency.P50), ms(r.AllLatency.P99))
	fmt.Printf("  other statuses: %d, transport errors: %d\n", r.Other, r.Fail)
	fmt.Printf("  CPU s: sluice serve %.1f, load generator %.1f", cpu.serve.Seconds(), cpu.load.Seconds())
	if cpu.dynamoKnown {
		perCPU := float64(r.OK) / (cpu.serve + cpu.dynamo).Seconds()
		fmt.Printf(", DynamoDB Local %.1f; answered per CPU-second of serve + DynamoDB Local: %.0f", cpu.dynamo.Seconds(), perCPU)
	}
	fmt.Println()
}
