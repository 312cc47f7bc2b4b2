package kafkaswap

import (
	"context"
	"strings"
	"testing"

	"github.com/sluice-sql/sluice/sql/syntax"
)

const (
	kafkaWith = "WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = 'localhost:9092', " +
		"'properties.group.id' = 'sluice-corpus', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')"
	upsertWith = "WITH ('connector' = 'upsert-kafka', 'topic' = '%s', 'properties.bootstrap.servers' = 'localhost:9092', " +
		"'key.format' = 'json', 'value.format' = 'json')"
)

func with(format, topic string) string { return strings.Replace(format, "%s", topic, 1) }

func TestRewrite(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "options replaced, columns, computed column and watermark kept",
			in: "CREATE TABLE orders (id BIGINT, ts TIMESTAMP(3), p AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)\n" +
				"WITH ('connector' = 'datagen', 'rows-per-second' = '10');",
			want: "CREATE TABLE orders (\n  id BIGINT,\n  ts TIMESTAMP(3),\n  p AS PROCTIME(),\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n) " +
				with(kafkaWith, "orders") + ";\n",
		},
		{
			name: "a primary key makes an upsert-kafka table",
			in:   "CREATE TABLE users (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'jdbc');",
			want: "CREATE TABLE users (\n  id INT,\n  name STRING,\n  PRIMARY KEY (id) NOT ENFORCED\n) " + with(upsertWith, "users") + ";\n",
		},
		{
			name: "a column-level primary key too",
			in:   "CREATE TABLE users (id INT PRIMARY KEY NOT ENFORCED, name STRING) WITH ('connector' = 'jdbc');",
			want: "CREATE TABLE users (\n  id INT PRIMARY KEY NOT ENFORCED,\n  name STRING\n) " + with(upsertWith, "users") + ";\n",
		},
		{
			name: "partitioning dropped, metadata column kept",
			in: "CREATE TABLE s (id INT, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL) PARTITIONED BY (id)\n" +
				"WITH ('connector' = 'kinesis', 'stream' = 'x');",
			want: "CREATE TABLE s (\n  id INT,\n  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL\n) " + with(kafkaWith, "s") + ";\n",
		},
		{
			name: "a table without options (a catalog's) gets them",
			in:   "CREATE TABLE shoes (id STRING);",
			want: "CREATE TABLE shoes (\n  id STRING\n) " + with(kafkaWith, "shoes") + ";\n",
		},
		{
			name: "CTAS keeps its query; the topic is the table's own name",
			in:   "CREATE TABLE c.db.`out table` WITH ('connector' = 'iceberg') AS SELECT * FROM src WHERE cost > 100;",
			want: "CREATE TABLE c.db.`out table` " + with(kafkaWith, "out_table") + " AS SELECT * FROM src WHERE cost > 100;\n",
		},
		{
			name: "other statements stay as written, comments inside them too",
			in: "SET 'sql-client.execution.result-mode' = 'tableau';\nUSE CATALOG c;\n" +
				"SELECT a, -- the key\n  b FROM t;\nINSERT INTO o SELECT * FROM t;",
			want: "SET 'sql-client.execution.result-mode' = 'tableau';\nUSE CATALOG c;\n" +
				"SELECT a, -- the key\n  b FROM t;\nINSERT INTO o SELECT * FROM t;\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Rewrite(context.Background(), "job.sql", tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			if _, err := syntax.ParseScript(context.Background(), got, syntax.Options{}); err != nil {
				t.Errorf("the rewritten job does not parse: %v", err)
			}
		})
	}
}

func TestRewriteOptions(t *testing.T) {
	got, err := Rewrite(context.Background(), "job.sql", "CREATE TABLE t (a INT);", Options{Bootstrap: "b:1", GroupID: "g"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "'properties.bootstrap.servers' = 'b:1'") || !strings.Contains(got, "'properties.group.id' = 'g'") {
		t.Errorf("options not used: %s", got)
	}
}

func TestRewriteParseErrorNamesThePlace(t *testing.T) {
	_, err := Rewrite(context.Background(), "job.sql", "CREATE TABLE t (a INT);\nSELECT CAST(a AS) FROM t;", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "kafkaswap: job.sql:2:") {
		t.Errorf("got %v, want an error at job.sql:2:…", err)
	}
}

func TestTableDoesNotChangeItsInput(t *testing.T) {
	s, err := syntax.ParseScript(context.Background(), "CREATE TABLE t (a INT) PARTITIONED BY (a) WITH ('connector' = 'datagen');", syntax.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ct := s.Stmts[0].(*syntax.CreateTable)
	before := syntax.Format(ct)
	Table(ct, Options{})
	if after := syntax.Format(ct); after != before {
		t.Errorf("Table changed its input:\n%s\nto\n%s", before, after)
	}
}
