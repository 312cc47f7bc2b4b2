package syntax

// alter parses ALTER TABLE; other ALTER statements are precise errors.
func (p *parser) alter() Stmt {
	t := p.next()
	if !p.acceptWord("TABLE") {
		w := p.tok()
		if w.Kind == TokWord && (w.Val == "VIEW" || w.Val == "FUNCTION" || w.Val == "DATABASE" || w.Val == "CATALOG" || w.Val == "MATERIALIZED" || w.Val == "MODEL") {
			p.fail(w.Pos, "ALTER "+w.Val, "ALTER %s is not supported yet", w.Val)
		}
		p.unexpected("ALTER", `"TABLE"`)
	}
	const c = "ALTER TABLE"
	a := &AlterTable{node: node{t.Pos}, IfExists: p.acceptWord("IF", "EXISTS")}
	a.Name = p.qualifiedName(c)
	switch {
	case p.acceptWord("RENAME", "TO"):
		a.Action, a.NewName = "RENAME TO", p.qualifiedName(c+" RENAME TO")
	case p.acceptWord("RENAME"):
		a.Action, a.Column = "RENAME COLUMN", p.identSpelled(c+" RENAME")
		p.expectWord(c+" RENAME", "TO")
		a.NewName = Name{p.identSpelled(c + " RENAME")}
	case p.acceptWord("SET"):
		a.Action, a.Options = "SET", p.properties(c+" SET")
	case p.acceptWord("RESET"):
		a.Action = "RESET"
		p.expectOp(c+" RESET", "(")
		for {
			a.Keys = append(a.Keys, p.stringLit(c+" RESET"))
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(c+" RESET", ")")
	case p.isWord("ADD") || p.isWord("MODIFY"):
		a.Action = p.next().Val
		p.alterElements(a)
	case p.acceptWord("DROP"):
		a.Action = "DROP"
		p.alterDrop(a)
	default:
		p.unexpected(c, `"RENAME"`, `"SET"`, `"RESET"`, `"ADD"`, `"MODIFY"`, `"DROP"`)
	}
	return a
}

// alterElements parses the column, watermark or constraint list of ADD/MODIFY.
func (p *parser) alterElements(a *AlterTable) {
	paren := p.acceptOp("(")
	var ct CreateTable
	for {
		p.tableElement(&ct)
		if n := len(ct.Columns); n > 0 {
			p.columnPlacement(&ct.Columns[n-1])
		}
		if !paren || !p.acceptOp(",") {
			break
		}
	}
	if paren {
		p.expectOp("ALTER TABLE "+a.Action, ")")
	}
	a.Columns = ct.Columns
	if len(ct.Watermarks) > 0 {
		a.Watermark = &ct.Watermarks[0]
	}
	if len(ct.Constraints) > 0 {
		a.Constraint = &ct.Constraints[0]
	}
}

// alterDrop parses DROP col | (cols) | PRIMARY KEY | CONSTRAINT c | WATERMARK.
func (p *parser) alterDrop(a *AlterTable) {
	const c = "ALTER TABLE DROP"
	switch {
	case p.acceptWord("PRIMARY", "KEY"):
		a.Constraint = &Constraint{node: node{p.prev.Pos}, Kind: "PRIMARY KEY"}
	case p.acceptWord("CONSTRAINT"):
		id := p.ident(c)
		a.Constraint = &Constraint{node: node{id.At}, Name: &id}
	case p.acceptWord("WATERMARK"):
		a.Watermark = &Watermark{node: node{p.prev.Pos}}
	case p.isOp("("):
		a.Drop = p.parenIdentList(c)
	default:
		a.Drop = []Ident{p.identSpelled(c)}
	}
}

// columnPlacement parses FIRST | AFTER col after an added or modified column.
func (p *parser) columnPlacement(c *Column) {
	switch {
	case p.acceptWord("FIRST"):
		c.First = true
	case p.acceptWord("AFTER"):
		id := p.identSpelled("ALTER TABLE column placement")
		c.After = &id
	}
}
