package plan

import (
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/sql"
)

// TestDeclarationErrors checks the statement- and table-level errors the
// planner raises while reading the parsed script (these were the old
// hand-written parser's; the messages are kept).
func TestDeclarationErrors(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"INSERT OVERWRITE", "INSERT OVERWRITE t SELECT a FROM s", "job.sql:1:1: INSERT OVERWRITE is not supported in streaming mode"},
		{"CREATE FUNCTION", "SET 'a'='b';\n  CREATE TEMPORARY FUNCTION f AS 'com.x.F';", "job.sql:2:3: CREATE TEMPORARY FUNCTION is not supported by Sluice (supported statements: " + supportedStatements + ")"},
		{"USE", "USE mydb", "job.sql:1:5: A database with name [mydb] does not exist in the catalog: [default_catalog]."},
		{"USE MODULES", "USE MODULES core", "job.sql:1:1: USE MODULES is not supported by Sluice"},
		{"SHOW TABLES", "SHOW TABLES", "job.sql:1:1: SHOW TABLES is not supported by Sluice"},
		{"SET alone", "SET", "job.sql:1:1: SET without a key is not supported by Sluice"},
		{"empty set", "EXECUTE STATEMENT SET BEGIN END;", "job.sql:1:1: statement set is empty: it needs at least one INSERT INTO"},
		{"explain drop", "EXPLAIN DROP TABLE t", "job.sql:1:9: EXPLAIN of DROP TABLE is not supported by Sluice"},
		{"INSERT PARTITION", "INSERT INTO t PARTITION (p = 1) SELECT a FROM s", "job.sql:1:26: INSERT INTO ... PARTITION is not supported by Sluice"},
		{"no columns", "CREATE TABLE t WITH ('a' = 'b')", "job.sql:1:14: table `t` declares no columns"},
		{"LIKE", "CREATE TABLE t (a INT) LIKE s", "job.sql:1:24: CREATE TABLE ... LIKE is not supported by Sluice"},
		{"duplicate column", "CREATE TABLE t (a INT, a INT)", "job.sql:1:24: Duplicate column name `a`: already declared at job.sql:1:17"},
		{"duplicate option", "CREATE TABLE t (a INT) WITH ('k' = 'v', 'k' = 'w')", "job.sql:1:41: duplicate option 'k': already set at job.sql:1:30"},
		{"enforced", "CREATE TABLE t (a INT, PRIMARY KEY (a))", "job.sql:1:24: Flink doesn't support ENFORCED mode for PRIMARY KEY constraint."},
		{"two keys", "CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)", "Duplicate primary key definition"},
		{"key column", "CREATE TABLE t (a INT, PRIMARY KEY (b) NOT ENFORCED)", "job.sql:1:37: Primary key column 'b' is not defined in the table schema. Available columns: ['a']"},
		{"metadata key", "CREATE TABLE t (a INT, m INT METADATA, PRIMARY KEY (m) NOT ENFORCED)", "A PRIMARY KEY constraint must be declared on physical columns."},
		{"partition", "CREATE TABLE t (a INT) PARTITIONED BY (b)", "job.sql:1:40: Partition column 'b' not defined in the table schema."},
		{"watermark type", "CREATE TABLE t (a INT, WATERMARK FOR a AS a)", "job.sql:1:38: Invalid data type of time field for watermark definition."},
		{"decimal", "CREATE TABLE t (a DECIMAL(39, 0))", "job.sql:1:19: Decimal precision must be between 1 and 38 (both inclusive)."},
		{"varchar", "CREATE TABLE t (a VARCHAR(0))", "job.sql:1:19: Variable character string length must be between 1 and"},
		{"timestamp", "CREATE TABLE t (a TIMESTAMP(10))", "job.sql:1:19: Timestamp precision must be between 0 and 9 (both inclusive)."},
		{"array element", "CREATE TABLE t (a ARRAY<TIMESTAMP(10)>)", "job.sql:1:25: Timestamp precision must be between 0 and 9 (both inclusive)."},
		{"row field", "CREATE TABLE t (a ROW<x INT, x INT>)", "job.sql:1:30: Field names must be unique. Found duplicates: [x]"},
		{"time", "CREATE TABLE t (a TIME(10))", "job.sql:1:19: Time precision must be between 0 and 9 (both inclusive)."},
		{"binary", "CREATE TABLE t (a BINARY(0))", "job.sql:1:19: Binary string length must be between 1 and"},
		{"user type", "CREATE TABLE t (a FOO)", `job.sql:1:19: unknown type "FOO"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sql.Parse(sql.NewSource("job.sql", tt.sql))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			_, err = FromSQL(s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// Every failing statement is reported, one per line.
func TestSeveralDeclarationErrors(t *testing.T) {
	s, err := sql.Parse(sql.NewSource("job.sql", "SET 'k' = 'v';\nSET;\nCREATE TABLE ok (a INT);\nCREATE TABLE t (a FOO);\nDROP FUNCTION f;"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = FromSQL(s)
	want := "job.sql:2:1: SET without a key is not supported by Sluice: write SET 'key' = 'value'\n" +
		"job.sql:4:19: unknown type \"FOO\"" + ` (supported types: ` + supportedTypes + ")\n" +
		"job.sql:5:1: DROP FUNCTION is not supported by Sluice (supported statements: " + supportedStatements + ")"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}
