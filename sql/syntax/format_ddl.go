package syntax

func (w *printer) ddl(s Stmt) {
	switch s := s.(type) {
	case *CreateTable:
		w.createTable(s)
	case *CreateView:
		w.WriteString("CREATE ")
		w.flag(s.Temporary, "TEMPORARY ")
		w.WriteString("VIEW ")
		w.ifNotExists(s.IfNotExists)
		w.name(s.Name)
		w.parenIdents(" ", s.Columns)
		w.comment(s.Comment)
		w.WriteString(" AS ")
		w.query(s.Query)
	case *CreateFunction:
		w.createFunction(s)
	case *CreateCatalog:
		w.WriteString("CREATE CATALOG ")
		w.ifNotExists(s.IfNotExists)
		w.ident(s.Name)
		w.comment(s.Comment)
		w.WriteString(" WITH ")
		w.properties(s.Options)
	case *CreateDatabase:
		w.WriteString("CREATE DATABASE ")
		w.ifNotExists(s.IfNotExists)
		w.name(s.Name)
		w.comment(s.Comment)
		if s.Options != nil {
			w.WriteString(" WITH ")
			w.properties(s.Options)
		}
	case *AlterTable:
		w.alterTable(s)
	default:
		panic("syntax: cannot format statement " + typeName(s))
	}
}

func (w *printer) ifNotExists(b bool) {
	w.flag(b, "IF NOT EXISTS ")
}

func (w *printer) createTable(s *CreateTable) {
	w.WriteString("CREATE ")
	w.flag(s.OrReplace, "OR REPLACE ")
	w.flag(s.Temporary, "TEMPORARY ")
	w.WriteString("TABLE ")
	w.ifNotExists(s.IfNotExists)
	w.name(s.Name)
	if len(s.Columns)+len(s.Watermarks)+len(s.Constraints) > 0 {
		w.WriteString(" (\n")
		w.tableElements(s.Columns, s.Watermarks, s.Constraints)
		w.WriteString("\n)")
	}
	w.comment(s.Comment)
	if d := s.Distribution; d != nil {
		w.WriteString(" DISTRIBUTED")
		if len(d.Columns) > 0 {
			w.WriteString(" BY ")
			if d.Kind != "" {
				w.WriteString(d.Kind + " ")
			}
			w.WriteByte('(')
			w.idents(d.Columns)
			w.WriteByte(')')
		}
		if d.Buckets != nil {
			w.WriteString(" INTO " + itoa(*d.Buckets) + " BUCKETS")
		}
	}
	w.parenIdents(" PARTITIONED BY ", s.PartitionedBy)
	if s.Options != nil {
		w.WriteString(" WITH ")
		w.properties(s.Options)
	}
	if l := s.Like; l != nil {
		w.WriteString(" LIKE ")
		w.name(l.Source)
		if len(l.Options) > 0 {
			w.WriteString(" (")
			for i, o := range l.Options {
				if i > 0 {
					w.WriteString(", ")
				}
				w.WriteString(o.Strategy + " " + o.Feature)
			}
			w.WriteByte(')')
		}
	}
	if s.Query != nil {
		w.WriteString(" AS ")
		w.query(s.Query)
	}
}

func (w *printer) tableElements(cols []Column, wms []Watermark, cons []Constraint) {
	sep := "  "
	for _, c := range cols {
		w.WriteString(sep)
		sep = ",\n  "
		w.column(c)
		w.flag(c.First, " FIRST")
		if c.After != nil {
			w.WriteString(" AFTER ")
			w.ident(*c.After)
		}
	}
	for _, wm := range wms {
		w.WriteString(sep + "WATERMARK FOR ")
		sep = ",\n  "
		w.name(wm.Column)
		w.WriteString(" AS ")
		w.expr(wm.Expr)
	}
	for _, k := range cons {
		w.WriteString(sep)
		sep = ",\n  "
		w.constraint(&k, true)
	}
}

func (w *printer) column(c Column) {
	w.ident(c.Name)
	if c.Kind == ColComputed {
		w.WriteString(" AS ")
		w.expr(c.Expr)
		w.comment(c.Comment)
		return
	}
	w.WriteByte(' ')
	w.dataType(c.Type)
	if c.Kind == ColMetadata {
		w.WriteString(" METADATA")
		if c.MetadataKey != nil {
			w.WriteString(" FROM " + quoteString(*c.MetadataKey))
		}
		w.flag(c.Virtual, " VIRTUAL")
	}
	if c.Constraint != nil {
		w.WriteByte(' ')
		w.constraint(c.Constraint, false)
	}
	w.comment(c.Comment)
}

func (w *printer) constraint(k *Constraint, tableLevel bool) {
	if k.Name != nil {
		w.WriteString("CONSTRAINT ")
		w.ident(*k.Name)
		w.WriteByte(' ')
	}
	w.WriteString(k.Kind)
	if tableLevel {
		w.WriteString(" (")
		w.idents(k.Columns)
		w.WriteByte(')')
	}
	if k.Enforced != nil {
		w.WriteString(map[bool]string{true: " ENFORCED", false: " NOT ENFORCED"}[*k.Enforced])
	}
}

func (w *printer) createFunction(s *CreateFunction) {
	w.WriteString("CREATE ")
	w.flag(s.Temporary, "TEMPORARY ")
	w.flag(s.System, "SYSTEM ")
	w.WriteString("FUNCTION ")
	w.ifNotExists(s.IfNotExists)
	w.name(s.Name)
	w.WriteString(" AS " + quoteString(s.Class))
	if s.Language != "" {
		w.WriteString(" LANGUAGE " + s.Language)
	}
	for i, j := range s.Jars {
		w.WriteString(map[bool]string{true: " USING JAR ", false: ", JAR "}[i == 0] + quoteString(j))
	}
}

func (w *printer) alterTable(s *AlterTable) {
	w.WriteString("ALTER TABLE ")
	w.flag(s.IfExists, "IF EXISTS ")
	w.name(s.Name)
	switch s.Action {
	case "RENAME TO":
		w.WriteString(" RENAME TO ")
		w.name(s.NewName)
	case "RENAME COLUMN":
		w.WriteString(" RENAME ")
		w.ident(s.Column)
		w.WriteString(" TO ")
		w.name(s.NewName)
	case "SET":
		w.WriteString(" SET ")
		w.properties(s.Options)
	case "RESET":
		w.WriteString(" RESET (")
		for i, k := range s.Keys {
			if i > 0 {
				w.WriteString(", ")
			}
			w.WriteString(quoteString(k))
		}
		w.WriteByte(')')
	case "ADD", "MODIFY":
		w.WriteString(" " + s.Action + " (\n")
		var wms []Watermark
		var cons []Constraint
		if s.Watermark != nil {
			wms = append(wms, *s.Watermark)
		}
		if s.Constraint != nil {
			cons = append(cons, *s.Constraint)
		}
		w.tableElements(s.Columns, wms, cons)
		w.WriteString("\n)")
	case "DROP":
		w.alterDrop(s)
	}
}

func (w *printer) alterDrop(s *AlterTable) {
	w.WriteString(" DROP ")
	switch {
	case s.Constraint != nil && s.Constraint.Name != nil:
		w.WriteString("CONSTRAINT ")
		w.ident(*s.Constraint.Name)
	case s.Constraint != nil:
		w.WriteString("PRIMARY KEY")
	case s.Watermark != nil:
		w.WriteString("WATERMARK")
	default:
		w.WriteByte('(')
		w.idents(s.Drop)
		w.WriteByte(')')
	}
}
