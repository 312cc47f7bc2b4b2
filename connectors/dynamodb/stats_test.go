package dynamodb

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/sluice-sql/sluice/engine/types"
)

// TestSinkStats: retries of throttled and partly unprocessed batches are
// counted with their items, deliveries are counted, and a fatal error makes
// the sink not ready. Against DynamoDB Local, answers made worse by the
// injector middleware.
func TestSinkStats(t *testing.T) {
	_, name := newSeedTable(t)
	in := &injector{unprocessed: 2, throttle: 3}
	s := openSink(t, Factory{ClientOptions: []func(*dynamodb.Options){in.options}}, sinkTable(t, name,
		map[string]string{"sink.batch.max-size": "25"}, nil, nil))
	var rows []types.Row
	for i := range 50 {
		rows = append(rows, tx(t, types.Insert, 7, "c", fmt.Sprintf("T%d", i), "1.00", "2023-08-10 12:00:00"))
	}
	if err := s.Write(ctxT(t), rows); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	st := s.SinkStats()
	if st.Delivered != 50 || st.Retries != 5 || st.Errors != 0 {
		t.Errorf("stats %+v, want 50 delivered, 5 retries (2 unprocessed + 3 throttled), 0 errors", st)
	}
	// Each retry carries what is left of its batch: all of it after a
	// throttling error, the withheld half after unprocessed items.
	if st.RetriedItems < st.Retries || st.RetriedItems > st.Retries*25 {
		t.Errorf("retried items %d for %d retries of batches of at most 25", st.RetriedItems, st.Retries)
	}
	if err := s.Ready(); err != nil {
		t.Errorf("Ready: %v", err)
	}

	gone, deleteTable := deletedAfterStart(t)
	missing := openSink(t, Factory{}, sinkTable(t, gone, nil, nil, nil))
	deleteTable()
	if err := missing.Write(ctxT(t), rows[:1]); err != nil {
		t.Fatal(err)
	}
	if err := missing.Flush(ctxT(t)); err == nil {
		t.Fatal("Flush to a deleted table succeeded")
	}
	if st := missing.SinkStats(); st.Errors != 1 || st.Delivered != 0 {
		t.Errorf("stats after a fatal error %+v", st)
	}
	if err := missing.Ready(); err == nil {
		t.Error("Ready after a fatal error: want not ready")
	}
}
