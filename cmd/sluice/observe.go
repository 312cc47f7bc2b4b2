package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/internal/httpserve"
	"github.com/sluice-sql/sluice/web"
)

// The job's HTTP server (metrics, health checks, dashboard).
const (
	// defaultHTTPAddr is Flink's REST port on the loopback interface, as
	// Flink's distribution configures its REST endpoint: nothing outside the
	// machine reaches the dashboard unless asked. Containers, whose health
	// checks and scrapers come from outside, set 0.0.0.0:8081 explicitly
	// (the Dockerfile's SLUICE_HTTP_ADDR, docker-compose.yml, the ECS task).
	defaultHTTPAddr = "127.0.0.1:8081"
	envHTTPAddr     = "SLUICE_HTTP_ADDR"
	httpAddrUsage   = "address of the metrics, health and dashboard server (host:port; '' or 'off' disables; default " +
		defaultHTTPAddr + ", or $" + envHTTPAddr + "; 0.0.0.0:8081 for every interface)"
	// dashboardLogs is how many warnings and errors the dashboard keeps.
	dashboardLogs = 100
	// httpShutdownTimeout bounds waiting for open requests at exit.
	httpShutdownTimeout = 3 * time.Second
)

// httpSetting is the resolved --http-addr and $SLUICE_HTTP_TOKEN. explicit
// is true when the user chose the address (flag or environment): a port
// that cannot be bound then fails the job, while the default only logs a
// warning, so that two jobs on a laptop do not fail over a dashboard port.
type httpSetting struct {
	addr     string
	explicit bool
	token    string
}

// addHTTPFlag declares --http-addr on fs.
func addHTTPFlag(fs *flag.FlagSet) *string {
	return fs.String("http-addr", defaultHTTPAddr, httpAddrUsage)
}

// resolveHTTP applies the precedence flag > $SLUICE_HTTP_ADDR > default,
// and reads the token.
func resolveHTTP(fs *flag.FlagSet, value string, environ []string) httpSetting {
	h := httpSetting{addr: defaultHTTPAddr, token: strings.TrimSpace(job.Getenv(environ, httpserve.EnvToken))}
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "http-addr" })
	if set {
		h.addr, h.explicit = value, true
		return h
	}
	for _, kv := range environ {
		if strings.HasPrefix(kv, envHTTPAddr+"=") {
			h.addr, h.explicit = job.Getenv(environ, envHTTPAddr), true
		}
	}
	return h
}

func (h httpSetting) disabled() bool {
	a := strings.TrimSpace(h.addr)
	return a == "" || strings.EqualFold(a, "off")
}

// observe tees the logger into the dashboard's log ring. Call it before
// loading the job, so that the planner's warnings are kept too.
func observe(log *zap.Logger, h httpSetting) (*zap.Logger, *web.LogRing) {
	if h.disabled() {
		return log, nil
	}
	ring := web.NewLogRing(dashboardLogs, zapcore.WarnLevel)
	return ring.Tee(log), ring
}

// startHTTP starts the job's HTTP server and returns the observer to pass
// to runtime.Run (nil when disabled) and a function that stops the server.
func startHTTP(h httpSetting, j *job.Job, ring *web.LogRing, log *zap.Logger) (*runtime.Observer, func(), error) {
	if h.disabled() {
		log.Info("http server disabled (--http-addr off): no /metrics, /healthz, /readyz or dashboard")
		return nil, func() {}, nil
	}
	obs := runtime.NewObserver()
	handler := web.NewHandler(web.Config{Observer: obs, Plan: j.Graph.Explain(), SQLFile: j.SQLPath,
		Logs: ring, Logger: log.Named("http"), Token: h.token})
	srv, err := web.Listen(h.addr, handler, log.Named("http"))
	if err != nil {
		if h.explicit {
			return nil, nil, err
		}
		log.Warn("dashboard disabled: the default port is not free; set --http-addr or "+envHTTPAddr,
			zap.String("addr", h.addr), zap.Error(err))
		return nil, func() {}, nil
	}
	u, everyInterface := srv.URL()
	fields := []zap.Field{zap.String("listen", srv.Addr().String()), zap.String("metrics", u+"metrics"),
		zap.String("healthz", u+"healthz"), zap.String("readyz", u+"readyz")}
	if h.token != "" {
		fields = append(fields, zap.String("token", "required ($"+httpserve.EnvToken+
			") except for /healthz and /readyz; open "+u+"?token=<token> in a browser"))
	}
	msg := "dashboard at " + u
	if everyInterface {
		msg += " (listening on every interface)"
	}
	log.Info(msg, fields...)
	return obs, func() {
		ctx, cancel := context.WithTimeout(context.Background(), httpShutdownTimeout)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			log.Warn("stopping the http server", zap.Error(err))
		}
	}, nil
}

// healthcheckCommand is `sluice healthcheck`: a container health check for
// images without a shell or curl (distroless). It asks the job's own
// server and exits 0 only for 200.
func healthcheckCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "", "the URL to ask (default http://127.0.0.1:<port of $"+envHTTPAddr+", else 8081>/healthz, or the host $"+envHTTPAddr+" binds)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("healthcheck: unexpected argument %q", fs.Arg(0))}
	}
	if *url == "" {
		*url = healthzURL(os.Getenv(envHTTPAddr))
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return usageError{fmt.Errorf("healthcheck: --url: %w", err)}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s: %s: %s", *url, res.Status, strings.TrimSpace(string(body)))
	}
	_, err = stdout.Write(body)
	return err
}

// healthzURL is where `sluice healthcheck` asks by default: the port of
// addr ($SLUICE_HTTP_ADDR), else 8081, on the host addr binds, or on
// 127.0.0.1 when it binds every interface.
func healthzURL(addr string) string {
	host, port := "127.0.0.1", "8081"
	if h, p, err := net.SplitHostPort(addr); err == nil {
		if p != "" && p != "0" {
			port = p
		}
		if ip := net.ParseIP(h); h != "" && (ip == nil || !ip.IsUnspecified()) {
			host = h
		}
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}
