package sql

import (
	"fmt"
	"strings"
)

// parser is a cursor over the significant tokens of one statement (or of
// the part of it still to parse).
type parser struct {
	src *Source
	raw rawStatement
	i   int // index into raw.toks of the next token
}

func newParser(src *Source, raw rawStatement) *parser {
	return &parser{src: src, raw: raw}
}

// endToken stands for the end of the statement (its ';' or the end of file).
const endToken = "end of statement"

func (p *parser) atEnd() bool { return p.i >= len(p.raw.toks) }

// peekAt returns the token n ahead of the cursor; past the end it returns
// an empty token at the end of the statement.
func (p *parser) peekAt(n int) (token, bool) {
	if p.i+n < len(p.raw.toks) {
		return p.raw.toks[p.i+n], true
	}
	return token{kind: tokPunct, start: p.raw.end, end: p.raw.end}, false
}

func (p *parser) peek() token { t, _ := p.peekAt(0); return t }

func (p *parser) next() token {
	t := p.peek()
	if !p.atEnd() {
		p.i++
	}
	return t
}

// at reports whether the next tokens are the keywords (or punctuation) kws.
func (p *parser) at(kws ...string) bool {
	for n, kw := range kws {
		t, ok := p.peekAt(n)
		if !ok || !t.is(kw) {
			return false
		}
	}
	return true
}

// accept consumes kws if the next tokens are kws.
func (p *parser) accept(kws ...string) bool {
	if !p.at(kws...) {
		return false
	}
	p.i += len(kws)
	return true
}

// expect consumes the keywords (or punctuation) kws, one by one.
func (p *parser) expect(kws ...string) error {
	for _, kw := range kws {
		if !p.accept(kw) {
			return p.unexpected(`"` + kw + `"`)
		}
	}
	return nil
}

// expectEnd fails unless the statement has no more tokens.
func (p *parser) expectEnd() error {
	if !p.atEnd() {
		return p.unexpected("the end of the statement (;)")
	}
	return nil
}

func (p *parser) pos(t token) Pos { return p.src.Pos(t.start) }

// errorAt reports an error at token t; if t comes from a placeholder's
// value, the message says which placeholder and value.
func (p *parser) errorAt(t token, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if ph, ok := p.src.placeholderAt(t.start); ok {
		msg += "; at placeholder " + ph
	}
	return &Error{Pos: p.pos(t), Msg: msg}
}

// unexpected reports the next token, Calcite-style, with what was expected.
func (p *parser) unexpected(expected string) *Error {
	t, ok := p.peekAt(0)
	found := endToken
	if ok {
		found = t.describe()
	}
	return p.errorAt(t, "Encountered %s; expected %s", found, expected)
}

// ident reads a bare or `quoted` identifier; what names it in errors.
func (p *parser) ident(what string) (Ident, error) {
	t := p.peek()
	if !t.isIdent() {
		return Ident{}, p.unexpected(what)
	}
	p.next()
	if t.kind == tokQuotedIdent && t.value == "" {
		return Ident{}, p.errorAt(t, "empty quoted identifier: %s must not be ``", what)
	}
	return Ident{Name: t.value, Pos: p.pos(t)}, nil
}

// identList reads "(a, b, ...)".
func (p *parser) identList(what string) ([]Ident, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var out []Ident
	for {
		id, err := p.ident(what)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
		if !p.accept(",") {
			break
		}
	}
	return out, p.expect(")")
}

// qualifiedName reads name or catalog.db.name; it returns the dotted form
// and the last part.
func (p *parser) qualifiedName(what string) (string, Ident, error) {
	var parts []string
	var last Ident
	for {
		id, err := p.ident(what)
		if err != nil {
			return "", Ident{}, err
		}
		if len(parts) == 0 {
			last.Pos = id.Pos // a name's position is where it starts
		}
		parts = append(parts, id.Name)
		last.Name = id.Name
		if !p.accept(".") {
			break
		}
	}
	return strings.Join(parts, "."), last, nil
}

// stringLiteral reads a 'string literal'; what names it in errors.
func (p *parser) stringLiteral(what string) (string, Pos, error) {
	t := p.peek()
	if t.kind != tokString {
		return "", Pos{}, p.unexpected(what + " (a string literal in single quotes)")
	}
	p.next()
	return t.value, p.pos(t), nil
}

// expressionText skips an expression up to a ',' or ')' at nesting depth 0,
// or a stop keyword at depth 0, and returns its text and position.
func (p *parser) expressionText(what string, stops ...string) (string, Pos, error) {
	first, startIdx := p.peek(), p.i
	depth := 0
	for !p.atEnd() {
		t := p.peek()
		if depth == 0 && (t.is(",") || t.is(")") || t.kind == tokWord && isAnyOf(t, stops)) {
			break
		}
		switch {
		case t.is("("):
			depth++
		case t.is(")"):
			depth--
		}
		p.next()
	}
	if p.i == startIdx {
		return "", Pos{}, p.unexpected(what)
	}
	last := p.raw.toks[p.i-1]
	return p.src.Text[first.start:last.end], p.pos(first), nil
}

func isAnyOf(t token, kws []string) bool {
	for _, kw := range kws {
		if t.is(kw) {
			return true
		}
	}
	return false
}
