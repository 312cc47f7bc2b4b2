#!/usr/bin/env bash
# Runs the whole suite. Servers the tests need are started here and stopped
# on exit, so `make test` works on a fresh machine with nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."

cleanup() {
  if [ -n "${started_dynamodb:-}" ]; then ./scripts/dynamodb-local.sh stop || true; fi
}
trap cleanup EXIT

if [ -x ./scripts/dynamodb-local.sh ] && [ -z "${SLUICE_DYNAMODB_ENDPOINT:-}" ] && [ -z "${SLUICE_SKIP_DYNAMODB:-}" ]; then
  ./scripts/dynamodb-local.sh start
  started_dynamodb=1
  SLUICE_DYNAMODB_ENDPOINT="$(./scripts/dynamodb-local.sh url)"
  export SLUICE_DYNAMODB_ENDPOINT
fi

# -p 2: the machine has two cores; -count=1: never report cached results.
go test -count=1 -p 2 -timeout 20m ./...
