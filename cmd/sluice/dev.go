package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/config"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/txgen"
)

// devCommand is `make run`: an embedded Kafka-protocol broker, the data
// generators of the seed (flagged accounts once, then transactions in
// rounds of five every 2–5 s) and the job, all in this process.
func devCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	environ := os.Environ()
	if job.Getenv(environ, "RUNTIME_ENV") == "" {
		// dev is for laptops: read ./application_properties.json by default.
		environ = append(environ, "RUNTIME_ENV=LOCAL")
	}
	spec := job.Spec{Environ: environ}
	fs.StringVar(&spec.SQLPath, "sql", "", "the Flink SQL file")
	fs.StringVar(&spec.PropertiesPath, "properties", "", "the application properties file")
	port := fs.Int("port", 29092, "port of the embedded broker on 127.0.0.1 (0 = any free port)")
	maxRun := fs.Int("max-run", -1, "rounds of transactions to send, as the seed's MAX_RUN (-1 = until stopped)")
	httpAddr := addHTTPFlag(fs)
	addRestoreFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	policy, err := restorePolicy(fs, environ)
	if err != nil {
		return err
	}
	log, err := newLogger(environ, stderr)
	if err != nil {
		return err
	}
	props, err := job.LoadPropertiesContext(ctx, spec)
	if err != nil {
		return err
	}

	topics, accountTopic, transactionTopic := devTopics(props)
	// The broker outlives ctx: after Ctrl-C the job still flushes its sinks
	// and commits offsets through it, so it is closed last.
	broker, err := devbroker.Start(context.WithoutCancel(ctx), devbroker.Config{Port: *port, Topics: topics, AllowAutoCreate: true, Logger: log.Named("broker")})
	if err != nil {
		return fmt.Errorf("embedded broker: %w (is something else listening on port %d? try --port 0)", err, *port)
	}
	defer broker.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	names := make([]string, 0, len(topics))
	for t := range topics {
		names = append(names, t)
	}
	sort.Strings(names)
	log.Info("embedded Kafka-protocol broker started", zap.String("bootstrap.servers", broker.Addr()), zap.Strings("topics", names))

	// Every property group that names bootstrap servers now points at the broker.
	spec.Overrides = map[string]map[string]string{}
	for _, g := range props.Groups() {
		if _, ok := props.Get(g, "bootstrap.servers"); ok {
			spec.Overrides[g] = map[string]string{"bootstrap.servers": broker.Addr()}
		}
	}

	waitGenerators := startGenerators(ctx, broker.Addr(), accountTopic, transactionTopic, *maxRun, log)
	// The embedded broker starts empty every time, so checkpoints of an
	// earlier dev run (offsets of topics that no longer exist) must not be
	// restored: each run checkpoints into a directory of its own.
	checkpoints, err := os.MkdirTemp("", "sluice-dev-checkpoints-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(checkpoints)
	jobErr := runJob(ctx, spec, checkpoints, policy, resolveHTTP(fs, *httpAddr, environ), stdout, stderr)
	cancel()
	genErr := waitGenerators()
	if jobErr != nil {
		return jobErr
	}
	return genErr
}

// devTopics are the topics the embedded broker creates up front with the
// seed's two partitions: those the properties name (others are created on
// first use), among them the generators' account and transaction topics.
func devTopics(props *config.Properties) (topics map[string]int32, accountTopic, transactionTopic string) {
	topics = map[string]int32{}
	for _, g := range props.Groups() {
		if t, ok := props.Get(g, "topic.name"); ok {
			topics[t] = devbroker.DefaultPartitions
		}
	}
	accountTopic, transactionTopic = "flagged-accounts", "transactions"
	if v, ok := props.Get("consumer.config.0", "topic.name"); ok {
		accountTopic = v
	}
	if v, ok := props.Get("consumer.config.1", "topic.name"); ok {
		transactionTopic = v
	}
	topics[accountTopic], topics[transactionTopic] = devbroker.DefaultPartitions, devbroker.DefaultPartitions
	return topics, accountTopic, transactionTopic
}

// startGenerators runs the seed's two producers against the broker until
// ctx ends; wait waits for both and returns the first failure.
func startGenerators(ctx context.Context, bootstrap, accountTopic, transactionTopic string, maxRun int, log *zap.Logger) (wait func() error) {
	var wg sync.WaitGroup
	genErr := make(chan error, 2)
	generate := func(dataType string, maxRun int) {
		defer wg.Done()
		_, err := txgen.Run(ctx, txgen.Config{
			DataType: dataType, MaxRun: maxRun, Bootstrap: bootstrap,
			AccountTopic: accountTopic, TransactionTopic: transactionTopic,
			Logger: log.Named("txgen." + dataType),
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			genErr <- fmt.Errorf("generator (%s): %w", dataType, err)
		}
	}
	wg.Add(2)
	go generate("account", 0)
	go generate("transaction", maxRun)
	return func() error {
		wg.Wait()
		close(genErr)
		return <-genErr
	}
}
