"""Asks Apache Flink 1.20 how it treats SQL hints (STATE_TTL, OPTIONS, join
hints, unknown and misplaced hints) and records its answers: for each
statement, the hints in its optimized plan or the error Flink raises.
Sluice's planner follows these answers (engine/plan/hints.go); its golden
tests (engine/plan/testdata/*hint*) are the same cases in Sluice's terms.

Usage: python hints.py OUT.txt JAR...   (hints.sh sets up PyFlink and the
Kafka connector jars and calls this)

Nothing runs: each statement is only planned (EXPLAIN), which is where Flink
checks hints. STATE_TTL's effective per-input TTLs come from COMPILE PLAN
(the join node's "state" entries).
"""

import json
import os
import re
import sys
import tempfile

KAFKA = ("'connector'='kafka','properties.bootstrap.servers'='localhost:9092',"
         "'format'='json','scan.startup.mode'='earliest-offset'")
DDL = [
    "CREATE TABLE t (a BIGINT, b STRING) WITH (%s, 'topic'='t')" % KAFKA,
    "CREATE TABLE f (a BIGINT, b STRING) WITH (%s, 'topic'='f')" % KAFKA,
    "CREATE TABLE g (a BIGINT, b STRING) WITH (%s, 'topic'='g')" % KAFKA,
    "CREATE TABLE o (a BIGINT, b STRING) WITH ('connector'='blackhole')",
    "CREATE TABLE ok (a BIGINT, b STRING) WITH ('connector'='kafka','topic'='o',"
    "'properties.bootstrap.servers'='localhost:9092','format'='json')",
    "CREATE VIEW vj AS SELECT /*+ STATE_TTL('t'='1d') */ t.a, f.b FROM t JOIN f ON t.a = f.a",
    "CREATE VIEW vt AS SELECT a, b FROM t",
]

J = "t.a, f.b FROM t JOIN f ON t.a = f.a"
# (settings, [INSERT ...]); several INSERTs are explained as one statement set.
CASES = [
    # STATE_TTL
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1d', 'f'='12 h') */ " + J]),
    ({"table.exec.state.ttl": "2 h"}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1d') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('l'='1d') */ l.a, r.b FROM t AS l JOIN f AS r ON l.a = r.a"]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1d') */ l.a, r.b FROM t AS l JOIN f AS r ON l.a = r.a"]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('zz'='1d') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('T'='1d') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('zz'='1d') */ a, b FROM t"]),
    ({}, ["INSERT INTO o SELECT * FROM vj"]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('vt'='1d') */ vt.a, f.b FROM vt JOIN f ON vt.a = f.a"]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='abc') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1.5 h') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='0', 'f'='100') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL(t) */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL() */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'=1) */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1d'), STATE_TTL('t'='2d', 'f'='3d') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1d', 't'='2d') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('g'='1d', 't'='2d') */ " + J + " JOIN g ON f.a = g.a"]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1d') */ t.a, s.b FROM t JOIN "
          "(SELECT f.a, f.b FROM f JOIN g ON f.a = g.a) AS s ON t.a = s.a"]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('g'='1d') */ t.a, s.b FROM t JOIN "
          "(SELECT f.a, f.b FROM f JOIN g ON f.a = g.a) AS s ON t.a = s.a"]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1d') */ s.a, s.b FROM (SELECT " + J + ") AS s"]),
    ({}, ["INSERT INTO o SELECT t.a, f.b FROM t /*+ STATE_TTL('t'='1d') */ JOIN f ON t.a = f.a"]),
    ({}, ["INSERT INTO o /*+ STATE_TTL('t'='1d') */ SELECT " + J]),
    ({}, ["INSERT INTO o /*+ STATE_TTL('t'='abc') */ SELECT " + J]),
    ({}, ["INSERT INTO o SELECT /*+ STATE_TTL('t'='1d') */ " + J,
          "INSERT INTO ok SELECT " + J]),
    # OPTIONS
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset') */"]),
    ({}, ["INSERT INTO o SELECT x.a, x.b FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset') */ AS x"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('nope'='x') */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='bogus') */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('SCAN.STARTUP.MODE'='latest-offset') */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS() */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode') */"]),
    ({"table.dynamic-table-options.enabled": "false"},
     ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset') */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM vt /*+ OPTIONS('scan.startup.mode'='latest-offset') */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset'), OPTIONS('nope'='x') */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='bogus'), OPTIONS('scan.startup.mode'='latest-offset') */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset', 'scan.startup.mode'='bogus') */"]),
    ({}, ["INSERT INTO o SELECT /*+ OPTIONS('nope'='x') */ a, b FROM t"]),
    ({}, ["INSERT INTO ok /*+ OPTIONS('sink.partitioner'='round-robin') */ SELECT a, b FROM t"]),
    ({}, ["INSERT INTO o /*+ OPTIONS('nope'='x') */ SELECT a, b FROM t"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset') */",
          "INSERT INTO ok SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='earliest-offset') */",
          "INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset') */",
          "INSERT INTO ok SELECT a, b FROM t"]),
    # join hints, internal, unknown and misplaced hints
    ({}, ["INSERT INTO o SELECT /*+ BROADCAST(f) */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ SHUFFLE_HASH(t, f), SHUFFLE_MERGE(t), NEST_LOOP(f) */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ broadcast(f) */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ BROADCAST(zz) */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ BROADCAST */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ BROADCAST('f'='x') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ BROADCAST(zz) */ a, b FROM t"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ BROADCAST(t) */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ BROADCAST */"]),
    ({}, ["INSERT INTO o SELECT /*+ LOOKUP('table'='f') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ LOOKUP('table'='r') */ l.a, r.b FROM t AS l JOIN f AS r ON l.a = r.a"]),
    ({}, ["INSERT INTO o SELECT /*+ LOOKUP('table'='zz') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ LOOKUP('async'='true') */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ LOOKUP(f) */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ ALIAS(f), JSON_AGGREGATE_WRAPPED */ " + J]),
    ({}, ["INSERT INTO o SELECT /*+ FOO */ " + J]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ FOO('x'='y') */"]),
    ({}, ["INSERT INTO o /*+ FOO */ SELECT a, b FROM t"]),
    ({}, ["INSERT INTO o SELECT /*+ BROADCAST(t) */ /*+ SHUFFLE_HASH(t) */ " + J]),
    ({}, ["INSERT INTO o SELECT a, b FROM t /*+ OPTIONS('format'='json') */ /*+ OPTIONS('format'='json') */"]),
    ({}, ["INSERT INTO o SELECT a, b FROM t AS x /*+ OPTIONS('format'='json') */"]),
    ({}, ["INSERT INTO o SELECT a /*+ BROADCAST(t) */, b FROM t"]),
]


def err_text(e):
    lines = [l.rstrip() for l in str(e).splitlines() if l.strip()]
    keep = [l for l in lines if not re.match(r"\s+(at |\.\.\. \d+ more)", l)]
    # The Java exception's message: after the py4j preamble, before the
    # connector's option list and the parser's list of expected tokens.
    keep = [l for l in keep if not l.startswith("An error occurred while calling")]
    out = []
    for l in keep:
        if l.startswith("Was expecting") or l.startswith("Table options are:") or l.startswith("Supported options:"):
            break
        out.append(l.lstrip(": "))
    return "\n".join(out[:6])


def hint_lines(plan):
    """The plan lines that carry hints (joins, scans, sinks), trimmed."""
    start = plan.find("== Optimized Physical Plan ==")
    end = plan.find("== Optimized Execution Plan ==")
    out = []
    for l in plan[start:end].splitlines()[1:]:
        m = re.search(r"(Join|TableSourceScan|Sink)\(", l)
        if not m:
            continue
        name = m.group(1)
        hints = re.findall(r"(?:joinHints|stateTtlHints|hints)=\[\[.*?\]\]\]", l)
        table = re.search(r"table=\[\[?[^\]]*?(\w+)\]", l)
        what = name + ("(" + table.group(1) + ")" if table else "")
        out.append(l[: m.start()].replace("+- ", "").replace(":- ", "").replace(":  ", "  ") + what + " " + " ".join(hints))
    return [l.rstrip() for l in out]


def main():
    out_path, jars = sys.argv[1], sys.argv[2:]
    from pyflink.table import EnvironmentSettings, TableEnvironment

    t = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t.get_config().set("pipeline.jars", ";".join("file://" + j for j in jars))
    for d in DDL:
        t.execute_sql(d)
    tmp = tempfile.mkdtemp()
    lines = ["# Apache Flink 1.20 on SQL hints; written by scripts/flink-oracle/hints.sh", "#", "# Tables: " + "; ".join(DDL), ""]
    for n, (settings, inserts) in enumerate(CASES):
        defaults = {"table.exec.state.ttl": "0 ms", "table.dynamic-table-options.enabled": "true"}
        for k, v in {**defaults, **settings}.items():
            t.get_config().set(k, v)
        head = "".join("SET '%s' = '%s'; " % kv for kv in settings.items())
        lines.append("=== " + head + ";\n    ".join(inserts))
        try:
            if len(inserts) > 1:
                ss = t.create_statement_set()
                for i in inserts:
                    ss.add_insert_sql(i)
                plan = ss.explain()
                lines += ["  " + l for l in hint_lines(plan)]
                ex = plan[plan.find("== Optimized Execution Plan =="):]
                lines.append("  reused sub-plans: %d" % ex.count("Reused("))
            else:
                plan = t.explain_sql(inserts[0])
                lines += ["  " + l for l in hint_lines(plan)]
                if "STATE_TTL" in inserts[0]:
                    path = os.path.join(tmp, "plan%d.json" % n)
                    t.execute_sql("COMPILE PLAN '%s' FOR %s" % (path, inserts[0]))
                    for node in json.load(open(path))["nodes"]:
                        if node["type"].startswith("stream-exec-join"):
                            ttl = {s["name"]: s["ttl"] for s in node.get("state", [])}
                            lines.append("  join state TTL: left %s, right %s" % (ttl.get("leftState"), ttl.get("rightState")))
        except Exception as e:  # Flink's rejection is the answer
            lines += ["  ERROR: " + l for l in err_text(e).splitlines()]
        lines.append("")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print("wrote %s (%d cases)" % (out_path, len(CASES)))


if __name__ == "__main__":
    main()
