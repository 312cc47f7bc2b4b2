//go:build integration

package integration

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestLostCheckpointSoakExactlyOnce: an exactly-once job runs on real Kafka
// and stops (SIGTERM: its last checkpoint is committed). Then its
// checkpoints are all deleted, or the newest (the one the sink's marker
// names) is damaged. Restarting must refuse, naming the marker, the location
// and the override, and write nothing, where it used to replay and duplicate
// (issue 13: 2,190 and 144 duplicates for read_committed). With
// --lost-checkpoint=reprocess it resumes from what is left, as documented:
// nothing missing, and the rows committed since are written again.
func TestLostCheckpointSoakExactlyOnce(t *testing.T) {
	for _, mode := range []string{"deleted", "damaged"} {
		t.Run(mode, func(t *testing.T) { lostCheckpointSoak(t, mode) })
	}
}

func lostCheckpointSoak(t *testing.T, mode string) {
	addr := bootstrap(t)
	ctx, cancel := context.WithTimeout(t.Context(), soakTimeout)
	defer cancel()
	seed := envInt(t, envSoakSeed, time.Now().UnixNano()%1_000_000_000)
	count := int(envInt(t, envSoakCount, 3000))
	t.Logf("lost checkpoint (%s): seed %d (rerun with %s=%d), %d transactions", mode, seed, envSoakSeed, seed, count)
	data := soakData(seed, count)
	want, wantTotal := expectedValues(t, data)
	j := newJobTopics(ctx, t, newAdmin(t, addr), "exactly-once")
	dir := t.TempDir()
	writeFile(t, dir, "job.sql", jobSQL(j))
	writeFile(t, dir, "props.json", jobProperties(addr))
	checkpoints := filepath.Join(dir, "checkpoints")
	env := []string{"SLUICE_CHECKPOINT_DIR=" + checkpoints}
	args := []string{"run", "--sql", "job.sql", "--properties", "props.json", "--http-addr", "off"}

	run := startSluice(t, "run 1", dir, env, args...)
	waitRunning(t, run, 30*time.Second)
	gen := startGenerator(ctx, addr, j, seed, count)
	if err := gen.wait(ctx, len(data.flags), count); err != nil {
		t.Fatal(err)
	}
	produceLate(ctx, t, addr, j, data.late)
	reader := newOutputReader(t, addr, j.out, 2)
	alive := func() error { return nil }
	if err := reader.waitComplete(ctx, want, drainTimeout, alive); err != nil {
		t.Fatal(err)
	}
	run.terminate(t)
	if err := reader.untilQuiet(ctx, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if c := compare(reader.got, want); c.missing+c.duplicates+c.unexpected != 0 {
		t.Fatalf("before losing the checkpoint: %v", c)
	}

	files, err := filepath.Glob(filepath.Join(checkpoints, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no checkpoint files in %s (%v)", checkpoints, err)
	}
	sort.Strings(files) // ids are zero-padded: the newest is last
	switch mode {
	case "deleted":
		for _, f := range files {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
	case "damaged":
		newest := files[len(files)-1]
		b, err := os.ReadFile(newest)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 0xff
		if err := os.WriteFile(newest, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	refused := startSluice(t, "run 2", dir, env, args...)
	code, err := refused.wait(60 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	stderr := refused.stderr.String()
	if code == 0 {
		t.Fatalf("the start with the committed checkpoint %s succeeded; stderr:\n%s", mode, tail(stderr, 4000))
	}
	state := map[string]string{"deleted": "missing", "damaged": "damaged"}[mode]
	for _, w := range []string{"marker says checkpoint", "is " + state, checkpoints, "--lost-checkpoint=reprocess"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("the refusal does not mention %q; stderr:\n%s", w, tail(stderr, 4000))
		}
	}
	if err := reader.untilQuiet(ctx, 3*time.Second); err != nil {
		t.Fatal(err)
	}
	if c := compare(reader.got, want); c.duplicates+c.unexpected != 0 {
		t.Errorf("the refused start wrote rows: %v", c)
	}
	t.Logf("%s: refused with exit %d, %d rows in the output, none duplicated", mode, code, reader.total)

	// The override: resume from what is left, duplicates and all.
	override := startSluice(t, "run 3", dir, env, append(args, "--lost-checkpoint=reprocess")...)
	waitRunning(t, override, 30*time.Second)
	if mode == "deleted" {
		// Everything is read again from the earliest offsets.
		deadline := time.Now().Add(drainTimeout)
		for reader.total < 2*wantTotal && time.Now().Before(deadline) {
			if err := reader.poll(500 * time.Millisecond); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Two checkpoints complete: whatever the override redoes is committed.
	waitUntilLogged(t, override, "checkpoint complete", 2, 60*time.Second)
	override.terminate(t)
	if err := reader.untilQuiet(ctx, 3*time.Second); err != nil {
		t.Fatal(err)
	}
	c := compare(reader.got, want)
	t.Logf("%s, --lost-checkpoint=reprocess: %d rows expected, %d read: %d missing, %d duplicates, %d unexpected",
		mode, wantTotal, reader.total, c.missing, c.duplicates, c.unexpected)
	if c.missing+c.unexpected != 0 {
		t.Errorf("after the override: %v", c)
	}
	if mode == "deleted" && c.duplicates != wantTotal {
		t.Errorf("after the override with no checkpoint left: %d duplicates, want every row once more (%d)", c.duplicates, wantTotal)
	}
	if !strings.Contains(override.stderr.String(), "written to it AGAIN") {
		t.Errorf("the override did not warn about the duplicates; stderr:\n%s", tail(override.stderr.String(), 4000))
	}
}

// waitUntilLogged waits until p has logged msg at least n times.
func waitUntilLogged(t *testing.T, p *sluiceProc, msg string, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for strings.Count(p.stderr.String(), msg) < n {
		if p.exited() || time.Now().After(deadline) {
			t.Fatalf("sluice %s: %q not logged %d times (exited: %v); stderr:\n%s", p.name, msg, n, p.exited(), tail(p.stderr.String(), 4000))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
