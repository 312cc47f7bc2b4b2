package sql

import (
	"fmt"
	"strings"
)

// notEnforcedMessage is Flink's error for a PRIMARY KEY without NOT ENFORCED.
const notEnforcedMessage = "Flink doesn't support ENFORCED mode for PRIMARY KEY constraint. " +
	"ENFORCED/NOT ENFORCED controls if the constraint checks are performed on the incoming/outgoing data. " +
	"Flink does not own the data therefore the only supported mode is the NOT ENFORCED mode"

// createTable parses the rest of CREATE [TEMPORARY] TABLE, the cursor being
// just after TABLE.
func (p *parser) createTable(start token, temporary bool) (*CreateTable, error) {
	t := &CreateTable{Pos: p.pos(start), Temporary: temporary}
	t.IfNotExists = p.accept("IF", "NOT", "EXISTS")
	full, name, err := p.qualifiedName("a table name")
	if err != nil {
		return nil, err
	}
	t.FullName, t.Name, t.NamePos = full, name.Name, name.Pos
	switch next := p.peek(); {
	case next.is("("):
		if err := p.tableElements(t); err != nil {
			return nil, err
		}
	case !isAnyOf(next, []string{"COMMENT", "DISTRIBUTED", "PARTITIONED", "WITH", "LIKE", "AS"}):
		// Most likely a name that needs `backticks`, such as my-table.
		return nil, p.unexpected(`"(" and the column list`)
	}
	if err := p.tableClauses(t); err != nil {
		return nil, err
	}
	if len(t.Columns) == 0 {
		return nil, &Error{Pos: t.NamePos, Msg: fmt.Sprintf("table `%s` declares no columns", t.Name)}
	}
	if err := t.validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// tableClauses parses what follows the column list, in Flink's order:
// [COMMENT] [PARTITIONED BY (...)] [WITH (...)].
func (p *parser) tableClauses(t *CreateTable) error {
	var err error
	if p.accept("COMMENT") {
		if t.Comment, _, err = p.stringLiteral("the table comment"); err != nil {
			return err
		}
	}
	if p.at("DISTRIBUTED") {
		return p.errorAt(p.peek(), "DISTRIBUTED BY is not supported by Sluice")
	}
	if p.accept("PARTITIONED", "BY") {
		if t.PartitionedBy, err = p.identList("a partition column"); err != nil {
			return err
		}
	}
	if p.accept("WITH") {
		if t.Options, err = p.options(); err != nil {
			return err
		}
	}
	switch {
	case p.at("LIKE"):
		return p.errorAt(p.peek(), "CREATE TABLE ... LIKE is not supported by Sluice")
	case p.at("AS"):
		return p.errorAt(p.peek(), "CREATE TABLE ... AS SELECT is not supported by Sluice: create the table, then INSERT INTO it")
	case p.atEnd():
		return nil
	case len(t.Options) == 0:
		return p.unexpected(`"WITH" or the end of the statement`)
	}
	return p.expectEnd()
}

// tableElements parses "(column, ..., constraint, ...)".
func (p *parser) tableElements(t *CreateTable) error {
	if err := p.expect("("); err != nil {
		return err
	}
	for {
		if err := p.tableElement(t); err != nil {
			return err
		}
		if p.accept(",") {
			continue
		}
		if !p.accept(")") {
			return p.unexpected(`"," or ")"`)
		}
		return nil
	}
}

// tableElement parses one column, PRIMARY KEY or WATERMARK.
func (p *parser) tableElement(t *CreateTable) error {
	switch {
	case p.at("WATERMARK", "FOR"):
		return p.watermark(t)
	case p.at("PRIMARY", "KEY"), p.at("CONSTRAINT"), p.at("UNIQUE"):
		constraint := p.peek()
		name, err := p.constraintName()
		if err != nil {
			return err
		}
		if err := p.expect("PRIMARY", "KEY"); err != nil {
			return err
		}
		cols, err := p.identList("a primary key column")
		if err != nil {
			return err
		}
		if err := p.notEnforced(constraint); err != nil {
			return err
		}
		return p.setPrimaryKey(t, &PrimaryKey{Pos: p.pos(constraint), Name: name, Columns: cols})
	}
	return p.column(t)
}

// constraintName reads an optional CONSTRAINT name; UNIQUE is rejected as Flink does.
func (p *parser) constraintName() (string, error) {
	var name string
	if p.accept("CONSTRAINT") {
		id, err := p.ident("a constraint name")
		if err != nil {
			return "", err
		}
		name = id.Name
	}
	if p.at("UNIQUE") {
		return "", p.errorAt(p.peek(), "UNIQUE constraint is not supported yet")
	}
	return name, nil
}

// notEnforced requires NOT ENFORCED after a primary key.
func (p *parser) notEnforced(constraint token) error {
	if p.accept("NOT", "ENFORCED") {
		return nil
	}
	if p.at("ENFORCED") {
		return p.errorAt(p.peek(), notEnforcedMessage)
	}
	return p.errorAt(constraint, notEnforcedMessage)
}

func (p *parser) setPrimaryKey(t *CreateTable, pk *PrimaryKey) error {
	if t.PrimaryKey != nil {
		return &Error{Pos: pk.Pos, Msg: "Duplicate primary key definition"}
	}
	t.PrimaryKey = pk
	return nil
}

// watermark parses WATERMARK FOR column AS expr.
func (p *parser) watermark(t *CreateTable) error {
	start := p.next()
	p.next() // FOR
	if t.Watermark != nil {
		return p.errorAt(start, "Multiple WATERMARK statements is not supported yet.")
	}
	col, err := p.ident("the rowtime column")
	if err != nil {
		return err
	}
	if err := p.expect("AS"); err != nil {
		return err
	}
	expr, exprPos, err := p.expressionText("the watermark expression")
	if err != nil {
		return err
	}
	t.Watermark = &Watermark{Pos: p.pos(start), Column: col.Name, ColumnPos: col.Pos, Expr: expr, ExprPos: exprPos}
	return nil
}

// column parses a physical, metadata or computed column.
func (p *parser) column(t *CreateTable) error {
	id, err := p.ident("a column name, PRIMARY KEY or WATERMARK")
	if err != nil {
		return err
	}
	if prev := t.Column(id.Name); prev != nil {
		return &Error{Pos: id.Pos, Msg: fmt.Sprintf("Duplicate column name `%s`: already declared at %s", id.Name, prev.Pos)}
	}
	c := &Column{Name: id.Name, Pos: id.Pos}
	t.Columns = append(t.Columns, c)

	if p.accept("AS") {
		c.Kind = ComputedColumn
		if c.Expr, c.ExprPos, err = p.expressionText("the computed column expression", "COMMENT"); err != nil {
			return err
		}
		return p.columnComment(c)
	}
	if c.Type, c.TypePos, err = p.dataType(); err != nil {
		return err
	}
	if p.accept("METADATA") {
		c.Kind = MetadataColumn
		if p.accept("FROM") {
			if c.MetadataKey, _, err = p.stringLiteral("the metadata key"); err != nil {
				return err
			}
		}
		c.Virtual = p.accept("VIRTUAL")
	}
	if p.at("PRIMARY", "KEY") || p.at("CONSTRAINT") || p.at("UNIQUE") {
		constraint := p.peek()
		name, err := p.constraintName()
		if err != nil {
			return err
		}
		if err := p.expect("PRIMARY", "KEY"); err != nil {
			return err
		}
		if err := p.notEnforced(constraint); err != nil {
			return err
		}
		pk := &PrimaryKey{Pos: p.pos(constraint), Name: name, Columns: []Ident{id}}
		if err := p.setPrimaryKey(t, pk); err != nil {
			return err
		}
	}
	return p.columnComment(c)
}

func (p *parser) columnComment(c *Column) error {
	if !p.accept("COMMENT") {
		return nil
	}
	var err error
	c.Comment, _, err = p.stringLiteral("the column comment")
	return err
}

// options parses the "('key' = 'value', ...)" of WITH.
func (p *parser) options() ([]Option, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	opts := []Option{}
	if p.accept(")") {
		return opts, nil
	}
	for {
		key, keyPos, err := p.stringLiteral("an option key such as 'connector'")
		if err != nil {
			return nil, err
		}
		if err := p.expect("="); err != nil {
			return nil, err
		}
		value, valuePos, err := p.stringLiteral("the value of option '" + key + "'")
		if err != nil {
			return nil, err
		}
		for _, o := range opts {
			if o.Key == key {
				return nil, &Error{Pos: keyPos, Msg: fmt.Sprintf("duplicate option '%s': already set at %s", key, o.KeyPos)}
			}
		}
		opts = append(opts, Option{Key: key, Value: value, KeyPos: keyPos, ValuePos: valuePos})
		if p.accept(",") {
			continue
		}
		if !p.accept(")") {
			return nil, p.unexpected(`"," or ")"`)
		}
		return opts, nil
	}
}

// validate checks what Flink checks once the whole table is read: key,
// partition and watermark columns exist and are of the right kind.
func (t *CreateTable) validate() error {
	if pk := t.PrimaryKey; pk != nil {
		for _, id := range pk.Columns {
			c := t.Column(id.Name)
			if c == nil {
				return &Error{Pos: id.Pos, Msg: fmt.Sprintf("Primary key column '%s' is not defined in the table schema. Available columns: [%s]", id.Name, t.columnList())}
			}
			if c.Kind != PhysicalColumn {
				return &Error{Pos: id.Pos, Msg: fmt.Sprintf("Could not create a PRIMARY KEY with column '%s'. A PRIMARY KEY constraint must be declared on physical columns.", id.Name)}
			}
			// Flink makes primary key columns NOT NULL.
			c.Type.NotNull = true
		}
	}
	for _, id := range t.PartitionedBy {
		if t.Column(id.Name) == nil {
			return &Error{Pos: id.Pos, Msg: fmt.Sprintf("Partition column '%s' not defined in the table schema. Available columns: [%s]", id.Name, t.columnList())}
		}
	}
	if w := t.Watermark; w != nil {
		c := t.Column(w.Column)
		if c == nil {
			return &Error{Pos: w.ColumnPos, Msg: fmt.Sprintf("The rowtime attribute field '%s' is not defined in the table schema. Available columns: [%s]", w.Column, t.columnList())}
		}
		if c.Kind != ComputedColumn && (!c.Type.IsTimestamp() || c.Type.Precision > 3) {
			return &Error{Pos: w.ColumnPos, Msg: fmt.Sprintf("Invalid data type of time field for watermark definition. The field must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the time field type is %s", c.Type)}
		}
	}
	return nil
}

func (t *CreateTable) columnList() string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = "'" + c.Name + "'"
	}
	return strings.Join(names, ", ")
}
