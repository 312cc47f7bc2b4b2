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
// partition (Flink's subtask 0). With 'at-least-once' (the default) Flush
// waits for every delivery and returns the first failure; with 'none' it
// does not wait (fire and forget, as Flink).
//
// # Exactly-once
//
// 'sink.delivery-guarantee' = 'exactly-once' with
// 'sink.transactional-id-prefix' = 'p' writes through Kafka transactions
// committed with the job's checkpoints (txn.go): transactional.id 'p-0';
// the rows of one checkpoint interval are one transaction; at checkpoint N
// the engine flushes the sink (pre-commit), saves the checkpoint, then
// commits the transaction together with a marker — an offset commit for the
// consumer group 'p-0', partition 0 of the sink's (first) topic, offset N,
// metadata "sluice checkpoint N". On start the sink fences and aborts
// whatever an earlier run left open and reports the marker; the engine
// restores the newest checkpoint not beyond it, so rows of a checkpoint
// whose commit a crash prevented are written again, once. If the checkpoint
// the marker names is missing or damaged the start fails rather than resume
// from an older one and commit its rows twice, unless started with
// --lost-checkpoint=reprocess (README, "State, checkpoints and restarts").
// A restore that re-reads history (--unrestorable-state=rebuild) also
// re-reads the records the source dead-lettered, which are dead-lettered
// again. Consumers must
// read with isolation.level=read_committed; rows become visible at each
// checkpoint ('execution.checkpointing.interval', 10 s by default).
// transaction.timeout.ms defaults to 15 min (the broker's default maximum;
// it must exceed the checkpoint interval) and can be set with
// 'properties.transaction.timeout.ms'. Each exactly-once sink needs its own
// prefix, and 'topic' rather than 'topic-pattern'. A commit that fails
// fails the job (as in Flink): nothing is made visible twice. With several
// exactly-once sinks, a crash between their commits makes the sinks that
// had committed see that checkpoint's rows again (logged at restore). The
// principal needs WRITE/DESCRIBE on the transactional id and READ on the
// group of the same name. Jobs that are not checkpointed (all sources
// bounded) commit at every flush and at their end.
//
// # Dead letters
//
// 'scan.dead-letter.topic' (Sluice's own option) sends records whose key or
// value cannot be decoded to that topic instead of failing the job: bytes
// and headers unchanged, plus headers sluice.error (table, topic,
// partition, offset and the format's reason, never the record),
// sluice.topic, sluice.partition, sluice.offset and sluice.timestamp (epoch
// ms). The dead letters are flushed before each checkpoint saves or commits
// a position past them (deadletter.go). The producer connects with the
// table's 'properties.*'; its message.max.bytes defaults to the largest
// record the source's consumer receives (receive.message.max.bytes), so
// that only the dead-letter topic's own limit can refuse a dead letter, and
// then the job fails naming the record, its size and the settings to
// raise. Dead letters are logged at most once per 10 s, with the number held back.
//
// Without the option a bad record fails the job naming table, topic,
// partition, offset and field, then the ways on: the format's
// 'json.ignore-parse-errors' (as Flink; it wins over the dead-letter topic:
// the format reports nothing), 'scan.dead-letter.topic', or the start
// offset past the record. Errors, logs and the dashboard quote at most
// excerpt.Record bytes of a record (internal/excerpt).
//
// # Broker trouble
//
// A source whose brokers cannot be reached at start keeps retrying, with
// rate-limited warnings, until they answer; a topic that does not exist
// fails it at once naming the topic and 'properties.bootstrap.servers'
// (Flink's enumerator fails the job too). While running, librdkafka
// reconnects by itself; errors it reports are logged at warn, at most one
// line per kind every 10 s with a count of those held back. A sink record
// that is still unacknowledged after 'properties.delivery.timeout.ms'
// (librdkafka's message.timeout.ms) fails the job, so that the restart from
// the last checkpoint writes it again; an exactly-once sink waits for its
// brokers at start the same way the source does.
package kafka
