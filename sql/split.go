package sql

// rawStatement is the text of one statement between semicolons.
type rawStatement struct {
	// all holds every token, comments included (queries blank comments
	// out themselves and need the hints).
	all []token
	// toks holds the tokens that matter to the grammar: no plain comments.
	toks []token
	// start and end are the byte offsets of the first and after the last
	// significant token; end is where "end of statement" errors point.
	start, end int
}

// splitStatements groups tokens into statements at each ';'. Literals and
// comments are single tokens, so a ';' inside them never splits. Statements
// with nothing but comments are dropped.
func splitStatements(toks []token) []rawStatement {
	var out []rawStatement
	var cur rawStatement
	flush := func() {
		if len(cur.toks) > 0 {
			cur.start = cur.toks[0].start
			cur.end = cur.toks[len(cur.toks)-1].end
			out = append(out, cur)
		}
		cur = rawStatement{}
	}
	for _, t := range toks {
		if t.kind == tokPunct && t.text == ";" {
			flush()
			continue
		}
		cur.all = append(cur.all, t)
		if t.kind != tokComment {
			cur.toks = append(cur.toks, t)
		}
	}
	flush()
	return out
}
