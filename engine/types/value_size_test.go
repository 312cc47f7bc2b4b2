package types

import (
	"testing"
	"unsafe"
)

// Rows are slices of Value: its size multiplies into every batch and every
// decoded row, so a field added carelessly should be noticed.
func TestValueIs40Bytes(t *testing.T) {
	if n := unsafe.Sizeof(Value{}); n > 40 {
		t.Fatalf("types.Value is %d bytes; keep it at 40 (order fields largest first)", n)
	}
}
