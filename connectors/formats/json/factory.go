// Package json is Flink's 'json' format: one JSON object per record, read
// and written with the semantics of Flink 1.20's flink-json (JsonFormatFactory,
// JsonParserToRowDataConverters, RowDataToJsonConverters), including its
// option names, defaults, validation messages and value quirks. The
// scanner and writer are hand-written for speed: no reflection, and one
// allocation per decoded record for all its strings together. Records of the
// usual shape (every column, in schema order, with plain values) are read
// in one pass by the fast path of fast.go, which hands anything else over
// to the general decoder — so the general decoder alone defines the
// semantics, and tests compare the two.
package json

import (
	"fmt"
	"strings"

	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
)

// Option keys, without the 'json.' prefix.
const (
	OptFailOnMissingField   = "fail-on-missing-field"
	OptIgnoreParseErrors    = "ignore-parse-errors"
	OptTimestampStandard    = "timestamp-format.standard"
	OptMapNullKeyMode       = "map-null-key.mode"
	OptMapNullKeyLiteral    = "map-null-key.literal"
	OptEncodeDecimalPlain   = "encode.decimal-as-plain-number"
	OptEncodeIgnoreNullFlds = "encode.ignore-null-fields"
)

// Factory is the 'json' format.
//
// Flink 1.20 does not list 'decode.json-parser.enabled' among the format's
// options (JsonFormatFactory.optionalOptions), so a connector that checks
// its options (Kafka) rejects 'json.decode.json-parser.enabled'; Sluice does
// the same by not listing it.
type Factory struct{}

var _ formats.Factory = Factory{}

// Identifier implements formats.Factory.
func (Factory) Identifier() string { return "json" }

// Options implements formats.Factory.
func (Factory) Options() []string {
	return []string{
		OptFailOnMissingField, OptIgnoreParseErrors, OptTimestampStandard,
		OptMapNullKeyMode, OptMapNullKeyLiteral, OptEncodeDecimalPlain, OptEncodeIgnoreNullFlds,
	}
}

// NewDecoder implements formats.Factory.
func (Factory) NewDecoder(schema types.Schema, opts map[string]string) (formats.Decoder, error) {
	o, err := parseOptions(opts)
	if err != nil {
		return nil, err
	}
	// JsonFormatOptionsUtil.validateDecodingFormatOptions
	if o.failOnMissing && o.ignoreErrors {
		return nil, fmt.Errorf("%s and %s shouldn't both be true.", OptFailOnMissingField, OptIgnoreParseErrors)
	}
	if err := checkSchema(schema, "read"); err != nil {
		return nil, err
	}
	return newDecoder(schema, o), nil
}

// NewEncoder implements formats.Factory.
func (Factory) NewEncoder(schema types.Schema, opts map[string]string) (formats.Encoder, error) {
	o, err := parseOptions(opts)
	if err != nil {
		return nil, err
	}
	// JsonFormatOptionsUtil.validateEncodingFormatOptions
	if m, ok := opts[OptMapNullKeyMode]; ok {
		switch strings.ToUpper(m) {
		case "FAIL", "DROP", "LITERAL":
		default:
			return nil, fmt.Errorf("Unsupported value '%s' for option %s. Supported values are [LITERAL, FAIL, DROP].", m, OptMapNullKeyMode)
		}
	}
	if err := checkSchema(schema, "write"); err != nil {
		return nil, err
	}
	return newEncoder(schema, o), nil
}

type options struct {
	failOnMissing, ignoreErrors bool
	iso                         bool
	decimalPlain                bool
	ignoreNullFields            bool
	nullKeyMode                 string // upper case; FAIL by default
	nullKeyLiteral              string
}

// parseOptions reads the options both directions share. Flink type-checks
// every option of the format whichever direction is built.
func parseOptions(opts map[string]string) (options, error) {
	o := options{nullKeyMode: "FAIL", nullKeyLiteral: "null"}
	if m, ok := opts[OptMapNullKeyMode]; ok {
		o.nullKeyMode = strings.ToUpper(m)
	}
	if l, ok := opts[OptMapNullKeyLiteral]; ok {
		o.nullKeyLiteral = l
	}
	for _, b := range []struct {
		key string
		dst *bool
	}{
		{OptFailOnMissingField, &o.failOnMissing},
		{OptIgnoreParseErrors, &o.ignoreErrors},
		{OptEncodeDecimalPlain, &o.decimalPlain},
		{OptEncodeIgnoreNullFlds, &o.ignoreNullFields},
	} {
		v, ok := opts[b.key]
		if !ok {
			continue
		}
		switch strings.ToLower(v) {
		case "true":
			*b.dst = true
		case "false":
		default:
			return o, fmt.Errorf("Invalid value for option '%s': Could not parse value '%s' for key '%s': Unrecognized option for boolean: %s. Expected either true or false(case insensitive)", b.key, v, b.key, v)
		}
	}
	switch v := opts[OptTimestampStandard]; v {
	case "", "SQL":
		if _, set := opts[OptTimestampStandard]; set && v == "" {
			return o, fmt.Errorf("Unsupported value '' for %s. Supported values are [SQL, ISO-8601].", OptTimestampStandard)
		}
	case "ISO-8601":
		o.iso = true
	default: // case-sensitive in Flink: 'iso-8601' is rejected
		return o, fmt.Errorf("Unsupported value '%s' for %s. Supported values are [SQL, ISO-8601].", v, OptTimestampStandard)
	}
	return o, nil
}
