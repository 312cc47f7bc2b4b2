#!/usr/bin/env bash
# Records how Apache Flink 1.20 treats SQL hints (STATE_TTL, OPTIONS, join
# hints, unknown and misplaced hints): plans each case with PyFlink and the
# Kafka SQL connector and writes the hints Flink keeps, or its error.
#
#   scripts/flink-oracle/hints.sh   # writes engine/plan/testdata/flink_hints.txt
#
# Needs python3 (3.8-3.11), Java 11 or 17 and Maven, like check-render.sh
# (same venv and jar cache: $FLINK_ORACLE_VENV, $FLINK_ORACLE_JARS). About a minute.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${FLINK_ORACLE_VENV:-$HOME/.cache/sluice/flink-oracle-venv}"
jars="${FLINK_ORACLE_JARS:-$HOME/.cache/sluice/flink-oracle-jars}"
out="${1:-$root/engine/plan/testdata/flink_hints.txt}"

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
export LANG=C.UTF-8
export JAVA_TOOL_OPTIONS="-Dfile.encoding=UTF-8"
"$venv/bin/python" "$here/hints.py" "$out" "$jars"/*.jar
