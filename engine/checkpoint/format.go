package checkpoint

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"sync"
)

// The stores share one format: a checkpoint is named chk-<id, 20 digits>.sluice
// and its bytes end with a CRC-32C of what precedes it.
const (
	filePrefix = "chk-"
	fileSuffix = ".sluice"
	crcLen     = 4
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

func crc32Checksum(b []byte) uint32 { return crc32.Checksum(b, crcTable) }

// fileName names checkpoint id in a directory or under a prefix.
func fileName(id uint64) string { return fmt.Sprintf("%s%020d%s", filePrefix, id, fileSuffix) }

// parseCheckpointName returns the id a checkpoint's file or object name
// (without directory or prefix) carries; other names, such as a temporary
// file's, are not checkpoints.
func parseCheckpointName(name string) (uint64, bool) {
	if !strings.HasPrefix(name, filePrefix) || !strings.HasSuffix(name, fileSuffix) {
		return 0, false
	}
	id, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(name, filePrefix), fileSuffix), 10, 64)
	return id, err == nil
}

// retention decides what a store prunes: every checkpoint but the newest
// keep and the pinned one (Store.Pin). Stores embed it for their Pin.
type retention struct {
	keep int

	mu     sync.Mutex
	pinned uint64
}

func newRetention(keep int) retention {
	if keep <= 0 {
		keep = DefaultRetained
	}
	return retention{keep: keep}
}

// Pin implements Store.
func (r *retention) Pin(id uint64) {
	r.mu.Lock()
	r.pinned = id
	r.mu.Unlock()
}

// prunable returns the checkpoints of ids (newest first) to delete.
func (r *retention) prunable(ids []uint64) []uint64 {
	r.mu.Lock()
	pinned := r.pinned
	r.mu.Unlock()
	var out []uint64
	for _, id := range ids[min(len(ids), r.keep):] {
		if id != pinned {
			out = append(out, id)
		}
	}
	return out
}

// appendChecksum appends the CRC-32C of body to dst.
func appendChecksum(dst, body []byte) []byte {
	return binary.BigEndian.AppendUint32(dst, crc32Checksum(body))
}

// verifyChecksum returns a checkpoint's content without its checksum, or an
// error wrapping ErrCorrupt.
func verifyChecksum(data []byte) ([]byte, error) {
	if len(data) < crcLen {
		return nil, fmt.Errorf("%w: %d bytes, shorter than its checksum", ErrCorrupt, len(data))
	}
	body, sum := data[:len(data)-crcLen], binary.BigEndian.Uint32(data[len(data)-crcLen:])
	if got := crc32Checksum(body); got != sum {
		return nil, fmt.Errorf("%w: checksum %08x, expected %08x", ErrCorrupt, got, sum)
	}
	return body, nil
}
