#!/usr/bin/env bash
# The differential suite's Flink side: runs every case under e2e/flinkdiff/cases
# (or the named ones) on Apache Flink 1.20 (PyFlink, streaming mode, local
# mini-cluster) and records what Flink prints and writes as the case's
# flink.out. `go test ./e2e/flinkdiff` then runs the same cases on Sluice and
# compares byte for byte; it never needs Flink.
#
#   scripts/flink-oracle/diff.sh [CASE ...]   # make flink-diff
#
# Needs python3 (3.8-3.11) and Java 11 or 17. PyFlink is installed into a venv
# outside the repository ($FLINK_ORACLE_VENV, default ~/.cache/sluice/flink-oracle-venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/lib.sh"
oracle_venv
"$venv/bin/python" "$here/diff.py" "$root/e2e/flinkdiff/cases" "$@"
