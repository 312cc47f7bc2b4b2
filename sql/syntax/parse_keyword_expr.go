package syntax

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// keywordExpr parses the expressions that start with a keyword, or
// returns nil if the current word starts none of them.
func (p *parser) keywordExpr() Expr {
	t := p.tok()
	at := node{t.Pos}
	paren := p.isOpAt(1, "(")
	switch t.Val {
	case "NULL":
		p.next()
		return &Literal{node: at, Kind: LitNull, Value: "NULL"}
	case "TRUE", "FALSE":
		p.next()
		return &Literal{node: at, Kind: LitBool, Value: t.Val}
	case "UNKNOWN":
		p.next()
		return &Literal{node: at, Kind: LitUnknown, Value: "UNKNOWN"}
	case "DATE", "TIME", "TIMESTAMP":
		if p.peek(1).Kind == TokString {
			p.next()
			return &TypedLiteral{node: at, Type: t.Val, Value: p.stringLit(t.Val + " literal")}
		}
	case "TIMESTAMP_LTZ":
		if p.peek(1).Kind == TokString {
			p.fail(t.Pos, "TIMESTAMP_LTZ literal", "Flink SQL has no TIMESTAMP_LTZ '...' literal; write TO_TIMESTAMP_LTZ(...) or CAST('...' AS TIMESTAMP_LTZ(3))")
		}
	case "INTERVAL":
		return p.intervalLiteral()
	case "CASE":
		return p.caseExpr()
	case "EXISTS":
		p.next()
		p.expectOp("EXISTS", "(")
		q := p.query()
		p.expectOp("EXISTS", ")")
		return &Exists{node: at, Query: q}
	case "ROW":
		if paren {
			return p.rowCtor()
		}
	case "ARRAY", "MAP":
		if paren || p.isOpAt(1, "[") {
			return p.collectionCtor()
		}
	case "TABLE":
		return p.tableArg()
	case "MATCH_RECOGNIZE":
		p.fail(t.Pos, "expression", "MATCH_RECOGNIZE must follow a table in FROM")
	}
	if paren {
		if e := p.specialCall(); e != nil {
			return e
		}
	}
	if niladicFunctions[t.Val] && !paren {
		p.next()
		return &Call{node: at, Name: Name{identOf(t)}, NoParens: true}
	}
	return nil
}

// rowCtor parses ROW(a, b, ...).
func (p *parser) rowCtor() Expr {
	t := p.next()
	p.next()
	r := &RowCtor{node: node{t.Pos}, Explicit: true}
	if !p.isOp(")") {
		r.Items = p.exprList("ROW constructor")
	}
	p.expectOp("ROW constructor", ")")
	return r
}

// intervalLiteral parses INTERVAL [+|-] 'value' qualifier, or
// INTERVAL n unit / INTERVAL (expr) unit.
func (p *parser) intervalLiteral() Expr {
	start := p.next()
	lit := &IntervalLiteral{node: node{start.Pos}}
	if p.acceptOp("-") {
		lit.Negative = true
	} else {
		p.acceptOp("+")
	}
	switch t := p.tok(); {
	case t.Kind == TokString:
		lit.Value = p.stringLit("INTERVAL literal")
	case t.Kind == TokInteger || t.Kind == TokDecimal:
		p.next()
		lit.Expr = &Literal{node: node{t.Pos}, Kind: map[bool]LiteralKind{true: LitInteger, false: LitDecimal}[t.Kind == TokInteger], Value: t.Val}
	case t.Kind == TokOp && t.Val == "(":
		p.next()
		lit.Expr = p.expr("INTERVAL expression")
		p.expectOp("INTERVAL expression", ")")
	case isIdentTok(t):
		lit.Expr = p.nameOrCall()
	default:
		p.unexpected("INTERVAL literal", "a string such as '10'")
	}
	lit.Qualifier = p.intervalQualifier("INTERVAL literal")
	return lit
}

var intervalUnitNames = map[string]string{
	"YEAR": "YEAR", "YEARS": "YEAR", "MONTH": "MONTH", "MONTHS": "MONTH", "DAY": "DAY", "DAYS": "DAY",
	"HOUR": "HOUR", "HOURS": "HOUR", "MINUTE": "MINUTE", "MINUTES": "MINUTE", "SECOND": "SECOND", "SECONDS": "SECOND",
	"QUARTER": "QUARTER", "WEEK": "WEEK",
}

// intervalQualifier parses YEAR [(p)] [TO MONTH], DAY [(p)] TO SECOND [(p)], ...
func (p *parser) intervalQualifier(construct string) *IntervalQualifier {
	t := p.tok()
	unit, ok := intervalUnitNames[t.Val]
	if t.Kind != TokWord || !ok {
		p.unexpected(construct, `"YEAR"`, `"MONTH"`, `"DAY"`, `"HOUR"`, `"MINUTE"`, `"SECOND"`)
	}
	p.next()
	q := &IntervalQualifier{node: node{t.Pos}, Start: unit}
	if p.isOp("(") && p.peek(1).Kind == TokInteger {
		p.next()
		q.StartPrec = p.intLit(construct)
		if unit == "SECOND" && p.acceptOp(",") {
			q.FracPrec = p.intLit(construct)
		}
		p.expectOp(construct, ")")
	}
	if !p.acceptWord("TO") {
		return q
	}
	end := p.tok()
	endUnit, ok := intervalUnitNames[end.Val]
	if end.Kind != TokWord || !ok || endUnit == "QUARTER" || endUnit == "WEEK" {
		p.unexpected(construct, `"MONTH"`, `"HOUR"`, `"MINUTE"`, `"SECOND"`)
	}
	p.next()
	q.End = endUnit
	if endUnit == "SECOND" && p.acceptOp("(") {
		q.FracPrec = p.intLit(construct)
		p.expectOp(construct, ")")
	}
	return q
}

// intLit parses an unsigned integer literal that must fit an int.
func (p *parser) intLit(construct string) *int {
	t := p.tok()
	if t.Kind != TokInteger {
		p.unexpected(construct, "an integer")
	}
	p.next()
	n, err := strconv.Atoi(t.Val)
	if err != nil || n > 1<<31-1 {
		p.fail(t.Pos, construct, "integer %s is too large", t.Val)
	}
	return &n
}

// caseExpr parses CASE [operand] WHEN ... THEN ... [ELSE ...] END.
func (p *parser) caseExpr() Expr {
	start := p.next()
	c := &Case{node: node{start.Pos}}
	if !p.isWord("WHEN") {
		c.Operand = p.expr("CASE")
	}
	for p.isWord("WHEN") {
		w := p.next()
		cond := p.expr("CASE WHEN")
		p.expectWord("CASE WHEN", "THEN")
		c.Whens = append(c.Whens, When{node: node{w.Pos}, Cond: cond, Result: p.expr("CASE THEN")})
	}
	if len(c.Whens) == 0 {
		p.unexpected("CASE", `"WHEN"`)
	}
	if p.acceptWord("ELSE") {
		c.Else = p.expr("CASE ELSE")
	}
	if !p.isWord("END") {
		p.unexpected("CASE", `"WHEN"`, `"ELSE"`, `"END"`)
	}
	p.next()
	return c
}

// collectionCtor parses ARRAY[...], ARRAY(query), MAP[...], MAP(query).
func (p *parser) collectionCtor() Expr {
	kw := p.next()
	at := node{kw.Pos}
	construct := kw.Val + " constructor"
	var items []Expr
	var q *Query
	if p.acceptOp("[") {
		if !p.isOp("]") {
			items = p.exprList(construct)
		}
		p.expectOp(construct, "]")
	} else {
		p.expectOp(construct, "(")
		q = p.query()
		p.expectOp(construct, ")")
	}
	if kw.Val == "MAP" {
		if len(items)%2 != 0 {
			p.fail(kw.Pos, construct, "MAP[...] needs key, value pairs: it has %d items", len(items))
		}
		return &MapCtor{node: at, Items: items, Query: q}
	}
	return &ArrayCtor{node: at, Items: items, Query: q}
}

// tableArg parses TABLE t [PARTITION BY ...] [ORDER BY ...] as a table
// function argument.
func (p *parser) tableArg() Expr {
	kw := p.next()
	a := &TableArg{node: node{kw.Pos}}
	if p.isOp("(") {
		p.fail(kw.Pos, "table function argument", "TABLE(...) is a FROM clause item, not an expression; as an argument, write TABLE name")
	}
	a.Table = p.qualifiedName("TABLE argument")
	if p.acceptWord("PARTITION") {
		p.expectWord("TABLE argument", "BY")
		a.PartitionBy = p.exprList("TABLE argument PARTITION BY")
	}
	if p.acceptWord("ORDER") {
		p.expectWord("TABLE argument", "BY")
		a.OrderBy = p.orderList("TABLE argument ORDER BY")
	}
	return a
}

// unicodeString parses U&'...' [UESCAPE 'c'] and resolves its escapes.
func (p *parser) unicodeString() string {
	t := p.next()
	raw := t.Val
	for p.tok().Kind == TokString {
		raw += p.next().Val
	}
	esc := byte('\\')
	if p.acceptWord("UESCAPE") {
		et := p.tok()
		e := p.stringLit("UESCAPE")
		if len(e) != 1 || strings.ContainsAny(e, "0123456789abcdefABCDEF+'\" \t\n") {
			p.fail(et.Pos, "UESCAPE", "the escape character must be one character that is not a hex digit, '+', a quote or white space")
		}
		esc = e[0]
	}
	v, ok := decodeUnicode(raw, esc)
	if !ok {
		p.fail(t.Pos, "unicode string literal", "bad unicode escape in %s: write %c followed by 4 hex digits, or %c+ and 6 hex digits", t.Text, esc, esc)
	}
	return v
}

func decodeUnicode(s string, esc byte) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != esc {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == esc {
			b.WriteByte(esc)
			i++
			continue
		}
		n := 4
		if i+1 < len(s) && s[i+1] == '+' {
			n = 6
			i++
		}
		if i+1+n > len(s) {
			return "", false
		}
		code, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
		if err != nil || !utf8.ValidRune(rune(code)) {
			return "", false
		}
		b.WriteRune(rune(code))
		i += n
	}
	return b.String(), true
}
