package kafka

import (
	"testing"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/sluice-sql/sluice/devbroker"
)

// TestSetDefaultsRespectsAliases: a default never lands next to the user's
// value under librdkafka's other name for the same setting (both in one
// map would be applied in map order).
func TestSetDefaultsRespectsAliases(t *testing.T) {
	cases := []struct {
		name string
		user kafka.ConfigMap
		want kafka.ConfigMap // absent keys: "<absent>"
	}{
		{"nothing set", kafka.ConfigMap{}, kafka.ConfigMap{"linger.ms": 0, "acks": "all"}},
		{"same name", kafka.ConfigMap{"linger.ms": "7"}, kafka.ConfigMap{"linger.ms": "7", "acks": "all"}},
		{"librdkafka's other name", kafka.ConfigMap{"queue.buffering.max.ms": "9"},
			kafka.ConfigMap{"linger.ms": "<absent>", "queue.buffering.max.ms": "9", "acks": "all"}},
		{"acks by its librdkafka name", kafka.ConfigMap{"request.required.acks": "1"},
			kafka.ConfigMap{"acks": "<absent>", "request.required.acks": "1", "linger.ms": 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cm := kafka.ConfigMap{}
			for k, v := range tc.user {
				cm[k] = v
			}
			setDefaults(cm, kafka.ConfigMap{"linger.ms": 0, "acks": "all"})
			for k, want := range tc.want {
				got, ok := cm[k]
				if want == "<absent>" {
					if ok {
						t.Errorf("%s = %v, want it unset", k, got)
					}
					continue
				}
				if !ok || got != want {
					t.Errorf("%s = %v (set %v), want %v", k, got, ok, want)
				}
			}
		})
	}
	// And the reverse: a default given by librdkafka's name is not added
	// when the user wrote the Java name.
	cm := kafka.ConfigMap{"linger.ms": "3"}
	setDefaults(cm, kafka.ConfigMap{"queue.buffering.max.ms": 1})
	if _, ok := cm["queue.buffering.max.ms"]; ok {
		t.Errorf("queue.buffering.max.ms added next to the user's linger.ms: %v", cm)
	}
}

// TestSourceTuningDefaults: the consumer gets the connector's fetch-queue
// back-off unless the table's properties set one.
func TestSourceTuningDefaults(t *testing.T) {
	b := startBroker(t, devbroker.Config{Topics: map[string]int32{"tx": 1}})
	base := map[string]string{"topic": "tx", "properties.bootstrap.servers": b.Addr(), "format": "json", "scan.startup.mode": "earliest-offset"}
	src := newSource(t, table(t, "tx", txSchema, base))
	if got := src.cm["fetch.queue.backoff.ms"]; got != ConsumerTuning()["fetch.queue.backoff.ms"] {
		t.Errorf("fetch.queue.backoff.ms = %v, want the connector's %v", got, ConsumerTuning()["fetch.queue.backoff.ms"])
	}
	opts := map[string]string{"properties.fetch.queue.backoff.ms": "250"}
	for k, v := range base {
		opts[k] = v
	}
	src = newSource(t, table(t, "tx", txSchema, opts))
	if got := src.cm["fetch.queue.backoff.ms"]; got != "250" {
		t.Errorf("fetch.queue.backoff.ms = %v, want the user's 250", got)
	}
}
