package syntax

func (w *printer) alias(a *Alias) {
	if a == nil {
		return
	}
	w.WriteString(" AS ")
	w.ident(a.Name)
	if len(a.Columns) > 0 {
		w.WriteByte('(')
		w.idents(a.Columns)
		w.WriteByte(')')
	}
}

func (w *printer) tableRef(r TableRef) {
	switch r := r.(type) {
	case *TableName:
		w.name(r.Name)
		if len(r.Hints) > 0 {
			w.WriteByte(' ')
			w.hints(r.Hints)
		}
		w.opt(" FOR SYSTEM_TIME AS OF ", r.SystemTime)
		w.alias(r.Alias)
	case *Derived:
		w.flag(r.Lateral, "LATERAL ")
		w.WriteByte('(')
		w.query(r.Query)
		w.WriteByte(')')
		w.alias(r.Alias)
	case *TableFunc:
		w.flag(r.Lateral, "LATERAL ")
		w.WriteString("TABLE(")
		w.expr(r.Call)
		w.WriteByte(')')
		w.alias(r.Alias)
	case *Unnest:
		w.WriteString("UNNEST(")
		w.exprs(r.Items)
		w.WriteByte(')')
		w.flag(r.Ordinality, " WITH ORDINALITY")
		w.alias(r.Alias)
	case *Join:
		w.join(r)
	case *ParenTable:
		w.WriteByte('(')
		w.tableRef(r.Table)
		w.WriteByte(')')
		w.alias(r.Alias)
	case *MatchRecognize:
		w.matchRecognize(r)
	}
}

func (w *printer) join(j *Join) {
	w.tableRef(j.L)
	if j.Kind == "COMMA" {
		w.WriteString(", ")
		w.tableRef(j.R)
		return
	}
	w.WriteByte(' ')
	w.flag(j.Natural, "NATURAL ")
	w.WriteString(j.Kind)
	w.flag(j.Outer, " OUTER")
	w.WriteString(" JOIN ")
	w.tableRef(j.R)
	w.opt(" ON ", j.On)
	w.parenIdents(" USING ", j.Using)
}

func (w *printer) matchRecognize(m *MatchRecognize) {
	w.tableRef(m.Input)
	w.WriteString(" MATCH_RECOGNIZE (")
	if len(m.PartitionBy) > 0 {
		w.WriteString("PARTITION BY ")
		w.exprs(m.PartitionBy)
		w.WriteByte(' ')
	}
	if len(m.OrderBy) > 0 {
		w.WriteString("ORDER BY ")
		w.orderItems(m.OrderBy)
		w.WriteByte(' ')
	}
	if len(m.Measures) > 0 {
		w.WriteString("MEASURES ")
		w.selectItems(m.Measures)
		w.WriteByte(' ')
	}
	if m.RowsPerMatch != "" {
		w.WriteString(m.RowsPerMatch + " ")
	}
	if m.AfterMatch != "" {
		w.WriteString("AFTER MATCH " + m.AfterMatch + " ")
		if m.AfterVar != nil {
			w.ident(*m.AfterVar)
			w.WriteByte(' ')
		}
	}
	w.matchPattern(m)
	w.WriteString("DEFINE ")
	for i, d := range m.Defines {
		if i > 0 {
			w.WriteString(", ")
		}
		w.ident(*d.Alias)
		w.WriteString(" AS ")
		w.expr(d.Expr)
	}
	w.WriteByte(')')
	w.alias(m.Alias)
}

// matchPattern prints PATTERN (...) [WITHIN ...] [SUBSET ...] of MATCH_RECOGNIZE.
func (w *printer) matchPattern(m *MatchRecognize) {
	w.WriteString("PATTERN (")
	w.flag(m.StartAnchor, "^ ")
	w.pattern(m.Pattern)
	w.flag(m.EndAnchor, " $")
	w.WriteString(") ")
	if m.Within != nil {
		w.WriteString("WITHIN ")
		w.expr(m.Within)
		w.WriteByte(' ')
	}
	for i, s := range m.Subsets {
		w.WriteString(map[bool]string{true: "SUBSET ", false: ", "}[i == 0])
		w.ident(s.Name)
		w.WriteString(" = (")
		w.idents(s.Vars)
		w.WriteString(")")
		if i == len(m.Subsets)-1 {
			w.WriteByte(' ')
		}
	}
}

func (w *printer) pattern(t PatternTerm) {
	switch t := t.(type) {
	case *PatternVar:
		w.ident(t.Name)
	case *PatternSeq:
		for i, it := range t.Items {
			if i > 0 {
				w.WriteByte(' ')
			}
			w.pattern(it)
		}
	case *PatternAlt:
		for i, it := range t.Items {
			if i > 0 {
				w.WriteString(" | ")
			}
			w.pattern(it)
		}
	case *PatternGroup:
		switch {
		case t.Permute != nil:
			w.WriteString("PERMUTE(")
			for i, it := range t.Permute {
				if i > 0 {
					w.WriteString(", ")
				}
				w.pattern(it)
			}
			w.WriteByte(')')
		case t.Exclude:
			w.WriteString("{- ")
			w.pattern(t.Inner)
			w.WriteString(" -}")
		default:
			w.WriteByte('(')
			w.pattern(t.Inner)
			w.WriteByte(')')
		}
	case *PatternQuant:
		w.pattern(t.Term)
		w.quantifier(t)
	}
}

func (w *printer) quantifier(q *PatternQuant) {
	switch {
	case q.Op != "{}":
		w.WriteString(q.Op)
	case q.Max == q.Min:
		w.WriteString("{" + itoa(q.Min) + "}")
	case q.Max < 0:
		w.WriteString("{" + itoa(q.Min) + ",}")
	default:
		w.WriteString("{" + itoa(q.Min) + "," + itoa(q.Max) + "}")
	}
	if q.Reluctant {
		w.WriteByte('?')
	}
}
