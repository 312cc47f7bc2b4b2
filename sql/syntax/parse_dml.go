package syntax

// insert parses INSERT INTO|OVERWRITE t [hints] [PARTITION (...)] [(cols)] query.
func (p *parser) insert() Stmt {
	t := p.next()
	ins := &Insert{node: node{t.Pos}}
	switch {
	case p.acceptWord("INTO"):
	case p.acceptWord("OVERWRITE"):
		ins.Overwrite = true
	default:
		p.unexpected("INSERT", `"INTO"`, `"OVERWRITE"`)
	}
	ins.Table = p.qualifiedName("INSERT target table")
	if p.tok().Kind == TokHintOpen {
		ins.Hints = p.hints()
	}
	if p.acceptWord("PARTITION") {
		p.expectOp("INSERT PARTITION", "(")
		for {
			col := p.identSpelled("INSERT PARTITION")
			pv := PartitionValue{node: node{col.At}, Column: col}
			if p.acceptOp("=") {
				pv.Value = p.exprPrec("INSERT PARTITION", precUnary)
			}
			ins.Partition = append(ins.Partition, pv)
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp("INSERT PARTITION", ")")
	}
	if p.isOp("(") && !p.startsQuery() {
		ins.Columns = p.parenIdentList("INSERT column list")
	}
	if !p.startsQuery() {
		p.unexpected("INSERT", `"SELECT"`, `"VALUES"`, `"WITH"`, `"("`)
	}
	ins.Query = p.query()
	return ins
}

// use parses USE [CATALOG] name and USE MODULES a, b.
func (p *parser) use() Stmt {
	t := p.next()
	u := &Use{node: node{t.Pos}}
	switch {
	case p.isWord("CATALOG") && isIdentTok(p.peek(1)):
		p.next()
		u.Catalog = true
		u.Name = Name{p.identSpelled("USE CATALOG")}
	case p.isWord("MODULES") && isIdentTok(p.peek(1)):
		p.next()
		u.Modules = p.identList("USE MODULES")
	default:
		u.Name = p.qualifiedName("USE")
	}
	return u
}

// showObjects are what SHOW lists, longest first.
var showObjects = [][]string{
	{"CURRENT", "CATALOG"}, {"CURRENT", "DATABASE"}, {"USER", "FUNCTIONS"}, {"FULL", "MODULES"},
	{"CREATE", "TABLE"}, {"CREATE", "VIEW"}, {"CREATE", "CATALOG"}, {"CREATE", "MATERIALIZED", "TABLE"},
	{"CATALOGS"}, {"DATABASES"}, {"TABLES"}, {"VIEWS"}, {"FUNCTIONS"}, {"MODULES"}, {"JARS"},
	{"JOBS"}, {"COLUMNS"}, {"PARTITIONS"}, {"PROCEDURES"}, {"MODELS"},
}

// show parses SHOW ...
func (p *parser) show() Stmt {
	t := p.next()
	s := &Show{node: node{t.Pos}}
	for _, words := range showObjects {
		if p.acceptWord(words...) {
			s.Object = joinWords(words)
			break
		}
	}
	switch s.Object {
	case "":
		p.unexpected("SHOW", `"CATALOGS"`, `"DATABASES"`, `"TABLES"`, `"VIEWS"`, `"FUNCTIONS"`, `"COLUMNS"`, `"CREATE TABLE"`, `"CURRENT CATALOG"`, `"CURRENT DATABASE"`, `"MODULES"`, `"JARS"`, `"JOBS"`)
	case "CREATE TABLE", "CREATE VIEW", "CREATE CATALOG", "CREATE MATERIALIZED TABLE", "PARTITIONS":
		s.Name = p.qualifiedName("SHOW " + s.Object)
		return s
	}
	if p.isWord("FROM") || p.isWord("IN") {
		p.next()
		s.From = p.qualifiedName("SHOW " + s.Object)
	}
	s.NotLike = p.acceptWord("NOT")
	switch {
	case p.acceptWord("LIKE"):
	case p.acceptWord("ILIKE"):
		s.ILike = true
	default:
		if s.NotLike {
			p.unexpected("SHOW "+s.Object, `"LIKE"`, `"ILIKE"`)
		}
		return s
	}
	like := p.stringLit("SHOW " + s.Object + " LIKE")
	s.Like = &like
	return s
}

func joinWords(ws []string) string {
	out := ws[0]
	for _, w := range ws[1:] {
		out += " " + w
	}
	return out
}

// drop parses DROP [TEMPORARY [SYSTEM]] TABLE|VIEW|FUNCTION|CATALOG|DATABASE [IF EXISTS] name.
func (p *parser) drop() Stmt {
	t := p.next()
	d := &Drop{node: node{t.Pos}}
	d.Temporary = p.acceptWord("TEMPORARY")
	d.System = d.Temporary && p.acceptWord("SYSTEM")
	for _, obj := range []string{"TABLE", "VIEW", "FUNCTION", "CATALOG", "DATABASE", "MODEL"} {
		if p.acceptWord(obj) {
			d.Object = obj
		}
	}
	if d.Object == "" && p.acceptWord("MATERIALIZED", "TABLE") {
		d.Object = "MATERIALIZED TABLE"
	}
	if d.Object == "" {
		p.unexpected("DROP", `"TABLE"`, `"VIEW"`, `"FUNCTION"`, `"CATALOG"`, `"DATABASE"`)
	}
	construct := "DROP " + d.Object
	d.IfExists = p.acceptWord("IF", "EXISTS")
	d.Name = p.qualifiedName(construct)
	if d.Object == "DATABASE" && (p.isWord("RESTRICT") || p.isWord("CASCADE")) {
		d.Cascade = p.next().Val
	}
	return d
}
