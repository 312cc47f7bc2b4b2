package types

import "testing"

func TestValueSlabTake(t *testing.T) {
	for _, c := range []struct {
		name  string
		rows  int
		width []int
	}{
		{"zero slab, one width", 0, []int{7, 7, 7}},
		{"chunk of two rows", 2, []int{3, 3, 3, 3, 3}},
		{"widths change", 2, []int{3, 5, 1, 9, 2}},
		{"zero width", 1, []int{0, 4, 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := ValueSlab{Rows: c.rows}
			var got [][]Value
			for i, w := range c.width {
				v := s.Take(w)
				if len(v) != w || cap(v) != w {
					t.Fatalf("Take(%d) #%d: len %d cap %d", w, i, len(v), cap(v))
				}
				for j := range v {
					if !v[j].IsNull() {
						t.Fatalf("Take(%d) #%d: value %d not NULL", w, i, j)
					}
					v[j] = IntValue(KindBigInt, int64(i*100+j))
				}
				got = append(got, v)
			}
			// No slice shares memory with another: every value is still the one written.
			for i, v := range got {
				for j := range v {
					if v[j].Int() != int64(i*100+j) {
						t.Fatalf("row %d value %d = %v: overwritten by a later Take", i, j, v[j])
					}
				}
			}
		})
	}
}
