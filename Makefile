# Sluice — two commands on a fresh machine:
#   make run    the fraud-detection job on an embedded broker with generated data
#   make test   the whole test suite (starts the servers the tests need)

GO       ?= go
BIN      := bin
# librdkafka is linked statically by confluent-kafka-go; cgo is required.
export CGO_ENABLED := 1

.PHONY: all build run test test-kafka check-flink flink-diff vet bench clean

all: build

build:
	$(GO) build -o $(BIN)/sluice ./cmd/sluice
	$(GO) build -o $(BIN)/txgen ./cmd/txgen

# The seed job, locally: embedded Kafka-protocol broker on localhost:29092,
# flagged accounts + a stream of transactions, flagged transactions printed.
run: build
	RUNTIME_ENV=LOCAL ./$(BIN)/sluice dev

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

# Everything: unit, end-to-end (the built binary on an embedded broker) and
# the integration tests on a real Apache Kafka broker that scripts/test.sh
# starts (fetching it with Maven the first time) and stops.
test: vet
	./scripts/test.sh

# Only the integration tests against a real Apache Kafka broker (KRaft,
# loopback), fetched with Maven into ~/.cache/sluice by scripts/kafka-local.sh:
# client paths, the kill -9 soak, a broker outage. The broker is stopped
# whatever happens (trap).
test-kafka:
	@set -e; trap './scripts/kafka-local.sh stop' EXIT; \
	  ./scripts/kafka-local.sh start; \
	  SLUICE_KAFKA_BOOTSTRAP=$$(./scripts/kafka-local.sh url) $(GO) test -count=1 -v -tags integration -timeout 15m ./integration/...

# Apache Flink 1.20 (PyPI apache-flink, Kafka SQL connector from Maven) runs
# the SQL `sluice render` prints: the job must move to Flink unchanged.
# Records the accepted SQL and Flink's plan in e2e/testdata/flink/.
check-flink:
	./scripts/flink-oracle/check-render.sh

# The differential suite's Flink side: runs every e2e/flinkdiff/cases/<case>
# on Apache Flink 1.20 (PyFlink, installed into ~/.cache/sluice on first use)
# and rewrites its flink.out, and the seed job on Flink with a real Kafka
# broker (seed_join/flink_kafka.out); then the Go side (part of `make test`)
# runs the same on Sluice and compares byte for byte. CASES='a b' runs only
# those cases (and skips the Kafka run).
flink-diff:
	./scripts/flink-oracle/diff.sh $(CASES)
	@if [ -z "$(CASES)" ]; then ./scripts/flink-oracle/seed-kafka.sh; fi
	$(GO) test -count=1 ./e2e/flinkdiff/
	$(GO) test -count=1 -run TestSeedJobOnKafkaEqualsFlink ./e2e/

# Performance (docs/performance.md): the Go micro-benchmarks on one core
# (benchstat-friendly lines), then one table of the end-to-end figures on
# the embedded broker and on Apache Kafka (scripts/kafka-local.sh) next to a
# raw librdkafka copy. A few minutes; not part of `make test`.
# BENCHFLAGS are sluicebench's, e.g. BENCHFLAGS='-kafka skip -n 200000'.
bench: build
	$(GO) build -o $(BIN)/kcopy ./bench/cmd/kcopy
	$(GO) build -o $(BIN)/sluicebench ./bench/cmd/sluicebench
	$(GO) test -run '^$$' -bench . -benchmem -count 1 -cpu 1 ./bench/ ./connectors/formats/json/ ./engine/ops/
	./$(BIN)/sluicebench $(BENCHFLAGS)

clean:
	rm -rf $(BIN)
