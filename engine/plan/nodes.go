package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
)

// Node is one operator of the graph.
type Node interface {
	Schema() types.Schema
	Inputs() []Node
	// Describe is the one-line EXPLAIN form; equal descriptions of equal
	// inputs mean equal results, which is how common sub-plans are shared.
	Describe() string
}

// Scan reads a table through its connector's source.
type Scan struct {
	Table   *TableDecl
	Factory connectors.SourceFactory
	Conn    connectors.Table
	// Values is set when the scan reads a VALUES clause's rows.
	Values *Values
}

func (s *Scan) Schema() types.Schema { return s.Table.Schema() }
func (s *Scan) Inputs() []Node       { return nil }
func (s *Scan) Describe() string {
	if s.Values != nil {
		return s.Values.Describe()
	}
	return fmt.Sprintf("Scan(table=[%s], connector=[%s]%s, fields=[%s]%s)",
		s.Table.Name, s.Factory.Identifier(), describeOptions(s.Table.Options), strings.Join(s.Schema().Names(), ", "), describeHint(s.Table.Hint))
}

// Filter keeps the rows for which Cond is TRUE.
type Filter struct {
	Input Node
	Cond  expr.Expr
}

func (f *Filter) Schema() types.Schema { return f.Input.Schema() }
func (f *Filter) Inputs() []Node       { return []Node{f.Input} }
func (f *Filter) Describe() string     { return fmt.Sprintf("Filter(condition=[%s])", f.Cond) }

// Project computes the output columns.
type Project struct {
	Input Node
	Exprs []expr.Expr
	Names []string
}

func (p *Project) Schema() types.Schema {
	s := make(types.Schema, len(p.Exprs))
	for i, e := range p.Exprs {
		s[i] = types.Column{Name: p.Names[i], Type: e.Type()}
	}
	return s
}
func (p *Project) Inputs() []Node { return []Node{p.Input} }
func (p *Project) Describe() string {
	parts := make([]string, len(p.Exprs))
	for i, e := range p.Exprs {
		parts[i] = e.String()
		if p.Names[i] != e.String() {
			parts[i] += " AS " + p.Names[i]
		}
	}
	return fmt.Sprintf("Calc(select=[%s])", strings.Join(parts, ", "))
}

// Join is a regular (non-windowed) inner join: both inputs are kept in
// state keyed by the equality keys; Residual is evaluated on each pair.
type Join struct {
	Left, Right Node
	// LeftKeys[i] = RightKeys[i] are the equality keys (field positions).
	LeftKeys, RightKeys []int
	// KeyText renders the keys for EXPLAIN ("l.account_id = r.account_id").
	KeyText []string
	// Residual is evaluated on the concatenated row (left fields then right); nil = TRUE.
	Residual expr.Expr
	// LeftTTL and RightTTL are the STATE_TTL hint's TTL for each input's
	// state; nil where no hint names the input ('table.exec.state.ttl' then).
	LeftTTL, RightTTL *StateTTL
	// Hints are join hints that change nothing in a streaming regular join
	// (BROADCAST, LOOKUP, ...), as EXPLAIN shows them: "BROADCAST options:[RIGHT]".
	Hints []string
}

// StateTTL is a STATE_TTL hint's value for one join input.
type StateTTL struct {
	TTL time.Duration
	// Text is the value as written, which EXPLAIN shows as Flink does.
	Text string
}

func (j *Join) Schema() types.Schema {
	return append(append(types.Schema{}, j.Left.Schema()...), j.Right.Schema()...)
}
func (j *Join) Inputs() []Node { return []Node{j.Left, j.Right} }
func (j *Join) Describe() string {
	res := "TRUE"
	if j.Residual != nil {
		res = j.Residual.String()
	}
	keys := strings.Join(j.KeyText, " AND ")
	if keys == "" {
		keys = "none (every row shares one key)"
	}
	var hints string
	if len(j.Hints) > 0 {
		hints = ", joinHints=[[[" + strings.Join(j.Hints, "][") + "]]]"
	}
	if j.LeftTTL != nil || j.RightTTL != nil {
		var sides []string
		if j.LeftTTL != nil {
			sides = append(sides, "LEFT="+j.LeftTTL.Text)
		}
		if j.RightTTL != nil {
			sides = append(sides, "RIGHT="+j.RightTTL.Text)
		}
		hints += ", stateTtlHints=[[[STATE_TTL options:{" + strings.Join(sides, ", ") + "}]]]"
	}
	return fmt.Sprintf("Join(joinType=[InnerJoin], keys=[%s], residual=[%s]%s)", keys, res, hints)
}

// Sink writes rows to a table through its connector's sink.
type Sink struct {
	Input   Node
	Table   *TableDecl
	Factory connectors.SinkFactory
	Conn    connectors.Table
}

func (s *Sink) Schema() types.Schema { return s.Table.SinkSchema() }
func (s *Sink) Inputs() []Node       { return []Node{s.Input} }
func (s *Sink) Describe() string {
	return fmt.Sprintf("Sink(table=[%s], connector=[%s]%s, fields=[%s]%s)",
		s.Table.Name, s.Factory.Identifier(), describeOptions(s.Table.Options), strings.Join(s.Schema().Names(), ", "), describeHint(s.Table.Hint))
}

// describeOptions shows the options that say where data goes, never
// credentials: only an allow-list of keys is shown.
func describeOptions(opts map[string]string) string {
	var b strings.Builder
	for _, k := range []string{"topic", "topic-pattern", "path", "table-name", "format", "value.format", "key.format", "key.fields", "print-identifier"} {
		if v, ok := opts[k]; ok {
			fmt.Fprintf(&b, ", %s=[%s]", k, v)
		}
	}
	return b.String()
}

// Graph is a planned job.
type Graph struct {
	Sinks []*Sink
	// Scans are the distinct sources, in first-use order.
	Scans []*Scan
	// Settings are the SET options in force at the end of the script.
	Settings map[string]string
	// Notes are the hints that were accepted but change nothing, with why
	// ("job.sql:3:12: BROADCAST(f): ..."); EXPLAIN lists them.
	Notes []string
}

// Explain renders the graph as a tree per sink, Flink-style. A node used by
// several sinks is printed once and referenced afterwards.
func (g *Graph) Explain() string {
	var b strings.Builder
	b.WriteString("== Sluice Plan ==\n")
	ids := map[Node]int{}
	uses := map[Node]int{}
	var count func(n Node)
	count = func(n Node) {
		uses[n]++
		if uses[n] == 1 {
			for _, in := range n.Inputs() {
				count(in)
			}
		}
	}
	for _, s := range g.Sinks {
		count(s)
	}
	next := 1
	var walk func(n Node, prefix, childPrefix string)
	walk = func(n Node, prefix, childPrefix string) {
		if id, ok := ids[n]; ok {
			fmt.Fprintf(&b, "%sReused(reference_id=[%d])\n", prefix, id)
			return
		}
		line := n.Describe()
		if uses[n] > 1 {
			ids[n] = next
			line = fmt.Sprintf("[%d]:%s", next, line)
			next++
		}
		b.WriteString(prefix + line + "\n")
		ins := n.Inputs()
		for i, in := range ins {
			if i == len(ins)-1 {
				walk(in, childPrefix+"+- ", childPrefix+"   ")
			} else {
				walk(in, childPrefix+":- ", childPrefix+":  ")
			}
		}
	}
	for i, s := range g.Sinks {
		if i > 0 {
			b.WriteString("\n")
		}
		walk(s, "", "")
	}
	if len(g.Notes) > 0 {
		b.WriteString("\n== Hints not applied ==\n")
		for _, n := range g.Notes {
			b.WriteString(n + "\n")
		}
	}
	return b.String()
}
