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
out="${1:-$root/engine/plan/testdata/flink_hints.txt}"
. "$here/lib.sh"
oracle_venv
oracle_kafka_jars
"$venv/bin/python" "$here/hints.py" "$out" "$jars"/*.jar
