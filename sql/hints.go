package sql

// parseHint reads the hints of one /*+ ... */ comment: a comma-separated
// list of NAME or NAME(args), where args are all 'key' = 'value' pairs
// (Options) or all plain values (Args). table is the table the hint
// follows, "" for a query hint.
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
	h := Hint{Name: name.text, Table: table, Pos: p.pos(name)}
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
			value, err := p.hintValue()
			if err != nil {
				return Hint{}, err
			}
			if h.Options == nil {
				h.Options = map[string]string{}
			}
			if _, dup := h.Options[key]; dup {
				return Hint{}, p.errorAt(keyTok, "hint %s sets '%s' twice", h.Name, key)
			}
			h.Options[key] = value
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
