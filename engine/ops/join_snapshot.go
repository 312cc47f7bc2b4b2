package ops

import (
	"encoding/binary"
	"fmt"

	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/types"
)

// AppendSnapshot appends the join's state to buf: for each side (left,
// then right) the number of keys, then per key its row count and each
// row's arrival time and fields. Rows are grouped by key so that Restore
// sizes each key's slice once and computes the key once; the key itself is
// not stored but recomputed, so the encoding does not depend on the key
// encoder's internals. Expired rows are dropped first.
func (j *Join) AppendSnapshot(buf []byte) []byte {
	j.ExpireState()
	for _, s := range []*JoinState{j.left, j.right} {
		buf = binary.AppendUvarint(buf, uint64(len(s.byKey)))
		for _, b := range s.byKey {
			buf = binary.AppendUvarint(buf, uint64(len(b.rows)))
			for i, row := range b.rows {
				buf = binary.AppendVarint(buf, b.at[i])
				buf = checkpoint.AppendRow(buf, row)
			}
		}
	}
	return buf
}

// ExpireState drops the rows older than the TTL on both sides and returns
// how many were dropped.
func (j *Join) ExpireState() int {
	cut := j.cutoff(j.now().UnixNano())
	return j.left.ExpireAll(cut) + j.right.ExpireAll(cut)
}

// Restore replaces the join's state with a snapshot from AppendSnapshot.
// A row whose width differs from its side's is an error naming both: the
// inputs changed in a way that makes the stored rows meaningless.
func (j *Join) Restore(data []byte) error {
	d := checkpoint.NewDecoder(data)
	left, right := NewJoinState(), NewJoinState()
	sides := []struct {
		name  string
		state *JoinState
		key   *KeyEncoder
		width int
	}{
		{"left", left, j.leftKey, j.leftWidth},
		{"right", right, j.rightKey, j.width - j.leftWidth},
	}
	var key []byte
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
			b := &bucket{rows: make([][]types.Value, n), at: make([]int64, n)}
			for i := range b.rows {
				if b.at[i], err = d.Varint(); err != nil {
					return fmt.Errorf("join state, %s side, key %d: %w", side.name, k, err)
				}
				if b.rows[i], err = d.Row(); err != nil {
					return fmt.Errorf("join state, %s side, key %d: %w", side.name, k, err)
				}
				if len(b.rows[i]) != side.width {
					return fmt.Errorf("join state, %s side: stored rows have %d columns, the input now has %d",
						side.name, len(b.rows[i]), side.width)
				}
			}
			var ok bool
			if key, ok = side.key.Encode(key[:0], b.rows[0]); !ok {
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
