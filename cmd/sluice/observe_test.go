package main

import (
	"flag"
	"io"
	"testing"
)

func TestResolveHTTP(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		environ  []string
		want     httpSetting
		disabled bool
	}{
		{"default is loopback", nil, nil, httpSetting{addr: "127.0.0.1:8081"}, false},
		{"token", nil, []string{"SLUICE_HTTP_TOKEN= t0ken "}, httpSetting{addr: "127.0.0.1:8081", token: "t0ken"}, false},
		{"environment", nil, []string{"SLUICE_HTTP_ADDR=127.0.0.1:9000"}, httpSetting{addr: "127.0.0.1:9000", explicit: true}, false},
		{"flag wins", []string{"--http-addr", ":9001"}, []string{"SLUICE_HTTP_ADDR=:9000"}, httpSetting{addr: ":9001", explicit: true}, false},
		{"off", []string{"--http-addr", "off"}, nil, httpSetting{addr: "off", explicit: true}, true},
		{"empty environment disables", nil, []string{"SLUICE_HTTP_ADDR="}, httpSetting{addr: "", explicit: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("run", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			v := addHTTPFlag(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			got := resolveHTTP(fs, *v, tt.environ)
			if got != tt.want || got.disabled() != tt.disabled {
				t.Errorf("got %+v (disabled %v), want %+v (disabled %v)", got, got.disabled(), tt.want, tt.disabled)
			}
		})
	}
}

func TestHealthzURL(t *testing.T) {
	for addr, want := range map[string]string{
		"":               "http://127.0.0.1:8081/healthz",
		"0.0.0.0:9000":   "http://127.0.0.1:9000/healthz",
		":9000":          "http://127.0.0.1:9000/healthz",
		"[::]:9000":      "http://127.0.0.1:9000/healthz",
		"127.0.0.1:0":    "http://127.0.0.1:8081/healthz",
		"10.1.2.3:8081":  "http://10.1.2.3:8081/healthz",
		"[::1]:8082":     "http://[::1]:8082/healthz",
		"localhost:8083": "http://localhost:8083/healthz",
		"off":            "http://127.0.0.1:8081/healthz",
	} {
		if got := healthzURL(addr); got != want {
			t.Errorf("healthzURL(%q) = %s, want %s", addr, got, want)
		}
	}
}
