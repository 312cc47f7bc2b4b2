"""Runs the repository's processor.sql, unchanged but for bounded sources, on
Apache Flink (PyFlink, streaming mode, Kafka SQL connector) against a real
Kafka broker, over the differential suite's seed inputs, and records what
Flink wrote to the flagged-transactions topic (key and value bytes) and
printed: e2e/flinkdiff/cases/seed_join/flink_kafka.out. The e2e test
TestSeedJobOnKafkaEqualsFlink compares Sluice's Kafka output with it.

Usage: python seed_kafka.py BOOTSTRAP JAR...   (seed-kafka.sh starts Kafka and calls this)

The input lines go to Kafka byte for byte through Flink's raw format; the
output is read back the same way. Print lines come from the JVM's stdout, so
the jobs run in a child process ("jobs" mode) whose stdout goes to a file.
"""

import json
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CASE = os.path.join(ROOT, "e2e", "flinkdiff", "cases", "seed_join")
sys.path.insert(0, HERE)
from diff import PRINT_LINE, run_child, run_script  # noqa: E402


def rendered_job(bootstrap):
    """processor.sql with application_properties.json's placeholders filled,
    the brokers pointed at the local Kafka and both sources bounded."""
    props = {}
    for g in json.load(open(os.path.join(ROOT, "application_properties.json"))):
        for k, v in g["PropertyMap"].items():
            props["%s.%s" % (g["PropertyGroupId"], k)] = v
    for k in list(props):
        if k.endswith(".bootstrap.servers"):
            props[k] = bootstrap
    text = open(os.path.join(ROOT, "processor.sql"), encoding="utf-8").read()
    text = re.sub(r"\$\{([^}]+)\}", lambda m: props.get(m.group(1), m.group(0)), text)  # comments keep theirs
    text, n = re.subn(r"('scan\.startup\.mode' = '[^']*')", r"\1,\n    'scan.bounded.mode' = 'latest-offset'", text)
    if n != 2:
        raise SystemExit("processor.sql: expected 2 sources with scan.startup.mode, found %d" % n)
    return text


def run_jobs(bootstrap, jars, work):
    from pyflink.table import EnvironmentSettings, TableEnvironment

    t = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t.get_config().set("parallelism.default", "1")
    t.get_config().set("pipeline.jars", ";".join("file://" + j for j in jars))

    def kafka_raw(name, topic, extra=""):
        return ("CREATE TABLE %s (line STRING) WITH ('connector' = 'kafka', 'topic' = '%s', "
                "'properties.bootstrap.servers' = '%s', 'format' = 'raw'%s)" % (name, topic, bootstrap, extra))

    # 1. The inputs, line for line.
    ss = t.create_statement_set()
    for name, topic, fn in (("in_flags", "flagged-accounts", "flagged_accounts.jsonl"),
                            ("in_tx", "transactions", "transactions.jsonl")):
        t.execute_sql("CREATE TABLE %s_file (line STRING) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'raw')"
                      % (name, os.path.join(CASE, fn)))
        t.execute_sql(kafka_raw(name, topic))
        ss.add_insert_sql("INSERT INTO %s SELECT line FROM %s_file" % (name, name))
    ss.execute().wait()

    # 2. The seed job.
    print("@@job", flush=True)
    run_script(t, rendered_job(bootstrap))
    sys.stdout.flush()
    print("@@end", flush=True)

    # 3. What it wrote: key and value bytes.
    t.execute_sql("CREATE TABLE out_raw (k STRING, v STRING) WITH ('connector' = 'kafka', 'topic' = 'flagged-transactions', "
                  "'properties.bootstrap.servers' = '%s', 'scan.startup.mode' = 'earliest-offset', "
                  "'scan.bounded.mode' = 'latest-offset', 'key.format' = 'raw', 'key.fields' = 'k', "
                  "'value.format' = 'raw', 'value.fields-include' = 'EXCEPT_KEY')" % bootstrap)
    rows = []
    with t.execute_sql("SELECT k, v FROM out_raw").collect() as res:
        for r in res:
            rows.append([r[0], r[1]])
    json.dump(rows, open(os.path.join(work, "kafka.json"), "w"))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "jobs":
        run_jobs(sys.argv[2], sys.argv[4:], sys.argv[3])
        return
    bootstrap, jars = sys.argv[1], sys.argv[2:]
    work = tempfile.mkdtemp(prefix="flink-seed-kafka-")
    stdout = run_child([__file__, "jobs", bootstrap, work] + jars, work)
    prints = [l for l in stdout[stdout.index("@@job") + 1:stdout.index("@@end")] if PRINT_LINE.match(l)]
    rows = json.load(open(os.path.join(work, "kafka.json")))
    from pyflink.version import __version__ as flink_version
    out = ["# Recorded on Apache Flink %s by scripts/flink-oracle/seed-kafka.sh; do not edit." % flink_version,
           "== print =="] + sorted(prints)
    out += ["== kafka flagged-transactions keys =="] + sorted(k for k, _ in rows)
    out += ["== kafka flagged-transactions values =="] + sorted(v for _, v in rows)
    path = os.path.join(CASE, "flink_kafka.out")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("wrote %s (%d records)" % (path, len(rows)))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
