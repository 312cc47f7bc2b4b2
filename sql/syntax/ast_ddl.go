package syntax

// CreateTable is CREATE [OR REPLACE] [TEMPORARY] TABLE, with CTAS/RTAS
// when Query is set and CREATE TABLE ... LIKE when Like is set.
type CreateTable struct {
	node
	OrReplace     bool
	Temporary     bool
	IfNotExists   bool
	Name          Name
	Columns       []Column
	Watermarks    []Watermark
	Constraints   []Constraint
	Comment       *string
	Distribution  *Distribution
	PartitionedBy []Ident
	Options       []Property
	Like          *TableLike
	Query         *Query
}

// ColumnKind tells physical, computed and metadata columns apart.
type ColumnKind string

// Column kinds.
const (
	ColPhysical ColumnKind = "PHYSICAL"
	ColComputed ColumnKind = "COMPUTED"
	ColMetadata ColumnKind = "METADATA"
)

// Column is one column of CREATE TABLE.
type Column struct {
	node
	Name        Ident
	Kind        ColumnKind
	Type        *DataType // physical and metadata columns
	Expr        Expr      // computed columns
	MetadataKey *string   // METADATA FROM 'key'
	Virtual     bool
	Constraint  *Constraint // column-level PRIMARY KEY ... NOT ENFORCED
	Comment     *string
	First       bool   // ALTER TABLE ... ADD|MODIFY col ... FIRST
	After       *Ident // ALTER TABLE ... ADD|MODIFY col ... AFTER other
}

// Constraint is [CONSTRAINT name] PRIMARY KEY (cols) [NOT] ENFORCED or UNIQUE.
type Constraint struct {
	node
	Name     *Ident
	Kind     string // PRIMARY KEY or UNIQUE
	Columns  []Ident
	Enforced *bool
}

// Watermark is WATERMARK FOR rowtime AS expr.
type Watermark struct {
	node
	Column Name
	Expr   Expr
}

// Distribution is DISTRIBUTED BY [HASH|RANGE] (cols) [INTO n BUCKETS] or
// DISTRIBUTED INTO n BUCKETS.
type Distribution struct {
	node
	Kind    string
	Columns []Ident
	Buckets *int
}

// TableLike is LIKE source [(options)].
type TableLike struct {
	node
	Source  Name
	Options []LikeOption
}

// LikeOption is INCLUDING|EXCLUDING|OVERWRITING ALL|CONSTRAINTS|GENERATED|
// METADATA|OPTIONS|PARTITIONS|WATERMARKS|DISTRIBUTION.
type LikeOption struct {
	node
	Strategy string
	Feature  string
}

// CreateView is CREATE [TEMPORARY] VIEW [IF NOT EXISTS] v [(cols)] [COMMENT c] AS query.
type CreateView struct {
	node
	Temporary   bool
	IfNotExists bool
	Name        Name
	Columns     []Ident
	Comment     *string
	Query       *Query
}

// CreateFunction is CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] f AS 'class' [LANGUAGE l] [USING JAR ...].
type CreateFunction struct {
	node
	Temporary   bool
	System      bool
	IfNotExists bool
	Name        Name
	Class       string
	Language    string
	Jars        []string
}

// CreateCatalog is CREATE CATALOG [IF NOT EXISTS] c [COMMENT ...] WITH (...).
type CreateCatalog struct {
	node
	IfNotExists bool
	Name        Ident
	Comment     *string
	Options     []Property
}

// CreateDatabase is CREATE DATABASE [IF NOT EXISTS] db [COMMENT ...] [WITH (...)].
type CreateDatabase struct {
	node
	IfNotExists bool
	Name        Name
	Comment     *string
	Options     []Property
}

func (*QueryStmt) stmtNode()      {}
func (*Set) stmtNode()            {}
func (*Reset) stmtNode()          {}
func (*Use) stmtNode()            {}
func (*Show) stmtNode()           {}
func (*Describe) stmtNode()       {}
func (*Explain) stmtNode()        {}
func (*StatementSet) stmtNode()   {}
func (*Insert) stmtNode()         {}
func (*Drop) stmtNode()           {}
func (*AlterTable) stmtNode()     {}
func (*CreateTable) stmtNode()    {}
func (*CreateView) stmtNode()     {}
func (*CreateFunction) stmtNode() {}
func (*CreateCatalog) stmtNode()  {}
func (*CreateDatabase) stmtNode() {}
