#!/usr/bin/env bash
# Proves that `sluice render` output runs on Apache Flink 1.20 unchanged:
# renders processor.sql with application_properties.json, then has Flink
# (PyFlink, streaming TableEnvironment, Kafka SQL connector on pipeline.jars)
# run the SETs and CREATE TABLEs and explain the statement set. Exits non-zero
# with Flink's error if Flink rejects anything.
#
#   scripts/flink-oracle/check-render.sh   # writes e2e/testdata/flink/processor.{rendered.sql,explain.txt}
#
# Needs python3 (3.8-3.11), Java 11 or 17, Go and Maven. PyFlink goes into
# $FLINK_ORACLE_VENV (default ~/.cache/sluice/flink-oracle-venv), the connector
# jars into $FLINK_ORACLE_JARS (default ~/.cache/sluice/flink-oracle-jars).
# $SLUICE_BIN: a prebuilt sluice binary (default: built from this checkout).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${FLINK_ORACLE_VENV:-$HOME/.cache/sluice/flink-oracle-venv}"
jars="${FLINK_ORACLE_JARS:-$HOME/.cache/sluice/flink-oracle-jars}"
out="$root/e2e/testdata/flink"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'apache-flink==1.20.*'
fi

# The Kafka SQL connector for Flink 1.20: the fat jar when the Maven repository
# has it, else the same connector unshaded plus the libraries the fat jar bundles
# (flink-connector-base is in flink-dist already).
fetch() { mvn -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$jars" >/dev/null 2>&1; }
mkdir -p "$jars"
if ! ls "$jars"/flink-*connector-kafka-*-1.20.jar >/dev/null 2>&1; then
    if ! fetch org.apache.flink:flink-sql-connector-kafka:3.3.0-1.20; then
        echo "flink-sql-connector-kafka:3.3.0-1.20 not in the Maven repository; using flink-connector-kafka:3.3.0-1.20 + kafka-clients" >&2
        for a in com.google.guava:failureaccess:1.0.1 com.google.guava:guava:32.1.2-jre \
                 org.apache.kafka:kafka-clients:3.4.0 org.apache.flink:flink-connector-kafka:3.3.0-1.20; do
            fetch "$a" || { echo "mvn dependency:copy failed for $a" >&2; exit 1; }
        done
    fi
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bin="${SLUICE_BIN:-}"
if [ -z "$bin" ]; then
    (cd "$root" && go build -o "$tmp/sluice" ./cmd/sluice)
    bin="$tmp/sluice"
fi
mkdir -p "$out"
(cd "$root" && RUNTIME_ENV=LOCAL "$bin" render) >"$out/processor.rendered.sql"

export LANG=C.UTF-8
export JAVA_TOOL_OPTIONS="-Dfile.encoding=UTF-8"
"$venv/bin/python" "$here/check_render.py" "$out/processor.rendered.sql" "$out/processor.explain.txt" "$jars"/*.jar
