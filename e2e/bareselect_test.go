package e2e

import (
	"strings"
	"testing"
	"time"
)

// Queries written on their own (SQL-client style) run in the script's one
// job, next to its INSERTs: each prints a header line naming it, then its
// rows in the print format; with two such queries each row is prefixed
// with its query's position. The sources are bounded files, so the job
// ends by itself.
func TestBareSelectPrintsRows(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "in/people.json", `{"id": 1, "name": "ann"}
{"id": 2, "name": "bob"}
{"id": 3, "name": null}
`)
	writeFile(t, dir, "job.sql", `CREATE TABLE people (id BIGINT, name STRING)
  WITH ('connector' = 'filesystem', 'path' = 'in/people.json', 'format' = 'json');
CREATE TABLE copy (id BIGINT) WITH ('connector' = 'filesystem', 'path' = 'out', 'format' = 'json');
SELECT id, UPPER(name) AS shout FROM people WHERE id > 1;
INSERT INTO copy SELECT id FROM people;
SELECT name
  FROM people;
`)
	p := start(t, dir, nil, "run", "--sql", "job.sql")
	if code := p.wait(t, 60*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}
	headers := []string{
		"-- select at job.sql:4:1: SELECT id, UPPER(name) AS shout FROM people WHERE id > 1",
		"-- select at job.sql:6:1: SELECT name FROM people",
	}
	out := strings.Split(strings.TrimSuffix(p.stdout.String(), "\n"), "\n")
	// The headers come first: both sinks open before any row flows.
	if len(out) < 2 || strings.Join(out[:2], "\n") != strings.Join(headers, "\n") {
		t.Fatalf("stdout does not start with the queries' headers:\n%s", p.stdout.String())
	}
	want := lines(strings.Join(append(headers,
		"job.sql:4:1> +I[2, BOB]",
		"job.sql:4:1> +I[3, null]",
		"job.sql:6:1> +I[ann]",
		"job.sql:6:1> +I[bob]",
		"job.sql:6:1> +I[null]",
	), "\n"))
	if d := diffMultisets(lines(p.stdout.String()), want); d != "" {
		t.Errorf("stdout differs:\n%s\nstdout:\n%s", d, p.stdout.String())
	}
	if got := len(readPartFiles(t, dir+"/out")); got != 3 {
		t.Errorf("the INSERT next to the queries wrote %d rows, want 3", got)
	}
}

// A lone query's rows carry no prefix, as the SQL client shows them.
func TestBareSelectAlone(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "in/n.json", "{\"n\": 1}\n{\"n\": 2}\n")
	writeFile(t, dir, "job.sql", `CREATE TABLE nums (n INT) WITH ('connector' = 'filesystem', 'path' = 'in/n.json', 'format' = 'json');
SELECT n * 10 AS tens FROM nums;
`)
	p := start(t, dir, nil, "run", "--sql", "job.sql")
	if code := p.wait(t, 60*time.Second); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
	}
	want := "-- select at job.sql:2:1: SELECT n * 10 AS tens FROM nums\n+I[10]\n+I[20]\n"
	if got := p.stdout.String(); got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}
