package e2e

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEveryCommandStopsOnSIGTERM: a command still reading or planning its
// job (here: a --sql or --properties pipe nobody writes, which blocks
// forever, as a huge or endless input does for long) stops at once on
// SIGTERM with a message and exit status 1, instead of ignoring the signal
// until the input is read.
func TestEveryCommandStopsOnSIGTERM(t *testing.T) {
	tests := []struct {
		name string
		args []string // fifo is the pipe's name
	}{
		{"explain", []string{"explain", "--sql", "fifo", "--properties", "props.json"}},
		{"render", []string{"render", "--sql", "fifo", "--properties", "props.json"}},
		{"run", []string{"run", "--sql", "fifo", "--properties", "props.json", "--http-addr", "off"}},
		{"run reading properties", []string{"run", "--sql", "job.sql", "--properties", "fifo", "--http-addr", "off"}},
		{"dev", []string{"dev", "--sql", "job.sql", "--properties", "fifo", "--port", "0", "--http-addr", "off"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "props.json", "[]")
			writeFile(t, dir, "job.sql", "SELECT 1;")
			if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
				t.Fatal(err)
			}
			p := start(t, dir, nil, tt.args...)
			time.Sleep(300 * time.Millisecond) // let it reach the read
			if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if code := p.wait(t, 3*time.Second); code != 1 {
				t.Fatalf("exit status %d after SIGTERM, want 1; stderr:\n%s", code, p.stderr.String())
			}
			if !strings.Contains(p.stderr.String(), "sluice: stopped while") {
				t.Errorf("stderr does not say what was stopped:\n%s", p.stderr.String())
			}
		})
	}
}
