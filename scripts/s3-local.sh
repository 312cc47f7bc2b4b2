#!/usr/bin/env bash
# Runs a real S3-compatible server for the tests of the S3 checkpoint store
# (engine/checkpoint, engine/runtime).
#
#   scripts/s3-local.sh start   build (first time only) and start it in the background
#   scripts/s3-local.sh stop    stop the server started by `start` and remove its data
#   scripts/s3-local.sh url     print its endpoint, e.g. http://127.0.0.1:18900
#   scripts/s3-local.sh status  exit 0 when it answers
#
# The server is the Versity S3 Gateway (github.com/versity/versitygw,
# Apache-2.0) with its POSIX backend: a production S3 gateway that keeps
# buckets as directories and objects as files, publishing each object
# atomically. It is a Go module, so `go install` builds it from the module
# proxy with the Go toolchain the repo needs anyway: no Java, Python or
# Docker. The first start builds it (cold module and build caches: 2.4
# CPU-minutes, so 2-3 minutes on 2 idle cores; 6.5 minutes measured at the
# lowest priority on a shared, busy machine; an 85 MB binary, cached); later
# starts take a second. It listens on 127.0.0.1 only, with
# the fixed test credentials below, and keeps its data in a directory that
# `stop` removes.
#
# Environment:
#   SLUICE_S3_PORT       port on 127.0.0.1 (default 18900)
#   SLUICE_CACHE_DIR     cache directory (default ${XDG_CACHE_HOME:-$HOME/.cache}/sluice)
#   VERSITYGW_VERSION    versitygw module version (default v1.8.0)
set -euo pipefail

PORT="${SLUICE_S3_PORT:-18900}"
CACHE="${SLUICE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice}"
VERSION="${VERSITYGW_VERSION:-v1.8.0}"
BIN="$CACHE/versitygw/$VERSION/bin/versitygw"
RUN="$CACHE/versitygw/run"
PIDFILE="$RUN/versitygw-$PORT.pid"
LOG="$RUN/versitygw-$PORT.log"
DATA="$RUN/data-$PORT"
URL="http://127.0.0.1:$PORT"
# The credentials of engine/checkpoint/s3test: a test server on loopback.
ACCESS_KEY="sluicetest"
SECRET_KEY="sluicetestsecret"

die() { echo "s3-local: $*" >&2; exit 1; }

# fetch builds versitygw into $BIN once.
fetch() {
  if [ -x "$BIN" ]; then return 0; fi
  command -v go >/dev/null || die "go is needed to build the S3 test server"
  mkdir -p "$(dirname "$BIN")"
  echo "s3-local: building github.com/versity/versitygw@$VERSION with go install (first time only, 2-3 min)..." >&2
  # Outside the repo, so that its go.mod and any GOFLAGS do not apply.
  if ! (cd "$(dirname "$BIN")" && GOFLAGS= GOBIN="$(dirname "$BIN")" \
      go install "github.com/versity/versitygw/cmd/versitygw@$VERSION") >"$(dirname "$BIN")/build.log" 2>&1; then
    tail -30 "$(dirname "$BIN")/build.log" >&2
    rm -f "$BIN"
    die "could not build versitygw (log: $(dirname "$BIN")/build.log)"
  fi
}

answers() {
  # Any HTTP answer will do: an unsigned request gets a 403 from a live server.
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$URL/" 2>/dev/null || true)"
  [ -n "$code" ] && [ "$code" != "000" ]
}

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  if running_pid >/dev/null && answers; then
    echo "s3-local: already running at $URL" >&2
    return 0
  fi
  if answers; then
    die "port $PORT is already taken by another program; set SLUICE_S3_PORT"
  fi
  fetch
  mkdir -p "$RUN"
  rm -rf "$DATA"
  mkdir -p "$DATA"
  # setsid: the server outlives this script and is not killed with its shell.
  ROOT_ACCESS_KEY_ID="$ACCESS_KEY" ROOT_SECRET_ACCESS_KEY="$SECRET_KEY" \
    setsid "$BIN" --port "127.0.0.1:$PORT" --region us-east-1 posix "$DATA" >"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  local i
  for i in $(seq 1 60); do
    if answers; then
      echo "s3-local: running at $URL (pid $(cat "$PIDFILE"), log $LOG)" >&2
      return 0
    fi
    if ! running_pid >/dev/null; then
      tail -30 "$LOG" >&2 || true
      rm -f "$PIDFILE"
      die "versitygw exited during startup (log: $LOG)"
    fi
    sleep 0.5
  done
  stop || true
  die "versitygw did not answer on $URL within 30 s (log: $LOG)"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -9 "$pid" 2>/dev/null || true
    echo "s3-local: stopped (pid $pid)" >&2
  fi
  rm -f "$PIDFILE"
  rm -rf "$DATA"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  status) answers ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|stop|url|status|fetch" >&2; exit 2 ;;
esac
