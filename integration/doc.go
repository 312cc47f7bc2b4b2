// Package integration runs the Kafka client paths Sluice relies on against a
// real Apache Kafka broker (not the embedded kfake of the default suite):
// topic administration, keyed produce/consume, consumer-group commits,
// transactions with read_committed consumers, and a broker restart.
//
// The broker is named by SLUICE_KAFKA_BOOTSTRAP (host:port):
//
//	scripts/kafka-local.sh start
//	SLUICE_KAFKA_BOOTSTRAP=$(scripts/kafka-local.sh url) go test -tags integration ./integration/...
//	scripts/kafka-local.sh stop
//
// Without it the tests fail, unless SLUICE_SKIP_KAFKA=<reason> is set. The
// tests carry the build tag "integration", so the default go test ./... does
// not need the broker.
package integration
