package sql

import "strings"

// locator finds identifiers in a query's tokens, because sqlparser's AST
// has no positions and the planner wants to point at what the user wrote.
type locator struct {
	src      *Source
	toks     []token // the query's tokens: no comments, no hints
	fallback Pos
}

// locate returns the position of the first occurrence of the identifier
// sequence parts (written a.b or `a`.`b`), matching case-sensitively first
// and then case-insensitively; a part "*" matches the * of t.*. Without a
// match it returns the fallback (the query's position).
func (l locator) locate(parts ...string) Pos {
	if len(parts) == 0 || l.src == nil {
		return l.fallback
	}
	for _, fold := range []bool{false, true} {
		for i := range l.toks {
			if l.matchesAt(i, parts, fold) {
				return l.src.Pos(l.toks[i].start)
			}
		}
	}
	return l.fallback
}

// matchesAt reports whether parts, joined by dots, start at token i.
func (l locator) matchesAt(i int, parts []string, fold bool) bool {
	for n, part := range parts {
		j := i + 2*n
		if j >= len(l.toks) || !partMatches(l.toks[j], part, fold) {
			return false
		}
		if n > 0 && !l.toks[j-1].is(".") {
			return false
		}
	}
	return true
}

func partMatches(t token, part string, fold bool) bool {
	switch {
	case t.isIdent():
		if fold {
			return strings.EqualFold(t.value, part)
		}
		return t.value == part
	case t.kind == tokPunct:
		return part == "*" && t.text == "*"
	}
	return false
}
