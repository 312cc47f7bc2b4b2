package sql

import (
	"testing"

	"github.com/sluice-sql/sluice/engine/types"
)

func TestDataTypes(t *testing.T) {
	tests := []struct {
		sql  string
		want types.Type
	}{
		{"BOOLEAN", types.Boolean},
		{"TINYINT", types.TinyInt},
		{"SMALLINT", types.SmallInt},
		{"INT", types.Int},
		{"integer", types.Int},
		{"BIGINT", types.BigInt},
		{"FLOAT", types.Float},
		{"REAL", types.Float},
		{"DOUBLE", types.Double},
		{"DOUBLE PRECISION", types.Double},
		{"DECIMAL", types.DecimalType(10, 0)},
		{"DECIMAL(5)", types.DecimalType(5, 0)},
		{"DECIMAL(10,2)", types.DecimalType(10, 2)},
		{"dec(38, 38)", types.DecimalType(38, 38)},
		{"NUMERIC(1, 0)", types.DecimalType(1, 0)},
		{"VARCHAR", types.Varchar(1)},
		{"VARCHAR(15)", types.Varchar(15)},
		{"CHARACTER VARYING(3)", types.Varchar(3)},
		{"STRING", types.String},
		{"VARCHAR(2147483647)", types.String},
		{"CHAR", types.Char(1)},
		{"CHAR(4)", types.Char(4)},
		{"CHARACTER(2)", types.Char(2)},
		{"TIMESTAMP", types.TimestampType(6)},
		{"TIMESTAMP(3)", types.TimestampType(3)},
		{"TIMESTAMP(0) WITHOUT TIME ZONE", types.TimestampType(0)},
		{"TIMESTAMP(9) WITH LOCAL TIME ZONE", types.TimestampLTZType(9)},
		{"TIMESTAMP WITH LOCAL TIME ZONE", types.TimestampLTZType(6)},
		{"TIMESTAMP_LTZ", types.TimestampLTZType(6)},
		{"timestamp_ltz(3)", types.TimestampLTZType(3)},
		{"DATE", types.Date},
		{"BYTES", types.Bytes},
		{"VARBINARY", types.Bytes},
		{"VARBINARY(16)", types.Bytes},
		{"BIGINT NOT NULL", types.BigInt.NotNullable()},
		{"STRING NULL", types.String},
		{"TIMESTAMP(3) WITH LOCAL TIME ZONE NOT NULL", types.TimestampLTZType(3).NotNullable()},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			ct := mustParseOne[*CreateTable](t, "CREATE TABLE t (c "+tt.sql+")")
			if got := ct.Columns[0].Type; got != tt.want {
				t.Errorf("got %v (%#v), want %v", got, got, tt.want)
			}
		})
	}
}

func TestDataTypeErrors(t *testing.T) {
	const all = "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), CHAR(n), VARCHAR(n), STRING, BYTES, VARBINARY(n), DATE, TIMESTAMP(p), TIMESTAMP_LTZ(p)"
	tests := []struct{ sql, want string }{
		{"BIGINTEGER", `job.sql:1:19: unknown type "BIGINTEGER" (supported types: ` + all + ")"},
		{"`INT`", "job.sql:1:19: Encountered \"`INT`\"; expected a data type"},
		{"TIME", "job.sql:1:19: type TIME is not supported by Sluice"},
		{"ARRAY<INT>", "job.sql:1:19: type ARRAY is not supported by Sluice"},
		{"INT ARRAY", "job.sql:1:23: type ARRAY is not supported by Sluice"},
		{"MAP<STRING, INT>", "job.sql:1:19: type MAP is not supported by Sluice"},
		{"ROW<a INT>", "job.sql:1:19: type ROW is not supported by Sluice"},
		{"DECIMAL(0)", "job.sql:1:27: Decimal precision must be between 1 and 38 (both inclusive)."},
		{"DECIMAL(39, 2)", "job.sql:1:27: Decimal precision must be between 1 and 38 (both inclusive)."},
		{"DECIMAL(5, 6)", "job.sql:1:30: Decimal scale must be between 0 and the precision 5 (both inclusive)."},
		{"DECIMAL(5, 2, 1)", `job.sql:1:31: Encountered ","; expected ")"`},
		{"DECIMAL(x)", `job.sql:1:27: Encountered "x"; expected an integer`},
		{"DECIMAL(99999999999999999999)", "job.sql:1:27: type parameter 99999999999999999999 is not a valid integer"},
		{"VARCHAR(0)", "job.sql:1:27: Variable character string length must be between 1 and 2147483647 (both inclusive)."},
		{"VARCHAR(2147483648)", "job.sql:1:27: Variable character string length must be between 1 and 2147483647 (both inclusive)."},
		{"CHAR(0)", "job.sql:1:24: Character string length must be between 1 and 2147483647 (both inclusive)."},
		{"VARBINARY(0)", "job.sql:1:29: Variable binary string length must be between 1 and 2147483647 (both inclusive)."},
		{"TIMESTAMP(10)", "job.sql:1:29: Timestamp precision must be between 0 and 9 (both inclusive)."},
		{"TIMESTAMP_LTZ(12)", "job.sql:1:33: Timestamp with local time zone precision must be between 0 and 9 (both inclusive)."},
		{"TIMESTAMP WITH TIME ZONE", "job.sql:1:29: type TIMESTAMP WITH TIME ZONE is not supported"},
		{"VARCHAR(", `job.sql:1:27: Encountered ")"; expected an integer`},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			checkError(t, "CREATE TABLE t (c "+tt.sql+")", tt.want)
		})
	}
}
