package kafka

import (
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// A broker that is down reports the same error many times a second: one
// line per kind and interval, with the count of those held back.
func TestErrorLogRateLimits(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	l := newErrorLog(zap.New(core))
	l.every = 50 * time.Millisecond
	down := kafka.NewError(kafka.ErrAllBrokersDown, "1/1 brokers are down", false)
	other := kafka.NewError(kafka.ErrTransport, "connection refused", false)
	for range 100 {
		l.warn("kafka producer error (retrying)", down)
	}
	l.warn("kafka producer error (retrying)", other)
	if n := logs.Len(); n != 2 {
		t.Fatalf("%d lines for 100 identical errors and 1 other, want 2: %v", n, logs.All())
	}
	time.Sleep(60 * time.Millisecond)
	l.warn("kafka producer error (retrying)", down)
	last := logs.All()[2]
	if got := last.ContextMap()["similar_errors_not_logged"]; got != int64(99) {
		t.Fatalf("held-back count %v, want 99 (%v)", got, last.ContextMap())
	}
}

// TestAllBrokersDownMessage: librdkafka's "0/1 brokers are down" (its
// counts race) becomes a message that says all are down and names them.
func TestAllBrokersDownMessage(t *testing.T) {
	tests := []struct {
		servers string
		err     error
		want    string
	}{
		{"127.0.0.1:1", kafka.NewError(kafka.ErrAllBrokersDown, "0/1 brokers are down", false),
			"all brokers are down: the bootstrap server 127.0.0.1:1 does not answer"},
		{"a:1, b:2,c:3", kafka.NewError(kafka.ErrAllBrokersDown, "1/3 brokers are down", false),
			"all brokers are down: none of the 3 bootstrap servers (a:1, b:2, c:3) answers"},
		{"", kafka.NewError(kafka.ErrAllBrokersDown, "0/1 brokers are down", false), "all brokers are down"},
		{"a:1", kafka.NewError(kafka.ErrTransport, "connection refused", false), "connection refused"},
	}
	for _, tc := range tests {
		core, logs := observer.New(zap.WarnLevel)
		newErrorLog(zap.New(core)).warn("kafka producer error (retrying)", tc.err, zap.String("bootstrap_servers", tc.servers))
		if got := logs.All()[0].ContextMap()["error"]; got != tc.want {
			t.Errorf("servers %q, %v: logged %q, want %q", tc.servers, tc.err, got, tc.want)
		}
	}
}
