"""Runs small Flink SQL jobs (filesystem/json source -> print + filesystem/json
sinks) over crafted inputs and records exactly what Apache Flink prints and
writes, as test vectors for Sluice's json format and print connector.

Usage: python oracle.py OUT.json   (run.sh sets up PyFlink and calls this)

The Flink jobs print to the JVM's stdout, so the script re-runs itself as a
child ("jobs" mode) with stdout sent to a file, then assembles the vectors.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

# Columns of the wide table most groups use: one of every supported type.
ALL_TYPES = [
    ("id", "INT"),
    ("b", "BOOLEAN"),
    ("ti", "TINYINT"),
    ("si", "SMALLINT"),
    ("i", "INT"),
    ("bi", "BIGINT"),
    ("f", "FLOAT"),
    ("d", "DOUBLE"),
    ("dec", "DECIMAL(10, 2)"),
    ("s", "STRING"),
    ("dt", "DATE"),
    ("ts", "TIMESTAMP(3)"),
    ("ltz", "TIMESTAMP_LTZ(3)"),
    ("by", "BYTES"),
]

# Constructed columns and TIME (Flink's JsonParserToRowDataConverters /
# RowDataToJsonConverters for ARRAY, MAP, MULTISET, ROW).
NESTED = [
    ("id", "INT"),
    ("t", "TIME(3)"),
    ("arr", "ARRAY<INT>"),
    ("m", "MAP<STRING, DECIMAL(10, 2)>"),
    ("ms", "MULTISET<STRING>"),
    ("r", "ROW<`a` STRING, `inn` ROW<`x` INT, `s` STRING>>"),
    ("ar", "ARRAY<ROW<`x` INT, `s` STRING>>"),
]

NESTED_INPUT = [
    '{"id":1,"t":"12:34:56.789","arr":[1,null,3],"m":{"a":1.5,"b":null},"ms":{"x":2},'
    '"r":{"a":"A","inn":{"x":7,"s":"q"}},"ar":[{"x":1,"s":"u"},null,{"s":"v"}]}',
    '{"id":2,"t":null,"arr":null,"r":{"inn":null}}',
    '{"ar":[],"r":{"zz":[1,{"a":2}],"inn":{"s":"z","x":"5"},"a":"b"},"m":{"k":1,"k":2},"id":3,"arr":[]}',
    '{"id":4,"t":"23:59:59.999999999"}',
    '{"id":5,"t":"01:02:03","r":{"a":{"k":[1, 2]}}}',
    '{"id":6,"t":"07:08:09.1","arr":[],"m":{},"ms":{},"r":{},"ar":[{}]}',
]

NESTED_BAD = [
    '{"id":10,"t":"noon","arr":[1,"x",3],"m":{"a":"bad"},"r":{"a":"A","inn":{"x":"y","s":"s"}},"ar":"nope"}',
    '{"id":11,"t":"12:00","arr":{"a":1},"m":[1],"r":"x","ar":[{"x":[]}]}',
    '{"id":12,"t":"25:00:00","ms":{"x":2}}',
]
# Not recorded: a MULTISET count that fails to read ({"x":"two"} under
# ignore-parse-errors), like a JSON null count, is null, on which Flink 1.20 fails the job with a
# NullPointerException (GenericArrayData.getObject(int).intValue()).

NO_DECIMAL = [c for c in ALL_TYPES if c[0] != "dec"]

TRANSACTION = [
    ("account_id", "BIGINT"),
    ("customer_id", "VARCHAR(15)"),
    ("merchant_type", "VARCHAR(8)"),
    ("transaction_id", "VARCHAR(16)"),
    ("transaction_type", "VARCHAR(20)"),
    ("transaction_amount", "DECIMAL(10, 2)"),
    ("transaction_date", "TIMESTAMP(3)"),
]

SQL_TS = [
    "2023-08-10 12:34:56",
    "2023-08-10 12:34:56.1",
    "2023-08-10 12:34:56.12",
    "2023-08-10 12:34:56.123",
    "2023-08-10 12:34:56.1234",
    "2023-08-10 12:34:56.12345",
    "2023-08-10 12:34:56.123456",
    "2023-08-10 12:34:56.1234567",
    "2023-08-10 12:34:56.12345678",
    "2023-08-10 12:34:56.123456789",
    "2023-08-10 12:34:56.120",
    "2023-08-10 12:34:56.000",
    "2023-08-10 12:34:56.",
    "2023-08-10 12:34:00",
    "2023-08-10 00:00:00",
    "2023-08-10 00:00:00.000001",
    "2023-08-10 24:00:00",
    "2023-02-29 10:00:00",
    "2024-02-29 10:00:00",
    "2023-04-31 10:00:00",
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59.999999999",
    "1969-12-31 23:59:59.5",
    # errors (NULL with ignore-parse-errors)
    "2023-08-10T12:34:56",
    "2023-08-10 1:34:56",
    "2023-08-10 12:34",
    "2023-08-10 12:34:56.1234567891",
    "2023-08-10 12:34:56 ",
    " 2023-08-10 12:34:56",
    "2023-08-10 12:34:60",
    "2023-08-10 24:00:01",
    "2023-02-32 10:00:00",
    "2023-13-01 10:00:00",
    "23-08-10 12:34:56",
    "2023-8-10 12:34:56",
    "+2023-08-10 12:34:56",
    "2023-08-10 12:34:56Z",
]

ISO_TS = [
    "2023-08-10T12:34:56",
    "2023-08-10T12:34:56.123",
    "2023-08-10T12:34:56.123456789",
    "2023-08-10t12:34:56",
    "2023-08-10T12:34",
    "2023-08-10T12:34:56.",
    "2023-08-10T00:00:00",
    "2023-08-10T24:00:00",
    "2023-02-29T10:00:00",
    "2023-08-10 12:34:56",
    "2023-08-10T12:34:56Z",
    "2023-08-10T12",
]

DOUBLES = [
    "1e10", "0.0001", "1e-5", "123456789", "1e7", "9999999", "1.0E-3", "0.001", "100",
    "0", "-0.0", "1e400", "12.5", "0.1", "3.141592653589793", "1.7976931348623157E308",
    "4.9E-324", "2.5e-3", "1234567.125", "-1e-7",
    '"NaN"', '"Infinity"', '"-Infinity"', '" 2.5 "', '"1.5d"', '"0x1p3"', '"1e10"',
]

FLOATS = ["0.1", "3.4e38", "1e-45", "16777217", "1e7", "1.0E-3", "12.5", "1e40", '"1.5f"']

DECIMALS = [
    "12.5", "1.005", "-1.005", "1.004999", "123456789012", "99999999.995", "99999999.994",
    '"1e2"', "1E-10", "0", "-0.001", "12", '"12.345"', '" 7.5 "', "1e-400", '"1e99999"',
    "12345678.9", "-99999999.99", "true", '"abc"', '"1.5e"', '".5"', '"5."',
]

TINY_DECIMALS = ["0.00000001", "0", "0.000001", "0.0000001", "1", "-0.00000005", "0.000000005"]

STRINGS = [
    '"plain"',
    '"h\u00e9llo \u65e5\u672c \U0001F600"',
    r'"\"quote\" \\ \/ \b\f\n\r\t \u0001 \u00e9 \ud83d\ude00 \u001f \u007f"',
    '"raw\ttab and \x01 ctrl"',
    r'"\ud800 lone"',
    "12.50",
    "-0",
    "1e2",
    "true",
    "null",
    '{"x":[1,2.50,"a\\"b"],"y":{}}',
    '[1,{"y":null},1e2,-0,100.0,12345678901234567890,1e400,"\u00e9\\u0007/"]',
    "[]",
    '{"k":1,"k":2}',
    '" padded "',
    '""',
]

BOOLS = ['true', 'false', '"true"', '"TRUE"', '" true "', '"yes"', '1', '0', '"false"', '"1"']

INTS = [
    ("i", '1.9'), ("i", '-1.9'), ("i", '"12"'), ("i", '" 12 "'), ("i", '"+3"'), ("i", '"007"'),
    ("i", '3000000000'), ("i", '2147483647'), ("i", '2147483647.5'), ("i", '"1.0"'), ("i", '"1_000"'),
    ("i", '1e2'), ("i", 'true'), ("i", '"abc"'), ("i", '1.5e300'),
    ("bi", '9223372036854775807'), ("bi", '9223372036854775808'), ("bi", '1e19'), ("bi", '9.2233720368547758E18'),
    ("bi", '"-9223372036854775808"'), ("bi", '1e2'), ("bi", '-1.9'),
    ("ti", '127'), ("ti", '128'), ("ti", '-128'), ("ti", '200'), ("ti", '"1.0"'), ("ti", '1.0'), ("ti", '"12"'),
    ("si", '32767'), ("si", '40000'), ("si", '1.0'), ("si", '"-5"'),
]

DATES = ['"2023-08-10"', '"2023-02-29"', '"2024-02-29"', '"0001-01-01"', '"9999-12-31"', '"1969-12-31"',
         '" 2023-08-10"', '"2023-8-10"', '"2023-08-10T00:00"', '20230810']

LTZ = ['"2023-08-10 12:34:56Z"', '"2023-08-10 12:34:56.5Z"', '"2023-08-10 12:34:56"',
       '"2023-08-10 12:34:56z"', '"1970-01-01 00:00:00Z"', '"2023-08-10 12:34:56.123456Z"']

BYTES = ['"AQID"', '""', '"AQI="', '"/w=="', '"!!"', '"AQI"', "12"]

# Structural and misalignment cases for ignore-parse-errors (each line's id
# tells which survived).
STRUCTURAL = [
    '{"id":1000,',
    'not json',
    '[1,2]',
    '"str"',
    '123',
    '   ',
    '',
    'null',
    '{"id":1001,"i":{"x":1},"bi":5}',
    '{"id":1002,"b":{"x":1},"bi":5}',
    '{"id":1003,"i":[1,2],"bi":7}',
    '{"id":1004,"a":1}garbage',
    '{"id":1005,"i":01}',
    '{"id":1006}{"id":1007}',
    '{"id":1008,"id":1009,"i":5}',
    '{"id":1010,"s":"\\u00"}',
    '{"id":1011,"s":"abc"',
    '{"id":1012,"i":5,}',
    "{'id':1013}",
    '{"id":1014,"s":"bad \udcff utf8"}',
    '{"id":1015,"zzz":"bad \udcff utf8"}',
    '\ufeff{"id":1016}',
    '{"id":1017,"i":-}',
    '{"id":1018,"i":NaN}',
    '{"id":1019,"i":1.}',
    '{"id":1020,"i":+1}',
    '{"id":1021,"b":truex}',
    '{"id":1022,"zzz":[1,{"a":[]}],"i":3}',
    ' {"id":1023} ',
    '{"id":1024,"i":"5","i":"x"}',
    '{"id":1025,"by":12,"i":6}',
    '{"id":1026,"dt":{"a":1},"i":6}',
    '{"id":1027,"s":{"a":1},"i":6}',
    '{"id":1028,"i":1e999}',
    '{"id":1029,"i":5}   x',
    '{"id":1030,"dec":{"a":1},"i":6}',
    '{"id":1031,"b":"x\udcffy"}',
]


def lines_for(field, values, start):
    return ['{"id":%d,"%s":%s}' % (start + k, field, v) for k, v in enumerate(values)]


def ts_lines(field, values, start):
    return lines_for(field, [json.dumps(v) for v in values], start)


def groups():
    g = []
    g.append(dict(
        name="basic", columns=ALL_TYPES, options={},
        input=[
            '{"id":1,"b":true,"ti":1,"si":2,"i":3,"bi":4,"f":1.5,"d":2.5,"dec":12.5,"s":"hello",'
            '"dt":"2023-08-10","ts":"2023-08-10 12:34:56.123","ltz":"2023-08-10 12:34:56.123Z","by":"AQID"}',
            '{"id":2,"b":null,"ti":null,"si":null,"i":null,"bi":null,"f":null,"d":null,"dec":null,'
            '"s":null,"dt":null,"ts":null,"ltz":null,"by":null}',
            '{}',
            '{"id":4,"b":"true","ti":"1","si":" 2 ","i":"+3","bi":"-4","f":"1.5","d":"2.5e3",'
            '"dec":"12.345","s":12,"dt":"2023-08-10","ts":"2023-08-10 00:00:00","by":""}',
            '{"id":5,"extra":{"a":[1,2,{"b":3}]},"s":"x","more":[[]],"last":null}',
            '  {"id":6, "s" : "spaced" }  ',
        ]))
    g.append(dict(name="bools", columns=ALL_TYPES, options={"ignore-parse-errors": "true"},
                  input=lines_for("b", BOOLS, 100)))
    ints = ['{"id":%d,"%s":%s}' % (200 + k, f, v) for k, (f, v) in enumerate(INTS)]
    g.append(dict(name="ints", columns=ALL_TYPES, options={"ignore-parse-errors": "true"}, input=ints))
    g.append(dict(name="doubles", columns=ALL_TYPES, options={"ignore-parse-errors": "true"},
                  input=lines_for("d", DOUBLES, 300)))
    g.append(dict(name="floats", columns=ALL_TYPES, options={"ignore-parse-errors": "true"},
                  input=lines_for("f", FLOATS, 350)))
    g.append(dict(name="decimals", columns=ALL_TYPES, options={"ignore-parse-errors": "true"},
                  input=lines_for("dec", DECIMALS, 400)))
    g.append(dict(name="tiny_decimals", columns=[("id", "INT"), ("dec", "DECIMAL(10, 8)"), ("big", "DECIMAL(38, 18)")],
                  options={},
                  input=lines_for("dec", TINY_DECIMALS, 450)
                  + lines_for("big", ["12345678901234567890.123456789012345678", "1e-20", "0.5", '"-1E+5"'], 470)))
    g.append(dict(name="strings", columns=ALL_TYPES, options={"ignore-parse-errors": "true"},
                  input=lines_for("s", STRINGS, 500)))
    g.append(dict(name="strings_nodec", columns=NO_DECIMAL, options={"ignore-parse-errors": "true"},
                  input=lines_for("s", STRINGS, 550)))
    g.append(dict(name="ts_sql", columns=ALL_TYPES + [("ts9", "TIMESTAMP(9)"), ("ts0", "TIMESTAMP(0)")],
                  options={"ignore-parse-errors": "true"},
                  input=ts_lines("ts", SQL_TS, 600) + ts_lines("ts9", SQL_TS[:12], 700) + ts_lines("ts0", SQL_TS[:5], 750)))
    g.append(dict(name="ts_iso", columns=ALL_TYPES, options={"ignore-parse-errors": "true", "timestamp-format.standard": "ISO-8601"},
                  input=ts_lines("ts", ISO_TS, 800)
                  + lines_for("ltz", ['"2023-08-10T12:34:56Z"', '"2023-08-10T12:34Z"', '"2023-08-10T12:34:56.5z"',
                                      '"2023-08-10 12:34:56Z"', '"2023-08-10T12:34:56.000001Z"'], 850)))
    g.append(dict(name="dates", columns=ALL_TYPES, options={"ignore-parse-errors": "true"},
                  input=lines_for("dt", DATES, 900)))
    g.append(dict(name="ltz", columns=ALL_TYPES, options={"ignore-parse-errors": "true"},
                  input=lines_for("ltz", LTZ, 950)))
    g.append(dict(name="bytes", columns=ALL_TYPES, options={"ignore-parse-errors": "true"},
                  input=lines_for("by", BYTES, 980)))
    g.append(dict(name="structural", columns=ALL_TYPES, options={"ignore-parse-errors": "true"}, input=STRUCTURAL))
    g.append(dict(name="missing_ok", columns=ALL_TYPES, options={"fail-on-missing-field": "true"},
                  input=['{"id":1,"b":true,"ti":1,"si":2,"i":3,"bi":4,"f":1.5,"d":2.5,"dec":12.5,"s":"x",'
                         '"dt":"2023-08-10","ts":"2023-08-10 12:34:56","ltz":"2023-08-10 12:34:56Z","by":"AQID"}',
                         '{"id":2,"b":null,"ti":null,"si":null,"i":null,"bi":null,"f":null,"d":null,"dec":null,'
                         '"s":null,"dt":null,"ts":null,"ltz":null,"by":null}']))
    # Jobs that fail: the error message chain is recorded.
    g.append(dict(name="err_malformed", columns=ALL_TYPES, options={}, input=['{"id":1,"i":2', ]))
    g.append(dict(name="err_field", columns=ALL_TYPES, options={}, input=['{"id":1,"i":"abc"}']))
    g.append(dict(name="err_missing", columns=ALL_TYPES, options={"fail-on-missing-field": "true"},
                  input=['{"id":1,"i":2}']))
    g.append(dict(name="err_root_array", columns=ALL_TYPES, options={}, input=['[1]']))
    g.append(dict(name="err_blank", columns=ALL_TYPES, options={}, input=['  ']))
    # Encoding options.
    enc_in = [
        '{"id":1,"dec":12.5,"d":1e10,"f":0.1,"s":"a/b \\"q\\" \\\\ \\u0001\\u001f\\u007f \u00e9 \U0001F600 \\n\\t","dt":"2023-08-10",'
        '"ts":"2023-08-10 12:34:00","ltz":"2023-08-10 12:34:56.120Z","by":"AQID","b":false,"ti":-1,"si":-2,"i":-3,"bi":-4}',
        '{"id":2,"dec":100,"d":0.0001}',
        '{"id":3,"dec":0,"d":1e-5}',
        '{"id":4,"dec":0.01,"d":"NaN","f":"Infinity"}',
        '{"id":5,"dec":-120.10,"d":"-Infinity"}',
        '{"id":6,"dec":99999999.99,"d":123456789.0,"ts":"2023-08-10 12:34:56.000001"}',
    ]
    g.append(dict(name="enc_default", columns=ALL_TYPES, options={}, input=enc_in))
    g.append(dict(name="enc_plain", columns=ALL_TYPES, options={"encode.decimal-as-plain-number": "true"}, input=enc_in))
    g.append(dict(name="enc_ignore_nulls", columns=ALL_TYPES, options={"encode.ignore-null-fields": "true"}, input=enc_in))
    g.append(dict(name="enc_iso", columns=ALL_TYPES, options={"timestamp-format.standard": "ISO-8601"},
                  input=['{"id":1,"ts":"2023-08-10T12:34:00","ltz":"2023-08-10T12:34:56.120Z"}',
                         '{"id":2,"ts":"2023-08-10T12:34:56.123456","ltz":"2023-08-10T00:00:00Z"}']))
    g.append(dict(name="enc_tiny", columns=[("id", "INT"), ("dec", "DECIMAL(10, 8)"), ("big", "DECIMAL(38, 18)")],
                  options={}, input=lines_for("dec", TINY_DECIMALS, 450)
                  + lines_for("big", ["12345678901234567890.123456789012345678", "1e-20", "100"], 470)))
    g.append(dict(name="enc_tiny_plain", columns=[("id", "INT"), ("dec", "DECIMAL(10, 8)"), ("big", "DECIMAL(38, 18)")],
                  options={"encode.decimal-as-plain-number": "true"}, input=lines_for("dec", TINY_DECIMALS, 450)
                  + lines_for("big", ["12345678901234567890.123456789012345678", "1e-20", "100"], 470)))
    g.append(dict(name="misc", columns=ALL_TYPES + [("c5", "CHAR(5)"), ("v3", "VARCHAR(3)")],
                  options={"ignore-parse-errors": "true"},
                  input=[
                      '{"id":1,"c5":"ab","v3":"abcdef"}',
                      '{"id":2,"s":"\\u0000nul"}',
                      '{"id":3,"s":"a","s":null}',
                      '{"\\u0069d":4,"s":"escaped name"}',
                      '{"id":5,"by":"AQ ID"}',
                      '{"id":6,"by":"\\u0041QID"}',
                      '{"id":7,"by":"AQ==AQ=="}',
                      '{"id":8,"by":" AQID"}',
                      '{"id":9,"s":"\\ud83dabc"}',
                      '{"id":10,"s":"\\ude00x"}',
                      '{"id":11,"d":"1e400","i":"-0","f":"-0"}',
                      '{"id":12,"ts":"2023-08-10 12:34:56.5","ts":"bad"}',
                      '{"id":13,"s":"line1\\nline2","b":true}',
                      '{"id":14,"s":{"k":"v\\u00e9\\ud83d\\ude00","n":[true,false,null]}}',
                      '{"id":15,"dt":"2023-08-10","dt":null}',
                      '{"id":16,"by":"AQ"}',
                      '{"id":17,"by":"A"}',
                      '{"id":18,"s":"tab\there"}',
                  ]))
    g.append(dict(name="transaction", columns=TRANSACTION, options={},
                  input=['{"account_id":1001,"customer_id":"C1001","merchant_type":"online","transaction_id":"T0000000001",'
                         '"transaction_type":"purchase","transaction_amount":125.5,"transaction_date":"2023-08-10 12:34:56.789"}',
                         '{"account_id":1002,"customer_id":"C1002","merchant_type":"pos","transaction_id":"T0000000002",'
                         '"transaction_type":"refund","transaction_amount":-3.14159,"transaction_date":"2023-08-10 12:34:56"}']))
    g.append(dict(name="nested", columns=NESTED, options={}, input=NESTED_INPUT))
    g.append(dict(name="nested_ignore_errors", columns=NESTED, options={"ignore-parse-errors": "true"},
                  input=NESTED_BAD))
    g.append(dict(name="nested_bad_array", columns=NESTED, options={}, input=[NESTED_BAD[1]]))
    g.append(dict(name="nested_ignore_nulls", columns=NESTED, options={"encode.ignore-null-fields": "true"},
                  input=NESTED_INPUT[:3]))
    g.append(dict(name="nested_missing_field", columns=NESTED, options={"fail-on-missing-field": "true"},
                  input=['{"id":1,"t":null,"arr":null,"m":null,"ms":null,"r":{"a":"x"},"ar":null}']))
    g.append(dict(name="nested_complete", columns=NESTED, options={"fail-on-missing-field": "true"},
                  input=['{"id":1,"t":null,"arr":null,"m":null,"ms":null,"r":{"a":"x","inn":null},'
                         '"ar":[{"x":1,"s":null}]}']))
    return g


# Option sets checked for validation errors at planning time.
VALIDATION = [
    {"fail-on-missing-field": "true", "ignore-parse-errors": "true"},
    {"timestamp-format.standard": "FOO"},
    {"timestamp-format.standard": "iso-8601"},
    {"map-null-key.mode": "FOO"},
    {"map-null-key.mode": "drop"},
    {"decode.json-parser.enabled": "false"},
    {"decode.json-parser.enabled": "true"},
    {"ignore-parse-errors": "yes"},
    {"ignore-parse-errors": "TRUE"},
    {"unknown-option": "x"},
]

# Print sink option variants (rows go through the default json decoder).
PRINT = [
    {"print-identifier": "pid"},
    {"print-identifier": "pid", "sink.parallelism": "2"},
    {"sink.parallelism": "2"},
    {"print-identifier": "", "sink.parallelism": "1"},
]


def _has_raw_bytes(s):
    """True when s holds bytes that are not UTF-8 (kept as surrogate escapes)."""
    try:
        s.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def ddl_columns(cols):
    return ", ".join("`%s` %s" % (n, t) for n, t in cols)


def with_clause(opts):
    return ", ".join("'%s' = '%s'" % (k, v.replace("'", "''")) for k, v in opts.items())


def run_jobs(spec_path, work):
    """Child mode: run every job; print sink lines go to this process's stdout."""
    from pyflink.table import EnvironmentSettings, TableEnvironment

    spec = json.load(open(spec_path))
    t = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    t.get_config().set("parallelism.default", "1")
    results = {}

    def err_chain(e):
        lines = [l.strip() for l in str(e).splitlines() if l.strip()]
        out = lines[:1] + [l for l in lines[1:] if l.startswith("Caused by:")]
        return out[:12]

    for gi, grp in enumerate(spec["groups"]):
        name = grp["name"]
        src = os.path.join(work, name + ".jsonl")
        with open(src, "wb") as f:
            f.write("\n".join(grp["input"]).encode("utf-8", "surrogateescape") + b"\n")
        out_dir = os.path.join(work, name + "_out")
        fmt = with_clause({"json." + k: v for k, v in grp["options"].items()})
        sep = ", " if fmt else ""
        cols = ddl_columns(grp["columns"])
        try:
            t.execute_sql("CREATE TABLE src_%d (%s) WITH ('connector'='filesystem','path'='%s','format'='json'%s%s)"
                          % (gi, cols, src, sep, fmt))
            t.execute_sql("CREATE TABLE prt_%d (%s) WITH ('connector'='print','print-identifier'='%s')" % (gi, cols, name))
            t.execute_sql("CREATE TABLE out_%d (%s) WITH ('connector'='filesystem','path'='%s','format'='json'%s%s)"
                          % (gi, cols, out_dir, sep, fmt))
            ss = t.create_statement_set()
            ss.add_insert_sql("INSERT INTO prt_%d SELECT * FROM src_%d" % (gi, gi))
            ss.add_insert_sql("INSERT INTO out_%d SELECT * FROM src_%d" % (gi, gi))
            ss.execute().wait()
            sys.stdout.flush()
            lines = []
            if os.path.isdir(out_dir):
                for fn in sorted(os.listdir(out_dir)):
                    if not fn.startswith("."):
                        lines += [l for l in open(os.path.join(out_dir, fn), encoding="utf-8", errors="surrogateescape").read().split("\n") if l]
            results[name] = {"json": lines}
        except Exception as e:  # the job failed: keep Flink's messages
            results[name] = {"error": err_chain(e)}

    validation = []
    for vi, opts in enumerate(spec["validation"]):
        fmt = with_clause({"json." + k: v for k, v in opts.items()})
        src = os.path.join(work, "basic.jsonl")
        res = {"options": opts}
        for mode in ("decode", "encode"):
            try:
                if mode == "decode":
                    t.execute_sql("CREATE TABLE vs_%d (a INT) WITH ('connector'='filesystem','path'='%s','format'='json', %s)"
                                  % (vi, src, fmt))
                    t.execute_sql("CREATE TABLE vb_%d (a INT) WITH ('connector'='blackhole')" % vi)
                    t.explain_sql("INSERT INTO vb_%d SELECT * FROM vs_%d" % (vi, vi))
                else:
                    t.execute_sql("CREATE TABLE vo_%d (a INT) WITH ('connector'='filesystem','path'='%s','format'='json', %s)"
                                  % (vi, os.path.join(work, "v_out"), fmt))
                    t.explain_sql("INSERT INTO vo_%d SELECT 1" % vi)
                res[mode] = None
            except Exception as e:
                res[mode] = err_chain(e)
        validation.append(res)

    for pi, opts in enumerate(spec["print"]):
        cols = ddl_columns(ALL_TYPES)
        t.execute_sql("CREATE TABLE ps_%d (%s) WITH ('connector'='filesystem','path'='%s','format'='json')"
                      % (pi, cols, os.path.join(work, "basic.jsonl")))
        t.execute_sql("CREATE TABLE pp_%d (%s) WITH ('connector'='print', %s)" % (pi, cols, with_clause(opts)))
        print("@@print %d" % pi, flush=True)
        t.execute_sql("INSERT INTO pp_%d SELECT * FROM ps_%d" % (pi, pi)).wait()
        sys.stdout.flush()

    json.dump({"results": results, "validation": validation}, open(os.path.join(work, "results.json"), "w"))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "jobs":
        run_jobs(sys.argv[2], sys.argv[3])
        return
    out_path = sys.argv[1]
    work = tempfile.mkdtemp(prefix="flink-oracle-")
    spec = {"groups": groups(), "validation": VALIDATION, "print": PRINT}
    for grp in spec["groups"]:
        grp["columns"] = [list(c) for c in grp["columns"]]
    spec_path = os.path.join(work, "spec.json")
    json.dump(spec, open(spec_path, "w"))
    with open(os.path.join(work, "stdout"), "wb") as so, open(os.path.join(work, "stderr"), "wb") as se:
        r = subprocess.run([sys.executable, __file__, "jobs", spec_path, work], stdout=so, stderr=se)
    if r.returncode != 0:
        sys.stderr.write(open(os.path.join(work, "stderr"), errors="replace").read()[-4000:])
        sys.exit("Flink jobs failed; work files kept in " + work)
    stdout = open(os.path.join(work, "stdout"), encoding="utf-8", errors="surrogateescape").read().split("\n")
    results = json.load(open(os.path.join(work, "results.json")))

    from pyflink.version import __version__ as flink_version
    java = [l for l in subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
            if "version" in l][0]
    out = {"flink": flink_version, "java": java, "groups": [], "validation": results["validation"], "print": []}
    for grp in spec["groups"]:
        prefix = grp["name"] + "> "
        r = results["results"][grp["name"]]
        grp["print"] = [l[len(prefix):] for l in stdout if l.startswith(prefix)]
        grp.update(r)
        out["groups"].append(grp)

    def section(lines, pi):
        mark = "@@print %d" % pi
        if mark not in lines:
            return []
        start = lines.index(mark) + 1
        end = len(lines)
        for k in range(start, len(lines)):
            if lines[k].startswith("@@print "):
                end = k
                break
        return [l for l in lines[start:end] if "[" in l and ("+I" in l or "-U" in l or "+U" in l or "-D" in l)]

    for pi, opts in enumerate(PRINT):
        out["print"].append({"options": opts, "stdout": section(stdout, pi)})
    for grp in out["groups"]:
        for key in ("input", "print", "json"):
            vals = grp.get(key)
            if vals is not None and any(_has_raw_bytes(v) for v in vals):
                grp[key + "_b64"] = [base64.b64encode(v.encode("utf-8", "surrogateescape")).decode() for v in vals]
                grp[key] = [v.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for v in vals]
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
