package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// cond is one conjunct of a SELECT's WHERE and ON conditions.
type cond struct {
	e    syntax.Expr
	refs map[int]bool
	used bool
}

// joinAll pushes single-relation conjuncts into their relation, then joins
// the relations left to right, using every conjunct that becomes evaluable:
// column = column across the two sides becomes a key, the rest the residual.
//
// hints are the SELECT's join hints; each join's inputs are named by their
// relation's alias (the first join's left one too), as Flink names them.
func (qc *queryCtx) joinAll(rels []relation, conds []syntax.Expr, hints *blockHints) (Node, *scope, error) {
	full := newScope(rels)
	cs := make([]*cond, len(conds))
	for i, e := range conds {
		refs, err := qc.refs(full, e)
		if err != nil {
			return nil, nil, err
		}
		cs[i] = &cond{e: e, refs: refs}
	}
	if err := qc.pushFilters(rels, cs, full.qualify); err != nil {
		return nil, nil, err
	}
	node := rels[0].node
	for i := 1; i < len(rels); i++ {
		j, err := qc.join(node, rels, i, cs)
		if err != nil {
			return nil, nil, err
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

// pushFilters puts the conditions on one relation below the joins.
func (qc *queryCtx) pushFilters(rels []relation, cs []*cond, qualify bool) error {
	for ri := range rels {
		var preds []expr.Expr
		local := newScope(rels[ri : ri+1])
		local.qualify = qualify
		for _, c := range cs {
			if len(c.refs) == 1 && c.refs[ri] {
				p, err := qc.predicate(local, c.e)
				if err != nil {
					return err
				}
				preds = append(preds, p)
				c.used = true
			}
		}
		if len(preds) > 0 {
			rels[ri].node = qc.st.share(&Filter{Input: rels[ri].node, Cond: andOf(preds)})
		}
	}
	return nil
}

// join joins node (the first i relations) with relation i, taking every
// condition that becomes evaluable: equalities as keys, the rest residual.
func (qc *queryCtx) join(node Node, rels []relation, i int, cs []*cond) (*Join, error) {
	acc := newScope(rels[:i+1])
	j := &Join{Left: node, Right: rels[i].node}
	var residual []expr.Expr
	for _, c := range cs {
		if c.used || !c.refs[i] || !within(c.refs, i) {
			continue
		}
		c.used = true
		if l, r, text, ok, err := qc.equiKey(acc, c.e, i); err != nil {
			return nil, err
		} else if ok {
			j.LeftKeys = append(j.LeftKeys, l)
			j.RightKeys = append(j.RightKeys, r-acc.offsets[i])
			j.KeyText = append(j.KeyText, text)
			continue
		}
		p, err := qc.predicate(acc, c.e)
		if err != nil {
			return nil, err
		}
		residual = append(residual, p)
	}
	if len(residual) > 0 {
		j.Residual = andOf(residual)
	}
	return j, nil
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
func (qc *queryCtx) equiKey(sc *scope, e syntax.Expr, i int) (left, right int, text string, ok bool, err error) {
	cmp, isCmp := e.(*syntax.Binary)
	if !isCmp || cmp.Op != "=" {
		return 0, 0, "", false, nil
	}
	lc, lok := cmp.L.(*syntax.ColumnRef)
	rc, rok := cmp.R.(*syntax.ColumnRef)
	if !lok || !rok || qc.isNestedRef(sc, lc) || qc.isNestedRef(sc, rc) {
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
		lr, rr, li, ri, lcol, rcol, lc = rr, lr, ri, li, rcol, lcol, rc
	}
	if lr >= i || rr != i {
		return 0, 0, "", false, nil
	}
	if lcol.Type.Family() != rcol.Type.Family() {
		return 0, 0, "", false, qc.errAt(lc.Position(), "Cannot apply '=' to arguments of type '<%s>, <%s>' in join key %s. Supported form(s): '<COMPARABLE_TYPE> = <COMPARABLE_TYPE>'",
			lcol.Type, rcol.Type, exprText(cmp))
	}
	text = sc.name(lr, lcol.Name) + " = " + sc.name(rr, rcol.Name)
	return li, ri, text, true, nil
}
