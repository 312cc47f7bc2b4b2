package plan

import (
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// supportedTypes is listed in "type not supported" errors.
const supportedTypes = "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), " +
	"CHAR(n), VARCHAR(n), STRING, BYTES, VARBINARY(n), DATE, TIMESTAMP(p), TIMESTAMP_LTZ(p)"

// simpleTypes are the types without parameters, by canonical name.
var simpleTypes = map[string]types.Type{
	"BOOLEAN": types.Boolean, "TINYINT": types.TinyInt, "SMALLINT": types.SmallInt, "INT": types.Int,
	"BIGINT": types.BigInt, "FLOAT": types.Float, "DOUBLE": types.Double, "DATE": types.Date,
}

// columnType maps a declared type to Sluice's, with Flink's defaults,
// limits and range messages; NOT NULL is kept.
func (d *decls) columnType(t *syntax.DataType) (types.Type, error) {
	typ, err := d.baseType(t)
	if err != nil {
		return types.Type{}, err
	}
	typ.NotNull = t.NotNull
	return typ, nil
}

func (d *decls) baseType(t *syntax.DataType) (types.Type, error) {
	if t.Postfix {
		return types.Type{}, d.errorf(t.Position(), "type %s is not supported by Sluice", t.Name)
	}
	if typ, ok := simpleTypes[t.Name]; ok && t.Precision == nil {
		return typ, nil
	}
	switch t.Name {
	case "DECIMAL":
		return d.decimalType(t)
	case "CHAR", "VARCHAR", "VARBINARY":
		return d.lengthType(t)
	case "TIMESTAMP":
		return d.timestampType(t)
	case "TIMESTAMP_LTZ":
		prec, err := d.timestampPrecision(t, "Timestamp with local time zone")
		return types.TimestampLTZType(prec), err
	case "USER":
		return types.Type{}, d.errorf(t.Position(), "unknown type %q (supported types: %s)", t.UserName.String(), supportedTypes)
	}
	return types.Type{}, d.errorf(t.Position(), "type %s is not supported by Sluice (supported types: %s)", t.Name, supportedTypes)
}

// decimalType applies DECIMAL's defaults: DECIMAL alone is DECIMAL(10, 0).
func (d *decls) decimalType(t *syntax.DataType) (types.Type, error) {
	prec, scale := 10, 0
	if t.Precision != nil {
		prec = *t.Precision
	}
	if t.Scale != nil {
		scale = *t.Scale
	}
	if prec < 1 || prec > types.MaxDecimalPrecision {
		return types.Type{}, d.errorf(t.Position(), "Decimal precision must be between 1 and %d (both inclusive).", types.MaxDecimalPrecision)
	}
	if scale < 0 || scale > prec {
		return types.Type{}, d.errorf(t.Position(), "Decimal scale must be between 0 and the precision %d (both inclusive).", prec)
	}
	return types.DecimalType(prec, scale), nil
}

// lengthType applies the length of CHAR, VARCHAR and VARBINARY; the default
// is 1, as in Flink; STRING and BYTES are the longest.
func (d *decls) lengthType(t *syntax.DataType) (types.Type, error) {
	switch t.Spelling {
	case "STRING":
		return types.String, nil
	case "BYTES":
		return types.Bytes, nil
	}
	n := 1
	if t.Precision != nil {
		n = *t.Precision
	}
	what := map[string]string{"CHAR": "Character string", "VARCHAR": "Variable character string", "VARBINARY": "Variable binary string"}[t.Name]
	if n < 1 || n > types.MaxVarcharLength {
		return types.Type{}, d.errorf(t.Position(), "%s length must be between 1 and %d (both inclusive).", what, types.MaxVarcharLength)
	}
	switch t.Name {
	case "VARCHAR":
		return types.Varchar(n), nil
	case "VARBINARY":
		return types.Bytes, nil
	}
	return types.Char(n), nil
}

// timestampType reads TIMESTAMP[(p)] [WITHOUT TIME ZONE | WITH LOCAL TIME ZONE].
func (d *decls) timestampType(t *syntax.DataType) (types.Type, error) {
	prec, err := d.timestampPrecision(t, "Timestamp")
	if err != nil {
		return types.Type{}, err
	}
	switch t.TimeZone {
	case "WITH LOCAL TIME ZONE":
		return types.TimestampLTZType(prec), nil
	case "WITH TIME ZONE":
		return types.Type{}, d.errorf(t.Position(), "type TIMESTAMP WITH TIME ZONE is not supported (Flink does not support it either); use TIMESTAMP WITH LOCAL TIME ZONE")
	}
	return types.TimestampType(prec), nil
}

// timestampPrecision is the written precision, or 6.
func (d *decls) timestampPrecision(t *syntax.DataType, what string) (int, error) {
	if t.Precision == nil {
		return 6, nil
	}
	if p := *t.Precision; p < 0 || p > 9 {
		return 0, d.errorf(t.Position(), "%s precision must be between 0 and 9 (both inclusive).", what)
	}
	return *t.Precision, nil
}
