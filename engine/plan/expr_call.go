package plan

import (
	"strings"

	"github.com/sluice-sql/sluice/engine/expr"
	"github.com/sluice-sql/sluice/sql/syntax"
)

// aggregates are Flink's aggregate functions: a call of one in a
// projection needs GROUP BY or OVER, which Sluice does not run yet.
var aggregates = map[string]bool{
	"COUNT": true, "SUM": true, "SUM0": true, "AVG": true, "MIN": true, "MAX": true, "COLLECT": true,
	"LISTAGG": true, "FIRST_VALUE": true, "LAST_VALUE": true, "STDDEV_POP": true, "STDDEV_SAMP": true,
	"VAR_POP": true, "VAR_SAMP": true, "ARRAY_AGG": true, "ROW_NUMBER": true, "RANK": true, "DENSE_RANK": true,
}

// call compiles f(args): a built-in or registered function of the job's
// registry, or TIMESTAMPADD/TIMESTAMPDIFF with their time-unit argument.
func (qc *queryCtx) call(sc *scope, e *syntax.Call) (expr.Expr, error) {
	name := strings.ToUpper(e.Name[len(e.Name)-1].Name)
	switch {
	case e.Over != nil || e.OverName != nil:
		return nil, qc.unsupportedExpr(e)
	case aggregates[name]:
		return nil, qc.errAt(e.Position(), "aggregate function %s is not supported by Sluice yet", name)
	case e.Quantifier != "" || e.Filter != nil || len(e.WithinGroup) > 0 || e.NullTreatment != "":
		return nil, qc.errAt(e.Position(), "%s(...) with DISTINCT, FILTER, WITHIN GROUP or a NULL treatment is not supported by Sluice yet", name)
	case name == "TIMESTAMPADD" || name == "TIMESTAMPDIFF":
		return qc.timestampArith(sc, e, name)
	}
	for _, a := range e.Args {
		switch a.(type) {
		case *syntax.NamedArg, *syntax.TimeUnit, *syntax.Star, *syntax.Descriptor, *syntax.TableArg:
			return nil, qc.unsupportedExpr(a)
		}
	}
	args, err := qc.compileAll(sc, e.Args)
	if err != nil {
		return nil, err
	}
	f, err := qc.st.fns.Resolve(plainName(e.Name[len(e.Name)-1:]), args)
	return f, qc.wrap(e, err)
}

// timestampArith compiles TIMESTAMPADD(unit, n, t) and TIMESTAMPDIFF(unit, a, b).
func (qc *queryCtx) timestampArith(sc *scope, e *syntax.Call, name string) (expr.Expr, error) {
	if len(e.Args) != 3 {
		return nil, qc.errAt(e.Position(), "Invalid number of arguments to function '%s'. Was expecting 3 arguments", name)
	}
	unit, ok := e.Args[0].(*syntax.TimeUnit)
	if !ok {
		return nil, qc.errAt(e.Args[0].Position(), "%s needs a time unit (SECOND, MINUTE, DAY, ...) as its first argument", name)
	}
	a, b, err := qc.pair(sc, e.Args[1], e.Args[2])
	if err != nil {
		return nil, err
	}
	var f expr.Expr
	if name == "TIMESTAMPADD" {
		f, err = expr.NewTimestampAdd(unit.Unit, a, b)
	} else {
		f, err = expr.NewTimestampDiff(unit.Unit, a, b)
	}
	return f, qc.wrap(e, err)
}

// extract compiles EXTRACT(unit FROM x).
func (qc *queryCtx) extract(sc *scope, e *syntax.Extract) (expr.Expr, error) {
	x, err := qc.compile(sc, e.X)
	if err != nil {
		return nil, err
	}
	f, err := expr.NewExtract(e.Unit, x)
	return f, qc.wrap(e, err)
}

var trimModes = map[string]expr.TrimMode{"": expr.TrimBoth, "BOTH": expr.TrimBoth, "LEADING": expr.TrimLeading, "TRAILING": expr.TrimTrailing}

// trim compiles TRIM([BOTH|LEADING|TRAILING] [chars] FROM x).
func (qc *queryCtx) trim(sc *scope, e *syntax.Trim) (expr.Expr, error) {
	chars, err := qc.optional(sc, e.Chars)
	if err != nil {
		return nil, err
	}
	x, err := qc.compile(sc, e.X)
	if err != nil {
		return nil, err
	}
	f, err := expr.NewTrim(trimModes[strings.ToUpper(e.Where)], chars, x)
	return f, qc.wrap(e, err)
}

// substring compiles SUBSTRING(x FROM a [FOR b]) as SUBSTRING(x, a[, b]).
func (qc *queryCtx) substring(sc *scope, e *syntax.Substring) (expr.Expr, error) {
	return qc.resolveSpecial(sc, e, "SUBSTRING", e.X, e.From, e.For)
}

// position compiles POSITION(sub IN s [FROM start]).
func (qc *queryCtx) position(sc *scope, e *syntax.Position) (expr.Expr, error) {
	return qc.resolveSpecial(sc, e, "POSITION", e.Sub, e.In, e.From)
}

// resolveSpecial resolves a special-syntax call by name with its present
// arguments (a nil argument is one not written).
func (qc *queryCtx) resolveSpecial(sc *scope, e syntax.Expr, name string, parts ...syntax.Expr) (expr.Expr, error) {
	var written []syntax.Expr
	for _, p := range parts {
		if p != nil {
			written = append(written, p)
		}
	}
	args, err := qc.compileAll(sc, written)
	if err != nil {
		return nil, err
	}
	f, err := qc.st.fns.Resolve(name, args)
	return f, qc.wrap(e, err)
}

// floorCeil is FLOOR/CEIL(x TO unit), which the expression library does not have yet.
func (qc *queryCtx) floorCeil(_ *scope, e *syntax.FloorCeil) (expr.Expr, error) {
	return nil, qc.unsupportedExpr(e)
}
