package syntax

// DataType is a Flink data type as written. Name is the canonical type name
// (INT for INTEGER, DECIMAL for DEC and NUMERIC, VARCHAR for CHARACTER
// VARYING and STRING, VARBINARY for BYTES, FLOAT for REAL); the other fields
// are filled as the type needs them. A nil Precision means none was
// written: Flink's defaults (STRING is VARCHAR(2147483647), VARCHAR is
// VARCHAR(1), DECIMAL is DECIMAL(10, 0), TIMESTAMP is TIMESTAMP(6), ...)
// are the planner's to apply.
type DataType struct {
	node
	Name       string
	Spelling   string // the name as written, when it differs from Name (INTEGER, DEC, STRING, BYTES)
	Precision  *int   // length of CHAR/VARCHAR/BINARY/VARBINARY, precision of DECIMAL, TIME, TIMESTAMP
	Scale      *int   // DECIMAL scale
	TimeZone   string // "", "WITHOUT TIME ZONE", "WITH LOCAL TIME ZONE", "WITH TIME ZONE"
	Elem       *DataType
	Key, Value *DataType
	Fields     []RowField
	Postfix    bool // ARRAY/MULTISET written after the element type: INT ARRAY
	Parens     bool // ROW(a INT) rather than ROW<a INT>
	Interval   *IntervalQualifier
	RawClass   *string
	RawSnap    *string
	UserName   Name // a user-defined (structured) type name
	NotNull    bool // NOT NULL
	Null       bool // an explicit NULL
}

// RowField is a named field of a ROW type.
type RowField struct {
	node
	Name    Ident
	Type    *DataType
	Comment *string
}

// IntervalQualifier is the unit part of an interval literal or type:
// DAY(2) TO SECOND(3), MINUTE, YEAR TO MONTH.
type IntervalQualifier struct {
	node
	Start     string
	StartPrec *int
	End       string
	FracPrec  *int
}
