#!/usr/bin/env bash
# Records what Apache Flink 1.20 writes to Kafka and prints for the seed job
# (processor.sql, sources bounded) over the differential suite's seed inputs:
# starts a real Kafka broker (scripts/kafka-local.sh, loopback, a state
# directory of its own), runs the job on PyFlink with the Kafka SQL connector
# and writes e2e/flinkdiff/cases/seed_join/flink_kafka.out, which
# TestSeedJobOnKafkaEqualsFlink (e2e/) compares Sluice's Kafka output with.
#
#   scripts/flink-oracle/seed-kafka.sh      # make flink-diff runs it too
#
# Needs python3 (3.8-3.11), Java 17 and Maven, like check-render.sh (same venv
# and jar cache: $FLINK_ORACLE_VENV, $FLINK_ORACLE_JARS). About a minute.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/lib.sh"
oracle_venv
oracle_kafka_jars

state="$(mktemp -d)"
export SLUICE_KAFKA_STATE="$state/kafka"
trap '"$root/scripts/kafka-local.sh" stop >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
"$root/scripts/kafka-local.sh" start >/dev/null
bootstrap="$("$root/scripts/kafka-local.sh" url)"

"$venv/bin/python" "$here/seed_kafka.py" "$bootstrap" "$jars"/*.jar
