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
	// KindBytes is VARBINARY(n); BYTES is VARBINARY(2147483647).
	KindBytes
	// KindTime is TIME(p): a time of day without time zone.
	KindTime
	// KindBinary is BINARY(n), fixed length.
	KindBinary
	// KindIntervalDayTime is INTERVAL DAY TO SECOND (milliseconds, as Flink).
	KindIntervalDayTime
	// KindIntervalYearMonth is INTERVAL YEAR TO MONTH (months).
	KindIntervalYearMonth
	// KindArray, KindMap, KindMultiset and KindRow are the constructed
	// types; Type.Nested describes their elements.
	KindArray
	KindMap
	KindMultiset
	KindRow
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
	// Nested describes the elements of ARRAY, MAP, MULTISET and ROW (nil
	// for every other kind). A pointer keeps Type small and comparable;
	// compare types with Equal, not ==.
	Nested *Nested
}

// Nested is what a constructed type is made of: the element type of an
// ARRAY or MULTISET, the key and value types of a MAP, the fields of a ROW.
type Nested struct {
	Elem   Type
	Key    Type
	Fields []Column
}

// ArrayType returns ARRAY<elem>.
func ArrayType(elem Type) Type { return Type{Kind: KindArray, Nested: &Nested{Elem: elem}} }

// MultisetType returns MULTISET<elem>.
func MultisetType(elem Type) Type { return Type{Kind: KindMultiset, Nested: &Nested{Elem: elem}} }

// MapType returns MAP<key, value>.
func MapType(key, value Type) Type {
	return Type{Kind: KindMap, Nested: &Nested{Key: key, Elem: value}}
}

// RowType returns ROW<fields…>.
func RowType(fields ...Column) Type { return Type{Kind: KindRow, Nested: &Nested{Fields: fields}} }

// TimeType returns TIME(p).
func TimeType(p int) Type { return Type{Kind: KindTime, Precision: p} }

// Binary returns BINARY(n).
func Binary(n int) Type { return Type{Kind: KindBinary, Length: n} }

// Varbinary returns VARBINARY(n) (BYTES for 2147483647).
func Varbinary(n int) Type { return Type{Kind: KindBytes, Length: n} }

// Equal reports whether two types are the same, nested types included.
func (t Type) Equal(o Type) bool {
	if t.Kind != o.Kind || t.Length != o.Length || t.Precision != o.Precision ||
		t.Scale != o.Scale || t.NotNull != o.NotNull {
		return false
	}
	if t.Nested == nil || o.Nested == nil {
		return t.Nested == o.Nested
	}
	a, b := t.Nested, o.Nested
	if !a.Elem.Equal(b.Elem) || !a.Key.Equal(b.Key) || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i].Name != b.Fields[i].Name || !a.Fields[i].Type.Equal(b.Fields[i].Type) {
			return false
		}
	}
	return true
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
		if t.Length == 0 || t.Length == MaxVarcharLength {
			s = "BYTES"
		} else {
			s = fmt.Sprintf("VARBINARY(%d)", t.Length)
		}
	case KindBinary:
		s = fmt.Sprintf("BINARY(%d)", t.Length)
	case KindTime:
		s = fmt.Sprintf("TIME(%d)", t.Precision)
	case KindIntervalDayTime:
		s = "INTERVAL SECOND(3)"
	case KindIntervalYearMonth:
		s = "INTERVAL MONTH"
	case KindArray, KindMap, KindMultiset, KindRow:
		s = t.nestedString()
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
	case t.Kind == KindBytes || t.Kind == KindBinary:
		return "BINARY_STRING"
	case t.Kind == KindTime:
		return "TIME"
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

// WithNullable returns t, NOT NULL only when every one of from is NOT NULL:
// the nullability of an operator's result in Flink.
func (t Type) WithNullable(from ...Type) Type {
	t.NotNull = true
	for _, f := range from {
		if !f.NotNull {
			t.NotNull = false
		}
	}
	return t
}

// nestedString renders ARRAY<INT>, MAP<STRING, INT>, MULTISET<INT> and
// ROW<`a` INT, `b` STRING> as Flink's asSummaryString does.
func (t Type) nestedString() string {
	n := t.Nested
	if n == nil {
		n = &Nested{}
	}
	switch t.Kind {
	case KindArray:
		return "ARRAY<" + n.Elem.String() + ">"
	case KindMultiset:
		return "MULTISET<" + n.Elem.String() + ">"
	case KindMap:
		return "MAP<" + n.Key.String() + ", " + n.Elem.String() + ">"
	}
	parts := make([]string, len(n.Fields))
	for i, f := range n.Fields {
		parts[i] = "`" + f.Name + "` " + f.Type.String()
	}
	return "ROW<" + strings.Join(parts, ", ") + ">"
}
