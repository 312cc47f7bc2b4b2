package plan

import (
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// supportedTypes is listed in "type not supported" errors.
const supportedTypes = "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), " +
	"CHAR(n), VARCHAR(n), STRING, BINARY(n), VARBINARY(n), BYTES, DATE, TIME(p), TIMESTAMP(p), TIMESTAMP_LTZ(p), " +
	"INTERVAL, ARRAY<t>, MAP<k, v>, MULTISET<t>, ROW<name t, ...>"

// simpleTypes are the types without parameters, by canonical name.
var simpleTypes = map[string]types.Type{
	"BOOLEAN": types.Boolean, "TINYINT": types.TinyInt, "SMALLINT": types.SmallInt, "INT": types.Int,
	"BIGINT": types.BigInt, "FLOAT": types.Float, "DOUBLE": types.Double, "DATE": types.Date,
}

// typeReader maps written data types to Sluice's, for DDL and for CAST;
// errors point into src.
type typeReader struct{ src *sql.Source }

func (r typeReader) errorf(at syntax.Pos, format string, args ...any) *sql.Error {
	return r.src.ErrorAt(at, format, args...)
}

// columnType maps a declared type to Sluice's, with Flink's defaults,
// limits and range messages; NOT NULL is kept.
func (d *decls) columnType(t *syntax.DataType) (types.Type, error) {
	return typeReader{d.src}.dataType(t)
}

// dataType maps t, NOT NULL included.
func (r typeReader) dataType(t *syntax.DataType) (types.Type, error) {
	typ, err := r.baseType(t)
	if err != nil {
		return types.Type{}, err
	}
	typ.NotNull = t.NotNull
	return typ, nil
}

func (r typeReader) baseType(t *syntax.DataType) (types.Type, error) {
	if typ, ok := simpleTypes[t.Name]; ok && t.Precision == nil {
		return typ, nil
	}
	switch t.Name {
	case "DECIMAL":
		return r.decimalType(t)
	case "CHAR", "VARCHAR", "VARBINARY", "BINARY":
		return r.lengthType(t)
	case "TIME":
		prec, err := r.precision(t, "Time", 0)
		return types.TimeType(prec), err
	case "TIMESTAMP":
		return r.timestampType(t)
	case "TIMESTAMP_LTZ":
		prec, err := r.precision(t, "Timestamp with local time zone", 6)
		return types.TimestampLTZType(prec), err
	case "INTERVAL":
		return r.intervalType(t)
	case "ARRAY", "MULTISET", "MAP", "ROW":
		return r.nestedType(t)
	case "USER":
		return types.Type{}, r.errorf(t.Position(), "unknown type %q (supported types: %s)", t.UserName.String(), supportedTypes)
	}
	return types.Type{}, r.errorf(t.Position(), "type %s is not supported by Sluice (supported types: %s)", t.Name, supportedTypes)
}

// nestedType reads ARRAY<t> (or t ARRAY), MULTISET<t>, MAP<k, v> and ROW<a t, ...>.
func (r typeReader) nestedType(t *syntax.DataType) (types.Type, error) {
	switch t.Name {
	case "ARRAY", "MULTISET":
		elem, err := r.dataType(t.Elem)
		if t.Name == "ARRAY" {
			return types.ArrayType(elem), err
		}
		return types.MultisetType(elem), err
	case "MAP":
		k, err := r.dataType(t.Key)
		if err != nil {
			return types.Type{}, err
		}
		v, err := r.dataType(t.Value)
		return types.MapType(k, v), err
	}
	cols := make([]types.Column, len(t.Fields))
	for i, f := range t.Fields {
		ft, err := r.dataType(f.Type)
		if err != nil {
			return types.Type{}, err
		}
		for _, prev := range cols[:i] {
			if prev.Name == f.Name.Name {
				return types.Type{}, r.errorf(f.Position(), "Field names must be unique. Found duplicates: [%s]", f.Name.Name)
			}
		}
		cols[i] = types.Column{Name: f.Name.Name, Type: ft}
	}
	return types.RowType(cols...), nil
}

// intervalType reads INTERVAL YEAR [TO MONTH] and INTERVAL DAY ... TO SECOND.
func (r typeReader) intervalType(t *syntax.DataType) (types.Type, error) {
	if t.Interval != nil {
		switch t.Interval.Start {
		case "YEAR", "MONTH":
			return types.Type{Kind: types.KindIntervalYearMonth}, nil
		}
	}
	return types.Type{Kind: types.KindIntervalDayTime}, nil
}

// decimalType applies DECIMAL's defaults: DECIMAL alone is DECIMAL(10, 0).
func (r typeReader) decimalType(t *syntax.DataType) (types.Type, error) {
	prec, scale := 10, 0
	if t.Precision != nil {
		prec = *t.Precision
	}
	if t.Scale != nil {
		scale = *t.Scale
	}
	if prec < 1 || prec > types.MaxDecimalPrecision {
		return types.Type{}, r.errorf(t.Position(), "Decimal precision must be between 1 and %d (both inclusive).", types.MaxDecimalPrecision)
	}
	if scale < 0 || scale > prec {
		return types.Type{}, r.errorf(t.Position(), "Decimal scale must be between 0 and the precision %d (both inclusive).", prec)
	}
	return types.DecimalType(prec, scale), nil
}

// lengthType applies the length of CHAR, VARCHAR, BINARY and VARBINARY; the
// default is 1, as in Flink; STRING and BYTES are the longest.
func (r typeReader) lengthType(t *syntax.DataType) (types.Type, error) {
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
	what := map[string]string{"CHAR": "Character string", "VARCHAR": "Variable character string",
		"BINARY": "Binary string", "VARBINARY": "Variable binary string"}[t.Name]
	if n < 1 || n > types.MaxVarcharLength {
		return types.Type{}, r.errorf(t.Position(), "%s length must be between 1 and %d (both inclusive).", what, types.MaxVarcharLength)
	}
	switch t.Name {
	case "VARCHAR":
		return types.Varchar(n), nil
	case "VARBINARY":
		return types.Varbinary(n), nil
	case "BINARY":
		return types.Binary(n), nil
	}
	return types.Char(n), nil
}

// timestampType reads TIMESTAMP[(p)] [WITHOUT TIME ZONE | WITH LOCAL TIME ZONE].
func (r typeReader) timestampType(t *syntax.DataType) (types.Type, error) {
	prec, err := r.precision(t, "Timestamp", 6)
	if err != nil {
		return types.Type{}, err
	}
	switch t.TimeZone {
	case "WITH LOCAL TIME ZONE":
		return types.TimestampLTZType(prec), nil
	case "WITH TIME ZONE":
		return types.Type{}, r.errorf(t.Position(), "type TIMESTAMP WITH TIME ZONE is not supported (Flink does not support it either); use TIMESTAMP WITH LOCAL TIME ZONE")
	}
	return types.TimestampType(prec), nil
}

// precision is the written fractional-second precision, or def.
func (r typeReader) precision(t *syntax.DataType, what string, def int) (int, error) {
	if t.Precision == nil {
		return def, nil
	}
	if p := *t.Precision; p < 0 || p > 9 {
		return 0, r.errorf(t.Position(), "%s precision must be between 0 and 9 (both inclusive).", what)
	}
	return *t.Precision, nil
}
