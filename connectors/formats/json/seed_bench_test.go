package json

import (
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/txgen"
)

// seedRecords are transaction values exactly as the seed's generator
// writes them (json.dumps style: ", " and ": " separators), which is what
// the operator core and a real deployment decode.
func seedRecords(n int) [][]byte {
	g := txgen.NewTransactions(42)
	out := make([][]byte, n)
	for i := range out {
		out[i] = g.Next().Value()
	}
	return out
}

func BenchmarkDecodeSeedTransaction(b *testing.B) {
	recs := seedRecords(1024)
	dec, err := Factory{}.NewDecoder(transactionSchema, nil)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]types.Value, len(transactionSchema))
	b.SetBytes(int64(len(recs[0])))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if ok, err := dec.Decode(recs[i&1023], dst); !ok || err != nil {
			b.Fatal(ok, err)
		}
		i++
	}
}

// The general path alone, for comparison (records of other shapes).
func BenchmarkDecodeSeedTransactionGeneral(b *testing.B) {
	recs := seedRecords(1024)
	dec, err := Factory{}.NewDecoder(transactionSchema, nil)
	if err != nil {
		b.Fatal(err)
	}
	dec.(*decoder).noFast = true
	dst := make([]types.Value, len(transactionSchema))
	b.SetBytes(int64(len(recs[0])))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if ok, err := dec.Decode(recs[i&1023], dst); !ok || err != nil {
			b.Fatal(ok, err)
		}
		i++
	}
}

func BenchmarkEncodeSeedTransaction(b *testing.B) {
	recs := seedRecords(1024)
	dec, _ := Factory{}.NewDecoder(transactionSchema, nil)
	enc, err := Factory{}.NewEncoder(transactionSchema, nil)
	if err != nil {
		b.Fatal(err)
	}
	rows := make([][]types.Value, len(recs))
	for i, r := range recs {
		rows[i] = make([]types.Value, len(transactionSchema))
		if _, err := dec.Decode(r, rows[i]); err != nil {
			b.Fatal(err)
		}
	}
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		buf, _ = enc.Encode(buf[:0], rows[i&1023])
		i++
	}
	b.SetBytes(int64(len(buf)))
}
