package plan

import (
	"github.com/sluice-sql/sluice/sql/syntax"
)

// selectBlock plans SELECT … FROM … [WHERE …].
func (qc *queryCtx) selectBlock(sel *syntax.Select) (Node, error) {
	hints, err := qc.st.hintsOf(sel.Hints)
	if err != nil {
		return nil, err
	}
	block := qc.st.selectHints(hints)
	if err := qc.rejectUnsupported(sel); err != nil {
		return nil, err
	}
	rels, conds, err := qc.from(sel.From)
	if err != nil {
		return nil, err
	}
	if sel.Where != nil {
		conds = append(conds, conjuncts(sel.Where)...)
	}
	node, sc, err := qc.joinAll(rels, conds, block)
	if err != nil {
		return nil, err
	}
	if err := block.finish(); err != nil {
		return nil, err
	}
	return qc.project(sel.Items, node, sc)
}

func (qc *queryCtx) rejectUnsupported(sel *syntax.Select) error {
	switch {
	case sel.Quantifier == "DISTINCT":
		return qc.unsupportedClause(sel.Position(), "SELECT DISTINCT")
	case sel.GroupBy != nil:
		return qc.unsupportedClause(sel.GroupBy.Position(), "GROUP BY")
	case sel.Having != nil:
		return qc.unsupportedClause(sel.Having.Position(), "HAVING")
	case len(sel.Windows) > 0:
		return qc.unsupportedClause(sel.Windows[0].Position(), "WINDOW")
	case sel.From == nil:
		return qc.errAt(sel.Position(), "SELECT without FROM is not supported by Sluice yet")
	}
	return nil
}

// conjuncts splits a predicate on AND.
func conjuncts(e syntax.Expr) []syntax.Expr { return operands(e, "AND") }

// operands splits e into the operands of its chain of op (AND or OR), left
// to right and without recursion, so that a left-deep 40,000-term chain
// costs no stack. An expression that is not such a chain is its only operand.
func operands(e syntax.Expr, op string) []syntax.Expr {
	var out []syntax.Expr
	stack := []syntax.Expr{e}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b, ok := top.(*syntax.Binary); ok && b.Op == op {
			stack = append(stack, b.R, b.L)
			continue
		}
		out = append(out, top)
	}
	return out
}
