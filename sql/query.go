package sql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"
)

// parsedQuery is a SELECT parsed by sqlparser, with what sqlparser cannot
// keep: the hints, and the tokens to locate identifiers.
type parsedQuery struct {
	stmt    sqlparser.SelectStatement
	text    string
	pos     Pos
	hints   []Hint
	locator locator
}

// mysqlOnlyTokens are tokens sqlparser would accept with a MySQL meaning
// that Flink SQL does not have; a query containing one is rejected rather
// than silently read differently.
func mysqlOnlyToken(t token) (msg string, bad bool) {
	switch t.text {
	case "||":
		return "the || operator is not supported by Sluice yet (MySQL reads it as OR): use CONCAT(a, b)", true
	case "&&", "#", "?", "@", ":", "::", "->", "<=>", "\\":
		return fmt.Sprintf("Encountered %s: not valid Flink SQL", t.describe()), true
	}
	return "", false
}

// query parses the rest of the statement as a query.
func (p *parser) query() (*parsedQuery, error) {
	first := p.peek()
	switch {
	case first.is("SELECT"), first.is("("):
	case first.is("WITH"):
		return nil, p.errorAt(first, "WITH (common table expressions) is not supported by Sluice yet: use CREATE TEMPORARY VIEW")
	case first.is("VALUES"):
		return nil, p.errorAt(first, "VALUES is not supported by Sluice yet: use INSERT INTO ... SELECT")
	default:
		return nil, p.unexpected(`a query ("SELECT")`)
	}
	start, end := first.start, p.raw.end
	q := &parsedQuery{text: p.src.Text[start:end], pos: p.pos(first)}
	q.locator = locator{src: p.src, fallback: q.pos}

	// sqlText is what sqlparser reads: the query with comments and hints
	// blanked out (offsets kept) and backslashes in literals doubled (so
	// that MySQL's escapes read them as Flink does: as backslashes).
	sqlText := []byte(q.text)
	var doubled []int   // offsets in q.text of the backslashes that were doubled
	var prev token      // the previous significant token, to reject "//"
	var hintAfter []int // for each hint, the index in q.locator.toks of the token it follows
	afterHint := false  // the previous significant token was a hint
	for _, t := range p.raw.all {
		if t.start < start || t.start >= end {
			continue // before the query, or a comment after its last token
		}
		from, to := t.start-start, t.end-start
		switch t.kind {
		case tokComment:
			blank(sqlText[from:to])
			continue
		case tokHint:
			if afterHint {
				return nil, p.errorAt(t, `SQL parse failed. Encountered "/*+": one place takes one hint comment; list the hints in it: /*+ A(...), B(...) */`)
			}
			hs, err := parseHint(p.src, t, "")
			if err != nil {
				return nil, err
			}
			for range hs {
				hintAfter = append(hintAfter, len(q.locator.toks)-1)
			}
			q.hints = append(q.hints, hs...)
			blank(sqlText[from:to])
			afterHint = true
			continue
		case tokDoubleQuoted:
			return nil, p.errorAt(t, "Encountered %s: Flink SQL writes string literals in single quotes ('text') and quoted identifiers in backticks (`name`)", t.describe())
		case tokString:
			for i := from; i < to; i++ {
				if q.text[i] == '\\' {
					doubled = append(doubled, i)
				}
			}
		case tokPunct:
			if msg, bad := mysqlOnlyToken(t); bad {
				return nil, p.errorAt(t, "%s", msg)
			}
			if t.text == "/" && prev.text == "/" && prev.end == t.start {
				return nil, p.errorAt(prev, `Encountered "//": not valid Flink SQL`)
			}
		}
		q.locator.toks = append(q.locator.toks, t)
		prev = t
		afterHint = false
	}
	if err := placeHints(q.locator.toks, q.hints, hintAfter); err != nil {
		return nil, err
	}

	unwrapParens(sqlText, q.locator.toks, start)

	m := sqlTextMapping{doubled: doubled}
	stmt, err := parseSelect(m.build(sqlText))
	if err != nil {
		return nil, p.sqlparserError(err, start, m)
	}
	if exprDepth(stmt, MaxExprDepth) > MaxExprDepth {
		return nil, p.errorAt(first, "the query nests expressions more than %d levels deep; Sluice refuses deeper nesting (write long conditions as a flat chain: a OR b OR c …, or IN (…))", MaxExprDepth)
	}
	q.stmt = stmt
	p.i = len(p.raw.toks)
	return q, nil
}

// unwrapParens blanks the parentheses around a query that is entirely
// parenthesized, "(SELECT ...)", which Flink accepts and sqlparser only
// accepts inside a UNION. toks are the query's tokens, start its offset.
// The parentheses are matched once, so that any nesting costs linear time.
func unwrapParens(sqlText []byte, toks []token, start int) {
	closes := make(map[int]int) // index of a "(" -> index of its ")"
	var open []int
	for i, t := range toks {
		switch {
		case t.is("("):
			open = append(open, i)
		case t.is(")") && len(open) > 0:
			closes[open[len(open)-1]] = i
			open = open[:len(open)-1]
		}
	}
	// toks[lo] must close at toks[hi], not before: "(a) UNION (b)" stays.
	for lo, hi := 0, len(toks)-1; lo < hi && toks[lo].is("(") && closes[lo] == hi; lo, hi = lo+1, hi-1 {
		sqlText[toks[lo].start-start] = ' '
		sqlText[toks[hi].start-start] = ' '
	}
}

// blank replaces bytes with spaces, keeping newlines so that line numbers
// in sqlparser's view stay the same.
func blank(b []byte) {
	for i := range b {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

// sqlTextMapping maps offsets of the text handed to sqlparser back to the
// query text: the only difference is the doubled backslashes.
type sqlTextMapping struct {
	doubled []int // ascending offsets in the query text
}

// build returns text with each backslash at a doubled offset written twice,
// plus a trailing space, so that sqlparser's error positions always point
// just past the token it failed on (see sqlparserError).
func (m sqlTextMapping) build(text []byte) string {
	var b strings.Builder
	b.Grow(len(text) + len(m.doubled) + 1)
	prev := 0
	for _, off := range m.doubled {
		b.Write(text[prev:off])
		b.WriteByte('\\')
		prev = off
	}
	b.Write(text[prev:])
	b.WriteByte(' ')
	return b.String()
}

// queryOffset maps an offset of the built text to the query text.
func (m sqlTextMapping) queryOffset(off int) int {
	shift := 0
	for _, d := range m.doubled {
		// The copy of the backslash at d sits at d+shift in the built text.
		if d+shift >= off {
			break
		}
		shift++
	}
	return off - shift
}

// parseSelect runs sqlparser on "select ..." text. sqlparser's plain Parse
// silently drops what it cannot read, hence ParseStrictDDL; and since no
// input must make Sluice panic, a panic inside it becomes an error.
func parseSelect(text string) (stmt sqlparser.SelectStatement, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sqlparser panicked: %v", r)
		}
	}()
	parsed, err := sqlparser.ParseStrictDDL(text)
	if err != nil {
		return nil, err
	}
	sel, ok := parsed.(sqlparser.SelectStatement)
	if !ok {
		return nil, fmt.Errorf("not a query: %T", parsed)
	}
	return sel, nil
}

// sqlparserError turns sqlparser's "syntax error at position N near 'x'"
// into an Error at the token it failed on. N counts the bytes sqlparser
// read, including one byte of lookahead past the failing token, so the
// token's last byte is at N-2; reading past the trailing space added by
// sqlTextMapping.build means it failed at the end of the query.
func (p *parser) sqlparserError(err error, queryStart int, m sqlTextMapping) *Error {
	msg := err.Error()
	if strings.HasPrefix(msg, "max nesting level reached") {
		// sqlparser stops at 200 nested parentheses (its grammar recurses).
		return &Error{Pos: p.src.Pos(queryStart), Msg: "SQL parse failed: parentheses nested more than 200 deep: Sluice's query parser cannot read the query", Err: err}
	}
	at := strings.LastIndex(msg, "at position ")
	if at < 0 {
		return &Error{Pos: p.src.Pos(queryStart), Msg: "SQL parse failed: " + msg, Err: err}
	}
	digits := msg[at+len("at position "):]
	if sp := strings.IndexByte(digits, ' '); sp >= 0 {
		digits = digits[:sp]
	}
	n, convErr := strconv.Atoi(digits)
	queryLen := p.raw.end - queryStart
	builtLen := queryLen + len(m.doubled) + 1
	if convErr != nil || n-1 >= builtLen {
		return &Error{
			Pos: p.src.Pos(p.raw.end),
			Msg: "SQL parse failed: Encountered end of statement; the query is incomplete",
			Err: err,
		}
	}
	off := queryStart + m.queryOffset(max(n-2, 0))
	failed := token{start: off}
	found := "SQL parse failed"
	for _, t := range p.raw.toks {
		if t.start <= off && off < t.end {
			failed, found = t, "SQL parse failed: Encountered "+t.describe()
			break
		}
	}
	e := p.errorAt(failed, "%s; Sluice's query parser cannot read the query from here (it does not support every Flink SQL construct yet)", found)
	e.Err = err
	return e
}
