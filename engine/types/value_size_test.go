package types

import (
	"reflect"
	"testing"
	"unsafe"
)

// Rows are slices of Value: its size multiplies into every batch and every
// decoded row, so a field added carelessly should be noticed.
func TestValueIs32Bytes(t *testing.T) {
	if n := unsafe.Sizeof(Value{}); n > 32 {
		t.Fatalf("types.Value is %d bytes; keep it at 32 (see its comment)", n)
	}
	if n := reflect.TypeFor[Value]().NumField(); n > 4 {
		t.Fatalf("types.Value has %d fields; more than 4 keeps it out of registers (see its comment)", n)
	}
}
