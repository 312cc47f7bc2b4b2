package types

// ValueSlab hands out rows' field slices carved from larger allocations:
// one allocation for many rows instead of one each, which is most of the
// per-row allocation cost of a source or an operator emitting new rows.
//
// A slice stays valid for as long as anyone holds it (it keeps its chunk
// alive, chunks are never reused). The zero ValueSlab allocates chunks of
// DefaultSlabRows rows. It is not safe for concurrent use.
type ValueSlab struct {
	free []Value
	// Rows is how many rows of the requested width one chunk holds; 0 means
	// DefaultSlabRows. Small enough that a few retained rows (a sink's
	// buffer, the dashboard's recent rows) pin little memory.
	Rows int
}

// DefaultSlabRows is the chunk size, in rows, of a zero ValueSlab.
const DefaultSlabRows = 128

// Take returns n zeroed (NULL) values. Its capacity is n: appending to it
// never writes into the next row's values.
func (s *ValueSlab) Take(n int) []Value {
	if len(s.free) < n {
		rows := s.Rows
		if rows <= 0 {
			rows = DefaultSlabRows
		}
		s.free = make([]Value, n*rows)
	}
	v := s.free[:n:n]
	s.free = s.free[n:]
	return v
}
