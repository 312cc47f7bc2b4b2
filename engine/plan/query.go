package plan

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql"
)

// relation is one FROM item: a table, view or sub-query under an alias.
type relation struct {
	alias string
	node  Node
	// at is where the FROM item is written, for errors.
	at sql.Pos
}

// queryCtx is what compiling one SELECT needs.
type queryCtx struct {
	st     *planning
	locate func(parts ...string) sql.Pos
	pos    sql.Pos
	// hints are the hints of the statement text the SELECT is part of.
	hints *hintScope
}

func (qc *queryCtx) errAt(pos sql.Pos, format string, args ...any) error {
	return errorf(pos, format, args...)
}

// query plans a SELECT statement of a statement text whose hints are hs.
func (st *planning) query(stmt sqlparser.SelectStatement, locate func(...string) sql.Pos, pos sql.Pos, hs *hintScope) (Node, error) {
	qc := &queryCtx{st: st, locate: locate, pos: pos, hints: hs}
	// The SELECTs are counted in text order, as sql.Hint.Nth is: this one
	// before those of its sub-queries.
	block := st.selectHints(hs.nextSelect())
	for {
		p, ok := stmt.(*sqlparser.ParenSelect)
		if !ok {
			break
		}
		stmt = p.Select
	}
	sel, ok := stmt.(*sqlparser.Select)
	if !ok {
		what := fmt.Sprintf("%T", stmt)
		if u, ok := stmt.(*sqlparser.Union); ok {
			what = strings.ToUpper(u.Type)
		}
		return nil, qc.errAt(pos, "%s is not supported by Sluice yet (only SELECT … FROM … [JOIN …] [WHERE …])", what)
	}
	if err := qc.rejectUnsupported(sel); err != nil {
		return nil, err
	}
	rels, conds, err := qc.from(sel.From)
	if err != nil {
		return nil, err
	}
	if sel.Where != nil {
		conds = append(conds, conjuncts(sel.Where.Expr)...)
	}
	node, sc, err := qc.joinAll(rels, conds, block)
	if err != nil {
		return nil, err
	}
	if err := block.finish(); err != nil {
		return nil, err
	}
	return qc.project(sel.SelectExprs, node, sc)
}

func (qc *queryCtx) rejectUnsupported(sel *sqlparser.Select) error {
	unsupported := func(what string) error {
		return qc.errAt(qc.pos, "%s is not supported by Sluice yet: the supported queries are projections, WHERE filters and inner joins over insert-only tables", what)
	}
	switch {
	case sel.Distinct != "":
		return unsupported("SELECT DISTINCT")
	case len(sel.GroupBy) > 0:
		return unsupported("GROUP BY")
	case sel.Having != nil:
		return unsupported("HAVING")
	case len(sel.OrderBy) > 0:
		return unsupported("ORDER BY")
	case sel.Limit != nil:
		return unsupported("LIMIT")
	case sel.Lock != "":
		return unsupported("FOR UPDATE")
	}
	return nil
}

// conjuncts splits a predicate on AND.
func conjuncts(e sqlparser.Expr) []sqlparser.Expr { return sql.Operands(e, true) }

// from flattens the FROM clause of inner joins into relations and the
// conjuncts of their ON conditions. For inner joins ON and WHERE mean the
// same, so the planner is free to place each conjunct where it is cheapest.
func (qc *queryCtx) from(items sqlparser.TableExprs) ([]relation, []sqlparser.Expr, error) {
	var rels []relation
	var conds []sqlparser.Expr
	var walk func(te sqlparser.TableExpr) error
	walk = func(te sqlparser.TableExpr) error {
		switch te := te.(type) {
		case *sqlparser.AliasedTableExpr:
			r, err := qc.relation(te)
			if err != nil {
				return err
			}
			for _, prev := range rels {
				if prev.alias == r.alias {
					return qc.errAt(r.at, "Duplicate relation name '%s' in FROM clause", r.alias)
				}
			}
			rels = append(rels, r)
		case *sqlparser.ParenTableExpr:
			for _, e := range te.Exprs {
				if err := walk(e); err != nil {
					return err
				}
			}
		case *sqlparser.JoinTableExpr:
			switch te.Join {
			case sqlparser.JoinStr, sqlparser.StraightJoinStr:
			default:
				return qc.errAt(qc.locateTable(te.RightExpr), "%s is not supported by Sluice yet: only inner joins (JOIN … ON …) are", strings.ToUpper(te.Join))
			}
			if err := walk(te.LeftExpr); err != nil {
				return err
			}
			leftRels := append([]relation(nil), rels...)
			if err := walk(te.RightExpr); err != nil {
				return err
			}
			if te.Condition.On != nil {
				conds = append(conds, conjuncts(te.Condition.On)...)
			}
			for _, c := range te.Condition.Using {
				eq, err := qc.using(c.String(), leftRels, rels[len(leftRels):])
				if err != nil {
					return err
				}
				conds = append(conds, eq)
			}
		default:
			return qc.errAt(qc.pos, "unsupported FROM item %s", sql.ExprText(te))
		}
		return nil
	}
	for _, te := range items {
		if err := walk(te); err != nil {
			return nil, nil, err
		}
	}
	return rels, conds, nil
}

func (qc *queryCtx) locateTable(te sqlparser.TableExpr) sql.Pos {
	if a, ok := te.(*sqlparser.AliasedTableExpr); ok {
		if tn, ok := a.Expr.(sqlparser.TableName); ok {
			return qc.locate(tn.Name.String())
		}
	}
	return qc.pos
}

// using turns JOIN … USING (c) into left.c = right.c.
func (qc *queryCtx) using(col string, left, right []relation) (sqlparser.Expr, error) {
	find := func(rels []relation) (string, error) {
		found := ""
		for _, r := range rels {
			if r.node.Schema().Index(col) >= 0 {
				if found != "" {
					return "", qc.errAt(qc.locate(col), "Column '%s' is ambiguous in USING", col)
				}
				found = r.alias
			}
		}
		if found == "" {
			return "", qc.errAt(qc.locate(col), "Column '%s' in USING clause not found on both sides of the join", col)
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
	mk := func(q string) *sqlparser.ColName {
		return &sqlparser.ColName{Name: sqlparser.NewColIdent(col), Qualifier: sqlparser.TableName{Name: sqlparser.NewTableIdent(q)}}
	}
	return &sqlparser.ComparisonExpr{Operator: sqlparser.EqualStr, Left: mk(l), Right: mk(r)}, nil
}

// relation resolves one FROM item to a plan node.
func (qc *queryCtx) relation(te *sqlparser.AliasedTableExpr) (relation, error) {
	alias := te.As.String()
	switch src := te.Expr.(type) {
	case sqlparser.TableName:
		name := src.Name.String()
		at := qc.locate(name)
		if alias == "" {
			alias = name
		}
		// Table names are counted in text order, as sql.Hint.Nth is.
		hints := qc.hints.nextTable()
		if t, ok := qc.st.tables[name]; ok {
			opts, err := qc.st.tableOptions(hints, "a table name")
			if err != nil {
				return relation{}, err
			}
			n, err := qc.st.scan(t, at, opts)
			return relation{alias: alias, node: n, at: at}, err
		}
		if v, ok := qc.st.views[name]; ok {
			for _, h := range hints {
				if strings.EqualFold(h.Name, hintOptions) {
					return relation{}, qc.errAt(h.Pos, "View `%s` cannot be enriched with new options. Hints can only be applied to tables.", name)
				}
				qc.st.ignore(h, strings.ToUpper(h.Name)+" has no effect after a view name (Flink ignores it there too)")
			}
			if qc.st.expanding[name] {
				return relation{}, qc.errAt(at, "view `%s` refers to itself", name)
			}
			qc.st.expanding[name] = true
			defer delete(qc.st.expanding, name)
			// A view's query has its own hints; the query's do not reach into it.
			vh, err := newHintScope(v.Hints)
			if err != nil {
				return relation{}, err
			}
			n, err := qc.st.query(v.Query, v.Locate, v.Pos, vh)
			if err == nil {
				err = vh.done()
			}
			return relation{alias: alias, node: n, at: at}, err
		}
		return relation{}, qc.errAt(at, "Object '%s' not found%s", name, suggest(name, qc.st.tableNames()))
	case *sqlparser.Subquery:
		if alias == "" {
			return relation{}, qc.errAt(qc.pos, "a sub-query in FROM needs an alias")
		}
		n, err := qc.st.query(src.Select, qc.locate, qc.pos, qc.hints)
		return relation{alias: alias, node: n, at: qc.locate(alias)}, err
	}
	return relation{}, qc.errAt(qc.pos, "unsupported FROM item %s", sql.ExprText(te))
}

// scope is the row a compiled expression reads: relations side by side.
type scope struct {
	rels    []relation
	offsets []int
	// qualify shows columns as alias.column (when more than one relation).
	qualify bool
}

func newScope(rels []relation) *scope {
	sc := &scope{rels: rels, qualify: len(rels) > 1}
	off := 0
	for _, r := range rels {
		sc.offsets = append(sc.offsets, off)
		off += len(r.node.Schema())
	}
	return sc
}

// resolve finds a column: the relation index and the position in the scope's row.
func (qc *queryCtx) resolve(sc *scope, c *sqlparser.ColName) (rel, index int, col types.Column, err error) {
	name := c.Name.String()
	if q := c.Qualifier.Name.String(); q != "" {
		for ri, r := range sc.rels {
			if r.alias != q {
				continue
			}
			s := r.node.Schema()
			i := s.Index(name)
			if i < 0 {
				return 0, 0, col, qc.errAt(qc.locate(q, name), "Column '%s' not found in table '%s'%s", name, q, suggest(name, s.Names()))
			}
			return ri, sc.offsets[ri] + i, s[i], nil
		}
		var aliases []string
		for _, r := range sc.rels {
			aliases = append(aliases, r.alias)
		}
		return 0, 0, col, qc.errAt(qc.locate(q, name), "Table '%s' not found%s", q, suggest(q, aliases))
	}
	found := -1
	for ri, r := range sc.rels {
		s := r.node.Schema()
		if i := s.Index(name); i >= 0 {
			if found >= 0 {
				return 0, 0, col, qc.errAt(qc.locate(name), "Column '%s' is ambiguous", name)
			}
			found, index, col = ri, sc.offsets[ri]+i, s[i]
		}
	}
	if found < 0 {
		var all []string
		for _, r := range sc.rels {
			all = append(all, r.node.Schema().Names()...)
		}
		return 0, 0, col, qc.errAt(qc.locate(name), "Column '%s' not found in any table%s", name, suggest(name, all))
	}
	return found, index, col, nil
}

// refs returns the set of relations an expression reads (validating names).
func (qc *queryCtx) refs(sc *scope, e sqlparser.Expr) (map[int]bool, error) {
	set := map[int]bool{}
	var err error
	sql.WalkNodes(e, func(n sqlparser.SQLNode) bool {
		switch n := n.(type) {
		case *sqlparser.ColName:
			ri, _, _, rerr := qc.resolve(sc, n)
			if rerr != nil && err == nil {
				err = rerr
			}
			set[ri] = true
		case *sqlparser.Subquery:
			if err == nil {
				err = qc.errAt(qc.pos, "sub-queries in expressions are not supported by Sluice yet")
			}
			return false
		}
		return true
	})
	return set, err
}

// joinAll pushes single-relation conjuncts into their relation, then joins
// the relations left to right, using every conjunct that becomes evaluable:
// column = column across the two sides becomes a key, the rest the residual.
//
// hints are the SELECT's join hints; each join's inputs are named by their
// relation's alias (the first join's left one too), as Flink names them.
func (qc *queryCtx) joinAll(rels []relation, conds []sqlparser.Expr, hints *blockHints) (Node, *scope, error) {
	full := newScope(rels)
	type cond struct {
		e    sqlparser.Expr
		refs map[int]bool
		used bool
	}
	cs := make([]*cond, len(conds))
	for i, e := range conds {
		refs, err := qc.refs(full, e)
		if err != nil {
			return nil, nil, err
		}
		cs[i] = &cond{e: e, refs: refs}
	}
	// Filters on one relation go below the join.
	for ri := range rels {
		var preds []expr.Expr
		local := newScope(rels[ri : ri+1])
		local.qualify = full.qualify
		for _, c := range cs {
			if len(c.refs) == 1 && c.refs[ri] {
				p, err := qc.predicate(local, c.e)
				if err != nil {
					return nil, nil, err
				}
				preds = append(preds, p)
				c.used = true
			}
		}
		if len(preds) > 0 {
			rels[ri].node = qc.st.share(&Filter{Input: rels[ri].node, Cond: andOf(preds)})
		}
	}
	node := rels[0].node
	for i := 1; i < len(rels); i++ {
		acc := newScope(rels[:i+1])
		j := &Join{Left: node, Right: rels[i].node}
		var residual []expr.Expr
		for _, c := range cs {
			if c.used || !c.refs[i] || !within(c.refs, i) {
				continue
			}
			c.used = true
			if l, r, text, ok, err := qc.equiKey(acc, c.e, i); err != nil {
				return nil, nil, err
			} else if ok {
				j.LeftKeys = append(j.LeftKeys, l)
				j.RightKeys = append(j.RightKeys, r-acc.offsets[i])
				j.KeyText = append(j.KeyText, text)
				continue
			}
			p, err := qc.predicate(acc, c.e)
			if err != nil {
				return nil, nil, err
			}
			residual = append(residual, p)
		}
		if len(residual) > 0 {
			j.Residual = andOf(residual)
		}
		left := ""
		if i == 1 {
			left = rels[0].alias
		}
		hints.apply(j, left, rels[i].alias)
		node = qc.st.share(j)
	}
	// Whatever is left reads no column (e.g. 1 = 1): filter the result.
	var rest []expr.Expr
	for _, c := range cs {
		if !c.used {
			p, err := qc.predicate(full, c.e)
			if err != nil {
				return nil, nil, err
			}
			rest = append(rest, p)
		}
	}
	if len(rest) > 0 {
		node = qc.st.share(&Filter{Input: node, Cond: andOf(rest)})
	}
	return node, full, nil
}

// within reports whether every referenced relation is among the first n+1.
func within(refs map[int]bool, n int) bool {
	for r := range refs {
		if r > n {
			return false
		}
	}
	return true
}

func andOf(ps []expr.Expr) expr.Expr {
	if len(ps) == 1 {
		return ps[0]
	}
	return &expr.And{Args: ps}
}

// equiKey recognises left.col = right.col where right is relation i.
func (qc *queryCtx) equiKey(sc *scope, e sqlparser.Expr, i int) (left, right int, text string, ok bool, err error) {
	cmp, isCmp := stripParens(e).(*sqlparser.ComparisonExpr)
	if !isCmp || cmp.Operator != sqlparser.EqualStr {
		return 0, 0, "", false, nil
	}
	lc, lok := stripParens(cmp.Left).(*sqlparser.ColName)
	rc, rok := stripParens(cmp.Right).(*sqlparser.ColName)
	if !lok || !rok {
		return 0, 0, "", false, nil
	}
	lr, li, lcol, err := qc.resolve(sc, lc)
	if err != nil {
		return 0, 0, "", false, err
	}
	rr, ri, rcol, err := qc.resolve(sc, rc)
	if err != nil {
		return 0, 0, "", false, err
	}
	if lr == i && rr < i {
		lr, rr, li, ri, lcol, rcol, lc, rc = rr, lr, ri, li, rcol, lcol, rc, lc
	}
	if lr >= i || rr != i {
		return 0, 0, "", false, nil
	}
	if lcol.Type.Family() != rcol.Type.Family() {
		return 0, 0, "", false, qc.errAt(qc.colPos(lc), "Cannot apply '=' to arguments of type '<%s>, <%s>' in join key %s. Supported form(s): '<COMPARABLE_TYPE> = <COMPARABLE_TYPE>'",
			lcol.Type, rcol.Type, sql.ExprText(cmp))
	}
	text = sc.name(lr, lcol.Name) + " = " + sc.name(rr, rcol.Name)
	return li, ri, text, true, nil
}

func (sc *scope) name(rel int, col string) string {
	if sc.qualify {
		return sc.rels[rel].alias + "." + col
	}
	return col
}

func (qc *queryCtx) colPos(c *sqlparser.ColName) sql.Pos {
	if q := c.Qualifier.Name.String(); q != "" {
		return qc.locate(q, c.Name.String())
	}
	return qc.locate(c.Name.String())
}

func stripParens(e sqlparser.Expr) sqlparser.Expr {
	for {
		p, ok := e.(*sqlparser.ParenExpr)
		if !ok {
			return e
		}
		e = p.Expr
	}
}

// predicate compiles a boolean condition.
func (qc *queryCtx) predicate(sc *scope, e sqlparser.Expr) (expr.Expr, error) {
	p, err := qc.compile(sc, e)
	if err != nil {
		return nil, err
	}
	if k := p.Type().Kind; k != types.KindBoolean && k != types.KindNull {
		return nil, qc.errAt(qc.exprPos(e), "condition %s must be BOOLEAN, not %s", sql.ExprText(e), p.Type())
	}
	return p, nil
}

// exprPos is the position of the first column an expression names.
func (qc *queryCtx) exprPos(e sqlparser.Expr) sql.Pos {
	pos := qc.pos
	found := false
	sql.WalkNodes(e, func(n sqlparser.SQLNode) bool {
		if c, ok := n.(*sqlparser.ColName); ok && !found {
			pos, found = qc.colPos(c), true
		}
		return !found
	})
	return pos
}

// project compiles the SELECT list.
func (qc *queryCtx) project(items sqlparser.SelectExprs, input Node, sc *scope) (Node, error) {
	var exprs []expr.Expr
	var names []string
	for _, item := range items {
		switch item := item.(type) {
		case *sqlparser.StarExpr:
			q := item.TableName.Name.String()
			matched := false
			for ri, r := range sc.rels {
				if q != "" && r.alias != q {
					continue
				}
				matched = true
				for ci, c := range r.node.Schema() {
					exprs = append(exprs, &expr.Column{Index: sc.offsets[ri] + ci, Name: sc.name(ri, c.Name), T: c.Type})
					names = append(names, c.Name)
				}
			}
			if !matched {
				return nil, qc.errAt(qc.locate(q), "Table '%s' not found", q)
			}
		case *sqlparser.AliasedExpr:
			e, err := qc.compile(sc, item.Expr)
			if err != nil {
				return nil, err
			}
			name := item.As.String()
			if name == "" {
				if c, ok := stripParens(item.Expr).(*sqlparser.ColName); ok {
					name = c.Name.String()
				} else {
					name = fmt.Sprintf("EXPR$%d", len(exprs))
				}
			}
			exprs = append(exprs, e)
			names = append(names, name)
		default:
			return nil, qc.errAt(qc.pos, "unsupported select item %s", sql.ExprText(item))
		}
	}
	names = uniqueNames(names)
	// A projection that passes the input through unchanged is left out.
	in := input.Schema()
	if len(exprs) == len(in) {
		same := true
		for i, e := range exprs {
			if c, ok := e.(*expr.Column); !ok || c.Index != i || names[i] != in[i].Name {
				same = false
				break
			}
		}
		if same {
			return input, nil
		}
	}
	return qc.st.share(&Project{Input: input, Exprs: exprs, Names: names}), nil
}

// uniqueNames renames duplicates as Flink does: account_id, account_id0, account_id1…
func uniqueNames(names []string) []string {
	seen := map[string]bool{}
	out := make([]string, len(names))
	for i, n := range names {
		cand := n
		for k := 0; seen[cand]; k++ {
			cand = fmt.Sprintf("%s%d", n, k)
		}
		seen[cand] = true
		out[i] = cand
	}
	return out
}
