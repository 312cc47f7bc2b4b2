// Package formats defines how connectors turn bytes into rows and back
// ('format' = 'json' …), and the registry of formats.
package formats

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

// Decoder turns one serialized record into row fields.
type Decoder interface {
	// Decode fills dst (len(dst) == len(schema)) from data. It returns
	// ok=false, err=nil when the record is to be skipped (e.g. the format
	// ignores parse errors). Errors name the field concerned when there is one.
	Decode(data []byte, dst []types.Value) (ok bool, err error)
}

// RecordError is a decode error that can say what is wrong without quoting
// the record: a dead letter carries the record already, and a log line or
// a header quoting a megabyte record is a megabyte long.
type RecordError interface {
	error
	// Reason is the error without the record.
	Reason() string
	// FailedField names the column whose value failed; "" when the record
	// as a whole did (bad syntax).
	FailedField() string
}

// Reason is err's text without the record when err is (or wraps) a
// RecordError, else its text; either way at most excerpt.Text bytes.
func Reason(err error) string {
	var re RecordError
	if errors.As(err, &re) {
		return excerpt.String(re.Reason(), excerpt.Text)
	}
	return excerpt.String(err.Error(), excerpt.Text)
}

// FailedField is the field a RecordError names, or "".
func FailedField(err error) string {
	var re RecordError
	if errors.As(err, &re) {
		return re.FailedField()
	}
	return ""
}

// Encoder serializes row fields.
type Encoder interface {
	// Encode appends the serialized fields to dst.
	Encode(dst []byte, fields []types.Value) ([]byte, error)
}

// Factory builds decoders and encoders of one format for a schema.
type Factory interface {
	// Identifier is the format's name ('json').
	Identifier() string
	// Options lists the format's options without the format prefix
	// ('fail-on-missing-field' for 'json.fail-on-missing-field').
	Options() []string
	// NewDecoder builds a decoder; options are without the prefix.
	NewDecoder(schema types.Schema, options map[string]string) (Decoder, error)
	// NewEncoder builds an encoder; options are without the prefix.
	NewEncoder(schema types.Schema, options map[string]string) (Encoder, error)
}

// Registry maps format identifiers to factories.
type Registry struct {
	factories map[string]Factory
}

// NewRegistry returns a registry of the given formats.
func NewRegistry(fs ...Factory) *Registry {
	r := &Registry{factories: map[string]Factory{}}
	for _, f := range fs {
		r.factories[f.Identifier()] = f
	}
	return r
}

// Lookup returns the factory of a format identifier.
func (r *Registry) Lookup(identifier string) (Factory, error) {
	f, ok := r.factories[identifier]
	if !ok {
		ids := make([]string, 0, len(r.factories))
		for id := range r.factories {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return nil, fmt.Errorf("could not find any format factory for identifier '%s'; available format identifiers are:\n\n%s",
			identifier, strings.Join(ids, "\n"))
	}
	return f, nil
}

// Resolved is a format chosen by a table's options: the factory, the option
// keys it owns (fully prefixed, for validation) and its options without prefix.
type Resolved struct {
	Factory Factory
	// Keys are the fully prefixed option keys the format accepts, e.g.
	// "json.ignore-parse-errors" or "value.json.ignore-parse-errors".
	Keys []string
	// Options are the values given, keyed without prefix.
	Options map[string]string
}

// Resolve looks up the format named by options[formatKey] and collects its
// options. Flink prefixes format options with the format identifier, and with
// "key."/"value." when the format key is "key.format"/"value.format".
func (r *Registry) Resolve(options map[string]string, formatKey string) (*Resolved, error) {
	id, ok := options[formatKey]
	if !ok {
		return nil, nil
	}
	f, err := r.Lookup(id)
	if err != nil {
		return nil, err
	}
	prefix := strings.TrimSuffix(formatKey, "format") + id + "."
	res := &Resolved{Factory: f, Options: map[string]string{}}
	for _, o := range f.Options() {
		res.Keys = append(res.Keys, prefix+o)
		if v, ok := options[prefix+o]; ok {
			res.Options[o] = v
		}
	}
	return res, nil
}
