# Sluice — two commands on a fresh machine:
#   make run    the fraud-detection job on an embedded broker with generated data
#   make test   the whole test suite (starts the servers the tests need)

GO       ?= go
BIN      := bin
# librdkafka is linked statically by confluent-kafka-go; cgo is required.
export CGO_ENABLED := 1

.PHONY: all build run test vet bench clean

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(BIN)
