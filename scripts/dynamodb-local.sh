#!/usr/bin/env bash
# Runs AWS's DynamoDB Local for the tests of connectors/dynamodb and api/.
#
#   scripts/dynamodb-local.sh start   fetch (first time only) and start it in the background
#   scripts/dynamodb-local.sh stop    stop the server started by `start`
#   scripts/dynamodb-local.sh url     print its endpoint, e.g. http://127.0.0.1:18000
#   scripts/dynamodb-local.sh status  exit 0 when it answers
#   scripts/dynamodb-local.sh pid     print the server's process id (for CPU accounting)
#
# DynamoDB Local is a Java program published on Maven Central
# (com.amazonaws:DynamoDBLocal). Maven resolves it with its dependencies,
# including sqlite4java's native library (libsqlite4java-linux-amd64, type
# "so"), into a cache directory outside the repository; the server needs that
# library on -Djava.library.path even with -inMemory. The first start
# downloads ~60 MB (about a minute); later starts take a few seconds.
#
# Environment:
# It listens on 127.0.0.1 only: DynamoDB Local has no host option (its server
# listens on every interface), so DynamoDBLocalOnHost.java, next to this
# script, starts it bound to loopback (Java's single-file source launcher;
# no build step).
#
#   SLUICE_DYNAMODB_PORT     port on 127.0.0.1 (default 18000)
#   SLUICE_CACHE_DIR         cache directory (default ${XDG_CACHE_HOME:-$HOME/.cache}/sluice)
#   DYNAMODB_LOCAL_VERSION   DynamoDBLocal version (default 2.6.1)
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${SLUICE_DYNAMODB_PORT:-18000}"
CACHE="${SLUICE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice}"
VERSION="${DYNAMODB_LOCAL_VERSION:-2.6.1}"
HOME_DIR="$CACHE/dynamodb-local/$VERSION"
LIB="$HOME_DIR/lib"
RUN="$CACHE/dynamodb-local/run"
PIDFILE="$RUN/dynamodb-local-$PORT.pid"
LOG="$RUN/dynamodb-local-$PORT.log"
URL="http://127.0.0.1:$PORT"

die() { echo "dynamodb-local: $*" >&2; exit 1; }

# fetch resolves DynamoDBLocal and its runtime dependencies into $LIB once.
fetch() {
  if [ -f "$LIB/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || die "mvn is needed to fetch DynamoDB Local (apt-get install maven)"
  command -v java >/dev/null || die "java (17+) is needed to run DynamoDB Local"
  mkdir -p "$HOME_DIR"
  rm -rf "$LIB"
  # A throwaway POM whose only dependency is DynamoDBLocal: copy-dependencies
  # then brings every runtime jar and the native .so files. stripVersion keeps
  # the file names sqlite4java looks for (libsqlite4java-linux-amd64.so).
  cat >"$HOME_DIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>sluice.local</groupId>
  <artifactId>dynamodb-local-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>com.amazonaws</groupId>
      <artifactId>DynamoDBLocal</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  echo "dynamodb-local: fetching com.amazonaws:DynamoDBLocal:$VERSION with Maven (first time only)..." >&2
  if ! mvn -B -q -f "$HOME_DIR/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DoutputDirectory="$LIB" -DincludeScope=runtime -Dmdep.stripVersion=true >"$HOME_DIR/mvn.log" 2>&1; then
    tail -30 "$HOME_DIR/mvn.log" >&2
    die "Maven could not fetch DynamoDB Local (log: $HOME_DIR/mvn.log)"
  fi
  [ -f "$LIB/libsqlite4java-linux-amd64.so" ] || die "sqlite4java native library missing from $LIB"
  touch "$LIB/.complete"
}

answers() {
  # Any HTTP answer will do: an unsigned request gets a 400 from a live server.
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' -X POST "$URL/" 2>/dev/null || true)"
  [ -n "$code" ] && [ "$code" != "000" ]
}

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# beyond_loopback prints the listening addresses of process $1 that are not
# loopback (nothing when all are); it needs ss (iproute2) and prints nothing
# without it.
beyond_loopback() {
  command -v ss >/dev/null || return 0
  ss -Hltnp 2>/dev/null | grep "pid=$1," | awk '{print $4}' |
    grep -Ev '^(127\.[0-9.]+|\[::ffff:127\.[0-9.]+\]|\[::1\]):[0-9]+$' || true
}

start() {
  if running_pid >/dev/null && answers; then
    echo "dynamodb-local: already running at $URL" >&2
    return 0
  fi
  if answers; then
    die "port $PORT is already taken by another program; set SLUICE_DYNAMODB_PORT"
  fi
  fetch
  mkdir -p "$RUN"
  # -sharedDb: one database whatever the access key and region of the client.
  # setsid: the server outlives this script and is not killed with its shell.
  # -disableTelemetry: tests send nothing to AWS. It runs in $RUN because it
  # writes dynamodb-local-metadata.json into its working directory.
  cd "$RUN"
  setsid java -Xmx512m -Djava.library.path="$LIB" -cp "$LIB/*" \
    "$SCRIPTS/DynamoDBLocalOnHost.java" 127.0.0.1 \
    -inMemory -sharedDb -disableTelemetry -port "$PORT" >"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  local i
  for i in $(seq 1 120); do
    if answers; then
      local wide
      wide="$(beyond_loopback "$(cat "$PIDFILE")")"
      if [ -n "$wide" ]; then
        stop || true
        die "DynamoDB Local listened beyond loopback ($wide); stopped it"
      fi
      echo "dynamodb-local: running at $URL (pid $(cat "$PIDFILE"), log $LOG)" >&2
      return 0
    fi
    if ! running_pid >/dev/null; then
      tail -30 "$LOG" >&2 || true
      rm -f "$PIDFILE"
      die "DynamoDB Local exited during startup (log: $LOG)"
    fi
    sleep 0.5
  done
  stop || true
  die "DynamoDB Local did not answer on $URL within 60 s (log: $LOG)"
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
    echo "dynamodb-local: stopped (pid $pid)" >&2
  fi
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  status) answers ;;
  pid) running_pid || die "not running on port $PORT" ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|stop|url|status|pid|fetch" >&2; exit 2 ;;
esac
