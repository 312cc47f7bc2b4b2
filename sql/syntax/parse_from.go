package syntax

// fromClause parses table references separated by commas.
func (p *parser) fromClause() TableRef {
	left := p.joinChain()
	for p.isOp(",") {
		p.next()
		right := p.joinChain()
		left = &Join{node: node{left.Position()}, Kind: "COMMA", L: left, R: right}
	}
	return left
}

// joinChain parses a table reference followed by any number of joins.
func (p *parser) joinChain() TableRef {
	left := p.tableRef()
	for {
		j := &Join{node: node{left.Position()}}
		j.Natural = p.acceptWord("NATURAL")
		switch {
		case p.acceptWord("JOIN"):
			j.Kind = "INNER"
		case p.acceptWord("INNER", "JOIN"):
			j.Kind = "INNER"
		case p.isWord("LEFT") || p.isWord("RIGHT") || p.isWord("FULL"):
			j.Kind = p.next().Val
			j.Outer = p.acceptWord("OUTER")
			p.expectWord(j.Kind+" JOIN", "JOIN")
		case p.acceptWord("CROSS", "JOIN"):
			j.Kind = "CROSS"
		default:
			if j.Natural {
				p.unexpected("NATURAL JOIN", `"JOIN"`)
			}
			return left
		}
		j.L, j.R = left, p.tableRef()
		switch {
		case p.acceptWord("ON"):
			j.On = p.expr("JOIN ... ON")
		case p.acceptWord("USING"):
			j.Using = p.parenIdentList("JOIN ... USING")
		case j.Kind != "CROSS" && !j.Natural:
			p.unexpected(j.Kind+" JOIN", `"ON"`, `"USING"`)
		}
		left = j
	}
}

// tableRef parses one FROM element with its MATCH_RECOGNIZE and alias.
func (p *parser) tableRef() TableRef {
	p.enter("FROM clause")
	defer p.leave()
	ref := p.tablePrimary()
	if p.isWord("MATCH_RECOGNIZE") {
		ref = p.matchRecognize(ref)
	}
	alias := p.tableAlias()
	if alias == nil {
		return ref
	}
	switch r := ref.(type) {
	case *TableName:
		r.Alias = alias
	case *Derived:
		r.Alias = alias
	case *TableFunc:
		r.Alias = alias
	case *Unnest:
		r.Alias = alias
	case *ParenTable:
		r.Alias = alias
	case *MatchRecognize:
		r.Alias = alias
	}
	return ref
}

// tableAlias parses [AS] name [(col, ...)].
func (p *parser) tableAlias() *Alias {
	if !p.isWord("AS") && !isIdentTok(p.tok()) {
		return nil
	}
	p.acceptWord("AS")
	name := p.identSpelled("table alias")
	a := &Alias{node: node{name.At}, Name: name}
	if p.isOp("(") {
		a.Columns = p.parenIdentList("table alias column list")
	}
	return a
}

func (p *parser) tablePrimary() TableRef {
	t := p.tok()
	at := node{t.Pos}
	switch {
	case p.isWord("LATERAL"):
		p.next()
		if p.isWord("TABLE") {
			return p.tableFunc(at, true)
		}
		p.expectOp("LATERAL", "(")
		q := p.query()
		p.expectOp("LATERAL subquery", ")")
		return &Derived{node: at, Lateral: true, Query: q}
	case p.isWord("TABLE"):
		return p.tableFunc(at, false)
	case p.isWord("UNNEST"):
		p.next()
		p.expectOp("UNNEST", "(")
		u := &Unnest{node: at, Items: p.exprList("UNNEST")}
		p.expectOp("UNNEST", ")")
		u.Ordinality = p.acceptWord("WITH", "ORDINALITY")
		return u
	case p.isOp("("):
		if p.startsQuery() {
			p.next()
			q := p.query()
			p.expectOp("subquery in FROM", ")")
			return &Derived{node: at, Query: q}
		}
		p.next()
		inner := p.fromClause()
		p.expectOp("parenthesised FROM item", ")")
		return &ParenTable{node: at, Table: inner}
	}
	return p.tableName()
}

// tableName parses name [/*+ hints */] [FOR SYSTEM_TIME AS OF expr].
func (p *parser) tableName() TableRef {
	t := p.tok()
	if !isIdentTok(t) {
		if t.Kind == TokWord {
			p.failName("FROM clause", t)
		}
		p.unexpected("FROM clause", "a table name", `"("`, `"TABLE"`, `"LATERAL"`, `"UNNEST"`)
	}
	tn := &TableName{node: node{t.Pos}, Name: p.qualifiedName("table name")}
	if p.tok().Kind == TokHintOpen {
		tn.Hints = p.hints()
	}
	if p.acceptWord("FOR") {
		p.expectWord("FOR SYSTEM_TIME AS OF", "SYSTEM_TIME", "AS", "OF")
		tn.SystemTime = p.expr("FOR SYSTEM_TIME AS OF")
	}
	return tn
}

// tableFunc parses TABLE(call) after an optional LATERAL.
func (p *parser) tableFunc(at node, lateral bool) TableRef {
	p.next()
	p.expectOp("TABLE(...)", "(")
	call := p.expr("TABLE(...)")
	switch call.(type) {
	case *Call:
	default:
		p.fail(call.Position(), "TABLE(...)", "TABLE(...) in FROM must hold a table function call, such as TABLE(TUMBLE(...))")
	}
	p.expectOp("TABLE(...)", ")")
	return &TableFunc{node: at, Lateral: lateral, Call: call}
}

// hints parses /*+ NAME, NAME(args), ... */.
func (p *parser) hints() []Hint {
	p.next()
	var hints []Hint
	for {
		name := p.identSpelled("hint")
		h := Hint{node: node{name.At}, Name: name}
		if p.acceptOp("(") {
			p.hintArgs(&h)
			p.expectOp("hint", ")")
		}
		hints = append(hints, h)
		if !p.acceptOp(",") {
			break
		}
	}
	if p.tok().Kind != TokHintClose {
		p.unexpected("hint", `"*/"`)
	}
	p.next()
	return hints
}

// hintArgs parses 'k'='v', ... | k=v, ... | a, b, ... inside a hint.
func (p *parser) hintArgs(h *Hint) {
	if p.isOp(")") {
		return
	}
	for {
		t := p.tok()
		var key string
		switch {
		case t.Kind == TokString:
			key = p.stringLit("hint option")
		case isIdentTok(t) || t.Kind == TokWord || t.Kind == TokInteger || t.Kind == TokDecimal:
			p.next()
			key = identOf(t).Name
		default:
			p.unexpected("hint option", "a name or a string literal")
		}
		if p.acceptOp("=") {
			vt := p.tok()
			var val string
			if vt.Kind == TokString {
				val = p.stringLit("hint option value")
			} else if isIdentTok(vt) || vt.Kind == TokInteger || vt.Kind == TokDecimal {
				val = identOf(p.next()).Name
			} else {
				p.unexpected("hint option value", "a string literal")
			}
			h.KV = append(h.KV, Property{node: node{t.Pos}, Key: key, Value: val, ValuePos: vt.Pos})
		} else {
			h.Options = append(h.Options, key)
		}
		if !p.acceptOp(",") {
			return
		}
	}
}
