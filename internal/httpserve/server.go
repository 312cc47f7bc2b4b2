package httpserve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"go.uber.org/zap"
)

// Limits bound what clients can hold of a server.
type Limits struct {
	// ReadHeader bounds reading a request's headers: a connection that
	// sends nothing is closed after it.
	ReadHeader time.Duration
	// Read bounds reading a whole request, body included.
	Read time.Duration
	// Write bounds handling a request and writing its answer.
	Write time.Duration
	// Idle bounds how long a keep-alive connection waits for its next
	// request.
	Idle time.Duration
	// MaxConns bounds the open connections (see limitListener).
	MaxConns int
}

// Config is a server to start.
type Config struct {
	// Addr is host:port; port 0 picks a free one.
	Addr    string
	Handler http.Handler
	Limits  Limits
	// Logger gets the server's own errors; nil for none.
	Logger *zap.Logger
}

// Server is a listening HTTP server.
type Server struct {
	srv *http.Server
	ln  *limitListener
}

// Listen binds cfg.Addr; Serve then answers on it.
func Listen(cfg Config) (*Server, error) {
	l := cfg.Limits
	if l.ReadHeader <= 0 || l.Read <= 0 || l.Write <= 0 || l.Idle <= 0 || l.MaxConns <= 0 {
		return nil, fmt.Errorf("http server on %s: every limit must be positive: %+v", cfg.Addr, l)
	}
	log := cfg.Logger
	if log == nil {
		log = zap.NewNop()
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("http server on %s: %w", cfg.Addr, err)
	}
	return &Server{ln: newLimitListener(ln, l.MaxConns), srv: &http.Server{
		Handler:           cfg.Handler,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    64 << 10,
		ConnState:         trackState,
		ErrorLog:          zap.NewStdLog(log),
	}}, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers requests until Shutdown; it then returns nil.
func (s *Server) Serve() error {
	if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http server on %s: %w", s.ln.Addr(), err)
	}
	return nil
}

// Shutdown stops accepting connections and waits for the requests in
// progress, up to ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("http server on %s: shutdown: %w", s.ln.Addr(), err)
	}
	return nil
}

// URL is the server's base URL as a client on this machine would use it
// ("http://127.0.0.1:8081/"), and whether the server listens on every
// interface (a wildcard host: ":8081", "0.0.0.0:8081"), in which case the
// URL names localhost.
func (s *Server) URL() (url string, everyInterface bool) { return baseURL(s.ln.Addr()) }

func baseURL(a net.Addr) (string, bool) {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/", false
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return "http://" + net.JoinHostPort("localhost", port) + "/", true
	}
	return "http://" + net.JoinHostPort(host, port) + "/", false
}
