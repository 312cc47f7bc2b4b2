//go:build integration

package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/sluice-sql/sluice/internal/syncbuf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// sluiceBuild is the sluice binary, built on first use so that running only
// the client tests (-run) does not pay for the build. TestMain removes dir.
type sluiceBuild struct {
	once sync.Once
	dir  string
	path string
	err  error
}

var built sluiceBuild

// envBinary names a prebuilt sluice binary to test instead of building one.
const envBinary = "SLUICE_BINARY"

// sluiceBinary builds ./cmd/sluice (once per test process) and returns its
// path, or returns $SLUICE_BINARY when set.
func sluiceBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(envBinary); p != "" {
		return p
	}
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "sluice-it-")
		if built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "sluice")
		cmd := exec.Command("go", "build", "-o", built.path, "./cmd/sluice")
		cmd.Dir = ".."
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			built.err = fmt.Errorf("go build ./cmd/sluice: %w\n%s", err, out.String())
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// removeBuild deletes the built binary (from TestMain, after the tests).
func removeBuild() {
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

// syncbuf.Buffer collects a process's output while it runs.

// sluiceProc is one run of the sluice binary.
type sluiceProc struct {
	name           string // for messages: "run 3"
	cmd            *exec.Cmd
	stdout, stderr *syncbuf.Buffer
	done           chan struct{}
	err            error // cmd.Wait's result, set before done is closed
}

// startSluice runs the binary with args in dir and extra environment
// variables. The process is killed when the test ends, and its stderr is
// logged if the test failed.
func startSluice(t *testing.T, name, dir string, env []string, args ...string) *sluiceProc {
	t.Helper()
	cmd := exec.Command(sluiceBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	p := &sluiceProc{name: name, cmd: cmd, stdout: &syncbuf.Buffer{}, stderr: &syncbuf.Buffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting sluice (%s): %v", name, err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("sluice %s stderr (last 6000 bytes):\n%s", name, tail(p.stderr.String(), 6000))
			// The whole log outlives the test's directories, for a post-mortem.
			if f, err := os.CreateTemp("", "sluice-it-stderr-*.log"); err == nil {
				_, _ = f.WriteString(p.stderr.String())
				_ = f.Close()
				t.Logf("sluice %s: whole stderr in %s", name, f.Name())
			}
		}
	})
	return p
}

// exited reports whether the process has ended.
func (p *sluiceProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// exitCode is the exit status of an ended process (-1 for a signal).
func (p *sluiceProc) exitCode() int {
	<-p.done
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		return ee.ExitCode()
	}
	if p.err != nil {
		return -1
	}
	return 0
}

// wait waits up to timeout for the process to end and returns its exit code.
func (p *sluiceProc) wait(timeout time.Duration) (int, error) {
	select {
	case <-p.done:
		return p.exitCode(), nil
	case <-time.After(timeout):
		return 0, fmt.Errorf("sluice %s did not exit within %v", p.name, timeout)
	}
}

// kill9 kills the process with SIGKILL and waits for it.
func (p *sluiceProc) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil && !p.exited() {
		t.Fatalf("kill -9 sluice %s: %v", p.name, err)
	}
	if _, err := p.wait(10 * time.Second); err != nil {
		t.Fatal(err)
	}
}

// terminate sends SIGTERM (final checkpoint, then exit) and requires exit 0.
func (p *sluiceProc) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM to sluice %s: %v", p.name, err)
	}
	code, err := p.wait(40 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("sluice %s exited %d after SIGTERM; stderr:\n%s", p.name, code, tail(p.stderr.String(), 6000))
	}
}

// dumpGoroutines makes a stuck process print every goroutine's stack to its
// stderr (the Go runtime's SIGQUIT handler) and exit, for the failure log.
func (p *sluiceProc) dumpGoroutines() {
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGQUIT)
	_, _ = p.wait(10 * time.Second)
}

// checkpoints counts the checkpoints the process logged as complete.
func (p *sluiceProc) checkpoints() int {
	return strings.Count(p.stderr.String(), "checkpoint complete")
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// sleepCtx sleeps for d unless ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// writeFile writes a file under dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
