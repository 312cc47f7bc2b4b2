// Package checkpoint persists the job's state (operator state and source
// positions) so that a restarted job resumes where the last checkpoint left
// off, as Flink's checkpoints do.
package checkpoint

import (
	"context"
	"errors"
	"io"
)

// ErrNoCheckpoint is returned by Store.Latest when there is no usable checkpoint.
var ErrNoCheckpoint = errors.New("no checkpoint")

// Store keeps checkpoints. Save must be atomic: a crash during Save leaves
// either the previous checkpoints or the new one, never a partial file that
// Latest would return.
type Store interface {
	// Save durably writes checkpoint id (ids increase) from r.
	Save(ctx context.Context, id uint64, r io.Reader) error
	// Latest returns the newest intact checkpoint, or ErrNoCheckpoint.
	Latest(ctx context.Context) (id uint64, data []byte, err error)
}
