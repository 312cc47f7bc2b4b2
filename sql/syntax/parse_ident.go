package syntax

import "strings"

// isIdentTok reports whether t can be a name: a quoted identifier or an
// unquoted word that is not reserved.
func isIdentTok(t Token) bool {
	return t.Kind == TokQuoted || (t.Kind == TokWord && !reservedWords[t.Val])
}

// ident parses one name.
func (p *parser) ident(construct string) Ident {
	t := p.tok()
	if !isIdentTok(t) {
		p.failName(construct, t)
	}
	p.next()
	return identOf(t)
}

// failName reports a token that should have been a name, with a hint when
// it is a reserved word.
func (p *parser) failName(construct string, t Token) {
	if t.Kind == TokWord {
		p.fail(t.Pos, construct, "%s %q is a reserved word in Flink SQL; to use it as a name, quote it: `%s`",
			encountered(t, "a name"), t.Text, t.Text)
	}
	p.unexpected(construct, "a name")
}

// identText returns the identifier value of a token (unquoted words keep
// their spelling).
func identOf(t Token) Ident {
	name := t.Val
	if t.Kind == TokWord {
		name = t.Text
	}
	return Ident{node: node{t.Pos}, Name: name, Quoted: t.Kind == TokQuoted}
}

// qualifiedName parses a.b.c.
func (p *parser) qualifiedName(construct string) Name {
	n := Name{p.identSpelled(construct)}
	for p.isOp(".") && isIdentTok(p.peek(1)) {
		p.next()
		n = append(n, p.identSpelled(construct))
	}
	return n
}

// identSpelled is ident keeping the original spelling of an unquoted word.
func (p *parser) identSpelled(construct string) Ident {
	t := p.tok()
	if !isIdentTok(t) {
		p.failName(construct, t)
	}
	p.next()
	return identOf(t)
}

// identList parses a, b, c.
func (p *parser) identList(construct string) []Ident {
	ids := []Ident{p.identSpelled(construct)}
	for p.acceptOp(",") {
		ids = append(ids, p.identSpelled(construct))
	}
	return ids
}

// parenIdentList parses (a, b, c).
func (p *parser) parenIdentList(construct string) []Ident {
	p.expectOp(construct, "(")
	ids := p.identList(construct)
	p.expectOp(construct, ")")
	return ids
}

// quoteIdent renders a name so that it reads back as the same name.
func quoteIdent(s string) string {
	if s != "" && !reservedWords[strings.ToUpper(s)] && isSimpleName(s) {
		return s
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

func isSimpleName(s string) bool {
	for i, r := range s {
		switch {
		case r == '_' || r == '$' || (r < 128 && isLetter(byte(r))):
		case r < 128 && isDigit(byte(r)) && i > 0:
		default:
			return false
		}
	}
	return true
}
