package syntax

import "fmt"

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// dataType prints a type as written (keeping spellings such as STRING).
func (w *printer) dataType(t *DataType) {
	switch {
	case t.Postfix:
		w.dataType(t.Elem)
		w.WriteString(" " + t.Name)
	case t.Name == "USER":
		w.name(t.UserName)
	default:
		w.baseType(t)
	}
	w.flag(t.NotNull, " NOT NULL")
	w.flag(t.Null, " NULL")
}

func (w *printer) baseType(t *DataType) {
	name := t.Name
	if t.Spelling != "" {
		name = t.Spelling
	}
	w.WriteString(name)
	switch t.Name {
	case "INTERVAL":
		w.WriteByte(' ')
		w.qualifier(t.Interval)
	case "ARRAY", "MULTISET":
		w.WriteByte('<')
		w.dataType(t.Elem)
		w.WriteByte('>')
	case "MAP":
		w.WriteByte('<')
		w.dataType(t.Key)
		w.WriteString(", ")
		w.dataType(t.Value)
		w.WriteByte('>')
	case "ROW":
		w.rowType(t)
	case "RAW":
		w.WriteByte('(')
		w.str(*t.RawClass)
		if t.RawSnap != nil {
			w.WriteString(", ")
			w.str(*t.RawSnap)
		}
		w.WriteByte(')')
	}
	if t.Precision != nil {
		w.WriteString("(" + itoa(*t.Precision))
		if t.Scale != nil {
			w.WriteString(", " + itoa(*t.Scale))
		}
		w.WriteByte(')')
	}
	if t.TimeZone != "" {
		w.WriteString(" " + t.TimeZone)
	}
}

func (w *printer) rowType(t *DataType) {
	open, closer := "<", ">"
	if t.Parens {
		open, closer = "(", ")"
	}
	w.WriteString(open)
	for i, f := range t.Fields {
		if i > 0 {
			w.WriteString(", ")
		}
		w.ident(f.Name)
		w.WriteByte(' ')
		w.dataType(f.Type)
		if f.Comment != nil {
			w.WriteByte(' ')
			w.str(*f.Comment)
		}
	}
	w.WriteString(closer)
}
