package checkpoint

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
)

// Snapshot is the content of one checkpoint: an opaque blob per stateful
// part of the job, keyed by its stable id ("join/<digest>",
// "source/<table>/<topic>"), so that a changed job finds the state of the
// parts it still has.
type Snapshot struct {
	Entries map[string][]byte
}

// magic starts every snapshot; the byte after it is the format version.
const (
	magic   = "SLUICECK"
	version = 1
)

// Encode renders the snapshot, ids sorted so that equal snapshots are equal bytes.
func (s *Snapshot) Encode() []byte {
	ids := make([]string, 0, len(s.Entries))
	size := len(magic) + 1 + binary.MaxVarintLen64
	for id, b := range s.Entries {
		ids = append(ids, id)
		size += len(id) + len(b) + 2*binary.MaxVarintLen64
	}
	sort.Strings(ids)
	buf := make([]byte, 0, size)
	buf = append(buf, magic...)
	buf = append(buf, version)
	buf = binary.AppendUvarint(buf, uint64(len(ids)))
	for _, id := range ids {
		buf = binary.AppendUvarint(buf, uint64(len(id)))
		buf = append(buf, id...)
		buf = binary.AppendUvarint(buf, uint64(len(s.Entries[id])))
		buf = append(buf, s.Entries[id]...)
	}
	return buf
}

// DecodeSnapshot parses Encode's output; the entries alias data.
func DecodeSnapshot(data []byte) (*Snapshot, error) {
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, fmt.Errorf("%w: not a Sluice checkpoint (no %q header)", ErrBadEncoding, magic)
	}
	if v := data[len(magic):]; len(v) == 0 || v[0] != version {
		return nil, fmt.Errorf("%w: unsupported checkpoint format version (this build reads version %d)", ErrBadEncoding, version)
	}
	d := NewDecoder(data[len(magic)+1:])
	n, err := d.Uvarint()
	if err != nil {
		return nil, err
	}
	if n > uint64(d.Remaining()) {
		return nil, d.fail(fmt.Sprintf("entry count %d beyond the end", n))
	}
	s := &Snapshot{Entries: make(map[string][]byte, n)}
	for range n {
		id, err := d.Bytes()
		if err != nil {
			return nil, err
		}
		b, err := d.Bytes()
		if err != nil {
			return nil, err
		}
		s.Entries[string(id)] = b
	}
	if d.Remaining() != 0 {
		return nil, d.fail("trailing bytes")
	}
	return s, nil
}
