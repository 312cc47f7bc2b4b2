package syntax

// create parses CREATE [OR REPLACE] [TEMPORARY [SYSTEM]] ... and REPLACE TABLE.
func (p *parser) create() Stmt {
	t := p.next()
	at := node{t.Pos}
	orReplace := t.Val == "REPLACE" || p.acceptWord("OR", "REPLACE")
	if t.Val == "REPLACE" && !p.isWord("TABLE") {
		p.unexpected("REPLACE", `"TABLE"`)
	}
	temporary := p.acceptWord("TEMPORARY")
	system := temporary && p.acceptWord("SYSTEM")
	switch {
	case p.acceptWord("TABLE"):
		return p.createTable(at, orReplace, temporary)
	case p.acceptWord("VIEW"):
		return p.createView(at, temporary)
	case p.acceptWord("FUNCTION"):
		return p.createFunction(at, temporary, system)
	case p.acceptWord("CATALOG"):
		c := &CreateCatalog{node: at, IfNotExists: p.acceptWord("IF", "NOT", "EXISTS")}
		c.Name = p.identSpelled("CREATE CATALOG")
		c.Comment = p.optComment("CREATE CATALOG")
		p.expectWord("CREATE CATALOG", "WITH")
		c.Options = p.properties("CREATE CATALOG WITH")
		return c
	case p.acceptWord("DATABASE"):
		d := &CreateDatabase{node: at, IfNotExists: p.acceptWord("IF", "NOT", "EXISTS")}
		d.Name = p.qualifiedName("CREATE DATABASE")
		d.Comment = p.optComment("CREATE DATABASE")
		if p.acceptWord("WITH") {
			d.Options = p.properties("CREATE DATABASE WITH")
		}
		return d
	case p.isWord("MATERIALIZED") || p.isWord("MODEL"):
		p.fail(p.tok().Pos, "CREATE "+p.tok().Val, "CREATE %s is not supported yet", p.tok().Val)
	}
	p.unexpected("CREATE", `"TABLE"`, `"VIEW"`, `"FUNCTION"`, `"CATALOG"`, `"DATABASE"`, `"TEMPORARY"`)
	return nil
}

// createTable parses the rest of CREATE TABLE after TABLE.
func (p *parser) createTable(at node, orReplace, temporary bool) Stmt {
	const c = "CREATE TABLE"
	ct := &CreateTable{node: at, OrReplace: orReplace, Temporary: temporary}
	ct.IfNotExists = p.acceptWord("IF", "NOT", "EXISTS")
	ct.Name = p.qualifiedName(c)
	if p.isOp("(") {
		p.next()
		for {
			p.tableElement(ct)
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(c+" column list", ")")
	}
	ct.Comment = p.optComment(c)
	if p.isWord("DISTRIBUTED") {
		ct.Distribution = p.distribution()
	}
	if p.acceptWord("PARTITIONED") {
		p.expectWord(c+" PARTITIONED BY", "BY")
		ct.PartitionedBy = p.parenIdentList(c + " PARTITIONED BY")
	}
	if p.acceptWord("WITH") {
		ct.Options = p.properties(c + " WITH")
	}
	if p.isWord("LIKE") {
		ct.Like = p.tableLike()
	}
	if p.acceptWord("AS") {
		if ct.Like != nil {
			p.fail(p.prev.Pos, c, "CREATE TABLE ... LIKE cannot also be CREATE TABLE ... AS query")
		}
		ct.Query = p.query()
	} else if orReplace {
		p.unexpected(c, `"AS"`)
	}
	return ct
}

// tableElement parses a column, a watermark or a table constraint.
func (p *parser) tableElement(ct *CreateTable) {
	t := p.tok()
	switch {
	case p.isWord("WATERMARK"):
		p.next()
		p.expectWord("WATERMARK", "FOR")
		w := Watermark{node: node{t.Pos}, Column: p.qualifiedName("WATERMARK")}
		p.expectWord("WATERMARK", "AS")
		w.Expr = p.expr("WATERMARK")
		ct.Watermarks = append(ct.Watermarks, w)
	case p.isWord("CONSTRAINT") || p.isWord("PRIMARY") || p.isWord("UNIQUE"):
		ct.Constraints = append(ct.Constraints, *p.constraint(true))
	default:
		ct.Columns = append(ct.Columns, p.column())
	}
}

// column parses name type [METADATA [FROM 'k'] [VIRTUAL]] [constraint] [COMMENT]
// or name AS expr [COMMENT].
func (p *parser) column() Column {
	const c = "column definition"
	name := p.identSpelled(c)
	col := Column{node: node{name.At}, Name: name, Kind: ColPhysical}
	if p.acceptWord("AS") {
		col.Kind = ColComputed
		col.Expr = p.expr("computed column")
		col.Comment = p.optComment("computed column")
		return col
	}
	col.Type = p.dataType()
	if p.acceptWord("METADATA") {
		col.Kind = ColMetadata
		if p.acceptWord("FROM") {
			k := p.stringLit("METADATA FROM")
			col.MetadataKey = &k
		}
		col.Virtual = p.acceptWord("VIRTUAL")
	}
	for i := 0; i < 2; i++ {
		if p.isWord("CONSTRAINT") || p.isWord("PRIMARY") || p.isWord("UNIQUE") {
			col.Constraint = p.constraint(false)
		}
		if p.isWord("COMMENT") {
			col.Comment = p.optComment(c)
		}
	}
	return col
}

// constraint parses [CONSTRAINT name] PRIMARY KEY|UNIQUE [(cols)] [NOT] ENFORCED.
func (p *parser) constraint(tableLevel bool) *Constraint {
	t := p.tok()
	k := &Constraint{node: node{t.Pos}}
	if p.acceptWord("CONSTRAINT") {
		id := p.ident("CONSTRAINT")
		k.Name = &id
	}
	switch {
	case p.acceptWord("PRIMARY", "KEY"):
		k.Kind = "PRIMARY KEY"
	case p.acceptWord("UNIQUE"):
		k.Kind = "UNIQUE"
	default:
		p.unexpected("CONSTRAINT", `"PRIMARY KEY"`, `"UNIQUE"`)
	}
	if tableLevel {
		k.Columns = p.parenIdentList(k.Kind)
	}
	switch {
	case p.acceptWord("NOT", "ENFORCED"):
		f := false
		k.Enforced = &f
	case p.acceptWord("ENFORCED"):
		tr := true
		k.Enforced = &tr
	}
	return k
}

// distribution parses DISTRIBUTED BY [HASH|RANGE] (cols) [INTO n BUCKETS] | DISTRIBUTED INTO n BUCKETS.
func (p *parser) distribution() *Distribution {
	t := p.next()
	d := &Distribution{node: node{t.Pos}}
	if p.acceptWord("BY") {
		if p.isWord("HASH") || p.isWord("RANGE") {
			d.Kind = p.next().Val
		}
		d.Columns = p.parenIdentList("DISTRIBUTED BY")
		if !p.isWord("INTO") {
			return d
		}
	}
	p.expectWord("DISTRIBUTED", "INTO")
	d.Buckets = p.intLit("DISTRIBUTED INTO")
	p.expectWord("DISTRIBUTED INTO", "BUCKETS")
	return d
}

var likeStrategies = map[string]bool{"INCLUDING": true, "EXCLUDING": true, "OVERWRITING": true}
var likeFeatures = map[string]bool{"ALL": true, "CONSTRAINTS": true, "GENERATED": true, "METADATA": true,
	"OPTIONS": true, "PARTITIONS": true, "WATERMARKS": true, "DISTRIBUTION": true}

// tableLike parses LIKE source [(INCLUDING|EXCLUDING|OVERWRITING feature, ...)].
func (p *parser) tableLike() *TableLike {
	t := p.next()
	l := &TableLike{node: node{t.Pos}, Source: p.qualifiedName("CREATE TABLE ... LIKE")}
	if !p.acceptOp("(") {
		return l
	}
	for !p.acceptOp(")") {
		s := p.tok()
		if s.Kind != TokWord || !likeStrategies[s.Val] {
			p.unexpected("LIKE options", `"INCLUDING"`, `"EXCLUDING"`, `"OVERWRITING"`, `")"`)
		}
		p.next()
		f := p.tok()
		if f.Kind != TokWord || !likeFeatures[f.Val] {
			p.unexpected("LIKE options", `"ALL"`, `"CONSTRAINTS"`, `"GENERATED"`, `"METADATA"`, `"OPTIONS"`, `"PARTITIONS"`, `"WATERMARKS"`)
		}
		p.next()
		l.Options = append(l.Options, LikeOption{node: node{s.Pos}, Strategy: s.Val, Feature: f.Val})
		p.acceptOp(",")
	}
	return l
}

// optComment parses [COMMENT 'text'].
func (p *parser) optComment(construct string) *string {
	if !p.acceptWord("COMMENT") {
		return nil
	}
	s := p.stringLit(construct + " COMMENT")
	return &s
}

// properties parses ('k' = 'v', ...).
func (p *parser) properties(construct string) []Property {
	p.expectOp(construct, "(")
	var props []Property
	if p.acceptOp(")") {
		return props
	}
	for {
		k := p.tok()
		if k.Kind != TokString {
			p.fail(k.Pos, construct, "%s Option keys are strings in Flink SQL: write '%s' = '...'", encountered(k, "a string literal"), k.Text)
		}
		key := p.stringLit(construct)
		p.expectOp(construct, "=")
		v := p.tok()
		if v.Kind != TokString {
			p.fail(v.Pos, construct, "%s Option values are strings in Flink SQL: write '%s' = '%s'", encountered(v, "a string literal"), key, v.Text)
		}
		props = append(props, Property{node: node{k.Pos}, Key: key, Value: p.stringLit(construct), ValuePos: v.Pos})
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(construct, ")")
	return props
}

// createView parses the rest of CREATE VIEW after VIEW.
func (p *parser) createView(at node, temporary bool) Stmt {
	v := &CreateView{node: at, Temporary: temporary, IfNotExists: p.acceptWord("IF", "NOT", "EXISTS")}
	v.Name = p.qualifiedName("CREATE VIEW")
	if p.isOp("(") {
		v.Columns = p.parenIdentList("CREATE VIEW column list")
	}
	v.Comment = p.optComment("CREATE VIEW")
	p.expectWord("CREATE VIEW", "AS")
	v.Query = p.query()
	return v
}

// createFunction parses the rest of CREATE FUNCTION after FUNCTION.
func (p *parser) createFunction(at node, temporary, system bool) Stmt {
	const c = "CREATE FUNCTION"
	f := &CreateFunction{node: at, Temporary: temporary, System: system, IfNotExists: p.acceptWord("IF", "NOT", "EXISTS")}
	f.Name = p.qualifiedName(c)
	p.expectWord(c, "AS")
	f.Class = p.stringLit(c + " class name")
	if p.acceptWord("LANGUAGE") {
		l := p.tok()
		switch l.Val {
		case "JAVA", "SCALA", "PYTHON", "SQL":
			if l.Kind == TokWord {
				f.Language = p.next().Val
			}
		}
		if f.Language == "" {
			p.unexpected(c+" LANGUAGE", `"JAVA"`, `"SCALA"`, `"PYTHON"`)
		}
	}
	if p.acceptWord("USING") {
		for {
			p.expectWord(c+" USING", "JAR")
			f.Jars = append(f.Jars, p.stringLit(c+" USING JAR"))
			if !p.acceptOp(",") {
				break
			}
		}
	}
	return f
}
