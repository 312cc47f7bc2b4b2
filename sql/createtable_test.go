package sql

import (
	"reflect"
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

func TestCreateTableFull(t *testing.T) {
	ct := mustParseOne[*CreateTable](t, `create temporary table if not exists cat.db.`+"`Orders`"+` (
  id BIGINT NOT NULL,
  `+"`user name`"+` STRING COMMENT 'who',
  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  part INT METADATA,
  total AS price * qty COMMENT 'derived',
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
  CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED
) COMMENT 'orders table' PARTITIONED BY (part, id) WITH (
  'connector' = 'kafka',
  'value' = 'it''s'
)`)
	if !ct.Temporary || !ct.IfNotExists || ct.Name != "Orders" || ct.FullName != "cat.db.Orders" || ct.Comment != "orders table" {
		t.Errorf("header: %+v", ct)
	}
	if ct.Pos.String() != "job.sql:1:1" || ct.NamePos.String() != "job.sql:1:38" {
		t.Errorf("positions: %v %v", ct.Pos, ct.NamePos)
	}
	type col struct {
		Name    string
		Pos     string
		Kind    ColumnKind
		Type    types.Type
		Key     string
		Virtual bool
		Expr    string
		Comment string
	}
	var got []col
	for _, c := range ct.Columns {
		got = append(got, col{c.Name, c.Pos.String(), c.Kind, c.Type, c.MetadataKey, c.Virtual, c.Expr, c.Comment})
	}
	want := []col{
		{"id", "job.sql:2:3", PhysicalColumn, types.BigInt.NotNullable(), "", false, "", ""},
		{"user name", "job.sql:3:3", PhysicalColumn, types.String, "", false, "", "who"},
		{"ts", "job.sql:4:3", MetadataColumn, types.TimestampLTZType(3), "timestamp", true, "", ""},
		{"part", "job.sql:5:3", MetadataColumn, types.Int, "", false, "", ""},
		{"total", "job.sql:6:3", ComputedColumn, types.Type{}, "", false, "price * qty", "derived"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns:\n got %+v\nwant %+v", got, want)
	}
	if w := ct.Watermark; w == nil || w.Column != "ts" || w.Expr != "ts - INTERVAL '5' SECOND" || w.Pos.String() != "job.sql:7:3" || w.ExprPos.String() != "job.sql:7:23" {
		t.Errorf("watermark: %+v", ct.Watermark)
	}
	if pk := ct.PrimaryKey; pk == nil || pk.Name != "pk" || !reflect.DeepEqual(pk.Columns, []Ident{{"id", Pos{"job.sql", 8, 30}}}) {
		t.Errorf("primary key: %+v", ct.PrimaryKey)
	}
	if !reflect.DeepEqual(ct.PartitionedBy, []Ident{{"part", Pos{"job.sql", 9, 42}}, {"id", Pos{"job.sql", 9, 48}}}) {
		t.Errorf("partitioned by: %+v", ct.PartitionedBy)
	}
	wantOpts := []Option{
		{Key: "connector", Value: "kafka", KeyPos: Pos{"job.sql", 10, 3}, ValuePos: Pos{"job.sql", 10, 17}},
		{Key: "value", Value: "it's", KeyPos: Pos{"job.sql", 11, 3}, ValuePos: Pos{"job.sql", 11, 13}},
	}
	if !reflect.DeepEqual(ct.Options, wantOpts) {
		t.Errorf("options:\n got %+v\nwant %+v", ct.Options, wantOpts)
	}
	if m := ct.OptionMap(); !reflect.DeepEqual(m, map[string]string{"connector": "kafka", "value": "it's"}) {
		t.Errorf("OptionMap: %v", m)
	}
	if ct.OptionPos("value").String() != "job.sql:11:3" || ct.OptionPos("absent") != ct.Pos {
		t.Errorf("OptionPos: %v %v", ct.OptionPos("value"), ct.OptionPos("absent"))
	}
}

func TestCreateTableVariants(t *testing.T) {
	t.Run("column-level primary key", func(t *testing.T) {
		ct := mustParseOne[*CreateTable](t, "CREATE TABLE t (a STRING, id INT PRIMARY KEY NOT ENFORCED) WITH ('connector' = 'x')")
		if ct.PrimaryKey == nil || ct.PrimaryKey.Columns[0].Name != "id" || ct.PrimaryKey.Pos.String() != "job.sql:1:34" {
			t.Errorf("primary key: %+v", ct.PrimaryKey)
		}
		if !ct.Column("id").Type.NotNull {
			t.Error("primary key columns are NOT NULL, as in Flink")
		}
	})
	t.Run("no WITH", func(t *testing.T) {
		ct := mustParseOne[*CreateTable](t, "CREATE TABLE t (a INT)")
		if ct.Options != nil || len(ct.OptionMap()) != 0 {
			t.Errorf("options: %v", ct.Options)
		}
	})
	t.Run("empty WITH", func(t *testing.T) {
		mustParseOne[*CreateTable](t, "CREATE TABLE t (a INT) WITH ()")
	})
	t.Run("keywords are case-insensitive, names keep their case", func(t *testing.T) {
		ct := mustParseOne[*CreateTable](t, "cReAtE tAbLe MyT (MyCol bigint not null) with ('K' = 'V')")
		if ct.Name != "MyT" || ct.Columns[0].Name != "MyCol" || ct.Options[0].Key != "K" || !ct.Columns[0].Type.NotNull {
			t.Errorf("%+v %+v", ct, ct.Columns[0])
		}
	})
	t.Run("computed column with nested commas", func(t *testing.T) {
		ct := mustParseOne[*CreateTable](t, "CREATE TABLE t (a INT, b AS COALESCE(a, 1), c INT)")
		if ct.Columns[1].Expr != "COALESCE(a, 1)" || ct.Columns[2].Name != "c" {
			t.Errorf("%+v", ct.Columns[1])
		}
	})
}

func TestCreateTableErrors(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"duplicate column", "CREATE TABLE t (a INT,\n a BIGINT)", "job.sql:2:2: Duplicate column name `a`: already declared at job.sql:1:17"},
		{"duplicate option", "CREATE TABLE t (a INT) WITH ('k' = 'v',\n  'k' = 'w')", "job.sql:2:3: duplicate option 'k': already set at job.sql:1:30"},
		{"unquoted option key", "CREATE TABLE t (a INT) WITH (connector = 'kafka')", `job.sql:1:30: Encountered "connector"; expected an option key such as 'connector' (a string literal in single quotes)`},
		{"unquoted option value", "CREATE TABLE t (a INT) WITH ('k' = 1)", `job.sql:1:36: Encountered "1"; expected the value of option 'k' (a string literal in single quotes)`},
		{"double-quoted option", `CREATE TABLE t (a INT) WITH ("k" = 'v')`, `job.sql:1:30: Encountered "\"k\""; expected an option key`},
		{"trailing comma in options", "CREATE TABLE t (a INT) WITH ('k' = 'v',)", `job.sql:1:40: Encountered ")"; expected an option key`},
		{"missing comma", "CREATE TABLE t (a INT b INT)", `job.sql:1:23: Encountered "b"; expected "," or ")"`},
		{"missing paren", "CREATE TABLE t (a INT", `job.sql:1:22: Encountered end of statement; expected "," or ")"`},
		{"no columns", "CREATE TABLE t WITH ('k' = 'v')", "job.sql:1:14: table `t` declares no columns"},
		{"junk after WITH", "CREATE TABLE t (a INT) WITH ('k' = 'v') extra", `job.sql:1:41: Encountered "extra"; expected the end of the statement (;)`},
		{"junk instead of WITH", "CREATE TABLE t (a INT) WIDTH ('k' = 'v')", `job.sql:1:24: Encountered "WIDTH"; expected "WITH" or the end of the statement`},
		{"primary key without NOT ENFORCED", "CREATE TABLE t (a INT,\n  PRIMARY KEY (a))", "job.sql:2:3: " + notEnforcedMessage},
		{"primary key ENFORCED", "CREATE TABLE t (a INT PRIMARY KEY ENFORCED)", "job.sql:1:35: " + notEnforcedMessage},
		{"two primary keys", "CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)", "job.sql:1:49: Duplicate primary key definition"},
		{"unknown primary key column", "CREATE TABLE t (a INT, PRIMARY KEY (b) NOT ENFORCED)", "job.sql:1:37: Primary key column 'b' is not defined in the table schema. Available columns: ['a']"},
		{"metadata primary key", "CREATE TABLE t (a INT METADATA, PRIMARY KEY (a) NOT ENFORCED)", "job.sql:1:46: Could not create a PRIMARY KEY with column 'a'. A PRIMARY KEY constraint must be declared on physical columns."},
		{"unique", "CREATE TABLE t (a INT, UNIQUE (a))", "job.sql:1:24: UNIQUE constraint is not supported yet"},
		{"unknown partition column", "CREATE TABLE t (a INT) PARTITIONED BY (x)", "job.sql:1:40: Partition column 'x' not defined in the table schema. Available columns: ['a']"},
		{"unknown watermark column", "CREATE TABLE t (a INT, WATERMARK FOR ts AS ts)", "job.sql:1:38: The rowtime attribute field 'ts' is not defined in the table schema. Available columns: ['a']"},
		{"watermark on INT", "CREATE TABLE t (a INT, WATERMARK FOR a AS a)", "job.sql:1:38: Invalid data type of time field for watermark definition."},
		{"two watermarks", "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts)", "job.sql:1:58: Multiple WATERMARK statements is not supported yet."},
		{"empty watermark", "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS)", `job.sql:1:53: Encountered ")"; expected the watermark expression`},
		{"CTAS", "CREATE TABLE t WITH ('k' = 'v') AS SELECT 1", "job.sql:1:33: CREATE TABLE ... AS SELECT is not supported by Sluice"},
		{"LIKE", "CREATE TABLE t (a INT) LIKE s", "job.sql:1:24: CREATE TABLE ... LIKE is not supported by Sluice"},
		{"keyword as name", "CREATE TABLE (a INT)", `job.sql:1:14: Encountered "("; expected a table name`},
		{"empty quoted name", "CREATE TABLE `` (a INT)", "job.sql:1:14: empty quoted identifier: a table name must not be ``"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkError(t, tt.sql, tt.want)
		})
	}
}
