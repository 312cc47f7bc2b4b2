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
out="$root/e2e/testdata/flink"
. "$here/lib.sh"
oracle_venv
oracle_kafka_jars

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bin="${SLUICE_BIN:-}"
if [ -z "$bin" ]; then
    (cd "$root" && go build -o "$tmp/sluice" ./cmd/sluice)
    bin="$tmp/sluice"
fi
mkdir -p "$out"
(cd "$root" && RUNTIME_ENV=LOCAL "$bin" render) >"$out/processor.rendered.sql"

"$venv/bin/python" "$here/check_render.py" "$out/processor.rendered.sql" "$out/processor.explain.txt" "$jars"/*.jar
