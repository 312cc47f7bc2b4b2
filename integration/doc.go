// Package integration runs Sluice against a real Apache Kafka broker (not
// the embedded kfake of the default suite): the Kafka client paths Sluice
// relies on (topic administration, keyed produce/consume, consumer-group
// commits, transactions with read_committed consumers, a broker restart),
// and the built sluice binary itself — a kill -9 soak with at-least-once and
// exactly-once sinks, a broker outage during a run, a missing source topic —
// each checked against the exact output of a brute-force join.
//
// The broker is named by SLUICE_KAFKA_BOOTSTRAP (host:port); `make test`
// and `make test-kafka` start one with scripts/kafka-local.sh:
//
//	scripts/kafka-local.sh start
//	SLUICE_KAFKA_BOOTSTRAP=$(scripts/kafka-local.sh url) go test -tags integration ./integration/...
//	scripts/kafka-local.sh stop
//
// Without it the tests fail, unless SLUICE_SKIP_KAFKA=<reason> is set (then
// they report SKIPPED with the reason). SLUICE_BINARY tests a prebuilt
// sluice instead of building ./cmd/sluice. The tests carry the build tag
// "integration", so the default go test ./... does not need the broker.
package integration
