package sql

import (
	"strconv"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
)

// supportedTypes is listed in "unknown type" errors.
const supportedTypes = "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), " +
	"CHAR(n), VARCHAR(n), STRING, BYTES, VARBINARY(n), DATE, TIMESTAMP(p), TIMESTAMP_LTZ(p)"

// dataType reads a column type, including a trailing NOT NULL or NULL.
// Defaults and limits are Flink's, and so are the range error messages.
func (p *parser) dataType() (types.Type, Pos, error) {
	t := p.peek()
	if t.kind != tokWord {
		return types.Type{}, Pos{}, p.unexpected("a data type")
	}
	at := p.pos(t)
	typ, err := p.baseType()
	if err != nil {
		return types.Type{}, at, err
	}
	// Flink's postfix collection syntax, e.g. INT ARRAY.
	if n := p.peek(); n.is("ARRAY") || n.is("MULTISET") {
		return types.Type{}, at, p.errorAt(n, "type %s is not supported by Sluice", strings.ToUpper(n.text))
	}
	switch {
	case p.accept("NOT", "NULL"):
		typ.NotNull = true
	case p.accept("NULL"):
	}
	return typ, at, nil
}

// baseType reads the type name and its parameters.
func (p *parser) baseType() (types.Type, error) {
	nameTok := p.next()
	name := strings.ToUpper(nameTok.text)
	switch name {
	case "BOOLEAN":
		return types.Boolean, nil
	case "TINYINT":
		return types.TinyInt, nil
	case "SMALLINT":
		return types.SmallInt, nil
	case "INT", "INTEGER":
		return types.Int, nil
	case "BIGINT":
		return types.BigInt, nil
	case "FLOAT", "REAL":
		return types.Float, nil
	case "DOUBLE":
		p.accept("PRECISION")
		return types.Double, nil
	case "DATE":
		return types.Date, nil
	case "STRING":
		return types.String, nil
	case "BYTES":
		return types.Bytes, nil
	case "DECIMAL", "DEC", "NUMERIC":
		return p.decimalParams()
	case "VARCHAR", "CHAR", "CHARACTER", "VARBINARY":
		return p.lengthType(name)
	case "TIMESTAMP":
		return p.timestampType()
	case "TIMESTAMP_LTZ":
		prec, err := p.timestampPrecision("Timestamp with local time zone")
		return types.TimestampLTZType(prec), err
	case "TIME", "BINARY", "INTERVAL", "ARRAY", "MAP", "MULTISET", "ROW", "RAW", "VARIANT", "NULL", "DESCRIPTOR":
		return types.Type{}, p.errorAt(nameTok, "type %s is not supported by Sluice (supported types: %s)", name, supportedTypes)
	}
	return types.Type{}, p.errorAt(nameTok, "unknown type %s (supported types: %s)", nameTok.describe(), supportedTypes)
}

// decimalParams reads the optional (p[, s]) of DECIMAL; DECIMAL alone is DECIMAL(10, 0).
func (p *parser) decimalParams() (types.Type, error) {
	params, toks, err := p.typeParams(2)
	if err != nil {
		return types.Type{}, err
	}
	prec, scale := 10, 0
	if len(params) > 0 {
		prec = params[0]
	}
	if len(params) > 1 {
		scale = params[1]
	}
	if prec < 1 || prec > types.MaxDecimalPrecision {
		return types.Type{}, p.errorAt(toks[0], "Decimal precision must be between 1 and %d (both inclusive).", types.MaxDecimalPrecision)
	}
	if scale < 0 || scale > prec {
		return types.Type{}, p.errorAt(toks[1], "Decimal scale must be between 0 and the precision %d (both inclusive).", prec)
	}
	return types.DecimalType(prec, scale), nil
}

// lengthType reads CHAR, VARCHAR or VARBINARY with an optional (n); the
// default length is 1, as in Flink.
func (p *parser) lengthType(name string) (types.Type, error) {
	if name == "CHARACTER" && p.accept("VARYING") {
		name = "VARCHAR"
	}
	params, toks, err := p.typeParams(1)
	if err != nil {
		return types.Type{}, err
	}
	n := 1
	if len(params) > 0 {
		n = params[0]
	}
	what := "Character string"
	switch name {
	case "VARCHAR":
		what = "Variable character string"
	case "VARBINARY":
		what = "Variable binary string"
	}
	if n < 1 || n > types.MaxVarcharLength {
		return types.Type{}, p.errorAt(toks[0], "%s length must be between 1 and %d (both inclusive).", what, types.MaxVarcharLength)
	}
	switch name {
	case "VARCHAR":
		return types.Varchar(n), nil
	case "VARBINARY":
		return types.Bytes, nil
	}
	return types.Char(n), nil
}

// timestampType reads the rest of TIMESTAMP[(p)] [WITHOUT TIME ZONE | WITH LOCAL TIME ZONE].
func (p *parser) timestampType() (types.Type, error) {
	prec, err := p.timestampPrecision("Timestamp")
	if err != nil {
		return types.Type{}, err
	}
	switch {
	case p.accept("WITHOUT", "TIME", "ZONE"):
	case p.accept("WITH", "LOCAL", "TIME", "ZONE"):
		return types.TimestampLTZType(prec), nil
	case p.at("WITH", "TIME", "ZONE"):
		return types.Type{}, p.errorAt(p.peek(), "type TIMESTAMP WITH TIME ZONE is not supported (Flink does not support it either); use TIMESTAMP WITH LOCAL TIME ZONE")
	}
	return types.TimestampType(prec), nil
}

// timestampPrecision reads the optional (p) of a timestamp; the default is 6.
func (p *parser) timestampPrecision(what string) (int, error) {
	params, toks, err := p.typeParams(1)
	if err != nil || len(params) == 0 {
		return 6, err
	}
	if params[0] < 0 || params[0] > 9 {
		return 0, p.errorAt(toks[0], "%s precision must be between 0 and 9 (both inclusive).", what)
	}
	return params[0], nil
}

// typeParams reads an optional "(n[, m...])" of at most maxParams integers.
func (p *parser) typeParams(maxParams int) ([]int, []token, error) {
	if !p.accept("(") {
		return nil, nil, nil
	}
	var vals []int
	var toks []token
	for {
		t := p.peek()
		if t.kind != tokNumber {
			return nil, nil, p.unexpected("an integer")
		}
		n, err := strconv.Atoi(t.text)
		if err != nil {
			return nil, nil, p.errorAt(t, "type parameter %s is not a valid integer", t.text)
		}
		p.next()
		vals = append(vals, n)
		toks = append(toks, t)
		if len(vals) == maxParams || !p.accept(",") {
			break
		}
	}
	return vals, toks, p.expect(")")
}
