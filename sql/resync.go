package sql

// maxParseErrors bounds the parse errors one Parse reports.
const maxParseErrors = 50

// nextStatement returns the offset just after the ';' that ends the
// statement in which parsing failed at offset, or -1 when no statement
// follows. A failure inside a statement set skips to the end of the set,
// so that its END is not reported as a second error. toks are the tokens
// of the whole text (comments included).
func nextStatement(toks []token, offset int) int {
	var sig []token
	for _, t := range toks {
		if t.kind != tokComment && t.kind != tokHint {
			sig = append(sig, t)
		}
	}
	inSet, atStart, failed := false, true, false
	for i, t := range sig {
		if t.start >= offset {
			failed = true
		}
		if atStart {
			switch {
			case opensSet(sig[i:]):
				inSet = true
			case t.is("END"):
				inSet = false
			}
		}
		atStart = t.is(";")
		if atStart && failed && !inSet {
			return t.end
		}
	}
	return -1
}

// opensSet reports whether toks start a statement set: [EXECUTE] STATEMENT
// SET BEGIN, or the SQL client's BEGIN STATEMENT SET.
func opensSet(toks []token) bool {
	at := func(kws ...string) bool {
		if len(toks) < len(kws) {
			return false
		}
		for i, kw := range kws {
			if !toks[i].is(kw) {
				return false
			}
		}
		return true
	}
	return at("EXECUTE", "STATEMENT", "SET") || at("STATEMENT", "SET") || at("BEGIN", "STATEMENT", "SET")
}
