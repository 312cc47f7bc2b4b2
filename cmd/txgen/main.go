// Command txgen sends the fraud-detection seed's source data to Kafka, as
// the seed's producer.py does, configured by the same environment:
//
//	DATA_TYPE=account|transaction (the seed's typo DATE_TYPE works too)
//	MAX_RUN=-1              producer.py's loop bound (N sends N-1 rounds)
//	BOOTSTRAP_SERVERS=localhost:29092
//	CUSTOMER_TOPIC_NAME=flagged-accounts
//	TRANSACTION_TOPIC_NAME=transactions
//
// Flags add what producer.py lacks: --seed for deterministic records, and
// --count/--rate for a high-rate benchmark load.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/sluice-sql/sluice/txgen"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("txgen", flag.ContinueOnError)
	seed := fs.Int64("seed", 0, "generate deterministic records from this seed (dates from a fixed base time)")
	count := fs.Int64("count", 0, "benchmark mode: send exactly this many transactions, no rounds or pauses")
	rate := fs.Float64("rate", 0, "benchmark mode: transactions per second (0 = as fast as possible)")
	accountsFirst := fs.Bool("accounts-first", false, "with DATA_TYPE=transaction, send the flagged accounts first")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "txgen: unexpected arguments %q\n", fs.Args())
		return 2
	}
	cfg, err := txgen.ConfigFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "txgen:", err)
		return 2
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			cfg.Deterministic = true
		}
	})
	cfg.Seed, cfg.Count, cfg.Rate, cfg.AccountsFirst = *seed, *count, *rate, *accountsFirst
	if cfg.Rate > 0 && cfg.Count == 0 {
		fmt.Fprintln(os.Stderr, "txgen: --rate needs --count")
		return 2
	}
	enc := zap.NewDevelopmentEncoderConfig()
	enc.EncodeTime = zapcore.TimeEncoderOfLayout("2006-01-02 15:04:05.000")
	log := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.Lock(os.Stderr), zap.InfoLevel))
	defer log.Sync()
	cfg.Logger = log

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := txgen.Run(ctx, cfg)
	log.Info("done", zap.Int64("accounts", st.Accounts), zap.Int64("transactions", st.Transactions), zap.Duration("elapsed", st.Elapsed))
	if err != nil && ctx.Err() == nil {
		log.Error("txgen failed", zap.Error(err))
		return 1
	}
	return 0
}
