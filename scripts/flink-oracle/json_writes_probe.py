"""Records what Flink 1.20's json format writes for values a json source
cannot produce (null MAP keys under each json.map-null-key.mode, a ROW with
a null field under json.encode.ignore-null-fields, TIME(3) with
milliseconds) and what it does with INTERVAL columns (its DDL parser
refuses them). TestNestedEncode in connectors/formats/json holds the results.

Usage: $FLINK_ORACLE_VENV/bin/python scripts/flink-oracle/json_writes_probe.py
"""
import glob
import os
import tempfile
from pyflink.table import EnvironmentSettings, TableEnvironment
work = tempfile.mkdtemp(prefix="json-writes-probe-")
t = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
t.get_config().set("parallelism.default", "1")
def out(name, cols, opts, select):
    d = os.path.join(work, "out_" + name)
    t.execute_sql("CREATE TABLE %s (%s) WITH ('connector'='filesystem','path'='%s','format'='json'%s)" % (name, cols, d, opts))
    try:
        t.execute_sql("INSERT INTO %s %s" % (name, select)).wait()
        for f in sorted(glob.glob(d + "/*")):
            if not os.path.basename(f).startswith("."):
                for l in open(f):
                    print("PROBE", name, l.rstrip())
    except Exception as e:
        lines = [l for l in str(e).splitlines() if "Caused by" in l]
        print("PROBE", name, "ERROR", lines[-3:])
sel = "SELECT MAP[CAST(NULL AS STRING), 1, 'a', 2], ROW('x', CAST(NULL AS INT)), TIME '12:34:56.789'"
cols = "m MAP<STRING, INT>, r ROW<s STRING, i INT>, t TIME(3)"
out("nk_fail", cols, "", sel)
out("nk_drop", cols, ",'json.map-null-key.mode'='DROP'", sel)
out("nk_lit", cols, ",'json.map-null-key.mode'='LITERAL','json.map-null-key.literal'='NUL'", sel)
out("nk_lit_a", cols, ",'json.map-null-key.mode'='LITERAL','json.map-null-key.literal'='a'", sel)
out("ign", cols, ",'json.map-null-key.mode'='DROP','json.encode.ignore-null-fields'='true'", sel)
with open(os.path.join(work, "iv.jsonl"), "w") as f:
    f.write('{"ym":14,"dt":90061001}\n')
try:
    t.execute_sql("CREATE TABLE iv (ym INTERVAL YEAR TO MONTH, dt INTERVAL DAY TO SECOND(3)) WITH ('connector'='filesystem','path'='%s','format'='json')" % os.path.join(work, "iv.jsonl"))
    for r in t.execute_sql("SELECT CAST(ym AS STRING), CAST(dt AS STRING) FROM iv").collect():
        print("PROBE iv", r)
    out("ivout", "ym INTERVAL YEAR TO MONTH, dt INTERVAL DAY TO SECOND(3)", "", "SELECT * FROM iv")
except Exception as e:
    print("PROBE iv ERROR", str(e).splitlines()[:3])
