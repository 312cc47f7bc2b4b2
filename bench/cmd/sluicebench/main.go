// Command sluicebench runs Sluice's benchmarks (issue 6) and prints one
// table: end-to-end events/s of the seed job on the embedded kfake broker
// and on Apache Kafka next to the raw librdkafka copy (bench/cmd/kcopy) on
// the same broker, the operator core on one core, the RSS of the join state,
// the first output row's latency and the p99 produce-to-sink latency.
//
//	sluicebench [-n 1000000] [-kafka auto|skip] [-bin bin] [-repo .]
//	sluicebench core [-n 1000000]          (one core: run with GOMAXPROCS=1)
//	sluicebench profile [-n N] [-bootstrap host:port] -cpuprofile f -memprofile f
//	sluicebench broker [-n N] [-bootstrap host:port] [-dir d] [-cpuprofile f]
//	sluicebench serve [-clients 2000] [-duration 20s] [-endpoint URL] [-bin bin/sluice] [-serve-args '…']
//
// `serve` loads `sluice serve` with concurrent clients against DynamoDB
// Local (docs/performance.md, "The API under load").
//
// `profile` runs the seed job in this process (job.Load + runtime.Run, as
// `sluice run` does) so that pprof sees the whole pipeline; without
// -bootstrap it starts kfake in-process, whose share of the profile is then
// the broker's.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	goruntime "runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/bench"
	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/runtime"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	args := os.Args[1:]
	switch {
	case len(args) > 0 && args[0] == "core":
		err = coreCommand(ctx, args[1:])
	case len(args) > 0 && args[0] == "profile":
		err = profileCommand(ctx, args[1:])
	case len(args) > 0 && args[0] == "broker":
		err = brokerCommand(ctx, args[1:])
	case len(args) > 0 && args[0] == "serve":
		err = serveCommand(ctx, args[1:])
	default:
		err = tableCommand(ctx, args)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sluicebench:", err)
		os.Exit(1)
	}
}

// coreResult is what `sluicebench core` prints for the table.
type coreResult struct {
	EventsPerSec, EventsPerCPUSec, AllocsPerEvent, BytesPerStateRow float64
	Out, Want                                                       int
	GOMAXPROCS                                                      int
	NumGC                                                           uint32
}

func coreCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("core", flag.ContinueOnError)
	n := fs.Int("n", 1_000_000, "transactions")
	repoFlag := fs.String("repo", "", "repository root")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run")
	memprofile := fs.String("memprofile", "", "write an allocation profile of the run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	repo, err := bench.FindRepo(*repoFlag)
	if err != nil {
		return err
	}
	in := bench.NewCoreInput(*n)
	stopProf, err := startProfiles(*cpuprofile, *memprofile)
	if err != nil {
		return err
	}
	r, err := bench.RunCore(ctx, repo, in)
	if perr := stopProf(); err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	perRow, _, err := bench.StateFootprint(in)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(coreResult{
		EventsPerSec: r.EventsPerSec(), EventsPerCPUSec: r.EventsPerCPUSec(), AllocsPerEvent: r.AllocsPerEvent(), BytesPerStateRow: perRow,
		Out: int(r.Out), Want: in.Matches(), GOMAXPROCS: goruntime.GOMAXPROCS(0), NumGC: r.NumGC,
	})
}

func startProfiles(cpu, mem string) (stop func() error, err error) {
	if mem != "" {
		goruntime.MemProfileRate = 64 * 1024
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
	}
	return func() error {
		if cpu != "" {
			pprof.StopCPUProfile()
		}
		if mem != "" {
			f, err := os.Create(mem)
			if err != nil {
				return err
			}
			defer f.Close()
			return pprof.Lookup("allocs").WriteTo(f, 0)
		}
		return nil
	}, nil
}

func profileCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	n := fs.Int("n", 1_000_000, "transactions")
	repoFlag := fs.String("repo", "", "repository root")
	bootstrap := fs.String("bootstrap", "", "an existing broker (default: kfake in this process)")
	cpuprofile := fs.String("cpuprofile", "", "CPU profile file")
	memprofile := fs.String("memprofile", "", "allocation profile file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	repo, err := bench.FindRepo(*repoFlag)
	if err != nil {
		return err
	}
	addr, t, _, stopBroker, err := preloadedBroker(ctx, *bootstrap, *n)
	if err != nil {
		return err
	}
	defer stopBroker()
	dir, err := os.MkdirTemp("", "sluicebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sqlPath, propsPath, err := bench.JobFiles(repo, dir, addr, t, true)
	if err != nil {
		return err
	}
	j, err := job.Load(job.Spec{SQLPath: sqlPath, PropertiesPath: propsPath}, builtin.Registry(io.Discard, os.Stderr), zap.NewNop())
	if err != nil {
		return err
	}
	stopProf, err := startProfiles(*cpuprofile, *memprofile)
	if err != nil {
		return err
	}
	start := time.Now()
	err = runtime.Run(ctx, j.Graph, runtime.Options{Logger: zap.NewNop(), JobName: "bench", CheckpointDir: filepath.Join(dir, "cp")})
	el := time.Since(start)
	if perr := stopProf(); err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	out, err := bench.EndOffset(addr, t.Output)
	if err != nil {
		return err
	}
	fmt.Printf("%d events in %.2f s: %.0f events/s; %d rows written\n", *n+5, el.Seconds(), float64(*n+5)/el.Seconds(), out)
	return nil
}

// preloadedBroker preloads n transactions and the flags into fresh topics
// of the broker at bootstrap, or of a kfake started in this process when
// bootstrap is empty; stop stops that kfake (a no-op otherwise).
func preloadedBroker(ctx context.Context, bootstrap string, n int) (addr string, t bench.Topics, preload time.Duration, stop func(), err error) {
	addr, stop = bootstrap, func() {}
	if addr == "" {
		b, err := bench.StartKfake(ctx)
		if err != nil {
			return "", t, 0, nil, err
		}
		addr, stop = b.Bootstrap, func() { _ = b.Close() }
	}
	suffix := fmt.Sprintf("-%d", time.Now().UnixNano())
	t = bench.Topics{Transactions: "transactions" + suffix, Flags: "flags" + suffix, Output: "out" + suffix}
	if err := bench.CreateTopics(ctx, addr, t.Transactions, t.Flags, t.Output); err != nil {
		stop()
		return "", t, 0, nil, err
	}
	if preload, err = bench.Preload(ctx, addr, t, n); err != nil {
		stop()
		return "", t, 0, nil, err
	}
	return addr, t, preload, stop, nil
}

// brokerCommand preloads the workload into fresh topics of a broker (kfake
// in this process unless -bootstrap names one), prints them as one JSON
// line and, with kfake, keeps the broker up until interrupted: for running
// kcopy or sluice against the same records many times while tuning, without
// a preload each time. With -cpuprofile the profile covers what the broker
// does after the preload (kfake only).
func brokerCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("broker", flag.ContinueOnError)
	n := fs.Int("n", 1_000_000, "transactions")
	bootstrap := fs.String("bootstrap", "", "an existing broker (default: kfake in this process)")
	cpuprofile := fs.String("cpuprofile", "", "CPU profile of the broker after the preload (kfake)")
	jobDir := fs.String("dir", "", "also write the bounded job (processor.sql, application_properties.json) for these topics here")
	repoFlag := fs.String("repo", "", "repository root (for -dir)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	addr, t, el, stopBroker, err := preloadedBroker(ctx, *bootstrap, *n)
	if err != nil {
		return err
	}
	defer stopBroker()
	if *jobDir != "" {
		repo, err := bench.FindRepo(*repoFlag)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(*jobDir, 0o755); err != nil {
			return err
		}
		if _, _, err := bench.JobFiles(repo, *jobDir, addr, t, true); err != nil {
			return err
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(map[string]any{"bootstrap": addr, "transactions": t.Transactions,
		"flags": t.Flags, "output": t.Output, "preload_s": el.Seconds(), "pid": os.Getpid()}); err != nil {
		return err
	}
	if *bootstrap != "" {
		return nil
	}
	stopProf, err := startProfiles(*cpuprofile, "")
	if err != nil {
		return err
	}
	<-ctx.Done()
	return stopProf()
}

// brokerRun is the end-to-end figures on one broker.
type brokerRun struct {
	name, skipped string
	warmup        time.Duration // of the latency run
	preload       time.Duration
	sluice, copy  bench.ProcResult
	out           int64
	lat           *bench.LatencyResult
	latErr        error
}

func tableCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sluicebench", flag.ContinueOnError)
	n := fs.Int("n", 1_000_000, "transactions preloaded")
	repoFlag := fs.String("repo", "", "repository root (default: found from the working directory)")
	binDir := fs.String("bin", "", "directory holding the sluice and kcopy binaries (default: <repo>/bin)")
	kafkaMode := fs.String("kafka", "auto", "real Apache Kafka: auto (scripts/kafka-local.sh; skipped with the reason if it cannot run) or skip")
	rate := fs.Float64("latency-rate", 10_000, "records/s of the latency run")
	latSecs := fs.Duration("latency-time", 8*time.Second, "measured part of the latency run (after the warm-up)")
	// A JVM broker started a minute earlier is still compiling its request
	// paths: five back-to-back latency runs on a fresh Kafka measured p50
	// 7.5 s, 1.8 s, 0.9 s, 0.8 s, 0.13 s (the generator's own acks 4.6 s →
	// 0.1 s). kfake is Go code in this process and needs no more than 3 s.
	kafkaWarm := fs.Duration("kafka-latency-warmup", 30*time.Second, "warm-up of the latency run on Apache Kafka (kfake: 3 s)")
	latencyOnly := fs.Bool("latency-only", false, "run only the latency scenario (for investigating it)")
	kafkaBootstrap := fs.String("kafka-bootstrap", "", "use this running Apache Kafka (host:port) instead of starting one")
	kafkaPid := fs.Int("kafka-pid", 0, "with -kafka-bootstrap: the broker's process id, for its CPU time (scripts/kafka-local.sh pid)")
	only := fs.String("only", "", "run only this broker's scenarios: kfake or kafka (for iterating)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	repo, err := bench.FindRepo(*repoFlag)
	if err != nil {
		return err
	}
	bin := *binDir
	if bin == "" {
		bin = filepath.Join(repo, "bin")
	}
	sluiceBin, copyBin := filepath.Join(bin, "sluice"), filepath.Join(bin, "kcopy")
	for _, b := range []string{sluiceBin, copyBin} {
		if _, err := os.Stat(b); err != nil {
			return fmt.Errorf("%w (make bench builds it)", err)
		}
	}
	dir, err := os.MkdirTemp("", "sluicebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	w := bench.NewWorkload(*n)
	logf := func(format string, a ...any) { fmt.Fprintf(os.Stderr, "sluicebench: "+format+"\n", a...) }

	var core coreResult
	if !*latencyOnly && *only == "" {
		logf("operator core: %d transactions, GOMAXPROCS=1", *n)
		if core, err = runCore(ctx, *n, repo); err != nil {
			return err
		}
	}

	runs := []*brokerRun{{name: "kfake", warmup: 3 * time.Second}, {name: "kafka", warmup: *kafkaWarm}}
	for _, r := range runs {
		var b *bench.Broker
		switch {
		case *only != "" && *only != r.name:
			r.skipped = "skipped: -only " + *only
			continue
		case r.name == "kfake":
			b, err = bench.StartKfake(ctx)
		case *kafkaBootstrap != "":
			b = bench.ExistingBroker("kafka", *kafkaBootstrap, *kafkaPid)
		case *kafkaMode == "skip":
			r.skipped = "skipped: -kafka skip"
			continue
		default:
			logf("starting Apache Kafka (scripts/kafka-local.sh)")
			b, err = bench.StartRealKafka(ctx, repo, filepath.Join(dir, "kafka-state"))
		}
		if err != nil {
			if r.name == "kfake" {
				return err
			}
			r.skipped = "skipped: " + firstLine(err.Error())
			logf("%s", r.skipped)
			continue
		}
		err = runBroker(ctx, r, b, w, repo, dir, sluiceBin, copyBin, *rate, *latSecs, *latencyOnly, logf)
		if cerr := b.Close(); cerr != nil {
			logf("stopping %s: %v", r.name, cerr)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
	}
	printTable(os.Stdout, w, core, runs, *rate)
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func runCore(ctx context.Context, n int, repo string) (coreResult, error) {
	self, err := os.Executable()
	if err != nil {
		return coreResult{}, err
	}
	cmd := exec.CommandContext(ctx, self, "core", "-n", fmt.Sprint(n), "-repo", repo)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return coreResult{}, fmt.Errorf("operator core: %w", err)
	}
	var r coreResult
	if err := json.Unmarshal(out, &r); err != nil {
		return r, fmt.Errorf("operator core output %q: %w", out, err)
	}
	if r.Out != r.Want {
		return r, fmt.Errorf("operator core wrote %d rows, want %d", r.Out, r.Want)
	}
	return r, nil
}

func runBroker(ctx context.Context, r *brokerRun, b *bench.Broker, w bench.Workload, repo, dir, sluiceBin, copyBin string,
	rate float64, latTime time.Duration, latencyOnly bool, logf func(string, ...any)) error {
	if latencyOnly {
		return runLatency(ctx, r, b, repo, dir, sluiceBin, rate, latTime, logf)
	}
	// Fresh topics per run, for a broker that outlives it (-kafka-bootstrap).
	sfx := fmt.Sprintf("-%d", time.Now().UnixNano())
	t := bench.Topics{Transactions: "transactions" + sfx, Flags: "flagged-accounts" + sfx, Output: "flagged-transactions" + sfx}
	copyOut := "copy-out" + sfx
	if err := bench.CreateTopics(ctx, b.Bootstrap, t.Transactions, t.Flags, t.Output, copyOut, copyOut+"-warmup"); err != nil {
		return err
	}
	logf("%s: preloading %d transactions + %d flags", r.name, w.Transactions, len(w.Flags))
	var err error
	if r.preload, err = bench.Preload(ctx, b.Bootstrap, t, w.Transactions); err != nil {
		return err
	}
	jobDir := filepath.Join(dir, r.name)
	if err := os.MkdirAll(jobDir, 0o755); err != nil {
		return err
	}
	sqlPath, propsPath, err := bench.JobFiles(repo, jobDir, b.Bootstrap, t, true)
	if err != nil {
		return err
	}
	if r.name == "kafka" {
		// A JVM broker started moments ago answers its first consumers
		// slowly while it compiles (first output row 1.2-1.9 s on a fresh
		// broker, 0.12 s on a warm one): an untimed copy first, so that
		// neither timed run pays for the warm-up (the copy used to run
		// second and got a warm broker).
		logf("%s: warming the broker up (untimed copy)", r.name)
		cmd := exec.CommandContext(ctx, copyBin, "-bootstrap", b.Bootstrap, "-in", t.Transactions+","+t.Flags, "-out", copyOut+"-warmup")
		if _, err := bench.RunTimed(ctx, cmd, b, ""); err != nil {
			return fmt.Errorf("warm-up copy: %w", err)
		}
	}
	logf("%s: sluice run (bounded)", r.name)
	cmd := exec.CommandContext(ctx, sluiceBin, "run", "--sql", sqlPath, "--properties", propsPath)
	cmd.Env = append(append(os.Environ(), bench.SluiceEnv()...), "SLUICE_CHECKPOINT_DIR="+filepath.Join(jobDir, "checkpoints"))
	if r.sluice, err = bench.RunTimed(ctx, cmd, b, t.Output); err != nil {
		return err
	}
	if r.out, err = bench.EndOffset(b.Bootstrap, t.Output); err != nil {
		return err
	}
	if r.out != int64(w.Matches) {
		return fmt.Errorf("sluice wrote %d rows to %s, want %d", r.out, t.Output, w.Matches)
	}
	logf("%s: raw copy", r.name)
	cmd = exec.CommandContext(ctx, copyBin, "-bootstrap", b.Bootstrap, "-in", t.Transactions+","+t.Flags, "-out", copyOut)
	if r.copy, err = bench.RunTimed(ctx, cmd, b, ""); err != nil {
		return err
	}
	if got, err := bench.EndOffset(b.Bootstrap, copyOut); err != nil {
		return err
	} else if got != int64(w.Events()) {
		return fmt.Errorf("the copy wrote %d records, want %d", got, w.Events())
	}
	return runLatency(ctx, r, b, repo, dir, sluiceBin, rate, latTime, logf)
}

func runLatency(ctx context.Context, r *brokerRun, b *bench.Broker, repo, dir, sluiceBin string,
	rate float64, latTime time.Duration, logf func(string, ...any)) error {
	if rate <= 0 {
		return nil
	}
	logf("%s: latency at %.0f records/s (%v warm-up, %v measured)", r.name, rate, r.warmup, latTime)
	latDir := filepath.Join(dir, r.name, "latency")
	if err := os.MkdirAll(latDir, 0o755); err != nil {
		return err
	}
	lat, err := bench.Latency(ctx, b, sluiceBin, repo, latDir, rate, r.warmup, latTime, nil)
	if err != nil {
		r.latErr = err
		logf("%s: latency run failed: %v", r.name, err)
	} else {
		r.lat = &lat
		logf("%s: latency p50 %v p99 %v max %v (%d samples); from the broker's ack p50 %v p99 %v; generator produce→ack p50 %v p99 %v",
			r.name, lat.P50, lat.P99, lat.Max, lat.Samples, lat.AckP50, lat.AckP99, lat.ProduceP50, lat.ProduceP99)
	}
	return nil
}

func printTable(out io.Writer, w bench.Workload, core coreResult, runs []*brokerRun, rate float64) {
	host, _ := os.Hostname()
	fmt.Fprintf(out, "\nSluice benchmark  %s  %s/%s  %d CPUs  %s  host %s\n", time.Now().Format("2006-01-02 15:04 MST"),
		goruntime.GOOS, goruntime.GOARCH, goruntime.NumCPU(), goruntime.Version(), host)
	fmt.Fprintf(out, "workload: seed processor.sql, %d transactions + %d flags preloaded, bounded run; %d rows out\n\n",
		w.Transactions, len(w.Flags), w.Matches)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tkfake\tkafka\ttarget")
	row := func(name, target string, f func(r *brokerRun) string) {
		cells := []string{name}
		for _, r := range runs {
			switch {
			case r.skipped != "":
				cells = append(cells, r.skipped)
			default:
				cells = append(cells, f(r))
			}
		}
		cells = append(cells, target)
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	eps := func(p bench.ProcResult) float64 { return float64(w.Events()) / p.Elapsed.Seconds() }
	row("e2e sluice events/s (start to exit)", "≥ 250000", func(r *brokerRun) string { return fmt.Sprintf("%.0f", eps(r.sluice)) })
	row("raw librdkafka copy events/s", "", func(r *brokerRun) string { return fmt.Sprintf("%.0f", eps(r.copy)) })
	row("sluice / copy", "≥ 0.60", func(r *brokerRun) string { return fmt.Sprintf("%.2f", eps(r.sluice)/eps(r.copy)) })
	row("sluice elapsed s / copy elapsed s", "", func(r *brokerRun) string {
		return fmt.Sprintf("%.2f / %.2f", r.sluice.Elapsed.Seconds(), r.copy.Elapsed.Seconds())
	})
	cpu := func(p bench.ProcResult) string {
		broker := "?"
		if p.BrokerCPU >= 0 {
			broker = fmt.Sprintf("%.1f", p.BrokerCPU.Seconds())
		}
		return fmt.Sprintf("%.1f + %s", p.CPU.Seconds(), broker)
	}
	row("CPU s: sluice + broker (same run)", "", func(r *brokerRun) string { return cpu(r.sluice) })
	row("CPU s: copy + broker (same run)", "", func(r *brokerRun) string { return cpu(r.copy) })
	row("RSS peak, 1M tx in join state (MB)", "≤ 300", func(r *brokerRun) string { return fmt.Sprintf("%.0f", float64(r.sluice.MaxRSS)/1e6) })
	row("first output row after start (s)", "< 0.5", func(r *brokerRun) string {
		if r.sluice.FirstOutput == 0 {
			return "none seen"
		}
		return fmt.Sprintf("%.3f", r.sluice.FirstOutput.Seconds())
	})
	row(fmt.Sprintf("p99 produce→sink @%.0f ev/s (ms)", rate), "< 10", func(r *brokerRun) string {
		if r.lat == nil {
			if r.latErr != nil {
				return "failed: " + firstLine(r.latErr.Error())
			}
			return "not run"
		}
		return fmt.Sprintf("%.1f", float64(r.lat.P99)/1e6)
	})
	row("  p50 / max (ms), samples", "", func(r *brokerRun) string {
		if r.lat == nil {
			return "-"
		}
		return fmt.Sprintf("%.1f / %.1f, %d", float64(r.lat.P50)/1e6, float64(r.lat.Max)/1e6, r.lat.Samples)
	})
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	row("  p50 / p99 broker ack→sink (ms)", "", func(r *brokerRun) string {
		if r.lat == nil {
			return "-"
		}
		return fmt.Sprintf("%.1f / %.1f", ms(r.lat.AckP50), ms(r.lat.AckP99))
	})
	row("  p50 / p99 generator produce→ack (ms)", "", func(r *brokerRun) string {
		if r.lat == nil {
			return "-"
		}
		return fmt.Sprintf("%.1f / %.1f", ms(r.lat.ProduceP50), ms(r.lat.ProduceP99))
	})
	row("preload (txgen) s", "", func(r *brokerRun) string { return fmt.Sprintf("%.1f", r.preload.Seconds()) })
	tw.Flush()
	if core.GOMAXPROCS == 0 {
		return // not run (-only, -latency-only)
	}
	fmt.Fprintln(out)
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "operator core (no I/O)\tvalue\ttarget")
	fmt.Fprintf(tw, "decode+join+encode events per CPU-second, GOMAXPROCS=%d\t%.0f\t≥ 1000000\n", core.GOMAXPROCS, core.EventsPerCPUSec)
	fmt.Fprintf(tw, "  the same per wall-clock second (counts waiting for the CPU)\t%.0f\t\n", core.EventsPerSec)
	fmt.Fprintf(tw, "allocs/event\t%.2f\t\n", core.AllocsPerEvent)
	fmt.Fprintf(tw, "Go heap bytes/state-row (join state)\t%.0f\t\n", core.BytesPerStateRow)
	fmt.Fprintf(tw, "GC cycles during the run\t%d\t\n", core.NumGC)
	tw.Flush()
}
