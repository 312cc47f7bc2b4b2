package ops

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

// stateRow is row i of a bucket test: its string's length varies from
// empty to longer than a chunk, so rows end at every kind of boundary.
func stateRow(i int) []types.Value {
	n := (i * 37) % 700
	if i%997 == 5 {
		n = chunkSize + 123 // one row bigger than a whole chunk
	}
	return []types.Value{types.BigIntValue(int64(i)), types.StringValue(strings.Repeat(string(rune('a'+i%26)), n))}
}

func checkBucket(t *testing.T, b *bucket, from, to int) {
	t.Helper()
	if b.len() != to-from {
		t.Fatalf("bucket has %d rows, want %d", b.len(), to-from)
	}
	size := 0
	got := make([]types.Value, 2)
	for i := range b.len() {
		size += len(b.row(i))
		if n := decodeStored(b.row(i), got); n != 2 || !reflect.DeepEqual(got, stateRow(from+i)) {
			t.Fatalf("row %d (added as %d) reads back as %v", i, from+i, got[0])
		}
		if b.at[i] != int64(from+i) {
			t.Fatalf("row %d: added at %d, want %d", i, b.at[i], from+i)
		}
	}
	if size != b.size {
		t.Fatalf("bucket size %d, rows add up to %d", b.size, size)
	}
}

// TestBucketChunks checks that rows read back unchanged whatever chunk they
// landed in, after expiry and across a captured snapshot.
func TestBucketChunks(t *testing.T) {
	for _, n := range []int{1, 2, 50, 3000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := NewJoinState()
			key := []byte("k")
			for i := range n {
				s.Add(key, stateRow(i), int64(i))
			}
			b := s.byKey["k"]
			checkBucket(t, b, 0, n)
			if n == 3000 && len(b.sealed) < 10 {
				t.Fatalf("%d rows of up to 700 bytes filled only %d sealed chunks", n, len(b.sealed))
			}
			for _, c := range b.sealed {
				if len(c) > chunkSize && cap(c) == chunkSize {
					t.Fatalf("a sealed chunk holds %d bytes in %d", len(c), cap(c))
				}
			}

			// A captured snapshot encodes the same before and after more rows arrive.
			j := NewJoin(nil, nil, nil, 2, 0)
			j.left = s
			snap := j.CaptureSnapshot()
			before := snap.AppendTo(nil)
			for i := n; i < 2*n; i++ {
				s.Add(key, stateRow(i), int64(i))
			}
			if after := snap.AppendTo(nil); !bytes.Equal(before, after) {
				t.Fatal("the captured snapshot changed when rows were added after it")
			}
			checkBucket(t, s.byKey["k"], 0, 2*n)

			// Expiring the first rows keeps the rest, in order.
			cut := n/2 + 1
			if s.Get(key, int64(cut)) == nil {
				t.Fatal("every row expired")
			}
			checkBucket(t, s.byKey["k"], cut, 2*n)
			if s.Rows() != 2*n-cut {
				t.Fatalf("state counts %d rows, want %d", s.Rows(), 2*n-cut)
			}
		})
	}
}
