#!/usr/bin/env bash
# Regenerates the Flink oracle vectors used by Sluice's json format and print
# connector tests: runs Apache Flink 1.20 (PyFlink, local mini-cluster) over
# crafted inputs and records what it prints and writes.
#
#   scripts/flink-oracle/run.sh            # writes connectors/formats/json/testdata/flink_oracle.json
#
# Needs python3 (3.8-3.11) and Java 11 or 17. PyFlink is installed into a venv
# outside the repository ($FLINK_ORACLE_VENV, default ~/.cache/sluice/flink-oracle-venv).
# The Go tests never need Flink: they read the checked-in vectors.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/lib.sh"
out="${1:-$root/connectors/formats/json/testdata/flink_oracle.json}"

oracle_venv
mkdir -p "$(dirname "$out")"
"$venv/bin/python" "$here/oracle.py" "$out"
echo "wrote $out"
