package api

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.uber.org/zap"

	ddb "github.com/sluice-sql/sluice/connectors/dynamodb"
	"github.com/sluice-sql/sluice/internal/httpserve"
)

// shutdownTimeout is how long requests in progress may finish once the
// server is asked to stop.
const shutdownTimeout = 10 * time.Second

// defaultMaxConns bounds the API's open connections by default: far more
// than a service's clients keep, far below the descriptors a container
// gets.
const defaultMaxConns = 1024

// serveLimits are the API's limits: a query has queryTimeout to answer,
// and keep-alive connections of its clients may idle a minute.
func serveLimits(maxConns int) httpserve.Limits {
	return httpserve.Limits{ReadHeader: 5 * time.Second, Read: 10 * time.Second,
		Write: queryTimeout + 5*time.Second, Idle: time.Minute, MaxConns: maxConns}
}

// ServeCommand is `sluice serve`: it answers the API on --addr until ctx is
// cancelled (SIGINT/SIGTERM), then drains requests in progress, e.g.
//
//	sluice serve --addr 127.0.0.1:8080 --table flagged-transactions --endpoint http://127.0.0.1:18000
//
// args are the arguments after "serve". It prints the address it listens on
// to stdout; log (nil for none) gets startup, shutdown and failure messages.
func ServeCommand(ctx context.Context, args []string, stdout, stderr io.Writer, log *zap.Logger) error {
	return serve(ctx, args, stdout, stderr, log)
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer, log *zap.Logger) error {
	if log == nil {
		log = zap.NewNop()
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (0.0.0.0:8080 for every interface, as in a container)")
	maxConns := fs.Int("max-conns", defaultMaxConns, "open connections at most; when full, the oldest idle one is closed for a new one, "+
		"and new ones wait while every connection has a request in progress")
	table := fs.String("table", "flagged-transactions", "DynamoDB table the job writes")
	index := fs.String("index", "account", "global secondary index on (account_id, transaction_date)")
	endpoint := fs.String("endpoint", "", "DynamoDB endpoint URL, e.g. http://127.0.0.1:18000 for DynamoDB Local")
	region := fs.String("region", "", "AWS region (default: AWS_REGION or the shared profile; us-east-1 with --endpoint)")
	maxInFlight := fs.Int("max-inflight", DefaultMaxInFlight, "DynamoDB queries run at once; more wait for --queue-wait, then get 503")
	queueWait := fs.Duration("queue-wait", DefaultQueueWait, "how long a request waits for one of the --max-inflight queries")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if *table == "" || *index == "" {
		return errors.New("serve: --table and --index must not be empty")
	}
	if *maxConns < 1 {
		return fmt.Errorf("serve: --max-conns %d: must be at least 1", *maxConns)
	}
	if *maxInFlight < 1 || *queueWait < 0 {
		return errors.New("serve: --max-inflight must be positive and --queue-wait not negative")
	}
	// One kept-alive connection per query in flight: the SDK's default of 10
	// idle connections made every query beyond 10 at once open and close one.
	dynamo, err := ddb.NewClient(ctx, ddb.ClientConfig{Region: *region, Endpoint: *endpoint, MaxConns: *maxInFlight})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	client := LimitQueries(dynamo, *maxInFlight, *queueWait)
	limits := serveLimits(*maxConns)
	token := strings.TrimSpace(os.Getenv(httpserve.EnvToken))
	srv, err := httpserve.Listen(httpserve.Config{Addr: *addr, Limits: limits, Logger: log,
		Handler: httpserve.RequireToken(NewHandler(client, *table, *index, log), token)})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("serving flagged transactions", zap.String("addr", srv.Addr().String()),
		zap.String("table", *table), zap.String("index", *index), zap.String("endpoint", *endpoint),
		zap.Int("max_conns", limits.MaxConns), zap.Bool("token_required", token != ""))
	if _, err := fmt.Fprintf(stdout, "listening on http://%s\n", srv.Addr()); err != nil {
		_ = srv.Shutdown(context.Background())
		return err
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve() }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("stopping the API server")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	if serr := <-done; serr != nil && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("serve: shutting down: %w", err)
	}
	return nil
}
