package syntax

// call parses the parenthesised part of a function call and what may
// follow it: WITHIN GROUP, FILTER, IGNORE|RESPECT NULLS, OVER.
func (p *parser) call(name Name) Expr {
	construct := "call of " + name.String()
	c := &Call{node: node{name.Position()}, Name: name}
	p.expectOp(construct, "(")
	if p.isWord("DISTINCT") || p.isWord("ALL") {
		c.Quantifier = p.next().Val
	}
	if !p.isOp(")") {
		c.Args = []Expr{p.callArg(construct)}
		for p.acceptOp(",") {
			c.Args = append(c.Args, p.callArg(construct))
		}
	}
	p.expectOp(construct, ")")
	if p.isWords("WITHIN", "GROUP") {
		p.next()
		p.next()
		p.expectOp("WITHIN GROUP", "(")
		p.expectWord("WITHIN GROUP", "ORDER", "BY")
		c.WithinGroup = p.orderList("WITHIN GROUP")
		p.expectOp("WITHIN GROUP", ")")
	}
	if p.isWord("FILTER") && p.isOpAt(1, "(") {
		p.next()
		p.next()
		p.expectWord("FILTER", "WHERE")
		c.Filter = p.expr("FILTER (WHERE ...)")
		p.expectOp("FILTER", ")")
	}
	if (p.isWord("IGNORE") || p.isWord("RESPECT")) && p.isWordAt(1, "NULLS") {
		c.NullTreatment = p.next().Val + " NULLS"
		p.next()
	}
	if p.acceptWord("OVER") {
		if p.isOp("(") {
			c.Over = p.windowSpec("OVER")
		} else {
			id := p.ident("OVER")
			c.OverName = &id
		}
	}
	return c
}

// callArg parses one argument: name => value, *, or an expression.
func (p *parser) callArg(construct string) Expr {
	if isIdentTok(p.tok()) && p.isOpAt(1, "=>") {
		name := p.identSpelled(construct)
		p.next()
		return &NamedArg{node: node{name.At}, Name: name, Value: p.expr(construct)}
	}
	return p.expr(construct)
}

// windowSpec parses ( [base] [PARTITION BY ...] [ORDER BY ...] [frame] ).
func (p *parser) windowSpec(construct string) *WindowSpec {
	open := p.expectOp(construct, "(")
	w := &WindowSpec{node: node{open.Pos}}
	if isIdentTok(p.tok()) {
		id := p.ident(construct)
		w.Base = &id
	}
	if p.acceptWord("PARTITION") {
		p.expectWord(construct+" PARTITION BY", "BY")
		w.PartitionBy = p.exprList(construct + " PARTITION BY")
	}
	if p.acceptWord("ORDER") {
		p.expectWord(construct+" ORDER BY", "BY")
		w.OrderBy = p.orderList(construct + " ORDER BY")
	}
	if p.isWord("ROWS") || p.isWord("RANGE") {
		w.Frame = p.frame()
	}
	if !p.isOp(")") {
		p.unexpected("window specification", `"PARTITION BY"`, `"ORDER BY"`, `"ROWS"`, `"RANGE"`, `")"`)
	}
	p.next()
	return w
}

// frame parses ROWS|RANGE [BETWEEN bound AND bound | bound].
func (p *parser) frame() *Frame {
	unit := p.next()
	f := &Frame{node: node{unit.Pos}, Unit: unit.Val}
	if p.acceptWord("BETWEEN") {
		f.Start = p.frameBound()
		p.expectWord("window frame", "AND")
		end := p.frameBound()
		f.End = &end
		return f
	}
	f.Start = p.frameBound()
	return f
}

func (p *parser) frameBound() FrameBound {
	t := p.tok()
	b := FrameBound{node: node{t.Pos}}
	switch {
	case p.acceptWord("UNBOUNDED"):
		b.Kind = "UNBOUNDED"
	case p.acceptWord("CURRENT", "ROW"):
		b.Kind = "CURRENT ROW"
		return b
	default:
		b.Offset = p.exprPrec("window frame bound", precAnd) // AND belongs to BETWEEN
	}
	if !p.isWord("PRECEDING") && !p.isWord("FOLLOWING") {
		p.unexpected("window frame bound", `"PRECEDING"`, `"FOLLOWING"`)
	}
	b.Dir = p.next().Val
	return b
}

// orderList parses expr [ASC|DESC] [NULLS FIRST|LAST], ...
func (p *parser) orderList(construct string) []OrderItem {
	var items []OrderItem
	for {
		e := p.expr(construct)
		it := OrderItem{node: node{e.Position()}, Expr: e}
		if p.isWord("ASC") || p.isWord("DESC") {
			it.Direction = p.next().Val
		}
		if p.acceptWord("NULLS") {
			if !p.isWord("FIRST") && !p.isWord("LAST") {
				p.unexpected(construct, `"FIRST"`, `"LAST"`)
			}
			it.Nulls = p.next().Val
		}
		items = append(items, it)
		if !p.acceptOp(",") {
			return items
		}
	}
}
