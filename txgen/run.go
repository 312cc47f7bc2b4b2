package txgen

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/internal/kafkalog"
)

// Config is what to produce and where; ConfigFromEnv reads producer.py's
// environment.
type Config struct {
	// DataType is "account" (send the flagged accounts once) or
	// "transaction" (send transactions; producer.py sends transactions for
	// any value but "account"). Empty means account, as producer.py's
	// default, unless Count > 0: a benchmark count is a count of
	// transactions.
	DataType string
	// MaxRun is producer.py's MAX_RUN: with N > 0 it sends N-1 rounds of 5
	// transactions (its loop stops when the run counter reaches N); with
	// N ≤ 0 it runs until ctx is cancelled.
	MaxRun int
	// Bootstrap is the comma-separated broker list.
	Bootstrap        string
	AccountTopic     string
	TransactionTopic string
	// Deterministic generation with Seed (else random, wall-clock dates).
	Deterministic bool
	Seed          int64
	// Count > 0 switches to benchmark mode: exactly Count transactions as
	// fast as Rate allows (records/s; 0 = unlimited), produced
	// asynchronously in batches and flushed at the end; no rounds, no pauses.
	Count int64
	Rate  float64
	// AccountsFirst sends the flagged accounts before the transactions.
	AccountsFirst bool
	// Logger receives producer.py's progress lines; nil discards them.
	Logger *zap.Logger
	// Sleep waits between rounds; nil sleeps for real (tests shorten it).
	Sleep func(ctx context.Context, d time.Duration) error
	// Producer holds extra librdkafka settings.
	Producer kafka.ConfigMap
	// ConnectTimeout bounds the wait for a first answer from the brokers
	// (DefaultConnectTimeout when 0): without it a generator started with
	// no broker would wait for librdkafka's 5-minute delivery timeout.
	ConnectTimeout time.Duration
}

// DefaultConnectTimeout is how long Run waits for the brokers to answer.
const DefaultConnectTimeout = 30 * time.Second

// ConfigFromEnv reads producer.py's environment variables: DATA_TYPE (or
// the seed's typo DATE_TYPE; unset leaves DataType empty), MAX_RUN (-1),
// BOOTSTRAP_SERVERS (localhost:29092), CUSTOMER_TOPIC_NAME
// (flagged-accounts), TRANSACTION_TOPIC_NAME (transactions).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	c := Config{
		DataType:         get("DATA_TYPE", getenv("DATE_TYPE")),
		Bootstrap:        get("BOOTSTRAP_SERVERS", "localhost:29092"),
		AccountTopic:     get("CUSTOMER_TOPIC_NAME", "flagged-accounts"),
		TransactionTopic: get("TRANSACTION_TOPIC_NAME", "transactions"),
	}
	n, err := strconv.Atoi(strings.TrimSpace(get("MAX_RUN", "-1")))
	if err != nil {
		return c, fmt.Errorf("MAX_RUN=%q is not an integer", getenv("MAX_RUN"))
	}
	c.MaxRun = n
	return c, nil
}

// Stats reports what Run sent.
type Stats struct {
	Accounts, Transactions int64
	Elapsed                time.Duration
}

// Run produces records as configured until done or ctx is cancelled (then
// it returns ctx's error after flushing what was sent).
func Run(ctx context.Context, cfg Config) (Stats, error) {
	log := cfg.Logger
	if log == nil {
		log = zap.NewNop()
	}
	dt, err := cfg.dataType()
	if err != nil {
		return Stats{}, err
	}
	cfg.DataType = dt
	if cfg.Rate < 0 {
		return Stats{}, fmt.Errorf("txgen: rate %v is negative", cfg.Rate)
	}
	p, err := newProducer(cfg, log)
	if err != nil {
		return Stats{}, err
	}
	if err := p.connect(ctx, cfg); err != nil {
		_ = p.close(ctx)
		return Stats{}, err
	}
	start := time.Now()
	var st Stats
	err = run(ctx, cfg, log, p)
	ferr := p.close(ctx)
	st.Elapsed = time.Since(start)
	st.Accounts, st.Transactions = p.sentAccounts.Load(), p.sentTransactions.Load()
	if err == nil {
		err = ferr
	}
	return st, err
}

// dataType resolves DataType: "account" or "transaction".
func (c Config) dataType() (string, error) {
	switch {
	case c.DataType == "" && c.Count > 0:
		return "transaction", nil
	case c.DataType == "" || c.DataType == "account":
		if c.Count > 0 {
			return "", fmt.Errorf("txgen: --count %d sends transactions, but DATA_TYPE=account sends only the flagged accounts: "+
				"unset DATA_TYPE (or set it to transaction), and add --accounts-first to send the accounts too", c.Count)
		}
		return "account", nil
	default:
		// producer.py sends transactions for anything but "account".
		return "transaction", nil
	}
}

func run(ctx context.Context, cfg Config, log *zap.Logger, p *producer) error {
	if cfg.DataType == "account" || cfg.AccountsFirst {
		accs := Accounts()
		if cfg.Deterministic {
			accs = DeterministicAccounts(cfg.Seed)
		}
		for _, a := range accs {
			if err := p.send(ctx, cfg.AccountTopic, a.Key(), a.Value(), true); err != nil {
				return err
			}
		}
		if err := p.flush(ctx); err != nil {
			return err
		}
		if cfg.DataType == "account" {
			return nil
		}
	}
	gen := NewLiveTransactions()
	if cfg.Deterministic {
		gen = NewTransactions(cfg.Seed)
	}
	if cfg.Count > 0 {
		return bench(ctx, cfg, log, p, gen)
	}
	sleep := cfg.Sleep
	if sleep == nil {
		sleep = func(ctx context.Context, d time.Duration) error {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d):
				return nil
			}
		}
	}
	log.Info(fmt.Sprintf("max run - %d", cfg.MaxRun))
	for current := 1; ; current++ {
		log.Info(fmt.Sprintf("current run - %d", current))
		if current-cfg.MaxRun == 0 {
			log.Info("reached max run, finish")
			return nil
		}
		for _, t := range gen.Round(5) {
			if err := p.send(ctx, cfg.TransactionTopic, t.Key(), t.Value(), false); err != nil {
				return err
			}
		}
		if err := p.flush(ctx); err != nil {
			return err
		}
		secs := gen.Pause()
		log.Info(fmt.Sprintf("messages sent... wait %d seconds", int(secs/time.Second)))
		if err := sleep(ctx, secs); err != nil {
			return err
		}
	}
}

// bench sends cfg.Count transactions at cfg.Rate.
func bench(ctx context.Context, cfg Config, log *zap.Logger, p *producer, gen *Transactions) error {
	start := time.Now()
	for i := int64(0); i < cfg.Count; i++ {
		if cfg.Rate > 0 {
			// Pace against the schedule, not per record: sleep only when
			// more than a millisecond ahead.
			due := start.Add(time.Duration(float64(i) / cfg.Rate * float64(time.Second)))
			if d := time.Until(due); d > time.Millisecond {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(d):
				}
			}
		}
		t := gen.Next()
		if err := p.send(ctx, cfg.TransactionTopic, t.Key(), t.Value(), false); err != nil {
			return err
		}
	}
	if err := p.flush(ctx); err != nil {
		return err
	}
	el := time.Since(start)
	log.Info("benchmark finished", zap.Int64("transactions", cfg.Count), zap.Duration("elapsed", el),
		zap.Float64("records_per_second", float64(cfg.Count)/el.Seconds()))
	return nil
}

// producer wraps a librdkafka producer with delivery accounting.
type producer struct {
	p                *kafka.Producer
	wg               sync.WaitGroup
	mu               sync.Mutex
	pending          int64
	zero             chan struct{}
	err              error
	sentAccounts     atomic.Int64
	sentTransactions atomic.Int64
	logs             *kafkalog.Forwarder
}

func newProducer(cfg Config, log *zap.Logger) (*producer, error) {
	cm := kafka.ConfigMap{
		"bootstrap.servers": cfg.Bootstrap,
		// kafka-python's defaults: murmur2 partitioning of the key, acks=1.
		"partitioner":               "murmur2_random",
		"acks":                      1,
		"linger.ms":                 5,
		"go.delivery.report.fields": "none",
		"log_level":                 3,
	}
	if cfg.Count > 0 {
		cm["linger.ms"] = 20
		cm["batch.num.messages"] = 10000
		cm["queue.buffering.max.messages"] = 1000000
	}
	for k, v := range cfg.Producer {
		cm[k] = v
	}
	logs := kafkalog.New(log)
	p, err := kafka.NewProducer(logs.With(cm))
	if err != nil {
		logs.Stop()
		return nil, fmt.Errorf("txgen: creating the producer for %s: %w", cfg.Bootstrap, err)
	}
	pr := &producer{p: p, zero: make(chan struct{}), logs: logs}
	close(pr.zero)
	pr.wg.Add(1)
	go pr.events()
	return pr, nil
}

func (p *producer) events() {
	defer p.wg.Done()
	for ev := range p.p.Events() {
		m, ok := ev.(*kafka.Message)
		if !ok {
			continue
		}
		p.mu.Lock()
		if m.TopicPartition.Error != nil && p.err == nil {
			topic := ""
			if m.TopicPartition.Topic != nil {
				topic = *m.TopicPartition.Topic
			}
			p.err = fmt.Errorf("txgen: delivering to topic %s: %w", topic, m.TopicPartition.Error)
		}
		if m.TopicPartition.Error == nil {
			if m.Opaque == true {
				p.sentAccounts.Add(1)
			} else {
				p.sentTransactions.Add(1)
			}
		}
		p.pending--
		if p.pending == 0 {
			close(p.zero)
		}
		p.mu.Unlock()
	}
}

func (p *producer) send(ctx context.Context, topic string, key, value []byte, account bool) error {
	m := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
		Key: key, Value: value, Opaque: account}
	backoff := 100 * time.Microsecond
	for {
		p.mu.Lock()
		if p.err != nil {
			err := p.err
			p.mu.Unlock()
			return err
		}
		if p.pending == 0 {
			p.zero = make(chan struct{})
		}
		p.pending++
		p.mu.Unlock()
		err := p.p.Produce(m, nil)
		if err == nil {
			return nil
		}
		p.mu.Lock()
		p.pending--
		if p.pending == 0 {
			close(p.zero)
		}
		p.mu.Unlock()
		var ke kafka.Error
		if !errors.As(err, &ke) || ke.Code() != kafka.ErrQueueFull {
			return fmt.Errorf("txgen: producing to topic %s: %w", topic, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 20*time.Millisecond)
	}
}

// flush waits for every record sent to be delivered.
func (p *producer) flush(ctx context.Context) error {
	p.mu.Lock()
	zero := p.zero
	p.mu.Unlock()
	select {
	case <-zero:
	case <-ctx.Done():
		return ctx.Err()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// close flushes (for up to 10 s after ctx ends) and closes the producer.
func (p *producer) close(ctx context.Context) error {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := p.flush(fctx)
	if err != nil {
		_ = p.p.Purge(kafka.PurgeQueue | kafka.PurgeInFlight | kafka.PurgeNonBlocking)
	}
	p.p.Close()
	p.wg.Wait()
	p.logs.Stop()
	return err
}

// connect waits until a broker answers a metadata request, for at most
// cfg.ConnectTimeout, so that a wrong BOOTSTRAP_SERVERS or a broker that is
// not up fails in seconds, not at librdkafka's delivery timeout.
func (p *producer) connect(ctx context.Context, cfg Config) error {
	timeout := cfg.ConnectTimeout
	if timeout <= 0 {
		timeout = DefaultConnectTimeout
	}
	// Short attempts, so that SIGTERM is not held up by a pending request.
	deadline := time.Now().Add(timeout)
	for {
		attempt := min(time.Until(deadline), 500*time.Millisecond)
		next := time.Now().Add(attempt)
		_, err := p.p.GetMetadata(nil, false, max(int(attempt/time.Millisecond), 1))
		if err == nil {
			return nil
		}
		// A request that failed at once is retried at the attempt's end.
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Until(next)):
		}
		if !time.Now().Before(deadline) {
			return fmt.Errorf("txgen: no Kafka broker answered at %s (BOOTSTRAP_SERVERS) within %v (--connect-timeout): %w",
				cfg.Bootstrap, timeout, err)
		}
	}
}
