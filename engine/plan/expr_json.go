package plan

import (
	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// jsonValue compiles JSON_VALUE(x, path [RETURNING t]) with Flink's default
// behaviours (NULL ON EMPTY, NULL ON ERROR); other behaviours are not
// supported yet.
func (qc *queryCtx) jsonValue(sc *scope, e *syntax.JSONValue) (expr.Expr, error) {
	if err := qc.defaultBehaviors("JSON_VALUE", e.Behaviors); err != nil {
		return nil, err
	}
	doc, path, err := qc.pair(sc, e.X, e.Path)
	if err != nil {
		return nil, err
	}
	t := types.String
	if e.Returning != nil {
		if t, err = (typeReader{qc.st.src}).dataType(e.Returning); err != nil {
			return nil, err
		}
	}
	f, err := expr.NewJSONValue(doc, path, t)
	return f, qc.wrap(e, err)
}

// jsonQuery compiles JSON_QUERY(x, path) WITHOUT ARRAY WRAPPER, NULL ON EMPTY, NULL ON ERROR.
func (qc *queryCtx) jsonQuery(sc *scope, e *syntax.JSONQuery) (expr.Expr, error) {
	if err := qc.defaultBehaviors("JSON_QUERY", e.Behaviors); err != nil {
		return nil, err
	}
	if e.Wrapper != "" && e.Wrapper != "WITHOUT WRAPPER" && e.Wrapper != "WITHOUT ARRAY WRAPPER" {
		return nil, qc.errAt(e.Position(), "JSON_QUERY ... %s is not supported by Sluice yet", e.Wrapper)
	}
	if e.Returning != nil {
		return nil, qc.errAt(e.Returning.Position(), "JSON_QUERY ... RETURNING is not supported by Sluice yet")
	}
	doc, path, err := qc.pair(sc, e.X, e.Path)
	if err != nil {
		return nil, err
	}
	f, err := expr.NewJSONQuery(doc, path)
	return f, qc.wrap(e, err)
}

// defaultBehaviors accepts only the NULL ON EMPTY / NULL ON ERROR defaults.
func (qc *queryCtx) defaultBehaviors(fn string, bs []syntax.JSONBehavior) error {
	for _, b := range bs {
		if b.Kind != "NULL" {
			return qc.errAt(b.Position(), "%s ... %s ON %s is not supported by Sluice yet", fn, b.Kind, b.On)
		}
	}
	return nil
}

// jsonObject compiles JSON_OBJECT(KEY k VALUE v, ... [NULL|ABSENT ON NULL]).
func (qc *queryCtx) jsonObject(sc *scope, e *syntax.JSONObject) (expr.Expr, error) {
	if e.Agg {
		return nil, qc.unsupportedExpr(e)
	}
	keys := make([]expr.Expr, len(e.Entries))
	values := make([]expr.Expr, len(e.Entries))
	for i, en := range e.Entries {
		k, v, err := qc.pair(sc, en.Key, en.Value)
		if err != nil {
			return nil, err
		}
		keys[i], values[i] = k, v
	}
	f, err := expr.NewJSONObject(keys, values, e.OnNull == "ABSENT ON NULL")
	return f, qc.wrap(e, err)
}
