package e2e

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIdleConnectionsDoNotStarveTheJob reproduces issue 13's report: under
// a 128-file limit, 200 idle connections to the job's HTTP server used the
// process's last file descriptors, the next checkpoint failed with "too
// many open files" and the job exited. The job must keep checkpointing and
// keep answering health checks while the connections stay open.
func TestIdleConnectionsDoNotStarveTheJob(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("SKIPPING: prlimit (util-linux) is needed to run the job under a 128-file limit")
	}
	broker := startBroker(t, "flagged-accounts", "transactions")
	dir := t.TempDir()
	writeFile(t, dir, "props.json", properties(broker.Addr()))
	writeFile(t, dir, "job.sql", checkpointJob("earliest-offset", false))
	p := startProgram(t, dir, nil, prlimit, "--nofile=128:128", binary,
		"run", "--sql", "job.sql", "--properties", "props.json", "--http-addr", "127.0.0.1:0")
	url := waitDashboardURL(t, p)
	produceFlags(t, broker.Addr(), testFlags)
	produceTxs(t, broker.Addr(), txBatch("IDLE0000", 30))
	checkpoints := func() (completed, failed float64) {
		_, text := httpGet(t, url+"metrics")
		completed, _ = promValue(text, "sluice_checkpoints_total", map[string]string{"result": "completed"})
		failed, _ = promValue(text, "sluice_checkpoints_total", map[string]string{"result": "failed"})
		return completed, failed
	}
	waitUntil(t, p, "a first checkpoint", 30*time.Second, func() bool { c, _ := checkpoints(); return c >= 1 })
	t.Logf("open files of the job before the flood: %d", openFiles(t, p))

	// 100 connections that never send a byte, and 100 that send one
	// request and then idle on keep-alive (bounded: 200 in all, loopback).
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	var idle []net.Conn
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	for i := range 200 {
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		idle = append(idle, c)
		if i%2 == 1 {
			fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
		}
	}
	before, _ := checkpoints()
	// While they are open, health checks answer at once and checkpoints go on.
	client := &http.Client{Timeout: 3 * time.Second}
	for i := range 5 {
		res, err := client.Get(url + "healthz")
		if err != nil {
			t.Fatalf("health check %d during the flood: %v\nsluice stderr:\n%s", i, err, p.stderr.String())
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("health check %d during the flood: %s", i, res.Status)
		}
		time.Sleep(500 * time.Millisecond)
	}
	waitUntil(t, p, "three more checkpoints during the flood", 30*time.Second, func() bool {
		c, _ := checkpoints()
		return c >= before+3
	})
	if _, failed := checkpoints(); failed != 0 {
		t.Errorf("%v checkpoints failed during the flood", failed)
	}
	t.Logf("open files of the job during the flood: %d", openFiles(t, p))
	if strings.Contains(p.stderr.String(), "too many open files") {
		t.Errorf("the job ran out of file descriptors:\n%s", p.stderr.String())
	}
	stop(t, p)
}

// openFiles counts the file descriptors of the job (the child of prlimit,
// which execs it: the same process).
func openFiles(t *testing.T, p *process) int {
	t.Helper()
	fds, err := os.ReadDir(filepath.Join("/proc", fmt.Sprint(p.cmd.Process.Pid), "fd"))
	if err != nil {
		t.Logf("counting open files: %v", err)
		return -1
	}
	return len(fds)
}
