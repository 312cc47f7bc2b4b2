package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/txgen"
)

// Partitions is the partition count of every benchmark topic: the seed's
// broker runs with KAFKA_CFG_NUM_PARTITIONS=2.
const Partitions = 2

// Broker is a running Kafka-protocol broker.
type Broker struct {
	Name      string
	Bootstrap string
	close     func() error
	// cpu reads the CPU time the broker has used so far (user + system);
	// nil when it cannot be known (a broker somebody else runs).
	cpu func() (time.Duration, error)
}

// CPU is the broker's CPU time so far; ok is false when unknown. kfake runs
// in this process, so its figure is the whole benchmark process's
// (its other goroutines are idle while a timed run goes on).
func (b *Broker) CPU() (time.Duration, bool) {
	if b.cpu == nil {
		return 0, false
	}
	d, err := b.cpu()
	return d, err == nil
}

// selfCPU is this process's CPU time (getrusage).
func selfCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

// pidCPU reads utime + stime of a process from /proc/<pid>/stat.
func pidCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	// Fields 14 and 15 (utime, stime) are f[11], f[12] after the name;
	// the kernel counts them in clock ticks, 100 per second on Linux.
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad utime/stime", pid)
	}
	return time.Duration(ut+st) * (time.Second / 100), nil
}

// Close stops the broker.
func (b *Broker) Close() error { return b.close() }

// SluiceEnv is the environment SLUICEBENCH_SLUICE_ENV ("K=V K=V", e.g.
// "GOMEMLIMIT=200MiB GODEBUG=gctrace=1") gives the sluice process alone, not
// the benchmark process that may hold the kfake broker.
func SluiceEnv() []string {
	return strings.Fields(os.Getenv("SLUICEBENCH_SLUICE_ENV"))
}

// ExistingBroker is a broker somebody else runs; Close leaves it running.
// pid, when > 0, is its process, for its CPU time.
func ExistingBroker(name, bootstrap string, pid int) *Broker {
	b := &Broker{Name: name, Bootstrap: bootstrap, close: func() error { return nil }}
	if pid > 0 {
		b.cpu = func() (time.Duration, error) { return pidCPU(pid) }
	}
	return b
}

// StartKfake starts the embedded kfake broker (devbroker) in this process.
func StartKfake(ctx context.Context) (*Broker, error) {
	db, err := devbroker.Start(ctx, devbroker.Config{})
	if err != nil {
		return nil, err
	}
	return &Broker{Name: "kfake", Bootstrap: db.Addr(), close: func() error { db.Close(); return nil }, cpu: selfCPU}, nil
}

// StartRealKafka starts Apache Kafka with scripts/kafka-local.sh in a state
// directory of its own (so it does not disturb a broker the integration
// tests run) and stops it on Close.
func StartRealKafka(ctx context.Context, repo, stateDir string) (*Broker, error) {
	script := filepath.Join(repo, "scripts", "kafka-local.sh")
	env := append(os.Environ(), "SLUICE_KAFKA_STATE="+stateDir)
	runScript := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, script, args...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			msg := strings.TrimSpace(errb.String())
			if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
				msg = msg[i+1:]
			}
			return "", fmt.Errorf("kafka-local.sh %s: %w: %s", strings.Join(args, " "), err, msg)
		}
		return strings.TrimSpace(out.String()), nil
	}
	if _, err := runScript("start"); err != nil {
		_, _ = runScript("stop")
		return nil, err
	}
	url, err := runScript("url")
	if err != nil {
		_, _ = runScript("stop")
		return nil, err
	}
	b := &Broker{Name: "kafka", Bootstrap: url, close: func() error {
		_, err := runScript("stop")
		return err
	}}
	if out, err := runScript("pid"); err == nil {
		if pid, err := strconv.Atoi(out); err == nil {
			b.cpu = func() (time.Duration, error) { return pidCPU(pid) }
		}
	}
	return b, nil
}

// CreateTopics creates topics with Partitions partitions each.
func CreateTopics(ctx context.Context, bootstrap string, names ...string) error {
	a, err := kafka.NewAdminClient(&kafka.ConfigMap{"bootstrap.servers": bootstrap, "log_level": 3})
	if err != nil {
		return err
	}
	defer a.Close()
	specs := make([]kafka.TopicSpecification, len(names))
	for i, n := range names {
		specs[i] = kafka.TopicSpecification{Topic: n, NumPartitions: Partitions, ReplicationFactor: 1}
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := a.CreateTopics(cctx, specs)
	if err != nil {
		return fmt.Errorf("creating topics %v on %s: %w", names, bootstrap, err)
	}
	for _, r := range res {
		if r.Error.Code() != kafka.ErrNoError && r.Error.Code() != kafka.ErrTopicAlreadyExists {
			return fmt.Errorf("creating topic %s on %s: %w", r.Topic, bootstrap, r.Error)
		}
	}
	return nil
}

// Preload sends the flags, then n transactions of Seed, as fast as txgen's
// benchmark mode goes, and waits for their delivery.
func Preload(ctx context.Context, bootstrap string, t Topics, n int) (time.Duration, error) {
	st, err := txgen.Run(ctx, txgen.Config{
		DataType: "transaction", AccountsFirst: true, Deterministic: true, Seed: Seed,
		Count: int64(n), Bootstrap: bootstrap, AccountTopic: t.Flags, TransactionTopic: t.Transactions,
	})
	if err != nil {
		return 0, fmt.Errorf("preloading %d transactions: %w", n, err)
	}
	if st.Transactions != int64(n) {
		return 0, fmt.Errorf("preloading: %d transactions delivered, want %d", st.Transactions, n)
	}
	return st.Elapsed, nil
}

// EndOffset is the sum of a topic's partitions' end offsets: its record
// count when nothing was deleted and nothing written transactionally.
func EndOffset(bootstrap, topic string) (int64, error) {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{"bootstrap.servers": bootstrap, "group.id": "sluicebench-count", "log_level": 3})
	if err != nil {
		return 0, err
	}
	defer c.Close()
	md, err := c.GetMetadata(&topic, false, 10000)
	if err != nil {
		return 0, fmt.Errorf("metadata of %s: %w", topic, err)
	}
	var sum int64
	for _, p := range md.Topics[topic].Partitions {
		_, hi, err := c.QueryWatermarkOffsets(topic, p.ID, 10000)
		if err != nil {
			return 0, fmt.Errorf("end offset of %s-%d: %w", topic, p.ID, err)
		}
		sum += hi
	}
	return sum, nil
}

// ProcResult is one timed run of a process.
type ProcResult struct {
	// Elapsed is from just before the process starts to its exit.
	Elapsed time.Duration
	// FirstOutput is from the same start to the first record read back from
	// the watched topic (0: none seen).
	FirstOutput time.Duration
	// MaxRSS is the process's peak resident set: VmHWM of /proc/<pid>/status
	// read every 10 ms while it runs (growth in its last 10 ms is missed).
	// Not getrusage's ru_maxrss: Go starts children with vfork (CLONE_VM),
	// and exec folds the parent's peak into the child's maxrss, so it
	// reported the benchmark process's own size (with kfake in it, ~550 MB)
	// whenever that was larger. ru_maxrss is the fallback without /proc.
	MaxRSS int64
	Stdout string
	// CPU is the process's user + system time; BrokerCPU what the broker
	// used meanwhile (-1: unknown).
	CPU, BrokerCPU time.Duration
}

// firstRecord reads topic from the beginning in the background and
// reports when its first record arrives. Call stop when done.
func firstRecord(bootstrap, topic string) (arrived <-chan time.Time, stop func(), err error) {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{"bootstrap.servers": bootstrap, "group.id": "sluicebench-first",
		"enable.auto.commit": false, "log_level": 3, "fetch.wait.max.ms": 10})
	if err != nil {
		return nil, nil, err
	}
	md, err := c.GetMetadata(&topic, false, 10000)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	var assign []kafka.TopicPartition
	for _, p := range md.Topics[topic].Partitions {
		assign = append(assign, kafka.TopicPartition{Topic: &topic, Partition: p.ID, Offset: kafka.OffsetBeginning})
	}
	if err := c.Assign(assign); err != nil {
		c.Close()
		return nil, nil, err
	}
	ch := make(chan time.Time, 1)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer c.Close()
		for {
			select {
			case <-done:
				return
			default:
			}
			if m, ok := c.Poll(5).(*kafka.Message); ok && m.TopicPartition.Error == nil {
				ch <- time.Now()
				return
			}
		}
	}()
	var once sync.Once
	return ch, func() { once.Do(func() { close(done); wg.Wait() }) }, nil
}

// RunTimed runs cmd to its end, timing it; with watchTopic set it also
// times the first record written to that topic.
func RunTimed(ctx context.Context, cmd *exec.Cmd, b *Broker, watchTopic string) (ProcResult, error) {
	bootstrap := b.Bootstrap
	broker0, brokerKnown := b.CPU()
	var arrived <-chan time.Time
	stopWatch := func() {}
	if watchTopic != "" {
		var err error
		if arrived, stopWatch, err = firstRecord(bootstrap, watchTopic); err != nil {
			return ProcResult{}, err
		}
	}
	defer stopWatch()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return ProcResult{}, err
	}
	first := time.Duration(0)
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	var err error
	hwm := int64(-1)
	poll := time.NewTicker(10 * time.Millisecond)
	defer poll.Stop()
	statusPath := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
wait:
	for {
		select {
		case <-poll.C:
			if v, ok := vmHWM(statusPath); ok {
				hwm = max(hwm, v)
			}
		case t := <-arrived:
			first = t.Sub(start)
			arrived = nil
			stopWatch() // its polling would take CPU from the measured process
		case err = <-waitErr:
			break wait
		case <-ctx.Done():
			_ = cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	res := ProcResult{Elapsed: time.Since(start), FirstOutput: first, Stdout: stdout.String(), BrokerCPU: -1}
	if broker1, ok := b.CPU(); ok && brokerKnown {
		res.BrokerCPU = broker1 - broker0
	}
	if cmd.ProcessState != nil {
		res.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if f := os.Getenv("SLUICEBENCH_STDERR"); f != "" {
		// For investigations (with SLUICEBENCH_SLUICE_ENV=GODEBUG=gctrace=1, say).
		_ = os.WriteFile(f+"."+filepath.Base(cmd.Path), stderr.Bytes(), 0o644)
	}
	if hwm >= 0 {
		res.MaxRSS = hwm
	} else if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w\n%s", filepath.Base(cmd.Path), err, tail(stderr.String(), 20))
	}
	return res, nil
}

// vmHWM reads the peak resident set (bytes) from a /proc/<pid>/status file.
func vmHWM(path string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	_, rest, ok := bytes.Cut(b, []byte("VmHWM:"))
	if !ok {
		return 0, false // a zombie has no memory lines
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(string(line)), " kB"), 10, 64)
	if err != nil {
		return 0, false
	}
	return kb * 1024, true
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}

// LatencyResult is produce-to-sink latency at a fixed rate.
type LatencyResult struct {
	Rate          float64
	Sent, Samples int
	// From the generator's Produce call to the record's arrival at the
	// reader of the sink topic: what the target measures.
	P50, P99, Max time.Duration
	// From the broker's acknowledgement of the generator's record (its
	// delivery report) to the arrival: without the time the record waits
	// in the generator's producer and the broker's produce path, which
	// Sluice cannot see and which on a loaded machine dominates with the
	// JVM broker.
	AckP50, AckP99 time.Duration
	// The generator's own produce→acknowledged latency.
	ProduceP50, ProduceP99 time.Duration
}

// Latency runs the seed job (unbounded, as deployed) on fresh topics of b,
// sends transactions at rate records/s for warmup+measure, stamping each
// one's send time by its transaction_id, reads the sink topic and reports
// the latency from send to arrival of the records sent after the warm-up.
// The generator produces with linger.ms=1 (0 sends one request per record:
// 10,000 produce requests/s that the JVM broker on this machine answered
// seconds late) and the reader fetches with a short wait: they measure,
// they should add little latency of their own.
func Latency(ctx context.Context, b *Broker, sluiceBin, repo, dir string, rate float64, warmup, measure time.Duration, env []string) (LatencyResult, error) {
	// Fresh topics on every run: a broker that outlives one run (an
	// existing one, -kafka-bootstrap) must not feed it the last run's records.
	sfx := fmt.Sprintf("-%d", time.Now().UnixNano())
	t := Topics{Transactions: "lat-transactions" + sfx, Flags: "lat-flags" + sfx, Output: "lat-out" + sfx}
	if err := CreateTopics(ctx, b.Bootstrap, t.Transactions, t.Flags, t.Output); err != nil {
		return LatencyResult{}, err
	}
	sqlPath, propsPath, err := JobFiles(repo, dir, b.Bootstrap, t, false)
	if err != nil {
		return LatencyResult{}, err
	}
	p, err := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": b.Bootstrap, "linger.ms": 1, "acks": 1,
		"partitioner": "murmur2_random", "go.delivery.report.fields": "none", "log_level": 3})
	if err != nil {
		return LatencyResult{}, err
	}
	defer p.Close()
	// trace is set below, before the first transaction is produced.
	var (
		trace    *latencyTrace
		mu       sync.Mutex
		sent     = map[string]time.Time{}
		acked    = map[string]time.Time{}
		produced []time.Duration
		measure0 time.Time // the first send after the warm-up
	)
	go func() {
		for ev := range p.Events() {
			// With a trace, delivery reports time the generator's own
			// produce→acknowledged latency: what the broker adds before
			// Sluice can see a record at all.
			if m, ok := ev.(*kafka.Message); ok && m.TopicPartition.Error == nil {
				if id, ok := m.Opaque.(string); ok {
					now := time.Now()
					mu.Lock()
					acked[id] = now
					if at, ok := sent[id]; ok && !measure0.IsZero() && !at.Before(measure0) {
						produced = append(produced, now.Sub(at))
						trace.acked(at, now)
					}
					mu.Unlock()
				}
			}
		}
	}()
	produce := func(topic string, k, v []byte, opaque any) error {
		for {
			err := p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}, Key: k, Value: v, Opaque: opaque}, nil)
			var ke kafka.Error
			if err == nil || !errors.As(err, &ke) || ke.Code() != kafka.ErrQueueFull {
				return err
			}
			time.Sleep(time.Millisecond)
		}
	}
	for _, a := range txgen.DeterministicAccounts(Seed) {
		if err := produce(t.Flags, a.Key(), a.Value(), nil); err != nil {
			return LatencyResult{}, err
		}
	}
	p.Flush(10_000)

	// The reader.
	c, err := kafka.NewConsumer(&kafka.ConfigMap{"bootstrap.servers": b.Bootstrap, "group.id": "sluicebench-latency",
		"enable.auto.commit": false, "log_level": 3, "fetch.wait.max.ms": 10})
	if err != nil {
		return LatencyResult{}, err
	}
	defer c.Close()
	var assign []kafka.TopicPartition
	for i := range int32(Partitions) {
		assign = append(assign, kafka.TopicPartition{Topic: &t.Output, Partition: i, Offset: kafka.OffsetBeginning})
	}
	if err := c.Assign(assign); err != nil {
		return LatencyResult{}, err
	}
	// SLUICEBENCH_TRACE=1: a per-second timeline on stderr (records sent
	// in that second, their mean latency, records arriving in it), to tell
	// a constant lag from a growing one or from bursts.
	if os.Getenv("SLUICEBENCH_TRACE") != "" {
		mu.Lock()
		trace = &latencyTrace{}
		mu.Unlock()
	}
	var samples, fromAck []time.Duration
	stopRead := make(chan struct{})
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		key := []byte(`"transaction_id":"`)
		for {
			select {
			case <-stopRead:
				return
			default:
			}
			m, ok := c.Poll(5).(*kafka.Message)
			if !ok || m.TopicPartition.Error != nil {
				continue
			}
			now := time.Now()
			i := bytes.Index(m.Value, key)
			if i < 0 || len(m.Value) < i+len(key)+16 {
				continue
			}
			id := string(m.Value[i+len(key) : i+len(key)+16])
			mu.Lock()
			if at, ok := sent[id]; ok {
				if !measure0.IsZero() && !at.Before(measure0) {
					samples = append(samples, now.Sub(at))
					if ak, ok := acked[id]; ok {
						fromAck = append(fromAck, now.Sub(ak))
					}
				}
				if trace != nil {
					trace.add(at, now)
				}
			}
			mu.Unlock()
		}
	}()

	cmd := exec.CommandContext(ctx, sluiceBin, "run", "--sql", sqlPath, "--properties", propsPath)
	cmd.Env = append(append(append(os.Environ(), SluiceEnv()...), env...), "SLUICE_CHECKPOINT_DIR="+filepath.Join(dir, "checkpoints"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return LatencyResult{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopJob := func() error {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			return err
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			return errors.New("sluice did not stop within 30 s of SIGTERM")
		}
	}

	g := txgen.NewTransactions(Seed + 1)
	res := LatencyResult{Rate: rate}
	start := time.Now()
	if trace != nil {
		mu.Lock()
		trace.start = start
		mu.Unlock()
		defer func() {
			mu.Lock()
			defer mu.Unlock()
			trace.print(os.Stderr)
		}()
	}
	end := start.Add(warmup + measure)
	for i := 0; ; i++ {
		due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		if due.After(end) {
			break
		}
		if d := time.Until(due); d > 200*time.Microsecond {
			time.Sleep(d)
		}
		select {
		case err := <-exited:
			return res, fmt.Errorf("sluice exited during the latency run: %v\n%s", err, tail(stderr.String(), 20))
		default:
		}
		tx := g.Next()
		k, v := tx.Key(), tx.Value()
		now := time.Now()
		mu.Lock()
		if measure0.IsZero() && now.Sub(start) >= warmup {
			measure0 = now
		}
		sent[tx.TransactionID] = now
		mu.Unlock()
		if err := produce(t.Transactions, k, v, tx.TransactionID); err != nil {
			_ = stopJob()
			return res, err
		}
		res.Sent++
	}
	time.Sleep(time.Second) // the last records' way through
	close(stopRead)
	<-readDone
	if err := stopJob(); err != nil {
		return res, fmt.Errorf("stopping sluice: %w\n%s", err, tail(stderr.String(), 20))
	}
	if f := os.Getenv("SLUICEBENCH_STDERR"); f != "" {
		_ = os.WriteFile(f+".latency", stderr.Bytes(), 0o644)
	}
	if trace != nil && cmd.ProcessState != nil {
		fmt.Fprintf(os.Stderr, "sluice CPU: user %v sys %v\n", cmd.ProcessState.UserTime(), cmd.ProcessState.SystemTime())
	}
	mu.Lock()
	defer mu.Unlock()
	res.Samples = len(samples)
	if len(samples) == 0 {
		return res, fmt.Errorf("no output record arrived after the warm-up\n%s", tail(stderr.String(), 20))
	}
	pct := func(d []time.Duration, q float64) time.Duration {
		if len(d) == 0 {
			return 0
		}
		return d[min(len(d)-1, int(q*float64(len(d))))]
	}
	for _, d := range [][]time.Duration{samples, fromAck, produced} {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	}
	res.P50, res.P99, res.Max = pct(samples, 0.50), pct(samples, 0.99), samples[len(samples)-1]
	res.AckP50, res.AckP99 = pct(fromAck, 0.50), pct(fromAck, 0.99)
	res.ProduceP50, res.ProduceP99 = pct(produced, 0.50), pct(produced, 0.99)
	return res, nil
}

// latencyTrace buckets latency samples by the second they were sent in.
type latencyTrace struct {
	start           time.Time
	sentN, arrivedN map[int]int
	sumLat          map[int]time.Duration
	ackN            map[int]int // the generator's delivery reports, by send second
	sumAck          map[int]time.Duration
}

func (t *latencyTrace) add(sent, arrived time.Time) {
	if t.sentN == nil {
		t.sentN, t.arrivedN, t.sumLat = map[int]int{}, map[int]int{}, map[int]time.Duration{}
	}
	s := int(sent.Sub(t.start) / time.Second)
	t.sentN[s]++
	t.sumLat[s] += arrived.Sub(sent)
	t.arrivedN[int(arrived.Sub(t.start)/time.Second)]++
}

func (t *latencyTrace) acked(sent, at time.Time) {
	if t == nil || t.start.IsZero() {
		return
	}
	if t.ackN == nil {
		t.ackN, t.sumAck = map[int]int{}, map[int]time.Duration{}
	}
	s := int(sent.Sub(t.start) / time.Second)
	t.ackN[s]++
	t.sumAck[s] += at.Sub(sent)
}

func (t *latencyTrace) print(w io.Writer) {
	last := 0
	for s := range t.sentN {
		last = max(last, s)
	}
	for s := range t.arrivedN {
		last = max(last, s)
	}
	for s := range t.ackN {
		last = max(last, s)
	}
	fmt.Fprintln(w, "second  matched-sent  mean-latency-ms  arrived  acked  mean-ack-ms")
	for s := 0; s <= last; s++ {
		mean, ack := 0.0, 0.0
		if n := t.sentN[s]; n > 0 {
			mean = float64(t.sumLat[s].Microseconds()) / 1000 / float64(n)
		}
		if n := t.ackN[s]; n > 0 {
			ack = float64(t.sumAck[s].Microseconds()) / 1000 / float64(n)
		}
		fmt.Fprintf(w, "%6d  %12d  %15.1f  %7d  %5d  %11.1f\n", s, t.sentN[s], mean, t.arrivedN[s], t.ackN[s], ack)
	}
}
