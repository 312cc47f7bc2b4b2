"""Proves that the SQL `sluice render` prints runs on Apache Flink 1.20 unchanged.

Usage: python check_render.py RENDERED.sql OUT_PLAN.txt JAR...
(check-render.sh renders the job, fetches the Kafka connector and calls this)

The rendered text is split into statements the way the Flink SQL client does
(';'-terminated, 'EXECUTE STATEMENT SET BEGIN ... END;' as one unit) and run in
a streaming TableEnvironment with the Kafka connector on 'pipeline.jars':
SET goes to the table config (TableEnvironment.executeSql does not take SET;
the SQL client does) and is checked by building a StreamExecutionEnvironment
from it, CREATE TABLE goes through executeSql, and the statement set is
explained: Flink parses and validates it, creates the connectors' sources and
sinks through their factories (which validates their options) and plans it,
without a running broker. The plan is written to OUT_PLAN.txt. Any rejection
exits non-zero with Flink's error chain.
"""

import re
import sys


def split_statements(text):
    """Splits SQL like the Flink SQL client: at ';' outside strings, comments
    and BEGIN ... END blocks. Returns the statements without their ';'."""
    out, start, depth, i, n = [], 0, 0, 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("--", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c in "'`\"":
            j = i + 1
            while j < n:
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:  # doubled quote
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
            continue
        if c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j].upper()
            if word == "BEGIN":
                depth += 1
            elif word == "END" and depth > 0:
                depth -= 1
            i = j
            continue
        if c == ";" and depth == 0:
            out.append(text[start:i])
            start = i + 1
        i += 1
    if strip_comments(text[start:]).strip():
        out.append(text[start:])
    return [s.strip() for s in out if strip_comments(s).strip()]


def strip_comments(s):
    return re.sub(r"--[^\n]*|/\*.*?\*/", "", s, flags=re.S)


SET_RE = re.compile(r"^SET\s+'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'$", re.S | re.I)


def err_chain(e):
    """Flink's error messages and their detail lines, without stack frames."""
    lines = [l.rstrip() for l in str(e).splitlines() if l.strip()]
    keep = [l for l in lines if not re.match(r"\s+(at |\.\.\. \d+ more)", l)]
    return "\n".join(keep[:30])


def main():
    sql_path, plan_path, jars = sys.argv[1], sys.argv[2], sys.argv[3:]
    from pyflink.java_gateway import get_gateway
    from pyflink.table import EnvironmentSettings, TableEnvironment

    t = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t.get_config().set("pipeline.jars", ";".join("file://" + j for j in jars))
    stmts = split_statements(open(sql_path, encoding="utf-8").read())
    plan, settings = None, {}
    for k, stmt in enumerate(stmts, 1):
        body = strip_comments(stmt).strip()
        head = " ".join(body.split()[:3]).upper()
        print("[%d/%d] %s ..." % (k, len(stmts), " ".join(body.split()[:4])), flush=True)
        try:
            m = SET_RE.match(body)
            if m:
                key, value = (g.replace("''", "'") for g in m.groups())
                t.get_config().set(key, value)
                settings[key] = value
                # Typed options (durations, enums...) are parsed when the
                # execution environment is configured from them: do that now.
                jconf = get_gateway().jvm.org.apache.flink.configuration.Configuration()
                for sk, sv in settings.items():
                    jconf.setString(sk, sv)
                get_gateway().jvm.org.apache.flink.streaming.api.environment \
                    .StreamExecutionEnvironment.getExecutionEnvironment(jconf)
            elif head.startswith("EXECUTE STATEMENT SET") or head.startswith("BEGIN STATEMENT SET"):
                plan = t.explain_sql(stmt)
            elif body.upper().startswith("INSERT"):
                plan = t.explain_sql(stmt)
            else:
                t.execute_sql(stmt)
        except Exception as e:
            sys.exit("Flink rejected statement %d:\n%s\n\n%s" % (k, body, err_chain(e)))
    if plan is None:
        sys.exit("no INSERT or statement set found")
    with open(plan_path, "w", encoding="utf-8") as f:
        f.write(plan.rstrip("\n") + "\n")
    print("Flink 1.20 accepted all %d statements; plan written to %s" % (len(stmts), plan_path))


if __name__ == "__main__":
    main()
