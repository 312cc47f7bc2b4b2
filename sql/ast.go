package sql

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sluice-sql/sluice/engine/types"
)

// Script is a parsed SQL file.
type Script struct {
	Source     *Source
	Statements []Statement
}

// Statement is one statement of a script: *Set, *Reset, *CreateTable,
// *CreateView, *Insert, *StatementSet or *Explain.
type Statement interface {
	// Position is where the statement's first token is.
	Position() Pos
	statementNode()
}

// Set is SET 'key' = 'value'.
type Set struct {
	Pos              Pos
	Key, Value       string
	KeyPos, ValuePos Pos
}

// Reset is RESET 'key', or RESET alone (Key "") which resets every key.
type Reset struct {
	Pos    Pos
	Key    string
	KeyPos Pos
}

// Ident is a name and where it is written.
type Ident struct {
	Name string
	Pos  Pos
}

// CreateTable is CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (...) ... WITH (...).
type CreateTable struct {
	Pos         Pos
	Temporary   bool
	IfNotExists bool
	// Name is the table name: the last part of FullName.
	Name string
	// FullName is the name as written, e.g. "catalog.db.name" (quotes removed).
	FullName string
	NamePos  Pos
	Columns  []*Column
	// PrimaryKey is nil if none is declared (table- or column-level).
	PrimaryKey *PrimaryKey
	// Watermark is nil if none is declared.
	Watermark     *Watermark
	Comment       string
	PartitionedBy []Ident
	// Options are the WITH options in the order written; keys are unique.
	Options []Option
}

// ColumnKind says how a column gets its value.
type ColumnKind uint8

const (
	// PhysicalColumn is read from and written to the payload.
	PhysicalColumn ColumnKind = iota
	// MetadataColumn is a connector or format metadata field (name TYPE METADATA ...).
	MetadataColumn
	// ComputedColumn is name AS expr; only its text is kept.
	ComputedColumn
)

// String names the kind as Flink's DESCRIBE does.
func (k ColumnKind) String() string {
	switch k {
	case MetadataColumn:
		return "METADATA"
	case ComputedColumn:
		return "COMPUTED"
	}
	return "PHYSICAL"
}

// Column is one column of a CREATE TABLE.
type Column struct {
	Name string
	Pos  Pos
	Kind ColumnKind
	// Type is the declared type (NotNull set for NOT NULL and primary key
	// columns, as Flink does); zero for computed columns.
	Type    types.Type
	TypePos Pos
	// MetadataKey is the FROM 'key' of a metadata column, "" if absent
	// (then the key is the column name).
	MetadataKey string
	// Virtual is set for METADATA ... VIRTUAL columns, which sinks do not write.
	Virtual bool
	// Expr is the expression text of a computed column.
	Expr    string
	ExprPos Pos
	Comment string
}

// PrimaryKey is PRIMARY KEY (a, b) NOT ENFORCED, or a column-level PRIMARY KEY NOT ENFORCED.
type PrimaryKey struct {
	Pos Pos
	// Name is the CONSTRAINT name, "" if none was given.
	Name    string
	Columns []Ident
}

// Watermark is WATERMARK FOR column AS expr; the expression is kept as text.
type Watermark struct {
	Pos       Pos
	Column    string
	ColumnPos Pos
	Expr      string
	ExprPos   Pos
}

// Option is one 'key' = 'value' of a WITH clause.
type Option struct {
	Key, Value       string
	KeyPos, ValuePos Pos
}

// OptionMap returns the options as a map.
func (t *CreateTable) OptionMap() map[string]string {
	m := make(map[string]string, len(t.Options))
	for _, o := range t.Options {
		m[o.Key] = o.Value
	}
	return m
}

// Option returns the option with the given key.
func (t *CreateTable) Option(key string) (Option, bool) {
	for _, o := range t.Options {
		if o.Key == key {
			return o, true
		}
	}
	return Option{}, false
}

// OptionPos returns where the option key is written, or the table's
// position if the option is absent (e.g. for "missing option" errors).
func (t *CreateTable) OptionPos(key string) Pos {
	if o, ok := t.Option(key); ok {
		return o.KeyPos
	}
	return t.Pos
}

// Column returns the column with the given name (case-sensitive, as Flink).
func (t *CreateTable) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Hint is a Flink SQL hint such as /*+ OPTIONS('k'='v') */ or
// /*+ BROADCAST(t) */ in a query or after an INSERT target table.
type Hint struct {
	// Name is as written (Flink matches hint names case-insensitively).
	Name string
	// Args holds list-form arguments, e.g. BROADCAST(t1, t2).
	Args []string
	// Options holds key-value arguments, e.g. STATE_TTL('l' = '1d').
	Options map[string]string
	// Table is the table name the hint follows, "" for a query hint after SELECT.
	Table string
	Pos   Pos
	// Nth places the hint in its statement's query, counting from 0 in text
	// order: a query hint follows the Nth SELECT, a table hint the Nth table
	// name of a FROM clause (views included, sub-queries not). It is -1 for
	// a hint after an INSERT's target table. The planner counts the same way
	// as it walks the query, since sqlparser's AST keeps no hints.
	Nth int
}

// Insert is INSERT INTO table [(columns)] query.
type Insert struct {
	Pos Pos
	// Table is the target table name: the last part of TableFullName.
	Table         string
	TableFullName string
	TablePos      Pos
	// Columns is the optional target column list; ColumnPos their positions.
	Columns   []string
	ColumnPos []Pos
	Query     sqlparser.SelectStatement
	// QueryText is the query as rendered (from SELECT to the end).
	QueryText string
	QueryPos  Pos
	Hints     []Hint

	locator locator
}

// Locate returns where the identifier sequence parts (e.g. "l",
// "account_id" for l.account_id) first occurs in the query, or QueryPos.
func (i *Insert) Locate(parts ...string) Pos { return i.locator.locate(parts...) }

// StatementSet is EXECUTE STATEMENT SET BEGIN insert; ... END (or the older
// BEGIN STATEMENT SET; ... END;): its inserts run as one job.
type StatementSet struct {
	Pos     Pos
	Inserts []*Insert
}

// Explain is EXPLAIN [details] [PLAN FOR] followed by an *Insert or *StatementSet.
type Explain struct {
	Pos Pos
	// Details are the upper-cased ExplainDetails, e.g. CHANGELOG_MODE.
	Details []string
	Stmt    Statement
}

// CreateView is CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] AS query.
type CreateView struct {
	Pos         Pos
	Temporary   bool
	IfNotExists bool
	// Name is the view name: the last part of FullName.
	Name      string
	FullName  string
	NamePos   Pos
	Columns   []Ident
	Comment   string
	Query     sqlparser.SelectStatement
	QueryText string
	QueryPos  Pos
	Hints     []Hint

	locator locator
}

// Locate returns where the identifier sequence parts first occurs in the
// view's query, or QueryPos.
func (v *CreateView) Locate(parts ...string) Pos { return v.locator.locate(parts...) }

func (s *Set) Position() Pos          { return s.Pos }
func (s *Reset) Position() Pos        { return s.Pos }
func (s *CreateTable) Position() Pos  { return s.Pos }
func (s *CreateView) Position() Pos   { return s.Pos }
func (s *Insert) Position() Pos       { return s.Pos }
func (s *StatementSet) Position() Pos { return s.Pos }
func (s *Explain) Position() Pos      { return s.Pos }

func (*Set) statementNode()          {}
func (*Reset) statementNode()        {}
func (*CreateTable) statementNode()  {}
func (*CreateView) statementNode()   {}
func (*Insert) statementNode()       {}
func (*StatementSet) statementNode() {}
func (*Explain) statementNode()      {}

// Settings applies the script's SET and RESET statements in order.
func (s *Script) Settings() map[string]string {
	m := map[string]string{}
	for _, st := range s.Statements {
		switch st := st.(type) {
		case *Set:
			m[st.Key] = st.Value
		case *Reset:
			if st.Key == "" {
				clear(m)
			} else {
				delete(m, st.Key)
			}
		}
	}
	return m
}

// Tables returns the CREATE TABLE statements in order.
func (s *Script) Tables() []*CreateTable {
	var out []*CreateTable
	for _, st := range s.Statements {
		if t, ok := st.(*CreateTable); ok {
			out = append(out, t)
		}
	}
	return out
}

// Views returns the CREATE VIEW statements in order.
func (s *Script) Views() []*CreateView {
	var out []*CreateView
	for _, st := range s.Statements {
		if v, ok := st.(*CreateView); ok {
			out = append(out, v)
		}
	}
	return out
}

// Inserts returns every INSERT to run, those of statement sets included, in
// order. Inserts under EXPLAIN are not run and are left out.
func (s *Script) Inserts() []*Insert {
	var out []*Insert
	for _, st := range s.Statements {
		switch st := st.(type) {
		case *Insert:
			out = append(out, st)
		case *StatementSet:
			out = append(out, st.Inserts...)
		}
	}
	return out
}
