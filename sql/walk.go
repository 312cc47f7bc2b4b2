package sql

import (
	"fmt"

	"github.com/xwb1989/sqlparser"
)

// MaxExprDepth bounds how deeply a query's expressions may nest (NOT NOT …,
// CASE in CASE, functions of functions). The planner and the evaluator
// recurse over expressions, and a Go stack overflow kills the process
// instead of failing the job, so deeper input is refused with an error.
// A chain of one operator (a OR b OR c …, a AND b AND …) counts as one
// level however long it is: those are flattened without recursion.
// sqlparser itself stops at 200 nested parentheses.
const MaxExprDepth = 1000

// children returns the direct children of n, in order. sqlparser's Walk
// recurses down the whole tree; visiting only the first level of it keeps
// every walk of ours iterative, so that a left-deep 40,000-term OR chain
// costs no stack.
func children(n sqlparser.SQLNode) []sqlparser.SQLNode {
	var out []sqlparser.SQLNode
	self := true
	_ = sqlparser.Walk(func(c sqlparser.SQLNode) (bool, error) {
		if self {
			self = false
			return true, nil
		}
		out = append(out, c)
		return false, nil
	}, n)
	return out
}

// WalkNodes visits n and every node under it in pre-order (a node before its
// children, children left to right) without recursion; visit returns false
// to skip a node's children.
func WalkNodes(n sqlparser.SQLNode, visit func(sqlparser.SQLNode) bool) {
	stack := []sqlparser.SQLNode{n}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if top == nil || !visit(top) {
			continue
		}
		kids := children(top)
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
}

// Operands splits e into the operands of its chain of ANDs (and true) or ORs
// (and false), looking through parentheses, left to right and without
// recursion. An expression that is not such a chain is its only operand.
func Operands(e sqlparser.Expr, and bool) []sqlparser.Expr {
	var out []sqlparser.Expr
	stack := []sqlparser.Expr{e}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if l, r, ok := logicalOperands(top, and); ok {
			stack = append(stack, r, l)
			continue
		}
		out = append(out, top)
	}
	return out
}

// logicalOperands returns the operands of e if it is an AND (and true) or
// an OR (and false), possibly in parentheses.
func logicalOperands(e sqlparser.Expr, and bool) (l, r sqlparser.Expr, ok bool) {
	for {
		p, isParen := e.(*sqlparser.ParenExpr)
		if !isParen {
			break
		}
		e = p.Expr
	}
	switch e := e.(type) {
	case *sqlparser.AndExpr:
		return e.Left, e.Right, and
	case *sqlparser.OrExpr:
		return e.Left, e.Right, !and
	}
	return nil, nil, false
}

// exprDepth is the nesting depth of n, counting a chain of one logical
// operator as one level (see MaxExprDepth). It stops counting past limit.
func exprDepth(n sqlparser.SQLNode, limit int) int {
	type item struct {
		n     sqlparser.SQLNode
		depth int
	}
	deepest := 0
	stack := []item{{n, 1}}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if top.n == nil {
			continue
		}
		deepest = max(deepest, top.depth)
		if deepest > limit {
			return deepest
		}
		_, and := top.n.(*sqlparser.AndExpr)
		_, or := top.n.(*sqlparser.OrExpr)
		for _, c := range children(top.n) {
			d := top.depth + 1
			_, cand := c.(*sqlparser.AndExpr)
			_, cor := c.(*sqlparser.OrExpr)
			if (and && cand) || (or && cor) {
				d = top.depth
			}
			stack = append(stack, item{c, d})
		}
	}
	return deepest
}

// maxShownNodes bounds the expressions ExprText renders in full: sqlparser
// renders recursively, and an error message needs no 40,000 terms.
const maxShownNodes = 200

// ExprText renders n as SQL for an error message, or, when n is larger than
// an error message should quote, a note of its size.
func ExprText(n sqlparser.SQLNode) string {
	count := 0
	WalkNodes(n, func(sqlparser.SQLNode) bool {
		count++
		return count <= maxShownNodes
	})
	if count > maxShownNodes {
		return fmt.Sprintf("(an expression of more than %d parts)", maxShownNodes)
	}
	return sqlparser.String(n)
}
