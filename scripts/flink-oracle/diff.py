"""Runs the differential cases on Apache Flink (PyFlink, streaming mode, local
mini-cluster, parallelism 1) and records what Flink prints and writes as each
case's expected output, which e2e/flinkdiff's Go test compares Sluice with.

Usage: python diff.py CASES_DIR [CASE ...]   (diff.sh sets up PyFlink and calls this)

A case is a directory holding job.sql (Flink SQL; ${case.dir} is the case
directory, ${case.out} a fresh output directory: filesystem sinks write to
${case.out}/<name>), the input files it reads, and flink.out, which this script
writes. The print sink writes to the JVM's stdout, so the jobs run in a child
process ("jobs" mode) whose stdout goes to a file, split per case by marker
lines.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from check_render import SET_RE, err_chain, split_statements, strip_comments

PRINT_LINE = re.compile(r"^(\S+> )?[+-][IUD]\[")


def statements(text):
    """The script's statements (check_render's splitter: the SQL client's
    rules), comments removed; the INSERTs of an EXECUTE STATEMENT SET
    BEGIN … END block come back as one list."""
    out = []
    for stmt in split_statements(text):
        stmt = strip_comments(stmt).strip()
        block = re.match(r"(?is)^EXECUTE\s+STATEMENT\s+SET\s+BEGIN\b(.*)\bEND$", stmt)
        out.append(split_statements(block.group(1)) if block else stmt)
    return out


def run_script(t, text):
    """Runs a script's statements in the TableEnvironment t and waits for
    its jobs; SET 'k' = 'v' goes to t's configuration."""
    waits = []
    for stmt in statements(text):
        if isinstance(stmt, list):
            ss = t.create_statement_set()
            for insert in stmt:
                ss.add_insert_sql(insert)
            waits.append(ss.execute())
            continue
        m = SET_RE.match(stmt)
        if m:
            t.get_config().set(m.group(1).replace("''", "'"), m.group(2).replace("''", "'"))
            continue
        res = t.execute_sql(stmt)
        if re.match(r"(?is)^INSERT\b", stmt):
            waits.append(res)
    for r in waits:
        r.wait()


def run_child(args, work):
    """Runs this directory's script args[0] as a child process with stdout
    and stderr sent to files in work (the print sink writes to the JVM's
    stdout), and returns the stdout lines; exits with the child's stderr
    tail if it fails."""
    with open(os.path.join(work, "stdout"), "wb") as so, open(os.path.join(work, "stderr"), "wb") as se:
        r = subprocess.run([sys.executable] + args, stdout=so, stderr=se)
    if r.returncode != 0:
        sys.stderr.write(open(os.path.join(work, "stderr"), errors="replace").read()[-4000:])
        sys.exit("Flink jobs failed; work files kept in " + work)
    return open(os.path.join(work, "stdout"), encoding="utf-8").read().split("\n")


def run_case(name, case_dir, out_dir):
    """Runs one case's script in a fresh streaming TableEnvironment."""
    from pyflink.table import EnvironmentSettings, TableEnvironment

    t = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t.get_config().set("parallelism.default", "1")
    text = open(os.path.join(case_dir, "job.sql"), encoding="utf-8").read()
    text = text.replace("${case.dir}", case_dir).replace("${case.out}", out_dir)
    run_script(t, text)


def run_jobs(cases_dir, names, work):
    """Child mode: run every case; print sink lines go to this process's stdout."""
    errors = {}
    for name in names:
        out_dir = os.path.join(work, name)
        os.makedirs(out_dir)
        print("@@case %s" % name, flush=True)
        try:
            run_case(name, os.path.join(cases_dir, name), out_dir)
        except Exception as e:  # recorded; the parent fails the run
            errors[name] = err_chain(e)
        sys.stdout.flush()
    print("@@end", flush=True)
    json.dump(errors, open(os.path.join(work, "errors.json"), "w"))


def sink_lines(out_dir):
    """The lines each filesystem sink wrote, by sink directory name."""
    sinks = {}
    for sink in sorted(os.listdir(out_dir)):
        d = os.path.join(out_dir, sink)
        if not os.path.isdir(d):
            continue
        lines = []
        for root, dirs, files in os.walk(d):
            dirs[:] = [x for x in dirs if not x.startswith((".", "_"))]
            for fn in files:
                if fn.startswith((".", "_")):
                    continue
                lines += [l for l in open(os.path.join(root, fn), encoding="utf-8").read().split("\n") if l]
        sinks[sink] = sorted(lines)
    return sinks


def render(flink_version, print_lines, sinks):
    """The flink.out format e2e/flinkdiff reads: sections of sorted lines."""
    out = ["# Recorded on Apache Flink %s by scripts/flink-oracle/diff.sh; do not edit." % flink_version,
           "== print =="]
    out += sorted(print_lines)
    for sink, lines in sinks.items():
        out.append("== filesystem %s ==" % sink)
        out += lines
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "jobs":
        run_jobs(sys.argv[2], sys.argv[4:], sys.argv[3])
        return
    cases_dir = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or sorted(d for d in os.listdir(cases_dir)
                                   if os.path.isfile(os.path.join(cases_dir, d, "job.sql")))
    work = tempfile.mkdtemp(prefix="flink-diff-")
    stdout = run_child([__file__, "jobs", cases_dir, work] + names, work)
    errors = json.load(open(os.path.join(work, "errors.json")))
    if errors:
        for name, e in errors.items():
            sys.stderr.write("case %s failed on Flink:\n%s\n\n" % (name, e))
        sys.exit("%d case(s) failed on Flink; work files kept in %s" % (len(errors), work))
    from pyflink.version import __version__ as flink_version
    for name in names:
        start = stdout.index("@@case %s" % name) + 1
        end = start
        while not stdout[end].startswith("@@"):
            end += 1
        prints = [l for l in stdout[start:end] if PRINT_LINE.match(l)]
        text = render(flink_version, prints, sink_lines(os.path.join(work, name)))
        with open(os.path.join(cases_dir, name, "flink.out"), "w", encoding="utf-8") as f:
            f.write(text)
        print("wrote %s" % os.path.join(cases_dir, name, "flink.out"))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
