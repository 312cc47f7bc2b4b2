package main

import (
	"flag"

	"github.com/sluice-sql/sluice/engine/job"
	"github.com/sluice-sql/sluice/engine/runtime"
)

// restoreFlags are the per-start decisions about state that cannot be
// restored (runtime.RestorePolicy). They are flags and environment
// variables, never SET options: processor.sql must stay valid Flink SQL,
// and the choice belongs to one start, not to the job.
var restoreFlags = []struct{ name, env, usage string }{
	{"unrestorable-state", "SLUICE_UNRESTORABLE_STATE",
		"a join whose state cannot be restored: fail (default), rebuild (start it empty and re-read its inputs from --rebuild-from into it), or empty"},
	{"rebuild-from", "SLUICE_REBUILD_FROM", "with rebuild: earliest (default), or an RFC 3339 time / epoch milliseconds to re-read from"},
	{"lost-checkpoint", "SLUICE_LOST_CHECKPOINT",
		"an exactly-once sink's committed checkpoint is missing or damaged: fail (default), or reprocess (resume from an older one, duplicating its committed rows)"},
}

// addRestoreFlags defines restoreFlags on fs; restorePolicy reads them back.
func addRestoreFlags(fs *flag.FlagSet) {
	for _, f := range restoreFlags {
		fs.String(f.name, "", f.usage+" ($"+f.env+")")
	}
}

// restorePolicy reads the flags addRestoreFlags defined, each falling back
// to its environment variable.
func restorePolicy(fs *flag.FlagSet, environ []string) (runtime.RestorePolicy, error) {
	var v [3]string
	for i, f := range restoreFlags {
		if v[i] = fs.Lookup(f.name).Value.String(); v[i] == "" {
			v[i] = job.Getenv(environ, f.env)
		}
	}
	p, err := runtime.ParseRestorePolicy(v[0], v[1], v[2])
	if err != nil {
		return p, usageError{err}
	}
	return p, nil
}
