package httpserve

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// EnvToken names the environment variable holding the bearer token of the
// dashboard, /metrics and `sluice serve`'s API.
const EnvToken = "SLUICE_HTTP_TOKEN"

// tokenCookie carries the token for a browser, which cannot add an
// Authorization header to the page's own requests.
const tokenCookie = "sluice_token"

// RequireToken returns next guarded by token: a request passes with
// "Authorization: Bearer <token>" (what Prometheus' authorization setting
// sends), or with the cookie a browser gets by opening any page once with
// ?token=<token>, which is then redirected away from the address bar. The
// paths in open (exact, e.g. "/healthz") pass without the token, for the
// orchestrator's health checks. An empty token disables the check.
func RequireToken(next http.Handler, token string, open ...string) http.Handler {
	if token == "" {
		return next
	}
	want := sha256.Sum256([]byte(token))
	matches := func(got string) bool {
		// Hashing first makes the comparison independent of the length.
		sum := sha256.Sum256([]byte(got))
		return got != "" && subtle.ConstantTimeCompare(sum[:], want[:]) == 1
	}
	free := map[string]bool{}
	for _, p := range open {
		free[p] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if free[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		if q := r.URL.Query(); q.Has("token") && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			if !matches(q.Get("token")) {
				unauthorized(w)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: q.Get("token"), Path: "/",
				HttpOnly: true, SameSite: http.SameSiteStrictMode})
			q.Del("token")
			u := *r.URL
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && matches(strings.TrimSpace(bearer)) {
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(tokenCookie); err == nil && matches(c.Value) {
			next.ServeHTTP(w, r)
			return
		}
		unauthorized(w)
	})
}

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="sluice"`)
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "401 unauthorized: this server requires the token set in "+EnvToken+
		": send 'Authorization: Bearer <token>', or open /?token=<token> in a browser", http.StatusUnauthorized)
}
