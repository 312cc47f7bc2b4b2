package httpserve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequireToken(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("secret")) })
	h := RequireToken(ok, "s3cret-token", "/healthz", "/readyz")
	tests := []struct {
		name       string
		target     string
		method     string
		header     string
		cookie     string
		wantStatus int
		wantBody   string
		wantCookie bool
		wantLoc    string
	}{
		{name: "no token", target: "/metrics", wantStatus: 401},
		{name: "bearer", target: "/metrics", header: "Bearer s3cret-token", wantStatus: 200, wantBody: "secret"},
		{name: "wrong bearer", target: "/metrics", header: "Bearer s3cret-tokeN", wantStatus: 401},
		{name: "bearer prefix of the token", target: "/metrics", header: "Bearer s3cret", wantStatus: 401},
		{name: "empty bearer", target: "/metrics", header: "Bearer ", wantStatus: 401},
		{name: "basic auth is not the token", target: "/metrics", header: "Basic czNjcmV0LXRva2Vu", wantStatus: 401},
		{name: "health stays open", target: "/healthz", wantStatus: 200},
		{name: "readiness stays open", target: "/readyz", wantStatus: 200},
		{name: "open is exact", target: "/healthz/x", wantStatus: 401},
		{name: "cookie", target: "/api/job", cookie: "s3cret-token", wantStatus: 200},
		{name: "wrong cookie", target: "/api/job", cookie: "nope", wantStatus: 401},
		{name: "query sets the cookie and redirects", target: "/?token=s3cret-token&x=1", wantStatus: 303,
			wantCookie: true, wantLoc: "/?x=1"},
		{name: "wrong query", target: "/?token=nope", wantStatus: 401},
		{name: "query on POST is not accepted", target: "/?token=s3cret-token", method: "POST", wantStatus: 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = "GET"
			}
			r := httptest.NewRequest(method, tc.target, nil)
			if tc.header != "" {
				r.Header.Set("Authorization", tc.header)
			}
			if tc.cookie != "" {
				r.AddCookie(&http.Cookie{Name: tokenCookie, Value: tc.cookie})
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d (%s)", w.Code, tc.wantStatus, w.Body)
			}
			if tc.wantBody != "" && w.Body.String() != tc.wantBody {
				t.Errorf("body %q, want %q", w.Body, tc.wantBody)
			}
			if w.Code == 401 {
				if w.Header().Get("WWW-Authenticate") == "" || !strings.Contains(w.Body.String(), EnvToken) {
					t.Errorf("a 401 should name the scheme and %s: %v %q", EnvToken, w.Header(), w.Body)
				}
				if strings.Contains(w.Body.String(), "secret") {
					t.Errorf("a 401 leaks the body: %q", w.Body)
				}
			}
			set := w.Result().Cookies()
			if tc.wantCookie != (len(set) == 1 && set[0].Value == "s3cret-token" && set[0].HttpOnly &&
				set[0].SameSite == http.SameSiteStrictMode) {
				t.Errorf("cookies %v, want the token cookie: %v", set, tc.wantCookie)
			}
			if loc := w.Header().Get("Location"); loc != tc.wantLoc {
				t.Errorf("Location %q, want %q", loc, tc.wantLoc)
			}
		})
	}
}

func TestRequireTokenDisabled(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	w := httptest.NewRecorder()
	RequireToken(ok, "").ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != 200 {
		t.Errorf("without a token every request passes; got %d", w.Code)
	}
}
