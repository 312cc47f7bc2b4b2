package syntax

// query parses [WITH ...] set-expression [ORDER BY] [LIMIT|OFFSET|FETCH].
func (p *parser) query() *Query {
	p.enter("query")
	defer p.leave()
	q := &Query{node: node{p.tok().Pos}}
	if p.acceptWord("WITH") {
		p.acceptWord("RECURSIVE")
		for {
			q.With = append(q.With, p.cte())
			if !p.acceptOp(",") {
				break
			}
		}
	}
	q.Body = p.setExpr(0)
	p.queryTail(q)
	return q
}

func (p *parser) cte() CTE {
	name := p.identSpelled("WITH clause")
	c := CTE{node: node{name.At}, Name: name}
	if p.isOp("(") {
		c.Columns = p.parenIdentList("WITH clause column list")
	}
	p.expectWord("WITH clause", "AS")
	p.expectOp("WITH clause", "(")
	c.Query = p.query()
	p.expectOp("WITH clause", ")")
	return c
}

// queryTail parses ORDER BY, LIMIT, OFFSET and FETCH.
func (p *parser) queryTail(q *Query) {
	if p.acceptWord("ORDER") {
		p.expectWord("ORDER BY", "BY")
		q.OrderBy = p.orderList("ORDER BY")
	}
	if p.acceptWord("LIMIT") {
		q.Limit = p.exprPrec("LIMIT", precUnary)
	}
	if p.acceptWord("OFFSET") {
		q.Offset = p.exprPrec("OFFSET", precUnary)
		if !p.acceptWord("ROWS") {
			p.acceptWord("ROW")
		}
	}
	if p.acceptWord("FETCH") {
		if !p.acceptWord("FIRST") && !p.acceptWord("NEXT") {
			p.unexpected("FETCH", `"FIRST"`, `"NEXT"`)
		}
		q.Limit, q.FetchFirst = p.exprPrec("FETCH", precUnary), true
		if !p.acceptWord("ROWS") && !p.acceptWord("ROW") {
			p.unexpected("FETCH", `"ROWS"`)
		}
		p.expectWord("FETCH", "ONLY")
	}
}

// setExpr parses UNION, EXCEPT (MINUS) and, binding tighter, INTERSECT.
func (p *parser) setExpr(minPrec int) QueryBody {
	left := p.queryPrimary()
	for {
		t := p.tok()
		prec := 0
		switch {
		case t.Kind != TokWord:
		case t.Val == "UNION" || t.Val == "EXCEPT" || t.Val == "MINUS":
			prec = 1
		case t.Val == "INTERSECT":
			prec = 2
		}
		if prec <= minPrec {
			return left
		}
		p.next()
		op := &SetOp{node: node{left.Position()}, Op: t.Val}
		if t.Val == "MINUS" {
			op.Op, op.Spelling = "EXCEPT", "MINUS"
		}
		if p.isWord("ALL") || p.isWord("DISTINCT") {
			op.Quantifier = p.next().Val
		}
		op.L, op.R = left, p.setExpr(prec)
		left = op
	}
}

// queryPrimary parses SELECT, VALUES, TABLE t or a parenthesised query.
func (p *parser) queryPrimary() QueryBody {
	t := p.tok()
	switch {
	case p.isWord("SELECT"):
		return p.selectBody()
	case p.isWord("VALUES"):
		return p.values()
	case p.isWord("TABLE"):
		p.next()
		return &ExplicitTable{node: node{t.Pos}, Name: p.qualifiedName("TABLE")}
	case p.isOp("("):
		p.next()
		q := p.query()
		p.expectOp("parenthesised query", ")")
		return q
	case p.isWord("MATCH_RECOGNIZE"):
		p.fail(t.Pos, "query", "MATCH_RECOGNIZE must follow a table in FROM")
	}
	p.unexpected("query", `"SELECT"`, `"VALUES"`, `"WITH"`, `"("`)
	return nil
}

// values parses VALUES row, row ...
func (p *parser) values() *Values {
	t := p.next()
	v := &Values{node: node{t.Pos}}
	for {
		v.Rows = append(v.Rows, p.expr("VALUES"))
		if !p.acceptOp(",") {
			return v
		}
	}
}

// selectBody parses one SELECT block.
func (p *parser) selectBody() *Select {
	t := p.next()
	s := &Select{node: node{t.Pos}}
	if p.tok().Kind == TokHintOpen {
		s.Hints = p.hints()
	}
	if p.isWord("ALL") || p.isWord("DISTINCT") {
		s.Quantifier = p.next().Val
	}
	s.Items = p.selectList()
	if p.acceptWord("FROM") {
		s.From = p.fromClause()
	}
	if p.acceptWord("WHERE") {
		s.Where = p.expr("WHERE clause")
	}
	if p.isWord("GROUP") {
		s.GroupBy = p.groupBy(p.next())
	}
	if p.acceptWord("HAVING") {
		s.Having = p.expr("HAVING clause")
	}
	if p.acceptWord("WINDOW") {
		for {
			name := p.ident("WINDOW clause")
			p.expectWord("WINDOW clause", "AS")
			s.Windows = append(s.Windows, NamedWindow{node: node{name.At}, Name: name, Spec: p.windowSpec("WINDOW clause")})
			if !p.acceptOp(",") {
				break
			}
		}
	}
	return s
}

func (p *parser) selectList() []SelectItem {
	var items []SelectItem
	for {
		if p.isWord("FROM") {
			p.unexpected("SELECT list", "an expression")
		}
		e := p.expr("SELECT list")
		it := SelectItem{node: node{e.Position()}, Expr: e}
		it.Alias = p.optAlias("SELECT list")
		items = append(items, it)
		if !p.acceptOp(",") {
			return items
		}
	}
}

// optAlias parses [AS] name.
func (p *parser) optAlias(construct string) *Ident {
	if p.acceptWord("AS") {
		id := p.identSpelled(construct + " alias")
		return &id
	}
	if isIdentTok(p.tok()) {
		id := p.identSpelled(construct + " alias")
		return &id
	}
	return nil
}

// groupBy parses the rest of GROUP BY; the clause starts at group.
func (p *parser) groupBy(group Token) *GroupBy {
	p.expectWord("GROUP BY", "BY")
	g := &GroupBy{node: node{group.Pos}}
	if (p.isWord("ALL") || p.isWord("DISTINCT")) && !p.isOpAt(1, "(") {
		g.Quantifier = p.next().Val
	}
	for {
		g.Items = append(g.Items, p.groupItem())
		if !p.acceptOp(",") {
			return g
		}
	}
}

func (p *parser) groupItem() Expr {
	t := p.tok()
	kind := ""
	switch {
	case p.isWords("GROUPING", "SETS"):
		p.next()
		kind = "GROUPING SETS"
	case (p.isWord("ROLLUP") || p.isWord("CUBE")) && p.isOpAt(1, "("):
		kind = t.Val
	default:
		return p.expr("GROUP BY")
	}
	p.next()
	p.expectOp(kind, "(")
	gs := &GroupingSets{node: node{t.Pos}, Kind: kind}
	for {
		gs.Items = append(gs.Items, p.groupItem())
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(kind, ")")
	return gs
}
