package syntax

import "strings"

// prefix parses a primary expression or a prefix operator, then postfix
// field access and indexing.
func (p *parser) prefix(construct string) Expr {
	t := p.tok()
	if t.Kind == TokOp {
		switch t.Val {
		case "-", "+":
			p.next()
			return &Unary{node: node{t.Pos}, Op: t.Val, X: p.exprPrec(construct, precUnary)}
		}
	}
	if t.Kind == TokWord && t.Val == "NOT" {
		p.next()
		return &Unary{node: node{t.Pos}, Op: "NOT", X: p.exprPrec(construct, precNot)}
	}
	return p.postfix(construct, p.primary(construct))
}

// postfix parses .field, .* and [index] after a primary.
func (p *parser) postfix(construct string, e Expr) Expr {
	for {
		switch {
		case p.isOp(".") && p.peek(1).Kind == TokOp && p.peek(1).Val == "*":
			dot := p.next()
			p.next()
			ref, ok := e.(*ColumnRef)
			if !ok {
				p.fail(dot.Pos, construct, ".* may only follow a table name")
			}
			e = &Star{node: node{ref.At}, Qualifier: ref.Name}
		case p.isOp("."):
			p.next()
			field := p.identSpelled("field access")
			if ref, ok := e.(*ColumnRef); ok {
				ref.Name = append(ref.Name, field)
				if p.isOp("(") {
					e = p.call(ref.Name)
				}
				continue
			}
			e = &FieldAccess{node: node{e.Position()}, X: e, Field: field}
		case p.isOp("["):
			p.next()
			idx := p.expr("item access [...]")
			p.expectOp("item access [...]", "]")
			e = &Index{node: node{e.Position()}, X: e, Index: idx}
		default:
			return e
		}
	}
}

// primary parses a literal, name, call, parenthesised expression or one of
// the keyword-led forms.
func (p *parser) primary(construct string) Expr {
	t := p.tok()
	at := node{t.Pos}
	switch t.Kind {
	case TokInteger, TokDecimal, TokApprox:
		p.next()
		kind := map[TokenKind]LiteralKind{TokInteger: LitInteger, TokDecimal: LitDecimal, TokApprox: LitApprox}[t.Kind]
		return &Literal{node: at, Kind: kind, Value: t.Val}
	case TokString:
		return &Literal{node: at, Kind: LitString, Value: p.stringLit("string literal")}
	case TokUString:
		return &Literal{node: at, Kind: LitString, Value: p.unicodeString()}
	case TokBinary:
		p.next()
		v := t.Val
		for p.tok().Kind == TokBinary {
			v += p.next().Val
		}
		return &Literal{node: at, Kind: LitBinary, Value: strings.ToUpper(v)}
	case TokParam:
		p.next()
		return &Param{node: at}
	case TokHintOpen:
		if p.prev.Kind == TokHintClose {
			p.fail(t.Pos, "hint", "one place takes one hint comment; list the hints in it: /*+ A(...), B(...) */")
		}
		p.fail(t.Pos, "hint", "a hint /*+ ... */ may only follow SELECT, a table name in FROM, or INSERT INTO table")
	case TokQuoted:
		return p.nameOrCall()
	case TokOp:
		switch t.Val {
		case "(":
			return p.parenExpr()
		case "*":
			p.next()
			return &Star{node: at}
		}
	case TokWord:
		if e := p.keywordExpr(); e != nil {
			return e
		}
		if !reservedWords[t.Val] {
			return p.nameOrCall()
		}
		if reservedFunctionNames[t.Val] && p.isOpAt(1, "(") {
			return p.nameOrCall()
		}
		if next := p.peek(1); next.Kind != TokWord || next.Val == "FROM" || next.Val == "AS" {
			p.fail(t.Pos, construct, "%s %q is a reserved word in Flink SQL; if it is a name, quote it: `%s`",
				encountered(t, "an expression"), t.Text, t.Text)
		}
	}
	p.unexpected(construct, "an expression")
	return nil
}

// nameOrCall parses a (qualified) name, or a function call if ( follows.
func (p *parser) nameOrCall() Expr {
	first := p.next()
	name := Name{identOf(first)}
	if p.isOp("(") {
		return p.call(name)
	}
	return &ColumnRef{node: node{first.Pos}, Name: name}
}

// parenExpr parses (expr), a row (a, b) or a scalar subquery.
func (p *parser) parenExpr() Expr {
	open := p.tok()
	if p.startsQuery() {
		p.next()
		q := p.query()
		p.expectOp("subquery", ")")
		return &Subquery{node: node{open.Pos}, Query: q}
	}
	p.next()
	if p.acceptOp(")") {
		return &RowCtor{node: node{open.Pos}} // () in GROUPING SETS
	}
	items := p.exprList("parenthesised expression")
	p.expectOp("parenthesised expression", ")")
	if len(items) == 1 {
		return items[0]
	}
	return &RowCtor{node: node{open.Pos}, Items: items}
}

// stringLit parses a character string literal, joining adjacent literals
// ('a' 'b' is 'ab', as in Calcite).
func (p *parser) stringLit(construct string) string {
	if p.tok().Kind != TokString {
		p.unexpected(construct, "a string literal")
	}
	v := p.next().Val
	for p.tok().Kind == TokString {
		v += p.next().Val
	}
	return v
}
