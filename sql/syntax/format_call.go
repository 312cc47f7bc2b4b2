package syntax

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

// expr2 prints calls, constructors and the special forms.
func (w *printer) expr2(e Expr) {
	switch e := e.(type) {
	case *Cast:
		w.flag(e.Try, "TRY_")
		w.WriteString("CAST(")
		w.expr(e.X)
		w.WriteString(" AS ")
		w.dataType(e.Type)
		w.WriteByte(')')
	case *Case:
		w.WriteString("CASE")
		if e.Operand != nil {
			w.WriteByte(' ')
			w.expr(e.Operand)
		}
		for _, wh := range e.Whens {
			w.WriteString(" WHEN ")
			w.expr(wh.Cond)
			w.WriteString(" THEN ")
			w.expr(wh.Result)
		}
		if e.Else != nil {
			w.WriteString(" ELSE ")
			w.expr(e.Else)
		}
		w.WriteString(" END")
	case *Call:
		w.call(e)
	case *NamedArg:
		w.ident(e.Name)
		w.WriteString(" => ")
		w.expr(e.Value)
	case *TimeUnit:
		w.WriteString(e.Unit)
	case *Extract:
		w.WriteString("EXTRACT(" + e.Unit + " FROM ")
		w.expr(e.X)
		w.WriteByte(')')
	case *Position:
		w.WriteString("POSITION(")
		w.sub(e.Sub, precLike+1)
		w.WriteString(" IN ")
		w.expr(e.In)
		w.opt(" FROM ", e.From)
		w.WriteByte(')')
	case *FloorCeil:
		w.WriteString(map[bool]string{true: "CEIL(", false: "FLOOR("}[e.Ceil])
		w.expr(e.X)
		w.WriteString(" TO " + e.Unit + ")")
	case *Trim, *Substring, *Overlay:
		w.stringFunc(e)
	default:
		w.expr3(e)
	}
}

// stringFunc prints TRIM, SUBSTRING and OVERLAY in their keyword forms.
func (w *printer) stringFunc(e Expr) {
	switch e := e.(type) {
	case *Trim:
		w.WriteString("TRIM(")
		if e.Where != "" {
			w.WriteString(e.Where + " ")
		}
		if e.Chars != nil {
			w.expr(e.Chars)
			w.WriteByte(' ')
		}
		if e.Where != "" || e.Chars != nil {
			w.WriteString("FROM ")
		}
		w.expr(e.X)
		w.WriteByte(')')
	case *Substring:
		w.WriteString("SUBSTRING(")
		w.expr(e.X)
		w.opt(" FROM ", e.From)
		w.opt(" FOR ", e.For)
		w.WriteByte(')')
	case *Overlay:
		w.WriteString("OVERLAY(")
		w.expr(e.X)
		w.opt(" PLACING ", e.Placing)
		w.opt(" FROM ", e.From)
		w.opt(" FOR ", e.For)
		w.WriteByte(')')
	}
}

func (w *printer) opt(kw string, e Expr) {
	if e != nil {
		w.WriteString(kw)
		w.expr(e)
	}
}

func (w *printer) call(c *Call) {
	w.name(c.Name)
	if c.NoParens {
		return
	}
	w.WriteByte('(')
	if c.Quantifier != "" {
		w.WriteString(c.Quantifier + " ")
	}
	w.exprs(c.Args)
	w.WriteByte(')')
	if len(c.WithinGroup) > 0 {
		w.WriteString(" WITHIN GROUP (ORDER BY ")
		w.orderItems(c.WithinGroup)
		w.WriteByte(')')
	}
	if c.Filter != nil {
		w.WriteString(" FILTER (WHERE ")
		w.expr(c.Filter)
		w.WriteByte(')')
	}
	if c.NullTreatment != "" {
		w.WriteString(" " + c.NullTreatment)
	}
	if c.Over != nil {
		w.WriteString(" OVER ")
		w.windowSpec(c.Over)
	}
	if c.OverName != nil {
		w.WriteString(" OVER ")
		w.ident(*c.OverName)
	}
}

// expr3 prints constructors, table arguments and JSON functions.
func (w *printer) expr3(e Expr) {
	switch e := e.(type) {
	case *RowCtor:
		w.flag(e.Explicit, "ROW")
		w.WriteByte('(')
		w.exprs(e.Items)
		w.WriteByte(')')
	case *ArrayCtor:
		w.collection("ARRAY", e.Items, e.Query)
	case *MapCtor:
		w.collection("MAP", e.Items, e.Query)
	case *FieldAccess:
		w.postfixBase(e.X)
		w.WriteByte('.')
		w.ident(e.Field)
	case *Index:
		w.postfixBase(e.X)
		w.WriteByte('[')
		w.expr(e.Index)
		w.WriteByte(']')
	case *Descriptor:
		w.WriteString("DESCRIPTOR(")
		w.idents(e.Columns)
		w.WriteByte(')')
	case *TableArg:
		w.WriteString("TABLE ")
		w.name(e.Table)
		if len(e.PartitionBy) > 0 {
			w.WriteString(" PARTITION BY ")
			w.exprs(e.PartitionBy)
		}
		if len(e.OrderBy) > 0 {
			w.WriteString(" ORDER BY ")
			w.orderItems(e.OrderBy)
		}
	case *GroupingSets:
		w.WriteString(e.Kind + "(")
		w.exprs(e.Items)
		w.WriteByte(')')
	default:
		w.jsonExpr(e)
	}
}

// postfixBase prints the operand of .field or [i], parenthesised unless atomic.
func (w *printer) postfixBase(x Expr) {
	switch x.(type) {
	case *ColumnRef, *Call, *Index, *FieldAccess, *Cast, *ArrayCtor, *MapCtor, *Subquery, *RowCtor:
		w.expr(x) // (a, b) and (subquery) carry their own parentheses
	default:
		w.WriteByte('(')
		w.expr(x)
		w.WriteByte(')')
	}
}

func (w *printer) collection(kw string, items []Expr, q *Query) {
	w.WriteString(kw)
	if q != nil {
		w.WriteByte('(')
		w.query(q)
		w.WriteByte(')')
		return
	}
	w.WriteByte('[')
	w.exprs(items)
	w.WriteByte(']')
}
