package syntax

// jsonPathCall parses JSON_VALUE, JSON_QUERY and JSON_EXISTS.
func (p *parser) jsonPathCall() Expr {
	t := p.next()
	p.next()
	fn := t.Val
	x := p.expr(fn)
	p.expectOp(fn, ",")
	path := p.expr(fn)
	var returning *DataType
	if p.acceptWord("RETURNING") {
		returning = p.dataType()
	}
	wrapper := ""
	if fn == "JSON_QUERY" {
		wrapper = p.jsonWrapper()
	}
	behaviors := p.jsonBehaviors(fn)
	p.expectOp(fn, ")")
	at := node{t.Pos}
	switch fn {
	case "JSON_VALUE":
		return &JSONValue{node: at, X: x, Path: path, Returning: returning, Behaviors: behaviors}
	case "JSON_QUERY":
		return &JSONQuery{node: at, X: x, Path: path, Returning: returning, Wrapper: wrapper, Behaviors: behaviors}
	}
	if returning != nil {
		p.fail(at.At, fn, "JSON_EXISTS has no RETURNING clause")
	}
	return &JSONExists{node: at, X: x, Path: path, Behaviors: behaviors}
}

// jsonWrapper parses WITHOUT [ARRAY] WRAPPER | WITH [CONDITIONAL|UNCONDITIONAL] [ARRAY] WRAPPER.
func (p *parser) jsonWrapper() string {
	if !p.isWord("WITH") && !p.isWord("WITHOUT") {
		return ""
	}
	w := p.next().Val
	if w == "WITH" && (p.isWord("CONDITIONAL") || p.isWord("UNCONDITIONAL")) {
		w += " " + p.next().Val
	}
	if p.acceptWord("ARRAY") {
		w += " ARRAY"
	}
	p.expectWord("JSON_QUERY wrapper", "WRAPPER")
	return w + " WRAPPER"
}

// jsonBehaviors parses NULL|ERROR|DEFAULT e|EMPTY ARRAY|EMPTY OBJECT|TRUE|FALSE|UNKNOWN ON EMPTY|ERROR.
func (p *parser) jsonBehaviors(fn string) []JSONBehavior {
	var out []JSONBehavior
	for {
		t := p.tok()
		b := JSONBehavior{node: node{t.Pos}}
		switch {
		case p.isWord("NULL") && p.isWordAt(1, "ON"), p.isWord("ERROR"), p.isWord("TRUE"), p.isWord("FALSE"), p.isWord("UNKNOWN"):
			b.Kind = p.next().Val
		case p.isWord("DEFAULT"):
			p.next()
			b.Kind = "DEFAULT"
			b.Default = p.expr(fn + " DEFAULT")
		case p.isWord("EMPTY"):
			p.next()
			if !p.isWord("ARRAY") && !p.isWord("OBJECT") {
				p.unexpected(fn, `"ARRAY"`, `"OBJECT"`)
			}
			b.Kind = "EMPTY " + p.next().Val
		default:
			return out
		}
		p.expectWord(fn+" ON EMPTY/ON ERROR", "ON")
		if !p.isWord("EMPTY") && !p.isWord("ERROR") {
			p.unexpected(fn, `"EMPTY"`, `"ERROR"`)
		}
		b.On = p.next().Val
		out = append(out, b)
	}
}

// jsonOnNull parses NULL ON NULL | ABSENT ON NULL.
func (p *parser) jsonOnNull() string {
	if (p.isWord("NULL") || p.isWord("ABSENT")) && p.isWordAt(1, "ON") && p.isWordAt(2, "NULL") {
		w := p.next().Val
		p.next()
		p.next()
		return w + " ON NULL"
	}
	return ""
}

// jsonObjectCall parses JSON_OBJECT([KEY] k VALUE v, ... [ON NULL]) and JSON_OBJECTAGG.
func (p *parser) jsonObjectCall() Expr {
	t := p.next()
	p.next()
	o := &JSONObject{node: node{t.Pos}, Agg: t.Val == "JSON_OBJECTAGG"}
	for !p.isOp(")") {
		if s := p.jsonOnNull(); s != "" {
			o.OnNull = s
			break
		}
		if len(o.Entries) > 0 {
			p.expectOp(t.Val, ",")
		}
		start := p.tok()
		p.acceptWord("KEY")
		key := p.expr(t.Val + " key")
		if !p.acceptWord("VALUE") && !p.acceptOp(":") {
			p.unexpected(t.Val, `"VALUE"`)
		}
		o.Entries = append(o.Entries, JSONEntry{node: node{start.Pos}, Key: key, Value: p.expr(t.Val + " value")})
	}
	p.expectOp(t.Val, ")")
	return o
}

// jsonArrayCall parses JSON_ARRAY(items [ON NULL]) and JSON_ARRAYAGG(x [ORDER BY] [ON NULL]).
func (p *parser) jsonArrayCall() Expr {
	t := p.next()
	p.next()
	a := &JSONArray{node: node{t.Pos}, Agg: t.Val == "JSON_ARRAYAGG"}
	for !p.isOp(")") {
		if s := p.jsonOnNull(); s != "" {
			a.OnNull = s
			break
		}
		if a.Agg && p.acceptWord("ORDER") {
			p.expectWord(t.Val, "BY")
			a.OrderBy = p.orderList(t.Val + " ORDER BY")
			continue
		}
		if len(a.Items) > 0 {
			p.expectOp(t.Val, ",")
		}
		a.Items = append(a.Items, p.expr(t.Val))
	}
	p.expectOp(t.Val, ")")
	return a
}
