package syntax

import (
	"strings"
)

// printer renders syntax trees back to Flink SQL. It adds parentheses
// only where precedence needs them, so that the text parses back to the
// same tree.
type printer struct{ strings.Builder }

func (w *printer) ident(id Ident) {
	if id.Quoted {
		w.WriteString("`" + strings.ReplaceAll(id.Name, "`", "``") + "`")
		return
	}
	w.WriteString(id.Name)
}

func (w *printer) name(n Name) {
	for i, id := range n {
		if i > 0 {
			w.WriteByte('.')
		}
		w.ident(id)
	}
}

func (w *printer) idents(ids []Ident) {
	for i, id := range ids {
		if i > 0 {
			w.WriteString(", ")
		}
		w.ident(id)
	}
}

// flag prints text if on.
func (w *printer) flag(on bool, text string) {
	if on {
		w.WriteString(text)
	}
}

// parenIdents prints prefix(a, b, ...) when ids is not empty.
func (w *printer) parenIdents(prefix string, ids []Ident) {
	if len(ids) == 0 {
		return
	}
	w.WriteString(prefix + "(")
	w.idents(ids)
	w.WriteByte(')')
}

func (w *printer) str(s string) { w.WriteString(quoteString(s)) }

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// precOf is the binding power of an expression's outermost operator.
func precOf(e Expr) int {
	switch e := e.(type) {
	case *Binary:
		switch e.Op {
		case "OR":
			return precOr
		case "AND":
			return precAnd
		case "+", "-":
			return precAdd
		case "*", "/", "%", "||":
			return precMul
		}
		return precCompare
	case *Unary:
		if e.Op == "NOT" {
			return precNot
		}
		if e.Op == "-" || e.Op == "+" {
			return precUnary
		}
		return precOr - 1 // FINAL/RUNNING prefix of MATCH_RECOGNIZE measures
	case *Is:
		return precIs
	case *Between, *Like, *In:
		return precLike
	case *Quantified:
		return precCompare
	}
	return 100
}

// sub prints e, parenthesised if its precedence is below min.
func (w *printer) sub(e Expr, min int) {
	if precOf(e) < min {
		w.WriteByte('(')
		w.expr(e)
		w.WriteByte(')')
		return
	}
	w.expr(e)
}

func (w *printer) exprs(es []Expr) {
	for i, e := range es {
		if i > 0 {
			w.WriteString(", ")
		}
		w.expr(e)
	}
}

func (w *printer) not(not bool) {
	w.flag(not, " NOT")
}

// expr prints an expression.
func (w *printer) expr(e Expr) {
	switch e := e.(type) {
	case *Literal:
		w.literal(e)
	case *TypedLiteral:
		w.WriteString(e.Type + " ")
		w.str(e.Value)
	case *IntervalLiteral:
		w.interval(e)
	case *ColumnRef:
		w.name(e.Name)
	case *Star:
		if len(e.Qualifier) > 0 {
			w.name(e.Qualifier)
			w.WriteByte('.')
		}
		w.WriteByte('*')
	case *Param:
		w.WriteByte('?')
	case *Unary:
		w.WriteString(e.Op)
		if e.Op != "-" && e.Op != "+" {
			w.WriteByte(' ')
		}
		if e.Op == "NOT" {
			// NOT NOT x reads back as written; parentheses would
			// double the nesting a deep chain already has.
			w.sub(e.X, precOf(e))
			break
		}
		w.sub(e.X, precOf(e)+1)
	case *Binary:
		p := precOf(e)
		w.sub(e.L, p)
		w.WriteString(" " + e.Op + " ")
		w.sub(e.R, p+1)
	case *Exists:
		w.WriteString("EXISTS (")
		w.query(e.Query)
		w.WriteByte(')')
	case *Subquery:
		w.WriteByte('(')
		w.query(e.Query)
		w.WriteByte(')')
	case *Is, *Between, *Like, *In, *Quantified:
		w.predicate(e)
	default:
		w.expr2(e)
	}
}

// predicate prints IS, BETWEEN, LIKE, IN and quantified comparisons.
func (w *printer) predicate(e Expr) {
	switch e := e.(type) {
	case *Is:
		w.sub(e.X, precIs)
		w.WriteString(" IS")
		w.not(e.Not)
		w.WriteString(" " + e.What)
		if e.JSONKind != "" {
			w.WriteString(" " + e.JSONKind)
		}
	case *Between:
		w.sub(e.X, precLike)
		w.not(e.Not)
		w.WriteString(" BETWEEN ")
		if e.Symmetry != "" {
			w.WriteString(e.Symmetry + " ")
		}
		w.sub(e.Lo, precLike+1)
		w.WriteString(" AND ")
		w.sub(e.Hi, precLike+1)
	case *Like:
		w.sub(e.X, precLike)
		w.not(e.Not)
		w.WriteString(" " + e.Op + " ")
		w.sub(e.Pattern, precLike+1)
		if e.Escape != nil {
			w.WriteString(" ESCAPE ")
			w.sub(e.Escape, precLike+1)
		}
	case *In:
		w.sub(e.X, precLike)
		w.not(e.Not)
		w.WriteString(" IN (")
		if e.Query != nil {
			w.query(e.Query)
		} else {
			w.exprs(e.List)
		}
		w.WriteByte(')')
	case *Quantified:
		w.sub(e.X, precCompare)
		w.WriteString(" " + e.Op + " " + e.Quantifier + " (")
		w.query(e.Query)
		w.WriteByte(')')
	}
}

func (w *printer) literal(e *Literal) {
	switch e.Kind {
	case LitString:
		w.str(e.Value)
	case LitBinary:
		w.WriteString("X'" + e.Value + "'")
	default:
		w.WriteString(e.Value)
	}
}

func (w *printer) interval(e *IntervalLiteral) {
	w.WriteString("INTERVAL ")
	w.flag(e.Negative, "-")
	switch x := e.Expr.(type) {
	case nil:
		w.str(e.Value)
	case *Literal, *ColumnRef:
		w.expr(x)
	default:
		w.WriteByte('(')
		w.expr(x)
		w.WriteByte(')')
	}
	w.WriteByte(' ')
	w.qualifier(e.Qualifier)
}

func (w *printer) qualifier(q *IntervalQualifier) {
	w.WriteString(q.Start)
	if q.StartPrec != nil {
		w.WriteString("(" + itoa(*q.StartPrec))
		if q.End == "" && q.FracPrec != nil {
			w.WriteString(", " + itoa(*q.FracPrec))
		}
		w.WriteByte(')')
	}
	if q.End != "" {
		w.WriteString(" TO " + q.End)
		if q.FracPrec != nil {
			w.WriteString("(" + itoa(*q.FracPrec) + ")")
		}
	}
}
