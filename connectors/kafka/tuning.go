package kafka

import "github.com/confluentinc/confluent-kafka-go/v2/kafka"

// ConsumerTuning is the librdkafka consumer configuration the source sets
// as defaults, below the user's 'properties.*': client internals with no
// Java consumer equivalent, chosen for throughput without changing what
// is read (docs/performance.md, round 3). Exported for bench/cmd/kcopy, so
// that the raw-copy limit uses the same client settings.
func ConsumerTuning() kafka.ConfigMap {
	return kafka.ConfigMap{
		// librdkafka (≥ 2.1) stops fetching a partition whose local queue
		// holds queued.min.messages (100000) and then waits
		// fetch.queue.backoff.ms (1000) before asking again. A consumer
		// that drains 100K records in less than a second therefore idles
		// for the rest of it: the bounded read was capped at ~100K
		// records/s on every broker. The queue bounds stay as they are
		// (memory); only the pause after the queue was full is shortened.
		"fetch.queue.backoff.ms": 10,
	}
}

// ProducerTuning is the librdkafka producer configuration the sink sets as
// defaults, below the user's 'properties.*'. Exported for
// bench/cmd/kcopy.
func ProducerTuning() kafka.ConfigMap {
	return kafka.ConfigMap{
		// Flink 1.20's Kafka connector (flink-connector-kafka 3.3/3.4)
		// ships kafka-clients 3.4.0, whose linger.ms is 0 (it became 5 in
		// Kafka 4.0, KIP-1030): records are sent as soon as the producer can,
		// batching only what accumulates while requests are in flight.
		// librdkafka's own default is 5. Lingering 5 ms costs every record up
		// to 5 ms of latency (p50 produce→sink 5.7 → 2.1 ms at 10K records/s
		// on kfake) and saves CPU under load (the bounded 1M-record run on
		// kfake takes ~10 % less CPU with 5); 'properties.linger.ms' chooses.
		"linger.ms": 0,
		// Reports carry the error only; payloads are not needed back.
		"go.delivery.report.fields": "none",
		// confluent-kafka-go's defaults are 1,000,000 for both: a 16 MB
		// Events channel and an 8 MB ProduceChannel (unused here) that the
		// garbage collector scans in full on every cycle.
		"go.events.channel.size":  1000,
		"go.produce.channel.size": 0,
	}
}

// setDefaults sets each of defaults on cm unless the user set it, by its
// name or by the other name librdkafka accepts for it (linger.ms and
// queue.buffering.max.ms are one setting: both in one map would leave
// librdkafka to apply them in map order).
func setDefaults(cm, defaults kafka.ConfigMap) {
	for k, v := range defaults {
		if _, ok := cm[k]; ok {
			continue
		}
		if alias, ok := aliases[k]; ok {
			if _, set := cm[alias]; set {
				continue
			}
		}
		if canonical, ok := canonicalName(k); ok {
			if _, set := cm[canonical]; set {
				continue
			}
		}
		cm[k] = v
	}
}

// canonicalName is the librdkafka name of which alias is the other name.
func canonicalName(alias string) (string, bool) {
	for canonical, a := range aliases {
		if a == alias {
			return canonical, true
		}
	}
	return "", false
}
