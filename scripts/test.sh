#!/usr/bin/env bash
# Runs the whole suite. Servers the tests need are started here and stopped
# on exit, so `make test` works on a fresh machine with nothing running:
#   - DynamoDB Local (scripts/dynamodb-local.sh) for the DynamoDB tests;
#   - an S3-compatible server (scripts/s3-local.sh: Versity S3 Gateway, built
#     with go install on first use) for the S3 checkpoint store;
#   - a real Apache Kafka broker (scripts/kafka-local.sh, fetched with Maven
#     on first use) for integration/: the Kafka client paths, the kill -9
#     soak (at-least-once and exactly-once) and a broker outage.
#
# Environment:
#   SLUICE_KAFKA_BOOTSTRAP=host:port  use that broker for integration/ instead of starting one
#   SLUICE_SKIP_KAFKA=<reason>        do not start Kafka; the integration tests report SKIPPED
#   SLUICE_SKIP_DYNAMODB=<reason>     do not start DynamoDB Local
#   SLUICE_S3_ENDPOINT=url            use that S3-compatible server instead of starting one
#   SLUICE_SKIP_S3=<reason>           do not start it; the S3 checkpoint tests report SKIPPED
set -euo pipefail
cd "$(dirname "$0")/.."

kafka_start_pid=""
cleanup() {
  local rc=$?
  if [ -n "$kafka_start_pid" ]; then wait "$kafka_start_pid" 2>/dev/null || true; fi
  if [ -n "${started_kafka:-}" ]; then
    ./scripts/kafka-local.sh stop || true
    rm -rf "$SLUICE_KAFKA_STATE" "$SLUICE_KAFKA_STATE.start.log"
  fi
  if [ -n "${started_dynamodb:-}" ]; then ./scripts/dynamodb-local.sh stop || true; fi
  if [ -n "${started_s3:-}" ]; then ./scripts/s3-local.sh stop || true; fi
  if [ -n "${SLUICE_SKIP_S3:-}" ] && [ -z "${SLUICE_S3_ENDPOINT:-}" ]; then
    echo "*** the S3 checkpoint tests were SKIPPED: SLUICE_SKIP_S3=$SLUICE_SKIP_S3 ***" >&2
  fi
  if [ -n "${SLUICE_SKIP_KAFKA:-}" ] && [ -z "${SLUICE_KAFKA_BOOTSTRAP:-}" ]; then
    echo "*** the real-Kafka integration tests were SKIPPED: SLUICE_SKIP_KAFKA=$SLUICE_SKIP_KAFKA ***" >&2
  fi
  # Last line of the run: "tests: N passed, N failed, N skipped".
  if [ -x "${test_reports:-}/testsummary" ] && compgen -G "$test_reports/*.json" >/dev/null; then
    "$test_reports/testsummary" -total "$test_reports"/*.json || true
  fi
  if [ -n "${test_reports:-}" ]; then rm -rf "$test_reports"; fi
  exit "$rc"
}
trap cleanup EXIT

if [ -x ./scripts/dynamodb-local.sh ] && [ -z "${SLUICE_DYNAMODB_ENDPOINT:-}" ] && [ -z "${SLUICE_SKIP_DYNAMODB:-}" ]; then
  ./scripts/dynamodb-local.sh start
  started_dynamodb=1
  SLUICE_DYNAMODB_ENDPOINT="$(./scripts/dynamodb-local.sh url)"
  export SLUICE_DYNAMODB_ENDPOINT
fi

if [ -x ./scripts/s3-local.sh ] && [ -z "${SLUICE_S3_ENDPOINT:-}" ] && [ -z "${SLUICE_SKIP_S3:-}" ]; then
  ./scripts/s3-local.sh start
  started_s3=1
  SLUICE_S3_ENDPOINT="$(./scripts/s3-local.sh url)"
  export SLUICE_S3_ENDPOINT
fi

# Kafka starts (and, the first time, is fetched) in the background while the
# unit and end-to-end tests run. Its state lives in a directory of this run,
# so a concurrent `make test-kafka` or another checkout cannot collide with
# it; the tests that stop and restart it find it through the exported
# SLUICE_KAFKA_STATE.
if [ -z "${SLUICE_KAFKA_BOOTSTRAP:-}" ] && [ -z "${SLUICE_SKIP_KAFKA:-}" ]; then
  SLUICE_KAFKA_STATE="$(mktemp -d "${TMPDIR:-/tmp}/sluice-kafka-test.XXXXXX")"
  export SLUICE_KAFKA_STATE
  started_kafka=1
  ./scripts/kafka-local.sh start >"$SLUICE_KAFKA_STATE.start.log" 2>&1 &
  kafka_start_pid=$!
fi

# -p 2: the machine has two cores; -count=1: never report cached results.
# A failure here does not stop the run: the integration tests still run, so
# one run shows every failure, and the script exits non-zero at the end.
# go test -json goes through internal/testsummary, which prints what go test
# prints and saves the events, so that the run ends (cleanup) with the
# counts of packages and tests of both runs.
test_reports="$(mktemp -d "${TMPDIR:-/tmp}/sluice-test-reports.XXXXXX")"
go build -o "$test_reports/testsummary" ./internal/testsummary
unit_rc=0
go test -json -count=1 -p 2 -timeout 20m ./... 2>&1 | "$test_reports/testsummary" -save "$test_reports/unit.json" || unit_rc=$?

if [ -n "$kafka_start_pid" ]; then
  started=$SECONDS
  if ! wait "$kafka_start_pid"; then
    kafka_start_pid=""
    cat "$SLUICE_KAFKA_STATE.start.log" >&2 || true
    rm -f "$SLUICE_KAFKA_STATE.start.log"
    cat >&2 <<EOF

*** FAILED: the real Kafka broker for the integration tests did not start (output above).
*** It needs Java 17+ and Maven (scripts/kafka-local.sh fetches Kafka on first use).
*** To run the suite without it, set SLUICE_SKIP_KAFKA=<reason>: the tests then report SKIPPED.
EOF
    exit 1
  fi
  kafka_start_pid=""
  rm -f "$SLUICE_KAFKA_STATE.start.log"
  echo "kafka-local: broker ready at $(./scripts/kafka-local.sh url) (waited $((SECONDS - started)) s after the other tests)"
  SLUICE_KAFKA_BOOTSTRAP="$(./scripts/kafka-local.sh url)"
  export SLUICE_KAFKA_BOOTSTRAP
fi

# The integration tests against real Kafka. -v: the soak and outage tests
# log their seed, kill points and duplicate counts. With SLUICE_SKIP_KAFKA
# they still run, and report SKIPPED with the reason.
it_rc=0
go vet -tags integration ./integration/... &&
  go test -json -count=1 -v -tags integration -timeout 15m ./integration/... 2>&1 |
  "$test_reports/testsummary" -v -save "$test_reports/integration.json" || it_rc=$?
if [ "$unit_rc" != 0 ] || [ "$it_rc" != 0 ]; then
  echo "*** FAILED: go test ./... exit $unit_rc, integration tests (real Kafka) exit $it_rc" >&2
  exit 1
fi
