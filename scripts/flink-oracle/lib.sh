# Sourced by the scripts in this directory: where PyFlink and the Kafka SQL
# connector live, and how Java must run for the recorded bytes to be right.
#
#   $FLINK_ORACLE_VENV  PyFlink's virtualenv (default ~/.cache/sluice/flink-oracle-venv)
#   $FLINK_ORACLE_JARS  the Kafka connector's jars (default ~/.cache/sluice/flink-oracle-jars)

venv="${FLINK_ORACLE_VENV:-$HOME/.cache/sluice/flink-oracle-venv}"
jars="${FLINK_ORACLE_JARS:-$HOME/.cache/sluice/flink-oracle-jars}"

# oracle_venv creates the venv with PyPI's apache-flink 1.20 unless it exists.
oracle_venv() {
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet 'apache-flink==1.20.*'
    fi
}

# oracle_kafka_jars puts the Kafka SQL connector for Flink 1.20 into $jars:
# the fat jar when the Maven repository has it, else the same connector
# unshaded plus the libraries the fat jar bundles (flink-connector-base is in
# flink-dist already).
oracle_kafka_jars() {
    fetch() { mvn -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$jars" >/dev/null 2>&1; }
    mkdir -p "$jars"
    if ls "$jars"/flink-*connector-kafka-*-1.20.jar >/dev/null 2>&1; then
        return
    fi
    if ! fetch org.apache.flink:flink-sql-connector-kafka:3.3.0-1.20; then
        echo "flink-sql-connector-kafka:3.3.0-1.20 not in the Maven repository; using flink-connector-kafka:3.3.0-1.20 + kafka-clients" >&2
        for a in com.google.guava:failureaccess:1.0.1 com.google.guava:guava:32.1.2-jre \
                 org.apache.kafka:kafka-clients:3.4.0 org.apache.flink:flink-connector-kafka:3.3.0-1.20; do
            fetch "$a" || { echo "mvn dependency:copy failed for $a" >&2; exit 1; }
        done
    fi
}

# Java must write UTF-8 to stdout whatever the machine's locale.
export LANG=C.UTF-8
export JAVA_TOOL_OPTIONS="-Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8"
