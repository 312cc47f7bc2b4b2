package main

import "testing"

func TestMemoryDefaults(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	tests := []struct {
		name      string
		env       map[string]string
		cgroup    string
		gc        int
		wantLimit int64
	}{
		{"no settings, no container limit", nil, "max\n", 50, 0},
		{"container limit", nil, "1073741824\n", 50, 805306368},
		{"user GOGC wins", map[string]string{"GOGC": "200"}, "", 0, 0},
		{"user GOMEMLIMIT wins", map[string]string{"GOMEMLIMIT": "1GiB"}, "1073741824", 50, 0},
		{"garbage in memory.max", nil, "lots", 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gc, limit := memoryDefaults(env(tt.env), tt.cgroup)
			if gc != tt.gc || limit != tt.wantLimit {
				t.Fatalf("memoryDefaults = %d, %d; want %d, %d", gc, limit, tt.gc, tt.wantLimit)
			}
		})
	}
}
