package ops

import "github.com/sluice-sql/sluice/engine/types"

// JoinState is one side's stored rows, by key, with their arrival times so
// that a state TTL can expire them.
type JoinState struct {
	byKey map[string]*bucket
	rows  int
}

// bucket holds the rows of one key in arrival order; at[i] is the arrival
// time (Unix ns) of rows[i], so expired rows are always a prefix.
type bucket struct {
	rows [][]types.Value
	at   []int64
}

// NewJoinState returns an empty state.
func NewJoinState() *JoinState { return &JoinState{byKey: map[string]*bucket{}} }

// Add stores a row under key, arrived at now (Unix ns). The row's fields
// are kept, not copied: rows handed to operators are never modified afterwards.
func (s *JoinState) Add(key []byte, fields []types.Value, now int64) {
	b := s.byKey[string(key)]
	if b == nil {
		b = &bucket{}
		s.byKey[string(key)] = b
	}
	b.rows = append(b.rows, fields)
	b.at = append(b.at, now)
	s.rows++
}

// addBucket stores the rows of a key at once (restores). Rows of a key
// stored under another key already are appended after it.
func (s *JoinState) addBucket(key []byte, b *bucket) {
	if old := s.byKey[string(key)]; old != nil {
		old.rows = append(old.rows, b.rows...)
		old.at = append(old.at, b.at...)
	} else {
		s.byKey[string(key)] = b
	}
	s.rows += len(b.rows)
}

// Get returns the rows stored under key, in arrival order, first dropping
// those that arrived before cutoff (Unix ns; 0 = no expiry): TTL is
// enforced lazily, on access, as in Flink.
func (s *JoinState) Get(key []byte, cutoff int64) [][]types.Value {
	b := s.byKey[string(key)]
	if b == nil {
		return nil
	}
	if cutoff > 0 && s.expire(string(key), b, cutoff) {
		return nil
	}
	return b.rows
}

// expire drops the rows of b older than cutoff and reports whether the key
// is now gone.
func (s *JoinState) expire(key string, b *bucket, cutoff int64) bool {
	n := 0
	for n < len(b.at) && b.at[n] < cutoff {
		n++
	}
	if n == 0 {
		return false
	}
	s.rows -= n
	if n == len(b.at) {
		delete(s.byKey, key)
		return true
	}
	// Copy down rather than reslice so the expired rows can be collected.
	b.rows = append(b.rows[:0:0], b.rows[n:]...)
	b.at = append(b.at[:0:0], b.at[n:]...)
	return false
}

// ExpireAll drops every row that arrived before cutoff (Unix ns; 0 = none)
// and returns how many were dropped. Checkpoints call it so that keys never
// looked up again do not keep their rows forever.
func (s *JoinState) ExpireAll(cutoff int64) int {
	if cutoff <= 0 {
		return 0
	}
	before := s.rows
	for k, b := range s.byKey {
		s.expire(k, b, cutoff)
	}
	return before - s.rows
}

// Rows returns the number of stored rows.
func (s *JoinState) Rows() int { return s.rows }
