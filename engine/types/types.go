// Package types holds Sluice's logical SQL types, values and rows: the
// vocabulary shared by the SQL front end, the planner, operators, formats and
// connectors.
package types

import (
	"fmt"
	"strings"
)

// Kind is the root of a logical type, as in Flink's LogicalTypeRoot.
type Kind uint8

// Kinds. KindNull is only used for the NULL value (a Value with no kind).
const (
	KindNull Kind = iota
	KindBoolean
	KindTinyInt
	KindSmallInt
	KindInt
	KindBigInt
	KindFloat
	KindDouble
	KindDecimal
	KindChar
	KindVarchar
	KindDate
	KindTimestamp
	// KindTimestampLTZ is TIMESTAMP_LTZ (an instant), used by Kafka metadata columns.
	KindTimestampLTZ
	KindBytes
)

// MaxVarcharLength is the length of STRING, which Flink defines as VARCHAR(2147483647).
const MaxVarcharLength = 2147483647

// MaxDecimalPrecision is the largest DECIMAL precision Flink accepts.
const MaxDecimalPrecision = 38

// Type is a logical type with its parameters.
type Type struct {
	Kind Kind
	// Length is the length of CHAR and VARCHAR.
	Length int
	// Precision is the precision of DECIMAL and the fractional-second precision of TIMESTAMP.
	Precision int
	// Scale is the scale of DECIMAL.
	Scale int
	// NotNull is set for columns declared NOT NULL.
	NotNull bool
}

// Convenience constructors.
var (
	Boolean  = Type{Kind: KindBoolean}
	TinyInt  = Type{Kind: KindTinyInt}
	SmallInt = Type{Kind: KindSmallInt}
	Int      = Type{Kind: KindInt}
	BigInt   = Type{Kind: KindBigInt}
	Float    = Type{Kind: KindFloat}
	Double   = Type{Kind: KindDouble}
	Date     = Type{Kind: KindDate}
	String   = Type{Kind: KindVarchar, Length: MaxVarcharLength}
	Bytes    = Type{Kind: KindBytes}
)

// Varchar returns VARCHAR(n).
func Varchar(n int) Type { return Type{Kind: KindVarchar, Length: n} }

// Char returns CHAR(n).
func Char(n int) Type { return Type{Kind: KindChar, Length: n} }

// DecimalType returns DECIMAL(p, s).
func DecimalType(p, s int) Type { return Type{Kind: KindDecimal, Precision: p, Scale: s} }

// TimestampType returns TIMESTAMP(p).
func TimestampType(p int) Type { return Type{Kind: KindTimestamp, Precision: p} }

// TimestampLTZType returns TIMESTAMP_LTZ(p).
func TimestampLTZType(p int) Type { return Type{Kind: KindTimestampLTZ, Precision: p} }

// String renders the type as Flink's LogicalType.asSummaryString does,
// e.g. "BIGINT", "VARCHAR(15)", "STRING", "DECIMAL(10, 2)", "TIMESTAMP(3)".
func (t Type) String() string {
	var s string
	switch t.Kind {
	case KindBoolean:
		s = "BOOLEAN"
	case KindTinyInt:
		s = "TINYINT"
	case KindSmallInt:
		s = "SMALLINT"
	case KindInt:
		s = "INT"
	case KindBigInt:
		s = "BIGINT"
	case KindFloat:
		s = "FLOAT"
	case KindDouble:
		s = "DOUBLE"
	case KindDecimal:
		s = fmt.Sprintf("DECIMAL(%d, %d)", t.Precision, t.Scale)
	case KindChar:
		s = fmt.Sprintf("CHAR(%d)", t.Length)
	case KindVarchar:
		if t.Length == MaxVarcharLength {
			s = "STRING"
		} else {
			s = fmt.Sprintf("VARCHAR(%d)", t.Length)
		}
	case KindDate:
		s = "DATE"
	case KindTimestamp:
		s = fmt.Sprintf("TIMESTAMP(%d)", t.Precision)
	case KindTimestampLTZ:
		s = fmt.Sprintf("TIMESTAMP_LTZ(%d)", t.Precision)
	case KindBytes:
		s = "BYTES"
	default:
		s = "NULL"
	}
	if t.NotNull {
		s += " NOT NULL"
	}
	return s
}

// IsInteger reports whether the type is TINYINT, SMALLINT, INT or BIGINT.
func (t Type) IsInteger() bool {
	return t.Kind >= KindTinyInt && t.Kind <= KindBigInt
}

// IsNumeric reports whether the type is an exact or approximate number.
func (t Type) IsNumeric() bool {
	return t.Kind >= KindTinyInt && t.Kind <= KindDecimal
}

// IsString reports whether the type is CHAR or VARCHAR.
func (t Type) IsString() bool { return t.Kind == KindChar || t.Kind == KindVarchar }

// IsTimestamp reports whether the type is TIMESTAMP or TIMESTAMP_LTZ.
func (t Type) IsTimestamp() bool { return t.Kind == KindTimestamp || t.Kind == KindTimestampLTZ }

// Family groups kinds whose values can be compared with each other
// (Flink's implicit comparability: numbers with numbers, strings with strings…).
func (t Type) Family() string {
	switch {
	case t.IsNumeric():
		return "NUMERIC"
	case t.IsString():
		return "CHARACTER_STRING"
	case t.IsTimestamp():
		return "TIMESTAMP"
	case t.Kind == KindDate:
		return "DATE"
	case t.Kind == KindBoolean:
		return "BOOLEAN"
	case t.Kind == KindBytes:
		return "BINARY_STRING"
	}
	return "NULL"
}

// Column is a named, typed column of a table or of an operator's output.
type Column struct {
	Name string
	Type Type
}

// Schema is an ordered list of columns.
type Schema []Column

// Index returns the position of the column with the given name, or -1.
// Names match exactly: Flink SQL identifiers are case-sensitive.
func (s Schema) Index(name string) int {
	for i, c := range s {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Names returns the column names in order.
func (s Schema) Names() []string {
	out := make([]string, len(s))
	for i, c := range s {
		out[i] = c.Name
	}
	return out
}

// String renders the schema as "(a BIGINT, b STRING)".
func (s Schema) String() string {
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = "`" + c.Name + "` " + c.Type.String()
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// NotNullable returns the type with NOT NULL set.
func (t Type) NotNullable() Type { t.NotNull = true; return t }

// Nullable returns the type without NOT NULL.
func (t Type) Nullable() Type { t.NotNull = false; return t }
