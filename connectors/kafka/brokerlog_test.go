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
