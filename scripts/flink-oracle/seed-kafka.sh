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
venv="${FLINK_ORACLE_VENV:-$HOME/.cache/sluice/flink-oracle-venv}"
jars="${FLINK_ORACLE_JARS:-$HOME/.cache/sluice/flink-oracle-jars}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'apache-flink==1.20.*'
fi
fetch() { mvn -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$jars" >/dev/null 2>&1; }
mkdir -p "$jars"
if ! ls "$jars"/flink-*connector-kafka-*-1.20.jar >/dev/null 2>&1; then
    if ! fetch org.apache.flink:flink-sql-connector-kafka:3.3.0-1.20; then
        for a in com.google.guava:failureaccess:1.0.1 com.google.guava:guava:32.1.2-jre \
                 org.apache.kafka:kafka-clients:3.4.0 org.apache.flink:flink-connector-kafka:3.3.0-1.20; do
            fetch "$a" || { echo "mvn dependency:copy failed for $a" >&2; exit 1; }
        done
    fi
fi

state="$(mktemp -d)"
export SLUICE_KAFKA_STATE="$state/kafka"
trap '"$root/scripts/kafka-local.sh" stop >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
"$root/scripts/kafka-local.sh" start >/dev/null
bootstrap="$("$root/scripts/kafka-local.sh" url)"

export LANG=C.UTF-8
export JAVA_TOOL_OPTIONS="-Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8"
"$venv/bin/python" "$here/seed_kafka.py" "$bootstrap" "$jars"/*.jar
