package e2e

import (
	"testing"
	"time"
)

// A job reading only VALUES clauses ends by itself once their rows are
// written, with each column typed as its rows' common type.
func TestValuesJobEnds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "job.sql", `CREATE TABLE o (id BIGINT, name STRING, score DECIMAL(5, 2)) WITH ('connector' = 'print', 'print-identifier' = 'o');
INSERT INTO o VALUES (1, 'ann', 2.5), (2, 'bo', 10), (3, CAST(NULL AS STRING), CAST(NULL AS DECIMAL(3, 1)));
SELECT a * 10, b FROM (VALUES (1, 'x'), (2, 'yz')) AS v(a, b) WHERE a > 1;
`)
	p := start(t, dir, nil, "run", "--sql", "job.sql")
	if code := p.wait(t, 60*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}
	want := lines(`-- select at job.sql:3:1: SELECT a * 10, b FROM (VALUES (1, 'x'), (2, 'yz')) AS v(a, b) WHERE a > 1
o> +I[1, ann, 2.50]
o> +I[2, bo, 10.00]
o> +I[3, null, null]
+I[20, yz]
`)
	if d := diffMultisets(lines(p.stdout.String()), want); d != "" {
		t.Errorf("stdout differs:\n%s\nstdout:\n%s", d, p.stdout.String())
	}
}
