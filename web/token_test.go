package web

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/runtime"
)

// TestHandlerToken: with a token, health checks stay open for the
// orchestrator, and the dashboard, its API, its assets and /metrics need
// the token; a browser gets in by opening /?token=… once.
func TestHandlerToken(t *testing.T) {
	srv, err := Listen("127.0.0.1:0", NewHandler(Config{Observer: runtime.NewObserver(), Plan: "plan", Token: "dash-t0ken"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown(t.Context())
	base, _ := srv.URL()
	do := func(c *http.Client, path, auth string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, base+strings.TrimPrefix(path, "/"), nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 503, "/metrics": 401, "/api/job": 401, "/": 401, "/static/app.js": 401} {
		if code, body := do(http.DefaultClient, path, ""); code != want {
			t.Errorf("%s without the token: %d %s, want %d", path, code, body, want)
		}
	}
	if code, body := do(http.DefaultClient, "/metrics", "Bearer dash-t0ken"); code != 200 || !strings.Contains(body, "sluice_job_up") {
		t.Errorf("/metrics with the bearer token: %d", code)
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	if code, body := do(browser, "/?token=dash-t0ken", ""); code != 200 || !strings.Contains(body, "<title>") {
		t.Errorf("opening /?token=…: %d %.200s", code, body)
	}
	if code, body := do(browser, "/api/job", ""); code != 200 || !strings.Contains(body, `"plan": "plan"`) {
		t.Errorf("the page's own request after /?token=…: %d %.200s", code, body)
	}
}
