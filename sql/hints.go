package sql

// parseHint reads the hints of one /*+ ... */ comment: a comma-separated
// list of NAME or NAME(args), where args are all 'key' = 'value' pairs
// (Options) or all plain values (Args). table is the table the hint
// follows, "" when placeHints decides it later; Nth is -1 until then.
func parseHint(src *Source, comment token, table string) ([]Hint, error) {
	const open, closing = len("/*+"), len("*/")
	base := comment.start + open
	inner := comment.text[open : len(comment.text)-closing]
	toks, lerr := lex(inner)
	if lerr != nil {
		return nil, &Error{Pos: src.Pos(base + lerr.offset), Msg: "in hint: " + lerr.msg}
	}
	raw := rawStatement{end: base + len(inner)}
	for _, t := range toks {
		if t.kind == tokComment {
			continue
		}
		t.start += base
		t.end += base
		raw.toks = append(raw.toks, t)
	}
	p := newParser(src, raw)
	var hints []Hint
	for !p.atEnd() {
		h, err := p.hintItem(table)
		if err != nil {
			return nil, err
		}
		hints = append(hints, h)
		if !p.atEnd() {
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
	}
	return hints, nil
}

// hintItem reads NAME [(args)].
func (p *parser) hintItem(table string) (Hint, error) {
	name := p.peek()
	if name.kind != tokWord {
		return Hint{}, p.unexpected("a hint name")
	}
	p.next()
	h := Hint{Name: name.text, Table: table, Pos: p.pos(name), Nth: -1}
	if !p.accept("(") {
		return h, nil
	}
	if p.accept(")") {
		return h, nil
	}
	for {
		key, err := p.hintValue()
		if err != nil {
			return Hint{}, err
		}
		keyTok := p.raw.toks[p.i-1]
		isPair := p.accept("=")
		if (isPair && h.Args != nil) || (!isPair && h.Options != nil) {
			return Hint{}, p.errorAt(keyTok, "hint %s mixes 'key' = 'value' options with plain arguments", h.Name)
		}
		if isPair {
			// Calcite's grammar: the key is an identifier or a string, the
			// value a string ('t' = 1 fails to parse in Flink too).
			if keyTok.kind == tokNumber {
				return Hint{}, p.errorAt(keyTok, "Encountered %s; expected an identifier or a string literal as a hint option key", keyTok.describe())
			}
			value := p.peek()
			if value.kind != tokString {
				return Hint{}, p.unexpected("a string literal as the value of hint option '" + key + "'")
			}
			p.next()
			if h.Options == nil {
				h.Options = map[string]string{}
			}
			// A key given twice keeps its last value, as in Flink.
			h.Options[key] = value.value
		} else {
			h.Args = append(h.Args, key)
		}
		if p.accept(",") {
			continue
		}
		if !p.accept(")") {
			return Hint{}, p.unexpected(`"," or ")"`)
		}
		return h, nil
	}
}

// hintValue reads one hint argument: a literal, identifier or number.
func (p *parser) hintValue() (string, error) {
	t := p.peek()
	switch t.kind {
	case tokString, tokWord, tokQuotedIdent, tokNumber:
		p.next()
		return t.value, nil
	}
	return "", p.unexpected("a hint argument")
}

// placeHints decides what each hint of a query is attached to, from the
// token it follows: SELECT makes a query hint, a table name in a FROM clause
// a table hint (Hint.Table); anywhere else Flink's parser rejects the hint.
// toks are the query's significant tokens and after[i] the index in toks of
// the token hints[i] follows (-1: none). Hint.Nth counts the SELECTs or the
// table names before it, in text order.
func placeHints(toks []token, hints []Hint, after []int) error {
	if len(hints) == 0 {
		return nil
	}
	refs := tableRefs(toks)
	for i := range hints {
		a := after[i]
		switch n, isRef := refs[a]; {
		case a >= 0 && toks[a].is("SELECT"):
			hints[i].Nth = 0
			for _, t := range toks[:a] {
				if t.is("SELECT") {
					hints[i].Nth++
				}
			}
		case a >= 0 && isRef:
			hints[i].Table, hints[i].Nth = toks[a].value, n
		default:
			return &Error{Pos: hints[i].Pos, Msg: `SQL parse failed. Encountered "/*+": a hint goes right after SELECT (a query hint) or right after a table name in FROM, before its alias (a table hint)`}
		}
	}
	return nil
}

// tableRefs finds the tokens that name a table or view in a FROM clause
// (the last part of a qualified name) and numbers them in text order. It
// follows the nesting of parentheses: a sub-query or a parenthesized join in
// FROM opens a new query level, a function call's arguments do not (so the
// FROM of EXTRACT(YEAR FROM ts) is not a FROM clause).
func tableRefs(toks []token) map[int]int {
	type level struct{ query, from, expect bool }
	stack := []level{{query: true}}
	refs := map[int]int{}
	for i, t := range toks {
		top := &stack[len(stack)-1]
		switch {
		case t.is("("):
			inner := level{}
			if top.expect {
				inner = level{query: true, from: true, expect: true}
				top.expect = false
			}
			stack = append(stack, inner)
		case t.is(")"):
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case t.is("SELECT"):
			*top = level{query: true}
		case !top.query:
		case t.is("FROM"):
			top.from, top.expect = true, true
		case t.is("JOIN"), t.is(","):
			top.expect = top.from
		case t.is("WHERE"), t.is("GROUP"), t.is("HAVING"), t.is("ORDER"), t.is("LIMIT"), t.is("WINDOW"),
			t.is("UNION"), t.is("INTERSECT"), t.is("EXCEPT"), t.is("MINUS"):
			top.from, top.expect = false, false
		case top.expect && t.isIdent():
			if i+1 < len(toks) && toks[i+1].is(".") {
				continue // a qualifier: the name is the last part
			}
			refs[i] = len(refs)
			top.expect = false
		case top.expect && !t.is("."):
			top.expect = false // LATERAL, UNNEST, TABLE(...): not a table name
		}
	}
	return refs
}
