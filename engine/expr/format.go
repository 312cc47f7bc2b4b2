package expr

import (
	"fmt"
	"strings"
)

// writer is implemented by expressions with operands: they render into one
// shared builder, so that rendering a deep or long expression (a
// 40,000-term OR chain, NOT NOT … x) costs time linear in its output
// instead of copying every operand's text once per enclosing level.
type writer interface {
	write(b *strings.Builder)
}

// render is String for the expressions that implement writer.
func render(w writer) string {
	var b strings.Builder
	w.write(&b)
	return b.String()
}

// write renders e into b.
func write(b *strings.Builder, e Expr) {
	if w, ok := e.(writer); ok {
		w.write(b)
		return
	}
	b.WriteString(e.String())
}

// writeList renders args separated by sep. A nested OR is parenthesised,
// and so is an AND inside an OR, so that the text reads as it evaluates.
func writeList(b *strings.Builder, args []Expr, sep string) {
	for i, a := range args {
		if i > 0 {
			b.WriteString(sep)
		}
		_, or := a.(*Or)
		_, and := a.(*And)
		if or || (and && sep == " OR ") {
			b.WriteByte('(')
			write(b, a)
			b.WriteByte(')')
			continue
		}
		write(b, a)
	}
}

func (a *And) write(b *strings.Builder) { writeList(b, a.Args, " AND ") }
func (o *Or) write(b *strings.Builder)  { writeList(b, o.Args, " OR ") }

func (n *Not) write(b *strings.Builder) {
	b.WriteString("NOT (")
	write(b, n.X)
	b.WriteByte(')')
}

func (c *Compare) write(b *strings.Builder) { writeInfix(b, c.L, string(c.Op), c.R) }

func (i *IsNull) write(b *strings.Builder) {
	write(b, i.X)
	if i.Negate {
		b.WriteString(" IS NOT NULL")
		return
	}
	b.WriteString(" IS NULL")
}

func (i *IsBool) write(b *strings.Builder) {
	write(b, i.X)
	b.WriteString(" IS ")
	if i.Negate {
		b.WriteString("NOT ")
	}
	b.WriteString(strings.ToUpper(fmt.Sprint(i.Want)))
}

func (in *In) write(b *strings.Builder) {
	write(b, in.X)
	if in.Negate {
		b.WriteString(" NOT IN (")
	} else {
		b.WriteString(" IN (")
	}
	writeList(b, in.List, ", ")
	b.WriteByte(')')
}
