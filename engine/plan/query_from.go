package plan

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// relation is one FROM item: a table, view or sub-query under an alias.
type relation struct {
	alias string
	node  Node
	// at is where the FROM item is written, for errors.
	at syntax.Pos
}

// fromWalk flattens a FROM clause of inner joins.
type fromWalk struct {
	qc    *queryCtx
	rels  []relation
	conds []syntax.Expr
}

// from flattens the FROM clause of inner joins into relations and the
// conjuncts of their ON conditions. For inner joins ON and WHERE mean the
// same, so the planner is free to place each conjunct where it is cheapest.
func (qc *queryCtx) from(ref syntax.TableRef) ([]relation, []syntax.Expr, error) {
	w := &fromWalk{qc: qc}
	if err := w.walk(ref); err != nil {
		return nil, nil, err
	}
	return w.rels, w.conds, nil
}

func (w *fromWalk) walk(ref syntax.TableRef) error {
	switch ref := ref.(type) {
	case *syntax.TableName, *syntax.Derived:
		r, err := w.qc.relation(ref)
		if err != nil {
			return err
		}
		for _, prev := range w.rels {
			if prev.alias == r.alias {
				return w.qc.errAt(r.at, "Duplicate relation name '%s' in FROM clause", r.alias)
			}
		}
		w.rels = append(w.rels, r)
		return nil
	case *syntax.ParenTable:
		if ref.Alias != nil {
			return w.qc.errAt(ref.Alias.Position(), "an alias for a parenthesized join is not supported by Sluice yet")
		}
		return w.walk(ref.Table)
	case *syntax.Join:
		return w.join(ref)
	}
	return w.qc.unsupportedFromItem(ref)
}

// join adds an inner (or cross, or comma) join.
func (w *fromWalk) join(j *syntax.Join) error {
	switch {
	case j.Natural:
		return w.qc.errAt(j.R.Position(), "NATURAL JOIN is not supported by Sluice yet: only inner joins (JOIN … ON …) are")
	case j.Kind != "INNER" && j.Kind != "CROSS" && j.Kind != "COMMA":
		return w.qc.errAt(j.R.Position(), "%s JOIN is not supported by Sluice yet: only inner joins (JOIN … ON …) are", j.Kind)
	}
	if err := w.walk(j.L); err != nil {
		return err
	}
	left := len(w.rels)
	if err := w.walk(j.R); err != nil {
		return err
	}
	if j.On != nil {
		w.conds = append(w.conds, conjuncts(j.On)...)
	}
	for _, c := range j.Using {
		eq, err := w.qc.using(c, w.rels[:left], w.rels[left:])
		if err != nil {
			return err
		}
		w.conds = append(w.conds, eq)
	}
	return nil
}

// using turns JOIN … USING (c) into left.c = right.c.
func (qc *queryCtx) using(col syntax.Ident, left, right []relation) (syntax.Expr, error) {
	find := func(rels []relation) (string, error) {
		found := ""
		for _, r := range rels {
			if r.node.Schema().Index(col.Name) >= 0 {
				if found != "" {
					return "", qc.errAt(col.Position(), "Column '%s' is ambiguous in USING", col.Name)
				}
				found = r.alias
			}
		}
		if found == "" {
			return "", qc.errAt(col.Position(), "Column '%s' in USING clause not found on both sides of the join", col.Name)
		}
		return found, nil
	}
	l, err := find(left)
	if err != nil {
		return nil, err
	}
	r, err := find(right)
	if err != nil {
		return nil, err
	}
	ref := func(q string) *syntax.ColumnRef {
		qual := col
		qual.Name = q
		return &syntax.ColumnRef{Name: syntax.Name{qual, col}}
	}
	eq := &syntax.Binary{Op: "=", L: ref(l), R: ref(r)}
	eq.At = col.Position()
	eq.L.(*syntax.ColumnRef).At = col.Position()
	eq.R.(*syntax.ColumnRef).At = col.Position()
	return eq, nil
}

// relation resolves a table name or sub-query to a plan node.
func (qc *queryCtx) relation(ref syntax.TableRef) (relation, error) {
	switch ref := ref.(type) {
	case *syntax.TableName:
		return qc.tableRelation(ref)
	case *syntax.Derived:
		if ref.Lateral {
			return relation{}, qc.errAt(ref.Position(), "LATERAL sub-queries are not supported by Sluice yet")
		}
		n, err := qc.st.query(ref.Query)
		if ref.Alias == nil {
			// Flink (Calcite) accepts FROM (SELECT …) without an alias and
			// names it EXPR$n; its columns are then read unqualified.
			alias := fmt.Sprintf("EXPR$%d", qc.unaliased)
			qc.unaliased++
			return relation{alias: alias, node: n, at: ref.Position()}, err
		}
		if err == nil {
			n, err = qc.renameColumns(n, ref.Alias)
		}
		return relation{alias: ref.Alias.Name.Name, node: n, at: ref.Alias.Position()}, err
	}
	return relation{}, qc.unsupportedFromItem(ref)
}

// renameColumns applies a sub-query's column aliases, AS v(a, b).
func (qc *queryCtx) renameColumns(n Node, a *syntax.Alias) (Node, error) {
	if len(a.Columns) == 0 {
		return n, nil
	}
	s := n.Schema()
	if len(a.Columns) != len(s) {
		return nil, qc.errAt(a.Columns[0].Position(), "List of column aliases must have same degree as table; table has %d columns %s, whereas alias list has %d columns",
			len(s), schemaList(s), len(a.Columns))
	}
	exprs := make([]expr.Expr, len(s))
	names := make([]string, len(s))
	for i, c := range s {
		exprs[i] = &expr.Column{Index: i, Name: c.Name, T: c.Type}
		names[i] = a.Columns[i].Name
	}
	return qc.st.share(&Project{Input: n, Exprs: exprs, Names: names}), nil
}

func (qc *queryCtx) aliasColumns(a *syntax.Alias) error {
	if a != nil && len(a.Columns) > 0 {
		return qc.errAt(a.Columns[0].Position(), "column aliases in FROM (AS t(a, b)) are not supported by Sluice yet: alias the columns in a sub-query")
	}
	return nil
}

// tableRelation reads a table, or expands a view.
func (qc *queryCtx) tableRelation(tn *syntax.TableName) (relation, error) {
	name := tn.Name.Last().Name
	id := qc.st.cat.identifier(tn.Name)
	at := tn.Name.Position()
	if tn.SystemTime != nil {
		return relation{}, qc.errAt(tn.SystemTime.Position(), "FOR SYSTEM_TIME AS OF (temporal joins) is not supported by Sluice yet")
	}
	if err := qc.aliasColumns(tn.Alias); err != nil {
		return relation{}, err
	}
	alias := name
	if tn.Alias != nil {
		alias = tn.Alias.Name.Name
	}
	hints, err := qc.st.hintsOf(tn.Hints)
	if err != nil {
		return relation{}, err
	}
	if len(tn.Name) == 1 {
		if s := qc.st.ctes.lookup(name); s != nil {
			n, err := qc.cteRelation(s, hints)
			return relation{alias: alias, node: n, at: at}, err
		}
	}
	if t, ok := qc.st.cat.Tables[id]; ok {
		opts, err := qc.st.tableOptions(hints, "a table name")
		if err != nil {
			return relation{}, err
		}
		n, err := qc.st.scan(t, qc.st.src.At(at), opts)
		if err == nil {
			n, err = qc.declaredColumns(t, n)
		}
		return relation{alias: alias, node: n, at: at}, err
	}
	if v, ok := qc.st.cat.Views[id]; ok {
		n, err := qc.view(id, v, hints, at)
		return relation{alias: alias, node: n, at: at}, err
	}
	return relation{}, qc.errAt(at, "Object '%s' not found%s", plainName(tn.Name), suggest(name, qc.st.tableNames()))
}

// view plans a view's query; hints after a view's name change nothing.
func (qc *queryCtx) view(id string, v *ViewDecl, hints []hint, at syntax.Pos) (Node, error) {
	for _, h := range hints {
		if strings.EqualFold(h.Name, hintOptions) {
			return nil, errorf(h.Pos, "View `%s` cannot be enriched with new options. Hints can only be applied to tables.", v.Name)
		}
		qc.st.ignore(h, strings.ToUpper(h.Name)+" has no effect after a view name (Flink ignores it there too)")
	}
	if qc.st.expanding[id] {
		return nil, qc.errAt(at, "view `%s` refers to itself", v.Name)
	}
	qc.st.expanding[id] = true
	defer delete(qc.st.expanding, id)
	// The view's names resolve in the database it was created in, and
	// none of the WITH elements around the reference reach into it.
	outer, outerCTEs := qc.st.cat, qc.st.ctes
	inView := *outer
	inView.Current = v.Current
	qc.st.cat, qc.st.ctes = &inView, nil
	defer func() { qc.st.cat, qc.st.ctes = outer, outerCTEs }()
	if err := qc.st.checkHints(v.Query); err != nil {
		return nil, err
	}
	return qc.st.query(v.Query)
}

// unsupportedFromItem names a FROM item Sluice cannot read yet.
func (qc *queryCtx) unsupportedFromItem(ref syntax.TableRef) error {
	what := "this FROM item"
	switch ref.(type) {
	case *syntax.MatchRecognize:
		return qc.errAt(ref.Position(), "MATCH_RECOGNIZE is not supported yet")
	case *syntax.TableFunc:
		what = "TABLE(...) (table functions and window TVFs)"
	case *syntax.Unnest:
		what = "UNNEST"
	}
	return qc.errAt(ref.Position(), "%s is not supported by Sluice yet", what)
}
