package dynamodb

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/sluice-sql/sluice/engine/types"
)

// TestSinkMergesRowsOfOneItemKey is issue 13 item 4: the seed join emits a
// transaction once per flag of its account, so an account flagged twice
// puts two rows of one item key (transaction_id, transaction_date) into a
// batch, which DynamoDB rejects as a whole ("Provided list of item keys
// contains duplicates"). The sink reads the key schema at start and merges
// them, the last write winning, whatever the SQL declares.
func TestSinkMergesRowsOfOneItemKey(t *testing.T) {
	pk := []string{"transaction_id", "transaction_date"}
	tests := []struct {
		name     string
		pk, part []string
	}{
		{name: "no PRIMARY KEY, no PARTITIONED BY"},
		{name: "PRIMARY KEY of the item key", pk: pk},
		{name: "PRIMARY KEY other than the item key", pk: []string{"transaction_id"}},
		{name: "PARTITIONED BY wider than the item key", part: []string{"transaction_id", "transaction_date", "customer_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, name := newSeedTable(t)
			rec := &injector{}
			s := openSink(t, Factory{ClientOptions: []func(*dynamodb.Options){rec.options}}, sinkTable(t, name, nil, tt.pk, tt.part))
			// Account 7 is flagged twice: each of its transactions comes
			// twice. T2 of account 8 is written again with another customer
			// and amount (the last write must win); T3 shares T1's id with another date.
			rows := []types.Row{
				tx(t, types.Insert, 7, "c7", "T1", "1.00", "2023-08-10 12:00:00"),
				tx(t, types.Insert, 8, "c8", "T2", "2.00", "2023-08-10 12:00:01"),
				tx(t, types.Insert, 7, "c7", "T1", "1.00", "2023-08-10 12:00:00"),
				tx(t, types.Insert, 7, "c7", "T1", "3.00", "2023-08-10 12:00:02"),
				tx(t, types.Insert, 8, "c8b", "T2", "2.50", "2023-08-10 12:00:01"),
			}
			for i := range 20 {
				rows = append(rows, tx(t, types.Insert, 9, "c9", fmt.Sprintf("U%d", i), "1.00", "2023-08-10 12:00:00"))
			}
			if err := s.Write(ctxT(t), rows); err != nil {
				t.Fatal(err)
			}
			if err := s.Flush(ctxT(t)); err != nil {
				t.Fatalf("Flush with two rows of one item key in a batch: %v", err)
			}
			want := append([]types.Row{rows[2], rows[3], rows[4]}, rows[5:]...)
			sameTexts(t, scanTexts(t, client, name), expectTexts(t, want, false))
			if got := rec.calls.Load(); got != 1 {
				t.Errorf("%d BatchWriteItem calls for one batch of 25 rows", got)
			}
			// Nothing disappears unseen: 23 items written, 2 rows merged.
			if st := s.SinkStats(); st.Delivered != 23 || st.Merged != 2 || st.Errors != 0 {
				t.Errorf("stats %+v, want 23 delivered and 2 merged", st)
			}
		})
	}
}
