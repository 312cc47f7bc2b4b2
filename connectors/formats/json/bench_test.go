package json

import (
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

// The transaction record of the fraud-detection job (processor.sql).
var transactionSchema = types.Schema{
	{Name: "account_id", Type: types.BigInt},
	{Name: "customer_id", Type: types.Varchar(15)},
	{Name: "merchant_type", Type: types.Varchar(8)},
	{Name: "transaction_id", Type: types.Varchar(16)},
	{Name: "transaction_type", Type: types.Varchar(20)},
	{Name: "transaction_amount", Type: types.DecimalType(10, 2)},
	{Name: "transaction_date", Type: types.TimestampType(3)},
}

var transactionJSON = []byte(`{"account_id":1001,"customer_id":"C1001","merchant_type":"online",` +
	`"transaction_id":"T0000000001","transaction_type":"purchase","transaction_amount":125.5,` +
	`"transaction_date":"2023-08-10 12:34:56.789"}`)

func BenchmarkDecodeTransaction(b *testing.B) {
	dec, err := Factory{}.NewDecoder(transactionSchema, nil)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]types.Value, len(transactionSchema))
	b.SetBytes(int64(len(transactionJSON)))
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := dec.Decode(transactionJSON, dst); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkEncodeTransaction(b *testing.B) {
	dec, _ := Factory{}.NewDecoder(transactionSchema, nil)
	enc, err := Factory{}.NewEncoder(transactionSchema, nil)
	if err != nil {
		b.Fatal(err)
	}
	row := make([]types.Value, len(transactionSchema))
	if _, err := dec.Decode(transactionJSON, row); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = enc.Encode(buf[:0], row)
	}
	b.SetBytes(int64(len(buf)))
}
