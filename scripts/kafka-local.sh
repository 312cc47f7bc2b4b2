#!/usr/bin/env bash
# Runs a real Apache Kafka broker (single node, KRaft combined mode, loopback
# only) for the integration tests in integration/. kfake stays the default
# broker of the ordinary test suite; this one is for `go test -tags integration`.
#
#   scripts/kafka-local.sh fetch                    resolve the broker's jars with Maven (once)
#   scripts/kafka-local.sh start [--port N]         fetch if needed, format, start, wait until ready
#   scripts/kafka-local.sh url                      print 127.0.0.1:<port> of the running broker
#   scripts/kafka-local.sh status                   exit 0 when it runs and accepts connections
#   scripts/kafka-local.sh pid                      print the running broker's process id
#   scripts/kafka-local.sh stop [--keep-data]       stop it and remove its state
#
# --port 0 (the default) picks a free port; the port is recorded in the state
# directory, so `url` prints it. `stop --keep-data` keeps the data directory
# and ports, and the next `start` brings the same cluster back (same topics,
# offsets and cluster id): that is how a test restarts the broker.
#
# Kafka is published on Maven Central (org.apache.kafka:kafka_2.13). Maven
# resolves the broker with its runtime dependencies, plus the SLF4J -> log4j2
# binding that the distribution tarball adds and the POMs do not declare, into
# a cache directory outside the repository. Kafka 4.x is KRaft-only and needs
# Java 17, which the machine has.
#
# Timings measured on the 2-core dev machine (Kafka 4.4.0, Java 17, Maven 3.8.7):
#   fetch, cold (empty ~/.m2 and cache; ~70 MB into ~/.m2, 43 MB of jars here): 24-55 s
#   fetch, cache removed but ~/.m2 warm:  ~6 s
#   fetch, warm (cache complete):         ~0.01 s (nothing to do)
#   start (format storage, boot, ready):  ~6 s
#   stop:                                 1-2.5 s
#   go test -tags integration ./integration/...: ~29 s
#
# Environment:
#   SLUICE_CACHE          cache directory (default ${SLUICE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice})
#   SLUICE_KAFKA_VERSION  Kafka version (default 4.4.0)
#   SLUICE_KAFKA_STATE    state directory: pid, port, log, data (default $SLUICE_CACHE/kafka/state)
#   SLUICE_KAFKA_HEAP     broker -Xmx (default 512m)
#   SLUICE_MAVEN_REPO     Maven's local repository for the fetch (default: Maven's own, ~/.m2/repository);
#                         an empty directory here plus an empty SLUICE_CACHE is a first run on a fresh machine
set -euo pipefail

CACHE="${SLUICE_CACHE:-${SLUICE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice}}"
VERSION="${SLUICE_KAFKA_VERSION:-4.4.0}"
# The log4j2 version Kafka $VERSION builds with (kafka-server's POM).
LOG4J_VERSION="2.25.5"
HOME_DIR="$CACHE/kafka/$VERSION"
LIB="$HOME_DIR/lib"
STATE="${SLUICE_KAFKA_STATE:-$CACHE/kafka/state}"
PIDFILE="$STATE/broker.pid"
PORTFILE="$STATE/port"
CPORTFILE="$STATE/controller-port"
LOG="$STATE/broker.log"
PROPS="$STATE/server.properties"
DATA="$STATE/data"
KEPT="$STATE/kept"
START_TIMEOUT=60

die() { echo "kafka-local: $*" >&2; exit 1; }

# fetch resolves kafka_2.13 and its runtime dependencies into $LIB once.
# `fetch quiet` (from start) prints nothing but errors.
fetch() {
  if [ -f "$LIB/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || die "mvn is needed to fetch Kafka (apt-get install maven)"
  command -v java >/dev/null || die "java (17+) is needed to run Kafka"
  mkdir -p "$HOME_DIR"
  rm -rf "$LIB"
  # A throwaway POM in the cache. kafka_2.13 brings the broker (kafka.Kafka),
  # the storage tool (kafka.tools.StorageTool) and, at runtime scope, the
  # server, raft, metadata, storage and coordinator modules and log4j-core.
  # log4j-slf4j-impl binds Kafka's SLF4J 1.7 API to log4j2. Some Kafka
  # modules declare JUnit at runtime scope; the broker does not need it.
  cat >"$HOME_DIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>sluice.local</groupId>
  <artifactId>kafka-broker-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$VERSION</version>
      <exclusions>
        <exclusion><groupId>org.junit.jupiter</groupId><artifactId>*</artifactId></exclusion>
        <exclusion><groupId>org.junit.platform</groupId><artifactId>*</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>$LOG4J_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>$LOG4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  [ "${1:-}" = quiet ] || echo "kafka-local: fetching org.apache.kafka:kafka_2.13:$VERSION with Maven (first time only)..." >&2
  local repo=()
  if [ -n "${SLUICE_MAVEN_REPO:-}" ]; then repo=(-Dmaven.repo.local="$SLUICE_MAVEN_REPO"); fi
  if ! mvn -B -q "${repo[@]}" -f "$HOME_DIR/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DoutputDirectory="$LIB" -DincludeScope=runtime >"$HOME_DIR/mvn.log" 2>&1; then
    tail -30 "$HOME_DIR/mvn.log" >&2
    die "Maven could not fetch Kafka $VERSION (log: $HOME_DIR/mvn.log)"
  fi
  [ -f "$LIB/kafka_2.13-$VERSION.jar" ] || die "kafka_2.13-$VERSION.jar missing from $LIB"
  touch "$LIB/.complete"
}

# free_port prints a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  if command -v python3 >/dev/null &&
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null; then
    return 0
  fi
  local p _
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    if ! accepts "$p"; then echo "$p"; return 0; fi
  done
  die "no free port found"
}

# accepts PORT: something accepts TCP connections on 127.0.0.1:PORT.
accepts() {
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash, on purpose
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# alive PID: the process exists, is not a zombie, and is a Kafka broker (not
# another program that got the pid of a broker that died).
alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ "$state" != Z ] && [ "$state" != X ] || return 1
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && alive "$pid" && echo "$pid"
}

recorded_port() {
  [ -f "$PORTFILE" ] || return 1
  cat "$PORTFILE"
}

write_config() {
  local port="$1" cport="$2"
  cat >"$PROPS" <<EOF
# Written by scripts/kafka-local.sh: single-node KRaft, combined mode, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA
num.partitions=2
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer partitions for the internal topics (default 50 each) make the first
# consumer group and the first transaction fast on a small machine.
offsets.topic.num.partitions=4
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
EOF
  cat >"$STATE/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

# format writes the KRaft metadata of a new cluster into $DATA.
format() {
  local id
  # A cluster id is 16 random bytes in URL-safe base64 without padding.
  id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  if ! java -Xmx256m -Dlog4j2.configurationFile="$STATE/log4j2.properties" -cp "$LIB/*" \
      kafka.tools.StorageTool format -t "$id" -c "$PROPS" >"$STATE/format.log" 2>&1; then
    tail -30 "$STATE/format.log" >&2
    die "formatting the storage failed (log: $STATE/format.log)"
  fi
}

start() {
  local want=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) [ $# -ge 2 ] || die "--port needs a value"; want="$2"; shift 2 ;;
      --port=*) want="${1#--port=}"; shift ;;
      *) die "start: unknown argument $1" ;;
    esac
  done
  [[ "$want" =~ ^[0-9]+$ ]] || die "--port must be a number"
  local pid port cport
  if pid="$(running_pid)"; then
    port="$(recorded_port)" || die "broker pid $pid runs but its port is not recorded in $PORTFILE"
    if [ "$want" != 0 ] && [ "$want" != "$port" ]; then
      die "already running on port $port (pid $pid); stop it first"
    fi
    return 0
  fi
  fetch quiet
  if [ -f "$KEPT" ] && [ -f "$DATA/meta.properties" ]; then
    # Data kept by `stop --keep-data`: same cluster, same ports.
    port="$(recorded_port)" || die "kept state in $STATE has no port"
    cport="$(cat "$CPORTFILE")"
    if [ "$want" != 0 ] && [ "$want" != "$port" ]; then
      die "kept data in $STATE belongs to port $port; start --port $port or stop to discard it"
    fi
    rm -f "$KEPT" "$PIDFILE"
  else
    rm -rf "$STATE"
    mkdir -p "$STATE"
    port="$want"
    if [ "$port" = 0 ]; then port="$(free_port)"; fi
    cport="$(free_port)"
    while [ "$cport" = "$port" ]; do cport="$(free_port)"; done
    echo "$port" >"$PORTFILE"
    echo "$cport" >"$CPORTFILE"
    write_config "$port" "$cport"
    format
  fi
  if accepts "$port"; then die "port $port is already taken by another program"; fi
  if accepts "$cport"; then die "controller port $cport is already taken by another program"; fi

  # setsid: the broker outlives this script and is not killed with its shell.
  setsid java -Xmx"${SLUICE_KAFKA_HEAP:-512m}" -Xss1m -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$STATE/log4j2.properties" \
    -cp "$LIB/*" kafka.Kafka "$PROPS" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"

  # Ready when the broker logged that it started (KRaft: registered with the
  # controller and unfenced, so metadata requests see it) and the port accepts.
  local deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! running_pid >/dev/null; then
      tail -40 "$LOG" >&2 || true
      rm -f "$PIDFILE"
      die "Kafka exited during startup (log: $LOG)"
    fi
    if grep -q 'Kafka Server started' "$LOG" 2>/dev/null && accepts "$port"; then
      return 0
    fi
    sleep 0.25
  done
  tail -40 "$LOG" >&2 || true
  cp "$LOG" "$STATE.failed.log" 2>/dev/null || true
  stop
  die "Kafka did not come up on 127.0.0.1:$port within ${START_TIMEOUT}s (log kept: $STATE.failed.log)"
}

stop() {
  local keep=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --keep-data) keep=1; shift ;;
      *) die "stop: unknown argument $1" ;;
    esac
  done
  local pid
  if pid="$(running_pid)"; then
    kill "$pid" 2>/dev/null || true
    # A clean shutdown of a combined-mode node takes a few seconds.
    for _ in $(seq 1 120); do
      alive "$pid" || break
      sleep 0.25
    done
    if alive "$pid"; then
      echo "kafka-local: broker pid $pid ignored SIGTERM for 30 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do
        alive "$pid" || break
        sleep 0.25
      done
    fi
  fi
  if [ -n "$keep" ] && [ -f "$DATA/meta.properties" ]; then
    rm -f "$PIDFILE"
    touch "$KEPT"
    return 0
  fi
  rm -rf "$STATE"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  fetch) fetch ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  url)
    running_pid >/dev/null || die "no broker running; run: $0 start"
    echo "127.0.0.1:$(recorded_port)"
    ;;
  status) running_pid >/dev/null && accepts "$(recorded_port)" ;;
  pid) running_pid || die "no broker running; run: $0 start" ;;
  *) echo "usage: $0 fetch | start [--port N] | url | status | pid | stop [--keep-data]" >&2; exit 2 ;;
esac
