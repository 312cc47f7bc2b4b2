// Package plan turns a job's statements into an operator graph: it resolves
// tables, names and types, validates connector options, splits join
// conditions into equality keys and a residual predicate, and renders the
// result for EXPLAIN.
package plan

import (
	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// TableDecl is a CREATE TABLE as the planner needs it.
type TableDecl struct {
	Name string
	Pos  sql.Pos
	// Physical columns, in order, then metadata columns.
	Physical []ColumnDecl
	Metadata []connectors.MetadataColumn
	// MetadataPos holds the positions of the metadata columns.
	MetadataPos []sql.Pos
	// Computed are the computed columns (`name AS expr`): virtual, evaluated
	// when the table is read, never written by a sink.
	Computed []ComputedDecl
	// Columns names every column in declared order: the row a query reads.
	Columns       []string
	PrimaryKey    []string
	PartitionKeys []string
	Options       map[string]string
	// OptionPos returns where an option key is written (the table's position if absent).
	OptionPos func(key string) sql.Pos
	// Hint holds the options of the OPTIONS hint this scan or sink was
	// written with, already merged into Options; nil without one.
	Hint map[string]string
}

// ColumnDecl is one declared column.
type ColumnDecl struct {
	Name string
	Type types.Type
	Pos  sql.Pos
}

// ComputedDecl is one computed column; its expression reads the table's
// physical and metadata columns.
type ComputedDecl struct {
	Name string
	Expr syntax.Expr
	Pos  sql.Pos
}

// computed returns the computed column called name, or nil.
func (t *TableDecl) computed(name string) *ComputedDecl {
	for i := range t.Computed {
		if t.Computed[i].Name == name {
			return &t.Computed[i]
		}
	}
	return nil
}

// Schema is the full row of the table as a source emits it: physical
// columns then metadata columns.
func (t *TableDecl) Schema() types.Schema {
	s := t.PhysicalSchema()
	for _, m := range t.Metadata {
		s = append(s, types.Column{Name: m.Name, Type: m.Type})
	}
	return s
}

// PhysicalSchema is the payload columns only.
func (t *TableDecl) PhysicalSchema() types.Schema {
	s := make(types.Schema, 0, len(t.Physical)+len(t.Metadata))
	for _, c := range t.Physical {
		s = append(s, types.Column{Name: c.Name, Type: c.Type})
	}
	return s
}

// SinkSchema is what an INSERT writes: physical columns then the metadata
// columns that are not VIRTUAL (Flink lets sinks write e.g. a Kafka timestamp).
func (t *TableDecl) SinkSchema() types.Schema {
	s := t.PhysicalSchema()
	for _, m := range t.Metadata {
		if !m.Virtual {
			s = append(s, types.Column{Name: m.Name, Type: m.Type})
		}
	}
	return s
}

// InsertDecl is an INSERT INTO … SELECT as the planner needs it.
type InsertDecl struct {
	// Target is the table name as written; Table its last part.
	Target   syntax.Name
	Table    string
	TablePos sql.Pos
	// Columns is the optional target column list.
	Columns []syntax.Ident
	// Hints are the hints after the target table.
	Hints []syntax.Hint
	Query *syntax.Query
	// Pos is where the query starts.
	Pos sql.Pos
	// Catalog is what the INSERT sees: the objects declared before it.
	Catalog *Catalog
	// Select is set when the statement is a query on its own, which
	// writes to an implicit print table rather than to Target.
	Select *BareSelect
}

// BareSelect is a query written on its own, as in the SQL client.
type BareSelect struct {
	// Name is the implicit table's name: "select at processor.sql:12:1".
	Name string
	// Text is the query on one line, comments left out, for the header.
	Text string
}

// ViewDecl is a CREATE VIEW name AS query.
type ViewDecl struct {
	Name  string
	Pos   sql.Pos
	Query *syntax.Query
	// Current is the catalog and database the view was created in: its
	// query's names are resolved there (Flink stores a view's query with
	// its names fully qualified), against the objects that exist when a
	// statement reads the view.
	Current [2]string
}

// Script is everything the planner needs from a job's SQL.
type Script struct {
	// Source maps the statements' positions to the file the user wrote.
	Source   *sql.Source
	Inserts  []*InsertDecl
	Settings map[string]string
}
