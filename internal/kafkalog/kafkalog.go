// Package kafkalog routes librdkafka's log lines into zap. Without a log
// channel librdkafka prints them itself on stderr (`%3|1700000000.123|FAIL|…`),
// outside the process's log format and, in tests, outside the test that
// caused them. Every client Sluice creates, tests included, routes its logs
// here.
package kafkalog

import (
	"sync"
	"testing"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// Forwarder moves a client's log lines to a zap logger. librdkafka logs
// broker connection problems as errors although it retries them (the Java
// client logs them as warnings): they are warnings here too.
type Forwarder struct {
	ch   chan kafka.LogEvent
	done chan struct{}
	wg   sync.WaitGroup
}

// New starts forwarding to log; Stop ends it.
func New(log *zap.Logger) *Forwarder {
	f := &Forwarder{ch: make(chan kafka.LogEvent, 64), done: make(chan struct{})}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			select {
			case e := <-f.ch:
				fields := []zap.Field{zap.String("client", e.Name), zap.String("facility", e.Tag)}
				// CONFWARN: a property of the other client role (tables
				// share their properties between source and sink).
				if e.Level <= 4 && e.Tag != "CONFWARN" {
					log.Warn("librdkafka: "+e.Message, fields...)
				} else {
					log.Debug("librdkafka: "+e.Message, fields...)
				}
			case <-f.done:
				return
			}
		}
	}()
	return f
}

// Config returns the settings that route a client's logs to the forwarder.
func (f *Forwarder) Config() kafka.ConfigMap {
	return kafka.ConfigMap{"go.logs.channel.enable": true, "go.logs.channel": f.ch}
}

// Stop ends forwarding; call it after the client is closed (librdkafka
// stops writing to the channel when the client closes, and never blocks
// on it after that).
func (f *Forwarder) Stop() {
	close(f.done)
	f.wg.Wait()
}

// With returns a copy of cm whose client logs through f.
func (f *Forwarder) With(cm kafka.ConfigMap) *kafka.ConfigMap {
	out := make(kafka.ConfigMap, len(cm)+2)
	for k, v := range cm {
		out[k] = v
	}
	for k, v := range f.Config() {
		out[k] = v
	}
	return &out
}

// ForTest returns a copy of cm whose client logs its warnings and errors
// to t (shown with -v or when t fails) instead of the process's stderr.
// Forwarding stops when t's cleanups run: close the client before, with a
// defer or a t.Cleanup registered after this call.
func ForTest(t testing.TB, cm kafka.ConfigMap) *kafka.ConfigMap {
	f := New(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))
	t.Cleanup(f.Stop)
	return f.With(cm)
}

// NewAdminForTest returns an admin client whose logs go to t as ForTest's.
// confluent-kafka-go takes no log channel for an AdminClient (librdkafka
// would print on stderr), so it is derived from a producer that has one;
// the producer is closed by t's cleanup.
func NewAdminForTest(t testing.TB, cm kafka.ConfigMap) (*kafka.AdminClient, error) {
	p, err := kafka.NewProducer(ForTest(t, cm))
	if err != nil {
		return nil, err
	}
	t.Cleanup(p.Close)
	return kafka.NewAdminClientFromProducer(p)
}
