package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/engine/config"
	"github.com/sluice-sql/sluice/engine/plan"
)

// Checkpoint settings, Flink's keys. 'execution.checkpointing.dir' is the
// Flink 1.20 name of 'state.checkpoints.dir'; both are accepted.
const (
	settingCheckpointDir       = "state.checkpoints.dir"
	settingCheckpointDirNew    = "execution.checkpointing.dir"
	envCheckpointDir           = "SLUICE_CHECKPOINT_DIR"
	defaultCheckpointBase      = ".sluice/checkpoints"
	defaultCheckpointRetention = 3
)

// checkpointDir resolves the directory of this job's checkpoints:
// Options.CheckpointDir, else $SLUICE_CHECKPOINT_DIR, else the SET option,
// used as they are (whoever names a directory means it for this job, and an
// edited job keeps finding its state there); else
// ./.sluice/checkpoints/<job id>.
func checkpointDir(g *plan.Graph, opts Options) (string, error) {
	dir := opts.CheckpointDir
	if dir == "" {
		dir = os.Getenv(envCheckpointDir)
	}
	for _, k := range []string{settingCheckpointDirNew, settingCheckpointDir} {
		if v, ok := g.Settings[k]; ok && dir == "" {
			dir = v
		}
	}
	if dir == "" {
		return filepath.Join(defaultCheckpointBase, jobID(g, opts.JobName)), nil
	}
	if rest, ok := strings.CutPrefix(dir, "file://"); ok {
		return rest, nil
	}
	if i := strings.Index(dir, "://"); i > 0 {
		return "", fmt.Errorf("checkpoint directory %q: only local directories (file://…) are supported, not %s://", dir, dir[:i])
	}
	return dir, nil
}

// jobID names a job by what it writes (its sink tables) and its SQL file
// name, not by its full text: editing a query keeps the id, and so the
// checkpoints, while a different job in the same directory gets its own.
func jobID(g *plan.Graph, jobName string) string {
	sinks := make([]string, 0, len(g.Sinks))
	for _, s := range g.Sinks {
		sinks = append(sinks, s.Table.Name)
	}
	sort.Strings(sinks)
	sinks = compactSorted(sinks)
	sum := sha256.Sum256([]byte(jobName + "\n" + strings.Join(sinks, "\n")))
	stem := strings.TrimSuffix(filepath.Base(jobName), filepath.Ext(jobName))
	if stem == "" || stem == "." {
		stem = "job"
	}
	return stem + "-" + hex.EncodeToString(sum[:6])
}

func compactSorted(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// joinTTLs are the state TTLs of each join input, by join state id.
type joinTTLs map[string][2]time.Duration

// joinStateTTLs gives each join of the graph its inputs' TTLs: a STATE_TTL
// hint's value for the inputs it names, 'table.exec.state.ttl' (global) for
// the others, as Flink does. Joins are keyed by state id, which the running
// joins carry too (the hint is part of the id: the planner never shares
// joins that differ in it).
func joinStateTTLs(g *plan.Graph, global time.Duration) joinTTLs {
	out := joinTTLs{}
	seen := map[plan.Node]bool{}
	var walk func(n plan.Node)
	walk = func(n plan.Node) {
		if seen[n] {
			return
		}
		seen[n] = true
		if j, ok := n.(*plan.Join); ok {
			ttl := [2]time.Duration{global, global}
			for side, h := range []*plan.StateTTL{j.LeftTTL, j.RightTTL} {
				if h != nil {
					ttl[side] = h.TTL
				}
			}
			out[joinStateID(j)] = ttl
		}
		for _, in := range n.Inputs() {
			walk(in)
		}
	}
	for _, s := range g.Sinks {
		walk(s)
	}
	return out
}

// of returns the TTLs of the join with state id id (global for one it does not know).
func (t joinTTLs) of(id string, global time.Duration) (left, right time.Duration) {
	if ttl, ok := t[id]; ok {
		return ttl[0], ttl[1]
	}
	return global, global
}

// stateTTL reads 'table.exec.state.ttl' (Flink's default 0: keep forever).
func stateTTL(g *plan.Graph) (time.Duration, error) { return config.StateTTL(g.Settings) }
