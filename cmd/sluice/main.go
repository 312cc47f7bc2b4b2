// Command sluice runs Flink SQL jobs: Kafka-backed tables, joins and sinks
// in one process.
//
//	sluice run     [--sql processor.sql] [--properties application_properties.json]
//	sluice render  [same flags]   print the SQL with placeholders resolved
//	sluice explain [same flags]   print the plan
//	sluice dev     [same flags]   embedded broker + data generators + the job
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/sluice-sql/sluice/api"
	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/builtin"
	"github.com/sluice-sql/sluice/connectors/dynamodb"
	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/sql"
)

const usage = `Usage: sluice <command> [flags]

Commands:
  run       run the job until its sources end (bounded) or it is stopped (Ctrl-C / SIGTERM)
  render    print the job's SQL with ${group.key} placeholders resolved (secret values shown as '******')
  explain   print the job's plan: sources, joins (keys, residual predicate), sinks
            (render and explain reject every job that run would reject before starting)
  dev       start an embedded Kafka-protocol broker and the data generators, then run the job
  serve     serve the flagged-transactions API from DynamoDB (sluice serve --help)
  healthcheck [--url URL]   exit 0 when the job's /healthz answers 200 (container health checks)
  dynamodb create-table --definition configs/ddb.json [--endpoint URL]
            create a DynamoDB table and its indexes from a CreateTable JSON, if it is missing

Flags (all commands):
  --sql FILE          the Flink SQL file (default: the 'sql' property of the
                      kinesis.analytics.flink.run.options group, else processor.sql); at most 16 MiB
  --properties FILE   the property groups (default: ./application_properties.json when
                      RUNTIME_ENV=LOCAL, else /etc/flink/application_properties.json); at most 1 MiB
  --http-addr ADDR    run and dev: the /metrics, /healthz, /readyz and dashboard server
                      (default 127.0.0.1:8081, this machine only; 0.0.0.0:8081 for every
                      interface, as the image sets; '' or 'off' disables)
  --unrestorable-state fail|rebuild|empty, --rebuild-from earliest|TIME, --lost-checkpoint fail|reprocess
                      run and dev: what a start does with state it cannot restore (default: fail;
                      README "State, checkpoints and restarts"); env SLUICE_UNRESTORABLE_STATE,
                      SLUICE_REBUILD_FROM, SLUICE_LOST_CHECKPOINT

Environment:
  RUNTIME_ENV=LOCAL                       read ./application_properties.json (any case: local works)
  SLUICE_PROPERTY__<GROUP>__<KEY>=value   override one property, e.g.
                                          SLUICE_PROPERTY__CONSUMER_CONFIG_0__BOOTSTRAP_SERVERS=broker:9092
  SLUICE_CHECKPOINT_DIR=dir|s3://b/p      where checkpoints go (default: SET 'state.checkpoints.dir',
                                          else ./.sluice/checkpoints/<job id>)
  SLUICE_LOG_FORMAT=json|console          log format (default console); logs go to stderr
  SLUICE_LOG_LEVEL=debug|info|warn|error  log level (default info)
  SLUICE_HTTP_ADDR=host:port|off          as --http-addr (the flag wins)
  SLUICE_HTTP_TOKEN=token                 require 'Authorization: Bearer <token>' for the dashboard,
                                          its API and /metrics (not /healthz, /readyz), and for
                                          sluice serve's API; a browser opens /?token=<token> once
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "run":
		applyMemoryDefaults() // GOGC 50 and a container-derived GOMEMLIMIT unless set (memory.go)
		err = runCommand(ctx, rest, stdout, stderr)
	case "render":
		err = renderCommand(ctx, rest, stdout, stderr)
	case "explain":
		err = explainCommand(ctx, rest, stdout, stderr)
	case "dev":
		err = devCommand(ctx, rest, stdout, stderr)
	case "serve":
		var log *zap.Logger
		if log, err = newLogger(os.Environ(), stderr); err == nil {
			err = api.ServeCommand(ctx, rest, stdout, stderr, log)
		}
	case "healthcheck":
		err = healthcheckCommand(ctx, rest, stdout, stderr)
	case "dynamodb":
		if len(rest) == 0 || rest[0] != "create-table" {
			fmt.Fprintf(stderr, "sluice: usage: sluice dynamodb create-table --definition FILE [--endpoint URL] [--region R]\n")
			return 2
		}
		err = dynamodb.CreateTableCommand(ctx, rest[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "sluice: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "sluice: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "sluice: %v\n", err)
		return 1
	}
	return 0
}

type usageError struct{ error }

// jobFlags parses the flags every command shares.
func jobFlags(name string, args []string, stderr io.Writer) (job.Spec, *flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	spec := job.Spec{Environ: os.Environ()}
	fs.StringVar(&spec.SQLPath, "sql", "", "the Flink SQL file")
	fs.StringVar(&spec.PropertiesPath, "properties", "", "the application properties (property groups) file")
	if name == "run" {
		addHTTPFlag(fs) // read back with fs.Lookup by runCommand
		addRestoreFlags(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return spec, fs, err
		}
		return spec, fs, usageError{err}
	}
	if fs.NArg() > 0 {
		return spec, fs, usageError{fmt.Errorf("%s: unexpected argument %q", name, fs.Arg(0))}
	}
	return spec, fs, nil
}

func renderCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	spec, _, err := jobFlags("render", args, stderr)
	if err != nil {
		return err
	}
	// render checks the job as run does (parsed, planned, options and
	// settings validated): it prints only SQL that would run.
	j, err := loadJob(ctx, spec, builtin.Registry(stdout, stderr), zap.NewNop())
	if err != nil {
		return err
	}
	// Secrets stay out of terminals and CI logs, as in Flink's own logs.
	_, err = io.WriteString(stdout, sql.RedactSecrets(j.Rendered))
	return err
}

func explainCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	spec, _, err := jobFlags("explain", args, stderr)
	if err != nil {
		return err
	}
	j, err := loadJob(ctx, spec, builtin.Registry(stdout, stderr), zap.NewNop())
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, j.Graph.Explain())
	return err
}

func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	spec, fs, err := jobFlags("run", args, stderr)
	if err != nil {
		return err
	}
	policy, err := restorePolicy(fs, spec.Environ)
	if err != nil {
		return err
	}
	return runJob(ctx, spec, "", policy, resolveHTTP(fs, fs.Lookup("http-addr").Value.String(), spec.Environ), stdout, stderr)
}

// loadJob loads a job as explain, render and run all do: parsed, planned,
// options and settings validated, the runtime's checkpoint settings too, so
// that the three commands reject the same jobs.
func loadJob(ctx context.Context, spec job.Spec, registry *connectors.Registry, log *zap.Logger) (*job.Job, error) {
	j, err := job.LoadContext(ctx, spec, registry, log)
	if err != nil {
		return nil, err
	}
	if err := runtime.CheckSettings(j.Graph); err != nil {
		return nil, err
	}
	return j, nil
}

// runJob loads and runs a job until it ends or ctx is cancelled.
// checkpointDir "" means $SLUICE_CHECKPOINT_DIR, else the job's SET options,
// else ./.sluice/checkpoints/<job id>. httpCfg is where the metrics, health
// and dashboard server listens (observe.go).
func runJob(ctx context.Context, spec job.Spec, checkpointDir string, policy runtime.RestorePolicy, httpCfg httpSetting, stdout, stderr io.Writer) error {
	log, err := newLogger(spec.Environ, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	log, logRing := observe(log, httpCfg)
	j, err := loadJob(ctx, spec, builtin.Registry(stdout, stderr), log)
	if err != nil {
		return err
	}
	obs, stopHTTP, err := startHTTP(httpCfg, j, logRing, log)
	if err != nil {
		return err
	}
	defer stopHTTP()
	log.Info("job loaded", zap.String("sql", j.SQLPath), zap.String("properties", j.PropertiesPath),
		zap.Int("sources", len(j.Graph.Scans)), zap.Int("sinks", len(j.Graph.Sinks)))
	if checkpointDir == "" {
		checkpointDir = job.Getenv(spec.Environ, "SLUICE_CHECKPOINT_DIR")
	}
	return runtime.Run(ctx, j.Graph, runtime.Options{
		FlushInterval: j.CheckpointInterval, Logger: log,
		JobName: filepath.Base(j.SQLPath), CheckpointDir: checkpointDir, Observer: obs, Restore: policy,
	})
}

// newLogger builds the process logger: console by default, JSON for
// containers (SLUICE_LOG_FORMAT=json), always on stderr so that stdout
// carries only the print sink's rows.
func newLogger(environ []string, stderr io.Writer) (*zap.Logger, error) {
	level := zapcore.InfoLevel
	if v := job.Getenv(environ, "SLUICE_LOG_LEVEL"); v != "" {
		if err := level.Set(v); err != nil {
			return nil, fmt.Errorf("SLUICE_LOG_LEVEL: %w", err)
		}
	}
	encCfg := zap.NewProductionEncoderConfig()
	encCfg.EncodeTime = zapcore.ISO8601TimeEncoder
	var enc zapcore.Encoder
	switch job.Getenv(environ, "SLUICE_LOG_FORMAT") {
	case "json":
		enc = zapcore.NewJSONEncoder(encCfg)
	case "", "console":
		encCfg.EncodeLevel = zapcore.CapitalLevelEncoder
		enc = zapcore.NewConsoleEncoder(encCfg)
	default:
		return nil, fmt.Errorf("SLUICE_LOG_FORMAT must be json or console, not %q", job.Getenv(environ, "SLUICE_LOG_FORMAT"))
	}
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(stderr), level)), nil
}
