// Package checkpoint persists the job's state (operator state and source
// positions) so that a restarted job resumes where the last checkpoint left
// off, as Flink's checkpoints do.
package checkpoint

import (
	"context"
	"errors"
	"io"
)

// ErrNoCheckpoint is returned by Store.Latest when there is no usable
// checkpoint, and (wrapped) by Store.Load for an id that is not stored.
var ErrNoCheckpoint = errors.New("no checkpoint")

// Store keeps checkpoints. Save must be atomic: a crash during Save leaves
// either the previous checkpoints or the new one, never a partial file that
// Latest or Load would return.
//
// A store keeps a bounded number of checkpoints, plus the one Pin names:
// with transactional sinks the newest checkpoint is not necessarily the one
// a restart resumes from (its transaction may not have been committed), so
// the newest committed one must survive however many newer ones are saved.
type Store interface {
	// Save durably writes checkpoint id (ids increase) from r, then removes
	// checkpoints beyond the retained count, except the pinned one.
	Save(ctx context.Context, id uint64, r io.Reader) error
	// Latest returns the newest intact checkpoint, or ErrNoCheckpoint.
	Latest(ctx context.Context) (id uint64, data []byte, err error)
	// List returns the ids of the stored checkpoints, newest first
	// (damaged ones included: Load reports them).
	List(ctx context.Context) ([]uint64, error)
	// Load returns checkpoint id; a damaged one is an error wrapping
	// ErrCorrupt, a missing one an error wrapping ErrNoCheckpoint.
	Load(ctx context.Context, id uint64) ([]byte, error)
	// Pin keeps checkpoint id from being pruned (0: nothing pinned). A later
	// Pin replaces the earlier one.
	Pin(id uint64)
}
