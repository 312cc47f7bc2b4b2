package syntax

import "strings"

// Node is any syntax tree node; Position is where its text starts.
type Node interface{ Position() Pos }

// node is embedded in every node type to carry its position.
type node struct{ At Pos }

// Position returns where the node's text starts.
func (n node) Position() Pos { return n.At }

// Ident is one name as written: Name without quotes, in its original
// spelling (Flink names are case-sensitive); Quoted if it was in backticks.
type Ident struct {
	node
	Name   string
	Quoted bool
}

// Name is a possibly qualified name: catalog.db.table, t.col, a.b.c.
type Name []Ident

// String joins the parts with dots, quoting those that need it.
func (n Name) String() string {
	parts := make([]string, len(n))
	for i, id := range n {
		parts[i] = quoteIdent(id.Name)
	}
	return strings.Join(parts, ".")
}

// Last returns the last part (the object's own name).
func (n Name) Last() Ident {
	if len(n) == 0 {
		return Ident{}
	}
	return n[len(n)-1]
}

// Position is where the first part starts.
func (n Name) Position() Pos {
	if len(n) == 0 {
		return Pos{}
	}
	return n[0].At
}

// Property is one 'key' = 'value' pair of a WITH (...) list, a SET
// statement or a hint.
type Property struct {
	node
	Key      string
	Value    string
	ValuePos Pos
}

// Hint is one hint of a /*+ ... */ comment: NAME, NAME(a, b) or
// NAME('k'='v', ...).
type Hint struct {
	node
	Name    Ident
	Options []string   // list form: identifiers or string literals
	KV      []Property // key-value form
}
