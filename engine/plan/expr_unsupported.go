package plan

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/sql/syntax"
)

// unsupportedExpr reports an expression Sluice cannot evaluate yet, naming
// the construct at its position.
func (qc *queryCtx) unsupportedExpr(e syntax.Expr) error {
	return qc.errAt(e.Position(), "%s is not supported by Sluice yet", constructName(e))
}

// exprConstructs names the expression kinds whose name needs no detail.
var exprConstructs = map[string]string{
	"*syntax.TypedLiteral": "a typed literal", "*syntax.IntervalLiteral": "INTERVAL",
	"*syntax.Param": "a ? parameter", "*syntax.Star": "* in an expression",
	"*syntax.Like": "LIKE", "*syntax.Exists": "EXISTS", "*syntax.Subquery": "a sub-query in an expression",
	"*syntax.Quantified": "a quantified comparison (SOME/ANY/ALL)", "*syntax.Case": "CASE",
	"*syntax.NamedArg": "a named argument", "*syntax.TimeUnit": "a time unit argument",
	"*syntax.Extract": "EXTRACT", "*syntax.Position": "POSITION", "*syntax.Trim": "TRIM",
	"*syntax.Substring": "SUBSTRING", "*syntax.Overlay": "OVERLAY", "*syntax.RowCtor": "ROW",
	"*syntax.ArrayCtor": "ARRAY", "*syntax.MapCtor": "MAP", "*syntax.FieldAccess": "field access",
	"*syntax.Index": "element access x[i]", "*syntax.Descriptor": "DESCRIPTOR",
	"*syntax.TableArg": "a table argument", "*syntax.GroupingSets": "GROUPING SETS",
	"*syntax.JSONValue": "JSON_VALUE", "*syntax.JSONQuery": "JSON_QUERY", "*syntax.JSONExists": "JSON_EXISTS",
}

// constructName names an expression's construct for an error message.
func constructName(e syntax.Expr) string {
	switch e := e.(type) {
	case *syntax.Cast:
		if e.Try {
			return "TRY_CAST"
		}
		return "CAST"
	case *syntax.Call:
		name := plainName(e.Name)
		if e.Over != nil || e.OverName != nil {
			return "an OVER window (" + name + "(...) OVER ...)"
		}
		return "function " + name
	case *syntax.Binary:
		return "the " + e.Op + " operator"
	case *syntax.Unary:
		if e.Op == "-" || e.Op == "+" {
			return "unary " + e.Op
		}
		return e.Op
	case *syntax.Literal:
		return string(e.Kind) + " literal"
	case *syntax.Is:
		return isText(e)
	case *syntax.Between:
		return "BETWEEN " + e.Symmetry
	case *syntax.FloorCeil:
		if e.Ceil {
			return "CEIL(... TO unit)"
		}
		return "FLOOR(... TO unit)"
	case *syntax.JSONObject:
		if e.Agg {
			return "JSON_OBJECTAGG"
		}
		return "JSON_OBJECT"
	case *syntax.JSONArray:
		if e.Agg {
			return "JSON_ARRAYAGG"
		}
		return "JSON_ARRAY"
	case *syntax.Like:
		if e.Op != "LIKE" {
			return e.Op
		}
	case *syntax.TypedLiteral:
		return e.Type + " literal"
	}
	if name, ok := exprConstructs[fmt.Sprintf("%T", e)]; ok {
		return name
	}
	return fmt.Sprintf("the expression %s", exprText(e))
}

// maxShownNodes bounds the expressions exprText renders in full: an error
// message needs no 40,000 terms.
const maxShownNodes = 200

// exprText renders e as SQL for an error message, or, when e is larger
// than an error message should quote, a note of its size.
func exprText(e syntax.Expr) string {
	count := 0
	syntax.Inspect(e, func(syntax.Node) bool {
		count++
		return count <= maxShownNodes
	})
	if count > maxShownNodes {
		return fmt.Sprintf("(an expression of more than %d parts)", maxShownNodes)
	}
	return syntax.Format(e)
}

// plainName is a name as written, without quotes, dotted if qualified.
func plainName(n syntax.Name) string {
	parts := make([]string, len(n))
	for i, id := range n {
		parts[i] = id.Name
	}
	return strings.Join(parts, ".")
}
