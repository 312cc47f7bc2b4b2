# Sluice — two commands on a fresh machine:
#   make run    the fraud-detection job on an embedded broker with generated data
#   make test   the whole test suite (starts the servers the tests need)

GO       ?= go
BIN      := bin
# librdkafka is linked statically by confluent-kafka-go; cgo is required.
export CGO_ENABLED := 1

.PHONY: all build run test test-kafka check-flink vet bench clean

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

# Everything, including the end-to-end tests that run the built binary.
test: vet
	./scripts/test.sh

# Integration tests against a real Apache Kafka broker (KRaft, loopback),
# fetched with Maven into ~/.cache/sluice by scripts/kafka-local.sh.
test-kafka:
	./scripts/kafka-local.sh start
	SLUICE_KAFKA_BOOTSTRAP=$$(./scripts/kafka-local.sh url) $(GO) test -count=1 -v -tags integration ./integration/... ; \
	  rc=$$?; ./scripts/kafka-local.sh stop; exit $$rc

# Apache Flink 1.20 (PyPI apache-flink, Kafka SQL connector from Maven) runs
# the SQL `sluice render` prints: the job must move to Flink unchanged.
# Records the accepted SQL and Flink's plan in e2e/testdata/flink/.
check-flink:
	./scripts/flink-oracle/check-render.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(BIN)
