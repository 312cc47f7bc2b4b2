package checkpoint

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// DirStore is a Store in a local directory: one file per checkpoint,
// chk-<id>.sluice, ending with a CRC-32C of its content so that a torn or
// damaged file is recognised and skipped.
type DirStore struct {
	dir string
	// onSkip is told about every checkpoint file Latest ignores and why.
	onSkip func(error)
	// retention keeps the newest checkpoints (Flink's
	// state.checkpoints.num-retained, 3 here) and the pinned one.
	retention
}

// DefaultRetained is the number of checkpoints a DirStore keeps.
const DefaultRetained = 3

const tmpSuffix = ".tmp"

// NewDirStore returns a store in dir (created if needed) keeping the last
// keep checkpoints (DefaultRetained if keep <= 0). onSkip, if not nil, is
// called for each unreadable checkpoint file Latest passes over.
func NewDirStore(dir string, keep int, onSkip func(error)) (*DirStore, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("checkpoint directory %s: %w", dir, err)
	}
	return &DirStore{dir: dir, onSkip: onSkip, retention: newRetention(keep)}, nil
}

// Dir returns the directory.
func (s *DirStore) Dir() string { return s.dir }

func (s *DirStore) path(id uint64) string {
	return filepath.Join(s.dir, fileName(id))
}

// Save writes a temporary file, fsyncs it, renames it into place and fsyncs
// the directory, so the checkpoint is durable once Save returns; then it
// removes checkpoints beyond the retained number.
func (s *DirStore) Save(ctx context.Context, id uint64, r io.Reader) error {
	final := s.path(id)
	tmp, err := os.CreateTemp(s.dir, filepath.Base(final)+"-*"+tmpSuffix)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", final, err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // no-op after the rename
	h := crc32.New(crcTable)
	if _, err := io.Copy(io.MultiWriter(tmp, h), readerWithContext{ctx, r}); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("checkpoint %s: write: %w", final, err)
	}
	if _, err := tmp.Write(binary.BigEndian.AppendUint32(nil, h.Sum32())); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("checkpoint %s: write: %w", final, err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("checkpoint %s: fsync: %w", final, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("checkpoint %s: close: %w", final, err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("checkpoint %s: rename: %w", final, err)
	}
	if d, err := os.Open(s.dir); err == nil {
		_ = d.Sync() // makes the rename durable; not supported everywhere
		_ = d.Close()
	}
	return s.prune()
}

// ids returns the checkpoint ids in the directory, newest first.
func (s *DirStore) ids() ([]uint64, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("checkpoint directory %s: %w", s.dir, err)
	}
	var ids []uint64
	for _, e := range entries {
		if id, ok := parseCheckpointName(e.Name()); ok {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] > ids[j] })
	return ids, nil
}

func (s *DirStore) prune() error {
	ids, err := s.ids()
	if err != nil {
		return err
	}
	for _, id := range s.prunable(ids) {
		if err := os.Remove(s.path(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("checkpoint %s: prune: %w", s.path(id), err)
		}
	}
	return nil
}

// Latest returns the newest checkpoint whose checksum is intact; damaged
// files are reported to onSkip and passed over.
func (s *DirStore) Latest(ctx context.Context) (uint64, []byte, error) {
	ids, err := s.ids()
	if err != nil {
		return 0, nil, err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return 0, nil, err
		}
		data, err := s.read(id)
		if err != nil {
			if s.onSkip != nil {
				s.onSkip(err)
			}
			continue
		}
		return id, data, nil
	}
	return 0, nil, ErrNoCheckpoint
}

// List implements Store.
func (s *DirStore) List(ctx context.Context) ([]uint64, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.ids()
}

// Load implements Store.
func (s *DirStore) Load(ctx context.Context, id uint64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.read(id)
}

// ErrCorrupt marks a checkpoint file that fails its checksum.
var ErrCorrupt = errors.New("corrupt checkpoint")

func (s *DirStore) read(id uint64) ([]byte, error) {
	p := s.path(id)
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("checkpoint %s: %w: %w", p, ErrNoCheckpoint, err)
	}
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", p, err)
	}
	body, err := verifyChecksum(data)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", p, err)
	}
	return body, nil
}

// readerWithContext stops a long copy when ctx is cancelled.
type readerWithContext struct {
	ctx context.Context
	r   io.Reader
}

func (r readerWithContext) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
