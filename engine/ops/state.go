package ops

import (
	"encoding/binary"
	"math"
	"math/big"
	"unsafe"

	"github.com/sluice-sql/sluice/engine/checkpoint"
	"github.com/sluice-sql/sluice/engine/types"
)

// JoinState is one side of a regular join: rows by join key, in arrival
// order, with the time each was added (for state TTL).
//
// Rows are not kept as []types.Value: a million stored transactions would
// be seven million 32-byte values full of pointers for the garbage
// collector to scan on every cycle. Each key's rows are instead encoded one
// after the other into a byte slice (checkpoint.AppendRow's encoding, so a
// snapshot copies them as they are) and decoded again only when a row of
// the other side matches the key. That is ~100 bytes per seed transaction
// instead of ~440, and no pointers at all.
type JoinState struct {
	byKey map[string]*bucket
	rows  int
}

// bucket holds the rows of one key, encoded, in chunks. Bytes once written
// are never modified, so strings decoded from them may alias them (see
// decodeStored); removing rows copies the rest to new chunks.
//
// A key's first chunk grows by doubling up to chunkSize; after that, full
// chunks are sealed and a new one is started. So a key with millions of
// rows is never copied as a whole to grow (with one doubling slice, the
// copies and the zeroing of the new halves were a tenth of the join's time)
// and wastes at most a chunk's tail, while a key with a few rows costs a
// few hundred bytes.
type bucket struct {
	sealed [][]byte // full chunks, in order; only ever appended to
	data   []byte   // the chunk rows are being added to
	// locs[i] is where row i ends: its chunk's index (len(sealed) for data)
	// in the high 32 bits, the offset in the chunk in the low 32. A row
	// starts where the previous one ends when both are in the same chunk,
	// else at 0.
	locs []uint64
	at   []int64 // when row i was added, UnixNano
	size int     // the bytes of all rows
}

// minFree is the room a bucket's data keeps for the next row before it
// grows or a new chunk is started.
const minFree = 256

// chunkSize is the size of a bucket's chunks once its first has grown to it.
const chunkSize = 32 << 10

func (b *bucket) len() int { return len(b.locs) }

// row returns the encoding of row i.
func (b *bucket) row(i int) []byte {
	c, end := b.locs[i]>>32, uint32(b.locs[i])
	start := uint32(0)
	if i > 0 && b.locs[i-1]>>32 == c {
		start = uint32(b.locs[i-1])
	}
	if int(c) < len(b.sealed) {
		return b.sealed[c][start:end]
	}
	return b.data[start:end]
}

// room makes sure data has at least minFree bytes free.
func (b *bucket) room() {
	if cap(b.data)-len(b.data) >= minFree {
		return
	}
	if cap(b.data) < chunkSize {
		// Doubling: append's own growth for large slices is 1.25×.
		grown := make([]byte, len(b.data), min(max(2*cap(b.data), 2*minFree), chunkSize))
		copy(grown, b.data)
		b.data = grown
		return
	}
	b.sealed = append(b.sealed, b.data)
	b.data = make([]byte, 0, chunkSize)
}

// added records the row that now ends data.
func (b *bucket) added(before int, at int64) {
	b.locs = append(b.locs, uint64(len(b.sealed))<<32|uint64(len(b.data)))
	b.at = append(b.at, at)
	b.size += len(b.data) - before
}

// NewJoinState returns an empty state.
func NewJoinState() *JoinState { return &JoinState{byKey: map[string]*bucket{}} }

// Add stores a row under key; fields are copied, the caller may reuse them.
func (s *JoinState) Add(key []byte, fields []types.Value, now int64) {
	b := s.byKey[string(key)]
	if b == nil {
		b = &bucket{}
		s.byKey[string(key)] = b
	}
	b.add(fields, now)
	s.rows++
}

func (b *bucket) add(fields []types.Value, now int64) {
	b.room()
	before := len(b.data)
	// A row longer than the free room makes append copy data, which is
	// fine: offsets are within the chunk, and nothing holds the old copy's
	// unwritten tail.
	b.data = checkpoint.AppendRow(b.data, fields)
	b.added(before, now)
}

// addEncoded stores a row already in checkpoint.AppendRow's encoding.
func (b *bucket) addEncoded(row []byte, at int64) {
	b.room()
	before := len(b.data)
	b.data = append(b.data, row...)
	b.added(before, at)
}

func (s *JoinState) addBucket(key []byte, b *bucket) {
	if old := s.byKey[string(key)]; old != nil {
		for i := range b.len() {
			old.addEncoded(b.row(i), b.at[i])
		}
	} else {
		s.byKey[string(key)] = b
	}
	s.rows += b.len()
}

// Get returns the rows stored under key, after dropping those added before
// cutoff (UnixNano; 0 keeps everything); nil when there are none. The
// bucket is valid until the next call that changes the state.
func (s *JoinState) Get(key []byte, cutoff int64) *bucket {
	b := s.byKey[string(key)]
	if b == nil {
		return nil
	}
	if cutoff > 0 && s.expire(string(key), b, cutoff) {
		return nil
	}
	return b
}

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
	// New chunks: decoded strings may alias the old ones.
	var kept bucket
	for i := n; i < b.len(); i++ {
		kept.addEncoded(b.row(i), b.at[i])
	}
	*b = kept
	return false
}

// ExpireAll drops every row added before cutoff and returns how many.
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

// decodeStored decodes a row encoded by checkpoint.AppendRow into dst
// (len(dst) ≥ the row's width) and returns the width. Strings alias row:
// the bucket's data is never modified, and the garbage collector keeps it
// alive while any of them is referenced. Rows come only from AppendRow (Add,
// or Restore after checkpoint.Decoder validated them); a malformed one
// decodes as NULLs rather than panicking.
func decodeStored(row []byte, dst []types.Value) int {
	n, k := binary.Uvarint(row)
	if k <= 0 || n > uint64(len(dst)) {
		clear(dst)
		return 0
	}
	off := k
	for i := range int(n) {
		v, next, ok := decodeValue(row, off)
		if !ok {
			clear(dst[i:n])
			return int(n)
		}
		dst[i], off = v, next
	}
	return int(n)
}

func decodeValue(b []byte, off int) (types.Value, int, bool) {
	if off >= len(b) {
		return types.Null, off, false
	}
	kind := types.Kind(b[off])
	off++
	varint := func() (int64, bool) {
		v, k := binary.Varint(b[off:])
		if k <= 0 {
			return 0, false
		}
		off += k
		return v, true
	}
	uvarint := func() (uint64, bool) {
		v, k := binary.Uvarint(b[off:])
		if k <= 0 {
			return 0, false
		}
		off += k
		return v, true
	}
	str := func() (string, bool) {
		l, ok := uvarint()
		if !ok || l > uint64(len(b)-off) {
			return "", false
		}
		s := ""
		if l > 0 {
			s = unsafe.String(&b[off], int(l))
		}
		off += int(l)
		return s, true
	}
	switch kind {
	case types.KindNull:
		return types.Null, off, true
	case types.KindBoolean:
		if off >= len(b) {
			return types.Null, off, false
		}
		off++
		return types.BoolValue(b[off-1] == 1), off, true
	case types.KindTinyInt, types.KindSmallInt, types.KindInt, types.KindBigInt:
		v, ok := varint()
		return types.IntValue(kind, v), off, ok
	case types.KindDate:
		v, ok := varint()
		return types.DateValue(int32(v)), off, ok
	case types.KindFloat, types.KindDouble:
		if len(b)-off < 8 {
			return types.Null, off, false
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(b[off:]))
		return types.FloatValue(kind, f), off + 8, true
	case types.KindDecimal:
		scale, ok := varint()
		if !ok || off >= len(b) {
			return types.Null, off, false
		}
		form := b[off]
		off++
		if form == 0 {
			u, ok := varint()
			return types.DecimalValue(types.NewDecimal(u, int(scale))), off, ok
		}
		if off >= len(b) {
			return types.Null, off, false
		}
		neg := b[off] == 1
		off++
		mag, ok := str()
		if !ok {
			return types.Null, off, false
		}
		u := new(big.Int).SetBytes([]byte(mag))
		if neg {
			u.Neg(u)
		}
		return types.DecimalValue(types.NewDecimalBig(u, int(scale))), off, true
	case types.KindChar, types.KindVarchar:
		s, ok := str()
		return types.StringValue(s), off, ok
	case types.KindBytes:
		s, ok := str()
		return types.BytesValue([]byte(s)), off, ok
	case types.KindTimestamp, types.KindTimestampLTZ:
		sec, ok1 := varint()
		nano, ok2 := uvarint()
		ts := types.Timestamp{Sec: sec, Nano: int32(nano)}
		if kind == types.KindTimestampLTZ {
			return types.TimestampLTZValue(ts), off, ok1 && ok2
		}
		return types.TimestampValue(ts), off, ok1 && ok2
	}
	return types.Null, off, false
}
