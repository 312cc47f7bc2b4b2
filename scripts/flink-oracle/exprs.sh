#!/usr/bin/env bash
# Records Apache Flink 1.20's answers for the scalar expressions listed in
# engine/expr/testdata/flink_exprs.in (see exprs.py). Needs the PyFlink venv
# that run.sh creates ($FLINK_ORACLE_VENV, default ~/.cache/sluice/flink-oracle-venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${FLINK_ORACLE_VENV:-$HOME/.cache/sluice/flink-oracle-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'apache-flink==1.20.*'
fi
export LANG=C.UTF-8
export JAVA_TOOL_OPTIONS="-Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8"
"$venv/bin/python" "$here/exprs.py" "$root/engine/expr/testdata/flink_exprs.in" "$root/engine/expr/testdata/flink_exprs.txt"
