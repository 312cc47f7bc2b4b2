package sql

import "strings"

// supportedStatements is listed in "not supported" errors.
const supportedStatements = "SET, RESET, CREATE TABLE, CREATE VIEW, INSERT INTO, EXECUTE STATEMENT SET, EXPLAIN"

// Parse splits the rendered script into statements at each ';' (outside
// literals and comments) and parses them. Every statement that fails is
// reported, one error per line.
func Parse(src *Source) (*Script, error) {
	toks, lerr := lex(src.Text)
	if lerr != nil {
		return nil, &Error{Pos: src.Pos(lerr.offset), Msg: lerr.msg}
	}
	sp := &scriptParser{src: src, raws: splitStatements(toks)}
	script := &Script{Source: src}
	var errs ErrorList
	for sp.next < len(sp.raws) {
		st, err := sp.statement()
		if err != nil {
			errs.add(err)
			continue
		}
		script.Statements = append(script.Statements, st)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return script, nil
}

// scriptParser walks the ';'-separated pieces of a script. Statement sets
// span several pieces, so they are assembled here rather than per piece.
type scriptParser struct {
	src  *Source
	raws []rawStatement
	next int // index of the next piece to parse
}

func (sp *scriptParser) statement() (Statement, error) {
	p := newParser(sp.src, sp.raws[sp.next])
	sp.next++
	first := p.peek()
	switch {
	case p.at("EXPLAIN"):
		return sp.explain(p)
	case p.at("EXECUTE", "STATEMENT", "SET"), p.at("BEGIN", "STATEMENT", "SET"):
		return sp.statementSet(p)
	case p.at("END"):
		return nil, p.errorAt(first, `Encountered "%s" without a statement set to end (EXECUTE STATEMENT SET BEGIN ... END)`, first.text)
	case p.at("EXECUTE", "INSERT"), p.at("INSERT"):
		return p.insert()
	case p.at("SET"):
		return p.set()
	case p.at("RESET"):
		return p.reset()
	case p.at("CREATE"):
		return p.create()
	}
	return nil, p.unsupported()
}

// set parses SET 'key' = 'value'.
func (p *parser) set() (*Set, error) {
	s := &Set{Pos: p.pos(p.next())}
	if p.atEnd() {
		return nil, p.errorAt(p.peek(), "SET without a key is not supported by Sluice: write SET 'key' = 'value'")
	}
	var err error
	if s.Key, s.KeyPos, err = p.stringLiteral("the configuration key, e.g. 'execution.checkpointing.interval'"); err != nil {
		return nil, err
	}
	if err := p.expect("="); err != nil {
		return nil, err
	}
	if s.Value, s.ValuePos, err = p.stringLiteral("the value of '" + s.Key + "'"); err != nil {
		return nil, err
	}
	return s, p.expectEnd()
}

// reset parses RESET ['key'].
func (p *parser) reset() (*Reset, error) {
	r := &Reset{Pos: p.pos(p.next())}
	if p.atEnd() {
		return r, nil
	}
	var err error
	if r.Key, r.KeyPos, err = p.stringLiteral("the configuration key"); err != nil {
		return nil, err
	}
	return r, p.expectEnd()
}

// create dispatches CREATE [TEMPORARY] TABLE / VIEW; other CREATE
// statements are not supported.
func (p *parser) create() (Statement, error) {
	start := p.next()
	temporary := p.accept("TEMPORARY")
	switch {
	case p.accept("TABLE"):
		return p.createTable(start, temporary)
	case p.accept("VIEW"):
		return p.createView(start, temporary)
	}
	p.i = 0
	return nil, p.unsupported()
}

// createView parses the rest of CREATE [TEMPORARY] VIEW, after VIEW.
func (p *parser) createView(start token, temporary bool) (*CreateView, error) {
	v := &CreateView{Pos: p.pos(start), Temporary: temporary}
	v.IfNotExists = p.accept("IF", "NOT", "EXISTS")
	full, name, err := p.qualifiedName("a view name")
	if err != nil {
		return nil, err
	}
	v.FullName, v.Name, v.NamePos = full, name.Name, name.Pos
	if p.at("(") {
		if v.Columns, err = p.identList("a view column name"); err != nil {
			return nil, err
		}
	}
	if p.accept("COMMENT") {
		if v.Comment, _, err = p.stringLiteral("the view comment"); err != nil {
			return nil, err
		}
	}
	if err := p.expect("AS"); err != nil {
		return nil, err
	}
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	v.Query, v.QueryText, v.QueryPos, v.Hints, v.locator = q.stmt, q.text, q.pos, q.hints, q.locator
	return v, nil
}

// insert parses [EXECUTE] INSERT INTO name [hint] [(columns)] query.
func (p *parser) insert() (*Insert, error) {
	start := p.peek()
	p.accept("EXECUTE")
	ins := &Insert{Pos: p.pos(start)}
	if err := p.expect("INSERT"); err != nil {
		return nil, err
	}
	if p.at("OVERWRITE") {
		return nil, p.errorAt(p.peek(), "INSERT OVERWRITE is not supported in streaming mode")
	}
	if err := p.expect("INTO"); err != nil {
		return nil, err
	}
	full, name, err := p.qualifiedName("a table name")
	if err != nil {
		return nil, err
	}
	ins.TableFullName, ins.Table, ins.TablePos = full, name.Name, name.Pos
	if p.peek().kind == tokHint {
		if ins.Hints, err = parseHint(p.src, p.next(), ins.Table); err != nil {
			return nil, err
		}
	}
	if p.at("PARTITION") {
		return nil, p.errorAt(p.peek(), "INSERT INTO ... PARTITION is not supported by Sluice")
	}
	// "(" starts a column list unless it starts a parenthesized query.
	if p.at("(") {
		if n, _ := p.peekAt(1); !n.is("SELECT") && !n.is("(") && !n.is("WITH") && !n.is("VALUES") {
			cols, err := p.identList("a column name")
			if err != nil {
				return nil, err
			}
			for _, c := range cols {
				ins.Columns = append(ins.Columns, c.Name)
				ins.ColumnPos = append(ins.ColumnPos, c.Pos)
			}
		}
	}
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	ins.Query, ins.QueryText, ins.QueryPos, ins.locator = q.stmt, q.text, q.pos, q.locator
	ins.Hints = append(ins.Hints, q.hints...)
	return ins, nil
}

// explain parses EXPLAIN [detail, ...] [PLAN FOR] followed by an INSERT or
// a statement set.
func (sp *scriptParser) explain(p *parser) (*Explain, error) {
	e := &Explain{Pos: p.pos(p.next())}
	for isExplainDetail(p.peek()) {
		e.Details = append(e.Details, strings.ToUpper(p.next().text))
		if !p.accept(",") {
			break
		}
	}
	p.accept("PLAN", "FOR")
	var err error
	switch {
	case p.at("EXECUTE", "STATEMENT", "SET"), p.at("STATEMENT", "SET"):
		e.Stmt, err = sp.statementSet(p)
	case p.at("EXECUTE", "INSERT"), p.at("INSERT"):
		e.Stmt, err = p.insert()
	case p.at("SELECT"), p.at("WITH"), p.at("VALUES"), p.at("("):
		err = p.errorAt(p.peek(), "EXPLAIN of a query on its own is not supported by Sluice: EXPLAIN an INSERT INTO ... SELECT or a statement set")
	default:
		err = p.unexpected(`"INSERT", "STATEMENT SET" or an ExplainDetail (ESTIMATED_COST, CHANGELOG_MODE, PLAN_ADVICE, JSON_EXECUTION_PLAN)`)
	}
	if err != nil {
		return nil, err
	}
	return e, nil
}

func isExplainDetail(t token) bool {
	return t.is("ESTIMATED_COST") || t.is("CHANGELOG_MODE") || t.is("PLAN_ADVICE") || t.is("JSON_EXECUTION_PLAN")
}

// statementSet parses [EXECUTE] STATEMENT SET BEGIN insert; ... END, or the
// older BEGIN STATEMENT SET; insert; ... END. The inserts are the following
// ';'-separated pieces, up to a piece that is just END.
func (sp *scriptParser) statementSet(p *parser) (*StatementSet, error) {
	start := p.peek()
	set := &StatementSet{Pos: p.pos(start)}
	var errs ErrorList
	closed := false
	if p.accept("BEGIN", "STATEMENT", "SET") {
		if err := p.expectEnd(); err != nil {
			return nil, err
		}
	} else {
		p.accept("EXECUTE")
		if err := p.expect("STATEMENT", "SET", "BEGIN"); err != nil {
			return nil, err
		}
		// The first INSERT (or END) shares the piece with BEGIN.
		switch {
		case p.accept("END"):
			closed = true
			errs.add(p.expectEnd())
		case !p.atEnd():
			closed = sp.addToSet(set, p, &errs)
		}
	}
	for !closed {
		if sp.next >= len(sp.raws) {
			errs.add(&Error{Pos: set.Pos, Msg: "statement set is not closed: END is missing"})
			break
		}
		q := newParser(sp.src, sp.raws[sp.next])
		if q.accept("END") {
			sp.next++
			errs.add(q.expectEnd())
			break
		}
		if !q.at("INSERT") && !q.at("EXECUTE", "INSERT") {
			// Most likely END was forgotten: end the set here and let
			// the statement be parsed on its own.
			errs.add(q.errorAt(q.peek(), "statement set is not closed: expected END before this %s (a statement set holds only INSERT INTO statements)", statementKind(q.raw.toks)))
			break
		}
		sp.next++
		closed = sp.addToSet(set, q, &errs)
	}
	if len(set.Inserts) == 0 && len(errs) == 0 {
		errs.add(&Error{Pos: set.Pos, Msg: "statement set is empty: it needs at least one INSERT INTO"})
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return set, nil
}

// addToSet parses the INSERT at p into set. It reports whether the piece
// also ended the set (an END with the ';' before it missing).
func (sp *scriptParser) addToSet(set *StatementSet, p *parser, errs *ErrorList) (closed bool) {
	if !p.at("INSERT") && !p.at("EXECUTE", "INSERT") {
		errs.add(p.errorAt(p.peek(), "only INSERT INTO statements can be in a statement set, not %s", statementKind(p.raw.toks[p.i:])))
		return false
	}
	ins, err := p.insert()
	if err != nil {
		// "INSERT ... END" without a ';' before END fails on END; say so.
		last := p.raw.toks[len(p.raw.toks)-1]
		if e, ok := err.(*Error); ok && last.is("END") && e.Pos == p.pos(last) {
			errs.add(&Error{Pos: e.Pos, Msg: `Encountered "END": a ';' is missing before the END of the statement set`, Err: err})
			return true
		}
		errs.add(err)
		return false
	}
	set.Inserts = append(set.Inserts, ins)
	return false
}

// unsupported reports a statement Sluice does not run, naming its kind.
func (p *parser) unsupported() error {
	first := p.peek()
	kind := statementKind(p.raw.toks[p.i:])
	switch {
	case first.kind != tokWord:
		return p.unexpected("a statement (" + supportedStatements + ")")
	case first.is("SELECT"), first.is("WITH"), first.is("VALUES"), first.is("TABLE"):
		return p.errorAt(first, "a query on its own (%s) is not supported by Sluice: a job writes its results with INSERT INTO ... SELECT", kind)
	}
	return p.errorAt(first, "%s is not supported by Sluice (supported statements: %s)", kind, supportedStatements)
}

// statementKind names a statement by its leading keywords, e.g.
// "CREATE TEMPORARY FUNCTION" or "USE CATALOG", for error messages.
func statementKind(toks []token) string {
	var words []string
	for i, t := range toks {
		if t.kind != tokWord || i == 4 {
			break
		}
		w := strings.ToUpper(t.text)
		if i > 0 && !isStatementKindWord(w) {
			break
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return "this statement"
	}
	return strings.Join(words, " ")
}

// isStatementKindWord reports whether a keyword can follow the first one in
// a statement's name; anything else (a table name, ...) ends the name.
func isStatementKindWord(w string) bool {
	switch w {
	case "TEMPORARY", "SYSTEM", "OR", "REPLACE", "TABLE", "TABLES", "VIEW", "VIEWS",
		"FUNCTION", "FUNCTIONS", "CATALOG", "CATALOGS", "DATABASE", "DATABASES",
		"MODULE", "MODULES", "JAR", "JARS", "MODEL", "MODELS", "COLUMNS", "CREATE",
		"PARTITIONS", "CURRENT", "PROCEDURES", "JOBS", "JOB", "INTO", "OVERWRITE",
		"STATEMENT", "SET", "FULL", "ALL", "IF", "EXISTS", "NOT", "INSERT":
		return true
	}
	return false
}
