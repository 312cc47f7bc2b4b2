package syntax

// Binding powers, Calcite's operator precedences (SqlStdOperatorTable).
const (
	precOr      = 22
	precAnd     = 24
	precNot     = 26
	precIs      = 28
	precCompare = 30
	precLike    = 32 // also BETWEEN, IN, SIMILAR TO
	precAdd     = 40
	precMul     = 60 // also / % ||
	precUnary   = 80
)

var compareOps = map[string]bool{"=": true, "<>": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true}

// expr parses a full expression; construct names the enclosing clause for errors.
func (p *parser) expr(construct string) Expr { return p.exprPrec(construct, 0) }

// exprPrec parses an expression whose operators bind tighter than minPrec,
// by precedence climbing: linear in the input, recursive only in nesting.
func (p *parser) exprPrec(construct string, minPrec int) Expr {
	p.enter(construct)
	defer p.leave()
	left := p.prefix(construct)
	for {
		prec := p.infixPrec()
		if prec <= minPrec {
			return left
		}
		left = p.infix(construct, left, prec)
	}
}

// infixPrec is the binding power of the operator at the current token, or 0.
func (p *parser) infixPrec() int {
	t := p.tok()
	switch t.Kind {
	case TokOp:
		switch t.Val {
		case "+", "-":
			return precAdd
		case "*", "/", "%", "||":
			return precMul
		case "::", "->":
			return precUnary // rejected in infix, with a hint
		}
		if compareOps[t.Val] {
			return precCompare
		}
	case TokWord:
		switch t.Val {
		case "OR":
			return precOr
		case "AND":
			return precAnd
		case "IS":
			if p.isWordAt(1, "DISTINCT") || (p.isWordAt(1, "NOT") && p.isWordAt(2, "DISTINCT")) {
				return precCompare
			}
			return precIs
		case "BETWEEN", "LIKE", "SIMILAR", "IN":
			return precLike
		case "NOT":
			switch p.peek(1).Val {
			case "BETWEEN", "LIKE", "SIMILAR", "IN":
				if p.peek(1).Kind == TokWord {
					return precLike
				}
			}
		}
	}
	return 0
}

// infix parses the operator at the current token applied to left.
func (p *parser) infix(construct string, left Expr, prec int) Expr {
	t := p.next()
	at := node{left.Position()}
	switch t.Val {
	case "::":
		p.fail(t.Pos, construct, "'::' casts are not Flink SQL; write CAST(x AS type)")
	case "->":
		p.fail(t.Pos, construct, "'->' is not an operator in Flink SQL; use JSON_VALUE(x, '$.path') or x['key'] / x.field")
	case "IS":
		return p.isTail(construct, left)
	case "BETWEEN", "LIKE", "SIMILAR", "IN":
		return p.predicateTail(construct, left, t, false)
	case "NOT":
		return p.predicateTail(construct, left, p.next(), true)
	}
	if compareOps[t.Val] && p.tok().Kind == TokWord {
		switch p.tok().Val {
		case "SOME", "ANY", "ALL":
			q := p.next().Val
			p.expectOp(q+" subquery", "(")
			query := p.query()
			p.expectOp(q+" subquery", ")")
			return &Quantified{node: at, X: left, Op: t.Val, Quantifier: q, Query: query}
		}
	}
	right := p.exprPrec(construct, prec)
	return &Binary{node: at, Op: t.Val, L: left, R: right}
}

// isTail parses what follows IS.
func (p *parser) isTail(construct string, left Expr) Expr {
	at := node{left.Position()}
	not := p.acceptWord("NOT")
	t := p.tok()
	switch {
	case t.Kind == TokWord && (t.Val == "NULL" || t.Val == "TRUE" || t.Val == "FALSE" || t.Val == "UNKNOWN"):
		p.next()
		return &Is{node: at, X: left, Not: not, What: t.Val}
	case p.isWord("DISTINCT"):
		p.next()
		p.expectWord("IS DISTINCT FROM", "FROM")
		op := "IS DISTINCT FROM"
		if not {
			op = "IS NOT DISTINCT FROM"
		}
		return &Binary{node: at, Op: op, L: left, R: p.exprPrec(construct, precCompare)}
	case p.isWord("JSON"):
		p.next()
		kind := ""
		for _, k := range []string{"VALUE", "SCALAR", "ARRAY", "OBJECT"} {
			if p.acceptWord(k) {
				kind = k
			}
		}
		return &Is{node: at, X: left, Not: not, What: "JSON", JSONKind: kind}
	}
	p.unexpected("IS predicate", `"NULL"`, `"TRUE"`, `"FALSE"`, `"UNKNOWN"`, `"DISTINCT FROM"`, `"JSON"`)
	return nil
}

// predicateTail parses BETWEEN, LIKE, SIMILAR TO and IN after their keyword.
func (p *parser) predicateTail(construct string, left Expr, kw Token, not bool) Expr {
	at := node{left.Position()}
	switch kw.Val {
	case "BETWEEN":
		b := &Between{node: at, X: left, Not: not}
		if p.isWord("ASYMMETRIC") || p.isWord("SYMMETRIC") {
			b.Symmetry = p.next().Val
		}
		b.Lo = p.exprPrec("BETWEEN", precLike)
		p.expectWord("BETWEEN", "AND")
		b.Hi = p.exprPrec("BETWEEN", precLike)
		return b
	case "LIKE", "SIMILAR":
		l := &Like{node: at, Op: "LIKE", X: left, Not: not}
		if kw.Val == "SIMILAR" {
			p.expectWord("SIMILAR TO", "TO")
			l.Op = "SIMILAR TO"
		}
		l.Pattern = p.exprPrec(l.Op, precLike)
		if p.acceptWord("ESCAPE") {
			l.Escape = p.exprPrec(l.Op, precLike)
		}
		return l
	}
	in := &In{node: at, X: left, Not: not}
	p.expectOp("IN list", "(")
	if p.startsQuery() {
		in.Query = p.query()
	} else {
		in.List = p.exprList("IN list")
	}
	p.expectOp("IN list", ")")
	return in
}

// exprList parses e1, e2, ...
func (p *parser) exprList(construct string) []Expr {
	list := []Expr{p.expr(construct)}
	for p.acceptOp(",") {
		list = append(list, p.expr(construct))
	}
	return list
}

// startsQuery reports whether the current token starts a query.
func (p *parser) startsQuery() bool {
	t := p.tok()
	if t.Kind == TokWord && (t.Val == "SELECT" || t.Val == "WITH" || t.Val == "VALUES") {
		return true
	}
	// ((SELECT ...) UNION ...) and ((SELECT ...)): a parenthesised query.
	if t.Kind == TokOp && t.Val == "(" {
		// The scan is bounded by the depth limit, which deeper input hits anyway,
		// so that nested parentheses stay linear.
		for i := 1; i <= p.maxDepth-p.depth+1; i++ {
			u := p.peek(i)
			if u.Kind == TokOp && u.Val == "(" {
				continue
			}
			return u.Kind == TokWord && (u.Val == "SELECT" || u.Val == "WITH" || u.Val == "VALUES")
		}
	}
	return false
}
