// Command txgen sends the fraud-detection seed's source data to Kafka, as
// the seed's producer.py does, configured by the same environment (see
// usage, which `txgen -help` prints). Flags add what producer.py lacks:
// --seed for deterministic records, --count/--rate for a high-rate
// benchmark load of transactions, and --connect-timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/sluice-sql/sluice/txgen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

const usage = `Usage: [VAR=value ...] txgen [flags]

Sends the fraud-detection seed's flagged accounts or transactions to Kafka,
as the seed's producer.py does.

Environment (default in brackets):
  DATA_TYPE               account: send the 5 flagged accounts once and exit;
                          transaction: send rounds of 5 transactions, 2-5 s apart
                          [account; transaction with --count]
                          (the seed's spelling DATE_TYPE is read too)
  MAX_RUN                 with DATA_TYPE=transaction, N > 0 sends N-1 rounds;
                          -1 runs until Ctrl-C/SIGTERM [-1]
  BOOTSTRAP_SERVERS       comma-separated brokers [localhost:29092]
  CUSTOMER_TOPIC_NAME     topic of the flagged accounts [flagged-accounts]
  TRANSACTION_TOPIC_NAME  topic of the transactions [transactions]

Examples:
  DATA_TYPE=account     BOOTSTRAP_SERVERS=broker-1:9092 txgen
  DATA_TYPE=transaction BOOTSTRAP_SERVERS=broker-1:9092 MAX_RUN=-1 txgen
  txgen --seed 42 --count 1000000 --rate 0 --accounts-first   # benchmark load

Flags:
`

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("txgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	seed := fs.Int64("seed", 0, "generate deterministic records from this seed (dates from a fixed base time)")
	count := fs.Int64("count", 0, "benchmark mode: send exactly this many transactions, no rounds or pauses (DATA_TYPE defaults to transaction)")
	rate := fs.Float64("rate", 0, "benchmark mode: transactions per second (0 = as fast as possible)")
	accountsFirst := fs.Bool("accounts-first", false, "send the flagged accounts before the transactions")
	connectTimeout := fs.Duration("connect-timeout", txgen.DefaultConnectTimeout, "fail when no broker of BOOTSTRAP_SERVERS answers within this time")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "txgen: unexpected arguments %q\n", fs.Args())
		return 2
	}
	cfg, err := txgen.ConfigFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, "txgen:", err)
		return 2
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			cfg.Deterministic = true
		}
	})
	cfg.Seed, cfg.Count, cfg.Rate, cfg.AccountsFirst = *seed, *count, *rate, *accountsFirst
	cfg.ConnectTimeout = *connectTimeout
	if cfg.Rate > 0 && cfg.Count == 0 {
		fmt.Fprintln(stderr, "txgen: --rate needs --count")
		return 2
	}
	enc := zap.NewDevelopmentEncoderConfig()
	enc.EncodeTime = zapcore.TimeEncoderOfLayout("2006-01-02 15:04:05.000")
	log := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.Lock(zapcore.AddSync(stderr)), zap.InfoLevel))
	defer log.Sync()
	cfg.Logger = log

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := txgen.Run(ctx, cfg)
	if err == nil || st.Accounts+st.Transactions > 0 {
		log.Info("done", zap.Int64("accounts", st.Accounts), zap.Int64("transactions", st.Transactions), zap.Duration("elapsed", st.Elapsed))
	}
	if err != nil && ctx.Err() == nil {
		log.Error("txgen failed", zap.Error(err))
		return 1
	}
	return 0
}
