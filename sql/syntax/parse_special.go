package syntax

// specialCall parses the functions whose arguments are not a plain list
// (Calcite's BuiltinFunctionCall and JSON productions), or returns nil.
// The current token is the function's name and "(" follows.
func (p *parser) specialCall() Expr {
	t := p.tok()
	at := node{t.Pos}
	switch t.Val {
	case "CAST", "TRY_CAST":
		p.next()
		p.next()
		x := p.expr(t.Val)
		p.expectWord(t.Val, "AS")
		typ := p.dataType()
		p.expectOp(t.Val, ")")
		return &Cast{node: at, Try: t.Val == "TRY_CAST", X: x, Type: typ}
	case "EXTRACT":
		p.next()
		p.next()
		unit := p.timeUnit("EXTRACT")
		p.expectWord("EXTRACT", "FROM")
		x := p.expr("EXTRACT")
		p.expectOp("EXTRACT", ")")
		return &Extract{node: at, Unit: unit, X: x}
	case "POSITION":
		return p.positionCall()
	case "TRIM":
		return p.trimCall()
	case "SUBSTRING":
		return p.substringCall()
	case "OVERLAY":
		return p.overlayCall()
	case "FLOOR", "CEIL", "CEILING":
		return p.floorCeilCall()
	case "TIMESTAMPADD", "TIMESTAMPDIFF":
		p.next()
		p.next()
		u := p.tok()
		unit := &TimeUnit{node: node{u.Pos}, Unit: p.timeUnit(t.Val)}
		c := &Call{node: at, Name: Name{identOf(t)}, Args: []Expr{unit}}
		for p.acceptOp(",") {
			c.Args = append(c.Args, p.expr(t.Val))
		}
		p.expectOp(t.Val, ")")
		return c
	case "DESCRIPTOR":
		p.next()
		p.next()
		d := &Descriptor{node: at, Columns: p.identList("DESCRIPTOR")}
		p.expectOp("DESCRIPTOR", ")")
		return d
	case "JSON_VALUE", "JSON_QUERY", "JSON_EXISTS":
		return p.jsonPathCall()
	case "JSON_OBJECT", "JSON_OBJECTAGG":
		return p.jsonObjectCall()
	case "JSON_ARRAY", "JSON_ARRAYAGG":
		return p.jsonArrayCall()
	}
	return nil
}

// timeUnit parses a time unit word (DAY, SQL_TSI_DAY, MILLISECOND ...).
func (p *parser) timeUnit(construct string) string {
	t := p.tok()
	if t.Kind != TokWord || !timeUnits[t.Val] {
		p.unexpected(construct, "a time unit such as SECOND, MINUTE, HOUR, DAY, MONTH, YEAR")
	}
	p.next()
	return t.Val
}

func (p *parser) positionCall() Expr {
	t := p.next()
	p.next()
	pos := &Position{node: node{t.Pos}}
	pos.Sub = p.exprPrec("POSITION", precLike) // IN belongs to POSITION, not to the operand
	p.expectWord("POSITION", "IN")
	pos.In = p.expr("POSITION")
	if p.acceptWord("FROM") {
		pos.From = p.expr("POSITION")
	}
	p.expectOp("POSITION", ")")
	return pos
}

func (p *parser) trimCall() Expr {
	t := p.next()
	p.next()
	tr := &Trim{node: node{t.Pos}}
	if p.isWord("BOTH") || p.isWord("LEADING") || p.isWord("TRAILING") {
		tr.Where = p.next().Val
	}
	if tr.Where != "" && p.acceptWord("FROM") {
		tr.X = p.expr("TRIM")
	} else {
		first := p.expr("TRIM")
		if p.acceptWord("FROM") {
			tr.Chars, tr.X = first, p.expr("TRIM")
		} else if tr.Where != "" {
			p.unexpected("TRIM", `"FROM"`)
		} else {
			tr.X = first
		}
	}
	p.expectOp("TRIM", ")")
	return tr
}

func (p *parser) substringCall() Expr {
	t := p.next()
	p.next()
	x := p.expr("SUBSTRING")
	if p.acceptOp(",") { // SUBSTRING(x, a [, b]): an ordinary call
		c := &Call{node: node{t.Pos}, Name: Name{identOf(t)}, Args: []Expr{x, p.expr("SUBSTRING")}}
		if p.acceptOp(",") {
			c.Args = append(c.Args, p.expr("SUBSTRING"))
		}
		p.expectOp("SUBSTRING", ")")
		return c
	}
	s := &Substring{node: node{t.Pos}, X: x}
	p.expectWord("SUBSTRING", "FROM")
	s.From = p.expr("SUBSTRING")
	if p.acceptWord("FOR") {
		s.For = p.expr("SUBSTRING")
	}
	p.expectOp("SUBSTRING", ")")
	return s
}

func (p *parser) overlayCall() Expr {
	t := p.next()
	p.next()
	o := &Overlay{node: node{t.Pos}, X: p.expr("OVERLAY")}
	p.expectWord("OVERLAY", "PLACING")
	o.Placing = p.expr("OVERLAY")
	p.expectWord("OVERLAY", "FROM")
	o.From = p.expr("OVERLAY")
	if p.acceptWord("FOR") {
		o.For = p.expr("OVERLAY")
	}
	p.expectOp("OVERLAY", ")")
	return o
}

func (p *parser) floorCeilCall() Expr {
	t := p.next()
	p.next()
	x := p.expr(t.Val)
	if p.acceptWord("TO") {
		f := &FloorCeil{node: node{t.Pos}, Ceil: t.Val != "FLOOR", X: x, Unit: p.timeUnit(t.Val + " ... TO")}
		p.expectOp(t.Val, ")")
		return f
	}
	c := &Call{node: node{t.Pos}, Name: Name{identOf(t)}, Args: []Expr{x}}
	for p.acceptOp(",") {
		c.Args = append(c.Args, p.expr(t.Val))
	}
	p.expectOp(t.Val, ")")
	return c
}
