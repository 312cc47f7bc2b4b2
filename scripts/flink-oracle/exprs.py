"""Evaluates scalar SQL expressions on Apache Flink 1.20 (PyFlink, batch mode)
and records, for each, Flink's result type and the row as Flink prints it
(Row.toString, as the print sink and the SQL client show it), or the error
it raises. The answers are test vectors for engine/expr: the Go tests read
them and never need Flink.

    scripts/flink-oracle/exprs.sh   # -> engine/expr/testdata/flink_exprs.txt

Input: engine/expr/testdata/flink_exprs.in, one expression per line
(blank lines and lines starting with # are kept as they are).
Output lines: EXPR <TAB> TYPE <TAB> RESULT, where RESULT is the printed row
("+I[42]") or "ERROR <exception class>: <first line of its message>" for
the innermost cause, with backslash, newline and tab escaped as \\, \n, \t.
"""
import sys

from pyflink.table import EnvironmentSettings, TableEnvironment


def root_cause(ex):
    j = getattr(ex, "java_exception", None)
    if j is None:
        lines = str(ex).strip().splitlines()
        return type(ex).__name__ + ": " + (lines[0] if lines else "")
    while j.getCause() is not None:
        j = j.getCause()
    msg = j.getMessage() or ""
    first = msg.strip().splitlines()[0] if msg.strip() else ""
    return j.getClass().getSimpleName() + ": " + first


def escape(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def main(src, dst):
    env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    env.get_config().set("parallelism.default", "1")
    env.get_config().set("table.local-time-zone", "UTC")
    out = []
    with open(src, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    for line in lines:
        if not line.strip() or line.startswith("#"):
            out.append(line)
            continue
        try:
            table = env.sql_query("SELECT " + line)
            typ = table._j_table.getResolvedSchema().getColumnDataTypes().get(0).toString()
            it = table._j_table.execute().collect()
            try:
                # hasNext raises the job's failure; py4j's next() would
                # swallow it into a StopIteration.
                it.hasNext()
                row = it.next().toString()
            finally:
                it.close()
            out.append(line + "\t" + typ + "\t" + escape(row))
        except Exception as ex:  # noqa: BLE001 - every failure is an answer
            out.append(line + "\t-\t" + escape("ERROR " + root_cause(ex)))
        print(out[-1], flush=True)
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
