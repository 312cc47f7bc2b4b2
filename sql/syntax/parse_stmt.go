package syntax

import "strings"

// script parses statements separated by ';', grouping the SQL client's
// BEGIN STATEMENT SET; ... END; into one StatementSet.
func (p *parser) script() *Script {
	s := &Script{}
	var set *StatementSet
	for {
		for p.acceptOp(";") {
		}
		t := p.tok()
		if t.Kind == TokEOF {
			if set != nil {
				p.fail(set.At, "BEGIN STATEMENT SET", "the statement set is not closed with END;")
			}
			return s
		}
		start := t.Pos.Offset
		switch {
		case p.isWords("BEGIN", "STATEMENT", "SET"):
			if set != nil {
				p.fail(t.Pos, "BEGIN STATEMENT SET", "statement sets cannot be nested")
			}
			p.next()
			p.next()
			p.next()
			set = &StatementSet{node: node{t.Pos}}
		case p.isWord("END") && set != nil:
			p.next()
			s.Stmts = append(s.Stmts, set)
			s.Texts = append(s.Texts, p.lex.src[set.At.Offset:p.prevEnd()])
			set = nil
		case set != nil:
			set.Stmts = append(set.Stmts, p.setMember())
		default:
			s.Stmts = append(s.Stmts, p.statement())
			s.Texts = append(s.Texts, strings.TrimSpace(p.lex.src[start:p.prevEnd()]))
		}
		if p.tok().Kind != TokEOF {
			p.expectStmtEnd()
		}
	}
}

// prevEnd is the offset just after the last consumed token; the raw SET
// forms consume text without tokens, so the lexer's offset counts then.
func (p *parser) prevEnd() int {
	end := p.prev.Pos.Offset + len(p.prev.Text)
	if len(p.buf) == p.head && p.lex.off > end {
		end = p.lex.off
	}
	return end
}

// expectStmtEnd requires the ';' that ends a statement.
func (p *parser) expectStmtEnd() {
	if !p.isOp(";") {
		p.unexpected("script: after a complete statement", `";"`)
	}
	p.next()
}

// setMember parses one INSERT of a statement set.
func (p *parser) setMember() Stmt {
	if !p.isWord("INSERT") {
		p.fail(p.tok().Pos, "statement set", "a statement set may only hold INSERT statements; %s", encountered(p.tok(), `"INSERT"`))
	}
	return p.insert()
}

// statement parses one statement.
func (p *parser) statement() Stmt {
	t := p.tok()
	if p.startsQuery() || p.isWord("TABLE") {
		return &QueryStmt{node: node{t.Pos}, Query: p.query()}
	}
	if t.Kind == TokWord {
		switch t.Val {
		case "INSERT":
			return p.insert()
		case "CREATE", "REPLACE":
			return p.create()
		case "DROP":
			return p.drop()
		case "ALTER":
			return p.alter()
		case "SET":
			return p.set()
		case "RESET":
			return p.reset()
		case "USE":
			return p.use()
		case "SHOW":
			return p.show()
		case "DESCRIBE", "DESC":
			p.next()
			d := &Describe{node: node{t.Pos}, Extended: p.acceptWord("EXTENDED")}
			d.Name = p.qualifiedName("DESCRIBE")
			return d
		case "EXPLAIN":
			return p.explain()
		case "EXECUTE":
			return p.executeSet()
		case "BEGIN":
			p.unexpected("BEGIN", `"STATEMENT SET"`)
		case "END":
			p.fail(t.Pos, "END", "END without BEGIN STATEMENT SET")
		case "ADD", "REMOVE":
			if p.isWordAt(1, "JAR") {
				p.next()
				p.next()
				return &Jar{node: node{t.Pos}, Remove: t.Val == "REMOVE", Path: p.stringLit(t.Val + " JAR")}
			}
		case "LOAD", "UNLOAD":
			if p.isWordAt(1, "MODULE") {
				return p.module()
			}
		}
		switch t.Val {
		case "LOAD", "UNLOAD", "ADD", "REMOVE", "TRUNCATE", "DELETE", "UPDATE", "CALL", "ANALYZE", "COMPILE", "STOP", "MERGE", "UPSERT":
			p.fail(t.Pos, t.Val+" statement", "%s statements are not supported yet", t.Val)
		}
	}
	p.unexpected("statement", `"SELECT"`, `"INSERT"`, `"CREATE"`, `"DROP"`, `"ALTER"`, `"SET"`, `"RESET"`, `"USE"`, `"SHOW"`, `"EXPLAIN"`, `"EXECUTE STATEMENT SET"`)
	return nil
}

// module parses LOAD MODULE name [WITH (...)] and UNLOAD MODULE name.
func (p *parser) module() Stmt {
	t := p.next()
	p.next()
	m := &Module{node: node{t.Pos}, Unload: t.Val == "UNLOAD", Name: p.identSpelled(t.Val + " MODULE")}
	if !m.Unload && p.acceptWord("WITH") {
		m.Options = p.properties("LOAD MODULE WITH")
	}
	return m
}

// executeSet parses EXECUTE STATEMENT SET BEGIN insert; ... END, or
// EXECUTE followed by a single INSERT or query.
func (p *parser) executeSet() Stmt {
	t := p.next()
	if !p.acceptWord("STATEMENT", "SET") {
		if p.isWord("INSERT") || p.startsQuery() {
			return p.statement()
		}
		p.unexpected("EXECUTE", `"STATEMENT SET"`, `"INSERT"`, `"SELECT"`)
	}
	p.expectWord("EXECUTE STATEMENT SET", "BEGIN")
	set := &StatementSet{node: node{t.Pos}, Execute: true}
	for !p.isWord("END") {
		set.Stmts = append(set.Stmts, p.setMember())
		p.expectOp("EXECUTE STATEMENT SET", ";")
	}
	p.next()
	return set
}

// explain parses EXPLAIN [details] [PLAN FOR] statement.
func (p *parser) explain() Stmt {
	t := p.next()
	e := &Explain{node: node{t.Pos}}
	if p.acceptWord("PLAN") {
		p.expectWord("EXPLAIN PLAN", "FOR")
		e.PlanFor = true
	} else {
		for {
			w := p.tok()
			switch w.Val {
			case "ESTIMATED_COST", "CHANGELOG_MODE", "PLAN_ADVICE", "JSON_EXECUTION_PLAN":
				if w.Kind == TokWord {
					e.Details = append(e.Details, p.next().Val)
					if p.acceptOp(",") {
						continue
					}
				}
			}
			break
		}
	}
	if p.isWord("EXECUTE") {
		e.Stmt = p.executeSet()
	} else {
		e.Stmt = p.statement()
	}
	return e
}

// set parses SET, SET 'k' = 'v', or the SQL client's SET k = v, whose key
// and value are taken as raw text (SET table.exec.state.ttl = 1 h).
func (p *parser) set() Stmt {
	t := p.next()
	s := &Set{node: node{t.Pos}}
	k := p.tok()
	if k.Kind == TokString {
		p.next()
		p.expectOp("SET", "=")
		vt := p.tok()
		s.Prop = &Property{node: node{k.Pos}, Key: k.Val, Value: p.stringLit("SET value"), ValuePos: vt.Pos}
		s.Quoted = true
		return s
	}
	if k.Kind == TokEOF || (k.Kind == TokOp && k.Val == ";") {
		return s
	}
	key, keyPos := p.rawUntil("SET", "=")
	if key == "" {
		p.fail(keyPos, "SET", "the key is missing before '='")
	}
	p.lex.advance(1) // '='
	val, valPos, quoted := p.rawValue("SET")
	s.Prop = &Property{node: node{keyPos}, Key: key, Value: val, ValuePos: valPos}
	s.QuotedValue = quoted
	return s
}

// reset parses RESET, RESET 'k' or RESET k.
func (p *parser) reset() Stmt {
	t := p.next()
	r := &Reset{node: node{t.Pos}}
	k := p.tok()
	switch {
	case k.Kind == TokString:
		v := p.stringLit("RESET")
		r.Key = &v
	case k.Kind == TokEOF || (k.Kind == TokOp && k.Val == ";"):
	default:
		key, _ := p.rawUntil("RESET", ";")
		r.Key = &key
	}
	return r
}

// rawUntil returns the raw, trimmed source text from the current token up
// to stop (not consumed) or the end of the statement, dropping lookahead.
func (p *parser) rawUntil(construct, stop string) (string, Pos) {
	start := p.tok().Pos
	p.buf, p.head = p.buf[:0], 0
	p.lex.off, p.lex.line, p.lex.col = start.Offset, start.Line, start.Col
	rest := p.lex.src[start.Offset:]
	end := strings.IndexAny(rest, stop+";")
	if end < 0 {
		end = len(rest)
	}
	if stop != ";" && (end == len(rest) || rest[end] != stop[0]) {
		p.fail(start, construct, "expected 'key' = 'value' or key = value")
	}
	text := strings.TrimSpace(rest[:end])
	p.lex.advance(end)
	return text, start
}

// rawValue reads an unquoted SET value up to ';', the line's end or EOF,
// or a quoted string.
func (p *parser) rawValue(construct string) (string, Pos, bool) {
	if err := p.lex.skipSpace(); err != nil {
		panic(bailout{err})
	}
	start := p.lex.pos()
	rest := p.lex.src[start.Offset:]
	if strings.HasPrefix(rest, "'") {
		return p.stringLit(construct + " value"), start, true
	}
	end := strings.IndexAny(rest, ";\n")
	if end < 0 {
		end = len(rest)
	}
	text := strings.TrimSpace(rest[:end])
	if text == "" {
		p.fail(start, construct, "the value is missing after '='")
	}
	p.lex.advance(end)
	return text, start, false
}
