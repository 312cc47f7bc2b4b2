package ops

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/types"
)

// AppendSnapshot appends the join's state to buf: for each side (left,
// then right) the number of keys, then per key its row count and each
// row's arrival time and fields. Rows are grouped by key so that Restore
// sizes each key's slice once and computes the key once; the key itself is
// not stored but recomputed, so the encoding does not depend on the key
// encoder's internals. Expired rows are dropped first.
//
// buf grows once, to the exact size: growing it by append while encoding a
// million rows allocated ~2.5× the snapshot in discarded copies, which set
// the process's peak memory at the end-of-input checkpoint.
func (j *Join) AppendSnapshot(buf []byte) []byte {
	j.ExpireState()
	sides := []*JoinState{j.left, j.right}
	buf = slices.Grow(buf, j.snapshotSize(sides))
	for _, s := range sides {
		buf = binary.AppendUvarint(buf, uint64(len(s.byKey)))
		for _, b := range s.byKey {
			buf = appendBucket(buf, b)
		}
	}
	return buf
}

// JoinSnapshot is a join's state captured at one moment, to be encoded
// later (AppendTo) while the join goes on. It costs a slice header per key
// to take, not a copy of the rows: a bucket's bytes, ends and times are
// append-only (expiry builds new slices), so the captured prefixes never
// change. Encoding a million rows takes ~150-220 ms on the dev machine;
// capturing them takes the time of a walk over the keys, so a checkpoint
// that captures on the job loop and encodes beside it does not stall the
// pipeline for the encode (engine/runtime's checkpointer does not yet).
type JoinSnapshot struct {
	sides [2][]bucket
}

// CaptureSnapshot drops expired rows and captures the rest. The result is
// independent of later Left/Right/ExpireState calls and may be encoded on
// another goroutine while they run.
func (j *Join) CaptureSnapshot() *JoinSnapshot {
	j.ExpireState()
	snap := &JoinSnapshot{}
	for i, s := range []*JoinState{j.left, j.right} {
		bs := make([]bucket, 0, len(s.byKey))
		for _, b := range s.byKey {
			n := b.len()
			bs = append(bs, bucket{sealed: b.sealed[:len(b.sealed):len(b.sealed)], data: b.data[:len(b.data):len(b.data)],
				locs: b.locs[:n:n], at: b.at[:n:n], size: b.size})
		}
		snap.sides[i] = bs
	}
	return snap
}

// AppendTo appends the captured state to buf in AppendSnapshot's encoding.
func (s *JoinSnapshot) AppendTo(buf []byte) []byte {
	var scratch [binary.MaxVarintLen64]byte
	size := 0
	for _, bs := range s.sides {
		size += binary.PutUvarint(scratch[:], uint64(len(bs)))
		for i := range bs {
			size += bucketSnapshotSize(&bs[i], scratch[:])
		}
	}
	buf = slices.Grow(buf, size)
	for _, bs := range s.sides {
		buf = binary.AppendUvarint(buf, uint64(len(bs)))
		for i := range bs {
			buf = appendBucket(buf, &bs[i])
		}
	}
	return buf
}

func bucketSnapshotSize(b *bucket, scratch []byte) int {
	n := binary.PutUvarint(scratch, uint64(b.len())) + b.size
	for _, at := range b.at {
		n += binary.PutVarint(scratch, at)
	}
	return n
}

// appendBucket appends a key's row count, then each row's time and encoding.
func appendBucket(buf []byte, b *bucket) []byte {
	buf = binary.AppendUvarint(buf, uint64(b.len()))
	for i := range b.len() {
		// Stored rows are in checkpoint.AppendRow's encoding already.
		buf = binary.AppendVarint(buf, b.at[i])
		buf = append(buf, b.row(i)...)
	}
	return buf
}

// snapshotSize is the exact length AppendSnapshot adds for sides.
func (j *Join) snapshotSize(sides []*JoinState) int {
	var scratch [binary.MaxVarintLen64]byte
	n := 0
	for _, s := range sides {
		n += binary.PutUvarint(scratch[:], uint64(len(s.byKey)))
		for _, b := range s.byKey {
			n += bucketSnapshotSize(b, scratch[:])
		}
	}
	return n
}

// ExpireState drops the rows older than their side's TTL and returns how
// many were dropped.
func (j *Join) ExpireState() int {
	now := j.now().UnixNano()
	return j.left.ExpireAll(j.cutoff(true, now)) + j.right.ExpireAll(j.cutoff(false, now))
}

// Restore replaces the join's state with a snapshot from AppendSnapshot.
// A row whose width differs from its side's is an error naming both: the
// inputs changed in a way that makes the stored rows meaningless.
func (j *Join) Restore(data []byte) error { return j.RestoreWhere(data, nil, nil) }

// RestoreWhere is Restore keeping only the stored rows of each side for
// which keep returns true (nil keeps all): the state of a join over a
// filtered input is that of the join over the whole input, filtered.
func (j *Join) RestoreWhere(data []byte, keepLeft, keepRight func(fields []types.Value) bool) error {
	d := checkpoint.NewDecoder(data)
	left, right := NewJoinState(), NewJoinState()
	sides := []struct {
		name  string
		state *JoinState
		key   *KeyEncoder
		width int
		keep  func([]types.Value) bool
	}{
		{"left", left, j.leftKey, j.leftWidth, keepLeft},
		{"right", right, j.rightKey, j.width - j.leftWidth, keepRight},
	}
	var key []byte
	var spans [][2]int
	for _, side := range sides {
		keys, err := d.Uvarint()
		if err != nil {
			return fmt.Errorf("join state, %s side: %w", side.name, err)
		}
		for k := uint64(0); k < keys; k++ {
			n, err := d.Uvarint()
			if err != nil {
				return fmt.Errorf("join state, %s side, key %d: %w", side.name, k, err)
			}
			// Each row takes at least two bytes: a bound on garbage counts.
			if n == 0 || n > uint64(d.Remaining()) {
				return fmt.Errorf("join state, %s side, key %d: %w: row count %d", side.name, k, checkpoint.ErrBadEncoding, n)
			}
			b := &bucket{locs: make([]uint64, 0, n), at: make([]int64, 0, n)}
			var first []types.Value
			// Each row is validated by decoding it, then its bytes are
			// copied: they are AppendRow's output (AppendSnapshot copies the
			// buckets), so re-encoding would only produce them again. One
			// exact allocation per bucket instead of growing it row by row.
			spans = spans[:0]
			size := 0
			for i := uint64(0); i < n; i++ {
				at, err := d.Varint()
				if err != nil {
					return fmt.Errorf("join state, %s side, key %d: %w", side.name, k, err)
				}
				from := len(data) - d.Remaining()
				row, err := d.Row()
				if err != nil {
					return fmt.Errorf("join state, %s side, key %d: %w", side.name, k, err)
				}
				if len(row) != side.width {
					return fmt.Errorf("join state, %s side: stored rows have %d columns, the input now has %d",
						side.name, len(row), side.width)
				}
				to := len(data) - d.Remaining()
				if side.keep != nil && !side.keep(row) {
					continue
				}
				if first == nil {
					first = row
				}
				spans = append(spans, [2]int{from, to})
				size += to - from
				b.at = append(b.at, at)
			}
			if len(spans) == 0 {
				continue // every row filtered out
			}
			if size <= math.MaxUint32 {
				// One chunk of exactly the restored rows; rows added later
				// go to new chunks.
				b.data, b.size = make([]byte, 0, size), size
				for _, sp := range spans {
					b.data = append(b.data, data[sp[0]:sp[1]]...)
					b.locs = append(b.locs, uint64(len(b.data)))
				}
			} else { // beyond a chunk offset's 32 bits
				ats := b.at
				b.at = make([]int64, 0, n)
				for i, sp := range spans {
					b.addEncoded(data[sp[0]:sp[1]], ats[i])
				}
			}
			var ok bool
			if key, ok = side.key.Encode(key[:0], first); !ok {
				continue // a NULL key never matches; it would not have been stored
			}
			side.state.addBucket(key, b)
		}
	}
	if d.Remaining() != 0 {
		return fmt.Errorf("join state: %w: %d trailing bytes", checkpoint.ErrBadEncoding, d.Remaining())
	}
	j.left, j.right = left, right
	return nil
}

// Clear forgets the join's state: a join whose state could not be restored
// starts empty.
func (j *Join) Clear() { j.left, j.right = NewJoinState(), NewJoinState() }
