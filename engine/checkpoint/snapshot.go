package checkpoint

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
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
	r, size := s.Reader()
	buf := bytes.NewBuffer(make([]byte, 0, size))
	_, _ = buf.ReadFrom(r) // reads from memory cannot fail
	return buf.Bytes()
}

// Reader returns Encode's bytes as a reader over the entries themselves,
// and their length: a job's state is written out without first being
// copied into one buffer as large as all of it.
func (s *Snapshot) Reader() (io.Reader, int) {
	ids := make([]string, 0, len(s.Entries))
	for id := range s.Entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var head []byte
	head = append(head, magic...)
	head = append(head, version)
	head = binary.AppendUvarint(head, uint64(len(ids)))
	parts := make([]io.Reader, 0, 2*len(ids)+1)
	size := 0
	for _, id := range ids {
		head = binary.AppendUvarint(head, uint64(len(id)))
		head = append(head, id...)
		head = binary.AppendUvarint(head, uint64(len(s.Entries[id])))
		parts = append(parts, bytes.NewReader(head), bytes.NewReader(s.Entries[id]))
		size += len(head) + len(s.Entries[id])
		head = nil
	}
	parts = append(parts, bytes.NewReader(head))
	return io.MultiReader(parts...), size + len(head)
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
