// Package kafka is the 'kafka' connector: Flink's Kafka SQL connector
// (flink-connector-kafka's KafkaDynamicTableFactory) on librdkafka through
// confluent-kafka-go.
//
// Options, defaults and validation messages follow Flink. 'properties.*'
// go to librdkafka: Java client names librdkafka spells differently are
// renamed (max.request.size, fetch.max.wait.ms, buffer.memory, …), Java-only
// ones (serializers, JAAS, trust stores, …) are dropped with a log line, and
// names librdkafka does not know are dropped with a warning, as the Java
// client ignores unknown properties.
//
// # Source
//
// Like Flink's KafkaSource, the source does not use consumer-group
// management: it lists the partitions of its topics (or of the topics
// matching 'topic-pattern'), assigns them all to its consumer with the
// offsets 'scan.startup.mode' resolves, and assigns partitions that appear
// later ('scan.topic-partition-discovery.interval', unbounded only) from
// their earliest offset. 'group-offsets' without a committed offset follows
// 'properties.auto.offset.reset', which defaults to none in Flink: the
// source fails ("Undefined offset with no reset policy for partitions").
// Bounded modes stop each partition at the offset resolved at start.
//
// Offsets are never committed automatically. Each Batch carries as
// Position an Offsets: the next offset of every partition read so far.
// The engine hands the latest position whose rows are safely written back
// to Commit (connectors.Committer), which commits it to
// 'properties.group.id' — Flink's commit on checkpoint completion. Without a
// group id, or with 'properties.commit.offsets.on.checkpoint' = 'false',
// Commit does nothing. Source.Offsets returns the position of the last
// batch emitted.
//
// # Sink
//
// The sink encodes the key ('key.format' of 'key.fields') and the value
// (all columns, or all but the key with 'value.fields-include' =
// 'EXCEPT_KEY') and produces with librdkafka's murmur2_random partitioner,
// the Java producer's default ('default' and 'round-robin' both leave the
// choice to it, as in Flink); 'fixed' writes to the topic's first
// partition (Flink's subtask 0). With 'at-least-once' Flush waits for every
// delivery and returns the first failure; with 'none' it does not wait.
// 'exactly-once' is not supported yet.
package kafka
