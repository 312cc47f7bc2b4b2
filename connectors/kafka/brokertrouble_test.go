package kafka

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sluice-sql/sluice/devbroker"
	"github.com/sluice-sql/sluice/engine/types"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestSourceWaitsForBrokerAtStart: a source started while its broker is
// down keeps retrying and reads once the broker is there.
func TestSourceWaitsForBrokerAtStart(t *testing.T) {
	port := freePort(t)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	src := newSource(t, table(t, "transactions", txSchema, map[string]string{"topic": "transactions",
		"properties.bootstrap.servers": addr, "format": "json", "scan.startup.mode": "earliest-offset"}))
	c := runUnbounded(src)
	time.Sleep(2 * time.Second)
	select {
	case err := <-c.done:
		t.Fatalf("the source gave up while the broker was down: %v", err)
	default:
	}
	b := startBroker(t, devbroker.Config{Port: port, Topics: map[string]int32{"transactions": 1}})
	produce(t, b.Addr(), "transactions", record{value: txValue(1, "A", "1", "2023-08-10 12:00:00")})
	c.waitRows(t, 1)
	if err := c.stop(t); err != nil && err != context.Canceled {
		t.Fatalf("stop: %v", err)
	}
}

// TestMissingTopic: a source of a topic that does not exist fails at once,
// naming the topic and the bootstrap servers, as Flink's enumerator does.
func TestMissingTopic(t *testing.T) {
	b := startBroker(t, devbroker.Config{})
	start := time.Now()
	_, err := runBoundedErr(newSource(t, table(t, "transactions", txSchema, map[string]string{"topic": "nope",
		"properties.bootstrap.servers": b.Addr(), "format": "json", "scan.startup.mode": "earliest-offset",
		"scan.bounded.mode": "latest-offset"})))
	if err == nil || !strings.Contains(err.Error(), "topic nope") || !strings.Contains(err.Error(), b.Addr()) {
		t.Fatalf("error %v: want it to name topic nope and %s", err, b.Addr())
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %v to report a missing topic", d)
	}
}

// TestSinkFailsWhenBrokerStaysDown: records the broker never acknowledges
// fail Flush after 'delivery.timeout.ms' with an error naming the brokers,
// so the job fails and its restart from the last checkpoint redoes them.
func TestSinkFailsWhenBrokerStaysDown(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"out": 1}})
	sink := newSink(t, table(t, "out", txSchema, map[string]string{"topic": "out", "properties.bootstrap.servers": b.Addr(),
		"format": "json", "properties.delivery.timeout.ms": "1500"}))
	writeAll(t, sink, []types.Row{txRow(1, "A", "1", "2023-08-10 12:00:00")})
	b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := sink.Write(ctx, []types.Row{txRow(2, "B", "1", "2023-08-10 12:00:00")}); err != nil {
		t.Fatal(err)
	}
	err := sink.Flush(ctx)
	if err == nil || !strings.Contains(err.Error(), "delivering a record to topic out failed") || !strings.Contains(err.Error(), b.Addr()) {
		t.Fatalf("Flush with the broker gone: %v", err)
	}
}
