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
		{"default", nil, nil, httpSetting{addr: ":8081"}, false},
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
