package syntax

const mr = "MATCH_RECOGNIZE"

// matchRecognize parses input MATCH_RECOGNIZE ( ... ).
func (p *parser) matchRecognize(input TableRef) TableRef {
	p.next()
	m := &MatchRecognize{node: node{input.Position()}, Input: input}
	p.expectOp(mr, "(")
	if p.acceptWord("PARTITION") {
		p.expectWord(mr+" PARTITION BY", "BY")
		m.PartitionBy = p.exprList(mr + " PARTITION BY")
	}
	if p.acceptWord("ORDER") {
		p.expectWord(mr+" ORDER BY", "BY")
		m.OrderBy = p.orderList(mr + " ORDER BY")
	}
	if p.acceptWord("MEASURES") {
		m.Measures = p.measureList()
	}
	switch {
	case p.acceptWord("ONE", "ROW", "PER", "MATCH"):
		m.RowsPerMatch = "ONE ROW PER MATCH"
	case p.acceptWord("ALL", "ROWS", "PER", "MATCH"):
		m.RowsPerMatch = "ALL ROWS PER MATCH"
	}
	if p.acceptWord("AFTER") {
		p.afterMatch(m)
	}
	p.expectWord(mr, "PATTERN")
	p.expectOp(mr+" PATTERN", "(")
	m.StartAnchor = p.acceptOp("^")
	m.Pattern = p.patternAlt()
	m.EndAnchor = p.acceptOp("$")
	p.expectOp(mr+" PATTERN", ")")
	if p.acceptWord("WITHIN") {
		m.Within = p.expr(mr + " WITHIN")
	}
	if p.acceptWord("SUBSET") {
		for {
			name := p.ident(mr + " SUBSET")
			p.expectOp(mr+" SUBSET", "=")
			m.Subsets = append(m.Subsets, Subset{node: node{name.At}, Name: name, Vars: p.parenIdentList(mr + " SUBSET")})
			if !p.acceptOp(",") {
				break
			}
		}
	}
	p.expectWord(mr, "DEFINE")
	for {
		name := p.identSpelled(mr + " DEFINE")
		p.expectWord(mr+" DEFINE", "AS")
		cond := p.expr(mr + " DEFINE")
		m.Defines = append(m.Defines, SelectItem{node: node{name.At}, Expr: cond, Alias: &name})
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(mr, ")")
	return m
}

// measureList parses [FINAL|RUNNING] expr AS name, ...
func (p *parser) measureList() []SelectItem {
	var items []SelectItem
	for {
		t := p.tok()
		var e Expr
		if (p.isWord("FINAL") || p.isWord("RUNNING")) && !p.isOpAt(1, "(") && !p.isOpAt(1, ",") && !p.isWordAt(1, "AS") {
			e = &Unary{node: node{t.Pos}, Op: p.next().Val, X: p.expr(mr + " MEASURES")}
		} else {
			e = p.expr(mr + " MEASURES")
		}
		p.expectWord(mr+" MEASURES", "AS")
		alias := p.identSpelled(mr + " MEASURES")
		items = append(items, SelectItem{node: node{t.Pos}, Expr: e, Alias: &alias})
		if !p.acceptOp(",") {
			return items
		}
	}
}

// afterMatch parses AFTER MATCH SKIP ... (after AFTER).
func (p *parser) afterMatch(m *MatchRecognize) {
	p.expectWord(mr+" AFTER MATCH", "MATCH", "SKIP")
	switch {
	case p.acceptWord("PAST", "LAST", "ROW"):
		m.AfterMatch = "SKIP PAST LAST ROW"
	case p.acceptWord("TO", "NEXT", "ROW"):
		m.AfterMatch = "SKIP TO NEXT ROW"
	case p.acceptWord("TO", "FIRST"):
		m.AfterMatch = "SKIP TO FIRST"
	case p.acceptWord("TO", "LAST"):
		m.AfterMatch = "SKIP TO LAST"
	case p.acceptWord("TO"):
		m.AfterMatch = "SKIP TO"
	default:
		p.unexpected(mr+" AFTER MATCH SKIP", `"PAST LAST ROW"`, `"TO NEXT ROW"`, `"TO FIRST"`, `"TO LAST"`, `"TO"`)
	}
	if m.AfterMatch != "SKIP PAST LAST ROW" && m.AfterMatch != "SKIP TO NEXT ROW" {
		v := p.ident(mr + " AFTER MATCH SKIP")
		m.AfterVar = &v
	}
}

// patternAlt parses a | b | c.
func (p *parser) patternAlt() PatternTerm {
	p.enter(mr + " PATTERN")
	defer p.leave()
	first := p.patternSeq()
	if !p.isOp("|") {
		return first
	}
	alt := &PatternAlt{node: node{first.Position()}, Items: []PatternTerm{first}}
	for p.acceptOp("|") {
		alt.Items = append(alt.Items, p.patternSeq())
	}
	return alt
}

// patternSeq parses a sequence of quantified pattern primaries.
func (p *parser) patternSeq() PatternTerm {
	var items []PatternTerm
	for {
		t := p.tok()
		if !(isIdentTok(t) || (t.Kind == TokOp && (t.Val == "(" || t.Val == "{")) || p.isWord("PERMUTE")) {
			break
		}
		items = append(items, p.patternQuant(p.patternPrimary()))
	}
	if len(items) == 0 {
		p.unexpected(mr+" PATTERN", "a pattern variable", `"("`)
	}
	if len(items) == 1 {
		return items[0]
	}
	return &PatternSeq{node: node{items[0].Position()}, Items: items}
}

func (p *parser) patternPrimary() PatternTerm {
	t := p.tok()
	at := node{t.Pos}
	switch {
	case p.isWord("PERMUTE"):
		p.next()
		p.expectOp(mr+" PERMUTE", "(")
		g := &PatternGroup{node: at}
		for {
			g.Permute = append(g.Permute, p.patternAlt())
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(mr+" PERMUTE", ")")
		return g
	case p.isOp("("):
		p.next()
		g := &PatternGroup{node: at, Inner: p.patternAlt()}
		p.expectOp(mr+" PATTERN", ")")
		return g
	case p.isOp("{"):
		p.next()
		p.expectOp(mr+" PATTERN {- -}", "-")
		g := &PatternGroup{node: at, Exclude: true, Inner: p.patternAlt()}
		p.expectOp(mr+" PATTERN {- -}", "-")
		p.expectOp(mr+" PATTERN {- -}", "}")
		return g
	}
	return &PatternVar{node: at, Name: p.identSpelled(mr + " PATTERN")}
}

// patternQuant parses an optional quantifier: * + ? {n} {n,} {n,m} {,m}, then ? for reluctant.
func (p *parser) patternQuant(term PatternTerm) PatternTerm {
	t := p.tok()
	q := &PatternQuant{node: node{term.Position()}, Term: term}
	switch {
	case p.isOp("*"):
		q.Min, q.Max, q.Op = 0, -1, "*"
	case p.isOp("+"):
		q.Min, q.Max, q.Op = 1, -1, "+"
	case t.Kind == TokParam:
		q.Min, q.Max, q.Op = 0, 1, "?"
	case p.isOp("{") && !p.isOpAt(1, "-"):
		p.next()
		q.Op, q.Min, q.Max = "{}", 0, -1
		if !p.isOp(",") {
			q.Min = *p.intLit(mr + " quantifier")
			q.Max = q.Min
		}
		if p.acceptOp(",") {
			q.Max = -1
			if !p.isOp("}") {
				q.Max = *p.intLit(mr + " quantifier")
			}
		}
		if !p.isOp("}") {
			p.unexpected(mr+" quantifier", `"}"`)
		}
	default:
		return term
	}
	p.next()
	if p.tok().Kind == TokParam {
		p.next()
		q.Reluctant = true
	}
	return q
}
