package sql

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary text through Render and Parse: neither may
// panic, and every position they produce must be valid in the original file.
func FuzzParse(f *testing.F) {
	if job, err := os.ReadFile("testdata/processor.sql"); err == nil {
		f.Add(string(job))
	}
	for _, seed := range []string{
		"SET 'a' = 'b'; RESET 'a'; RESET;",
		"CREATE TEMPORARY TABLE IF NOT EXISTS `c`.db.t (a INT NOT NULL PRIMARY KEY NOT ENFORCED, b AS a + 1, " +
			"ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL COMMENT 'x', WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) " +
			"COMMENT 't' PARTITIONED BY (a) WITH ('k' = 'v''s');",
		"CREATE VIEW v (x) AS SELECT /*+ STATE_TTL('l' = '1d') */ a AS x FROM t /*+ OPTIONS('k'='v') */ WHERE b = 'it''s; -- not a comment';",
		"EXPLAIN CHANGELOG_MODE STATEMENT SET BEGIN INSERT INTO a SELECT * FROM b; END;",
		"BEGIN STATEMENT SET; INSERT INTO a (x, y) SELECT x, y FROM b; END;",
		"INSERT INTO t SELECT a || b, \"x\", 'c:\\' FROM s -- ${x}\n/* ${y} */",
		"CREATE TABLE ${name} (a DECIMAL(38, 38), b CHAR, c VARBINARY(3), d TIMESTAMP(9) WITH LOCAL TIME ZONE) WITH ('${k}' = '${v}');",
		"${unterminated\n${}",
	} {
		f.Add(seed)
	}
	lookup := func(name string) (string, bool) {
		switch name {
		case "missing":
			return "", false
		case "empty":
			return "", true
		}
		return "v_" + name, true
	}
	f.Fuzz(func(t *testing.T, text string) {
		// Go's fuzzer does not detect hangs; crashing the worker makes it
		// save the input.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("hang on %q", text)) })
		defer watchdog.Stop()
		src, err := Render("fuzz.sql", text, lookup)
		if err != nil {
			checkPositions(t, err)
			// Parse the unrendered text too, so that the parser is
			// exercised on inputs whose placeholders fail.
			src = NewSource("fuzz.sql", text)
		}
		for off := -1; off <= len(src.Text)+1; off += 1 + len(src.Text)/7 {
			if p := src.Pos(off); !p.IsValid() {
				t.Fatalf("Pos(%d) = %v", off, p)
			}
		}
		script, err := Parse(src)
		if err != nil {
			checkPositions(t, err)
			return
		}
		for _, st := range script.Stmts {
			if p := src.At(st.Position()); !p.IsValid() {
				t.Fatalf("statement at %v", p)
			}
		}
	})
}

// checkPositions fails if an error lacks a position.
func checkPositions(t *testing.T, err error) {
	t.Helper()
	list, ok := err.(ErrorList)
	if !ok {
		e, isErr := err.(*Error)
		if !isErr {
			t.Fatalf("error of type %T: %v", err, err)
		}
		list = ErrorList{e}
	}
	for _, e := range list {
		if !e.Pos.IsValid() {
			t.Fatalf("error without position: %v", e)
		}
	}
}
