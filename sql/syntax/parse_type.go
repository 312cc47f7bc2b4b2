package syntax

// typeAliases maps the spellings of a type to its canonical name.
var typeAliases = map[string]string{
	"INTEGER": "INT", "DEC": "DECIMAL", "NUMERIC": "DECIMAL", "CHARACTER": "CHAR",
	"STRING": "VARCHAR", "BYTES": "VARBINARY", "REAL": "FLOAT",
}

// dataType parses a Flink data type with its ARRAY/MULTISET suffixes and
// nullability.
func (p *parser) dataType() *DataType {
	p.enter("data type")
	defer p.leave()
	t := p.baseType()
	for p.isWord("ARRAY") || p.isWord("MULTISET") {
		kw := p.next()
		t = &DataType{node: node{t.At}, Name: kw.Val, Elem: t, Postfix: true}
	}
	p.nullability(t)
	return t
}

// nullability parses NOT NULL or NULL after a type.
func (p *parser) nullability(t *DataType) {
	if p.isWords("NOT", "NULL") {
		p.next()
		p.next()
		t.NotNull = true
	} else if p.isWord("NULL") {
		p.next()
		t.Null = true
	}
}

func (p *parser) baseType() *DataType {
	tok := p.tok()
	if tok.Kind == TokQuoted || (tok.Kind == TokWord && !isTypeWord(tok.Val) && !reservedWords[tok.Val]) {
		return &DataType{node: node{tok.Pos}, Name: "USER", UserName: p.qualifiedName("data type")}
	}
	if tok.Kind != TokWord || !isTypeWord(tok.Val) {
		p.unexpected("data type", "a data type such as INT, STRING, TIMESTAMP(3)")
	}
	p.next()
	t := &DataType{node: node{tok.Pos}, Name: tok.Val}
	if canon, ok := typeAliases[tok.Val]; ok {
		t.Name, t.Spelling = canon, tok.Val
	}
	switch t.Name {
	case "CHAR", "VARCHAR", "BINARY", "VARBINARY":
		p.charType(t, tok)
	case "DECIMAL":
		p.decimalType(t)
	case "TIME", "TIMESTAMP", "TIMESTAMP_LTZ":
		p.timeType(t)
	case "DOUBLE":
		if p.acceptWord("PRECISION") {
			t.Spelling = "DOUBLE PRECISION"
		}
	case "FLOAT":
		if p.isOp("(") {
			t.Precision = p.parenInt("FLOAT")
		}
	case "INTERVAL":
		t.Interval = p.intervalQualifier("INTERVAL type")
	case "ARRAY", "MULTISET":
		p.expectOp(t.Name+" type", "<")
		t.Elem = p.dataType()
		p.expectOp(t.Name+" type", ">")
	case "MAP":
		p.expectOp("MAP type", "<")
		t.Key = p.dataType()
		p.expectOp("MAP type", ",")
		t.Value = p.dataType()
		p.expectOp("MAP type", ">")
	case "ROW":
		p.rowType(t)
	case "RAW":
		p.expectOp("RAW type", "(")
		cls := p.stringLit("RAW type class")
		t.RawClass = &cls
		if p.acceptOp(",") {
			snap := p.stringLit("RAW type snapshot")
			t.RawSnap = &snap
		}
		p.expectOp("RAW type", ")")
	}
	return t
}

func isTypeWord(w string) bool {
	switch w {
	case "CHAR", "CHARACTER", "VARCHAR", "STRING", "BOOLEAN", "BINARY", "VARBINARY", "BYTES",
		"DECIMAL", "DEC", "NUMERIC", "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "FLOAT",
		"REAL", "DOUBLE", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP_LTZ", "INTERVAL", "ARRAY",
		"MULTISET", "MAP", "ROW", "RAW":
		return true
	}
	return false
}

// parenInt parses (n).
func (p *parser) parenInt(construct string) *int {
	p.expectOp(construct, "(")
	n := p.intLit(construct)
	p.expectOp(construct, ")")
	return n
}

func (p *parser) charType(t *DataType, tok Token) {
	if (tok.Val == "CHAR" || tok.Val == "CHARACTER") && p.acceptWord("VARYING") {
		t.Name, t.Spelling = "VARCHAR", tok.Val+" VARYING"
	}
	if t.Spelling == "STRING" || t.Spelling == "BYTES" {
		return
	}
	if p.isOp("(") {
		t.Precision = p.parenInt(t.Name + " type")
	}
}

func (p *parser) decimalType(t *DataType) {
	if !p.acceptOp("(") {
		return
	}
	t.Precision = p.intLit("DECIMAL type")
	if p.acceptOp(",") {
		t.Scale = p.intLit("DECIMAL type")
	}
	p.expectOp("DECIMAL type", ")")
}

func (p *parser) timeType(t *DataType) {
	if p.isOp("(") {
		t.Precision = p.parenInt(t.Name + " type")
	}
	if t.Name == "TIMESTAMP_LTZ" {
		return
	}
	switch {
	case p.isWords("WITHOUT", "TIME", "ZONE"):
		t.TimeZone = "WITHOUT TIME ZONE"
	case p.isWords("WITH", "LOCAL", "TIME", "ZONE"):
		t.TimeZone = "WITH LOCAL TIME ZONE"
		p.next()
	case p.isWords("WITH", "TIME", "ZONE"):
		p.fail(p.tok().Pos, t.Name+" type", "%s WITH TIME ZONE is not supported by Flink; use %s WITH LOCAL TIME ZONE (TIMESTAMP_LTZ)", t.Name, t.Name)
	default:
		return
	}
	for i := 0; i < 3; i++ {
		p.next()
	}
	if t.Name == "TIME" && t.TimeZone == "WITH LOCAL TIME ZONE" {
		p.fail(t.At, "TIME type", "TIME WITH LOCAL TIME ZONE is not supported by Flink")
	}
}

// rowType parses ROW<a INT 'comment', ...> or ROW(a INT, ...).
func (p *parser) rowType(t *DataType) {
	closer := ">"
	if p.acceptOp("<>") {
		return
	}
	if p.acceptOp("(") {
		closer, t.Parens = ")", true
	} else {
		p.expectOp("ROW type", "<")
	}
	if p.acceptOp(closer) {
		return
	}
	for {
		name := p.identSpelled("ROW type field")
		f := RowField{node: node{name.At}, Name: name, Type: p.dataType()}
		if p.tok().Kind == TokString {
			c := p.stringLit("ROW field comment")
			f.Comment = &c
		}
		t.Fields = append(t.Fields, f)
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp("ROW type", closer)
}
