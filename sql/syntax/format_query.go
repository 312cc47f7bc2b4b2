package syntax

// query prints a full query.
func (w *printer) query(q *Query) {
	if len(q.With) > 0 {
		w.WriteString("WITH ")
		for i, c := range q.With {
			if i > 0 {
				w.WriteString(", ")
			}
			w.ident(c.Name)
			w.parenIdents(" ", c.Columns)
			w.WriteString(" AS (")
			w.query(c.Query)
			w.WriteString(") ")
		}
	}
	w.queryBody(q.Body)
	if len(q.OrderBy) > 0 {
		w.WriteString(" ORDER BY ")
		w.orderItems(q.OrderBy)
	}
	if q.Limit != nil && !q.FetchFirst {
		w.WriteString(" LIMIT ")
		w.expr(q.Limit)
	}
	if q.Offset != nil {
		w.WriteString(" OFFSET ")
		w.expr(q.Offset)
		w.WriteString(" ROWS")
	}
	if q.FetchFirst {
		w.WriteString(" FETCH FIRST ")
		w.expr(q.Limit)
		w.WriteString(" ROWS ONLY")
	}
}

func (w *printer) queryBody(b QueryBody) {
	switch b := b.(type) {
	case *Select:
		w.selectBody(b)
	case *SetOp:
		w.queryBody(b.L)
		op := b.Op
		if b.Spelling != "" {
			op = b.Spelling
		}
		w.WriteString(" " + op + " ")
		if b.Quantifier != "" {
			w.WriteString(b.Quantifier + " ")
		}
		w.queryBody(b.R)
	case *Values:
		w.WriteString("VALUES ")
		for i, r := range b.Rows {
			if i > 0 {
				w.WriteString(", ")
			}
			if _, ok := r.(*RowCtor); ok {
				w.expr(r)
			} else {
				w.WriteByte('(')
				w.expr(r)
				w.WriteByte(')')
			}
		}
	case *ExplicitTable:
		w.WriteString("TABLE ")
		w.name(b.Name)
	case *Query:
		w.WriteByte('(')
		w.query(b)
		w.WriteByte(')')
	}
}

func (w *printer) selectBody(s *Select) {
	w.WriteString("SELECT ")
	if len(s.Hints) > 0 {
		w.hints(s.Hints)
		w.WriteByte(' ')
	}
	if s.Quantifier != "" {
		w.WriteString(s.Quantifier + " ")
	}
	w.selectItems(s.Items)
	if s.From != nil {
		w.WriteString(" FROM ")
		w.tableRef(s.From)
	}
	w.opt(" WHERE ", s.Where)
	if s.GroupBy != nil {
		w.WriteString(" GROUP BY ")
		if s.GroupBy.Quantifier != "" {
			w.WriteString(s.GroupBy.Quantifier + " ")
		}
		w.exprs(s.GroupBy.Items)
	}
	w.opt(" HAVING ", s.Having)
	for i, nw := range s.Windows {
		w.WriteString(map[bool]string{true: " WINDOW ", false: ", "}[i == 0])
		w.ident(nw.Name)
		w.WriteString(" AS ")
		w.windowSpec(nw.Spec)
	}
}

func (w *printer) selectItems(items []SelectItem) {
	for i, it := range items {
		if i > 0 {
			w.WriteString(", ")
		}
		w.expr(it.Expr)
		if it.Alias != nil {
			w.WriteString(" AS ")
			w.ident(*it.Alias)
		}
	}
}

func (w *printer) hints(hs []Hint) {
	w.WriteString("/*+ ")
	for i, h := range hs {
		if i > 0 {
			w.WriteString(", ")
		}
		w.ident(h.Name)
		if len(h.Options) == 0 && len(h.KV) == 0 {
			continue
		}
		w.WriteByte('(')
		for j, o := range h.Options {
			if j > 0 {
				w.WriteString(", ")
			}
			if isSimpleName(o) && o != "" {
				w.WriteString(o)
			} else {
				w.str(o)
			}
		}
		for j, kv := range h.KV {
			if j > 0 || len(h.Options) > 0 {
				w.WriteString(", ")
			}
			w.str(kv.Key)
			w.WriteByte('=')
			w.str(kv.Value)
		}
		w.WriteByte(')')
	}
	w.WriteString(" */")
}

func (w *printer) orderItems(items []OrderItem) {
	for i, it := range items {
		if i > 0 {
			w.WriteString(", ")
		}
		w.expr(it.Expr)
		if it.Direction != "" {
			w.WriteString(" " + it.Direction)
		}
		if it.Nulls != "" {
			w.WriteString(" NULLS " + it.Nulls)
		}
	}
}

func (w *printer) windowSpec(s *WindowSpec) {
	w.WriteByte('(')
	sep := ""
	if s.Base != nil {
		w.ident(*s.Base)
		sep = " "
	}
	if len(s.PartitionBy) > 0 {
		w.WriteString(sep + "PARTITION BY ")
		w.exprs(s.PartitionBy)
		sep = " "
	}
	if len(s.OrderBy) > 0 {
		w.WriteString(sep + "ORDER BY ")
		w.orderItems(s.OrderBy)
		sep = " "
	}
	if f := s.Frame; f != nil {
		w.WriteString(sep + f.Unit + " ")
		if f.End != nil {
			w.WriteString("BETWEEN ")
			w.frameBound(f.Start)
			w.WriteString(" AND ")
			w.frameBound(*f.End)
		} else {
			w.frameBound(f.Start)
		}
	}
	w.WriteByte(')')
}

func (w *printer) frameBound(b FrameBound) {
	switch b.Kind {
	case "CURRENT ROW":
		w.WriteString("CURRENT ROW")
		return
	case "UNBOUNDED":
		w.WriteString("UNBOUNDED")
	default:
		w.expr(b.Offset)
	}
	w.WriteString(" " + b.Dir)
}
