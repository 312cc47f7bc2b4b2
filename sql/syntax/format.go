package syntax

import "strings"

// Format renders a node (statement, query, expression or type) as Flink
// SQL that parses back to the same tree.
func Format(n Node) string {
	var w printer
	switch n := n.(type) {
	case Stmt:
		w.stmt(n)
	case *Query:
		w.query(n)
	case Expr:
		w.expr(n)
	case *DataType:
		w.dataType(n)
	case TableRef:
		w.tableRef(n)
	default:
		panic("syntax: cannot format " + typeName(n))
	}
	return w.String()
}

// FormatScript renders a script, one statement per line, each ending in ';'.
func FormatScript(s *Script) string {
	var b strings.Builder
	for _, st := range s.Stmts {
		b.WriteString(Format(st))
		b.WriteString(";\n")
	}
	return b.String()
}

func (w *printer) stmt(s Stmt) {
	switch s := s.(type) {
	case *QueryStmt:
		w.query(s.Query)
	case *Set:
		w.WriteString("SET")
		if s.Prop != nil && s.Quoted {
			w.WriteString(" " + quoteString(s.Prop.Key) + " = " + quoteString(s.Prop.Value))
		} else if s.Prop != nil && s.QuotedValue {
			w.WriteString(" " + s.Prop.Key + " = " + quoteString(s.Prop.Value))
		} else if s.Prop != nil {
			w.WriteString(" " + s.Prop.Key + " = " + s.Prop.Value)
		}
	case *Reset:
		w.WriteString("RESET")
		if s.Key != nil {
			w.WriteString(" " + quoteString(*s.Key))
		}
	case *Use:
		w.WriteString("USE ")
		switch {
		case s.Catalog:
			w.WriteString("CATALOG ")
		case len(s.Modules) > 0:
			w.WriteString("MODULES ")
			w.idents(s.Modules)
		}
		w.name(s.Name)
	case *Show:
		w.show(s)
	case *Describe:
		w.WriteString("DESCRIBE ")
		w.flag(s.Extended, "EXTENDED ")
		w.name(s.Name)
	case *Explain:
		w.WriteString("EXPLAIN ")
		w.flag(s.PlanFor, "PLAN FOR ")
		if len(s.Details) > 0 {
			w.WriteString(strings.Join(s.Details, ", ") + " ")
		}
		w.stmt(s.Stmt)
	case *StatementSet:
		w.statementSet(s)
	case *Insert:
		w.insert(s)
	case *Drop:
		w.drop(s)
	case *Jar:
		w.WriteString(map[bool]string{true: "REMOVE JAR ", false: "ADD JAR "}[s.Remove] + quoteString(s.Path))
	case *Module:
		w.WriteString(map[bool]string{true: "UNLOAD MODULE ", false: "LOAD MODULE "}[s.Unload])
		w.ident(s.Name)
		if s.Options != nil {
			w.WriteString(" WITH ")
			w.properties(s.Options)
		}
	default:
		w.ddl(s)
	}
}

func (w *printer) show(s *Show) {
	w.WriteString("SHOW " + s.Object)
	if len(s.Name) > 0 {
		w.WriteByte(' ')
		w.name(s.Name)
	}
	if len(s.From) > 0 {
		w.WriteString(" FROM ")
		w.name(s.From)
	}
	if s.Like != nil {
		w.flag(s.NotLike, " NOT")
		w.WriteString(map[bool]string{true: " ILIKE ", false: " LIKE "}[s.ILike] + quoteString(*s.Like))
	}
}

func (w *printer) statementSet(s *StatementSet) {
	if s.Execute {
		w.WriteString("EXECUTE STATEMENT SET BEGIN\n")
	} else {
		w.WriteString("BEGIN STATEMENT SET;\n")
	}
	for _, st := range s.Stmts {
		w.stmt(st)
		w.WriteString(";\n")
	}
	w.WriteString("END")
}

func (w *printer) insert(s *Insert) {
	w.WriteString(map[bool]string{true: "INSERT OVERWRITE ", false: "INSERT INTO "}[s.Overwrite])
	w.name(s.Table)
	if len(s.Hints) > 0 {
		w.WriteByte(' ')
		w.hints(s.Hints)
	}
	if len(s.Partition) > 0 {
		w.WriteString(" PARTITION (")
		for i, pv := range s.Partition {
			if i > 0 {
				w.WriteString(", ")
			}
			w.ident(pv.Column)
			w.opt(" = ", pv.Value)
		}
		w.WriteByte(')')
	}
	w.parenIdents(" ", s.Columns)
	w.WriteByte(' ')
	w.query(s.Query)
}

func (w *printer) drop(s *Drop) {
	w.WriteString("DROP ")
	w.flag(s.Temporary, "TEMPORARY ")
	w.flag(s.System, "SYSTEM ")
	w.WriteString(s.Object + " ")
	w.flag(s.IfExists, "IF EXISTS ")
	w.name(s.Name)
	if s.Cascade != "" {
		w.WriteString(" " + s.Cascade)
	}
}

func (w *printer) properties(props []Property) {
	w.WriteString("(")
	for i, p := range props {
		if i > 0 {
			w.WriteString(", ")
		}
		w.WriteString(quoteString(p.Key) + " = " + quoteString(p.Value))
	}
	w.WriteString(")")
}

func (w *printer) comment(c *string) {
	if c != nil {
		w.WriteString(" COMMENT " + quoteString(*c))
	}
}
