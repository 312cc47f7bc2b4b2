package api

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/sluice-sql/sluice/internal/httpserve"
)

// startServe runs ServeCommand with args until the test ends, and returns
// the base URL it prints and a function that cancels it and checks that it
// returned cleanly.
func startServe(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- ServeCommand(ctx, args, pw, io.Discard, zaptest.NewLogger(t))
		_ = pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v (serve: %v)", err, <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	return strings.TrimSpace(strings.TrimPrefix(line, "listening on ")), func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("ServeCommand after cancel: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("ServeCommand did not return after its context was cancelled")
		}
	}
}

// TestServeToken: with SLUICE_HTTP_TOKEN set, the API answers only requests
// that carry it. No request here reaches DynamoDB (an unknown path is
// answered by the API's own 404), so none is needed.
func TestServeToken(t *testing.T) {
	t.Setenv(httpserve.EnvToken, "api-t0ken")
	t.Setenv("AWS_ACCESS_KEY_ID", "dummy")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "dummy")
	base, stop := startServe(t, "--addr", "127.0.0.1:0", "--endpoint", "http://127.0.0.1:1", "--region", "us-east-1")
	for _, tc := range []struct {
		auth string
		want int
	}{
		{"", http.StatusUnauthorized},
		{"Bearer wrong", http.StatusUnauthorized},
		{"Bearer api-t0ken", http.StatusNotFound},
	} {
		req, _ := http.NewRequest(http.MethodGet, base+"/no-such-path", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("Authorization %q: %d %s, want %d", tc.auth, res.StatusCode, body, tc.want)
		}
	}
	stop()
}

func TestServeRejectsNoConnections(t *testing.T) {
	err := ServeCommand(context.Background(), []string{"--max-conns", "0"}, io.Discard, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "--max-conns") {
		t.Errorf("--max-conns 0: %v", err)
	}
}
