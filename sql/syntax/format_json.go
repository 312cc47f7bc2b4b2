package syntax

func (w *printer) jsonExpr(e Expr) {
	switch e := e.(type) {
	case *JSONValue:
		w.jsonPath("JSON_VALUE", e.X, e.Path, e.Returning, "", e.Behaviors)
	case *JSONQuery:
		w.jsonPath("JSON_QUERY", e.X, e.Path, e.Returning, e.Wrapper, e.Behaviors)
	case *JSONExists:
		w.jsonPath("JSON_EXISTS", e.X, e.Path, nil, "", e.Behaviors)
	case *JSONObject:
		w.WriteString(map[bool]string{true: "JSON_OBJECTAGG(", false: "JSON_OBJECT("}[e.Agg])
		for i, en := range e.Entries {
			if i > 0 {
				w.WriteString(", ")
			}
			w.WriteString("KEY ")
			w.expr(en.Key)
			w.WriteString(" VALUE ")
			w.expr(en.Value)
		}
		w.onNull(e.OnNull, len(e.Entries) > 0)
		w.WriteByte(')')
	case *JSONArray:
		w.WriteString(map[bool]string{true: "JSON_ARRAYAGG(", false: "JSON_ARRAY("}[e.Agg])
		w.exprs(e.Items)
		if len(e.OrderBy) > 0 {
			w.WriteString(" ORDER BY ")
			w.orderItems(e.OrderBy)
		}
		w.onNull(e.OnNull, len(e.Items) > 0)
		w.WriteByte(')')
	default:
		panic("syntax: cannot format expression of type " + typeName(e))
	}
}

func (w *printer) onNull(s string, space bool) {
	if s == "" {
		return
	}
	if space {
		w.WriteByte(' ')
	}
	w.WriteString(s)
}

func (w *printer) jsonPath(fn string, x, path Expr, ret *DataType, wrapper string, bs []JSONBehavior) {
	w.WriteString(fn + "(")
	w.expr(x)
	w.WriteString(", ")
	w.expr(path)
	if ret != nil {
		w.WriteString(" RETURNING ")
		w.dataType(ret)
	}
	if wrapper != "" {
		w.WriteString(" " + wrapper)
	}
	for _, b := range bs {
		w.WriteString(" " + b.Kind)
		if b.Default != nil {
			w.WriteByte(' ')
			w.expr(b.Default)
		}
		w.WriteString(" ON " + b.On)
	}
	w.WriteByte(')')
}
