// Package web is the job's HTTP server: Prometheus metrics (/metrics),
// health checks for orchestrators (/healthz, /readyz), and a dashboard in
// the spirit of Flink's job overview (/, with its JSON API under /api/).
//
// One server runs per job process. Everything it shows comes from the
// runtime's Observer, read on the server's goroutines; the job loop only
// updates atomics, so a slow scrape or a browser never slows the job.
package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/engine/metrics"
	"github.com/sluice-sql/sluice/engine/runtime"
	"github.com/sluice-sql/sluice/internal/httpserve"
)

//go:embed static
var static embed.FS

// Config is what the server shows.
type Config struct {
	// Observer watches the running job; required.
	Observer *runtime.Observer
	// Plan is the job's EXPLAIN text, shown on the dashboard.
	Plan string
	// SQLFile names the job's SQL file, for the page title.
	SQLFile string
	// Logs keeps the latest warnings and errors; nil shows none.
	Logs *LogRing
	// Logger logs server errors.
	Logger *zap.Logger
	// Token, when not empty, is required for everything but /healthz and
	// /readyz (httpserve.RequireToken): the dashboard, its API and /metrics.
	Token string
}

// NewHandler returns the server's routes. Each handler gets its own
// Prometheus registry: nothing is registered globally, so several jobs (or
// tests) in one process do not collide.
func NewHandler(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(newCollector(cfg.Observer, cfg.Logs),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog: zap.NewStdLog(cfg.Logger), ErrorHandling: promhttp.ContinueOnError}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		if err := cfg.Observer.Live(now); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unhealthy", "reason": err.Error()})
			return
		}
		snap := cfg.Observer.Snapshot()
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "state": snap.State,
			"heartbeat_age_seconds": now.Sub(snap.Heartbeat).Seconds()})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if reasons := cfg.Observer.Ready(); len(reasons) > 0 {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "not ready", "reasons": reasons})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready"})
	})
	mux.HandleFunc("GET /api/job", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, jobView(cfg))
	})
	assets, err := fs.Sub(static, "static")
	if err != nil {
		panic(fmt.Sprintf("web: embedded assets: %v", err)) // the embed directive guarantees them
	}
	files := http.FileServerFS(assets)
	mux.Handle("GET /static/", http.StripPrefix("/static/", files))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, assets, "index.html")
	})
	// Health checks stay open: orchestrators probe without credentials.
	return httpserve.RequireToken(mux, cfg.Token, "/healthz", "/readyz")
}

// JobView is the dashboard's JSON (/api/job).
type JobView struct {
	metrics.Snapshot
	SQLFile string     `json:"sql_file"`
	Plan    string     `json:"plan"`
	Live    string     `json:"not_live,omitempty"` // why not live; empty when live
	Ready   []string   `json:"not_ready"`          // why not ready; empty when ready
	Logs    []LogEntry `json:"logs"`               // newest last
}

func jobView(cfg Config) JobView {
	v := JobView{Snapshot: cfg.Observer.Snapshot(), SQLFile: cfg.SQLFile, Plan: cfg.Plan,
		Ready: cfg.Observer.Ready(), Logs: cfg.Logs.Entries()}
	if v.Ready == nil {
		v.Ready = []string{}
	}
	if err := cfg.Observer.Live(v.Now); err != nil {
		v.Live = err.Error()
	}
	return v
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client went away; nothing to do
}

// Limits are the server's: it serves a few browsers, a Prometheus scraper
// and health checks, so 64 connections are plenty, and they stay far below
// the file descriptors the job needs for its Kafka clients and checkpoints.
func Limits() httpserve.Limits {
	return httpserve.Limits{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 30 * time.Second,
		Idle: 30 * time.Second, MaxConns: 64}
}

// Listen binds addr (host:port; port 0 picks a free one) and serves h on
// it, with Limits, until Shutdown.
func Listen(addr string, h http.Handler, log *zap.Logger) (*httpserve.Server, error) {
	if log == nil {
		log = zap.NewNop()
	}
	s, err := httpserve.Listen(httpserve.Config{Addr: addr, Handler: h, Limits: Limits(), Logger: log})
	if err != nil {
		return nil, err
	}
	go func() {
		if err := s.Serve(); err != nil {
			log.Error("http server stopped", zap.Error(err))
		}
	}()
	return s, nil
}
