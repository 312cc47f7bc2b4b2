//go:build integration

package integration

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap/zaptest"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/connectors/formats/json"
	sluicekafka "github.com/sluice-sql/sluice/connectors/kafka"
	"github.com/sluice-sql/sluice/engine/types"
)

// txnSink opens Sluice's exactly-once Kafka sink on the real broker.
func txnSink(t *testing.T, addr, topic, prefix string) connectors.TwoPhaseCommitter {
	t.Helper()
	tbl := connectors.Table{Name: "out", Schema: types.Schema{{Name: "id", Type: types.String}},
		Options: map[string]string{"connector": "kafka", "topic": topic, "properties.bootstrap.servers": addr,
			"properties.broker.address.family": "v4", "format": "json",
			"sink.delivery-guarantee": "exactly-once", "sink.transactional-id-prefix": prefix},
		Formats: formats.NewRegistry(json.Factory{}), Logger: zaptest.NewLogger(t)}
	s, err := sluicekafka.Factory{}.NewSink(tbl)
	if err != nil {
		t.Fatalf("NewSink: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = s.Close(ctx)
	})
	return s.(connectors.TwoPhaseCommitter)
}

func writeFlush(ctx context.Context, t *testing.T, s connectors.Sink, ids ...string) {
	t.Helper()
	var rows []types.Row
	for _, id := range ids {
		rows = append(rows, types.Row{Kind: types.Insert, Fields: []types.Value{types.StringValue(id)}})
	}
	if err := s.Write(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestExactlyOnceSinkCrashWindow runs the exactly-once sink's protocol on
// Apache Kafka: the checkpoint marker (a transactional offset commit for a
// group no consumer joins) is created, committed and read back; a crash
// between saving checkpoint 2 and committing it leaves the zombie's rows
// invisible once the restarted sink fences it; the redone rows and the
// marker for checkpoint 2 commit together.
func TestExactlyOnceSinkCrashWindow(t *testing.T) {
	addr := bootstrap(t)
	ctx := testContext(t)
	admin := newAdmin(t, addr)
	topic := createTopic(ctx, t, admin, 2)
	prefix := uniqueName(t, "txn")

	first := txnSink(t, addr, topic, prefix)
	if id, ok, err := first.LastCommitted(ctx); err != nil || ok {
		t.Fatalf("LastCommitted on a new prefix = %d %v %v, want none", id, ok, err)
	}
	writeFlush(ctx, t, first, "a1", "a2", "a3")
	if err := first.Commit(ctx, 1); err != nil {
		t.Fatalf("Commit(1): %v", err)
	}
	writeFlush(ctx, t, first, "b1", "b2") // checkpoint 2 saved; the process dies

	second := txnSink(t, addr, topic, prefix)
	id, ok, err := second.LastCommitted(ctx)
	if err != nil || !ok || id != 1 {
		t.Fatalf("LastCommitted after the crash = %d %v %v, want 1", id, ok, err)
	}
	writeFlush(ctx, t, second, "b1", "b2")
	if err := second.Commit(ctx, 2); err != nil {
		t.Fatalf("Commit(2): %v", err)
	}
	if id, ok, err := second.LastCommitted(ctx); err != nil || !ok || id != 2 {
		t.Fatalf("LastCommitted after Commit(2) = %d %v %v, want 2", id, ok, err)
	}

	c := newConsumer(t, addr, uniqueName(t, "reader"), kafka.ConfigMap{"isolation.level": "read_committed"})
	assignAll(t, c, topic, 2)
	recs, err := readN(ctx, c, 5, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, string(r.Value))
	}
	sort.Strings(got)
	want := []string{`{"id":"a1"}`, `{"id":"a2"}`, `{"id":"a3"}`, `{"id":"b1"}`, `{"id":"b2"}`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("read_committed sees %v, want %v", got, want)
	}
	// The zombie is fenced and says so.
	if err := first.Commit(ctx, 2); err == nil || !strings.Contains(err.Error(), "another producer with this transactional.id started") {
		t.Fatalf("zombie Commit: %v", err)
	}
}
