package httpserve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// start serves h on a free loopback port with the given limits.
func start(t *testing.T, h http.Handler, l Limits) (*Server, string) {
	t.Helper()
	s, err := Listen(Config{Addr: "127.0.0.1:0", Handler: h, Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return s, s.Addr().String()
}

func limits(maxConns int) Limits {
	return Limits{ReadHeader: 10 * time.Second, Read: 10 * time.Second, Write: 10 * time.Second, Idle: time.Minute, MaxConns: maxConns}
}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// get sends one keep-alive request on c and reads the answer.
func get(c net.Conn, addr string) (string, error) {
	if _, err := fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", addr); err != nil {
		return "", err
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return string(b), err
}

// TestIdleConnectionsMakeRoom: more idle connections than the limit, silent
// ones and keep-alive ones, never hold more than the limit open, and a new
// client is still answered at once.
func TestIdleConnectionsMakeRoom(t *testing.T) {
	const max = 4
	s, addr := start(t, okHandler, limits(max))
	for i := range 3 * max {
		c := dial(t, addr)
		if i%2 == 1 {
			if body, err := get(c, addr); err != nil || body != "ok" {
				t.Fatalf("keep-alive connection %d: %q %v", i, body, err)
			}
		}
	}
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for i := range 5 {
		res, err := client.Get("http://" + addr + "/")
		if err != nil {
			t.Fatalf("request %d with %d idle connections open: %v", i, 3*max, err)
		}
		res.Body.Close()
	}
	// Let the server see the closes, then count.
	deadline := time.Now().Add(5 * time.Second)
	for s.ln.open() > max && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.ln.open(); n > max {
		t.Errorf("%d connections hold a slot, limit %d", n, max)
	}
}

// TestBusyConnectionsAreNotCut: when every slot has a request in progress,
// a new connection waits for a slot instead of cutting a request.
func TestBusyConnectionsAreNotCut(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 10)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		if r.URL.Path == "/slow" {
			<-release
		}
		_, _ = io.WriteString(w, "done "+r.URL.Path)
	})
	_, addr := start(t, h, limits(2))
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	type answer struct {
		body string
		err  error
	}
	fetch := func(path string, out chan<- answer) {
		res, err := client.Get("http://" + addr + path)
		if err != nil {
			out <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		out <- answer{string(b), err}
	}
	slow := make(chan answer, 2)
	go fetch("/slow", slow)
	go fetch("/slow", slow)
	<-entered
	<-entered
	fast := make(chan answer, 1)
	go fetch("/fast", fast)
	select {
	case a := <-fast:
		t.Fatalf("a third request was served while both slots were busy: %+v", a)
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	for range 2 {
		if a := <-slow; a.err != nil || a.body != "done /slow" {
			t.Errorf("a request in progress was cut: %+v", a)
		}
	}
	if a := <-fast; a.err != nil || a.body != "done /fast" {
		t.Errorf("the waiting request: %+v", a)
	}
}

// TestTimeoutsCloseConnections: a connection that sends nothing is closed
// after the read-header timeout, a keep-alive one after the idle timeout.
func TestTimeoutsCloseConnections(t *testing.T) {
	l := Limits{ReadHeader: 200 * time.Millisecond, Read: time.Second, Write: time.Second, Idle: 300 * time.Millisecond, MaxConns: 8}
	s, addr := start(t, okHandler, l)
	silent := dial(t, addr)
	idle := dial(t, addr)
	if body, err := get(idle, addr); err != nil || body != "ok" {
		t.Fatalf("first request: %q %v", body, err)
	}
	for name, c := range map[string]net.Conn{"silent": silent, "keep-alive": idle} {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		_, err := c.Read(make([]byte, 1024))
		if err == nil || strings.Contains(err.Error(), "timeout") {
			t.Errorf("%s connection: the server did not close it within 5 s (read: %v)", name, err)
		}
		t.Logf("%s connection closed by the server after %s", name, time.Since(start).Round(time.Millisecond))
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.ln.open() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.ln.open(); n != 0 {
		t.Errorf("%d slots still held after the server closed every connection", n)
	}
}

func TestListenRejectsMissingLimits(t *testing.T) {
	l := limits(1)
	l.Idle = 0
	if _, err := Listen(Config{Addr: "127.0.0.1:0", Handler: okHandler, Limits: l}); err == nil {
		t.Error("a zero idle timeout was accepted")
	}
}

func TestURL(t *testing.T) {
	for _, tc := range []struct {
		addr  net.Addr
		want  string
		every bool
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8081}, "http://127.0.0.1:8081/", false},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 8081}, "http://[::1]:8081/", false},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8081}, "http://localhost:8081/", true},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8081}, "http://localhost:8081/", true},
	} {
		if u, every := baseURL(tc.addr); u != tc.want || every != tc.every {
			t.Errorf("%s: URL %q, every interface %v; want %s, %v", tc.addr, u, every, tc.want, tc.every)
		}
	}
}
