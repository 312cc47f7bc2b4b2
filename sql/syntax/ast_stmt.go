package syntax

// Stmt is one statement of a script.
type Stmt interface {
	Node
	stmtNode()
}

// Script is a parsed SQL file. Texts[i] is the source text of Stmts[i],
// from its first token to the end of its last one (for messages and EXPLAIN).
type Script struct {
	Stmts []Stmt
	Texts []string
}

// QueryStmt is a query run as a statement (SQL-client style SELECT).
type QueryStmt struct {
	node
	Query *Query
}

// Set is SET, SET 'k' = 'v' or SET k = v (Quoted false).
type Set struct {
	node
	Prop        *Property
	Quoted      bool // the 'k' = 'v' form
	QuotedValue bool // SET k = 'v': an unquoted key with a string value
}

// Reset is RESET or RESET 'k'.
type Reset struct {
	node
	Key *string
}

// Use is USE [CATALOG] name or USE MODULES a, b.
type Use struct {
	node
	Catalog bool
	Modules []Ident
	Name    Name
}

// Show is SHOW ... Object names what is shown (CATALOGS, CURRENT CATALOG,
// TABLES, CREATE TABLE, COLUMNS, ...); From is the FROM|IN name and Like
// the [NOT] [I]LIKE pattern.
type Show struct {
	node
	Object  string
	Name    Name
	From    Name
	Like    *string
	NotLike bool
	ILike   bool
}

// Describe is DESCRIBE|DESC [EXTENDED] name.
type Describe struct {
	node
	Extended bool
	Name     Name
}

// Explain is EXPLAIN [details] [PLAN FOR] stmt.
type Explain struct {
	node
	Details []string
	PlanFor bool
	Stmt    Stmt
}

// StatementSet is EXECUTE STATEMENT SET BEGIN ... END or the SQL client's
// BEGIN STATEMENT SET; ... END; (Execute false).
type StatementSet struct {
	node
	Execute bool
	Stmts   []Stmt
}

// Insert is INSERT INTO|OVERWRITE t [PARTITION (...)] [(cols)] query.
type Insert struct {
	node
	Overwrite bool
	Table     Name
	Hints     []Hint
	Partition []PartitionValue
	Columns   []Ident
	Query     *Query
}

// PartitionValue is col = literal in PARTITION (...).
type PartitionValue struct {
	node
	Column Ident
	Value  Expr
}

// Drop is DROP [TEMPORARY [SYSTEM]] TABLE|VIEW|FUNCTION|CATALOG|DATABASE [IF EXISTS] name.
type Drop struct {
	node
	Object    string
	Temporary bool
	System    bool
	IfExists  bool
	Name      Name
	Cascade   string // RESTRICT or CASCADE for DATABASE
}

// AlterTable is ALTER TABLE [IF EXISTS] name action. Action is RENAME TO,
// SET, RESET, RENAME COLUMN, ADD, MODIFY, DROP.
type AlterTable struct {
	node
	IfExists   bool
	Name       Name
	Action     string
	NewName    Name
	Options    []Property
	Keys       []string
	Column     Ident
	Columns    []Column
	Drop       []Ident
	Watermark  *Watermark
	Constraint *Constraint
}

// Jar is ADD JAR 'path' (Remove false) or REMOVE JAR 'path'.
type Jar struct {
	node
	Remove bool
	Path   string
}

// Module is LOAD MODULE name [WITH (...)] or UNLOAD MODULE name.
type Module struct {
	node
	Unload  bool
	Name    Ident
	Options []Property
}

func (*Jar) stmtNode()    {}
func (*Module) stmtNode() {}
