package plan

import (
	"strings"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/sql"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// notEnforcedMessage is Flink's error for a PRIMARY KEY without NOT ENFORCED.
const notEnforcedMessage = "Flink doesn't support ENFORCED mode for PRIMARY KEY constraint. " +
	"ENFORCED/NOT ENFORCED controls if the constraint checks are performed on the incoming/outgoing data. " +
	"Flink does not own the data therefore the only supported mode is the NOT ENFORCED mode"

// createTable declares a table after checking what Flink checks.
func (d *decls) createTable(st *syntax.CreateTable) error {
	name := st.Name.Last()
	id, err := d.newObject(st.Name, st.IfNotExists, true)
	if id == "" || err != nil {
		return err
	}
	if err := d.tableClauses(st); err != nil {
		return err
	}
	t := &TableDecl{Name: name.Name, Pos: d.src.At(name.Position()), Options: map[string]string{}}
	if err := d.options(t, st.Options); err != nil {
		return err
	}
	if err := d.columns(t, st); err != nil {
		return err
	}
	if err := d.checkComputed(t); err != nil {
		return err
	}
	if err := d.primaryKey(t, st); err != nil {
		return err
	}
	if err := d.partitions(t, st); err != nil {
		return err
	}
	if err := d.watermark(t, st); err != nil {
		return err
	}
	d.mutable().Tables[id] = t
	d.cat.temporary[id] = st.Temporary
	return nil
}

// tableClauses rejects the CREATE TABLE forms Sluice does not run.
func (d *decls) tableClauses(st *syntax.CreateTable) error {
	switch {
	case st.OrReplace:
		return d.errorf(st.Position(), "CREATE OR REPLACE TABLE is not supported by Sluice")
	case st.Distribution != nil:
		return d.errorf(st.Distribution.Position(), "DISTRIBUTED BY is not supported by Sluice")
	case st.Like != nil:
		return d.errorf(st.Like.Position(), "CREATE TABLE ... LIKE is not supported by Sluice")
	case st.Query != nil:
		return d.errorf(st.Query.Position(), "CREATE TABLE ... AS SELECT is not supported by Sluice: create the table, then INSERT INTO it")
	case len(st.Columns) == 0:
		return d.errorf(st.Name.Position(), "table `%s` declares no columns", st.Name.Last().Name)
	}
	return nil
}

// options keeps the WITH options; a key may be given once.
func (d *decls) options(t *TableDecl, props []syntax.Property) error {
	at := map[string]sql.Pos{}
	for _, p := range props {
		pos := d.src.At(p.Position())
		if prev, dup := at[p.Key]; dup {
			return d.errorf(p.Position(), "duplicate option '%s': already set at %s", p.Key, prev)
		}
		at[p.Key] = pos
		t.Options[p.Key] = p.Value
	}
	tablePos := t.Pos
	t.OptionPos = func(key string) sql.Pos {
		if p, ok := at[key]; ok {
			return p
		}
		return tablePos
	}
	return nil
}

// columns adds the physical, metadata and computed columns.
func (d *decls) columns(t *TableDecl, st *syntax.CreateTable) error {
	declared := map[string]sql.Pos{}
	for _, c := range st.Columns {
		pos := d.src.At(c.Name.Position())
		if prev, dup := declared[c.Name.Name]; dup {
			return d.errorf(c.Name.Position(), "Duplicate column name `%s`: already declared at %s", c.Name.Name, prev)
		}
		declared[c.Name.Name] = pos
		t.Columns = append(t.Columns, c.Name.Name)
		if c.Kind == syntax.ColComputed {
			// Checked once the table's columns are known (checkComputed),
			// compiled again over each scan that reads the table.
			t.Computed = append(t.Computed, ComputedDecl{Name: c.Name.Name, Expr: c.Expr, Pos: pos})
			continue
		}
		typ, err := d.columnType(c.Type)
		if err != nil {
			return err
		}
		if c.Kind == syntax.ColPhysical {
			t.Physical = append(t.Physical, ColumnDecl{Name: c.Name.Name, Type: typ, Pos: pos})
			continue
		}
		key := c.Name.Name
		if c.MetadataKey != nil {
			key = *c.MetadataKey
		}
		t.Metadata = append(t.Metadata, connectors.MetadataColumn{Name: c.Name.Name, Type: typ, Key: key, Virtual: c.Virtual})
		t.MetadataPos = append(t.MetadataPos, pos)
	}
	return nil
}

// primaryKey checks the table- or column-level PRIMARY KEY ... NOT ENFORCED
// and makes its columns NOT NULL, as Flink does.
func (d *decls) primaryKey(t *TableDecl, st *syntax.CreateTable) error {
	var pk *syntax.Constraint
	var cols []syntax.Ident
	all := append([]syntax.Constraint(nil), st.Constraints...)
	owner := make([]*syntax.Ident, len(all))
	for i := range st.Columns {
		if c := st.Columns[i].Constraint; c != nil {
			all = append(all, *c)
			owner = append(owner, &st.Columns[i].Name)
		}
	}
	for i := range all {
		c := &all[i]
		if c.Kind != "PRIMARY KEY" {
			return d.errorf(c.Position(), "UNIQUE constraint is not supported yet")
		}
		if c.Enforced == nil || *c.Enforced {
			return d.errorf(c.Position(), notEnforcedMessage)
		}
		if pk != nil {
			return d.errorf(c.Position(), "Duplicate primary key definition")
		}
		pk, cols = c, c.Columns
		if owner[i] != nil {
			cols = []syntax.Ident{*owner[i]}
		}
	}
	for _, id := range cols {
		if err := d.keyColumn(t, st, id); err != nil {
			return err
		}
		t.PrimaryKey = append(t.PrimaryKey, id.Name)
	}
	return nil
}

func (d *decls) keyColumn(t *TableDecl, st *syntax.CreateTable, id syntax.Ident) error {
	c := findColumn(st, id.Name)
	if c == nil {
		return d.errorf(id.Position(), "Primary key column '%s' is not defined in the table schema. Available columns: [%s]", id.Name, columnList(st))
	}
	if c.Kind != syntax.ColPhysical {
		return d.errorf(id.Position(), "Could not create a PRIMARY KEY with column '%s'. A PRIMARY KEY constraint must be declared on physical columns.", id.Name)
	}
	for i := range t.Physical {
		if t.Physical[i].Name == id.Name {
			t.Physical[i].Type.NotNull = true
		}
	}
	return nil
}

func (d *decls) partitions(t *TableDecl, st *syntax.CreateTable) error {
	for _, id := range st.PartitionedBy {
		if findColumn(st, id.Name) == nil {
			return d.errorf(id.Position(), "Partition column '%s' not defined in the table schema. Available columns: [%s]", id.Name, columnList(st))
		}
		if c := findColumn(st, id.Name); c.Kind != syntax.ColPhysical {
			return d.errorf(id.Position(), "Invalid partition key '%s'. A partition key must reference a physical column in the schema. Available columns are: [%s]", id.Name, physicalList(st))
		}
		t.PartitionKeys = append(t.PartitionKeys, id.Name)
	}
	return nil
}

// watermark checks the WATERMARK as Flink does, then rejects it: time
// attributes are not implemented.
func (d *decls) watermark(t *TableDecl, st *syntax.CreateTable) error {
	if len(st.Watermarks) == 0 {
		return nil
	}
	if len(st.Watermarks) > 1 {
		return d.errorf(st.Watermarks[1].Position(), "Multiple WATERMARK statements is not supported yet.")
	}
	w := st.Watermarks[0]
	col := w.Column.String()
	c := findColumn(st, col)
	if c == nil {
		return d.errorf(w.Column.Position(), "The rowtime attribute field '%s' is not defined in the table schema. Available columns: [%s]", col, columnList(st))
	}
	if c.Kind != syntax.ColComputed {
		typ, err := d.columnType(c.Type)
		if err != nil {
			return err
		}
		if !typ.IsTimestamp() || typ.Precision > 3 {
			return d.errorf(w.Column.Position(), "Invalid data type of time field for watermark definition. The field must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the time field type is %s", typ)
		}
	}
	return d.errorf(w.Position(), "WATERMARK is not supported by Sluice yet (time attributes and windows are not implemented)")
}

func findColumn(st *syntax.CreateTable, name string) *syntax.Column {
	for i := range st.Columns {
		if st.Columns[i].Name.Name == name {
			return &st.Columns[i]
		}
	}
	return nil
}

func columnList(st *syntax.CreateTable) string {
	names := make([]string, len(st.Columns))
	for i, c := range st.Columns {
		names[i] = "'" + c.Name.Name + "'"
	}
	return strings.Join(names, ", ")
}

// physicalList is Flink's list of the physical columns: [a, b].
func physicalList(st *syntax.CreateTable) string {
	var names []string
	for _, c := range st.Columns {
		if c.Kind == syntax.ColPhysical {
			names = append(names, c.Name.Name)
		}
	}
	return strings.Join(names, ", ")
}
