package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/config"
	"github.com/sluice-sql/sluice/engine/plan"
)

// Checkpoint settings, Flink's keys. 'execution.checkpointing.dir' is the
// Flink 1.20 name of 'state.checkpoints.dir'; both are accepted.
const (
	settingCheckpointDir       = "state.checkpoints.dir"
	settingCheckpointDirNew    = "execution.checkpointing.dir"
	settingS3Endpoint          = "s3.endpoint"
	settingS3PathStyle         = "s3.path.style.access"
	envCheckpointDir           = "SLUICE_CHECKPOINT_DIR"
	defaultCheckpointRetention = 3
)

// DefaultCheckpointBase is the directory, relative to the working
// directory, under which a job with no configured checkpoint location keeps
// its checkpoints (one subdirectory per job id). The image makes it writable
// for its non-root user (deploytest checks that).
const DefaultCheckpointBase = ".sluice/checkpoints"

// checkpointLocation resolves where this job's checkpoints live:
// Options.CheckpointDir, else $SLUICE_CHECKPOINT_DIR, else the SET option,
// used as they are (whoever names a directory or an S3 prefix means it for
// this job, and an edited job keeps finding its state there); else
// ./.sluice/checkpoints/<job id>.
func checkpointLocation(g *plan.Graph, opts Options) (checkpoint.Location, error) {
	loc := opts.CheckpointDir
	if loc == "" {
		loc = os.Getenv(envCheckpointDir)
	}
	for _, k := range []string{settingCheckpointDirNew, settingCheckpointDir} {
		if v, ok := g.Settings[k]; ok && loc == "" {
			loc = v
		}
	}
	if loc == "" {
		return checkpoint.Location{Dir: filepath.Join(DefaultCheckpointBase, jobID(opts.JobName))}, nil
	}
	return checkpoint.ParseLocation(loc)
}

// CheckSettings makes the checks Run makes on the job's checkpoint
// settings (the location and its scheme, the S3 options) before anything
// starts, so that explain rejects what run would.
func CheckSettings(g *plan.Graph) error {
	if _, err := checkpointLocation(g, Options{}); err != nil {
		return err
	}
	_, err := s3Config(g)
	return err
}

// s3Config reads Flink's S3 file system options, which a Flink job sets in
// its configuration and Sluice takes from SET: 's3.endpoint' for an
// S3-compatible server and 's3.path.style.access'. Without them the AWS
// SDK's own settings apply (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL).
func s3Config(g *plan.Graph) (checkpoint.S3Config, error) {
	c := checkpoint.S3Config{Endpoint: g.Settings[settingS3Endpoint]}
	if v, ok := g.Settings[settingS3PathStyle]; ok {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return c, fmt.Errorf("SET '%s' = '%s': want true or false", settingS3PathStyle, v)
		}
		c.PathStyle = b
	}
	return c, nil
}

// jobID names a job by its SQL file (as given: its path), not by its
// text nor by what it writes: editing a query, or adding or removing a sink,
// keeps the id and so the checkpoints, and the restore decides what of them
// still fits (it fails the start where state cannot be used). A different
// file gets its own id.
func jobID(jobName string) string {
	sum := sha256.Sum256([]byte(jobName))
	return jobStem(jobName) + "-" + hex.EncodeToString(sum[:6])
}

// legacyJobID is the id before Sluice 0.x's change to jobID: the file name
// and the sink tables, so that adding a sink moved the job to a new, empty
// directory. adoptLegacyCheckpoints moves such a directory to jobID's.
func legacyJobID(g *plan.Graph, jobName string) string {
	sinks := make([]string, 0, len(g.Sinks))
	for _, s := range g.Sinks {
		sinks = append(sinks, s.Table.Name)
	}
	sort.Strings(sinks)
	sinks = compactSorted(sinks)
	sum := sha256.Sum256([]byte(jobName + "\n" + strings.Join(sinks, "\n")))
	return jobStem(jobName) + "-" + hex.EncodeToString(sum[:6])
}

func jobStem(jobName string) string {
	stem := strings.TrimSuffix(filepath.Base(jobName), filepath.Ext(jobName))
	if stem == "" || stem == "." {
		stem = "job"
	}
	return stem
}

// adoptLegacyCheckpoints renames the job's directory under the legacy id
// to the current one when only the legacy one exists, so that upgrading
// Sluice does not start a job with empty state. It reports the move.
func adoptLegacyCheckpoints(g *plan.Graph, jobName string) (from string, err error) {
	dir := filepath.Join(DefaultCheckpointBase, jobID(jobName))
	legacy := filepath.Join(DefaultCheckpointBase, legacyJobID(g, jobName))
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		return "", nil // current directory present (or unreadable: the store says so)
	}
	if _, err := os.Stat(legacy); err != nil {
		return "", nil
	}
	if err := os.Rename(legacy, dir); err != nil {
		return "", fmt.Errorf("moving the checkpoints of %s from %s to %s: %w", jobName, legacy, dir, err)
	}
	return legacy, nil
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
