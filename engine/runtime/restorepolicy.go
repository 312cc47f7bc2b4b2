package runtime

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RestorePolicy says what a start does with state it cannot restore. It is
// an operator's decision for one start (a flag or environment variable of
// `sluice run`), not part of the job: processor.sql stays valid Flink SQL.
// The zero value fails the start in every such case, as Flink refuses a
// savepoint whose state does not fit the job.
type RestorePolicy struct {
	// Unrestorable applies to a join whose state is in no usable form in the
	// checkpoint: its input columns changed, its bytes are damaged, or the
	// join is new in a job that has a checkpoint.
	Unrestorable UnrestorableAction
	// RebuildFrom is where a rebuild re-reads the inputs from: zero for the
	// earliest available record, else the first record at or after it.
	RebuildFrom time.Time
	// LostCheckpoint applies when an exactly-once sink's marker names a
	// checkpoint that is missing or damaged.
	LostCheckpoint LostCheckpointAction
}

// UnrestorableAction is RestorePolicy.Unrestorable.
type UnrestorableAction int

const (
	// UnrestorableFail fails the start, naming each join and the choices.
	UnrestorableFail UnrestorableAction = iota
	// UnrestorableRebuild starts the join empty and re-reads its inputs
	// from RebuildFrom up to the checkpoint's positions, into that join
	// only; the sources go on from the checkpoint for everything else.
	UnrestorableRebuild
	// UnrestorableEmpty starts the join empty and the sources at the
	// checkpoint's positions: rows read before the restart never match.
	UnrestorableEmpty
)

// LostCheckpointAction is RestorePolicy.LostCheckpoint.
type LostCheckpointAction int

const (
	// LostCheckpointFail fails the start.
	LostCheckpointFail LostCheckpointAction = iota
	// LostCheckpointReprocess restores the newest usable older checkpoint
	// (or none: the sources' startup mode), so the sink's committed rows
	// since then are written again.
	LostCheckpointReprocess
)

var unrestorableNames = map[string]UnrestorableAction{
	"fail": UnrestorableFail, "rebuild": UnrestorableRebuild, "empty": UnrestorableEmpty}

var lostCheckpointNames = map[string]LostCheckpointAction{
	"fail": LostCheckpointFail, "reprocess": LostCheckpointReprocess}

// ParseRestorePolicy reads the three settings as given on the command line
// (--unrestorable-state, --rebuild-from, --lost-checkpoint); "" is the
// default of each (fail, earliest, fail).
func ParseRestorePolicy(unrestorable, rebuildFrom, lostCheckpoint string) (RestorePolicy, error) {
	var p RestorePolicy
	if unrestorable != "" {
		a, ok := unrestorableNames[strings.ToLower(unrestorable)]
		if !ok {
			return p, fmt.Errorf("--unrestorable-state (SLUICE_UNRESTORABLE_STATE): %q is not one of fail, rebuild, empty", unrestorable)
		}
		p.Unrestorable = a
	}
	if lostCheckpoint != "" {
		a, ok := lostCheckpointNames[strings.ToLower(lostCheckpoint)]
		if !ok {
			return p, fmt.Errorf("--lost-checkpoint (SLUICE_LOST_CHECKPOINT): %q is not one of fail, reprocess", lostCheckpoint)
		}
		p.LostCheckpoint = a
	}
	from, err := parseRebuildFrom(rebuildFrom)
	if err != nil {
		return p, err
	}
	if !from.IsZero() && p.Unrestorable != UnrestorableRebuild {
		return p, fmt.Errorf("--rebuild-from (SLUICE_REBUILD_FROM) %q: applies only with --unrestorable-state=rebuild", rebuildFrom)
	}
	p.RebuildFrom = from
	return p, nil
}

// parseRebuildFrom reads "earliest" (or ""), an RFC 3339 time, or epoch
// milliseconds (as 'scan.startup.timestamp-millis').
func parseRebuildFrom(v string) (time.Time, error) {
	switch v = strings.TrimSpace(v); {
	case v == "" || strings.EqualFold(v, "earliest"):
		return time.Time{}, nil
	case strings.Trim(v, "0123456789") == "":
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("--rebuild-from (SLUICE_REBUILD_FROM) %q: %w", v, err)
		}
		return time.UnixMilli(ms), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("--rebuild-from (SLUICE_REBUILD_FROM) %q: not 'earliest', an RFC 3339 time (2026-01-02T15:04:05Z) or epoch milliseconds", v)
	}
	return t, nil
}

// rebuildFromText renders RebuildFrom for messages.
func (p RestorePolicy) rebuildFromText() string {
	if p.RebuildFrom.IsZero() {
		return "the earliest available record"
	}
	return "the first record at or after " + p.RebuildFrom.UTC().Format(time.RFC3339)
}
