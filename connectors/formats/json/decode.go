package json

import (
	"errors"
	"fmt"

	"github.com/sluice-sql/sluice/connectors/formats"
	"github.com/sluice-sql/sluice/engine/types"
	"github.com/sluice-sql/sluice/internal/excerpt"
)

// DeserializeError is a record Flink's json format rejects. Its text is
// Flink's ("Failed to deserialize JSON '…'") followed by the cause, the
// record quoted up to excerpt.Record bytes; Field names the column whose
// value failed, when one did. It implements formats.RecordError.
type DeserializeError struct {
	Record []byte
	Field  string
	Err    error
}

func (e *DeserializeError) Error() string {
	return fmt.Sprintf("Failed to deserialize JSON '%s': %s", excerpt.Bytes(e.Record, excerpt.Record), e.Reason())
}

// Reason is the error without the record.
func (e *DeserializeError) Reason() string {
	if e.Field != "" {
		return fmt.Sprintf("Fail to deserialize at field: %s: %v", e.Field, e.Err)
	}
	return e.Err.Error()
}

// FailedField implements formats.RecordError.
func (e *DeserializeError) FailedField() string { return e.Field }

func (e *DeserializeError) Unwrap() error { return e.Err }

var _ formats.RecordError = (*DeserializeError)(nil)

// errMissingField is Flink's fail-on-missing-field error.
var errMissingField = errors.New("Some field is missing in the JSON data.")

type column struct {
	name      string
	key       []byte // `"name":` when the name needs no escaping, for the fast paths
	kind      types.Kind
	precision int
	scale     int
	typ       types.Type // the whole type, for the constructed kinds
}

// decoder implements formats.Decoder with the semantics of Flink's
// JsonParserRowDataDeserializationSchema (the default since Flink 1.18).
// It is not safe for concurrent use.
type decoder struct {
	cols          []column
	index         map[string]int
	failOnMissing bool
	ignoreErrors  bool
	iso           bool
	decimals      bool // the schema has a DECIMAL column (changes tree floats)

	sc   scanner
	tree treeBuilder
	tmp  []byte
	// Strings of one record are gathered in strBuf and turned into a single
	// Go string at the end: one allocation per record instead of one per
	// field. refs[i] says where field i's string is (end < 0: none).
	strBuf []byte
	refs   []strRef
	anyStr bool
	seen   []bool
	last   int // index of the previous field found, to guess the next name
	hint   int // column of the current name token when nextToken guessed it
	// fast is the fast path's plan (nil: no fast path for this schema);
	// noFast turns it off, so that tests can compare the two paths.
	fast   []fastCol
	noFast bool
	// noGuess turns nextToken's name guess off (tests compare).
	noGuess bool
	// fastMisses counts the records in a row the fast path gave up on,
	// fastSkipped those it was not tried on since (see tryFast).
	fastMisses, fastSkipped int
	// layout is the lead (fastCol.lead) that matched last: records of one
	// stream share their layout.
	layout int
	// tsMinute caches the fast timestamp parse of the last
	// "yyyy-MM-dd HH:mm" seen (a stream's timestamps share it for a while).
	tsMinute minuteCache
}

type strRef struct {
	start, end int
	set        bool
}

func newDecoder(schema types.Schema, o options) *decoder {
	d := &decoder{
		index:         make(map[string]int, len(schema)),
		failOnMissing: o.failOnMissing,
		ignoreErrors:  o.ignoreErrors,
		iso:           o.iso,
		refs:          make([]strRef, len(schema)),
		seen:          make([]bool, len(schema)),
	}
	for i, c := range schema {
		col := column{name: c.Name, kind: c.Type.Kind, precision: c.Type.Precision, scale: c.Type.Scale, typ: c.Type}
		if plainName(c.Name) {
			col.key = append(append(append([]byte{'"'}, c.Name...), '"'), ':')
		}
		d.cols = append(d.cols, col)
		d.index[c.Name] = i
		if hasDecimal(c.Type) {
			d.decimals = true
		}
	}
	d.fast = fastPlan(d.cols, d.iso)
	return d
}

// Decode implements formats.Decoder. An empty message is skipped, as Flink
// returns no row for it.
func (d *decoder) Decode(data []byte, dst []types.Value) (bool, error) {
	if len(data) == 0 {
		return false, nil
	}
	if d.fast != nil && !d.noFast && d.tryFast() {
		// decodeFast sets every column's ref (and refs of other columns
		// than strings are never set), so refs need no clearing here.
		d.strBuf, d.anyStr = d.strBuf[:0], false
		if d.decodeFast(data, dst) {
			d.fastMisses = 0
			d.finishStrings(dst)
			return true, nil
		}
		d.fastMisses++
	}
	// The general path, from the start (the fast path may have given up
	// half-way, having written some fields).
	clear(dst) // the zero Value is NULL
	d.strBuf, d.anyStr = d.strBuf[:0], false
	clear(d.refs)
	field, err := d.decodeRow(data, dst)
	if err != nil {
		if d.ignoreErrors {
			return false, nil
		}
		return false, &DeserializeError{Record: append([]byte(nil), data...), Field: field, Err: err}
	}
	d.finishStrings(dst)
	return true, nil
}

// tryFast tells whether to try the fast path on this record. A stream whose
// records the fast path keeps giving up on (another layout, escapes
// everywhere) would pay for it twice on each; after fastGiveUp misses in a
// row it is tried on one record in fastRetry only, until it succeeds again.
func (d *decoder) tryFast() bool {
	if d.fastMisses < fastGiveUp {
		return true
	}
	d.fastSkipped++
	return d.fastSkipped%fastRetry == 0
}

const fastGiveUp, fastRetry = 16, 64

// finishStrings turns the record's gathered strings into one Go string (the
// record's only allocation) and points the string fields into it.
func (d *decoder) finishStrings(dst []types.Value) {
	if !d.anyStr {
		return
	}
	all := string(d.strBuf)
	for i, r := range d.refs {
		if r.set && i < len(dst) {
			dst[i] = types.StringValue(all[r.start:r.end])
		}
	}
}

// decodeRow is Flink's row converter loop, quirks included: fields are
// matched by name; once as many fields were matched as the row has columns
// the rest is skipped; a value that fails under ignore-parse-errors becomes
// NULL and parsing goes on from wherever the parser stopped.
func (d *decoder) decodeRow(data []byte, dst []types.Value) (field string, err error) {
	s := &d.sc
	s.reset(data)
	if err := s.next(); err != nil {
		return "", err
	}
	if s.tok != tStartObject {
		return "", errNotObject
	}
	d.last, d.hint = -1, -1
	if err := d.nextToken(); err != nil {
		return "", err
	}
	arity, cnt := len(d.cols), 0
	if d.failOnMissing {
		clear(d.seen)
	}
	for s.tok != tEndObject {
		if s.tok == tEOF {
			return "", errEOF
		}
		if cnt >= arity {
			if err := d.skipToNextField(); err != nil {
				return "", err
			}
			continue
		}
		idx, err := d.lookup()
		if err != nil {
			return "", err
		}
		if err := s.next(); err != nil {
			return "", err
		}
		if idx < 0 {
			if err := d.skipToNextField(); err != nil {
				return "", err
			}
			continue
		}
		fieldErr, recErr := d.convert(idx, dst)
		if recErr != nil {
			return "", recErr
		}
		if fieldErr != nil {
			if !d.ignoreErrors {
				return fieldPath(d.cols[idx].name, fieldErr)
			}
			dst[idx], d.refs[idx].set = types.Null, false
		}
		cnt++
		d.seen[idx] = true
		d.last = idx
		if err := d.nextToken(); err != nil {
			return "", err
		}
	}
	if cnt < arity && d.failOnMissing {
		for i, ok := range d.seen {
			if !ok {
				return "", fmt.Errorf("%w (no value for field %s)", errMissingField, d.cols[i].name)
			}
		}
		return "", errMissingField
	}
	return "", nil
}

// nextToken is scanner.next with a fast path for the usual record: when the
// next bytes are `"<next column>":` (after '{' or ',', whitespace allowed
// around the ',' as json.dumps writes ", "), the name token is taken without
// scanning and looking it up. The result is the same as the slow path's:
// such a name has no escapes to decode, and the skipped bytes are exactly
// what next and name would have skipped.
func (d *decoder) nextToken() error {
	s := &d.sc
	d.hint = -1
	n := d.last + 1
	// A string left unread with bad contents fails the advance (next).
	if n < len(d.cols) && d.cols[n].key != nil && (s.state == stAfter || s.state == stNameOrEnd) &&
		!(s.tok == tString && s.badAt >= 0) && !d.noGuess {
		p := skipSpace(s.buf, s.pos)
		if s.state == stAfter {
			if p >= len(s.buf) || s.buf[p] != ',' || !s.stack[len(s.stack)-1] {
				return s.next()
			}
			p = skipSpace(s.buf, p+1)
		}
		key := d.cols[n].key
		if len(s.buf)-p >= len(key) && string(s.buf[p:p+len(key)]) == string(key) {
			s.tok, s.esc, s.badAt = tName, false, -1
			s.start, s.end = p+1, p+len(key)-2
			s.pos = p + len(key)
			s.state = stValue
			d.hint = n
			return nil
		}
	}
	return s.next()
}

// plainName reports whether a column name appears in JSON as itself.
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return false
		}
	}
	return true
}

// skipToNextField skips the current value (a whole container) and moves on.
func (d *decoder) skipToNextField() error {
	d.hint = -1
	if err := d.sc.skipChildren(); err != nil {
		return err
	}
	return d.sc.next()
}

// lookup returns the column named by the current token's text (normally a
// field name), or -1. The next column in schema order is tried first.
func (d *decoder) lookup() (int, error) {
	if d.hint >= 0 {
		return d.hint, nil
	}
	s := &d.sc
	if s.tok == tString && s.badAt >= 0 {
		return -1, errBadString
	}
	name := s.buf[s.start:s.end]
	if s.esc && (s.tok == tName || s.tok == tString) {
		d.tmp = unescape(d.tmp[:0], name)
		name = d.tmp
	}
	if n := d.last + 1; n < len(d.cols) && d.cols[n].name == string(name) {
		return n, nil
	}
	if i, ok := d.index[string(name)]; ok {
		return i, nil
	}
	return -1, nil
}

// text is Jackson's getText for the current token, for converters: reading
// an invalid string fails the field and resumes after the bad byte.
func (d *decoder) text() ([]byte, error) {
	s := &d.sc
	if s.tok == tString && s.badAt >= 0 {
		s.resumeAfterBadString()
		return nil, errBadString
	}
	if s.esc && (s.tok == tString || s.tok == tName) {
		d.tmp = unescape(d.tmp[:0], s.buf[s.start:s.end])
		return d.tmp, nil
	}
	return s.buf[s.start:s.end], nil
}
